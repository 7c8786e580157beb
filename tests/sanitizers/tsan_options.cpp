// SPDX-License-Identifier: GPL-2.0-or-later
// Default options of ThreadSanitizer, compiled into every program of a PARKLAYERS_TSAN build
// (tests and the parklayers program they run), so that `ctest` needs no environment.
// TSAN_OPTIONS still overrides them. A report exits 86, which no test expects.
#ifndef PARKLAYERS_TSAN_SUPPRESSIONS
#error "PARKLAYERS_TSAN_SUPPRESSIONS: the path of tests/sanitizers/tsan.supp"
#endif

extern "C" __attribute__((visibility("default"), used)) const char* __tsan_default_options() {
  return "halt_on_error=1:exitcode=86:second_deadlock_stack=1:suppressions=" PARKLAYERS_TSAN_SUPPRESSIONS;
}
