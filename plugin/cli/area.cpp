// `parklayers area`: the ellipsoidal area of every polygon of any OGR source.
#include <iostream>
#include <memory>

#include "cli.h"
#include "parklayers/gis/json.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/area_update.h"
#include "parklayers/io/layer_area.h"

namespace parklayers::cli {
namespace {

struct AreaArgs {
  std::string input;
  std::string layer;
  std::string s_srs;
  std::string output;
  bool overwrite = false;
  bool json = false;
  bool skip_invalid = false;
  bool no_gk = false;
  bool update = false;
  InputOptions read;
};

int run_area(const AreaArgs& a) {
  if (!a.json && a.output.empty() && !a.update) throw UsageError("area needs -o OUT, --json, or both (or --update)");
  LayerAreaOptions options;
  options.layer = a.layer;
  options.input = a.read;
  options.output = a.output;
  options.overwrite = a.overwrite;
  options.gauss_kruger = !a.no_gk;
  SkipWarnings skip_warnings;
  options.skip_invalid = a.skip_invalid;
  options.on_skipped = [&skip_warnings](const Problem& skipped) { skip_warnings(skipped); };
  options.declared_crs = source_crs_of(a.s_srs, options.input);
  options.on_warning = [](const Problem& warning) { print_warnings({warning}); };
  if (a.update) {
    const AreaUpdateResult updated = update_layer_areas(a.input, options);
    std::cout << "Updated " << updated.measured + updated.nulls << " rows of " << updated.layer << " in "
              << source_display_name(a.input) << ": " << updated.measured << " with areas, " << updated.nulls
              << " NULL (no polygon" << (a.skip_invalid ? ", or skipped" : "") << "); " << updated.changed
              << " changed\n";
    return kExitOk;
  }
  if (!a.json) {
    measure_layer(a.input, options, nullptr);
    return kExitOk;
  }

  // The JSON is streamed as features are measured, so memory stays flat whatever the layer's
  // size. On bad input the error goes to stderr and the exit status is 2.
  bool first = true;
  const auto on_layer = [](const std::string& layer) {
    std::cout << "{\"layer\": " << json_string(layer) << ", \"features\": [";
  };
  const bool gk = options.gauss_kruger;
  std::string line;  // one feature's, reused
  const auto on_feature = [&first, &line, gk](const MeasuredFeature& feature) {
    const std::optional<double>& m2 = feature.area_m2;
    line.assign(first ? "\n  {\"fid\": " : ",\n  {\"fid\": ");
    line += std::to_string(feature.fid);
    line += ", \"area_m2\": ";
    append_json_number(line, m2);
    line += ", \"area_mu\": ";
    append_json_number(line, m2 ? std::optional<double>(m2_to_mu(*m2)) : std::nullopt);
    line += ", \"area_ha\": ";
    append_json_number(line, m2 ? std::optional<double>(m2_to_ha(*m2)) : std::nullopt);
    if (gk) {
      line += ", \"gk_area_m2\": ";
      append_json_number(line, feature.gk_area_m2);
      line += ", \"gk_crs\": ";
      line += feature.gk_area_m2 ? json_string(feature.gk_crs) : std::string("null");
    }
    line += '}';
    std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
    first = false;
  };
  measure_layer_features(a.input, options, on_feature, on_layer);
  std::cout << (first ? "]}" : "\n]}") << "\n";
  return kExitOk;
}

}  // namespace

Command add_area_command(CLI::App& parklayers) {
  auto a = std::make_shared<AreaArgs>();
  CLI::App* area = parklayers.add_subcommand(
      "area",
      "Ellipsoidal area of every polygon feature of any OGR source; with -o, a copy of the\n"
      "layer with area_m2, area_mu and area_ha added; with --json, the areas as JSON.\n"
      "Beside it, the planar Gauss-Kruger area (gk_area_m2, with its CRS in gk_crs): on the\n"
      "source's own plane when it is in a Gauss-Kruger CRS (EPSG:4528, 2364, 2416...), else in\n"
      "the feature's CGCS2000 3-degree zone.");
  area->add_option("INPUT", a->input, "Any OGR source")->type_name("")->required();
  area->add_option("--layer", a->layer, "The layer to measure (needed when the source has several)")
      ->type_name("NAME");
  add_source_crs_option(*area, a->s_srs);
  add_input_options(*area, a->read);
  area->add_option("-o,--output", a->output, "Write a copy of the layer with the areas added; its format from its extension")
      ->type_name("OUT");
  area->add_flag("--overwrite", a->overwrite, "Replace OUT if it exists");
  area->add_flag("--json", a->json, "Print the areas as JSON on stdout");
  add_skip_invalid_flag(*area, a->skip_invalid);
  area->add_flag("--no-gk", a->no_gk, "Leave out the Gauss-Kruger area (gk_area_m2, gk_crs)");
  CLI::Option* update = area->add_flag(
      "--update", a->update,
      "Write the areas into the table itself (a PostGIS table, PG:..., or a GeoPackage layer):\n"
      "area_m2, area_mu, area_ha (and gk_area_m2, gk_crs) added or refreshed, in one transaction");
  update->excludes("-o")->excludes("--json");
  area->footer("One of -o, --json (or both) and --update.\n"
               "Areas are ellipsoidal (Karney 2013, PROJ geod_polygonarea); 1 mu = 10000/15 m2.\n"
               "Exit status: 0 done, 2 bad input or usage, 3 the output (with --update the table) could\n"
               "not be written, or a database could not be reached.");
  return {area, [a] { return run_area(*a); }, [a] { return !a->output.empty() || a->update; }};
}

}  // namespace parklayers::cli
