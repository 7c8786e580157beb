// `parklayers area --update` as users run it: the summary, the exit statuses of what it refuses,
// and the password kept out of sight. The areas themselves are checked against PostGIS in
// tests/io/area_update_test.cpp.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

using test::parklayers;
using test::PgTestDatabase;

TEST(AreaUpdateCli, PostgisTableUpdatedAndSummarised) {
  const PgTestDatabase db;
  db.query("create table parcels (fid serial primary key, geom geometry(Polygon, 4326));"
           "insert into parcels (geom) values (ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.29, 121.161 "
           "31.291, 121.16 31.291, 121.16 31.29))', 4326)), (null);"
           "grant select, update on parcels to parklayers_pw");
  const auto updated = parklayers({"area", db.gdal_name(), "--layer", "parcels", "--update", "--no-gk"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("Updated 2 rows of parcels in PG:"), std::string::npos) << updated.out;
  EXPECT_NE(updated.out.find("1 with areas, 1 NULL (no polygon); 1 changed"), std::string::npos) << updated.out;
  EXPECT_TRUE(updated.err.empty()) << updated.err;  // no server notices
  EXPECT_EQ(db.query("select abs(area_m2 / ST_Area(geom::geography) - 1) < 1e-8 from parcels where fid = 1"), "t\n");

  // A role that may not alter the table: the database's refusal, exit 3, no password shown.
  const std::string as_role = "PG:host=127.0.0.1 port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                              " user=parklayers_pw password=parklayers-secret-pw";
  const auto refused = parklayers({"area", as_role, "--layer", "parcels", "--update"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("database " + db.name() + " on 127.0.0.1"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("must be owner"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("parklayers-secret-pw"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.out.find("parklayers-secret-pw"), std::string::npos) << refused.out;
  EXPECT_EQ(db.query("select count(*) from information_schema.columns where table_name = 'parcels' and column_name "
                     "like 'gk_%'"),
            "0\n");
}

TEST(AreaUpdateCli, KilledWhileCopyingLeavesTheTableAsItWas) {
  const PgTestDatabase db;
  db.query("create table parcels (fid serial primary key, geom geometry(Polygon, 4326));"
           "insert into parcels (geom) select ST_SetSRID(ST_MakeEnvelope(121 + i * 1e-5, 31.2, 121 + i * 1e-5 + 1e-3, "
           "31.201), 4326) from generate_series(1, 200000) as i");
  // Killed once the server shows its COPY into the temporary table under way.
  test::kill_parklayers_when({"area", db.gdal_name(), "--layer", "parcels", "--update"}, [&db] {
    return db.query("select count(*) from pg_stat_activity where query like 'copy parklayers_areas%'") != "0\n";
  });
  // The transaction died with the client (its session ended here too, should the server not have
  // noticed the closed connection yet): no column added, no lock left.
  db.query("select pg_terminate_backend(pid) from pg_stat_activity where query like 'copy parklayers_areas%'");
  EXPECT_EQ(db.query("set lock_timeout = '10s'; select count(*) from information_schema.columns where table_name = "
                     "'parcels'"),
            "2\n");
}

TEST(AreaUpdateCli, RefusedUsesAndFormats) {
  test::TempDir dir;
  const auto excluded = parklayers({"area", test::anting_source() + "/parcels.geojson", "--update", "-o",
                                    dir.file("x.gpkg")});
  EXPECT_EQ(excluded.exit_code, 2);
  EXPECT_NE(excluded.err.find("excludes"), std::string::npos) << excluded.err;
  const auto geojson = parklayers({"area", test::anting_source() + "/parcels.geojson", "--update"});
  EXPECT_EQ(geojson.exit_code, 2);
  EXPECT_NE(geojson.err.find("PostGIS or GeoPackage table only"), std::string::npos) << geojson.err;
  const auto unreachable = parklayers({"area", "PG:host=127.0.0.1 port=1 dbname=cadastre", "--update"});
  EXPECT_EQ(unreachable.exit_code, 3);
  EXPECT_NE(unreachable.err.find("database cadastre on 127.0.0.1:1"), std::string::npos) << unreachable.err;
}

}  // namespace
}  // namespace parklayers
