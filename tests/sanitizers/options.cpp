// SPDX-License-Identifier: GPL-2.0-or-later
// Default options of AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer, compiled
// into every program of a PARKLAYERS_SANITIZE or PARKLAYERS_FUZZ build (tests, the parklayers
// program they run, the fuzz targets), so that `ctest` needs no environment. ASAN_OPTIONS,
// UBSAN_OPTIONS and LSAN_OPTIONS still override them. A sanitizer report exits 86, which no
// test expects.
#ifndef PARKLAYERS_LSAN_SUPPRESSIONS
#error "PARKLAYERS_LSAN_SUPPRESSIONS: the path of tests/sanitizers/lsan.supp"
#endif

#define PARKLAYERS_SANITIZER_HOOK extern "C" __attribute__((visibility("default"), used))

PARKLAYERS_SANITIZER_HOOK const char* __asan_default_options() {
  return "detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:"
         "check_initialization_order=1:strict_init_order=1:exitcode=86";
}

PARKLAYERS_SANITIZER_HOOK const char* __ubsan_default_options() {
  return "print_stacktrace=1:halt_on_error=1:exitcode=86";
}

PARKLAYERS_SANITIZER_HOOK const char* __lsan_default_options() {
  return "suppressions=" PARKLAYERS_LSAN_SUPPRESSIONS ":print_suppressions=0";
}
