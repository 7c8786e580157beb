// SPDX-License-Identifier: GPL-2.0-or-later
// The parts the commands of parklayers share: exit statuses and what they print on stderr.
// Their arguments are declared in the core (parklayers/command); parsing and printing only
// here: every rule is the core's.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "parklayers/command/values.h"
#include "parklayers/gis/error.h"
#include "parklayers/io/format.h"
#include "parklayers/io/input.h"
#include "parklayers/park/park.h"
#include "parklayers/park/report.h"

namespace parklayers::cli {

constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;  // a stated-figure check failed
constexpr int kExitBadInput = 2;     // bad input or usage
constexpr int kExitOutputFailed = 3; // the output could not be written

// A usage error found after parsing (a value CLI11 cannot judge): exit 2.
using command::UsageError;
using command::formats_of;
using command::language_of;
using command::source_crs_of;

// One command: its CLI11 subcommand, declared by add_*_command, and what runs it once the
// arguments are parsed. writes_output tells main whether an unexpected failure means the
// output could not be written (exit 3).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
  std::function<bool()> writes_output;
};

Command add_build_command(CLI::App& parklayers);
Command add_check_command(CLI::App& parklayers);
Command add_area_command(CLI::App& parklayers);
Command add_convert_command(CLI::App& parklayers);
Command add_report_command(CLI::App& parklayers);

// Features left out by --skip-invalid: a warning for each (the first 20), then their count.
class SkipWarnings {
 public:
  SkipWarnings() = default;
  ~SkipWarnings();
  SkipWarnings(const SkipWarnings&) = delete;
  SkipWarnings& operator=(const SkipWarnings&) = delete;
  void operator()(const Problem& skipped);

 private:
  size_t count_ = 0;
};

// Reads and checks a park source (with --a_srs and --encoding), warning of how its files were
// read and of the features --skip-invalid left out.
Park load_park(const SourceName& source, bool skip_invalid, const InputOptions& input = {});

int exit_for(const std::vector<Check>& checks);

// "parklayers: warning: ..." for each.
void print_warnings(const std::vector<Problem>& warnings);

// GDAL's progress bar (0...10...20...100 - done.), on stderr: GDALTermProgress writes to
// stdout, which may be a pipe of results.
class TermProgress {
 public:
  void operator()(double fraction);

 private:
  int last_ = -1;
};

}  // namespace parklayers::cli
