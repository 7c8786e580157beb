// SPDX-License-Identifier: GPL-2.0-or-later
// layer_styles: QGIS's own table of default styles in a GeoPackage, as QGIS 3.22 makes it.
// (QGIS itself reads our rows back in park/convert_park_test.cpp and the QGIS tests.)
#include "parklayers/io/layer_styles.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace parklayers {
namespace {

const std::string kParcelsQml = "<!DOCTYPE qgis><qgis version=\"3.22.16\"><renderer-v2 type=\"singleSymbol\"/></qgis>";
const std::string kRoadsQml = "<!DOCTYPE qgis><qgis version=\"3.22.16\"><renderer-v2 type=\"nullSymbol\"/></qgis>";

TEST(LayerStyles, QgisOwnTables) {
  EXPECT_TRUE(is_qgis_table("layer_styles"));
  EXPECT_TRUE(is_qgis_table("qgis_projects"));
  EXPECT_FALSE(is_qgis_table("parcels"));
  EXPECT_FALSE(is_qgis_table("area_checks"));
}

TEST(LayerStyles, TableAsQgisMakesIt) {
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(dir.file("s.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  ASSERT_NE(dataset->CreateLayer("parcels", nullptr, wkbPolygon, nullptr), nullptr);
  write_layer_styles(*dataset, {{"parcels", "geom", kParcelsQml}});
  write_layer_styles(*dataset, {{"roads", "geom", kRoadsQml}});  // appends
  OGRLayer* table = dataset->GetLayerByName("layer_styles");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->GetFeatureCount(), 2);
  table->SetAttributeFilter("f_table_schema = '' AND f_table_name = 'parcels' AND useAsDefault = 1");
  std::unique_ptr<OGRFeature> row(table->GetNextFeature());
  ASSERT_TRUE(row);
  EXPECT_STREQ(row->GetFieldAsString("f_geometry_column"), "geom");
  EXPECT_EQ(std::string(row->GetFieldAsString("styleQML")), kParcelsQml);
  EXPECT_TRUE(row->IsFieldSetAndNotNull(row->GetFieldIndex("update_time")));
}

}  // namespace
}  // namespace parklayers
