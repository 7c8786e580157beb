// SPDX-License-Identifier: GPL-2.0-or-later
// The built park converted to every format (convert with the park's default styles) and opened
// again with GDAL, with QGIS and with an independent RFC 7946 checker; layout, --overwrite,
// inputs protected, several inputs and a target CRS.
#include "parklayers/io/convert.h"
#include "parklayers/io/layer_styles.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/park/park.h"
#include "parklayers/park/styles.h"
#include "parklayers/park/writer.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

const std::vector<Format> kAllFormats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile,
                                         Format::FlatGeobuf, Format::CSV,     Format::KML};

// The bundled park built once, then converted to every format once.
class ConvertedPark : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    write_park(load_park(SourceName(test::anting_source())), dir_->file("park.gpkg"));
    ConvertOptions options;
    options.formats = kAllFormats;
    options.default_style = default_style_for;
    result_ = new ConvertResult(convert({SourceName(dir_->file("park.gpkg"))}, dir_->file("out"), options));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
  }
  static std::string out(const std::string& name) { return dir_->file("out/" + name); }
  static std::map<std::string, long long> source_counts() {
    std::map<std::string, long long> counts;
    const GDALDatasetUniquePtr source = test::open_dataset(dir_->file("park.gpkg"));
    for (auto&& layer : source->GetLayers()) {
      // The park's layers, not QGIS's layer_styles table the built GeoPackage also holds.
      if (!is_qgis_table(layer->GetName())) counts[layer->GetName()] = layer->GetFeatureCount(TRUE);
    }
    return counts;
  }
  static test::TempDir* dir_;
  static ConvertResult* result_;
};
test::TempDir* ConvertedPark::dir_ = nullptr;
ConvertResult* ConvertedPark::result_ = nullptr;

TEST_F(ConvertedPark, LayoutIsAsDocumented) {
  const std::set<std::string> files = test::file_tree(dir_->file("out"));
  for (const char* name : {"park.gpkg", "park/parcels.geojson", "park/parcels.shp", "park/parcels.shx",
                           "park/parcels.dbf", "park/parcels.prj", "park/parcels.cpg",
                           "park/parcels.fields.csv", "park/parcels.long_text.csv", "park/parcels.fgb",
                           "park/parcels.csv", "park/parcels.kml", "park/parcels.qml", "park/roads.qml",
                           "park/tenants.csv", "park/tenants.dbf", "park/tenants.kml",
                           "park/area_checks.csv"}) {
    EXPECT_TRUE(files.count(name)) << name;
  }
  // Attribute-only layers: no GeoJSON, FlatGeobuf or .shp, and no style.
  for (const char* name : {"park/tenants.geojson", "park/tenants.fgb", "park/tenants.shp", "park/tenants.qml"}) {
    EXPECT_FALSE(files.count(name)) << name;
  }
  for (const std::string& name : files) EXPECT_EQ(name.find(".parklayers-"), std::string::npos) << name;
  // What convert() reports and what planned_outputs() promised are what is there.
  std::set<std::string> reported;
  for (const std::string& path : result_->files) reported.insert(fs::relative(path, dir_->file("out")).string());
  std::set<std::string> regular;
  for (const std::string& name : files) {
    if (fs::is_regular_file(dir_->file("out/" + name))) regular.insert(name);
  }
  EXPECT_EQ(reported, regular);
  ConvertOptions options;
  options.formats = kAllFormats;
  options.default_style = default_style_for;
  const std::vector<std::string> planned =
      planned_outputs({SourceName(dir_->file("park.gpkg"))}, dir_->file("out"), options);
  EXPECT_EQ(std::set<std::string>(planned.begin(), planned.end()).size(), planned.size());
  for (const std::string& path : result_->files) {
    EXPECT_NE(std::find(planned.begin(), planned.end(), path), planned.end()) << path;
  }
}

TEST_F(ConvertedPark, EveryFormatHasTheSourceFeatureCounts) {
  const std::map<std::string, long long> counts = source_counts();
  ASSERT_EQ(counts.size(), 7u);
  for (const auto& [layer, n] : counts) {
    EXPECT_EQ(test::feature_count(out("park.gpkg"), layer), n) << layer;
    EXPECT_EQ(test::feature_count(out("park/" + layer + ".csv")), n) << layer;
    EXPECT_EQ(test::feature_count(out("park/" + layer + ".kml")), n) << layer;
    EXPECT_EQ(test::feature_count(out("park/" + layer + ".dbf")), n) << layer;
    const bool spatial = layer != "tenants" && layer != "area_checks";
    if (spatial) {
      EXPECT_EQ(test::feature_count(out("park/" + layer + ".geojson")), n) << layer;
      EXPECT_EQ(test::feature_count(out("park/" + layer + ".shp")), n) << layer;
      EXPECT_EQ(test::feature_count(out("park/" + layer + ".fgb")), n) << layer;
    }
  }
  long long reported = 0;
  for (const ConvertedLayer& layer : result_->layers) reported += layer.features;
  EXPECT_EQ(reported, 36);
}

TEST_F(ConvertedPark, ShapefileKeepsChineseNamesAndAreas) {
  EXPECT_EQ(test::read_text(out("park/parcels.cpg")), "UTF-8");
  EXPECT_NE(test::read_text(out("park/parcels.prj")).find("WGS"), std::string::npos);
  const GDALDatasetUniquePtr source = test::open_dataset(dir_->file("park.gpkg"));
  const GDALDatasetUniquePtr shp = test::open_dataset(out("park/parcels.shp"));
  ASSERT_TRUE(shp);
  std::map<std::string, std::pair<std::string, double>> expected;
  for (auto& f : *source->GetLayerByName("parcels")) {
    expected[f->GetFieldAsString("id")] = {f->GetFieldAsString("name_zh"), f->GetFieldAsDouble("area_m2")};
  }
  int seen = 0;
  for (auto& f : *shp->GetLayer(0)) {
    const auto& [name, area] = expected.at(f->GetFieldAsString("id"));
    EXPECT_EQ(std::string(f->GetFieldAsString("name_zh")), name);
    EXPECT_NEAR(f->GetFieldAsDouble("area_m2"), area, 1e-8);
    ++seen;
  }
  EXPECT_EQ(seen, 3);
  EXPECT_NE(test::read_text(out("park/tenants.cpg")).find("UTF-8"), std::string::npos);
}

TEST_F(ConvertedPark, ShapefileLongTextsAreKeptInFull) {
  // Two building notes are longer than 254 bytes: cut and marked in the .dbf, whole beside it.
  const std::string sidecar = test::read_text(out("park/buildings.long_text.csv"));
  EXPECT_NE(sidecar.find("B3-1,note,note,"), std::string::npos);
  const GDALDatasetUniquePtr source = test::open_dataset(dir_->file("park.gpkg"));
  const GDALDatasetUniquePtr shp = test::open_dataset(out("park/buildings.shp"));
  std::map<std::string, std::string> notes;
  for (auto& f : *source->GetLayerByName("buildings")) notes[f->GetFieldAsString("id")] = f->GetFieldAsString("note");
  int cut = 0;
  for (auto& f : *shp->GetLayer(0)) {
    const std::string full = notes.at(f->GetFieldAsString("id"));
    const std::string stored = f->GetFieldAsString("note");
    if (full.size() <= 254) {
      EXPECT_EQ(stored, full);
    } else {
      ++cut;
      EXPECT_LE(stored.size(), 254u);
      EXPECT_EQ(stored.substr(stored.size() - 3), "\xE2\x80\xA6");
      EXPECT_EQ(full.rfind(stored.substr(0, stored.size() - 3), 0), 0u);
      EXPECT_NE(sidecar.find(full), std::string::npos);
    }
  }
  EXPECT_EQ(cut, 2);
  ASSERT_EQ(result_->warnings.size(), 2u);  // buildings and roads
}

TEST_F(ConvertedPark, GeoJsonIsRfc7946) {
  for (const char* layer : {"parcels", "buildings", "roads", "amenities", "park_boundary"}) {
    const std::string path = out(std::string("park/") + layer + ".geojson");
    const std::string text = test::read_text(path);
    EXPECT_EQ(text.find("\"crs\""), std::string::npos) << layer;
    const GDALDatasetUniquePtr dataset = test::open_dataset(path);
    ASSERT_TRUE(dataset);
    for (auto& feature : *dataset->GetLayer(0)) {
      OGREnvelope box;
      feature->GetGeometryRef()->getEnvelope(&box);
      // Anting is at 121.18 E, 31.31 N: longitude first.
      EXPECT_GT(box.MinX, 121.1);
      EXPECT_LT(box.MaxX, 121.3);
      EXPECT_GT(box.MinY, 31.2);
      EXPECT_LT(box.MaxY, 31.4);
      // GDAL reads rings in file order: RFC 7946 wants counter-clockwise exteriors.
      const OGRGeometry* g = feature->GetGeometryRef();
      if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon) {
        for (const OGRPolygon* polygon : *g->toMultiPolygon()) {
          EXPECT_FALSE(polygon->getExteriorRing()->isClockwise()) << layer;
        }
      } else if (wkbFlatten(g->getGeometryType()) == wkbPolygon) {
        EXPECT_FALSE(g->toPolygon()->getExteriorRing()->isClockwise()) << layer;
      }
    }
    // 7 decimals at most in coordinates.
    const std::regex coordinates("\"coordinates\": (\\[[^}]*\\])");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), coordinates); it != std::sregex_iterator(); ++it) {
      EXPECT_FALSE(std::regex_search((*it)[1].str(), std::regex("\\d\\.\\d{8,}"))) << layer;
    }
  }
}

TEST_F(ConvertedPark, GeoJsonPassesIndependentChecker) {
  const std::string modules = PARKLAYERS_TEST_NODE_MODULES;
  if (std::string(PARKLAYERS_TEST_NODE).empty() || !fs::exists(modules + "/@placemarkio/check-geojson")) {
    GTEST_SKIP() << "node or @placemarkio/check-geojson not installed (npm install failed at configure)";
  }
  std::vector<std::string> argv = {PARKLAYERS_TEST_NODE,
                                   std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/tests/tools/check_geojson.js", modules};
  int files = 0;
  for (const auto& entry : fs::directory_iterator(out("park"))) {
    if (entry.path().extension() == ".geojson") {
      argv.push_back(entry.path().string());
      ++files;
    }
  }
  EXPECT_EQ(files, 5);
  const test::CommandResult result = test::run(argv);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST_F(ConvertedPark, GeoPackageHasDefaultStyles) {
  const GDALDatasetUniquePtr gpkg = test::open_dataset(out("park.gpkg"));
  OGRLayer* styles = gpkg->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  std::set<std::string> styled;
  for (auto& row : *styles) {
    EXPECT_EQ(row->GetFieldAsInteger("useAsDefault"), 1);
    EXPECT_STREQ(row->GetFieldAsString("f_geometry_column"), "geom");
    EXPECT_NE(std::string(row->GetFieldAsString("styleQML")).find("<renderer-v2"), std::string::npos);
    styled.insert(row->GetFieldAsString("f_table_name"));
  }
  EXPECT_EQ(styled, (std::set<std::string>{"parcels", "buildings", "roads", "amenities", "park_boundary"}));
  EXPECT_STREQ(gpkg->GetMetadataItem("PARKLAYERS_SOURCE"), test::anting_source().c_str());
}

TEST_F(ConvertedPark, EverySpatialLayerOfTheGeoPackageHasASoundIndex) {
  for (const auto& [layer, n] : source_counts()) {
    const test::SpatialIndex index = test::gpkg_spatial_index(out("park.gpkg"), layer);
    const bool spatial = layer != "tenants" && layer != "area_checks";
    EXPECT_EQ(index.present, spatial) << layer;
    if (!spatial) continue;
    EXPECT_EQ(index.rows, n) << layer;
    EXPECT_EQ(index.check, "ok") << layer;
  }
  const test::CommandResult valid = test::validate_gpkg(out("park.gpkg"));
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
}

TEST_F(ConvertedPark, QgisOpensEveryOutputStyled) {
  if (test::run({PARKLAYERS_TEST_PYTHON, "-c", "import qgis.core"}).exit_code != 0) {
    GTEST_SKIP() << "PyQGIS (python3-qgis) not installed";
  }
  const std::map<std::string, long long> counts = source_counts();
  std::vector<std::string> argv = {"/usr/bin/env", "QT_QPA_PLATFORM=offscreen", PARKLAYERS_TEST_PYTHON,
                                   std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/tests/tools/qgis_check.py"};
  std::map<std::string, long long> expected;
  for (const auto& [layer, n] : counts) {
    std::vector<std::string> uris = {out("park.gpkg") + "|layername=" + layer, out("park/" + layer + ".csv"),
                                     out("park/" + layer + ".kml"), out("park/" + layer + ".dbf")};
    if (layer != "tenants" && layer != "area_checks") {
      for (const char* ext : {".geojson", ".shp", ".fgb"}) uris.push_back(out("park/" + layer + ext));
    }
    for (const std::string& uri : uris) expected[uri] = n;
  }
  for (const auto& [uri, n] : expected) argv.push_back(uri);
  const test::CommandResult result = test::run(argv);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) f.push_back(cell);
    ASSERT_EQ(f.size(), 7u) << line;
    EXPECT_EQ(f[1], "1") << f[0];
    EXPECT_EQ(std::stoll(f[2]), expected.at(f[0])) << f[0];
    const bool parcels = f[0].find("parcels") != std::string::npos;
    const bool file_based = f[0].find(".gpkg") == std::string::npos;
    if (parcels && !(file_based && (f[0].find(".csv") != std::string::npos || f[0].find(".dbf") != std::string::npos))) {
      // Styled from layer_styles (GeoPackage) or from parcels.qml beside the file.
      EXPECT_EQ(f[3], "categorizedSymbol") << f[0];
      EXPECT_EQ(f[4], "phase") << f[0];
      EXPECT_EQ(f[5], "1") << f[0];  // labels on
      EXPECT_EQ(f[6], "一期地块") << f[0];
    }
    if (f[0].find("buildings.shp") != std::string::npos) {
      EXPECT_EQ(f[3], "graduatedSymbol");
    }
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(expected.size()));
}

TEST(Convert, ExistingOutputsNeedOverwriteAndAllAreCheckedFirst) {
  test::TempDir dir;
  write_park(load_park(SourceName(test::anting_source())), dir.file("park.gpkg"));
  fs::create_directories(dir.file("out/park"));
  test::write_text(dir.file("out/park/roads.kml"), "mine");
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::GeoJSON, Format::KML};
  try {
    convert({SourceName(dir.file("park.gpkg"))}, dir.file("out"), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].where.file, dir.file("out/park/roads.kml"));
  }
  // Nothing else was written before the check failed, and the existing file is untouched.
  EXPECT_EQ(test::file_tree(dir.file("out")), (std::set<std::string>{"park", "park/roads.kml"}));
  EXPECT_EQ(test::read_text(dir.file("out/park/roads.kml")), "mine");

  options.overwrite = true;
  convert({SourceName(dir.file("park.gpkg"))}, dir.file("out"), options);
  EXPECT_EQ(test::feature_count(dir.file("out/park/roads.kml")), 3);
  EXPECT_EQ(test::feature_count(dir.file("out/park.gpkg"), "parcels"), 3);
  // A second run without --overwrite lists every existing output.
  options.overwrite = false;
  try {
    convert({SourceName(dir.file("park.gpkg"))}, dir.file("out"), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.problems().size(),
              planned_outputs({SourceName(dir.file("park.gpkg"))}, dir.file("out"), options).size());
  }
}

TEST(Convert, RefusesToReplaceItsInputAndCollidingInputs) {
  test::TempDir dir;
  write_park(load_park(SourceName(test::anting_source())), dir.file("park.gpkg"));
  ConvertOptions options;
  options.formats = {Format::GeoPackage};
  options.overwrite = true;
  EXPECT_THROW(convert({SourceName(dir.file("park.gpkg"))}, dir.path(), options), InputError);
  EXPECT_EQ(test::feature_count(dir.file("park.gpkg"), "parcels"), 3);
  fs::create_directory(dir.file("b"));
  fs::copy_file(dir.file("park.gpkg"), dir.file("b/park.gpkg"));
  options.overwrite = false;
  EXPECT_THROW(convert({SourceName(dir.file("park.gpkg")), SourceName(dir.file("b/park.gpkg"))}, dir.file("out"), options),
               InputError);
}

TEST(Convert, SeveralInputsAndTargetCrs) {
  test::TempDir dir;
  write_park(load_park(SourceName(test::anting_source())), dir.file("park.gpkg"));
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile};
  options.target_crs = "EPSG:4549";
  // A GeoJSON file of the park source is a second input.
  convert({SourceName(dir.file("park.gpkg")), SourceName(test::anting_source() + "/parcels.geojson")}, dir.file("out"),
          options);
  const GDALDatasetUniquePtr gpkg = test::open_dataset(dir.file("out/park.gpkg"));
  OGRLayer* parcels = gpkg->GetLayerByName("parcels");
  EXPECT_STREQ(parcels->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
  OGREnvelope box;
  ASSERT_EQ(parcels->GetExtent(&box), OGRERR_NONE);
  // Easting first: 121.18 E is about 112 km east of CM 120E (false easting 500 km).
  EXPECT_NEAR(box.MinX, 612000, 3000);
  EXPECT_NEAR(box.MinY, 3465000, 5000);
  // Areas are fields computed on the ellipsoid; a projection does not change them.
  const GDALDatasetUniquePtr source = test::open_dataset(dir.file("park.gpkg"));
  std::unique_ptr<OGRFeature> a(source->GetLayerByName("parcels")->GetFeature(1));
  std::unique_ptr<OGRFeature> b(parcels->GetFeature(1));
  EXPECT_EQ(a->GetFieldAsDouble("area_m2"), b->GetFieldAsDouble("area_m2"));
  EXPECT_NE(test::read_text(dir.file("out/park/parcels.prj")).find("CGCS2000"), std::string::npos);
  // GeoJSON stays WGS 84 lon/lat whatever the target (RFC 7946).
  OGREnvelope lonlat;
  ASSERT_EQ(test::open_dataset(dir.file("out/park/parcels.geojson"))->GetLayer(0)->GetExtent(&lonlat), OGRERR_NONE);
  EXPECT_NEAR(lonlat.MinX, 121.18, 0.01);
  EXPECT_EQ(test::feature_count(dir.file("out/parcels/parcels.geojson")), 3);
  EXPECT_EQ(test::feature_count(dir.file("out/parcels.gpkg"), "parcels"), 3);

  options.target_crs = "EPSG:999999";
  options.overwrite = true;
  EXPECT_THROW(convert({SourceName(dir.file("park.gpkg"))}, dir.file("out2"), options), InputError);
  EXPECT_FALSE(fs::exists(dir.file("out2")));
}

TEST(Convert, CsvWithWktOption) {
  test::TempDir dir;
  write_park(load_park(SourceName(test::anting_source())), dir.file("park.gpkg"));
  ConvertOptions options;
  options.formats = {Format::CSV};
  convert({SourceName(dir.file("park.gpkg"))}, dir.file("plain"), options);
  options.csv_wkt = true;
  convert({SourceName(dir.file("park.gpkg"))}, dir.file("wkt"), options);
  EXPECT_EQ(test::read_text(dir.file("plain/park/parcels.csv")).find("POLYGON"), std::string::npos);
  EXPECT_EQ(test::read_text(dir.file("wkt/park/parcels.csv")).rfind("WKT,", 0), 0u);
  EXPECT_NE(test::read_text(dir.file("wkt/park/parcels.csv")).find("MULTIPOLYGON"), std::string::npos);
}

}  // namespace
}  // namespace parklayers
