// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers area`: the ellipsoidal area of every polygon of any OGR source.
#include <iostream>
#include <memory>

#include "cli.h"
#include "declared.h"
#include "parklayers/command/area.h"
#include "parklayers/gis/area.h"
#include "parklayers/gis/json.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/area_update.h"
#include "parklayers/io/layer_area.h"
#include "parklayers/park/report.h"

namespace parklayers::cli {
namespace {

using command::AreaArgs;

int run_area(const AreaArgs& a) {
  if (!a.json && a.output.empty() && !a.update) throw UsageError("area needs -o OUT, --json, or both (or --update)");
  const SourceName input(a.input);  // classified once, here where the command line gives it
  LayerAreaOptions options;
  options.layer = a.layer;
  options.input = command::input_options(a.a_srs, a.encoding, a.where);
  options.output = a.output;
  options.overwrite = a.overwrite;
  options.gauss_kruger = !a.no_gk;
  options.jobs = a.jobs;
  SkipWarnings skip_warnings;
  options.skip_invalid = a.skip_invalid;
  options.on_skipped = [&skip_warnings](const Problem& skipped) { skip_warnings(skipped); };
  options.declared_crs = source_crs_of(a.s_srs, options.input);
  options.on_warning = [](const Problem& warning) { print_warnings({warning}); };
  // The survey's area beside the others, for a source in a Gauss-Kruger CRS.
  options.survey = true;
  if (a.update) {
    const AreaUpdateResult updated = update_layer_areas(input, options);
    std::cout << "Updated " << updated.measured + updated.nulls << " rows of " << updated.layer << " in "
              << input.display() << ": " << updated.measured << " with areas, " << updated.nulls
              << " NULL (no polygon" << (a.skip_invalid ? ", or skipped" : "") << "); " << updated.changed
              << " changed\n";
    for (const PartitionUpdate& partition : updated.partitions) {
      std::cout << "  " << partition.partition << " on " << partition.shard << ": "
                << partition.measured + partition.nulls << " rows, " << partition.changed << " changed, "
                << number_text(partition.seconds, "%.2f") << " s\n";
    }
    return kExitOk;
  }
  if (!a.json) {
    measure_layer(input, options, nullptr);
    return kExitOk;
  }

  // The JSON is streamed as features are measured, so memory stays flat whatever the layer's
  // size. On bad input the error goes to stderr and the exit status is 2.
  bool first = true;
  const auto on_layer = [](const std::string& layer) {
    std::cout << "{\"layer\": " << json_string(layer) << ", \"features\": [";
  };
  const bool gk = options.gauss_kruger;
  // Every feature has the key survey_area_m2 when the layer is on a Gauss-Kruger plane (null
  // without a polygon), none has it otherwise: known once the layer's CRS is.
  bool survey = false;
  options.on_open = [&survey, &options](OGRLayer&, const OGRSpatialReference& crs) {
    survey = !options.declared_crs && source_gauss_kruger_plane(crs).has_value();
    return std::vector<std::string>();
  };
  std::string line;  // one feature's, reused
  const auto on_feature = [&first, &line, gk, &survey](const MeasuredFeature& feature) {
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
    if (survey) {
      line += ", \"survey_area_m2\": ";
      append_json_number(line, feature.survey_area_m2);
    }
    line += '}';
    std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
    first = false;
  };
  measure_layer_features(input, options, on_feature, on_layer);
  std::cout << (first ? "]}" : "\n]}") << "\n";
  return kExitOk;
}

}  // namespace

Command add_area_command(CLI::App& parklayers) {
  auto a = std::make_shared<AreaArgs>();
  CLI::App* area = add_declared(parklayers, command::area_command(), *a);
  return {area, [a] { return run_area(*a); }, [a] { return !a->output.empty() || a->update; }};
}

}  // namespace parklayers::cli
