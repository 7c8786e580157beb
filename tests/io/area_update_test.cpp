// SPDX-License-Identifier: GPL-2.0-or-later
// Areas written into the table itself (area --update) in PostGIS, on the route of plain tables
// (read by a cursor and written back by ctid), and what every source gets (only PostGIS and
// GeoPackage). The reference is PostGIS's ST_Area(geom::geography) (and ST_Area(geom) on a
// Gauss-Kruger plane) read through psql, and the same doubles as a fresh measure of the layer
// through GDAL's own reading (--update reads a PostGIS table on a connection of its own). The
// other tables: area_update_temp_table_test.cpp; GeoPackage: area_update_geopackage_test.cpp.
#include "parklayers/io/area_update.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "area_update_tables.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::PgTestDatabase;
using test::columns_of;
using test::count;
using test::expect_written_as_measured;
using test::make_parcels;
using test::measured_by_gdal;
using test::worst;
using test::written;

TEST(AreaUpdatePostgres, ColumnsAddedEqualToPostgisAndRefreshed) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 5000);
  db.query("insert into parcels (name, geom) values ('no geometry', null)");
  LayerAreaOptions options;
  options.layer = "parcels";
  const AreaUpdateResult first = update_layer_areas(SourceName(db.gdal_name()), options);
  EXPECT_EQ(first.layer, "parcels");
  EXPECT_EQ(first.measured, 5000);
  EXPECT_EQ(first.nulls, 1);
  EXPECT_NE(columns_of(db, "public", "parcels")
                .find("area_m2 double precision, area_mu double precision, area_ha double precision, "
                      "gk_area_m2 double precision, gk_crs text"),
            std::string::npos);
  EXPECT_LT(worst(db, "area_m2", "ST_Area(geom::geography)", "parcels"), 1e-8);
  EXPECT_LT(worst(db, "area_mu", "ST_Area(geom::geography) * 15 / 10000", "parcels"), 1e-8);
  EXPECT_LT(worst(db, "area_ha", "ST_Area(geom::geography) / 10000", "parcels"), 1e-8);
  EXPECT_EQ(count(db, "select count(*) from parcels where area_m2 is null"), 1);
  // The parcels reach across 121.5E: two CGCS2000 3-degree zones.
  EXPECT_EQ(count(db, "select count(*) from parcels where gk_crs in ('EPSG:4549', 'EPSG:4550')"), 5000);
  EXPECT_GT(count(db, "select count(*) from parcels where gk_crs = 'EPSG:4550'"), 0);

  EXPECT_EQ(first.changed, 5000);  // the row without geometry keeps its NULLs: nothing to write

  // Refreshed: a parcel redrawn and another's area spoilt by hand get their areas again; the
  // rows whose values hold are not written again (the same row version, xmin).
  db.query("update parcels set geom = (select geom from parcels where fid = 9), area_m2 = 1 where fid = 7;"
           "update parcels set area_m2 = -1, gk_crs = 'x' where fid = 8");
  const std::string untouched = db.query("select xmin from parcels where fid = 100");
  const AreaUpdateResult refreshed = update_layer_areas(SourceName(db.gdal_name()), options);
  EXPECT_EQ(refreshed.changed, 2);
  EXPECT_EQ(db.query("select xmin from parcels where fid = 100"), untouched);
  EXPECT_LT(worst(db, "area_m2", "ST_Area(geom::geography)", "parcels"), 1e-8);
  EXPECT_EQ(db.query("select gk_crs from parcels where fid = 8"), "EPSG:4549\n");
}

TEST(AreaUpdatePostgres, GaussKrugerTableAndNoGk) {
  const PgTestDatabase db;
  db.query("create schema 测绘");
  make_parcels(db, "测绘.\"地块 \"\"一\"\"\"", 300, 4549);  // a name that must be quoted
  LayerAreaOptions options;
  options.layer = "测绘.地块 \"一\"";
  update_layer_areas(SourceName(db.gdal_name()), options);
  const std::string table = "测绘.\"地块 \"\"一\"\"\"";
  EXPECT_LT(worst(db, "gk_area_m2", "ST_Area(geom)", table), 1e-9);
  EXPECT_LT(worst(db, "area_m2", "ST_Area(ST_Transform(geom, 4490)::geography)", table), 1e-8);

  const PgTestDatabase other;
  make_parcels(other, "parcels", 10);
  options.layer = "parcels";
  options.gauss_kruger = false;
  update_layer_areas(SourceName(other.gdal_name()), options);
  EXPECT_EQ(columns_of(other, "public", "parcels").find("gk_"), std::string::npos);
}

TEST(AreaUpdatePostgres, InvalidPolygonRollsBackEverything) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 20000);
  // A bow-tie in the middle of the table: refused after half the rows have gone into COPY.
  db.query("update parcels set geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, "
           "121.16 31.291, 121.16 31.29))', 4326) where fid = 10000");
  const std::string before = columns_of(db, "public", "parcels");
  LayerAreaOptions options;
  options.layer = "parcels";
  try {
    update_layer_areas(SourceName(db.gdal_name()), options);
    FAIL() << "an invalid polygon was measured";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("feature 10000"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "parcels"), before);  // no column added

  // With the columns there and filled, a failing refresh leaves their values.
  db.query("update parcels set geom = (select geom from parcels where fid = 9999) where fid = 10000");
  update_layer_areas(SourceName(db.gdal_name()), options);
  const std::string all_values = "select md5(string_agg(fid || ':' || area_m2 || ':' || gk_crs, ',' order by fid)) "
                                 "from parcels where fid not in (3, 10000)";
  const std::string values = db.query(all_values);
  db.query("update parcels set geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, "
           "121.16 31.291, 121.16 31.29))', 4326), area_m2 = 5 where fid = 10000");
  db.query("update parcels set area_m2 = 1 where fid = 3");
  EXPECT_THROW(update_layer_areas(SourceName(db.gdal_name()), options), InputError);
  EXPECT_EQ(db.query("select area_m2 from parcels where fid = 3"), "1\n");
  EXPECT_EQ(db.query(all_values), values);
  EXPECT_EQ(db.query("select area_m2 from parcels where fid = 10000"), "5\n");
  EXPECT_EQ(count(db, "select count(area_m2) from parcels"), 20000);
  // No session of ours is left holding the table: a DBA's statement runs at once.
  db.query("set lock_timeout = '2s'; alter table parcels add column checked boolean");
}

// A bad feature found after rows were written (the update writes a chunk of rows while it
// measures the next): everything is rolled back, on a first run (no column added) and on a
// refresh (every value as it was, those written before the failure included).
TEST(AreaUpdatePostgres, InvalidPolygonAfterRowsWereWrittenRollsBackEverything) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 60000);
  const std::string bow_tie = "ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, 121.16 31.291, "
                              "121.16 31.29))', 4326)";
  db.query("update parcels set geom = " + bow_tie + " where fid = 55000");
  const std::string before = columns_of(db, "public", "parcels");
  LayerAreaOptions options;
  options.layer = "parcels";
  try {
    update_layer_areas(SourceName(db.gdal_name()), options);
    FAIL() << "an invalid polygon was measured";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("feature 55000"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "parcels"), before);

  db.query("update parcels set geom = (select geom from parcels where fid = 54999) where fid = 55000");
  update_layer_areas(SourceName(db.gdal_name()), options);
  db.query("update parcels set area_m2 = 1, gk_crs = 'x' where fid % 100 = 0;"
           "update parcels set geom = " + bow_tie + " where fid = 55000");
  const std::string all_values =
      "select md5(string_agg(fid || ':' || area_m2 || ':' || gk_crs, ',' order by fid)) from parcels";
  const std::string values = db.value(all_values);
  EXPECT_THROW(update_layer_areas(SourceName(db.gdal_name()), options), InputError);
  EXPECT_EQ(db.value(all_values), values);
  EXPECT_EQ(db.value("select count(*) from parcels where area_m2 = 1"), "600");
  // No session of ours is left holding the table (autovacuum may, for a second).
  db.query("set lock_timeout = '10s'; alter table parcels add column checked boolean");
}

TEST(AreaUpdatePostgres, SkippedInvalidPolygonGetsNull) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 100);
  LayerAreaOptions options;
  options.layer = "parcels";
  update_layer_areas(SourceName(db.gdal_name()), options);
  db.query("update parcels set geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, "
           "121.16 31.291, 121.16 31.29))', 4326) where fid = 50");
  options.skip_invalid = true;
  int skipped = 0;
  options.on_skipped = [&skipped](const Problem&) { ++skipped; };
  const AreaUpdateResult result = update_layer_areas(SourceName(db.gdal_name()), options);
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(result.nulls, 1);
  EXPECT_EQ(db.query("select area_m2 is null, gk_crs is null from parcels where fid = 50"), "t|t\n");
  EXPECT_EQ(count(db, "select count(area_m2) from parcels"), 99);
}

TEST(AreaUpdatePostgres, RefusedTablesAreLeftAsTheyWere) {
  const PgTestDatabase db;
  make_parcels(db, "typed", 10);
  db.query("alter table typed add column area_mu integer");
  make_parcels(db, "keyless", 10);
  db.query("alter table keyless drop constraint keyless_pkey");
  LayerAreaOptions options;
  options.layer = "typed";
  try {
    update_layer_areas(SourceName(db.gdal_name()), options);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("field 'area_mu': exists as integer"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "typed"), "fid integer, name text, geom USER-DEFINED, area_mu integer\n");
  options.layer = "keyless";
  try {
    update_layer_areas(SourceName(db.gdal_name()), options);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("no primary key"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "keyless"), "fid integer, name text, geom USER-DEFINED\n");
}

// The table read on the update's own connection (COPY ... ST_AsBinary) gives the doubles GDAL's
// reading gives, for every kind of geometry a PostGIS column holds: a table in another schema,
// its geometry column neither first nor called geom, its key not called fid, a second geometry
// column after it (GDAL measures the first), Z and M, curves, multipolygons with holes, and
// rows with no polygon (empty, a point, NULL).
TEST(AreaUpdatePostgres, OwnReadingGivesTheDoublesOfGdalsReading) {
  const PgTestDatabase db;
  db.query("create schema cadastre;"
           "create table cadastre.lots (gid bigserial primary key, name text, shape geometry(Geometry, 4326), "
           "label geometry(Point, 4326));"
           "insert into cadastre.lots (name, shape) select 'lot ' || i, ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY["
           "ST_MakePoint(x, y), ST_MakePoint(x + 0.001, y), ST_MakePoint(x + 0.0012, y + 0.0009), "
           "ST_MakePoint(x, y + 0.001), ST_MakePoint(x, y)])), 4326) "
           "from (select i, 120.9 + (i % 50) * 0.013 as x, 31.0 + (i / 50) * 0.01 as y "
           "from generate_series(1, 2000) as i) as p;"
           "insert into cadastre.lots (name, shape) values "
           "('curved', ST_GeomFromText('CURVEPOLYGON(CIRCULARSTRING(121 31, 121.001 31.001, 121 31.002, "
           "120.999 31.001, 121 31))', 4326)), "
           "('multi with a hole', ST_GeomFromText('MULTIPOLYGON (((121 31, 121.001 31, 121.001 31.001, 121 31.001, "
           "121 31), (121.0002 31.0002, 121.0004 31.0002, 121.0004 31.0004, 121.0002 31.0002)), ((121.01 31, "
           "121.011 31, 121.011 31.001, 121.01 31)))', 4326)), "
           "('across the zones', ST_GeomFromText('POLYGON ((121.499 31, 121.502 31, 121.502 31.002, 121.499 31))', "
           "4326)), "
           "('empty', ST_GeomFromText('POLYGON EMPTY', 4326)), "
           "('point', ST_GeomFromText('POINT (121 31)', 4326)), "
           "('none', null);"
           "update cadastre.lots set label = ST_PointOnSurface(shape) where gid = 1");
  // Z and M in a column of their own kind each (a column holds one dimension).
  db.query("create table cadastre.lots_zm (gid integer primary key, shape geometry(PolygonZM, 4326));"
           "insert into cadastre.lots_zm values (1, ST_GeomFromText('POLYGON ZM ((121 31 5 1, 121.001 31 5 2, "
           "121.001 31.001 6 3, 121 31 5 1))', 4326))");
  for (const std::string layer : {"cadastre.lots", "cadastre.lots_zm"}) {
    LayerAreaOptions options;
    options.layer = layer;
    const std::map<long long, MeasuredFeature> reference = measured_by_gdal(db, options);
    const AreaUpdateResult result = update_layer_areas(SourceName(db.gdal_name()), options);
    EXPECT_EQ(result.measured + result.nulls, static_cast<long long>(reference.size()));
    const auto rows = written(db, layer, "gid");
    EXPECT_EQ(rows.size(), reference.size());
    expect_written_as_measured(rows, reference);
  }
  EXPECT_EQ(db.value("select count(area_m2) from cadastre.lots"), "2003");
  EXPECT_EQ(db.value("select string_agg(name, ',' order by gid) from cadastre.lots where area_m2 is null"),
            "empty,point,none");
  EXPECT_LT(worst(db, "area_m2", "ST_Area(shape::geography)", "cadastre.lots where name like 'lot %'"), 1e-8);
  EXPECT_EQ(db.value("select count(*) from cadastre.lots_zm where area_m2 > 0"), "1");
}

// Tables in other coordinate systems (geographic, Gauss-Kruger, UTM, Web Mercator) and a
// geography column: the doubles of GDAL's reading, PostGIS's areas to 1e-8 (on the CGCS2000
// ellipsoid, GRS80's, for EPSG:4490 and 4549; the geography column on WGS 84's).
TEST(AreaUpdatePostgres, OtherSridsAndGeography) {
  const PgTestDatabase db;
  struct Case {
    int srid;
    std::string reference;  // PostGIS's area of the column `g`
  };
  const std::vector<Case> cases = {
      {4490, "ST_Area(ST_SetSRID(g, 4326)::geography)"},  // GRS80 and WGS 84 differ by 1e-10 here
      {4549, "ST_Area(ST_Transform(g, 4490)::geography)"},
      {32651, "ST_Area(ST_Transform(g, 4326)::geography)"},
      {3857, "ST_Area(ST_Transform(g, 4326)::geography)"},
  };
  for (const Case& c : cases) {
    const std::string table = "parcels_" + std::to_string(c.srid);
    make_parcels(db, table, 200, c.srid);
    db.query("alter table " + table + " rename column geom to g");
    LayerAreaOptions options;
    options.layer = table;
    const std::map<long long, MeasuredFeature> reference = measured_by_gdal(db, options);
    ASSERT_EQ(reference.size(), 200u) << c.srid;
    const AreaUpdateResult result = update_layer_areas(SourceName(db.gdal_name()), options);
    EXPECT_EQ(result.measured, 200) << c.srid;
    expect_written_as_measured(written(db, table), reference);
    EXPECT_LT(worst(db, "area_m2", c.reference, table), 1e-8) << c.srid;
  }
  make_parcels(db, "source", 200);
  db.query("create table sites (fid integer primary key, site geography(Polygon, 4326));"
           "insert into sites select fid, geom::geography from source");
  LayerAreaOptions options;
  options.layer = "sites";
  const std::map<long long, MeasuredFeature> reference = measured_by_gdal(db, options);
  ASSERT_EQ(reference.size(), 200u);
  update_layer_areas(SourceName(db.gdal_name()), options);
  expect_written_as_measured(written(db, "sites"), reference);
  EXPECT_LT(worst(db, "area_m2", "ST_Area(site)", "sites"), 1e-8);
}

// --where and --skip-invalid on the update's own reading: the rows --where leaves out keep
// their values (an invalid polygon among them is not even looked at), a skipped row gets NULL.
TEST(AreaUpdatePostgres, WhereAndSkipInvalid) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 1000);
  LayerAreaOptions options;
  options.layer = "parcels";
  update_layer_areas(SourceName(db.gdal_name()), options);
  const std::string bow_tie = "ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, 121.16 31.291, "
                              "121.16 31.29))', 4326)";
  db.query("update parcels set geom = " + bow_tie + " where fid in (50, 600);"
           "update parcels set area_m2 = 1 where fid in (100, 700)");
  const std::string outside = "select md5(string_agg(fid || ':' || area_m2 || ':' || gk_crs, ',' order by fid)) "
                              "from parcels where fid > 500";
  const std::string before = db.value(outside);
  options.input.where = "fid <= 500 and name like 'parcel %'";
  options.skip_invalid = true;
  std::vector<long long> skipped;
  options.on_skipped = [&skipped](const Problem& problem) { skipped.push_back(problem.where.fid); };
  const AreaUpdateResult result = update_layer_areas(SourceName(db.gdal_name()), options);
  EXPECT_EQ(result.measured, 499);
  EXPECT_EQ(result.nulls, 1);
  EXPECT_EQ(result.changed, 2);  // fid 50 to NULL, fid 100 measured again
  EXPECT_EQ(skipped, std::vector<long long>{50});
  EXPECT_EQ(db.value("select area_m2 is null and gk_crs is null from parcels where fid = 50"), "t");
  EXPECT_EQ(db.value(outside), before);
  EXPECT_EQ(db.value("select area_m2 from parcels where fid = 700"), "1");
  EXPECT_LT(worst(db, "area_m2", "ST_Area(geom::geography)", "parcels where fid <= 500 and fid <> 50"), 1e-8);

  // The same selection measured through GDAL's reading: the same doubles.
  options.on_skipped = nullptr;
  expect_written_as_measured(written(db, "parcels"), measured_by_gdal(db, options));

  // Without --skip-invalid the bow-tie inside the selection stops everything; outside it, it
  // is not read.
  options.skip_invalid = false;
  EXPECT_THROW(update_layer_areas(SourceName(db.gdal_name()), options), InputError);
  options.input.where = "fid > 50 and fid < 600";
  EXPECT_EQ(update_layer_areas(SourceName(db.gdal_name()), options).measured, 549);
}

// While a refresh reads, measures and writes, the table is held as it was read: other sessions
// read it, but a change waits for the update's commit (here it gives up after its
// lock_timeout). Checked from the --skip-invalid callback, which runs while the rows stream in.
// (A first run adds the columns first, and from then on readers wait too.)
TEST(AreaUpdatePostgres, ReadersGoOnWritersWait) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 3000);
  LayerAreaOptions options;
  options.layer = "parcels";
  update_layer_areas(SourceName(db.gdal_name()), options);
  db.query("update parcels set geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, "
           "121.16 31.291, 121.16 31.29))', 4326) where fid = 1500");
  options.skip_invalid = true;
  test::CommandResult read, written;
  options.on_skipped = [&](const Problem&) {
    read = db.try_query("set lock_timeout = '300ms'; select count(*) from parcels");
    written = db.try_query("set lock_timeout = '300ms'; update parcels set name = 'changed' where fid = 1");
  };
  EXPECT_EQ(update_layer_areas(SourceName(db.gdal_name()), options).nulls, 1);
  EXPECT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out, "3000\n");
  EXPECT_NE(written.exit_code, 0);
  EXPECT_NE(written.err.find("lock timeout"), std::string::npos) << written.err;
  EXPECT_EQ(db.value("select name from parcels where fid = 1"), "parcel 1");
}

// A --where the server refuses, as it reads (a text it cannot cast) or before (no such column),
// is the user's to fix (InputError, exit 2), and nothing is written.
TEST(AreaUpdatePostgres, WhereTheServerRefuses) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 50);
  const std::string before = columns_of(db, "public", "parcels");
  LayerAreaOptions options;
  options.layer = "parcels";
  for (const std::string where : {"no_such_column = 1", "name::integer > 3"}) {
    options.input.where = where;
    try {
      update_layer_areas(SourceName(db.gdal_name()), options);
      ADD_FAILURE() << where << ": updated";
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("--where " + where + ": "), std::string::npos) << error.what();
    }
    EXPECT_EQ(columns_of(db, "public", "parcels"), before);
  }
  // One statement only: what follows a ';' is not run.
  options.input.where = "true; drop table parcels";
  EXPECT_THROW(update_layer_areas(SourceName(db.gdal_name()), options), InputError);
  EXPECT_EQ(db.value("select count(*) from parcels"), "50");
}

// A table named as the update's temporary table: it is the table that gets the areas.
TEST(AreaUpdatePostgres, TableNamedLikeTheTemporaryTable) {
  const PgTestDatabase db;
  make_parcels(db, "parklayers_areas", 20);
  LayerAreaOptions options;
  options.layer = "parklayers_areas";
  EXPECT_EQ(update_layer_areas(SourceName(db.gdal_name()), options).changed, 20);
  EXPECT_EQ(db.value("select count(area_m2) from parklayers_areas"), "20");
}

TEST(AreaUpdate, OnlyPostgisAndGeoPackage) {
  test::TempDir dir;
  test::write_square_parcels(dir.file("p.gpkg"), "parcels", 3);
  const auto copied =
      test::run({"/usr/bin/ogr2ogr", "-f", "GeoJSON", dir.file("p.geojson"), dir.file("p.gpkg"), "parcels"});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  const std::string before = test::read_text(dir.file("p.geojson"));
  try {
    update_layer_areas(SourceName(dir.file("p.geojson")), {});
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("PostGIS or GeoPackage table only, and this source is GeoJSON"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(test::read_text(dir.file("p.geojson")), before);
}


}  // namespace
}  // namespace parklayers
