// parklayers: the command line of Park Layers. It parses arguments and prints; every rule
// lives in the core library.
//
// Exit codes: 0 done (all checks pass or are incomplete), 1 a stated-figure check failed,
// 2 bad input or usage.
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/io/convert.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/json.h"
#include "parklayers/io/layer_area.h"
#include "parklayers/park/park.h"
#include "parklayers/park/report.h"
#include "parklayers/park/source.h"
#include "parklayers/park/styles.h"
#include "parklayers/gis/units.h"
#include "parklayers/gis/version.h"
#include "parklayers/park/writer.h"
#include "qgis_project.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitBadInput = 2;

const char* const kUsage =
    "Usage: parklayers [--help] [--version] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  build [SOURCE] [-o OUT] [-f FORMAT]... [--overwrite] [--skip-invalid] [-q] [--lang en|zh]\n"
    "        [--qgis-project | --no-qgis-project]\n"
    "      Check a park source and write its layers (parcels, buildings, roads, amenities,\n"
    "      tenants, area_checks, park_boundary) to OUT, a GeoPackage (default\n"
    "      anting_park.gpkg) with QGIS default styles. SOURCE defaults to the bundled Anting\n"
    "      park. Prints the checks. When parklayers-qgis-project (built with the QGIS plugin)\n"
    "      is next to parklayers or on PATH, it stores a laid-out QGIS project in OUT too;\n"
    "      --qgis-project requires that, --no-qgis-project skips it.\n"
    "      With -f, OUT is a folder (default .) and the park is written in each FORMAT there\n"
    "      as `convert` lays it out, named after SOURCE's folder (anting_park.gpkg, anting_park/).\n"
    "  convert INPUT... -o OUTDIR -f FORMAT [-f FORMAT]... [--t_srs CRS] [--s_srs GCJ02|BD09]\n"
    "          [--csv-wkt] [--overwrite] [-q]\n"
    "      Every layer of every INPUT (any OGR source) in every FORMAT, each input read once:\n"
    "      OUTDIR/STEM.gpkg (all layers, QGIS styles) and OUTDIR/STEM/LAYER.geojson|.shp|.fgb|\n"
    "      .csv|.kml (+ LAYER.qml styles). FORMAT: GPKG, GeoJSON, \"ESRI Shapefile\" (SHP),\n"
    "      FlatGeobuf, CSV, KML. CRS: EPSG:4326, EPSG:4490, EPSG:4549, anything PROJ knows,\n"
    "      or GCJ02/BD09. --s_srs GCJ02|BD09: the inputs are lon/lat from a Chinese web map,\n"
    "      brought back to WGS 84 (the output CRS unless --t_srs). Outputs appear only when\n"
    "      all are complete; existing ones are kept unless --overwrite. A progress bar goes to\n"
    "      stderr unless -q.\n"
    "  check [SOURCE] [--json] [--skip-invalid] [--lang en|zh]\n"
    "      Check a park source against its stated figures and print the result.\n"
    "      --lang zh (build too): the table in Chinese, with each subject's Chinese name.\n"
    "      Invalid geometries are refused; --skip-invalid leaves those features out instead,\n"
    "      with a warning for each and their count on stderr.\n"
    "  area INPUT [--layer NAME] [--s_srs GCJ02|BD09] [-o OUT] [--overwrite] [--json]\n"
    "       [--skip-invalid] [--no-gk]\n"
    "      Ellipsoidal area of every polygon feature of any OGR source; with -o, a copy of\n"
    "      the layer with area_m2, area_mu and area_ha added; with --json, the areas as JSON.\n"
    "      Beside it, the planar area in the feature's CGCS2000 3-degree Gauss-Kruger zone\n"
    "      (gk_area_m2, with its CRS in gk_crs); --no-gk leaves it out.\n"
    "      --s_srs GCJ02 or BD09: the coordinates are lon/lat from a Chinese web map (Amap,\n"
    "      Tencent: GCJ-02; Baidu: BD-09); they are brought back to WGS 84 to be measured.\n"
    "\n"
    "Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage.\n"
    "Areas are ellipsoidal (Karney 2013, PROJ geod_polygonarea); 1 mu = 10000/15 m2.\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Arguments of one command: positionals, flags and options with a value.
class Arguments {
 public:
  Arguments(std::vector<std::string> args, std::vector<std::string> flags,
            std::vector<std::string> valued)
      : flags_(std::move(flags)), valued_(std::move(valued)) {
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& arg = args[i];
      if (arg.size() > 1 && arg[0] == '-') {
        if (contains(flags_, arg)) {
          set_.push_back(arg);
        } else if (contains(valued_, arg)) {
          if (i + 1 >= args.size()) throw UsageError(arg + " needs a value");
          values_.emplace_back(arg, args[++i]);
        } else {
          throw UsageError("unknown option " + arg);
        }
      } else {
        positionals_.push_back(arg);
      }
    }
  }

  bool flag(const std::string& name) const { return contains(set_, name); }
  std::string value(const std::string& name, const std::string& fallback = "") const {
    for (const auto& [key, value] : values_) {
      if (key == name) return value;
    }
    return fallback;
  }
  // Every value of a repeatable option, in order.
  std::vector<std::string> values(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& [key, value] : values_) {
      if (key == name) out.push_back(value);
    }
    return out;
  }
  const std::vector<std::string>& positionals() const { return positionals_; }
  std::string positional(size_t max_count, const std::string& fallback, const char* what) const {
    if (positionals_.size() > max_count) throw UsageError(std::string("too many ") + what);
    return positionals_.empty() ? fallback : positionals_[0];
  }

 private:
  static bool contains(const std::vector<std::string>& list, const std::string& item) {
    for (const std::string& entry : list) {
      if (entry == item) return true;
    }
    return false;
  }
  std::vector<std::string> flags_, valued_, set_, positionals_;
  std::vector<std::pair<std::string, std::string>> values_;
};

// Features left out by --skip-invalid: a warning for each (the first 20), then their count.
class SkipWarnings {
 public:
  void operator()(const parklayers::Problem& skipped) {
    if (++count_ <= 20) std::cerr << "parklayers: warning: skipped: " << skipped.to_string() << "\n";
  }
  ~SkipWarnings() {
    if (count_ > 0) {
      std::cerr << "parklayers: warning: skipped " << count_ << " invalid feature"
                << (count_ == 1 ? "" : "s") << " (--skip-invalid)\n";
    }
  }
  SkipWarnings() = default;
  SkipWarnings(const SkipWarnings&) = delete;
  SkipWarnings& operator=(const SkipWarnings&) = delete;

 private:
  size_t count_ = 0;
};

void warn_skipped(const std::vector<parklayers::Problem>& skipped) {
  SkipWarnings warnings;
  for (const parklayers::Problem& problem : skipped) warnings(problem);
}

parklayers::Park load_park(const std::string& source, bool skip_invalid) {
  parklayers::ReadOptions options;
  options.skip_invalid = skip_invalid;
  parklayers::ParkSource read = parklayers::read_park_source(source, options);
  warn_skipped(read.skipped);  // before build_park, which may refuse what is left
  return parklayers::build_park(std::move(read));
}

int exit_for(const std::vector<parklayers::Check>& checks) {
  return parklayers::all_pass(checks) ? kExitOk : kExitCheckFailed;
}

// GDAL's progress bar (0...10...20...100 - done.), on stderr: GDALTermProgress writes to
// stdout, which may be a pipe of results.
class TermProgress {
 public:
  void operator()(double fraction) {
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

 private:
  int last_ = -1;
};

// -f FORMAT... (repeatable) to formats; a usage error names the bad one.
std::vector<parklayers::Format> formats_of(const Arguments& a) {
  std::vector<parklayers::Format> formats;
  for (const std::string& name : a.values("-f")) {
    const auto format = parklayers::parse_format(name);
    if (!format) throw UsageError("unknown format '" + name + "'; use " + parklayers::format_names());
    formats.push_back(*format);
  }
  return formats;
}

// --s_srs GCJ02|BD09 (area, convert): the inputs' lon/lat come from a Chinese web map.
std::optional<parklayers::ChineseCrs> declared_source_crs(const Arguments& a) {
  const std::string s_srs = a.value("--s_srs");
  if (s_srs.empty()) return std::nullopt;
  const std::optional<parklayers::ChineseCrs> crs = parklayers::parse_chinese_crs(s_srs);
  if (!crs) {
    throw UsageError("--s_srs takes GCJ02 or BD09 (without it the layer's own CRS is used), not '" + s_srs + "'");
  }
  return crs;
}

// --lang en|zh (build, check): the language of the check table; English by default, so that
// scripts reading the table do not depend on the user's locale.
parklayers::Language language_of(const Arguments& a) {
  const std::string name = a.value("--lang", "en");
  const std::optional<parklayers::Language> language = parklayers::parse_language(name);
  if (!language) throw UsageError("--lang takes en or zh, not '" + name + "'");
  return *language;
}

int run_build(const std::vector<std::string>& args) {
  const Arguments a(args, {"--overwrite", "-q", "--quiet", "--skip-invalid", "--qgis-project", "--no-qgis-project"},
                    {"-o", "--output", "-f", "--lang"});
  if (a.flag("--qgis-project") && a.flag("--no-qgis-project")) {
    throw UsageError("--qgis-project and --no-qgis-project exclude each other");
  }
  const std::string source = a.positional(1, parklayers::bundled_park_path(), "sources");
  const bool quiet = a.flag("-q") || a.flag("--quiet");
  const std::vector<parklayers::Format> formats = formats_of(a);
  const std::string out =
      a.value("-o", a.value("--output", formats.empty() ? "anting_park.gpkg" : "."));
  const parklayers::Language language = language_of(a);
  const parklayers::Park park = load_park(source, a.flag("--skip-invalid"));
  parklayers::cli::QgisProjectResult project;  // the QGIS project stored in a plain GeoPackage
  if (formats.empty()) {
    parklayers::WriteOptions options;
    options.overwrite = a.flag("--overwrite");
    parklayers::write_park(park, out, options);
    using parklayers::cli::QgisProjectMode;
    project = parklayers::cli::add_qgis_project(
        out, a.flag("--qgis-project") ? QgisProjectMode::Required
             : a.flag("--no-qgis-project") ? QgisProjectMode::Off
                                           : QgisProjectMode::Auto);
    if (project.outcome == parklayers::cli::QgisProjectResult::Outcome::Failed) {
      std::cerr << "parklayers: warning: " << project.message << "\n";
    }
  } else {
    parklayers::ConvertOptions options;
    options.formats = formats;
    options.overwrite = a.flag("--overwrite");
    TermProgress bar;
    if (!quiet) options.progress = [&bar](double done) { bar(done); };
    std::filesystem::path folder(source);
    if (folder.filename().empty()) folder = folder.parent_path();
    const parklayers::ConvertResult result =
        parklayers::convert_park(park, out, folder.filename().string() + "_park", options);
    for (const parklayers::Problem& warning : result.warnings) {
      std::cerr << "parklayers: warning: " << warning.to_string() << "\n";
    }
  }
  if (!a.flag("-q") && !a.flag("--quiet")) {
    std::cout << parklayers::check_table(park.checks, language, park.source);
    std::cout << "Wrote " << out << " from " << source << "\n";
    if (project.outcome == parklayers::cli::QgisProjectResult::Outcome::Written) {
      std::cout << project.message << "\n";
    } else if (project.outcome == parklayers::cli::QgisProjectResult::Outcome::ToolMissing) {
      std::cout << "Note: " << project.message << "\n";
    }
  }
  return exit_for(park.checks);
}

int run_convert(const std::vector<std::string>& args) {
  const Arguments a(args, {"--overwrite", "-q", "--quiet", "--csv-wkt"},
                    {"-o", "--output", "-f", "--t_srs", "--s_srs"});
  if (a.positionals().empty()) throw UsageError("convert needs at least one INPUT");
  parklayers::ConvertOptions options;
  options.formats = formats_of(a);
  if (options.formats.empty()) throw UsageError("convert needs -f FORMAT (repeat it for several)");
  const std::string outdir = a.value("-o", a.value("--output"));
  if (outdir.empty()) throw UsageError("convert needs -o OUTDIR");
  options.target_crs = a.value("--t_srs");
  options.source_crs = declared_source_crs(a);
  options.overwrite = a.flag("--overwrite");
  options.csv_wkt = a.flag("--csv-wkt");
  options.default_style = parklayers::default_style_for;
  const bool quiet = a.flag("-q") || a.flag("--quiet");
  TermProgress bar;
  if (!quiet) options.progress = [&bar](double done) { bar(done); };
  const parklayers::ConvertResult result = parklayers::convert(a.positionals(), outdir, options);
  for (const parklayers::Problem& warning : result.warnings) {
    std::cerr << "parklayers: warning: " << warning.to_string() << "\n";
  }
  if (!quiet) {
    for (const parklayers::ConvertedLayer& layer : result.layers) {
      std::cout << layer.input << ": " << layer.layer << ": " << layer.features << " features\n";
    }
    std::cout << "Wrote " << result.files.size() << " files in " << outdir << "\n";
  }
  return kExitOk;
}

int run_check(const std::vector<std::string>& args) {
  const Arguments a(args, {"--json", "--skip-invalid"}, {"--lang"});
  const std::string source = a.positional(1, parklayers::bundled_park_path(), "sources");
  const parklayers::Language language = language_of(a);
  const parklayers::Park park = load_park(source, a.flag("--skip-invalid"));
  std::cout << (a.flag("--json") ? parklayers::checks_json(park.checks)
                                 : parklayers::check_table(park.checks, language, park.source));
  return exit_for(park.checks);
}

int run_area(const std::vector<std::string>& args) {
  const Arguments a(args, {"--json", "--overwrite", "--skip-invalid", "--no-gk"},
                    {"--layer", "-o", "--output", "--s_srs"});
  if (a.positionals().empty()) throw UsageError("area needs an INPUT");
  const std::string input = a.positional(1, "", "inputs");
  parklayers::LayerAreaOptions options;
  options.layer = a.value("--layer");
  options.output = a.value("-o", a.value("--output"));
  options.overwrite = a.flag("--overwrite");
  options.gauss_kruger = !a.flag("--no-gk");
  SkipWarnings skip_warnings;
  options.skip_invalid = a.flag("--skip-invalid");
  options.on_skipped = [&skip_warnings](const parklayers::Problem& skipped) { skip_warnings(skipped); };
  options.declared_crs = declared_source_crs(a);
  const bool json = a.flag("--json");
  if (!json && options.output.empty()) throw UsageError("area needs -o OUT, --json, or both");

  // The JSON is streamed as features are measured, so memory stays flat whatever the layer's
  // size. On bad input the error goes to stderr and the exit status is 2.
  bool first = true;
  const auto on_layer = [](const std::string& layer) {
    std::cout << "{\"layer\": " << parklayers::json_string(layer) << ", \"features\": [";
  };
  const bool gk = options.gauss_kruger;
  std::string line;  // one feature's, reused
  const auto on_feature = [&first, &line, gk](const parklayers::MeasuredFeature& feature) {
    const std::optional<double>& m2 = feature.area_m2;
    line.assign(first ? "\n  {\"fid\": " : ",\n  {\"fid\": ");
    line += std::to_string(feature.fid);
    line += ", \"area_m2\": ";
    parklayers::append_json_number(line, m2);
    line += ", \"area_mu\": ";
    parklayers::append_json_number(line, m2 ? std::optional<double>(parklayers::m2_to_mu(*m2)) : std::nullopt);
    line += ", \"area_ha\": ";
    parklayers::append_json_number(line, m2 ? std::optional<double>(parklayers::m2_to_ha(*m2)) : std::nullopt);
    if (gk) {
      line += ", \"gk_area_m2\": ";
      parklayers::append_json_number(line, feature.gk_area_m2);
      line += ", \"gk_crs\": ";
      line += feature.gk_area_m2 ? parklayers::json_string(feature.gk_crs) : std::string("null");
    }
    line += '}';
    std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
    first = false;
  };
  if (json) {
    parklayers::measure_layer_features(input, options, on_feature, on_layer);
    std::cout << (first ? "]}" : "\n]}") << "\n";
  } else {
    parklayers::measure_layer(input, options, nullptr);
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitBadInput;
  }
  const std::string command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "parklayers " << parklayers::kVersion << "\n";
    return kExitOk;
  }
  args.erase(args.begin());
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return kExitOk;
    }
  }
  try {
    if (command == "build") return run_build(args);
    if (command == "check") return run_check(args);
    if (command == "area") return run_area(args);
    if (command == "convert") return run_convert(args);
    throw UsageError("unknown command '" + command + "'");
  } catch (const UsageError& error) {
    std::cerr << "parklayers: " << error.what() << "\n\n" << kUsage;
  } catch (const parklayers::InputError& error) {
    std::cerr << "parklayers: error: " << error.what() << "\n";
  } catch (const std::exception& error) {
    std::cerr << "parklayers: error: " << error.what() << "\n";
  }
  return kExitBadInput;
}
