// SPDX-License-Identifier: GPL-2.0-or-later
// find_layer_overlaps on a PostGIS table, where the database finds the pairs: the same cadastre
// as a GeoPackage (tests/io/layer_overlaps_test.cpp) loaded with GDAL's own ogr2ogr must give
// the same pairs and areas as the GeoPackage, row for row; the table's GiST index does the work
// (its scans counted by PostgreSQL's statistics, read through psql).
#include "parklayers/io/layer_overlaps.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "parklayers/gis/error.h"
#include "layer_overlaps_results.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::FidPair;
using test::fids_of;
using test::overlaps;
using test::PgTestDatabase;

// The GeoPackage's layer copied into schema.table by ogr2ogr, fids kept, geometry column geom
// with GDAL's GiST index.
void load(const PgTestDatabase& db, const std::string& gpkg, const std::string& schema, const std::string& table) {
  db.query("create schema if not exists " + schema);
  const auto loaded = test::run({"/usr/bin/ogr2ogr", "-f", "PostgreSQL", db.gdal_name(), gpkg, "parcels", "-nln",
                                 table, "-preserve_fid", "-lco", "SCHEMA=" + schema, "-lco", "GEOMETRY_NAME=geom", "-lco",
                                 "FID=fid"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
}

// Index scans of the table's GiST indexes so far, as PostgreSQL's statistics count them.
long long gist_scans(const PgTestDatabase& db, const std::string& table) {
  return std::atoll(db.value("select coalesce(sum(s.idx_scan), 0) from pg_stat_user_indexes s "
                             "join pg_class c on c.oid = s.indexrelid join pg_am a on a.oid = c.relam "
                             "where s.relname = '" + table + "' and a.amname = 'gist'")
                        .c_str());
}

TEST(LayerOverlapsPostgres, TheDatabaseFindsWhatTheGeoPackageGivesRowForRow) {
  const PgTestDatabase db;
  test::TempDir dir;
  const std::string gpkg = dir.file("cadastre.gpkg");
  const std::set<FidPair> planted = test::write_tiled_parcels(gpkg, 60, 0.02, 5);
  load(db, gpkg, "cad", "parcels");
  const long long scans_before = gist_scans(db, "parcels");

  const std::vector<OverlapPair> from_file = overlaps(gpkg, {});
  LayerOverlapOptions options;
  options.layer = "cad.parcels";
  const std::vector<OverlapPair> from_database = overlaps(db.gdal_name(), options);
  ASSERT_EQ(fids_of(from_file), std::vector<FidPair>(planted.begin(), planted.end()));
  ASSERT_EQ(fids_of(from_database), fids_of(from_file));
  for (size_t i = 0; i < from_file.size(); ++i) {
    EXPECT_NEAR(from_database[i].area_m2, from_file[i].area_m2, 1e-9 * from_file[i].area_m2) << from_file[i].fid_a;
  }
  // The statement went through the GiST index (the server counts scans when the session ends).
  long long scans_after = scans_before;
  for (int wait = 0; wait < 50 && scans_after <= scans_before; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    scans_after = gist_scans(db, "parcels");
  }
  EXPECT_GT(scans_after, scans_before);
}

TEST(LayerOverlapsPostgres, InvalidRowsRefusedOrLeftOutAndWhere) {
  const PgTestDatabase db;
  test::TempDir dir;
  const std::string gpkg = dir.file("cadastre.gpkg");
  const std::set<FidPair> planted = test::write_tiled_parcels(gpkg, 30, 0.05, 6);
  load(db, gpkg, "public", "parcels");
  // A bow tie over the first cells: PostGIS's own functions would stumble on it.
  db.query("insert into parcels (fid, geom) values (9000, ST_GeomFromText('POLYGON ((540000 3460000,540060 "
           "3460060,540060 3460000,540000 3460060,540000 3460000))', 4549))");
  LayerOverlapOptions options;
  options.layer = "parcels";
  try {
    overlaps(db.gdal_name(), options);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("feature 9000"), std::string::npos) << what;
    EXPECT_NE(what.find("invalid geometry"), std::string::npos) << what;
  }
  options.skip_invalid = true;
  std::vector<long long> skipped;
  options.on_skipped = [&skipped](const Problem& problem) { skipped.push_back(problem.where.fid); };
  EXPECT_EQ(fids_of(overlaps(db.gdal_name(), options)), std::vector<FidPair>(planted.begin(), planted.end()));
  EXPECT_EQ(skipped, std::vector<long long>{9000});

  options.input.where = "fid < 1000";
  std::vector<FidPair> expected;
  for (const FidPair& pair : planted) {
    if (pair.second < 1000) expected.push_back(pair);
  }
  ASSERT_FALSE(expected.empty());
  ASSERT_LT(expected.size(), planted.size());
  EXPECT_EQ(fids_of(overlaps(db.gdal_name(), options)), expected);
}

TEST(LayerOverlapsPostgres, ATableWithoutPrimaryKeyIsRefusedWithoutShowingThePassword) {
  const PgTestDatabase db;
  db.query("create table keyless (name text, geom geometry(Polygon, 4549));"
           "insert into keyless values ('a', ST_GeomFromText('POLYGON ((540000 3460000,540010 3460000,540010 "
           "3460010,540000 3460000))', 4549))");
  LayerOverlapOptions options;
  options.layer = "keyless";
  // The test server trusts local connections: the password is ignored, but must not be shown.
  try {
    overlaps(db.gdal_name() + " password=s3cret-word", options);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("no primary key"), std::string::npos) << what;
    EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace parklayers
