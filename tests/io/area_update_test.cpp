// Areas written into the table itself (area --update), in PostGIS and in a GeoPackage. The
// reference is PostGIS's ST_Area(geom::geography) (and ST_Area(geom) on a Gauss-Kruger plane)
// read through psql, and, for a GeoPackage, a fresh measure of the layer; SQLite's own reading
// (GDAL's validator, the R-tree's rows) checks the file stays a sound GeoPackage.
#include "parklayers/io/area_update.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::PgTestDatabase;

// `count` pentagons around Anting, 100 to 210 m across, fid the primary key (as in
// postgres_source_cli_test: not smaller, where PostGIS's flattening moves areas by 1e-5 m2).
void make_parcels(const PgTestDatabase& db, const std::string& table, int count, int srid = 4326) {
  const std::string polygon =
      "ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x, y), ST_MakePoint(x + w, y), "
      "ST_MakePoint(x + w, y + h), ST_MakePoint(x + w / 2, y + h + d), ST_MakePoint(x, y + h), ST_MakePoint(x, y)])), "
      "4326)";
  const std::string geometry = srid == 4326 ? polygon : "ST_Transform(" + polygon + ", " + std::to_string(srid) + ")";
  db.query("create table " + table + " (fid serial primary key, name text, geom geometry(Polygon, " +
           std::to_string(srid) + "));" + "insert into " + table + " (name, geom) select 'parcel ' || i, " + geometry +
           " from (select i, 120.66 + (i % 400) * 0.0025 as x, 31.0 + (i / 400) * 0.0025 as y,"
           " 0.001 + (i * 7 % 13) * 0.0001 as w, 0.001 + (i * 11 % 17) * 0.00006 as h,"
           " (i % 5) * 0.0002 as d from generate_series(1, " + std::to_string(count) + ") as i) as p");
}

// The largest relative difference of two columns (a psql aggregate); "" when no row compares.
double worst(const PgTestDatabase& db, const std::string& ours, const std::string& reference, const std::string& table) {
  return std::atof(db.query("select max(abs(" + ours + " - " + reference + ") / abs(" + reference + ")) from " + table)
                       .c_str());
}

long long count(const PgTestDatabase& db, const std::string& sql) { return std::atoll(db.query(sql).c_str()); }

std::string columns_of(const PgTestDatabase& db, const std::string& schema, const std::string& table) {
  return db.query("select string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position) "
                  "from information_schema.columns where table_schema = '" + schema + "' and table_name = '" +
                  table + "'");
}

TEST(AreaUpdatePostgres, ColumnsAddedEqualToPostgisAndRefreshed) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 5000);
  db.query("insert into parcels (name, geom) values ('no geometry', null)");
  LayerAreaOptions options;
  options.layer = "parcels";
  const AreaUpdateResult first = update_layer_areas(db.gdal_name(), options);
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
  const AreaUpdateResult refreshed = update_layer_areas(db.gdal_name(), options);
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
  update_layer_areas(db.gdal_name(), options);
  const std::string table = "测绘.\"地块 \"\"一\"\"\"";
  EXPECT_LT(worst(db, "gk_area_m2", "ST_Area(geom)", table), 1e-9);
  EXPECT_LT(worst(db, "area_m2", "ST_Area(ST_Transform(geom, 4490)::geography)", table), 1e-8);

  const PgTestDatabase other;
  make_parcels(other, "parcels", 10);
  options.layer = "parcels";
  options.gauss_kruger = false;
  update_layer_areas(other.gdal_name(), options);
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
    update_layer_areas(db.gdal_name(), options);
    FAIL() << "an invalid polygon was measured";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("feature 10000"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "parcels"), before);  // no column added

  // With the columns there and filled, a failing refresh leaves their values.
  db.query("update parcels set geom = (select geom from parcels where fid = 9999) where fid = 10000");
  update_layer_areas(db.gdal_name(), options);
  const std::string all_values = "select md5(string_agg(fid || ':' || area_m2 || ':' || gk_crs, ',' order by fid)) "
                                 "from parcels where fid not in (3, 10000)";
  const std::string values = db.query(all_values);
  db.query("update parcels set geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, "
           "121.16 31.291, 121.16 31.29))', 4326), area_m2 = 5 where fid = 10000");
  db.query("update parcels set area_m2 = 1 where fid = 3");
  EXPECT_THROW(update_layer_areas(db.gdal_name(), options), InputError);
  EXPECT_EQ(db.query("select area_m2 from parcels where fid = 3"), "1\n");
  EXPECT_EQ(db.query(all_values), values);
  EXPECT_EQ(db.query("select area_m2 from parcels where fid = 10000"), "5\n");
  EXPECT_EQ(count(db, "select count(area_m2) from parcels"), 20000);
  // No session of ours is left holding the table: a DBA's statement runs at once.
  db.query("set lock_timeout = '2s'; alter table parcels add column checked boolean");
}

TEST(AreaUpdatePostgres, SkippedInvalidPolygonGetsNull) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 100);
  LayerAreaOptions options;
  options.layer = "parcels";
  update_layer_areas(db.gdal_name(), options);
  db.query("update parcels set geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, 121.161 31.29, "
           "121.16 31.291, 121.16 31.29))', 4326) where fid = 50");
  options.skip_invalid = true;
  int skipped = 0;
  options.on_skipped = [&skipped](const Problem&) { ++skipped; };
  const AreaUpdateResult result = update_layer_areas(db.gdal_name(), options);
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
    update_layer_areas(db.gdal_name(), options);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("field 'area_mu': exists as integer"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "typed"), "fid integer, name text, geom USER-DEFINED, area_mu integer\n");
  options.layer = "keyless";
  try {
    update_layer_areas(db.gdal_name(), options);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("no primary key"), std::string::npos) << error.what();
  }
  EXPECT_EQ(columns_of(db, "public", "keyless"), "fid integer, name text, geom USER-DEFINED\n");
}

TEST(AreaUpdate, OnlyPostgisAndGeoPackage) {
  test::TempDir dir;
  test::write_square_parcels(dir.file("p.gpkg"), "parcels", 3);
  const auto copied =
      test::run({"/usr/bin/ogr2ogr", "-f", "GeoJSON", dir.file("p.geojson"), dir.file("p.gpkg"), "parcels"});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  const std::string before = test::read_text(dir.file("p.geojson"));
  try {
    update_layer_areas(dir.file("p.geojson"), {});
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("PostGIS or GeoPackage table only, and this source is GeoJSON"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(test::read_text(dir.file("p.geojson")), before);
}

// The R-tree's rows, in order, as text: must not change.
std::string rtree_rows(const std::string& gpkg, const std::string& layer) {
  const auto rows = test::run({"/usr/bin/sqlite3", gpkg, "select * from rtree_" + layer + "_geom order by id"});
  EXPECT_EQ(rows.exit_code, 0) << rows.err;
  return rows.out;
}

TEST(AreaUpdateGeoPackage, ValuesAsAreaMeasuresThemAndStillAValidGeoPackage) {
  test::TempDir dir;
  const std::string gpkg = dir.file("parcels.gpkg");
  test::write_square_parcels(gpkg, "parcels", 2000);
  const std::string rtree = rtree_rows(gpkg, "parcels");
  ASSERT_FALSE(rtree.empty());

  LayerAreaOptions options;
  std::map<long long, MeasuredFeature> fresh;
  measure_layer_features(gpkg, options, [&fresh](const MeasuredFeature& f) { fresh[f.fid] = f; });
  ASSERT_EQ(fresh.size(), 2000u);

  for (int run = 0; run < 2; ++run) {  // added, then refreshed
    const AreaUpdateResult result = update_layer_areas(gpkg, options);
    EXPECT_EQ(result.measured, 2000);
    EXPECT_EQ(result.changed, run == 0 ? 2000 : 0);  // nothing differs the second time
    // Read back by GDAL, which reads a GeoPackage's doubles exactly.
    const GDALDatasetUniquePtr dataset = test::open_dataset(gpkg);
    ASSERT_TRUE(dataset);
    OGRLayer& layer = *dataset->GetLayerByName("parcels");
    size_t seen = 0;
    for (auto& feature : layer) {
      const MeasuredFeature& f = fresh.at(feature->GetFID());
      ASSERT_TRUE(f.area_m2 && f.gk_area_m2);
      EXPECT_EQ(feature->GetFieldAsDouble("area_m2"), *f.area_m2);  // the same doubles
      EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("area_mu"), *f.area_m2 * 15 / 10000);
      EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("area_ha"), *f.area_m2 / 10000);
      EXPECT_EQ(feature->GetFieldAsDouble("gk_area_m2"), *f.gk_area_m2);
      EXPECT_EQ(std::string(feature->GetFieldAsString("gk_crs")), f.gk_crs);
      ++seen;
    }
    EXPECT_EQ(seen, 2000u);
    const auto valid = test::validate_gpkg(gpkg);
    EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
    EXPECT_EQ(rtree_rows(gpkg, "parcels"), rtree);
    EXPECT_EQ(test::gpkg_spatial_index(gpkg, "parcels").check, "ok");
  }
}

TEST(AreaUpdateGeoPackage, LayerOfAnyName) {
  test::TempDir dir;
  const std::string gpkg = dir.file("parcels.gpkg");
  test::write_square_parcels(gpkg, "parklayers_areas", 20);  // the temporary table's name
  const AreaUpdateResult result = update_layer_areas(gpkg, {});
  EXPECT_EQ(result.measured, 20);
  EXPECT_EQ(test::sql_value(*test::open_dataset(gpkg), "SELECT count(area_m2) FROM parklayers_areas"), "20");
}

TEST(AreaUpdateGeoPackage, InvalidPolygonLeavesTheFileAsItWas) {
  test::TempDir dir;
  const std::string gpkg = dir.file("parcels.gpkg");
  test::write_square_parcels(gpkg, "parcels", 500);
  // A bow-tie as feature 250, written by sqlite3 through GDAL's SQL dialect-free route: ogr2ogr.
  const auto spoilt = test::run({"/usr/bin/ogrinfo", gpkg, "-q", "-sql",
                                 "UPDATE parcels SET geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, "
                                 "121.161 31.29, 121.16 31.291, 121.16 31.29))', 4326) WHERE fid = 250"});
  ASSERT_EQ(spoilt.exit_code, 0) << spoilt.err;
  const std::string before = test::read_text(gpkg);
  EXPECT_THROW(update_layer_areas(gpkg, {}), InputError);
  EXPECT_EQ(test::read_text(gpkg), before);
}

}  // namespace
}  // namespace parklayers
