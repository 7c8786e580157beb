// SPDX-License-Identifier: GPL-2.0-or-later
// format: format names, the driver of each extension, and names from data made safe as file
// and Shapefile field names.
#include "parklayers/io/format.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {
namespace {

TEST(Format, Names) {
  EXPECT_EQ(parse_format("gpkg"), Format::GeoPackage);
  EXPECT_EQ(parse_format("GeoPackage"), Format::GeoPackage);
  EXPECT_EQ(parse_format("ESRI Shapefile"), Format::Shapefile);
  EXPECT_EQ(parse_format("shp"), Format::Shapefile);
  EXPECT_EQ(parse_format("FlatGeobuf"), Format::FlatGeobuf);
  EXPECT_EQ(parse_format("KML"), Format::KML);
  EXPECT_FALSE(parse_format("DXF"));
  for (const Format format : {Format::GeoPackage, Format::GeoJSON, Format::Shapefile, Format::FlatGeobuf,
                              Format::CSV, Format::KML, Format::Baopan}) {
    EXPECT_EQ(parse_format(format_name(format)), format) << format_name(format);
  }
}

TEST(Format, DriversFromExtensions) {
  ensure_gdal_registered();
  EXPECT_EQ(driver_for_extension("out/a.GPKG"), "GPKG");
  EXPECT_EQ(driver_for_extension("a.geojson"), "GeoJSON");
  EXPECT_EQ(driver_for_extension("a.shp"), "ESRI Shapefile");
  EXPECT_EQ(driver_for_extension("a.dbf"), "ESRI Shapefile");
  EXPECT_EQ(driver_for_extension("a.sqlite"), "SQLite");
  EXPECT_EQ(driver_for_extension("dir.d/file"), "");
  EXPECT_EQ(driver_for_extension("a.dxf"), "");
  EXPECT_EQ(driver_for_extension("red.TXT"), "BAOPAN");
  const std::string kml = driver_for_extension("a.kml");
  EXPECT_TRUE(kml == "LIBKML" || kml == "KML") << kml;
}

// Tables without geometry go where each format can hold them.
TEST(Format, LayerExtensionsAndSidecars) {
  EXPECT_EQ(layer_extension(Format::GeoJSON, true), "geojson");
  EXPECT_EQ(layer_extension(Format::GeoJSON, false), "csv");
  EXPECT_EQ(layer_extension(Format::FlatGeobuf, false), "csv");
  EXPECT_EQ(layer_extension(Format::Shapefile, true), "shp");
  EXPECT_EQ(layer_extension(Format::Shapefile, false), "dbf");
  EXPECT_EQ(layer_extension(Format::GeoPackage, true), "");
  EXPECT_EQ(layer_extension(Format::Baopan, true), "txt");
  EXPECT_EQ(layer_extension(Format::Baopan, false), "csv");
  const std::vector<std::string> shp = sidecar_extensions("shp");
  for (const char* ext : {"shx", "dbf", "prj", "cpg", "fields.csv", "long_text.csv"}) {
    EXPECT_NE(std::find(shp.begin(), shp.end(), ext), shp.end()) << ext;
  }
  EXPECT_TRUE(sidecar_extensions("geojson").empty());
}

TEST(Format, FileStemsStayInsideTheFolder) {
  EXPECT_EQ(safe_file_stem("../../etc/passwd"), "_.._etc_passwd");
  EXPECT_EQ(safe_file_stem(".."), "layer");
  EXPECT_EQ(safe_file_stem(".hidden"), "hidden");
  EXPECT_EQ(safe_file_stem("a\\b:c*d?\"e<f>g|h\ni"), "a_b_c_d__e_f_g_h_i");
  EXPECT_EQ(safe_file_stem("一期 地块"), "一期 地块");
  EXPECT_EQ(safe_file_stem(std::string(300, 'x')).size(), 200u);
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "地";  // 3 bytes each
  EXPECT_EQ(safe_file_stem(chinese).size(), 198u);  // cut between characters
}

// dBase names: at most 10 ASCII characters, unique ignoring case; names that fit are kept.
TEST(Format, ShapefileFieldNames) {
  const std::vector<std::string> names =
      shapefile_field_names({"id", "area_m2", "gk_area_m2", "description_long", "description_longer", "名称", "ID_2"});
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names[0], "id");
  EXPECT_EQ(names[1], "area_m2");
  EXPECT_EQ(names[2], "gk_area_m2");
  EXPECT_EQ(names[3], "descriptio");
  EXPECT_EQ(names[4], "descript_2");
  EXPECT_EQ(names[5], "field");  // no ASCII letter left
  std::set<std::string> lowered;
  for (std::string name : names) {
    EXPECT_LE(name.size(), 10u) << name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(lowered.insert(name).second) << name;
  }
}

}  // namespace
}  // namespace parklayers
