// gdal_util: the GDAL helpers, here those that set up outputs written in one pass.
#include "parklayers/gdal_util.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "test_support.h"

namespace parklayers {
namespace {

TEST(GdalUtil, DriversFromExtensions) {
  EXPECT_EQ(driver_for_extension("out/a.GPKG"), "GPKG");
  EXPECT_EQ(driver_for_extension("a.geojson"), "GeoJSON");
  EXPECT_EQ(driver_for_extension("a.shp"), "ESRI Shapefile");
  EXPECT_EQ(driver_for_extension("dir.d/file"), "");
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

TEST(GdalUtil, OutputGeoPackageHasTheLargerCache) {
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  ASSERT_TRUE(driver);
  GDALDatasetUniquePtr dataset = create_vector_output(*driver, dir.file("out.gpkg"));
  ASSERT_TRUE(dataset);
  // GDAL sets the cache in pages.
  const long long page = std::stoll(pragma(*dataset, "PRAGMA page_size"));
  EXPECT_EQ(std::stoll(pragma(*dataset, "PRAGMA cache_size")) * page, kOutputGpkgCacheMb * 1024LL * 1024);
  // Only this output: the option was set for the call, on this thread.
  EXPECT_EQ(CPLGetConfigOption("OGR_SQLITE_CACHE", nullptr), nullptr);
}

TEST(GdalUtil, SqlLiteralsComeBackAsTheText) {
  EXPECT_EQ(sql_literal("parcels"), "'parcels'");
  EXPECT_EQ(sql_literal("it's"), "'it''s'");
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDatasetUniquePtr dataset =
      create_vector_output(*GetGDALDriverManager()->GetDriverByName("GPKG"), dir.file("sql.gpkg"));
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
      create_vector_output(*GetGDALDriverManager()->GetDriverByName("GPKG"), dir.file("sql.gpkg"));
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

TEST(GdalUtil, UserCacheSizeIsKept) {
  ensure_gdal_registered();
  test::TempDir dir;
  CPLSetConfigOption("OGR_SQLITE_CACHE", "3");
  GDALDatasetUniquePtr dataset =
      create_vector_output(*GetGDALDriverManager()->GetDriverByName("GPKG"), dir.file("out.gpkg"));
  CPLSetConfigOption("OGR_SQLITE_CACHE", nullptr);
  ASSERT_TRUE(dataset);
  const long long page = std::stoll(pragma(*dataset, "PRAGMA page_size"));
  EXPECT_EQ(std::stoll(pragma(*dataset, "PRAGMA cache_size")) * page, 3 * 1024LL * 1024);
}

}  // namespace
}  // namespace parklayers
