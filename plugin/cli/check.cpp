// `parklayers check`: a park source against its stated figures, or a layer of parcels (a
// land-parcel coordinate file) against the areas it states.
#include <iostream>
#include <memory>

#include "cli.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers::cli {
namespace {

struct CheckArgs {
  std::string source = bundled_park_path();
  bool json = false;
  bool skip_invalid = false;
  std::string lang = "en";
  std::string method;  // empty: planar for stated parcels, ellipsoidal for a park
  std::string layer;
  InputOptions input;
};

int run_stated_parcels(const CheckArgs& a, Language language, StatedParcelOptions options) {
  SkipWarnings skip_warnings;
  options.skip_invalid = a.skip_invalid;
  options.on_skipped = [&skip_warnings](const Problem& skipped) { skip_warnings(skipped); };
  options.on_warning = [](const Problem& warning) { print_warnings({warning}); };
  const StatedParcelChecks parcels = check_stated_parcels(a.source, options);
  const auto name_of = [&parcels](const std::string& subject) {
    const auto found = parcels.names.find(subject);
    return found != parcels.names.end() && !found->second.empty() ? found->second : subject.substr(subject.find(':') + 1);
  };
  std::cout << (a.json ? checks_json(parcels.checks) : check_table(parcels.checks, language, name_of));
  return exit_for(parcels.checks);
}

int run_check(const CheckArgs& a) {
  const Language language = language_of(a.lang);
  std::optional<AreaMethod> method;
  if (!a.method.empty()) {
    method = parse_area_method(a.method);
    if (!method) throw UsageError("--method takes planar or ellipsoidal, not '" + a.method + "'");
  }
  StatedParcelOptions parcels;
  parcels.layer = a.layer;
  parcels.input = a.input;
  parcels.method = method.value_or(AreaMethod::Planar);
  if (is_stated_parcel_source(a.source, parcels)) return run_stated_parcels(a, language, parcels);
  if (method && !park_checks_accept(*method)) {
    throw UsageError("--method planar is for a layer of parcels stating their areas (a coordinate file); a "
                     "park's stated figures are checked against ellipsoidal areas");
  }
  if (!a.input.where.empty()) {
    throw UsageError("--where selects parcels of a coordinate file; a park's layers refer to each other by "
                     "id, so select features before, with convert --where");
  }
  const Park park = load_park(a.source, a.skip_invalid, a.input);
  std::cout << (a.json ? checks_json(park.checks) : check_table(park.checks, language, park.source));
  return exit_for(park.checks);
}

}  // namespace

Command add_check_command(CLI::App& parklayers) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* check = parklayers.add_subcommand(
      "check",
      "Check a park source against its stated figures, or a land-parcel coordinate file (or\n"
      "any layer with a stated_area_ha field) against the areas it states, and print the\n"
      "result. Invalid geometries are refused unless --skip-invalid.");
  check->add_option("SOURCE", a->source,
                    "The park source folder (default: the bundled Anting park), or a coordinate file")
      ->type_name("");
  check->add_option("--layer", a->layer, "The layer of parcels to check (when the source has several)")
      ->type_name("NAME");
  check->add_option("--method", a->method,
                    "How the parcels' areas are measured: planar (the default for a coordinate file: on\n"
                    "its own Gauss-Kruger plane, as its 地块面积 were computed) or ellipsoidal (the\n"
                    "park's figures, and --method ellipsoidal on a coordinate file)")
      ->type_name("planar|ellipsoidal");
  check->add_flag("--json", a->json, "Print the checks as JSON");
  add_skip_invalid_flag(*check, a->skip_invalid);
  add_lang_option(*check, a->lang);
  add_input_options(*check, a->input);
  check->footer("Exit status: 0 all checks pass (or are incomplete), 1 a stated-figure check failed,\n"
                "2 bad input or usage.");
  return {check, [a] { return run_check(*a); }, [] { return false; }};
}

}  // namespace parklayers::cli
