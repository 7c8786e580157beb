// SPDX-License-Identifier: GPL-2.0-or-later
// A PostgreSQL/PostGIS database as a source, as users run the program: `area`, `check`, `build`
// and `convert` on "PG:..." names, a park kept in a schema, libpq's environment (a service file,
// PGPASSWORD), and what a wrong password, a server that does not answer and a missing table
// give, never showing a password. The reference for every area is PostGIS's own
// ST_Area(geom::geography), read through psql.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include "test_support.h"

namespace parklayers {
namespace {

using test::parklayers;
using test::PgTestDatabase;

const std::string kPassword = "parklayers-secret-pw";

// `count` parcels around Anting (121.16E 31.29N), each a pentagon of its own size and shape (100
// to 210 m across, as the park's), made by PostGIS in SQL; fid is the primary key. Not smaller:
// PostGIS takes the flattening as (a - b) / a, which moves its areas by about 1e-5 m2, 4e-8 of a
// 250 m2 parcel (measured), where ours, with WGS 84's own flattening, agree with GeographicLib.
void make_parcels(const PgTestDatabase& db, const std::string& table, int count, int srid = 4326) {
  const std::string polygon =
      "ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(x, y), ST_MakePoint(x + w, y), ST_MakePoint(x + w, y + h), "
      "ST_MakePoint(x + w / 2, y + h + d), ST_MakePoint(x, y + h), ST_MakePoint(x, y)]))";
  const std::string geometry = srid == 4326 ? "ST_SetSRID(" + polygon + ", 4326)"
                                            : "ST_Transform(ST_SetSRID(" + polygon + ", 4326), " + std::to_string(srid) + ")";
  db.query("create table " + table + " (fid serial primary key, name text, geom geometry(Polygon, " +
           std::to_string(srid) + "));"
           "insert into " + table + " (name, geom) select 'parcel ' || i, " + geometry +
           " from (select i, 120.66 + (i % 400) * 0.0025 as x, 31.0 + (i / 400) * 0.0025 as y,"
           " 0.001 + (i * 7 % 13) * 0.0001 as w, 0.001 + (i * 11 % 17) * 0.00006 as h,"
           " (i % 5) * 0.0002 as d from generate_series(1, " + std::to_string(count) + ") as i) as p;"
           "analyze " + table);
}

// fid -> value of one JSON field in `area --json` output (one feature per line).
std::map<long long, double> json_values(const std::string& out, const std::string& field) {
  std::map<long long, double> values;
  std::istringstream lines(out);
  const std::string key = "\"" + field + "\": ";
  for (std::string line; std::getline(lines, line);) {
    const size_t fid_at = line.find("{\"fid\": ");
    const size_t value_at = line.find(key);
    if (fid_at == std::string::npos || value_at == std::string::npos) continue;
    values[std::atoll(line.c_str() + fid_at + 8)] = std::strtod(line.c_str() + value_at + key.size(), nullptr);
  }
  return values;
}

// fid -> value from psql rows "fid|value".
std::map<long long, double> psql_values(const std::string& rows) {
  std::map<long long, double> values;
  std::istringstream lines(rows);
  for (std::string line; std::getline(lines, line);) {
    const size_t bar = line.find('|');
    if (bar == std::string::npos) continue;
    values[std::atoll(line.c_str())] = std::strtod(line.c_str() + bar + 1, nullptr);
  }
  return values;
}

void expect_same(const std::map<long long, double>& ours, const std::map<long long, double>& postgis,
                 double relative) {
  ASSERT_EQ(ours.size(), postgis.size());
  size_t off = 0;
  for (const auto& [fid, value] : postgis) {
    const auto found = ours.find(fid);
    ASSERT_NE(found, ours.end()) << "fid " << fid;
    if (std::fabs(found->second - value) > relative * std::fabs(value) && ++off <= 5) {
      ADD_FAILURE() << "fid " << fid << ": " << found->second << " vs PostGIS " << value;
    }
  }
  EXPECT_EQ(off, 0u);
}

TEST(PostgresSourceCli, AreaJsonOnTwoHundredThousandParcelsEqualsPostgis) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 200000);
  const auto measured = parklayers({"area", db.gdal_name(), "--layer", "parcels", "--json"});
  ASSERT_EQ(measured.exit_code, 0) << measured.err;
  const auto postgis = psql_values(db.query("select fid, ST_Area(geom::geography) from parcels"));
  ASSERT_EQ(postgis.size(), 200000u);
  expect_same(json_values(measured.out, "area_m2"), postgis, 1e-8);
  // mu and ha from the same figure: 1 mu = 10000/15 m2, 1 ha = 10000 m2.
  std::map<long long, double> mu, ha;
  for (const auto& [fid, m2] : postgis) {
    mu[fid] = m2 * 15 / 10000;
    ha[fid] = m2 / 10000;
  }
  expect_same(json_values(measured.out, "area_mu"), mu, 1e-8);
  expect_same(json_values(measured.out, "area_ha"), ha, 1e-8);
}

TEST(PostgresSourceCli, ReadingStreamsWithFlatMemory) {
  // GDAL's PostgreSQL driver reads through a cursor, a batch of rows at a time: the peak memory
  // of `area --json` on 200,000 rows stays near that on 50,000, past the rows the reading and measuring hold in flight.
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine, so the peak grows with the work done; the
  // main build measures it.
  GTEST_SKIP() << "peak memory is not the program's own under AddressSanitizer";
#endif
  const PgTestDatabase db;
  make_parcels(db, "small", 50000);
  make_parcels(db, "large", 200000);
  const auto peak_kb = [&db](const std::string& table) {
    test::TempDir dir;
    const auto run = test::run({"/usr/bin/time", "-f", "%M", "-o", dir.file("peak"), PARKLAYERS_TEST_EXE, "area",
                                db.gdal_name(), "--layer", table, "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return std::atol(test::read_text(dir.file("peak")).c_str());
  };
  const long small = peak_kb("small");
  const long large = peak_kb("large");
  EXPECT_GT(small, 0);
  EXPECT_LT(large, small + 20 * 1024) << "peak " << small << " kB on 50,000 rows, " << large << " kB on 200,000";
}

TEST(PostgresSourceCli, GaussKrugerTableGetsItsOwnPlanarArea) {
  const PgTestDatabase db;
  make_parcels(db, "gk_parcels", 2000, 4549);  // CGCS2000 3-degree zone CM 120E, no zone prefix
  const auto measured = parklayers({"area", db.gdal_name(), "--layer", "gk_parcels", "--json"});
  ASSERT_EQ(measured.exit_code, 0) << measured.err;
  EXPECT_NE(measured.out.find("\"gk_crs\": \"EPSG:4549\""), std::string::npos);
  expect_same(json_values(measured.out, "gk_area_m2"), psql_values(db.query("select fid, ST_Area(geom) from gk_parcels")),
              1e-9);
  expect_same(json_values(measured.out, "area_m2"),
              psql_values(db.query("select fid, ST_Area(ST_Transform(geom, 4490)::geography) from gk_parcels")), 1e-8);
}

TEST(PostgresSourceCli, TableInASchemaIsSchemaDotTable) {
  const PgTestDatabase db;
  db.query("create schema 测绘");
  make_parcels(db, "测绘.地块", 50);
  const auto measured = parklayers({"area", db.gdal_name(), "--layer", "测绘.地块", "--json"});
  ASSERT_EQ(measured.exit_code, 0) << measured.err;
  expect_same(json_values(measured.out, "area_m2"),
              psql_values(db.query("select fid, ST_Area(geom::geography) from 测绘.地块")), 1e-8);
}

TEST(PostgresSourceCli, MissingTableNamesDatabaseAndListsTables) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 10);
  make_parcels(db, "roads_area", 10);
  const auto refused = parklayers({"area", db.gdal_name() + " password=" + kPassword, "--layer", "parcles", "--json"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("layer 'parcles': no such table in the database " + db.name() + " on 127.0.0.1:" +
                             std::to_string(db.port())),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("its tables (schema.table outside public): "), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("parcels"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("roads_area"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find(kPassword), std::string::npos) << refused.err;
}

TEST(PostgresSourceCli, WrongPasswordIsExitThreeWithoutThePassword) {
  const PgTestDatabase db;
  const std::string name = "PG:host=127.0.0.1 port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=" + kPassword + "-wrong";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"area", name, "--json"}, {"check", name}, {"check", name, "--layer", "parcels"},
        {"build", name + " schemas=anting", "-o", "/nonexistent/x.gpkg"}, {"convert", name, "-f", "GPKG", "-o", "/tmp"}}) {
    const auto refused = parklayers(args);
    EXPECT_EQ(refused.exit_code, 3) << args[0] << ": " << refused.err;
    EXPECT_NE(refused.err.find("database " + db.name() + " on 127.0.0.1:" + std::to_string(db.port())),
              std::string::npos)
        << args[0] << ": " << refused.err;
    EXPECT_NE(refused.err.find("password authentication failed"), std::string::npos) << refused.err;
    EXPECT_EQ(refused.err.find(kPassword), std::string::npos) << refused.err;
    EXPECT_EQ(refused.out.find(kPassword), std::string::npos) << refused.out;
  }
}

TEST(PostgresSourceCli, ServerThatDoesNotAnswerIsExitThreeNamingHostAndDatabase) {
  const auto refused =
      parklayers({"area", "PG:host=127.0.0.1 port=1 dbname=cadastre user=gis password=" + kPassword, "--json"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("database cadastre on 127.0.0.1:1"), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find(kPassword), std::string::npos) << refused.err;
  EXPECT_EQ(refused.err.find("user=gis"), std::string::npos) << refused.err;
}

TEST(PostgresSourceCli, ServiceFileAndPgpasswordWorkAsForPsql) {
  const PgTestDatabase db;
  make_parcels(db, "parcels", 100);
  db.query("grant select on parcels to parklayers_pw");
  test::TempDir dir;
  test::write_text(dir.file("pg_service.conf"), "[cadastre]\nhost=127.0.0.1\nport=" + std::to_string(db.port()) +
                                                    "\ndbname=" + db.name() + "\nuser=parklayers_pw\n");
  const auto expected = psql_values(db.query("select fid, ST_Area(geom::geography) from parcels"));
  // The service names the server, PGPASSWORD gives the role's password, as psql takes them.
  const auto measured = test::run({"/usr/bin/env", "PGSERVICEFILE=" + dir.file("pg_service.conf"),
                                   "PGPASSWORD=" + kPassword, PARKLAYERS_TEST_EXE, "area", "PG:service=cadastre",
                                   "--layer", "parcels", "--json"});
  ASSERT_EQ(measured.exit_code, 0) << measured.err;
  expect_same(json_values(measured.out, "area_m2"), expected, 1e-8);
  // Without the password the role is refused: exit 3, naming the service's database.
  const auto refused = test::run({"/usr/bin/env", "PGSERVICEFILE=" + dir.file("pg_service.conf"), "PGPASSWORD=",
                                  PARKLAYERS_TEST_EXE, "area", "PG:service=cadastre", "--layer", "parcels", "--json"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("database " + db.name()), std::string::npos) << refused.err;
}

// The bundled park source loaded into schema `anting` with GDAL's own ogr2ogr, as a user would.
void load_park(const PgTestDatabase& db, const std::string& schema) {
  db.query("create schema " + schema);
  for (const char* layer : {"parcels", "buildings", "roads", "amenities"}) {
    const auto loaded = test::run({"/usr/bin/ogr2ogr", "-f", "PostgreSQL", db.gdal_name(),
                                   test::anting_source() + "/" + layer + ".geojson", "-nln", layer, "-lco",
                                   "SCHEMA=" + schema, "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid"});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  }
  for (const char* layer : {"tenants", "stated_figures"}) {
    const auto loaded = test::run({"/usr/bin/ogr2ogr", "-f", "PostgreSQL", db.gdal_name(),
                                   test::anting_source() + "/" + layer + ".csv", "-nln", layer, "-lco",
                                   "SCHEMA=" + schema, "-lco", "FID=fid"});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  }
}

TEST(PostgresSourceCli, ParkInASchemaChecksAsTheFolderDoes) {
  const PgTestDatabase db;
  load_park(db, "anting");
  const std::string name = db.gdal_name() + " password=" + kPassword + " schemas=anting";
  const auto folder = parklayers({"check", test::anting_source()});
  const auto database = parklayers({"check", name});
  EXPECT_EQ(database.exit_code, folder.exit_code) << database.err;
  EXPECT_EQ(database.out, folder.out) << database.err;
  EXPECT_EQ(database.err.find(kPassword), std::string::npos) << database.err;
  const auto json_folder = parklayers({"check", test::anting_source(), "--json"});
  const auto json_database = parklayers({"check", db.gdal_name() + " active_schema=anting", "--json"});
  EXPECT_EQ(json_database.exit_code, json_folder.exit_code) << json_database.err;
  EXPECT_EQ(json_database.out, json_folder.out);

  // A park built from the database: the same checks, and the password nowhere in it.
  test::TempDir dir;
  const auto built = parklayers({"build", name, "-o", dir.file("park.gpkg"), "--no-qgis-project"});
  EXPECT_EQ(built.exit_code, folder.exit_code) << built.err;
  EXPECT_NE(built.out.find(folder.out), std::string::npos) << built.out;
  EXPECT_EQ(built.out.find(kPassword), std::string::npos) << built.out;
  EXPECT_EQ(test::read_text(dir.file("park.gpkg")).find(kPassword), std::string::npos);
  EXPECT_EQ(test::feature_count(dir.file("park.gpkg"), "parcels"),
            std::stol(db.query("select count(*) from anting.parcels")));

  // Without schemas= the park's tables are anting.parcels...: the message says what to add.
  const auto unscoped = parklayers({"check", db.gdal_name()});
  EXPECT_EQ(unscoped.exit_code, 2) << unscoped.err;
  EXPECT_NE(unscoped.err.find("schemas=NAME"), std::string::npos) << unscoped.err;
}

// A park built from one schema into another: the closing line names the source database, never
// its password.
TEST(PostgresSourceCli, BuildFromADatabaseIntoADatabaseShowsNoPassword) {
  const PgTestDatabase db;
  load_park(db, "anting");
  const std::string name = db.gdal_name() + " password=" + kPassword + " schemas=anting";
  const auto folder = parklayers({"check", test::anting_source()});
  const auto built =
      parklayers({"build", name, "-o", db.gdal_name(), "--schema", "copy", "--no-qgis-project"});
  EXPECT_EQ(built.exit_code, folder.exit_code) << built.err;
  EXPECT_NE(built.out.find("tables into database " + db.name() + " on 127.0.0.1:" + std::to_string(db.port()) +
                           " from PG:"),
            std::string::npos)
      << built.out;
  EXPECT_NE(built.out.find("schemas=anting"), std::string::npos) << built.out;
  EXPECT_EQ(built.out.find(kPassword), std::string::npos) << built.out;
  EXPECT_EQ(built.err.find(kPassword), std::string::npos) << built.err;
  EXPECT_EQ(db.value("select count(*) from copy.parcels"), db.value("select count(*) from anting.parcels"));
}

TEST(PostgresSourceCli, ConvertNamesOutputsAfterTheDatabase) {
  const PgTestDatabase db;
  load_park(db, "anting");
  test::TempDir dir;
  const auto converted = parklayers({"convert", db.gdal_name() + " password=" + kPassword + " schemas=anting", "-f",
                                     "GPKG", "-o", dir.path(), "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  const std::string gpkg = dir.file(db.name() + "_anting.gpkg");
  EXPECT_EQ(test::feature_count(gpkg, "parcels"), std::stol(db.query("select count(*) from anting.parcels")));
  EXPECT_EQ(test::read_text(gpkg).find(kPassword), std::string::npos);
}

TEST(PostgresSourceCli, OtherGdalDatasetNamesAreSources) {
  // A zipped GeoJSON through GDAL's /vsizip/: not a path on disk, read as GDAL reads it.
  test::TempDir dir;
  const auto zipped = test::run({"/usr/bin/python3", "-c",
                                 "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').write(sys.argv[2], "
                                 "'parcels.geojson')",
                                 dir.file("park.zip"), test::anting_source() + "/parcels.geojson"});
  ASSERT_EQ(zipped.exit_code, 0) << zipped.err;
  const auto from_zip = parklayers({"area", "/vsizip/" + dir.file("park.zip") + "/parcels.geojson", "--json"});
  const auto from_file = parklayers({"area", test::anting_source() + "/parcels.geojson", "--json"});
  ASSERT_EQ(from_zip.exit_code, 0) << from_zip.err;
  EXPECT_EQ(from_zip.out, from_file.out);
  // A name that is neither a file nor anything GDAL opens.
  const auto missing = parklayers({"area", "/vsizip/" + dir.file("none.zip") + "/x.geojson", "--json"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("GDAL cannot open it"), std::string::npos) << missing.err;
  const auto typo = parklayers({"area", dir.file("parcles.geojson"), "--json"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("no such file or folder"), std::string::npos) << typo.err;
}

}  // namespace
}  // namespace parklayers
