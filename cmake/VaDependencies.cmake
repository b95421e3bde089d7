# Every third-party dependency, found once. All come from Debian 12 packages (scripts/setup).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json url)
find_package(OpenSSL 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
# c-ares (libc-ares-dev): asynchronous DNS queries for RFC 3263 on the SIP shards' event loops.
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
# libsrtp2 (libsrtp2-dev): SRTP/SRTCP (RFC 3711) for calls keyed by SDES; the reference
# implementation, used by baresip, Asterisk and FreeSWITCH alike.
pkg_check_modules(SRTP REQUIRED IMPORTED_TARGET libsrtp2)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)

if(VA_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(VA_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
