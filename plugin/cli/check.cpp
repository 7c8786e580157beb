// `parklayers check`: a park source against its stated figures, or a layer of parcels (a
// land-parcel coordinate file) against the areas it states.
#include <iostream>
#include <memory>

#include "cli.h"
#include "parklayers/park/check_output.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers::cli {
namespace {

struct CheckArgs {
  std::string source = bundled_park_path();
  bool json = false;
  bool skip_invalid = false;
  bool failed_only = false;
  bool overlaps = false;
  double overlap_tolerance = kDefaultOverlapToleranceM2;
  std::string lang = "en";
  std::string method;  // empty: planar for stated parcels (ellipsoidal for TBMJ), ellipsoidal for a park
  std::string layer;
  std::string stated;
  std::string unit;
  std::string id;
  InputOptions input;
};

// A layer's checks, printed as they are made: memory stays flat whatever the layer's size. On bad
// input the error goes to stderr and the exit status is 2.
int run_stated_parcels(const CheckArgs& a, Language language, StatedParcelOptions options) {
  SkipWarnings skip_warnings;
  options.skip_invalid = a.skip_invalid;
  options.on_skipped = [&skip_warnings](const Problem& skipped) { skip_warnings(skipped); };
  options.on_warning = [](const Problem& warning) { print_warnings({warning}); };
  std::unique_ptr<CheckJsonWriter> json;
  std::unique_ptr<CheckTableWriter> table;
  if (a.json) {
    json = std::make_unique<CheckJsonWriter>(std::cout);
  } else {
    table = std::make_unique<CheckTableWriter>(std::cout, language, CheckRows::Features);
  }
  const auto on_check = [&](const Check& check, const std::string& name) {
    if (a.failed_only && check.status != CheckStatus::Fail) return;
    if (json) {
      json->add(check);
    } else {
      table->add(check, name);
    }
  };
  const StatedParcelSummary summary = stream_stated_parcels(a.source, options, on_check);
  CheckCounts counts;
  counts.pass = summary.counts[0];
  counts.fail = summary.counts[1];
  counts.incomplete = summary.counts[2];
  if (json) {
    json->finish(counts);
  } else {
    table->finish(counts);
  }
  if (summary.unreadable > 0) {
    Problem warning = summary.first_unreadable;
    warning.what = std::to_string(summary.unreadable) + " stated area" + (summary.unreadable > 1 ? "s are" : " is") +
                   " not a number, so " + (summary.unreadable > 1 ? "their rows are" : "its row is") +
                   " incomplete; the first: " + warning.what;
    print_warnings({warning});
  }
  return counts.all_pass() ? kExitOk : kExitCheckFailed;
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
  parcels.method = method;
  parcels.stated_field = a.stated;
  parcels.id_field = a.id;
  parcels.overlaps = a.overlaps;
  parcels.overlap_tolerance_m2 = a.overlap_tolerance;
  if (!a.unit.empty()) {
    parcels.unit = parse_unit(a.unit);
    if (!parcels.unit || unit_dimension(*parcels.unit) != Dimension::Area) {
      throw UsageError("--unit takes m2, mu or ha, not '" + a.unit + "'");
    }
  }
  // What only a layer of parcels takes makes the source one.
  const bool layer_options = !a.unit.empty() || !a.id.empty() || a.overlaps;
  if (layer_options || is_stated_parcel_source(a.source, parcels)) return run_stated_parcels(a, language, parcels);
  if (method && !park_checks_accept(*method)) {
    throw UsageError("--method planar is for a layer of parcels stating their areas (a coordinate file); a "
                     "park's stated figures are checked against ellipsoidal areas");
  }
  if (!a.input.where.empty()) {
    throw UsageError("--where selects parcels of a coordinate file; a park's layers refer to each other by "
                     "id, so select features before, with convert --where");
  }
  const Park park = load_park(a.source, a.skip_invalid, a.input);
  CheckCounts counts;
  for (const Check& check : park.checks) counts.add(check.status);
  std::vector<Check> shown;
  for (const Check& check : park.checks) {
    if (!a.failed_only || check.status == CheckStatus::Fail) shown.push_back(check);
  }
  if (a.json) {
    CheckJsonWriter json(std::cout);
    for (const Check& check : shown) json.add(check);
    json.finish(counts);
  } else {
    CheckTableWriter table(std::cout, language, CheckRows::Figures,
                           [&](const std::string& subject) { return subject_name(subject, park.source, language); });
    for (const Check& check : shown) table.add(check);
    table.finish(counts);
  }
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
                    "The park source folder (default: the bundled Anting park), a coordinate file, or any\n"
                    "layer of parcels stating their areas (a district's land records)")
      ->type_name("");
  check->add_option("--layer", a->layer, "The layer of parcels to check (when the source has several)")
      ->type_name("NAME");
  check->add_option("--stated", a->stated,
                    "The field stating each parcel's area (default stated_area_ha; TBMJ for a 三调 layer):\n"
                    "text as written, or a number field, whose last digit sets the precision")
      ->type_name("FIELD");
  check->add_option("--unit", a->unit,
                    "The unit of the stated areas (default: from the field's name: _ha, _mu, _m2, TBMJ m2)")
      ->type_name("m2|mu|ha");
  check->add_option("--id", a->id,
                    "The field naming each parcel in the rows (default: the first of id, BSM, TBBH, 地块编号;\n"
                    "else the FID)")
      ->type_name("FIELD");
  check->add_option("--method", a->method,
                    "How the parcels' areas are measured: planar (the default for a layer of parcels: on\n"
                    "its own Gauss-Kruger plane, as a coordinate file's 地块面积 were computed) or ellipsoidal\n"
                    "(the park's figures, and the default for TBMJ, which the land survey states on the\n"
                    "ellipsoid)")
      ->type_name("planar|ellipsoidal");
  check->add_flag("--overlaps", a->overlaps,
                  "Also check that no two parcels overlap: a row for every pair whose interiors overlap,\n"
                  "found with a spatial index (on PostGIS, by the database)");
  check->add_option("--overlap-tolerance", a->overlap_tolerance,
                    "The overlap in m2 up to which a pair passes (default 0.01: rounding slivers along a\n"
                    "shared edge)")
      ->type_name("M2")
      ->check(CLI::NonNegativeNumber);
  check->add_flag("--json", a->json, "Print the checks as JSON");
  check->add_flag("--failed-only", a->failed_only,
                  "Print only the rows that fail (the summary still counts every row)");
  add_skip_invalid_flag(*check, a->skip_invalid);
  add_lang_option(*check, a->lang);
  add_input_options(*check, a->input);
  check->footer("Exit status: 0 all checks pass (or are incomplete), 1 a stated-figure or overlap check\n"
                "failed, 2 bad input or usage, 3 a database could not be reached.");
  return {check, [a] { return run_check(*a); }, [] { return false; }};
}

}  // namespace parklayers::cli
