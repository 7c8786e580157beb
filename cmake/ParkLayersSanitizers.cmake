# SPDX-License-Identifier: GPL-2.0-or-later
# Sanitizer and fuzzing builds.
# PARKLAYERS_SANITIZE: every target of ours with AddressSanitizer and UndefinedBehaviorSanitizer
#   (GCC or Clang); any report fails the run. GDAL, PROJ and GEOS come from Debian and are not
#   instrumented; known leaks inside them are suppressed by tests/sanitizers/lsan.supp.
# PARKLAYERS_FUZZ: the libFuzzer targets of tests/fuzz (needs Clang); implies the sanitizers and
#   instruments our code for coverage.
option(PARKLAYERS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(PARKLAYERS_FUZZ "Build the libFuzzer targets of tests/fuzz (needs Clang)" OFF)
# PARKLAYERS_TSAN: every target of ours with ThreadSanitizer, for the threaded code (the worker
#   pipelines of area and convert). GDAL, PROJ and GEOS are not instrumented: their own memory
#   accesses are not checked, but their locks are seen.
option(PARKLAYERS_TSAN "Build with ThreadSanitizer" OFF)
if(PARKLAYERS_TSAN AND (PARKLAYERS_SANITIZE OR PARKLAYERS_FUZZ))
  message(FATAL_ERROR "PARKLAYERS_TSAN cannot be combined with AddressSanitizer builds")
endif()
if(PARKLAYERS_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
  add_library(parklayers_sanitizer_options OBJECT "${PROJECT_SOURCE_DIR}/tests/sanitizers/tsan_options.cpp")
  target_compile_definitions(parklayers_sanitizer_options PRIVATE
    PARKLAYERS_TSAN_SUPPRESSIONS="${PROJECT_SOURCE_DIR}/tests/sanitizers/tsan.supp")
  link_libraries(parklayers_sanitizer_options)
endif()

if(PARKLAYERS_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PARKLAYERS_FUZZ needs Clang: configure with -DCMAKE_CXX_COMPILER=clang++")
endif()

if(PARKLAYERS_SANITIZE OR PARKLAYERS_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # GCC's -Wmaybe-uninitialized gives false positives under ASan (in libstdc++'s <regex>, say).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  # The sanitizers' default options (tests/sanitizers/options.cpp), linked into every target
  # defined after this point, so that plain `ctest` runs with them.
  add_library(parklayers_sanitizer_options OBJECT "${PROJECT_SOURCE_DIR}/tests/sanitizers/options.cpp")
  target_compile_definitions(parklayers_sanitizer_options PRIVATE
    PARKLAYERS_LSAN_SUPPRESSIONS="${PROJECT_SOURCE_DIR}/tests/sanitizers/lsan.supp")
  link_libraries(parklayers_sanitizer_options)
endif()
if(PARKLAYERS_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
