// gdal_util: the GDAL helpers; SQL text quoted so that names from data stay names.
#include "parklayers/gis/gdal_util.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "test_support.h"

namespace parklayers {
namespace {

// A new, empty GeoPackage.
GDALDatasetUniquePtr gpkg(const std::string& path) {
  ensure_gdal_registered();
  return GDALDatasetUniquePtr(
      GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
}

std::string pragma(GDALDataset& dataset, const char* sql) {
  OGRLayer* result = dataset.ExecuteSQL(sql, nullptr, nullptr);
  EXPECT_TRUE(result) << sql;
  if (!result) return "";
  OGRFeatureUniquePtr row(result->GetNextFeature());
  const std::string value = row ? row->GetFieldAsString(0) : "";
  dataset.ReleaseResultSet(result);
  return value;
}

TEST(GdalUtil, SqlLiteralsComeBackAsTheText) {
  EXPECT_EQ(sql_literal("parcels"), "'parcels'");
  EXPECT_EQ(sql_literal("it's"), "'it''s'");
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDatasetUniquePtr dataset =
      gpkg(dir.file("sql.gpkg"));
  ASSERT_TRUE(dataset);
  for (const std::string text : {"安亭's \"parcels\"", "'); DROP TABLE gpkg_contents; --", "''", ""}) {
    const std::string sql = "SELECT " + sql_literal(text);
    EXPECT_EQ(pragma(*dataset, sql.c_str()), text) << text;
  }
}

TEST(GdalUtil, SqlIdentifiersNameTheTable) {
  EXPECT_EQ(sql_identifier("parcels"), "\"parcels\"");
  EXPECT_EQ(sql_identifier("a\"b"), "\"a\"\"b\"");
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDatasetUniquePtr dataset =
      gpkg(dir.file("sql.gpkg"));
  ASSERT_TRUE(dataset);
  for (const std::string name : {"安亭's \"parcels\"", "x\"; DROP TABLE gpkg_contents; --"}) {
    dataset->ExecuteSQL(("CREATE TABLE " + sql_identifier(name) + " (v INTEGER)").c_str(), nullptr, nullptr);
    dataset->ExecuteSQL(("INSERT INTO " + sql_identifier(name) + " VALUES (7)").c_str(), nullptr, nullptr);
    EXPECT_EQ(pragma(*dataset, ("SELECT v FROM " + sql_identifier(name)).c_str()), "7") << name;
    EXPECT_EQ(pragma(*dataset, ("SELECT COUNT(*) FROM sqlite_master WHERE name = " + sql_literal(name)).c_str()), "1")
        << name;
  }
  EXPECT_EQ(pragma(*dataset, "SELECT COUNT(*) FROM gpkg_contents"), "0");  // still there
}

}  // namespace
}  // namespace parklayers
