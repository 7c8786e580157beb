// SPDX-License-Identifier: GPL-2.0-or-later
// area --update on the PostGIS tables written through a temporary table joined on the primary key
// (area_update_temp_table.cpp): partitioned tables, tables others inherit from, and a geometry
// column that is not PostGIS's. The reference is PostGIS's ST_Area(geom::geography) read through
// psql, or GDAL's own reading of the layer (`area`'s) where PostGIS is not there to ask.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "area_update_tables.h"
#include "parklayers/io/area_update.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::PgTestDatabase;
using test::expect_written_as_measured;
using test::make_parcels;
using test::measured_by_gdal;
using test::worst;
using test::written;

// Tables whose rows are not all in one heap: a partitioned table and a table others inherit
// from. Every row is written once, refreshed to nothing, as PostGIS measures it.
TEST(AreaUpdatePostgres, PartitionedAndInheritedTables) {
  const PgTestDatabase db;
  make_parcels(db, "source", 3000);
  db.query("create table split (fid integer primary key, geom geometry(Polygon, 4326)) partition by range (fid);"
           "create table split_low partition of split for values from (minvalue) to (1500);"
           "create table split_high partition of split for values from (1500) to (maxvalue);"
           "insert into split select fid, geom from source;"
           "create table family (fid integer primary key, geom geometry(Polygon, 4326));"
           "create table family_child () inherits (family);"
           "insert into family select fid, geom from source where fid < 1500;"
           "insert into family_child select fid, geom from source where fid >= 1500");
  for (const std::string table : {"split", "family"}) {
    LayerAreaOptions options;
    options.layer = table;
    const AreaUpdateResult first = update_layer_areas(SourceName(db.gdal_name()), options);
    EXPECT_EQ(first.measured, 3000) << table;
    EXPECT_EQ(first.changed, 3000) << table;
    EXPECT_EQ(db.value("select count(area_m2) from " + table), "3000") << table;
    EXPECT_LT(worst(db, "area_m2", "ST_Area(geom::geography)", table), 1e-8) << table;
    EXPECT_EQ(update_layer_areas(SourceName(db.gdal_name()), options).changed, 0) << table;
  }
}

// A geometry column that is not PostGIS's (WKB in a bytea, where PostGIS is not installed) is
// read by GDAL, as before: the same doubles.
TEST(AreaUpdatePostgres, GeometryGdalReadsWithoutPostgis) {
  const PgTestDatabase db;
  make_parcels(db, "source", 100);
  db.query("create table parcels (fid integer primary key, wkb_geometry bytea);"
           "insert into parcels select fid, ST_AsBinary(geom) from source;"
           "drop table source; drop extension postgis");
  LayerAreaOptions options;
  options.layer = "parcels";
  options.input.assign_crs = "EPSG:4326";  // no PostGIS, no CRS
  const std::map<long long, MeasuredFeature> reference = measured_by_gdal(db, options);
  ASSERT_EQ(reference.size(), 100u);
  EXPECT_EQ(update_layer_areas(SourceName(db.gdal_name()), options).measured, 100);
  expect_written_as_measured(written(db, "parcels"), reference);
}

}  // namespace
}  // namespace parklayers
