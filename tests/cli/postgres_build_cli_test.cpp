// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers build -o PG:...` and `convert -f PostgreSQL` as a user runs them, against the
// tests' PostgreSQL + PostGIS server. What lands in the database is read with psql (PostgreSQL's
// catalogue, PostGIS's ST_Area on the geography) and compared with the GeoPackage build of the
// same source read by GDAL.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <ogrsf_frmts.h>

#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// psql's answer without its final newline.
std::string sql(const test::PgTestDatabase& db, const std::string& query) { return db.value(query); }

const std::vector<std::string> kLayers = {"parcels", "buildings", "roads", "amenities",
                                          "tenants", "area_checks", "park_boundary"};
const std::vector<std::string> kStyled = {"parcels", "buildings", "roads", "amenities", "park_boundary"};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// Every row of every table of the schema (and its style rows), as PostgreSQL renders them: equal
// before and after means nothing changed.
std::string schema_checksum(const test::PgTestDatabase& db, const std::string& schema) {
  std::string sum = sql(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = '" +
                             schema + "'");
  for (const std::string& table : split(sum, ',')) {
    if (table.empty()) continue;
    sum += "\n" + table + ":" +
           sql(db, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM " +
                    schema + "." + table + " t");
  }
  if (sql(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'layer_styles'") == "0") {
    return sum;
  }
  sum += "\nstyles:" + sql(db, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY id)), '') "
                                "FROM public.layer_styles t WHERE f_table_schema = '" + schema + "'");
  return sum;
}

class PostgresBuild : public ::testing::Test {
 protected:
  test::PgTestDatabase db;
  test::TempDir dir;
};

TEST_F(PostgresBuild, WritesTheParkAsTheGeoPackageHasIt) {
  const auto built = test::parklayers({"build", "-o", db.gdal_name(), "--no-qgis-project", "-q"});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const std::string gpkg = dir.file("park.gpkg");
  const auto file = test::parklayers({"build", "-o", gpkg, "--no-qgis-project", "-q"});
  ASSERT_EQ(file.exit_code, 0) << file.err;

  // The seven tables, each with fid as its primary key; the spatial ones with geom and a GiST index.
  std::string expected_tables;
  for (const std::string& layer : kLayers) expected_tables += (expected_tables.empty() ? "" : ",") + layer;
  EXPECT_EQ(sql(db, "SELECT string_agg(tablename, ',' ORDER BY array_position(ARRAY['parcels','buildings','roads',"
                     "'amenities','tenants','area_checks','park_boundary'], tablename::text)) FROM pg_tables "
                     "WHERE schemaname = 'anting_park' AND tablename <> 'qgis_projects'"),
            expected_tables);
  for (const std::string& layer : kLayers) {
    SCOPED_TRACE(layer);
    EXPECT_EQ(sql(db, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND "
                       "a.attnum = ANY(i.indkey) WHERE i.indrelid = 'anting_park." + layer + "'::regclass AND "
                       "i.indisprimary"),
              "fid");
  }
  EXPECT_EQ(sql(db, "SELECT string_agg(f_table_name || ':' || f_geometry_column, ',' ORDER BY f_table_name) FROM "
                     "geometry_columns WHERE f_table_schema = 'anting_park'"),
            "amenities:geom,buildings:geom,parcels:geom,park_boundary:geom,roads:geom");
  EXPECT_EQ(sql(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_indexes WHERE schemaname = "
                     "'anting_park' AND indexdef ILIKE '%USING gist (geom)%'"),
            "amenities,buildings,parcels,park_boundary,roads");

  // Fields and values as the GeoPackage build has them, field by field, row by row.
  const GDALDatasetUniquePtr dataset = test::open_dataset(gpkg);
  ASSERT_TRUE(dataset);
  for (const std::string& layer_name : kLayers) {
    SCOPED_TRACE(layer_name);
    OGRLayer* layer = dataset->GetLayerByName(layer_name.c_str());
    ASSERT_NE(layer, nullptr);
    const OGRFeatureDefn& defn = *layer->GetLayerDefn();
    std::string gpkg_fields;
    for (int i = 0; i < defn.GetFieldCount(); ++i) gpkg_fields += std::string(",") + defn.GetFieldDefn(i)->GetNameRef();
    EXPECT_EQ("," + sql(db, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                             "information_schema.columns WHERE table_schema = 'anting_park' AND table_name = '" +
                             layer_name + "' AND column_name NOT IN ('fid', 'geom')"),
              gpkg_fields);
    EXPECT_EQ(sql(db, "SELECT string_agg(fid::text, ',' ORDER BY fid) FROM anting_park." + layer_name), [&] {
      std::string fids;
      for (auto&& feature : *layer) fids += (fids.empty() ? "" : ",") + std::to_string(feature->GetFID());
      return fids;
    }());
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
      const OGRFieldDefn& field = *defn.GetFieldDefn(i);
      // One value per row, NULL marked, rows apart by a byte no text holds.
      const std::vector<std::string> values =
          split(sql(db, "SELECT string_agg(coalesce(\"" + std::string(field.GetNameRef()) +
                         "\"::text, '<NULL>'), E'\\x1e' ORDER BY fid) FROM anting_park." + layer_name),
                '\x1e');
      size_t row = 0;
      layer->ResetReading();
      for (auto&& feature : *layer) {
        ASSERT_LT(row, values.size());
        const std::string& got = values[row++];
        SCOPED_TRACE(std::string(field.GetNameRef()) + " of fid " + std::to_string(feature->GetFID()));
        if (!feature->IsFieldSetAndNotNull(i)) {
          EXPECT_EQ(got, "<NULL>");
        } else if (field.GetType() == OFTReal) {
          EXPECT_EQ(std::stod(got), feature->GetFieldAsDouble(i));  // float8's text is exact
        } else {
          EXPECT_EQ(got, feature->GetFieldAsString(i));
        }
      }
      EXPECT_EQ(row, values.size());
    }
  }

  // area_m2 against PostGIS's own area on the spheroid.
  const std::string areas = sql(db, "SELECT fid || '|' || area_m2 || '|' || ST_Area(geom::geography) FROM "
                                     "anting_park.parcels ORDER BY fid");
  int parcels = 0;
  for (const std::string& line : split(areas, '\n')) {
    const std::vector<std::string> parts = split(line, '|');
    ASSERT_EQ(parts.size(), 3u) << line;
    const double ours = std::stod(parts[1]), postgis = std::stod(parts[2]);
    EXPECT_NEAR(ours, postgis, 1e-8 * postgis) << "fid " << parts[0];
    ++parcels;
  }
  EXPECT_EQ(parcels, test::feature_count(gpkg, "parcels"));

  // QGIS's default styles: the very QML the GeoPackage's layer_styles holds, one row per styled
  // layer, the default, for this database, schema, table and geometry column.
  OGRLayer* styles = dataset->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  std::map<std::string, std::string> gpkg_qml;
  for (auto&& row : *styles) gpkg_qml[row->GetFieldAsString("f_table_name")] = row->GetFieldAsString("styleQML");
  for (const std::string& layer : kStyled) {
    SCOPED_TRACE(layer);
    EXPECT_EQ(sql(db, "SELECT count(*) FROM public.layer_styles WHERE f_table_catalog = '" + db.name() +
                       "' AND f_table_schema = 'anting_park' AND f_table_name = '" + layer +
                       "' AND f_geometry_column = 'geom' AND useasdefault"),
              "1");
    ASSERT_TRUE(gpkg_qml.count(layer));
    EXPECT_EQ(sql(db, "SELECT styleqml FROM public.layer_styles WHERE f_table_schema = 'anting_park' AND "
                       "f_table_name = '" + layer + "'"),
              gpkg_qml[layer]);  // byte for byte
  }
  EXPECT_EQ(sql(db, "SELECT count(*) FROM public.layer_styles"), std::to_string(kStyled.size()));
  // The dataset's metadata on the schema.
  EXPECT_NE(sql(db, "SELECT obj_description('anting_park'::regnamespace, 'pg_namespace')").find("PARKLAYERS_VERSION="),
            std::string::npos);
}

TEST_F(PostgresBuild, BadSourceOrNoOverwriteLeaveTheSchemaAsItWas) {
  const auto first = test::parklayers({"build", "-o", db.gdal_name(), "--no-qgis-project", "-q"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string before = schema_checksum(db, "anting_park");
  ASSERT_NE(before.find("parcels:"), std::string::npos);

  // An invalid source, with --overwrite: refused (exit 2), nothing changed.
  const std::string broken = test::copy_anting(dir);
  test::replace_in_file(broken + "/parcels.geojson", "[121.1843091,31.3093201]", "[NaN,31.3093201]");
  const auto bad = test::parklayers(
      {"build", broken, "-o", db.gdal_name(), "--schema", "anting_park", "--overwrite", "--no-qgis-project", "-q"});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_EQ(schema_checksum(db, "anting_park"), before);

  // Without --overwrite: refused naming the schema, nothing changed.
  const auto again = test::parklayers({"build", "-o", db.gdal_name(), "--no-qgis-project", "-q"});
  EXPECT_EQ(again.exit_code, 2) << again.out << again.err;
  EXPECT_NE(again.err.find("\"anting_park\" exists"), std::string::npos) << again.err;
  EXPECT_EQ(schema_checksum(db, "anting_park"), before);

  // With it, a changed source replaces the schema.
  const std::string changed = fs::path(dir.path()) / "changed";
  fs::create_directories(changed);
  fs::copy(test::anting_source(), changed, fs::copy_options::recursive);
  test::replace_in_file(changed + "/parcels.geojson", "[121.1843091,31.3093201]", "[121.1843091,31.3093301]");
  const auto replaced = test::parklayers(
      {"build", changed, "-o", db.gdal_name(), "--schema", "anting_park", "--overwrite", "--no-qgis-project", "-q"});
  EXPECT_LE(replaced.exit_code, 1) << replaced.err;
  EXPECT_NE(schema_checksum(db, "anting_park"), before);
}

TEST_F(PostgresBuild, WrongPasswordIsExit3WithoutThePassword) {
  const std::string secret = "not-parklayers-secret";
  const std::string name = "PG:host=" + db.host() + " port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=" + secret;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"build", "-o", name, "--no-qgis-project"},
        std::vector<std::string>{"convert", test::anting_source() + "/parcels.geojson", "-f", "PostgreSQL", "-o", name}}) {
    const auto run = test::parklayers(args);
    EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
    EXPECT_EQ((run.out + run.err).find(secret), std::string::npos) << run.out << run.err;
    EXPECT_NE(run.err.find(db.name()), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(db.host()), std::string::npos) << run.err;
  }
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('anting_park', 'parcels')"), "0");
}

// A role that may log in but not create schemas: refused by the server at the first statement
// (exit 3, the server's reason), nothing written.
TEST_F(PostgresBuild, RoleWithoutCreateIsExit3AndWritesNothing) {
  const std::string name = "PG:host=" + db.host() + " port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=parklayers-secret-pw";
  const auto run = test::parklayers({"build", "-o", name, "--no-qgis-project", "-q"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find("permission denied"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("parklayers-secret-pw"), std::string::npos) << run.err;
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'anting_park'"), "0");
}

TEST_F(PostgresBuild, ConvertIntoSchemas) {
  const std::string parcels = test::anting_source() + "/parcels.geojson";
  const std::string roads = test::anting_source() + "/roads.geojson";
  const auto converted = test::parklayers({"convert", parcels, roads, "-f", "PostgreSQL", "-o", db.gdal_name(), "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_EQ(sql(db, "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY schemaname) FROM pg_tables WHERE "
                     "schemaname IN ('parcels', 'roads')"),
            "parcels.parcels,roads.roads");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM parcels.parcels"), std::to_string(test::feature_count(parcels)));
  // The default styles convert gives: the roads' (the parcels' style reads the built park's area
  // fields, which the source lacks).
  EXPECT_EQ(sql(db, "SELECT string_agg(f_table_schema || '.' || f_table_name, ',' ORDER BY f_table_schema) FROM "
                     "public.layer_styles"),
            "roads.roads");

  // Into one schema: a layer name twice is refused before anything is written.
  const auto clash = test::parklayers(
      {"convert", parcels, parcels, "-f", "PostgreSQL", "-o", db.gdal_name(), "--schema", "one", "-q"});
  EXPECT_EQ(clash.exit_code, 2) << clash.err;
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'one'"), "0");
  const auto one = test::parklayers(
      {"convert", parcels, roads, "-f", "PostgreSQL", "-o", db.gdal_name(), "--schema", "one", "-q"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(sql(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'one'"),
            "parcels,roads");

  // Not with a file format in the same run.
  const auto mixed = test::parklayers(
      {"convert", parcels, "-f", "PostgreSQL", "-f", "GPKG", "-o", db.gdal_name(), "--schema", "mixed", "-q"});
  EXPECT_EQ(mixed.exit_code, 2) << mixed.err;
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'mixed'"), "0");
}

// Runs parklayers and kills it with SIGKILL 0.2 s into its COPY into the database.
void kill_while_copying(const test::PgTestDatabase& db, const std::vector<std::string>& args) {
  test::kill_parklayers_when(args, [&db](pid_t) {
    const bool copying = sql(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name() +
                                     "' AND query ILIKE 'COPY %'") != "0";
    if (copying) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return copying;
  });
}

// One test, so that the 200,000 parcels are written once.
TEST_F(PostgresBuild, KilledConversionLeavesNoHalfSchema) {
  const std::string big = dir.file("big.gpkg");
  test::write_square_parcels(big, "parcels", 200000);
  {
    SCOPED_TRACE("a new schema");
    kill_while_copying(db, {"convert", big, "-f", "PostgreSQL", "-o", db.gdal_name(), "-q"});
    EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'big'"), "0");
  }
  {
    SCOPED_TRACE("an old schema replaced with --overwrite");
    fs::create_directories(dir.file("small"));
    test::write_square_parcels(dir.file("small/big.gpkg"), "parcels", 10);
    const auto small = test::parklayers({"convert", dir.file("small/big.gpkg"), "-f", "PostgreSQL", "-o",
                                         db.gdal_name(), "-q"});
    ASSERT_EQ(small.exit_code, 0) << small.err;
    const std::string before = schema_checksum(db, "big");
    ASSERT_NE(before.find("parcels:10:"), std::string::npos) << before;
    kill_while_copying(db, {"convert", big, "-f", "PostgreSQL", "-o", db.gdal_name(), "--overwrite", "-q"});
    EXPECT_EQ(schema_checksum(db, "big"), before);
  }
}

}  // namespace
}  // namespace parklayers
