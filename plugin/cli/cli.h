// The parts the commands of parklayers share: exit statuses, the options several commands
// take (declared here once, with their help text), and what they print on stderr. Parsing
// and printing only: every rule is the core's.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "parklayers/gis/chinese_crs.h"
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
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

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

// Options several commands take, each declared once here.
void add_formats_option(CLI::App& command, std::vector<std::string>& names, const std::string& help);
void add_lang_option(CLI::App& command, std::string& name);
void add_source_crs_option(CLI::App& command, std::string& name);
void add_quiet_flag(CLI::App& command, bool& quiet);
void add_skip_invalid_flag(CLI::App& command, bool& skip);
// --a_srs, --encoding and (with_where) --where: how any OGR source is read (io/input.h).
void add_input_options(CLI::App& command, InputOptions& input, bool with_where = true);

// Their values, checked by the core's parsers; a bad one is a UsageError naming it.
std::vector<Format> formats_of(const std::vector<std::string>& names);
// --s_srs: GCJ02 or BD09, returned; any other CRS goes to input.assign_crs, as --a_srs.
std::optional<ChineseCrs> source_crs_of(const std::string& name, InputOptions& input);
Language language_of(const std::string& name);

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
Park load_park(const std::string& source, bool skip_invalid, const InputOptions& input = {});

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
