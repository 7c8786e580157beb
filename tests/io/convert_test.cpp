// SPDX-License-Identifier: GPL-2.0-or-later
// Batch conversion of any OGR source: Shapefile limits, file-name safety, a large layer to every
// format at once. (The built park converted to every format: park/convert_park_test.cpp.)
#include "parklayers/io/convert.h"

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
#include <fstream>
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
#include "parklayers/io/layer_styles.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

const std::vector<Format> kAllFormats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile,
                                         Format::FlatGeobuf, Format::CSV,     Format::KML};

std::unique_ptr<OGRGeometry> wkt(const char* text) {
  OGRGeometry* geometry = nullptr;
  OGRGeometryFactory::createFromWkt(text, nullptr, &geometry);
  return std::unique_ptr<OGRGeometry>(geometry);
}

TEST(Convert, ShapefileFieldsHoldBigNumbersAndGetShortNames) {
  test::TempDir dir;
  test::write_gpkg_layer(dir.file("big.gpkg"), "zones", [](OGRLayer& layer) {
    test::add_field(layer, "area_m2", OFTReal);
    test::add_field(layer, "population_total", OFTInteger64);
    test::add_field(layer, "面积说明", OFTString);
    test::add_field(layer, "population_2020", OFTString);
    test::add_field(layer, "note", OFTString);
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
  convert({SourceName(dir.file("big.gpkg"))}, dir.file("out"), options);
  const GDALDatasetUniquePtr shp = test::open_dataset(dir.file("out/big/zones.shp"));
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
  test::write_gpkg_layer(dir.file("huge.gpkg"), "zones", [](OGRLayer& layer) {
    test::add_field(layer, "value", OFTReal);
    OGRFeature f(layer.GetLayerDefn());
    f.SetField("value", 1e20);
    f.SetGeometryDirectly(wkt("POLYGON ((121 31,121.5 31,121.5 31.5,121 31))").release());
    ASSERT_EQ(layer.CreateFeature(&f), OGRERR_NONE);
  });
  ConvertOptions options;
  options.formats = {Format::GeoPackage, Format::Shapefile};
  try {
    convert({SourceName(dir.file("huge.gpkg"))}, dir.file("out"), options);
    FAIL() << "no error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("huge.gpkg: layer 'zones': feature 1: field 'value'"), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(dir.file("out")));  // not even the folder it created
}

TEST(Convert, LayerNamesCannotEscapeOutdir) {
  // The names as safe_file_stem makes them (format_test), end to end.
  test::TempDir dir;
  // GeoPackage refuses such layer names; GeoJSON takes its layer name from "name".
  test::write_text(dir.file("evil.geojson"),
                   R"({"type":"FeatureCollection","name":"../../escaped","features":[{"type":"Feature",)"
                   R"("properties":{"a":1},"geometry":{"type":"Point","coordinates":[121,31]}}]})");
  fs::create_directory(dir.file("out"));
  ConvertOptions options;
  options.formats = {Format::GeoJSON, Format::Shapefile};
  convert({SourceName(dir.file("evil.geojson"))}, dir.file("out"), options);
  EXPECT_EQ(test::feature_count(dir.file("out/evil/_.._escaped.geojson")), 1);
  EXPECT_EQ(test::feature_count(dir.file("out/evil/_.._escaped.shp")), 1);
  for (const std::string& name : dir.list()) EXPECT_TRUE(name == "evil.geojson" || name == "out") << name;
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
  const ConvertResult result = convert({SourceName(dir.file("grid.gpkg"))}, dir.file("out"), options);
  ASSERT_EQ(result.layers.size(), 1u);
  EXPECT_EQ(result.layers[0].features, n);
  for (const std::string& path : {dir.file("out/grid.gpkg"), dir.file("out/grid/grid.geojson"),
                                  dir.file("out/grid/grid.shp"), dir.file("out/grid/grid.fgb"),
                                  dir.file("out/grid/grid.csv")}) {
    const GDALDatasetUniquePtr output = test::open_dataset(path);
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

TEST(Convert, NonProjTargets) {
  EXPECT_EQ(non_proj_target("GCJ-02"), NonProjTarget::GCJ02);
  EXPECT_EQ(non_proj_target("EPSG:4326"), NonProjTarget::None);
}

// A Shapefile whose .dbf holds GBK text and no .cpg says so, as Chinese tools write them:
// read as it is, its names are not Chinese; with --encoding GBK they are, in valid UTF-8.
TEST(Convert, GbkShapefileWithoutCpgReadAsGb18030) {
  test::TempDir dir;
  ensure_gdal_registered();
  {
    GDALDatasetUniquePtr shp(GetGDALDriverManager()->GetDriverByName("ESRI Shapefile")
                                 ->Create(dir.file("gbk.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(shp);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    CPLStringList lco;
    lco.SetNameValue("ENCODING", "GBK");
    OGRLayer* layer = shp->CreateLayer("gbk", &wgs84, wkbPoint, lco.List());
    ASSERT_NE(layer, nullptr);
    test::add_field(*layer, "name_zh", OFTString);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("name_zh", "一期地块");
    feature.SetGeometryDirectly(new OGRPoint(121.185, 31.31));
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  fs::remove(dir.file("gbk.cpg"));
  // The .dbf's code page byte says nothing either.
  {
    std::fstream dbf(dir.file("gbk.dbf"), std::ios::in | std::ios::out | std::ios::binary);
    dbf.seekp(29);
    dbf.put('\0');
  }
  const std::string gbk_bytes = test::read_text(dir.file("gbk.dbf"));
  EXPECT_NE(gbk_bytes.find("\xD2\xBB\xC6\xDA"), std::string::npos);  // 一期 in GBK

  const auto name_in = [&](const std::string& outdir) {
    const GDALDatasetUniquePtr out = test::open_dataset(dir.file(outdir + "/gbk/gbk.geojson"));
    EXPECT_TRUE(out);
    if (!out) return std::string();
    OGRFeatureUniquePtr feature(out->GetLayer(0)->GetNextFeature());
    return std::string(feature ? feature->GetFieldAsString("name_zh") : "");
  };
  // Without --encoding: the bytes are not UTF-8 but are GB18030, so read as GB18030, with a
  // warning naming the file.
  ConvertOptions options;
  options.formats = {Format::GeoJSON};
  const ConvertResult plain = convert({SourceName(dir.file("gbk.shp"))}, dir.file("plain"), options);
  EXPECT_EQ(name_in("plain"), "一期地块");
  ASSERT_EQ(plain.warnings.size(), 1u);
  EXPECT_EQ(plain.warnings[0].where.file, dir.file("gbk.shp"));
  EXPECT_NE(plain.warnings[0].what.find("read as GB18030"), std::string::npos) << plain.warnings[0].what;
  EXPECT_TRUE(CPLIsUTF8(test::read_text(dir.file("plain/gbk/gbk.geojson")).c_str(), -1));
  // --encoding says it: no warning.
  options.input.encoding = "GBK";
  const ConvertResult stated = convert({SourceName(dir.file("gbk.shp"))}, dir.file("gbk_read"), options);
  EXPECT_TRUE(stated.warnings.empty());
  EXPECT_EQ(name_in("gbk_read"), "一期地块");
  const std::string geojson = test::read_text(dir.file("gbk_read/gbk/gbk.geojson"));
  EXPECT_TRUE(CPLIsUTF8(geojson.c_str(), -1));
}

}  // namespace
}  // namespace parklayers
