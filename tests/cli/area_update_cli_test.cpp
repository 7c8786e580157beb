// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers area --update` as users run it: the summary, the exit statuses of what it refuses,
// and the password kept out of sight. The areas themselves are checked against PostGIS in
// tests/io/area_update_test.cpp.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "parklayers/gis/json.h"
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

TEST(AreaUpdateCli, KilledWhileWritingLeavesTheTableAsItWas) {
  const PgTestDatabase db;
  db.query("create table parcels (fid serial primary key, geom geometry(Polygon, 4326));"
           "insert into parcels (geom) select ST_SetSRID(ST_MakeEnvelope(121 + i * 1e-5, 31.2, 121 + i * 1e-5 + 1e-3, "
           "31.201), 4326) from generate_series(1, 200000) as i");
  // Killed once the server shows the rows being written: the columns added, the first rows
  // updated, the rest being read and measured. (Sessions of this test's database only: the
  // other tests' run beside it on the same server.)
  const std::string ours =
      "from pg_stat_activity where datname = current_database() and query like 'update public.parcels %'";
  test::kill_parklayers_when({"area", db.gdal_name(), "--layer", "parcels", "--update"},
                             [&db, &ours](pid_t) { return db.query("select count(*) " + ours) != "0\n"; });
  // The transaction died with the client (its session ended here too, should the server not have
  // noticed the closed connection yet): no column added, no lock left.
  db.query("select pg_terminate_backend(pid) " + ours);
  EXPECT_EQ(db.query("set lock_timeout = '10s'; select count(*) from information_schema.columns where table_name = "
                     "'parcels'"),
            "2\n");
}

// The JSON text of each field of each feature `area --json` printed, by fid.
std::map<long long, std::map<std::string, std::string>> json_fields(const std::string& out) {
  std::map<long long, std::map<std::string, std::string>> features;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const size_t fid_at = line.find("{\"fid\": ");
    if (fid_at == std::string::npos) continue;
    auto& fields = features[std::atoll(line.c_str() + fid_at + 8)];
    for (const std::string field : {"area_m2", "area_mu", "area_ha", "gk_area_m2", "gk_crs", "survey_area_m2"}) {
      const std::string key = "\"" + field + "\": ";
      const size_t at = line.find(key);
      if (at == std::string::npos) continue;
      const size_t start = at + key.size();
      fields[field] = line.substr(start, line.find_first_of(",}", start) - start);
    }
  }
  return features;
}

// What `area --update` writes is what `area --json` prints, to its last digit, through two
// routes: GDAL's reading and the JSON printer against the update's own reading and PostgreSQL's
// doubles (printed exactly by psql, then as the JSON prints numbers). Parcels with holes, in
// multipolygons, across two Gauss-Kruger zones, and a row with none.
TEST(AreaUpdateCli, WritesWhatAreaJsonPrints) {
  const PgTestDatabase db;
  db.query("create table parcels (fid serial primary key, geom geometry(MultiPolygon, 4326));"
           "insert into parcels (geom) select ST_Multi(case when i % 10 = 0 "
           "then ST_Difference(p, ST_Buffer(ST_Centroid(p), 0.0002)) else p end) "
           "from (select i, ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x, y), ST_MakePoint(x + w, y), "
           "ST_MakePoint(x + w, y + 0.0011), ST_MakePoint(x + w / 2, y + 0.0015), ST_MakePoint(x, y + 0.0011), "
           "ST_MakePoint(x, y)])), 4326) as p "
           "from (select i, 121.3 + (i % 100) * 0.004 as x, 31.0 + (i / 100) * 0.003 as y, "
           "0.001 + (i * 7 % 13) * 0.0001 as w from generate_series(1, 3000) as i) as s) as q;"
           "insert into parcels (geom) values (null)");
  const auto json = parklayers({"area", db.gdal_name(), "--layer", "parcels", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto updated = parklayers({"area", db.gdal_name(), "--layer", "parcels", "--update"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_NE(updated.out.find("3000 with areas, 1 NULL (no polygon); 3000 changed"), std::string::npos) << updated.out;

  const auto printed = json_fields(json.out);
  ASSERT_EQ(printed.size(), 3001u);
  std::istringstream rows(db.query("select fid, area_m2, area_mu, area_ha, gk_area_m2, gk_crs from parcels"));
  size_t compared = 0;
  for (std::string line; std::getline(rows, line); ++compared) {
    std::vector<std::string> values;
    std::istringstream fields(line + "|");
    for (std::string field; std::getline(fields, field, '|');) values.push_back(field);
    ASSERT_EQ(values.size(), 6u) << line;
    const long long fid = std::atoll(values[0].c_str());
    ASSERT_EQ(printed.count(fid), 1u) << fid;
    const auto& expected = printed.at(fid);
    const char* names[] = {"area_m2", "area_mu", "area_ha", "gk_area_m2"};
    for (int i = 0; i < 4; ++i) {
      const std::string& text = values[static_cast<size_t>(i) + 1];
      EXPECT_EQ(json_number(text.empty() ? std::nullopt : std::optional<double>(std::strtod(text.c_str(), nullptr))),
                expected.at(names[i]))
          << "fid " << fid << " " << names[i];
    }
    EXPECT_EQ(values[5].empty() ? "null" : json_string(values[5]), expected.at("gk_crs")) << "fid " << fid;
  }
  EXPECT_EQ(compared, 3001u);
  EXPECT_EQ(db.value("select count(distinct gk_crs) from parcels"), "2");
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

// On a Gauss-Kruger plane (EPSG:4528) --update writes the land survey's area too, as `area
// --json` prints it (checked against the rule's own implementation in survey_area_cli_test),
// through both routes: a plain table written back by ctid, and a partitioned one joined through
// the temporary table. A table in longitude/latitude gets no such column.
TEST(AreaUpdateCli, WritesTheSurveyAreaOnAGaussKrugerPlane) {
  const PgTestDatabase db;
  const std::string polygons =
      "select ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x, y), ST_MakePoint(x + w, y), "
      "ST_MakePoint(x + w, y + 95), ST_MakePoint(x + w / 2, y + 130), ST_MakePoint(x, y + 95), "
      "ST_MakePoint(x, y)])), 4528) as geom "
      "from (select i, 40612000 + (i % 20) * 150.0 as x, 3466000 + (i / 20) * 160.0 as y, "
      "60 + (i * 7 % 13) * 10.0 as w from generate_series(1, 200) as i) as s order by i";
  db.query("create table plain (fid serial primary key, geom geometry(Polygon, 4528));"
           "insert into plain (geom) " + polygons + ";"
           "create table parted (fid serial primary key, geom geometry(Polygon, 4528)) "
           "partition by range (fid);"
           "create table parted_0 partition of parted for values from (1) to (101);"
           "create table parted_1 partition of parted for values from (101) to (1001);"
           "insert into parted (geom) " + polygons);
  for (const std::string table : {"plain", "parted"}) {
    const auto json = parklayers({"area", db.gdal_name(), "--layer", table, "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const auto updated = parklayers({"area", db.gdal_name(), "--layer", table, "--update"});
    ASSERT_EQ(updated.exit_code, 0) << updated.err;
    const auto printed = json_fields(json.out);
    ASSERT_EQ(printed.size(), 200u);
    std::istringstream rows(db.query("select fid, survey_area_m2, area_m2 from " + table));
    size_t compared = 0;
    for (std::string line; std::getline(rows, line); ++compared) {
      const size_t bar = line.find('|');
      const long long fid = std::atoll(line.c_str());
      ASSERT_EQ(printed.count(fid), 1u) << table << " " << fid;
      const double survey = std::strtod(line.c_str() + bar + 1, nullptr);
      EXPECT_EQ(json_number(survey), printed.at(fid).at("survey_area_m2")) << table << " fid " << fid;
      // Both ellipsoidal: the trapezoids and Karney's geodesics agree to centimetres here.
      EXPECT_NEAR(survey, std::strtod(line.c_str() + line.rfind('|') + 1, nullptr), 0.01) << table << " fid " << fid;
    }
    EXPECT_EQ(compared, 200u) << table;
  }
  db.query("create table lonlat (fid serial primary key, geom geometry(Polygon, 4326));"
           "insert into lonlat (geom) values (ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.29, 121.161 "
           "31.291, 121.16 31.291, 121.16 31.29))', 4326))");
  ASSERT_EQ(parklayers({"area", db.gdal_name(), "--layer", "lonlat", "--update"}).exit_code, 0);
  EXPECT_EQ(db.query("select count(*) from information_schema.columns where table_name = 'lonlat' and column_name "
                     "= 'survey_area_m2'"),
            "0\n");
}

}  // namespace
}  // namespace parklayers
