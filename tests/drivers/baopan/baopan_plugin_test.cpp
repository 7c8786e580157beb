// SPDX-License-Identifier: GPL-2.0-or-later
// The GDAL plugin ogr_BAOPAN.so in GDAL's own programs, with no Park Layers code of theirs:
// `ogrinfo` and `ogr2ogr` find it through GDAL_DRIVER_PATH, as they find it in GDAL's plugin
// folder once installed. The coordinate file is written here as text.
#include <cstdio>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "parklayers/drivers/baopan.h"
#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace parklayers {
namespace {

const char* const kRed =
    "[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n带号=40\r\n[地块坐标]\r\n"
    "5,0.4825,6,示例地块,面,,工业用地,,@\r\n"
    "J1,1,3466120.500,40613040.250\r\nJ2,1,3466180.625,40613040.250\r\nJ3,1,3466180.625,40613120.500\r\n"
    "J4,1,3466120.500,40613120.500\r\nJ1,1,3466120.500,40613040.250\r\n"
    "10,1.2180,7,带孔地块,面,,仓储用地,,@\r\n"
    "J1,1,3466300.000,40613000.000\r\nJ2,1,3466400.000,40613000.000\r\nJ3,1,3466400.000,40613130.000\r\n"
    "J4,1,3466300.000,40613130.000\r\nJ1,1,3466300.000,40613000.000\r\n"
    "J5,2,3466320.000,40613020.000\r\nJ6,2,3466350.000,40613020.000\r\nJ7,2,3466350.000,40613060.000\r\n"
    "J8,2,3466320.000,40613060.000\r\nJ5,2,3466320.000,40613020.000\r\n";

// A GDAL program run with GDAL_DRIVER_PATH set to `plugins` (only that folder is searched).
test::CommandResult gdal(const std::string& plugins, std::vector<std::string> args) {
  args.insert(args.begin(), {"/usr/bin/env", "GDAL_DRIVER_PATH=" + plugins});
  return test::run(args);
}

// Every vertex of both layers (x, y), in order.
std::vector<test::Vertex> all_vertices(const std::string& path) {
  ensure_gdal_registered();
  RegisterOGRBAOPAN();
  std::vector<test::Vertex> out;
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(dataset) << path;
  if (!dataset) return out;
  for (auto&& feature : *dataset->GetLayer(0)) {
    for (const test::Vertex& v : test::vertices(*feature->GetGeometryRef())) out.push_back(v);
  }
  return out;
}

TEST(BaopanPlugin, ListedByOgrinfoWithoutErrors) {
  const test::CommandResult formats = gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"ogrinfo", "--formats"});
  ASSERT_EQ(formats.exit_code, 0) << formats.err;
  EXPECT_NE(formats.out.find("BAOPAN -vector- (rw+v): Chinese land-parcel coordinate file (坐标报盘)"),
            std::string::npos)
      << formats.out;
  EXPECT_EQ(formats.err, "");
  // Without the plugin's folder GDAL has no such driver: the plugin is what ogrinfo used.
  test::TempDir empty;
  EXPECT_EQ(gdal(empty.path(), {"ogrinfo", "--formats"}).out.find("BAOPAN"), std::string::npos);
}

// What GDAL says of the driver: its names, its help topic (the page in our docs) and what it
// can do (open, create, /vsimem), the field types it takes and its layer creation options.
TEST(BaopanPlugin, GdalinfoDescribesTheFormat) {
  const test::CommandResult format = gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"gdalinfo", "--format", "BAOPAN"});
  ASSERT_EQ(format.exit_code, 0) << format.err;
  EXPECT_EQ(format.err, "");
  EXPECT_EQ(format.out,
            "Format Details:\n"
            "  Short Name: BAOPAN\n"
            "  Long Name: Chinese land-parcel coordinate file (坐标报盘)\n"
            "  Supports: Vector\n"
            "  Extension: txt\n"
            "  Help Topic: docs/drivers/baopan.md\n"
            "  Supports: Open() - Open existing dataset.\n"
            "  Supports: Create() - Create writable dataset.\n"
            "  Supports: Virtual IO - eg. /vsimem/\n"
            "  Creation Field Datatypes: Integer Integer64 Real String Date DateTime Time\n"
            "\n"
            "<LayerCreationOptionList>\n"
            "  <Option name=\"ENCODING\" type=\"string-select\" default=\"UTF-8\" description=\"The encoding of the "
            "file written\">\n"
            "    <Value>UTF-8</Value>\n"
            "    <Value>GBK</Value>\n"
            "  </Option>\n"
            "  <Option name=\"SRS\" type=\"string\" description=\"The CRS of a layer created without one (EPSG:n)\" />\n"
            "</LayerCreationOptionList>\n"
            "\n");
  // The help topic is a page that exists.
  EXPECT_FALSE(test::read_text(std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/docs/drivers/baopan.md").empty());
}

// ogr2ogr -append opens the destination for update: refused at the open, naming the file, and
// the file is left as it was.
TEST(BaopanPlugin, Ogr2ogrCannotAppendToACoordinateFile) {
  test::TempDir dir;
  test::write_text(dir.file("red.txt"), kRed);
  test::write_text(dir.file("more.txt"), kRed);
  const test::CommandResult append =
      gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"ogr2ogr", "-append", dir.file("red.txt"), dir.file("more.txt")});
  EXPECT_NE(append.exit_code, 0);
  EXPECT_NE(append.err.find("BAOPAN: " + dir.file("red.txt") + ": the driver opens coordinate files read-only"),
            std::string::npos)
      << append.err;
  EXPECT_EQ(test::read_text(dir.file("red.txt")), kRed);
}

TEST(BaopanPlugin, OgrinfoListsTheParcels) {
  test::TempDir dir;
  test::write_text(dir.file("red.txt"), kRed);
  const test::CommandResult summary =
      gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"ogrinfo", "-ro", "-al", "-so", dir.file("red.txt")});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  for (const char* text : {"using driver `BAOPAN' successful", "Layer name: red", "Geometry: Polygon",
                           "Feature Count: 2", "ID[\"EPSG\",4528]", "stated_area_ha: String", "point_count: Integer"}) {
    EXPECT_NE(summary.out.find(text), std::string::npos) << text << "\n" << summary.out;
  }
  const test::CommandResult features = gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"ogrinfo", "-ro", "-al", dir.file("red.txt")});
  ASSERT_EQ(features.exit_code, 0) << features.err;
  for (const char* text : {"id (String) = 6", "name (String) = 示例地块", "stated_area_ha (String) = 0.4825",
                           "id (String) = 7", "name (String) = 带孔地块", "point_count (Integer) = 10"}) {
    EXPECT_NE(features.out.find(text), std::string::npos) << text << "\n" << features.out;
  }
  EXPECT_EQ(features.err, "");
  EXPECT_EQ(test::read_text(dir.file("red.txt")), kRed);
}

TEST(BaopanPlugin, Ogr2ogrWritesCoordinateFiles) {
  test::TempDir dir;
  test::write_text(dir.file("red.txt"), kRed);
  // Coordinate file to GeoPackage in lon/lat and back to a coordinate file, in plain GDAL.
  const test::CommandResult to_gpkg = gdal(
      PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4490", dir.file("ll.gpkg"),
                                        dir.file("red.txt")});
  ASSERT_EQ(to_gpkg.exit_code, 0) << to_gpkg.err;
  const test::CommandResult refused =
      gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR, {"ogr2ogr", "-f", "BAOPAN", dir.file("no.txt"), dir.file("ll.gpkg")});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("EPSG:4490"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("-t_srs"), std::string::npos) << refused.err;
  const test::CommandResult back =
      gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR,
           {"ogr2ogr", "-f", "BAOPAN", "-t_srs", "EPSG:4528", dir.file("back.txt"), dir.file("ll.gpkg")});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  const std::string text = test::read_text(dir.file("back.txt"));
  EXPECT_EQ(text.rfind("[属性描述]\r\n", 0), 0u);
  EXPECT_NE(text.find(",7,带孔地块,面,,仓储用地,,@\r\n"), std::string::npos) << text;
  // The vertices survive the round trip through latitude/longitude to 1 mm.
  const std::vector<test::Vertex> before = all_vertices(dir.file("red.txt"));
  const std::vector<test::Vertex> after = all_vertices(dir.file("back.txt"));
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_NEAR(after[i].x, before[i].x, 0.001) << i;
    EXPECT_NEAR(after[i].y, before[i].y, 0.001) << i;
  }
  // A folder name writes a LAYER.txt per layer, like GDAL's CSV driver.
  const test::CommandResult folder = gdal(PARKLAYERS_TEST_GDAL_PLUGIN_DIR,
                                          {"ogr2ogr", "-f", "BAOPAN", dir.file("folder"), dir.file("red.txt")});
  ASSERT_EQ(folder.exit_code, 0) << folder.err;
  EXPECT_EQ(all_vertices(dir.file("folder/red.txt")).size(), before.size());
}

}  // namespace
}  // namespace parklayers
