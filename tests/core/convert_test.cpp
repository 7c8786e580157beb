// Batch conversion: the built park converted to every format and opened again with GDAL (and
// with QGIS and an independent RFC 7946 checker where installed); Shapefile limits; layout,
// --overwrite and file-name safety; a conversion killed midway.
#include "parklayers/convert.h"

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

#include "parklayers/error.h"
#include "parklayers/gdal_util.h"
#include "parklayers/park.h"
#include "parklayers/styles.h"
#include "parklayers/writer.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

GDALDatasetUniquePtr open(const std::string& path) {
  ensure_gdal_registered();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

long long count(const std::string& path, const std::string& layer = "") {
  const GDALDatasetUniquePtr dataset = open(path);
  if (!dataset) return -1;
  OGRLayer* l = layer.empty() ? dataset->GetLayer(0) : dataset->GetLayerByName(layer.c_str());
  return l ? l->GetFeatureCount(TRUE) : -1;
}

// Every file under dir (recursive), relative, hidden temporaries included.
std::set<std::string> tree(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    names.insert(fs::relative(entry.path(), dir).string());
  }
  return names;
}

const std::vector<Format> kAllFormats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile,
                                         Format::FlatGeobuf, Format::CSV,     Format::KML};

// The bundled park built once, then converted to every format once.
class ConvertedPark : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    write_park(load_park(test::anting_source()), dir_->file("park.gpkg"));
    ConvertOptions options;
    options.formats = kAllFormats;
    result_ = new ConvertResult(convert({dir_->file("park.gpkg")}, dir_->file("out"), options));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
  }
  static std::string out(const std::string& name) { return dir_->file("out/" + name); }
  static std::map<std::string, long long> source_counts() {
    std::map<std::string, long long> counts;
    const GDALDatasetUniquePtr source = open(dir_->file("park.gpkg"));
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
  const std::set<std::string> files = tree(dir_->file("out"));
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
  const std::vector<std::string> planned = planned_outputs({dir_->file("park.gpkg")}, dir_->file("out"), options);
  EXPECT_EQ(std::set<std::string>(planned.begin(), planned.end()).size(), planned.size());
  for (const std::string& path : result_->files) {
    EXPECT_NE(std::find(planned.begin(), planned.end(), path), planned.end()) << path;
  }
}

TEST_F(ConvertedPark, EveryFormatHasTheSourceFeatureCounts) {
  const std::map<std::string, long long> counts = source_counts();
  ASSERT_EQ(counts.size(), 7u);
  for (const auto& [layer, n] : counts) {
    EXPECT_EQ(count(out("park.gpkg"), layer), n) << layer;
    EXPECT_EQ(count(out("park/" + layer + ".csv")), n) << layer;
    EXPECT_EQ(count(out("park/" + layer + ".kml")), n) << layer;
    EXPECT_EQ(count(out("park/" + layer + ".dbf")), n) << layer;
    const bool spatial = layer != "tenants" && layer != "area_checks";
    if (spatial) {
      EXPECT_EQ(count(out("park/" + layer + ".geojson")), n) << layer;
      EXPECT_EQ(count(out("park/" + layer + ".shp")), n) << layer;
      EXPECT_EQ(count(out("park/" + layer + ".fgb")), n) << layer;
    }
  }
  long long reported = 0;
  for (const ConvertedLayer& layer : result_->layers) reported += layer.features;
  EXPECT_EQ(reported, 36);
}

TEST_F(ConvertedPark, ShapefileKeepsChineseNamesAndAreas) {
  EXPECT_EQ(test::read_text(out("park/parcels.cpg")), "UTF-8");
  EXPECT_NE(test::read_text(out("park/parcels.prj")).find("WGS"), std::string::npos);
  const GDALDatasetUniquePtr source = open(dir_->file("park.gpkg"));
  const GDALDatasetUniquePtr shp = open(out("park/parcels.shp"));
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
  const GDALDatasetUniquePtr source = open(dir_->file("park.gpkg"));
  const GDALDatasetUniquePtr shp = open(out("park/buildings.shp"));
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
    const GDALDatasetUniquePtr dataset = open(path);
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
  const GDALDatasetUniquePtr gpkg = open(out("park.gpkg"));
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

// A one-layer GeoPackage written through GDAL, for the edge cases.
void write_source(const std::string& path, const std::string& layer_name,
                  const std::function<void(OGRLayer&)>& fill, OGRwkbGeometryType type = wkbPolygon) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = dataset->CreateLayer(layer_name.c_str(), &wgs84, type, nullptr);
  ASSERT_NE(layer, nullptr);
  dataset->StartTransaction();
  fill(*layer);
  dataset->CommitTransaction();
}

void add_field(OGRLayer& layer, const char* name, OGRFieldType type) {
  OGRFieldDefn field(name, type);
  ASSERT_EQ(layer.CreateField(&field), OGRERR_NONE);
}

std::unique_ptr<OGRGeometry> wkt(const char* text) {
  OGRGeometry* geometry = nullptr;
  OGRGeometryFactory::createFromWkt(text, nullptr, &geometry);
  return std::unique_ptr<OGRGeometry>(geometry);
}

TEST(Convert, ShapefileFieldsHoldBigNumbersAndGetShortNames) {
  test::TempDir dir;
  write_source(dir.file("big.gpkg"), "zones", [](OGRLayer& layer) {
    add_field(layer, "area_m2", OFTReal);
    add_field(layer, "population_total", OFTInteger64);
    add_field(layer, "面积说明", OFTString);
    add_field(layer, "population_2020", OFTString);
    add_field(layer, "note", OFTString);
    OGRFeature f(layer.GetLayerDefn());
    f.SetField("note", std::string(250, 'n').c_str());  // wider than the field starts (80)
    f.SetField("area_m2", 2.6e9);
    f.SetField("population_total", static_cast<GIntBig>(9007199254740993LL));
    f.SetField("面积说明", "约2.6平方公里");
    f.SetField("population_2020", "x");
    f.SetGeometryDirectly(wkt("POLYGON ((121 31,121.5 31,121.5 31.5,121 31))").release());
    ASSERT_EQ(layer.CreateFeature(&f), OGRERR_NONE);
  });
  ConvertOptions options;
  options.formats = {Format::Shapefile};
  convert({dir.file("big.gpkg")}, dir.file("out"), options);
  const GDALDatasetUniquePtr shp = open(dir.file("out/big/zones.shp"));
  ASSERT_TRUE(shp);
  const OGRFeatureDefn* defn = shp->GetLayer(0)->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) EXPECT_LE(std::strlen(defn->GetFieldDefn(i)->GetNameRef()), 10u);
  std::unique_ptr<OGRFeature> f(shp->GetLayer(0)->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("area_m2"), 2.6e9);
  EXPECT_EQ(f->GetFieldAsInteger64("population"), 9007199254740993LL);  // population_total, cut
  EXPECT_STREQ(f->GetFieldAsString("field"), "约2.6平方公里");           // 面积说明: no ASCII letters
  EXPECT_STREQ(f->GetFieldAsString("populati_2"), "x");
  EXPECT_EQ(std::string(f->GetFieldAsString("note")), std::string(250, 'n'));
  const std::string mapping = test::read_text(dir.file("out/big/zones.fields.csv"));
  EXPECT_NE(mapping.find("population_total,population,Integer64"), std::string::npos) << mapping;
  EXPECT_NE(mapping.find("面积说明,field,String"), std::string::npos) << mapping;
  EXPECT_NE(mapping.find("population_2020,populati_2,String"), std::string::npos) << mapping;
}

TEST(Convert, NumberTooWideForShapefileIsAnErrorAndLeavesNothing) {
  test::TempDir dir;
  write_source(dir.file("huge.gpkg"), "zones", [](OGRLayer& layer) {
    add_field(layer, "value", OFTReal);
    OGRFeature f(layer.GetLayerDefn());
    f.SetField("value", 1e20);
    f.SetGeometryDirectly(wkt("POLYGON ((121 31,121.5 31,121.5 31.5,121 31))").release());
    ASSERT_EQ(layer.CreateFeature(&f), OGRERR_NONE);
  });
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::Shapefile};
  try {
    convert({dir.file("huge.gpkg")}, dir.file("out"), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("huge.gpkg: layer 'zones': feature 1: field 'value'"), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(dir.file("out")));  // not even the folder it created
}

TEST(Convert, LayerNamesCannotEscapeOutdir) {
  EXPECT_EQ(safe_file_stem("../../etc/passwd"), "_.._etc_passwd");
  EXPECT_EQ(safe_file_stem(".."), "layer");
  EXPECT_EQ(safe_file_stem(".hidden"), "hidden");
  EXPECT_EQ(safe_file_stem("a\\b:c*d?\"e<f>g|h\ni"), "a_b_c_d__e_f_g_h_i");
  EXPECT_EQ(safe_file_stem("一期 地块"), "一期 地块");
  const std::string long_name(300, 'x');
  EXPECT_EQ(safe_file_stem(long_name).size(), 200u);
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "地";  // 300 bytes
  EXPECT_EQ(safe_file_stem(chinese).size(), 198u);  // cut between characters

  test::TempDir dir;
  // GeoPackage refuses such layer names; GeoJSON takes its layer name from "name".
  test::write_text(dir.file("evil.geojson"),
                   R"({"type":"FeatureCollection","name":"../../escaped","features":[{"type":"Feature",)"
                   R"("properties":{"a":1},"geometry":{"type":"Point","coordinates":[121,31]}}]})");
  fs::create_directory(dir.file("out"));
  ConvertOptions options;
  options.formats = {Format::GeoJSON, Format::Shapefile};
  convert({dir.file("evil.geojson")}, dir.file("out"), options);
  EXPECT_EQ(count(dir.file("out/evil/_.._escaped.geojson")), 1);
  EXPECT_EQ(count(dir.file("out/evil/_.._escaped.shp")), 1);
  for (const std::string& name : dir.list()) EXPECT_TRUE(name == "evil.geojson" || name == "out") << name;
}

TEST(Convert, ExistingOutputsNeedOverwriteAndAllAreCheckedFirst) {
  test::TempDir dir;
  write_park(load_park(test::anting_source()), dir.file("park.gpkg"));
  fs::create_directories(dir.file("out/park"));
  test::write_text(dir.file("out/park/roads.kml"), "mine");
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::GeoJSON, Format::KML};
  try {
    convert({dir.file("park.gpkg")}, dir.file("out"), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].where.file, dir.file("out/park/roads.kml"));
  }
  // Nothing else was written before the check failed, and the existing file is untouched.
  EXPECT_EQ(tree(dir.file("out")), (std::set<std::string>{"park", "park/roads.kml"}));
  EXPECT_EQ(test::read_text(dir.file("out/park/roads.kml")), "mine");

  options.overwrite = true;
  convert({dir.file("park.gpkg")}, dir.file("out"), options);
  EXPECT_EQ(count(dir.file("out/park/roads.kml")), 3);
  EXPECT_EQ(count(dir.file("out/park.gpkg"), "parcels"), 3);
  // A second run without --overwrite lists every existing output.
  options.overwrite = false;
  try {
    convert({dir.file("park.gpkg")}, dir.file("out"), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.problems().size(), planned_outputs({dir.file("park.gpkg")}, dir.file("out"), options).size());
  }
}

TEST(Convert, RefusesToReplaceItsInputAndCollidingInputs) {
  test::TempDir dir;
  write_park(load_park(test::anting_source()), dir.file("park.gpkg"));
  ConvertOptions options;
  options.formats = {Format::GeoPackage};
  options.overwrite = true;
  EXPECT_THROW(convert({dir.file("park.gpkg")}, dir.path(), options), InputError);
  EXPECT_EQ(count(dir.file("park.gpkg"), "parcels"), 3);
  fs::create_directory(dir.file("b"));
  fs::copy_file(dir.file("park.gpkg"), dir.file("b/park.gpkg"));
  options.overwrite = false;
  EXPECT_THROW(convert({dir.file("park.gpkg"), dir.file("b/park.gpkg")}, dir.file("out"), options), InputError);
}

TEST(Convert, SeveralInputsAndTargetCrs) {
  test::TempDir dir;
  write_park(load_park(test::anting_source()), dir.file("park.gpkg"));
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile};
  options.target_crs = "EPSG:4549";
  // A GeoJSON file of the park source is a second input.
  convert({dir.file("park.gpkg"), test::anting_source() + "/parcels.geojson"}, dir.file("out"), options);
  const GDALDatasetUniquePtr gpkg = open(dir.file("out/park.gpkg"));
  OGRLayer* parcels = gpkg->GetLayerByName("parcels");
  EXPECT_STREQ(parcels->GetSpatialRef()->GetAuthorityCode(nullptr), "4549");
  OGREnvelope box;
  ASSERT_EQ(parcels->GetExtent(&box), OGRERR_NONE);
  // Easting first: 121.18 E is about 112 km east of CM 120E (false easting 500 km).
  EXPECT_NEAR(box.MinX, 612000, 3000);
  EXPECT_NEAR(box.MinY, 3465000, 5000);
  // Areas are fields computed on the ellipsoid; a projection does not change them.
  const GDALDatasetUniquePtr source = open(dir.file("park.gpkg"));
  std::unique_ptr<OGRFeature> a(source->GetLayerByName("parcels")->GetFeature(1));
  std::unique_ptr<OGRFeature> b(parcels->GetFeature(1));
  EXPECT_EQ(a->GetFieldAsDouble("area_m2"), b->GetFieldAsDouble("area_m2"));
  EXPECT_NE(test::read_text(dir.file("out/park/parcels.prj")).find("CGCS2000"), std::string::npos);
  // GeoJSON stays WGS 84 lon/lat whatever the target (RFC 7946).
  OGREnvelope lonlat;
  ASSERT_EQ(open(dir.file("out/park/parcels.geojson"))->GetLayer(0)->GetExtent(&lonlat), OGRERR_NONE);
  EXPECT_NEAR(lonlat.MinX, 121.18, 0.01);
  EXPECT_EQ(count(dir.file("out/parcels/parcels.geojson")), 3);
  EXPECT_EQ(count(dir.file("out/parcels.gpkg"), "parcels"), 3);

  options.target_crs = "EPSG:999999";
  options.overwrite = true;
  EXPECT_THROW(convert({dir.file("park.gpkg")}, dir.file("out2"), options), InputError);
  EXPECT_FALSE(fs::exists(dir.file("out2")));
}

// Many batches, each written by every format's writer on a thread of its own: every format has
// every feature, in order, and the GeoPackage's spatial index (filled as features are
// written) is complete and valid.
TEST(Convert, LargeLayerToEveryFormatInParallel) {
  test::TempDir dir;
  const int n = 20000;
  test::write_square_parcels(dir.file("grid.gpkg"), "grid", n);
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile, Format::FlatGeobuf, Format::CSV};
  const ConvertResult result = convert({dir.file("grid.gpkg")}, dir.file("out"), options);
  ASSERT_EQ(result.layers.size(), 1u);
  EXPECT_EQ(result.layers[0].features, n);
  for (const std::string& path : {dir.file("out/grid.gpkg"), dir.file("out/grid/grid.geojson"),
                                  dir.file("out/grid/grid.shp"), dir.file("out/grid/grid.fgb"),
                                  dir.file("out/grid/grid.csv")}) {
    const GDALDatasetUniquePtr output = open(path);
    ASSERT_TRUE(output) << path;
    OGRLayer* layer = output->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), n) << path;
    // In reading order, except FlatGeobuf, whose spatial index orders features along a
    // Hilbert curve: every id once there.
    std::vector<std::string> ids;
    for (auto& feature : *layer) ids.emplace_back(feature->GetFieldAsString("id"));
    if (fs::path(path).extension() == ".fgb") {
      std::sort(ids.begin(), ids.end(),
                [](const std::string& a, const std::string& b) { return std::stoi(a.substr(1)) < std::stoi(b.substr(1)); });
    }
    ASSERT_EQ(ids.size(), static_cast<size_t>(n)) << path;
    for (int i = 0; i < n; ++i) ASSERT_EQ(ids[static_cast<size_t>(i)], "T" + std::to_string(i + 1)) << path;
  }
  const test::CommandResult valid = test::validate_gpkg(dir.file("out/grid.gpkg"));
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  const test::SpatialIndex index = test::gpkg_spatial_index(dir.file("out/grid.gpkg"), "grid");
  EXPECT_TRUE(index.present);
  EXPECT_EQ(index.rows, n);
  EXPECT_EQ(index.check, "ok");
}

TEST(Convert, CsvWithWktOption) {
  test::TempDir dir;
  write_park(load_park(test::anting_source()), dir.file("park.gpkg"));
  ConvertOptions options;
  options.formats = {Format::CSV};
  convert({dir.file("park.gpkg")}, dir.file("plain"), options);
  options.csv_wkt = true;
  convert({dir.file("park.gpkg")}, dir.file("wkt"), options);
  EXPECT_EQ(test::read_text(dir.file("plain/park/parcels.csv")).find("POLYGON"), std::string::npos);
  EXPECT_EQ(test::read_text(dir.file("wkt/park/parcels.csv")).rfind("WKT,", 0), 0u);
  EXPECT_NE(test::read_text(dir.file("wkt/park/parcels.csv")).find("MULTIPOLYGON"), std::string::npos);
}

TEST(Convert, FormatNames) {
  EXPECT_EQ(parse_format("gpkg"), Format::GeoPackage);
  EXPECT_EQ(parse_format("ESRI Shapefile"), Format::Shapefile);
  EXPECT_EQ(parse_format("shp"), Format::Shapefile);
  EXPECT_EQ(parse_format("FlatGeobuf"), Format::FlatGeobuf);
  EXPECT_FALSE(parse_format("DXF"));
  EXPECT_EQ(non_proj_target("GCJ-02"), NonProjTarget::GCJ02);
  EXPECT_EQ(non_proj_target("EPSG:4326"), NonProjTarget::None);
}

TEST(ConvertCli, ProgressBarLayoutAndBuildFormats) {
  test::TempDir dir;
  const test::CommandResult built =
      test::parklayers({"build", "-o", dir.file("b"), "-f", "GPKG", "-f", "GeoJSON", "-f", "SHP", "-q"});
  // build's exit status is that of its checks (0 or 1); 2 would be an error.
  ASSERT_LT(built.exit_code, 2) << built.err;
  EXPECT_EQ(count(dir.file("b/anting_park.gpkg"), "parcels"), 3);
  EXPECT_EQ(count(dir.file("b/anting_park/parcels.geojson")), 3);
  EXPECT_EQ(count(dir.file("b/anting_park/parcels.shp")), 3);
  for (const std::string& name : tree(dir.file("b"))) EXPECT_EQ(name.find(".parklayers-"), std::string::npos);

  const test::CommandResult converted = test::parklayers(
      {"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("c"), "-f", "FlatGeobuf", "-f", "KML"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_NE(converted.err.find("0...10...20...30...40...50...60...70...80...90...100 - done."), std::string::npos)
      << converted.err;
  EXPECT_EQ(count(dir.file("c/anting_park/amenities.fgb")), 8);
  const test::CommandResult again = test::parklayers(
      {"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("c"), "-f", "FlatGeobuf", "-q"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--overwrite"), std::string::npos);
  const test::CommandResult quiet = test::parklayers(
      {"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("c"), "-f", "FlatGeobuf", "-q", "--overwrite"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(test::parklayers({"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("d"), "-f", "DXF"}).exit_code, 2);
  EXPECT_EQ(test::parklayers({"convert", dir.file("b/anting_park.gpkg"), "-f", "GPKG"}).exit_code, 2);
}

// Every vertex of every feature of a vector file's first layer, in order: (x, y) pairs.
std::vector<std::vector<std::pair<double, double>>> vertices(const std::string& path) {
  struct Collect : OGRDefaultConstGeometryVisitor {
    std::vector<std::pair<double, double>> points;
    using OGRDefaultConstGeometryVisitor::visit;
    void visit(const OGRPoint* point) override { points.emplace_back(point->getX(), point->getY()); }
  };
  std::vector<std::vector<std::pair<double, double>>> out;
  GDALDatasetUniquePtr dataset = open(path);
  EXPECT_TRUE(dataset) << path;
  if (!dataset) return out;
  for (auto& feature : *dataset->GetLayer(0)) {
    Collect collect;
    if (const OGRGeometry* geometry = feature->GetGeometryRef()) geometry->accept(&collect);
    out.push_back(collect.points);
  }
  return out;
}

// The largest coordinate difference between two files of the same features; infinity when
// their features or vertices do not pair up.
double max_vertex_difference(const std::string& a, const std::string& b) {
  const auto va = vertices(a), vb = vertices(b);
  if (va.size() != vb.size() || va.empty()) return HUGE_VAL;
  double worst = 0;
  for (size_t f = 0; f < va.size(); ++f) {
    if (va[f].size() != vb[f].size()) return HUGE_VAL;
    for (size_t i = 0; i < va[f].size(); ++i) {
      worst = std::max({worst, std::fabs(va[f][i].first - vb[f][i].first), std::fabs(va[f][i].second - vb[f][i].second)});
    }
  }
  return worst;
}

// geodata/anting/web/ holds the park in GCJ-02 for Chinese web maps, made by the tool itself
// (geodata/tools/make_anting_web.sh): regenerating gives the committed coordinates.
TEST(ConvertCli, ShippedGcj02GeoJsonIsReproducible) {
  test::TempDir dir;
  const std::string script = std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/geodata/tools/make_anting_web.sh";
  const test::CommandResult made = test::run({"/bin/sh", script, PARKLAYERS_TEST_EXE, dir.file("web")});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string committed = test::anting_source() + "/web/";
  for (const char* layer : {"parcels", "buildings", "roads", "amenities", "park_boundary"}) {
    const std::string name = std::string(layer) + "_gcj02.geojson";
    EXPECT_LE(max_vertex_difference(dir.file("web/" + name), committed + name), 1e-7) << name;
    // It is GCJ-02: about 480 m (0.0045 degrees of longitude) from the WGS 84 source.
    if (std::string(layer) != "park_boundary") {
      const auto shifted = vertices(committed + name);
      const auto source = vertices(test::anting_source() + "/" + layer + ".geojson");
      ASSERT_FALSE(shifted.empty());
      EXPECT_NEAR(shifted[0][0].first - source[0][0].first, 0.0045, 0.0005) << name;
    }
  }
}

// --s_srs GCJ02 undoes --t_srs GCJ02: the shipped GCJ-02 parcels come back to the source's
// WGS 84 coordinates (both rounded to 7 decimals, hence 1.5e-7), in EPSG:4326.
TEST(ConvertCli, DeclaredGcj02SourceComesBackToWgs84) {
  test::TempDir dir;
  const std::string input = test::anting_source() + "/web/parcels_gcj02.geojson";
  const test::CommandResult converted =
      test::parklayers({"convert", input, "-o", dir.file("out"), "-f", "GeoJSON", "-f", "GPKG", "--s_srs", "GCJ02", "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_LE(max_vertex_difference(dir.file("out/parcels_gcj02/parcels.geojson"), test::anting_source() + "/parcels.geojson"),
            1.5e-7);
  GDALDatasetUniquePtr gpkg = open(dir.file("out/parcels_gcj02.gpkg"));
  ASSERT_TRUE(gpkg);
  const OGRSpatialReference* crs = gpkg->GetLayer(0)->GetSpatialRef();
  ASSERT_TRUE(crs);
  EXPECT_STREQ(crs->GetAuthorityCode(nullptr), "4326");
  EXPECT_LE(max_vertex_difference(dir.file("out/parcels_gcj02.gpkg"), test::anting_source() + "/parcels.geojson"), 1.5e-7);
  // A layer in metres cannot be GCJ-02.
  const test::CommandResult projected = test::parklayers(
      {"convert", input, "-o", dir.file("gk"), "-f", "GPKG", "--t_srs", "EPSG:4549", "-q"});
  ASSERT_EQ(projected.exit_code, 0) << projected.err;
  const test::CommandResult refused = test::parklayers(
      {"convert", dir.file("gk/parcels_gcj02.gpkg"), "-o", dir.file("x"), "-f", "GPKG", "--s_srs", "GCJ02", "-q"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--s_srs: GCJ02 declares longitude/latitude degrees"), std::string::npos) << refused.err;
  EXPECT_EQ(test::parklayers({"convert", input, "-o", dir.file("y"), "-f", "GPKG", "--s_srs", "EPSG:4326"}).exit_code, 2);
}

TEST(ConvertCli, KilledMidwayLeavesNoFileUnderAFinalName) {
  test::TempDir dir;
  constexpr int kFeatures = 300000;
  write_source(dir.file("big.gpkg"), "points", [](OGRLayer& layer) {
    add_field(layer, "name", OFTString);
    add_field(layer, "value", OFTReal);
    OGRFeature f(layer.GetLayerDefn());
    for (int i = 0; i < kFeatures; ++i) {
      f.SetFID(OGRNullFID);
      f.SetField("name", ("point " + std::to_string(i)).c_str());
      f.SetField("value", i * 0.5);
      f.SetGeometryDirectly(new OGRPoint(121.0 + (i % 1000) * 1e-4, 31.0 + (i / 1000) * 1e-4));
      ASSERT_EQ(layer.CreateFeature(&f), OGRERR_NONE);
    }
  }, wkbPoint);
  const std::string outdir = dir.file("out");
  fs::create_directory(outdir);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(PARKLAYERS_TEST_EXE, PARKLAYERS_TEST_EXE, "convert", dir.file("big.gpkg").c_str(), "-o", outdir.c_str(),
          "-f", "GPKG", "-f", "GeoJSON", "-f", "SHP", "-f", "FlatGeobuf", "-f", "CSV", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::set<std::string> during = tree(outdir);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the conversion ended before it was killed: make the input larger";
  EXPECT_FALSE(during.empty()) << "nothing was being written when it was killed";
  // Only hidden temporaries: nothing under OUTDIR/big.gpkg or OUTDIR/big/.
  for (const std::string& name : tree(outdir)) {
    EXPECT_EQ(name.rfind(".parklayers-", 0), 0u) << name;
  }
  // A new run replaces nothing it should not and completes.
  const test::CommandResult rerun =
      test::parklayers({"convert", dir.file("big.gpkg"), "-o", outdir, "-f", "FlatGeobuf", "-q"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(count(dir.file("out/big/points.fgb")), kFeatures);
}

}  // namespace
}  // namespace parklayers
