// parklayers: the command line of Park Layers. It parses arguments and prints; every rule
// lives in the core library.
//
// Exit codes: 0 done (all checks pass or are incomplete), 1 a stated-figure check failed,
// 2 bad input or usage.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "parklayers/error.h"
#include "parklayers/json.h"
#include "parklayers/layer_area.h"
#include "parklayers/park.h"
#include "parklayers/report.h"
#include "parklayers/source.h"
#include "parklayers/units.h"
#include "parklayers/version.h"
#include "parklayers/writer.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitBadInput = 2;

const char* const kUsage =
    "Usage: parklayers [--help] [--version] COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  build [SOURCE] [-o OUT] [--overwrite] [-q]\n"
    "      Check a park source and write its layers (parcels, buildings, roads, amenities,\n"
    "      tenants, area_checks, park_boundary) to OUT, a GeoPackage (default\n"
    "      anting_park.gpkg). SOURCE defaults to the bundled Anting park. Prints the checks.\n"
    "  check [SOURCE] [--json]\n"
    "      Check a park source against its stated figures and print the result.\n"
    "  area INPUT [--layer NAME] [-o OUT] [--overwrite] [--json]\n"
    "      Ellipsoidal area of every polygon feature of any OGR source; with -o, a copy of\n"
    "      the layer with area_m2, area_mu and area_ha added; with --json, the areas as JSON.\n"
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

int exit_for(const std::vector<parklayers::Check>& checks) {
  return parklayers::all_pass(checks) ? kExitOk : kExitCheckFailed;
}

int run_build(const std::vector<std::string>& args) {
  const Arguments a(args, {"--overwrite", "-q", "--quiet"}, {"-o", "--output"});
  const std::string source = a.positional(1, parklayers::bundled_park_path(), "sources");
  const std::string out = a.value("-o", a.value("--output", "anting_park.gpkg"));
  const parklayers::Park park = parklayers::load_park(source);
  parklayers::WriteOptions options;
  options.overwrite = a.flag("--overwrite");
  parklayers::write_park(park, out, options);
  if (!a.flag("-q") && !a.flag("--quiet")) {
    std::cout << parklayers::check_table(park.checks);
    std::cout << "Wrote " << out << " from " << source << "\n";
  }
  return exit_for(park.checks);
}

int run_check(const std::vector<std::string>& args) {
  const Arguments a(args, {"--json"}, {});
  const std::string source = a.positional(1, parklayers::bundled_park_path(), "sources");
  const parklayers::Park park = parklayers::load_park(source);
  std::cout << (a.flag("--json") ? parklayers::checks_json(park.checks)
                                 : parklayers::check_table(park.checks));
  return exit_for(park.checks);
}

int run_area(const std::vector<std::string>& args) {
  const Arguments a(args, {"--json", "--overwrite"}, {"--layer", "-o", "--output"});
  if (a.positionals().empty()) throw UsageError("area needs an INPUT");
  const std::string input = a.positional(1, "", "inputs");
  parklayers::LayerAreaOptions options;
  options.layer = a.value("--layer");
  options.output = a.value("-o", a.value("--output"));
  options.overwrite = a.flag("--overwrite");
  const bool json = a.flag("--json");
  if (!json && options.output.empty()) throw UsageError("area needs -o OUT, --json, or both");

  // The JSON is streamed as features are measured, so memory stays flat whatever the layer's
  // size. On bad input the error goes to stderr and the exit status is 2.
  bool first = true;
  const auto on_layer = [](const std::string& layer) {
    std::cout << "{\"layer\": " << parklayers::json_string(layer) << ", \"features\": [";
  };
  const auto on_feature = [&first](long long fid, std::optional<double> m2) {
    const auto in = [&m2](double (*convert)(double)) {
      return m2 ? std::optional<double>(convert(*m2)) : std::nullopt;
    };
    std::cout << (first ? "\n  " : ",\n  ") << "{\"fid\": " << fid
              << ", \"area_m2\": " << parklayers::json_number(m2)
              << ", \"area_mu\": " << parklayers::json_number(in(parklayers::m2_to_mu))
              << ", \"area_ha\": " << parklayers::json_number(in(parklayers::m2_to_ha)) << "}";
    first = false;
  };
  if (json) {
    parklayers::measure_layer(input, options, on_feature, on_layer);
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
