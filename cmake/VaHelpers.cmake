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

# va_module_include_root(NAME DIR): the include root through which module NAME's headers are
# reached, <build>/module_include/NAME/DIR -> src/DIR (a symlink), so `#include "sip/uri.h"`
# stays as written but resolves only in a target that was given sip's root. src/ itself is on
# no include path. Every root is recorded in the global property VA_MODULE_ROOTS.
function(va_module_include_root name dir)
  set(root ${CMAKE_BINARY_DIR}/module_include/${name})
  get_filename_component(parent ${root}/${dir} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  if(NOT IS_SYMLINK ${root}/${dir})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${dir} ${root}/${dir} SYMBOLIC)
  endif()
  set_property(GLOBAL PROPERTY VA_ROOT_${name} ${root})
  set_property(GLOBAL APPEND PROPERTY VA_MODULE_ROOTS ${root})
endfunction()

# va_add_module(NAME [DIR dir] SOURCES ... MODULES ... LIBS ...): one static library per module
# under src/DIR (default NAME). It sees its own headers, core's, and those of the MODULES
# DESIGN.md lets it use (scripts/check-layering holds the table and checks these lists); it
# shows its users only its own and core's, so an include of a module that is not in MODULES
# does not compile, even for a header-only type. LIBS: third-party libraries.
function(va_add_module name)
  cmake_parse_arguments(ARG "" "DIR" "SOURCES;MODULES;LIBS" ${ARGN})
  if(NOT ARG_DIR)
    set(ARG_DIR ${name})
  endif()
  add_library(va_${name} STATIC ${ARG_SOURCES})
  va_module_include_root(${name} ${ARG_DIR})
  get_property(root GLOBAL PROPERTY VA_ROOT_${name})
  target_include_directories(va_${name} PUBLIC ${root})
  foreach(module ${ARG_MODULES})
    if(module STREQUAL "core")
      # Every module may use core, and its users need core's usage requirements (spdlog...).
      target_link_libraries(va_${name} PUBLIC va_core)
    else()
      # PRIVATE: the module's users do not inherit this dependency's include root.
      target_link_libraries(va_${name} PRIVATE va_${module})
    endif()
  endforeach()
  target_link_libraries(va_${name} PUBLIC ${ARG_LIBS} PRIVATE va_warnings)
endfunction()

# va_add_unit_test(NAME SOURCES ... LIBS ...): a GoogleTest executable registered with CTest.
function(va_add_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main
                                        va_every_module va_warnings)
  # test_paths.h (VA_SOURCE_DIR, VA_SHARED_DIR) is generated: see tests/test_paths.h.in. The
  # shared tree sits beside the checkout, or beside the folder of a git worktree.
  if(NOT VA_SHARED_DIR)
    set(VA_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared")
    if(NOT EXISTS "${VA_SHARED_DIR}" AND EXISTS "${PROJECT_SOURCE_DIR}/../../shared")
      set(VA_SHARED_DIR "${PROJECT_SOURCE_DIR}/../../shared")
    endif()
  endif()
  configure_file(${PROJECT_SOURCE_DIR}/tests/test_paths.h.in
                 ${PROJECT_BINARY_DIR}/generated/test_paths.h @ONLY)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests
                                             ${PROJECT_BINARY_DIR}/generated)
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
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} va_every_module va_warnings)
  if(ARG_CORPUS)
    # tests/fuzz/CMakeLists.txt checks that every corpus folder is some target's CORPUS.
    set_property(GLOBAL APPEND PROPERTY VA_FUZZ_CORPORA ${ARG_CORPUS})
    set_property(GLOBAL APPEND PROPERTY VA_FUZZ_TARGETS "${name} ${ARG_CORPUS}")
  endif()
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
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} benchmark::benchmark va_every_module
                                          va_warnings)
  endif()
endfunction()
