#include <algorithm>
#include <iostream>

#include "cli.h"
#include "parklayers/park/source.h"

namespace parklayers::cli {

void add_formats_option(CLI::App& command, std::vector<std::string>& names, const std::string& help) {
  // One value per -f, so that `-f GPKG INPUT` leaves INPUT an input.
  command.add_option("-f", names, help)->type_name("FORMAT")->allow_extra_args(false);
}

void add_lang_option(CLI::App& command, std::string& name) {
  command
      .add_option("--lang", name,
                  "The language of the check table: en (the default, so scripts reading it do not\n"
                  "depend on the user's locale) or zh, with each subject's Chinese name")
      ->type_name("en|zh");
}

void add_source_crs_option(CLI::App& command, std::string& name) {
  command
      .add_option("--s_srs", name,
                  "GCJ02 or BD09: the coordinates are lon/lat from a Chinese web map (Amap,\n"
                  "Tencent: GCJ-02; Baidu: BD-09), brought back to WGS 84. Or a CRS PROJ knows\n"
                  "(EPSG:2364), the source's CRS as --a_srs gives it. Without it the layer's own\n"
                  "CRS is used")
      ->type_name("GCJ02|BD09|CRS");
}

void add_quiet_flag(CLI::App& command, bool& quiet) {
  command.add_flag("-q,--quiet", quiet, "Print nothing but warnings and errors (no progress bar)");
}

void add_skip_invalid_flag(CLI::App& command, bool& skip) {
  command.add_flag("--skip-invalid", skip,
                   "Leave features with an invalid geometry out, with a warning for each and their\n"
                   "count on stderr, instead of refusing the source");
}

void add_input_options(CLI::App& command, InputOptions& input, bool with_where) {
  command
      .add_option("--a_srs", input.assign_crs,
                  "The CRS of a source that states none (a DXF, a CSV, a Shapefile without .prj), or\n"
                  "instead of a wrong one: EPSG:4549, anything PROJ knows")
      ->type_name("CRS");
  command
      .add_option("--encoding", input.encoding,
                  "The encoding of the texts of a Shapefile, CSV or DXF when its .cpg is missing or\n"
                  "wrong (GBK, say). Without it, texts that are not UTF-8 are read as GB18030")
      ->type_name("NAME");
  if (!with_where) return;
  command.add_option("--where", input.where, "Read only the features this OGR SQL condition selects")
      ->type_name("SQL");
}

std::vector<Format> formats_of(const std::vector<std::string>& names) {
  std::vector<Format> formats;
  for (const std::string& name : names) {
    const std::optional<Format> format = parse_format(name);
    if (!format) throw UsageError("unknown format '" + name + "'; use " + format_names());
    formats.push_back(*format);
  }
  return formats;
}

std::optional<ChineseCrs> source_crs_of(const std::string& name, InputOptions& input) {
  try {
    return apply_source_crs_option(name, input);
  } catch (const InputError& error) {
    throw UsageError(error.problems().empty() ? error.what() : error.problems().front().what);
  }
}

Language language_of(const std::string& name) {
  const std::optional<Language> language = parse_language(name);
  if (!language) throw UsageError("--lang takes en or zh, not '" + name + "'");
  return *language;
}

void SkipWarnings::operator()(const Problem& skipped) {
  if (++count_ <= 20) std::cerr << "parklayers: warning: skipped: " << skipped.to_string() << "\n";
}

SkipWarnings::~SkipWarnings() {
  if (count_ > 0) {
    std::cerr << "parklayers: warning: skipped " << count_ << " invalid feature" << (count_ == 1 ? "" : "s")
              << " (--skip-invalid)\n";
  }
}

Park load_park(const std::string& source, bool skip_invalid, const InputOptions& input) {
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
