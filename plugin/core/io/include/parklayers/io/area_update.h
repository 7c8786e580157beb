// Areas in place (`parklayers area INPUT --layer T --update`): the columns area_m2, area_mu,
// area_ha (and gk_area_m2, gk_crs with Gauss-Kruger on) added to a PostGIS or GeoPackage table,
// or refreshed, in one transaction: the job of a DBA's
//   ALTER TABLE t ADD COLUMN area_m2 float8; UPDATE t SET area_m2 = ST_Area(geom::geography)
// with the areas exactly as `area` computes them (layer_area.h).
//
// In bulk, never a statement per row: the features stream in through GDAL's reading connection
// and are measured as `area` measures them, while their values go into a temporary table on a
// connection of our own (PostgreSQL: COPY ... FROM STDIN; GeoPackage: a TEMP table of SQLite);
// then, GDAL's reading done and its connection closed, one transaction adds the missing columns
// and runs one UPDATE ... FROM the temporary table, joined on the table's primary key. A failure
// anywhere (a bad feature, the database) leaves the table as it was.
#pragma once

#include <string>

#include "parklayers/io/layer_area.h"

namespace parklayers {

struct AreaUpdateResult {
  std::string layer;      // the table, as GDAL names it (schema.table outside public)
  long long measured = 0; // rows given areas
  long long nulls = 0;    // rows given NULL: no polygon, or skipped with skip_invalid
  long long changed = 0;  // rows written: those whose values differed (all on a first run)
};

// Measures the layer of `input` (a "PG:..." database or a GeoPackage) with `options` (its
// output must be empty) and writes the areas into the table. Throws InputError (exit 2) for a
// source of another format, a table without a primary key, an existing area column of another
// type, or a bad feature; OutputError (exit 3) when the database fails. Either way nothing is
// changed. Rows that --where leaves out keep their values.
AreaUpdateResult update_layer_areas(const std::string& input, const LayerAreaOptions& options);

}  // namespace parklayers
