// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <iostream>

#include "cli.h"
#include "parklayers/park/source.h"

namespace parklayers::cli {

void SkipWarnings::operator()(const Problem& skipped) {
  if (++count_ <= 20) std::cerr << "parklayers: warning: skipped: " << skipped.to_string() << "\n";
}

SkipWarnings::~SkipWarnings() {
  if (count_ > 0) {
    std::cerr << "parklayers: warning: skipped " << count_ << " invalid feature" << (count_ == 1 ? "" : "s")
              << " (--skip-invalid)\n";
  }
}

Park load_park(const SourceName& source, bool skip_invalid, const InputOptions& input) {
  ReadOptions options;
  options.skip_invalid = skip_invalid;
  options.input = input;
  ParkSource read = read_park_source(source, options);
  print_warnings(read.warnings);
  {
    SkipWarnings warnings;  // printed before build_park, which may refuse what is left
    for (const Problem& problem : read.skipped) warnings(problem);
  }
  return build_park(std::move(read));
}

int exit_for(const std::vector<Check>& checks) { return all_pass(checks) ? kExitOk : kExitCheckFailed; }

void print_warnings(const std::vector<Problem>& warnings) {
  for (const Problem& warning : warnings) std::cerr << "parklayers: warning: " << warning.to_string() << "\n";
}

void TermProgress::operator()(double fraction) {
  const int tick = static_cast<int>(std::min(1.0, std::max(0.0, fraction)) * 40.0 + 1e-9);
  for (int t = last_ + 1; t <= tick; ++t) {
    if (t % 4 == 0) {
      std::cerr << t / 4 * 10;
    } else {
      std::cerr << '.';
    }
  }
  if (tick == 40 && last_ < 40) std::cerr << " - done.\n";
  last_ = std::max(last_, tick);
  std::cerr.flush();
}

}  // namespace parklayers::cli
