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

TEST(GdalUtil, WhenTheSpatialIndexIsFilledWhileWriting) {
  EXPECT_TRUE(index_while_writing("GPKG", 200000, false));
  EXPECT_TRUE(index_while_writing("GPKG", kIndexWhileWritingMaxFeatures, false));
  EXPECT_FALSE(index_while_writing("GPKG", kIndexWhileWritingMaxFeatures + 1, false));
  EXPECT_FALSE(index_while_writing("GPKG", -1, false));  // unknown count: GDAL's own way
  EXPECT_TRUE(index_while_writing("GPKG", 2000000, true));
  EXPECT_FALSE(index_while_writing("ESRI Shapefile", 10, true));
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

TEST(GdalUtil, OutputGeoPackageHasTheLargerCacheAndItsIndexFromTheStart) {
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

  CPLStringList options;
  defer_spatial_index(options);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  const std::string name = "Anting's parcels";  // a quote, as names from data may have
  OGRLayer* layer = dataset->CreateLayer(name.c_str(), &wgs84, wkbPolygon, options.List());
  ASSERT_TRUE(layer);
  index_as_written(*dataset, *layer);
  OGRFeature feature(layer->GetLayerDefn());
  OGRGeometry* square = nullptr;
  ASSERT_EQ(OGRGeometryFactory::createFromWkt("POLYGON ((121 31,121.1 31,121.1 31.1,121 31.1,121 31))", nullptr, &square),
            OGRERR_NONE);
  feature.SetGeometryDirectly(square);
  ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  dataset.reset();

  const test::SpatialIndex index = test::gpkg_spatial_index(dir.file("out.gpkg"), name);
  EXPECT_TRUE(index.present);
  EXPECT_EQ(index.rows, 1);
  const test::CommandResult valid = test::validate_gpkg(dir.file("out.gpkg"));
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
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
