// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/area_update.h"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gdal_priv.h>

#include "area_update_common.h"
#include "parklayers/gis/area.h"
#include "parklayers/gis/error.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/input.h"
#include "parklayers/io/shards.h"

namespace parklayers {
namespace area_update {

std::vector<Column> area_columns(bool gauss_kruger, bool survey) {
  std::vector<Column> columns = {{"area_m2", false}, {"area_mu", false}, {"area_ha", false}};
  if (gauss_kruger) columns.insert(columns.end(), {{"gk_area_m2", false}, {"gk_crs", true}});
  if (survey) columns.push_back({"survey_area_m2", false});
  return columns;
}

bool writes_survey(OGRLayer& layer, const LayerAreaOptions& options) {
  if (!options.survey || options.declared_crs) return false;
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  const OGRSpatialReference* crs = source_crs(layer, assigned.get());
  return crs && source_gauss_kruger_plane(*crs).has_value();
}

InputError column_type_error(const std::string& shown, const std::string& layer, const Column& column,
                             const std::string& type) {
  return InputError(Location{shown, layer, -1, "", column.name},
                    "exists as " + type + ", and --update writes " + (column.text ? "text" : "double precision") +
                        " there: rename or drop the column, or name another table");
}

void measure_rows(const SourceName& input, const LayerAreaOptions& options, const AddRow& add,
                  AreaUpdateResult& result) {
  LayerAreaOptions measuring = options;
  measuring.on_skipped = [&](const Problem& skipped) {
    add(skipped.where.fid, nullptr, MeasuredFeature{});
    ++result.nulls;
    if (options.on_skipped) options.on_skipped(skipped);
  };
  measure_layer_features(input, measuring, [&](const MeasuredFeature& feature) {
    add(feature.fid, nullptr, feature);
    ++(feature.area_m2 ? result.measured : result.nulls);
  });
}

TableInfo inspect(const SourceName& input, const LayerAreaOptions& options) {
  const std::string shown = input.display();
  const InputSource source = open_input(input, options.input);
  GDALDriver* driver = source.dataset().GetDriver();
  TableInfo info;
  info.driver = driver ? driver->GetDescription() : "";
  if (info.driver != "PostgreSQL" && info.driver != "GPKG") {
    throw InputError(Location{shown, "", -1, "", ""},
                     "--update writes the areas into a PostGIS or GeoPackage table only, and this source is " +
                         (info.driver.empty() ? std::string("of no driver GDAL names") : info.driver) +
                         ": write a copy with the areas with -o instead");
  }
  OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
  info.layer = layer.GetName();
  info.fid_column = layer.GetFIDColumn();
  if (info.fid_column.empty()) {
    throw InputError(Location{shown, info.layer, -1, "", ""},
                     "the table has no primary key (GDAL's FID column) to write the areas back by: give it one, "
                     "e.g. ALTER TABLE ... ADD COLUMN fid bigserial PRIMARY KEY");
  }
  info.survey = writes_survey(layer, options);
  for (const Column& column : area_columns(true, true)) {
    if (info.fid_column == column.name) {
      throw InputError(Location{shown, info.layer, -1, "", column.name}, "is the table's primary key");
    }
  }
  return info;
}

}  // namespace area_update

AreaUpdateResult update_layer_areas(const SourceName& input, const LayerAreaOptions& options) {
  if (!options.output.empty()) throw std::invalid_argument("update_layer_areas writes no copy: no output");
  ensure_drivers_registered();
  if (std::optional<ShardedTable> sharded = find_shards(input, options.layer)) {
    return area_update::update_sharded(input, options, *sharded);
  }
  const area_update::TableInfo info = area_update::inspect(input, options);
  if (info.driver == "PostgreSQL") return area_update::update_postgres(input, options, info);
  return area_update::update_geopackage(input, options, info);
}

}  // namespace parklayers
