// SPDX-License-Identifier: GPL-2.0-or-later
// Reading park sources: the bundled one, a GeoPackage, and sources broken in one way each,
// whose errors must name the file, layer, feature and field.
#include "parklayers/park/source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/geos.h"
#include "parklayers/io/layer_area.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::TempDir;

std::string error_of(const std::string& path) {
  try {
    read_park_source(SourceName(path));
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError for " << path;
  return "";
}

TEST(ReadParkSource, BundledAnting) {
  const ParkSource source = read_park_source(SourceName(test::anting_source()));
  EXPECT_EQ(source.parcels.rows.size(), 3u);
  EXPECT_EQ(source.buildings.rows.size(), 7u);
  EXPECT_EQ(source.tenants.rows.size(), 2u);
  EXPECT_EQ(source.stated_figures.rows.size(), 12u);
  EXPECT_GE(source.roads.rows.size(), 2u);
  EXPECT_EQ(source.amenities.rows.size(), 8u);
  ASSERT_TRUE(source.parcels.crs);
  EXPECT_STREQ(source.parcels.crs->GetAuthorityCode(nullptr), "4326");
  const Row& p3 = source.parcels.rows[2];
  EXPECT_EQ(source.parcels.text(p3, "id"), "P3");
  EXPECT_EQ(source.parcels.integer(p3, "phase"), 3);
  EXPECT_EQ(source.parcels.text(p3, "provenance"), "modelled");
  // Chinese names come through as UTF-8.
  EXPECT_EQ(source.tenants.text(source.tenants.rows[0], "name_zh"), "君赛生物");
  EXPECT_TRUE(source.tenants.is_null(source.tenants.rows[0], "bldg_id"));
}

TEST(ReadParkSource, EveryFeatureSaysItIsModelled) {
  const ParkSource source = read_park_source(SourceName(test::anting_source()));
  for (const char* layer : {"parcels", "buildings", "roads", "amenities"}) {
    const Table& table = source.table(layer);
    for (const Row& row : table.rows) {
      EXPECT_EQ(table.text(row, "provenance"), "modelled") << layer;
      EXPECT_GT(table.real(row, "accuracy_m"), 0.0) << layer;
    }
  }
}

// Where an installed program or plugin finds the bundled park: beside it, in its install layout.
TEST(InstalledParkPath, RelativeToTheInstalledFile) {
  EXPECT_EQ(installed_park_path("/opt/pl/bin/parklayers", "../share"), "/opt/pl/share/parklayers/geodata/anting");
  EXPECT_EQ(installed_park_path("/usr/lib/qgis/plugins/libparklayersplugin.so", "../../../share"),
            "/usr/share/parklayers/geodata/anting");
  EXPECT_EQ(installed_park_path("/usr/bin/parklayers", "/srv/data"), "/srv/data/parklayers/geodata/anting");
}

// The tests run uninstalled, with PARKLAYERS_GEODATA empty: the park is the source tree's.
TEST(BundledParkPath, UninstalledBuildReadsTheSourceTree) {
  EXPECT_TRUE(std::filesystem::equivalent(bundled_park_path(), test::anting_source())) << bundled_park_path();
}

TEST(ReadParkSource, MissingPathIsNamed) {
  EXPECT_EQ(error_of("/nonexistent/park"), "/nonexistent/park: no such file or folder");
}

TEST(ReadParkSource, MissingLayerFile) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  std::filesystem::remove(source + "/tenants.csv");
  EXPECT_NE(error_of(source).find("layer 'tenants': no file for the layer"), std::string::npos);
}

TEST(ReadParkSource, MissingRequiredColumn) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "id,subject,quantity,value,qualifier,unit",
                        "id,subject,quantity,amount,qualifier,unit");
  const std::string error = error_of(source);
  EXPECT_NE(error.find("stated_figures.csv: layer 'stated_figures': field 'value': required column is missing"),
            std::string::npos)
      << error;
}

TEST(ReadParkSource, BadValuesNameFeatureAndField) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/parcels.geojson", "\"phase\":3", "\"phase\":\"three\"");
  test::replace_in_file(source + "/buildings.geojson", "\"provenance\":\"modelled\"",
                        "\"provenance\":\"guessed\"");
  const std::string error = error_of(source);
  EXPECT_NE(error.find("parcels.geojson: layer 'parcels': feature 2 (id 'P3'): field 'phase': 'three' is not an integer"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("field 'provenance': 'guessed' is not one of: modelled, surveyed, published"),
            std::string::npos)
      << error;
}

// coord_sys declares, feature by feature, that a geometry is GCJ-02 or BD-09 (picked on a
// Chinese web map): the reader brings it back to WGS 84 before anything else sees it.
TEST(ReadParkSource, CoordSysBringsDeclaredFeaturesBackToWgs84) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  const ParkSource original = read_park_source(SourceName(source));
  test::replace_in_file(source + "/amenities.geojson", "\"properties\":{\"id\":\"A1\",",
                        "\"properties\":{\"coord_sys\":\"GCJ02\",\"id\":\"A1\",");
  test::replace_in_file(source + "/amenities.geojson", "\"properties\":{\"id\":\"A2\",",
                        "\"properties\":{\"coord_sys\":\"bd-09\",\"id\":\"A2\",");
  test::replace_in_file(source + "/amenities.geojson", "\"properties\":{\"id\":\"A3\",",
                        "\"properties\":{\"coord_sys\":\"WGS84\",\"id\":\"A3\",");
  const ParkSource declared = read_park_source(SourceName(source));
  const auto point = [](const ParkSource& park, size_t i) { return park.amenities.rows[i].geometry->toPoint(); };
  const LonLat a1 = gcj02_to_wgs84({point(original, 0)->getX(), point(original, 0)->getY()});
  EXPECT_DOUBLE_EQ(point(declared, 0)->getX(), a1.lon);
  EXPECT_DOUBLE_EQ(point(declared, 0)->getY(), a1.lat);
  const LonLat a2 = convert_lonlat({point(original, 1)->getX(), point(original, 1)->getY()}, ChineseCrs::Bd09,
                                   ChineseCrs::Wgs84);
  EXPECT_DOUBLE_EQ(point(declared, 1)->getX(), a2.lon);
  EXPECT_DOUBLE_EQ(point(declared, 1)->getY(), a2.lat);
  for (size_t i = 2; i < declared.amenities.rows.size(); ++i) {  // WGS84 or empty: as they are
    EXPECT_TRUE(point(declared, i)->Equals(point(original, i))) << i;
  }
}

TEST(ReadParkSource, CoordSysValueAndCrsAreChecked) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/amenities.geojson", "\"properties\":{\"id\":\"A1\",",
                        "\"properties\":{\"coord_sys\":\"Mars\",\"id\":\"A1\",");
  EXPECT_NE(error_of(source).find("amenities.geojson: layer 'amenities': feature 0 (id 'A1'): field 'coord_sys': "
                                  "'Mars' is not one of: WGS84, GCJ02, BD09"),
            std::string::npos)
      << error_of(source);

  // GCJ-02 is longitude/latitude: a layer in metres cannot hold it.
  TempDir projected;
  const std::string gpkg = projected.file("park.gpkg");
  const auto converted = test::run({"/usr/bin/ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4549", gpkg,
                                    test::anting_source() + "/parcels.geojson", "-sql",
                                    "SELECT *, 'GCJ02' AS coord_sys FROM parcels", "-nln", "parcels"});
  if (converted.exit_code != 0) GTEST_SKIP() << "ogr2ogr not available: " << converted.err;
  EXPECT_NE(error_of(gpkg).find("field 'coord_sys': GCJ02 declares longitude/latitude degrees, but the layer's CRS"),
            std::string::npos)
      << error_of(gpkg);
}

// The folder reader takes only files named after a layer (parcels.*) in the folder itself:
// the GCJ-02 GeoJSON shipped in geodata/anting/web/ (parcels_gcj02.geojson, ...) and anything
// in a subfolder are not park layers.
TEST(ReadParkSource, OnlyLayerFilesOfTheFolderItself) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  std::filesystem::create_directories(source + "/web");
  test::write_text(source + "/web/parcels.geojson", "not a layer");
  test::write_text(source + "/parcels_gcj02.geojson", "not a layer either");
  EXPECT_EQ(read_park_source(SourceName(source)).parcels.rows.size(), 3u);
  EXPECT_TRUE(std::filesystem::exists(test::anting_source() + "/web/parcels_gcj02.geojson"));
  EXPECT_EQ(read_park_source(SourceName(test::anting_source())).parcels.rows.size(), 3u);
}

TEST(ReadParkSource, DuplicateIds) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/parcels.geojson", "\"id\":\"P2\"", "\"id\":\"P1\"");
  EXPECT_NE(error_of(source).find("field 'id': duplicate id 'P1'"), std::string::npos);
}

TEST(ReadParkSource, WrongGeometryType) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  std::filesystem::copy_file(source + "/amenities.geojson", source + "/roads.geojson",
                             std::filesystem::copy_options::overwrite_existing);
  const std::string error = error_of(source);
  EXPECT_NE(error.find("roads.geojson: layer 'roads'"), std::string::npos) << error;
  EXPECT_NE(error.find("geometry is Point, the layer needs LineString or MultiLineString"),
            std::string::npos)
      << error;
}

TEST(ReadParkSource, SelfIntersectingParcel) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  // A bow tie in place of P1.
  std::string text = test::read_text(source + "/parcels.geojson");
  const size_t start = text.find("\"coordinates\"", text.find("\"P1\""));
  const size_t end = text.find("]]]", start) + 3;
  text.replace(start, end - start,
               "\"coordinates\":[[[121.180,31.300],[121.181,31.301],[121.181,31.300],[121.180,31.301],[121.180,31.300]]]");
  test::write_text(source + "/parcels.geojson", text);
  const std::string error = error_of(source);
  EXPECT_NE(error.find("feature 0 (id 'P1'): invalid geometry: Self-intersection"), std::string::npos) << error;
}

TEST(ReadParkSource, GeoPackageSource) {
  // The same park as one GeoPackage with six layers, written by ogr2ogr-like GDAL calls.
  TempDir dir;
  const std::string gpkg = dir.file("anting_source.gpkg");
  for (const char* layer : {"parcels", "buildings", "roads", "amenities", "tenants", "stated_figures"}) {
    const std::string ext = std::string(layer) == "tenants" || std::string(layer) == "stated_figures" ? ".csv" : ".geojson";
    const auto result = test::run({"/usr/bin/ogr2ogr", "-f", "GPKG", "-append", gpkg,
                                   test::anting_source() + "/" + layer + ext, "-nln", layer});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  const ParkSource source = read_park_source(SourceName(gpkg));
  EXPECT_EQ(source.parcels.rows.size(), 3u);
  EXPECT_EQ(source.parcels.file, gpkg);
  EXPECT_EQ(source.stated_figures.text(source.stated_figures.rows[2], "value"), "25,000");
}

TEST(ReadParkSource, ShapefileSetSource) {
  // The park as a folder of Shapefiles (tables as lone .dbf files), Chinese text in UTF-8.
  TempDir dir;
  const std::string folder = dir.file("shp");
  std::filesystem::create_directory(folder);
  for (const char* layer : {"parcels", "buildings", "roads", "amenities", "tenants", "stated_figures"}) {
    const bool table = std::string(layer) == "tenants" || std::string(layer) == "stated_figures";
    const std::string input = test::anting_source() + "/" + layer + (table ? ".csv" : ".geojson");
    const auto result = test::run({"/usr/bin/ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8",
                                   folder + "/" + layer + (table ? ".dbf" : ".shp"), input});
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  const ParkSource source = read_park_source(SourceName(folder));
  EXPECT_EQ(source.parcels.rows.size(), 3u);
  EXPECT_EQ(source.tenants.rows.size(), 2u);
  EXPECT_EQ(source.parcels.text(source.parcels.rows[0], "name_zh"), "一期地块");
  EXPECT_EQ(source.tenants.file, folder + "/tenants.dbf");
}

// `build` and `area` judge a polygon by the one rule (validity.h), in the same words.
TEST(ReadParkSource, SameVerdictAndWordsAsArea) {
  TempDir dir;
  const std::string source = test::copy_anting(dir);
  const std::string bowtie = "[[[121.18, 31.30], [121.19, 31.31], [121.19, 31.30], [121.18, 31.31], [121.18, 31.30]]]";
  std::string parcels = test::read_text(source + "/parcels.geojson");
  const size_t at = parcels.find("\"coordinates\"");
  ASSERT_NE(at, std::string::npos);
  const size_t open = parcels.find('[', at);
  size_t depth = 0, close = open;
  for (; close < parcels.size(); ++close) {
    if (parcels[close] == '[') ++depth;
    if (parcels[close] == ']' && --depth == 0) break;
  }
  parcels.replace(open, close - open + 1, bowtie);
  test::write_text(source + "/parcels.geojson", parcels);

  const std::string build_error = error_of(source);
  std::string area_error;
  try {
    LayerAreaOptions options;
    measure_layer(SourceName(source + "/parcels.geojson"), options, nullptr);
  } catch (const InputError& error) {
    area_error = error.what();
  }
  const size_t reason = area_error.find("invalid geometry: ");
  ASSERT_NE(reason, std::string::npos) << area_error;
  EXPECT_NE(area_error.find("Self-intersection"), std::string::npos) << area_error;
  EXPECT_NE(build_error.find(area_error.substr(reason)), std::string::npos) << build_error << "\n" << area_error;
}

}  // namespace
}  // namespace parklayers
