// SPDX-License-Identifier: GPL-2.0-or-later
// Conversion into PostgreSQL (postgres_output.h through convert()): every input's layers as
// tables of a schema, QGIS's styles in public.layer_styles, all in one transaction. What is
// written is read back with psql (PostgreSQL's own catalogue), and compared with the inputs read
// by GDAL.
#include "parklayers/io/postgres_output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/convert.h"
#include "test_support.h"

namespace parklayers {
namespace {

// psql's answer without its final newline.
std::string sql(const test::PgTestDatabase& db, const std::string& query) { return db.value(query); }

const std::string kQml = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22\"/>";

ConvertOptions to_postgres() {
  ConvertOptions options;
  options.formats = {Format::PostgreSQL};
  options.default_style = [](OGRLayer& layer) -> std::optional<std::string> {
    if (std::string(layer.GetName()) == "parcels") return kQml;
    return std::nullopt;
  };
  return options;
}

// The rows of a table as one text (psql's own rendering), to compare before and after.
std::string checksum(const test::PgTestDatabase& db, const std::string& table) {
  return sql(db, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY fid)), '') FROM " +
                  table + " t");
}

std::string tables_of(const test::PgTestDatabase& db, const std::string& schema) {
  return sql(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = '" +
                  schema + "'");
}

// (fid, id, name_zh) of every feature, as GDAL reads the GeoPackage.
std::string gpkg_rows(const std::string& path, const std::string& layer) {
  const GDALDatasetUniquePtr dataset = test::open_dataset(path);
  std::ostringstream out;
  for (auto&& feature : *dataset->GetLayerByName(layer.c_str())) {
    out << feature->GetFID() << "|" << feature->GetFieldAsString("id") << "|" << feature->GetFieldAsString("name_zh")
        << "\n";
  }
  std::string text = out.str();
  if (!text.empty()) text.pop_back();
  return text;
}

TEST(QuoteLiteral, PostgresReadsBackTheText) {
  test::PgTestDatabase db;
  for (const std::string text : {"plain", "it's", "a\\b", "'';DROP TABLE x;--", "安亭 '园区'", ""}) {
    EXPECT_EQ(sql(db, "SELECT " + quote_literal(text)), text) << text;
  }
}

TEST(PostgresOutput, ConvertsEachInputIntoItsSchema) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("north.gpkg"), "parcels", 50);
  test::write_square_parcels(dir.file("south.gpkg"), "plots", 30);
  const ConvertResult result =
      convert({SourceName(dir.file("north.gpkg")), SourceName(dir.file("south.gpkg"))}, db.gdal_name(), to_postgres());
  EXPECT_TRUE(result.files.empty());
  EXPECT_EQ(result.tables, (std::vector<std::string>{"\"north\".\"parcels\"", "\"south\".\"plots\""}));

  EXPECT_EQ(tables_of(db, "north"), "parcels");
  EXPECT_EQ(tables_of(db, "south"), "plots");
  // fid the primary key, geom the geometry column with a GiST index.
  EXPECT_EQ(sql(db, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
                     "ANY(i.indkey) WHERE i.indrelid = 'north.parcels'::regclass AND i.indisprimary"),
            "fid");
  EXPECT_EQ(sql(db, "SELECT f_geometry_column || ':' || srid FROM geometry_columns WHERE f_table_schema = 'north'"),
            "geom:4326");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'south' AND tablename = 'plots' AND "
                     "indexdef ILIKE '%USING gist (geom)%'"),
            "1");
  // The same fids and values as the inputs.
  EXPECT_EQ(sql(db, "SELECT fid || '|' || id || '|' || name_zh FROM north.parcels ORDER BY fid"),
            gpkg_rows(dir.file("north.gpkg"), "parcels"));
  EXPECT_EQ(sql(db, "SELECT fid || '|' || id || '|' || name_zh FROM south.plots ORDER BY fid"),
            gpkg_rows(dir.file("south.gpkg"), "plots"));
  // The geometries too (PostGIS compares them).
  EXPECT_EQ(sql(db, "SELECT count(*) FROM north.parcels WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)"), "0");

  // The default style of the styled layer only, QGIS's way.
  EXPECT_EQ(sql(db, "SELECT f_table_catalog || '|' || f_table_schema || '|' || f_table_name || '|' || "
                     "f_geometry_column || '|' || useasdefault FROM public.layer_styles"),
            db.name() + "|north|parcels|geom|true");
  EXPECT_EQ(sql(db, "SELECT styleqml::text FROM public.layer_styles"), kQml);
}

TEST(PostgresOutput, ATableOfADatabaseKeepsItsTableNameInTheNewSchema) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("src.gpkg"), "parcels", 20);
  convert({SourceName(dir.file("src.gpkg"))}, db.gdal_name(), to_postgres());
  // Read back from the database, GDAL names the table "src.parcels".
  ConvertOptions options = to_postgres();
  options.schema = "copy";
  const ConvertResult result = convert({SourceName(db.gdal_name())}, db.gdal_name(), options);
  EXPECT_EQ(result.tables, (std::vector<std::string>{"\"copy\".\"parcels\""}));
  EXPECT_EQ(tables_of(db, "copy"), "parcels");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM copy.parcels"), "20");
}

TEST(PostgresOutput, OneSchemaForAllRefusesClashingLayers) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("a.gpkg"), "parcels", 5);
  test::write_square_parcels(dir.file("b.gpkg"), "parcels", 5);
  ConvertOptions options = to_postgres();
  options.schema = "together";
  try {
    convert({SourceName(dir.file("a.gpkg")), SourceName(dir.file("b.gpkg"))}, db.gdal_name(), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("\"together\""), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("b.gpkg"), std::string::npos) << error.what();
  }
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'together'"), "0");

  // Layers of different names share it.
  test::write_square_parcels(dir.file("c.gpkg"), "plots", 7);
  convert({SourceName(dir.file("a.gpkg")), SourceName(dir.file("c.gpkg"))}, db.gdal_name(), options);
  EXPECT_EQ(tables_of(db, "together"), "parcels,plots");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM together.plots"), "7");
}

TEST(PostgresOutput, CannotMixWithFileFormats) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("a.gpkg"), "parcels", 5);
  ConvertOptions options = to_postgres();
  options.formats.push_back(Format::GeoJSON);
  EXPECT_THROW(convert({SourceName(dir.file("a.gpkg"))}, db.gdal_name(), options), InputError);
  options.formats = {Format::PostgreSQL};
  EXPECT_THROW(convert({SourceName(dir.file("a.gpkg"))}, dir.path(), options), InputError);  // not a database
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'a'"), "0");
}

TEST(PostgresOutput, ExistingSchemaIsReplacedOnlyWithOverwrite) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("park.gpkg"), "parcels", 20);
  convert({SourceName(dir.file("park.gpkg"))}, db.gdal_name(), to_postgres());
  const std::string before = checksum(db, "park.parcels");

  std::filesystem::create_directories(dir.file("other"));
  test::write_square_parcels(dir.file("other/park.gpkg"), "parcels", 3);
  try {
    convert({SourceName(dir.file("other/park.gpkg"))}, db.gdal_name(), to_postgres());
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("\"park\" exists"), std::string::npos) << error.what();
  }
  EXPECT_EQ(checksum(db, "park.parcels"), before);

  ConvertOptions options = to_postgres();
  options.overwrite = true;
  convert({SourceName(dir.file("other/park.gpkg"))}, db.gdal_name(), options);
  EXPECT_EQ(sql(db, "SELECT count(*) FROM park.parcels"), "3");
  // One default style row for the table, not one per run.
  EXPECT_EQ(sql(db, "SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'park'"), "1");
}

// A failure after the tables are written (QGIS's style table refuses the row) rolls everything
// back: the old schema is as it was, no new one appears.
TEST(PostgresOutput, FailureMidwayRollsBack) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("park.gpkg"), "parcels", 20);
  convert({SourceName(dir.file("park.gpkg"))}, db.gdal_name(), to_postgres());
  const std::string before = checksum(db, "park.parcels");
  const std::string styles_before = sql(db, "SELECT count(*) FROM public.layer_styles");
  sql(db, "ALTER TABLE public.layer_styles ADD CONSTRAINT no_second_style CHECK (id < 2)");

  std::filesystem::create_directories(dir.file("new"));
  test::write_square_parcels(dir.file("new/park.gpkg"), "parcels", 500);
  test::write_square_parcels(dir.file("new/fresh.gpkg"), "parcels", 500);
  ConvertOptions options = to_postgres();
  options.overwrite = true;
  EXPECT_THROW(convert({SourceName(dir.file("new/park.gpkg")), SourceName(dir.file("new/fresh.gpkg"))}, db.gdal_name(),
                       options),
               OutputError);
  EXPECT_EQ(checksum(db, "park.parcels"), before);
  EXPECT_EQ(tables_of(db, "park"), "parcels");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'fresh'"), "0");
  EXPECT_EQ(sql(db, "SELECT count(*) FROM public.layer_styles"), styles_before);
}

TEST(PostgresOutput, RefusesASchemaNamePostgresWouldCut) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("park.gpkg"), "parcels", 2);
  ConvertOptions options = to_postgres();
  options.schema = std::string(64, 's');
  EXPECT_THROW(convert({SourceName(dir.file("park.gpkg"))}, db.gdal_name(), options), InputError);
  EXPECT_EQ(sql(db, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'sss%'"), "0");
  options.schema = std::string(63, 's');
  convert({SourceName(dir.file("park.gpkg"))}, db.gdal_name(), options);
  EXPECT_EQ(sql(db, "SELECT count(*) FROM " + options.schema + ".parcels"), "2");
}

TEST(PostgresOutput, WrongPasswordIsAnOutputErrorWithoutIt) {
  test::PgTestDatabase db;
  test::TempDir dir;
  test::write_square_parcels(dir.file("park.gpkg"), "parcels", 2);
  const std::string name = "PG:host=" + db.host() + " port=" + std::to_string(db.port()) + " dbname=" + db.name() +
                           " user=parklayers_pw password=not-the-password";
  try {
    convert({SourceName(dir.file("park.gpkg"))}, name, to_postgres());
    FAIL() << "no error";
  } catch (const OutputError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;
    EXPECT_NE(message.find(db.name()), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace parklayers
