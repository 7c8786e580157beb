// SPDX-License-Identifier: GPL-2.0-or-later
// What the routes of `area --update` (area_update.h) share: the columns written, what GDAL says
// of the table, and GDAL's own reading of the rows. The routes: PostGIS (area_update_postgres.cpp,
// which locks the table and picks one of two: rows written back by their ctid,
// area_update_ctid.cpp, or joined on the key through a temporary table,
// area_update_temp_table.cpp) and GeoPackage (area_update_geopackage.cpp).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/io/area_update.h"
#include "parklayers/io/layer_area.h"
#include "parklayers/io/shards.h"

namespace parklayers::area_update {

// The temporary table the values go into before the one UPDATE.
inline constexpr const char* kTempTable = "parklayers_areas";

struct Column {
  const char* name;
  bool text;  // gk_crs; the others are double precision
};

// The columns written: area_m2, area_mu, area_ha, with Gauss-Kruger gk_area_m2, gk_crs, and with
// the survey's area survey_area_m2.
std::vector<Column> area_columns(bool gauss_kruger, bool survey);

// What GDAL says of the table before anything is written: its driver, name and primary key, and
// whether survey_area_m2 is written (options.survey, on a Gauss-Kruger plane).
struct TableInfo {
  std::string driver;
  std::string layer;
  std::string fid_column;
  bool survey = false;
};

// Whether the survey's area is written for the layer: with options.survey, when the CRS its
// coordinates are read in (--a_srs, else its own; none with --s_srs) is a Gauss-Kruger plane.
bool writes_survey(OGRLayer& layer, const LayerAreaOptions& options);

// The error for an existing area column of another type than the one written there.
InputError column_type_error(const std::string& shown, const std::string& layer, const Column& column,
                             const std::string& type);

// A row's place in its table (its ctid) in PostgreSQL's binary format: block and offset.
using RowPlace = std::array<char, 6>;

// A row as it is written back: its primary key, its place (ctid) when written back by it, and
// its values.
using AddRow = std::function<void(long long fid, const RowPlace* place, const MeasuredFeature& feature)>;

// Measures the layer through GDAL's reading, as `area` does, and hands every row to add: the
// measured ones, and those skipped with --skip-invalid as NULL (not a value left from an earlier
// update).
void measure_rows(const SourceName& input, const LayerAreaOptions& options, const AddRow& add,
                  AreaUpdateResult& result);

// What --update needs to know of the layer, read through GDAL: its driver, name and FID column.
// Throws InputError for a source of another format or a table without a primary key.
TableInfo inspect(const SourceName& input, const LayerAreaOptions& options);

// The routes, each in one transaction of its own (area_update_postgres.cpp,
// area_update_geopackage.cpp).
// With `prepare_as`, the PostGIS route prepares its transaction under that name instead of
// committing it (a shard's part of a two-phase commit).
AreaUpdateResult update_postgres(const SourceName& input, const LayerAreaOptions& options, const TableInfo& info,
                                 const std::string& prepare_as = "");
// A sharded table, partition by partition on the shards, in one two-phase commit
// (area_update_sharded.cpp).
AreaUpdateResult update_sharded(const SourceName& input, const LayerAreaOptions& options, const ShardedTable& table);
AreaUpdateResult update_geopackage(const SourceName& input, const LayerAreaOptions& options, const TableInfo& info);

}  // namespace parklayers::area_update
