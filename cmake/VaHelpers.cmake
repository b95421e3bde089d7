# Shared compile settings and helpers for module libraries, tests, benchmarks and fuzzers.

add_library(va_warnings INTERFACE)
target_compile_options(va_warnings INTERFACE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                             -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(va_warnings INTERFACE -Wthread-safety)
endif()
# Asio without the deprecated interfaces; one definition set for every target (PCH compatibility).
target_compile_definitions(va_warnings INTERFACE BOOST_ASIO_NO_DEPRECATED
                                                 BOOST_ASIO_DISABLE_STD_ALIGNED_ALLOC)

if(VA_SANITIZE)
  add_compile_options(-fsanitize=${VA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${VA_SANITIZE})
endif()
if(VA_BUILD_FUZZ)
  # Instrument everything for coverage; the fuzz targets themselves add -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# va_add_module(NAME SOURCES ... DEPS ...): one static library per module under src/NAME,
# linking only the modules it may use (DESIGN.md), so a forbidden include fails to link.
function(va_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(va_${name} STATIC ${ARG_SOURCES})
  target_include_directories(va_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(va_${name} PUBLIC ${ARG_DEPS} PRIVATE va_warnings)
endfunction()

# va_add_unit_test(NAME SOURCES ... LIBS ...): a GoogleTest executable registered with CTest.
function(va_add_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main
                                        va_warnings)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE VA_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
                                             VA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# va_add_fuzzer(NAME SOURCE LIBS ... CORPUS dir): a libFuzzer target when VA_BUILD_FUZZ is on;
# otherwise a replay executable that runs every corpus file through the same entry point under
# CTest, so the corpus is exercised on every test run.
function(va_add_fuzzer name)
  cmake_parse_arguments(ARG "" "SOURCE;CORPUS" "LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCE})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} va_warnings)
  if(VA_BUILD_FUZZ)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
    if(VA_BUILD_TESTS AND ARG_CORPUS)
      add_test(NAME ${name}.corpus COMMAND ${name} ${ARG_CORPUS})
      set_tests_properties(${name}.corpus PROPERTIES LABELS fuzz)
    endif()
  endif()
endfunction()

# va_add_bench(NAME SOURCES ... LIBS ...): a Google Benchmark executable (not run by ctest).
function(va_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  if(VA_BUILD_BENCH)
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} benchmark::benchmark va_warnings)
  endif()
endfunction()
