// SPDX-License-Identifier: GPL-2.0-or-later
// output: the one output path. Each format's policy, seen by opening what was written again
// with GDAL: a Shapefile's long texts and field names beside it, added and dropped fields, the
// GeoPackage's page cache, numbers a format cannot hold.
#include "parklayers/io/output.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace parklayers {
namespace {

// A source layer in memory: fields id, note, 名称 (text) and value (real), one feature per
// (id, note, value), in EPSG:4326.
class MemorySource {
 public:
  MemorySource() {
    ensure_gdal_registered();
    dataset_.reset(GetGDALDriverManager()->GetDriverByName("Memory")->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    wgs84_.importFromEPSG(4326);
    wgs84_.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    layer_ = dataset_->CreateLayer("parcels", &wgs84_, wkbPolygon, nullptr);
    for (const auto& [name, type] : {std::pair<const char*, OGRFieldType>{"id", OFTString}, {"note", OFTString},
                                     {"名称", OFTString}, {"value", OFTReal}}) {
      OGRFieldDefn field(name, type);
      layer_->CreateField(&field);
    }
  }
  void add(const std::string& id, const std::string& note, double value) {
    OGRFeature feature(layer_->GetLayerDefn());
    feature.SetField("id", id.c_str());
    feature.SetField("note", note.c_str());
    feature.SetField("名称", "一期地块");
    feature.SetField("value", value);
    OGRGeometry* square = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON ((121.18 31.30,121.19 31.30,121.19 31.31,121.18 31.31,121.18 31.30))",
                                      &wgs84_, &square);
    feature.SetGeometryDirectly(square);
    EXPECT_EQ(layer_->CreateFeature(&feature), OGRERR_NONE);
  }
  OGRLayer& layer() { return *layer_; }

 private:
  GDALDatasetUniquePtr dataset_;
  OGRSpatialReference wgs84_;
  OGRLayer* layer_ = nullptr;
};

// Writes every feature of the source to `path` through the output module.
long long write_all(MemorySource& source, const std::string& driver, const std::string& path,
                    OutputLayerOptions options = {}) {
  OutputDataset out(driver, path, path);
  options.name = source.layer().GetName();
  options.geometry_type = source.layer().GetGeomType();
  options.crs = source.layer().GetSpatialRef();
  options.input = "memory";
  OutputLayer layer(out, *source.layer().GetLayerDefn(), options);
  source.layer().ResetReading();
  for (auto& feature : source.layer()) layer.write(*feature, feature->GetGeometryRef());
  layer.finish();
  layer.write_sidecars();
  const long long cut = layer.texts_cut();
  out.close();
  return cut;
}

// 108 Chinese characters of 3 bytes: 324 bytes, more than a dBase field holds.
std::string long_chinese_text() {
  std::string text;
  for (int i = 0; i < 108; ++i) text += "园";
  return text;
}

TEST(Output, ShapefileKeepsLongTextsAndFieldNamesBeside) {
  test::TempDir dir;
  MemorySource source;
  const std::string long_text = long_chinese_text();
  ASSERT_EQ(long_text.size(), 324u);
  source.add("P1", long_text, 1.5);
  source.add("P2", "short", 2.5);
  EXPECT_EQ(write_all(source, "ESRI Shapefile", dir.file("out.shp")), 1);

  EXPECT_EQ(test::read_text(dir.file("out.cpg")).substr(0, 5), "UTF-8");
  GDALDatasetUniquePtr written(GDALDataset::Open(dir.file("out.shp").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(written);
  OGRLayer* layer = written->GetLayer(0);
  OGRFeatureUniquePtr first(layer->GetNextFeature());
  const std::string in_dbf = first->GetFieldAsString("note");
  EXPECT_LE(in_dbf.size(), 254u);
  EXPECT_EQ(in_dbf.size(), 252u + 0u);  // 83 characters and the 3-byte mark
  EXPECT_EQ(in_dbf.substr(in_dbf.size() - 3), "\xE2\x80\xA6");
  EXPECT_EQ(long_text.compare(0, in_dbf.size() - 3, in_dbf, 0, in_dbf.size() - 3), 0);
  EXPECT_TRUE(CPLIsUTF8(in_dbf.c_str(), -1));
  EXPECT_EQ(std::string(first->GetFieldAsString("field")), "一期地块");  // 名称, renamed

  EXPECT_EQ(test::read_text(dir.file("out.long_text.csv")),
            "fid,id,field,shapefile_field,text\n0,P1,note,note," + long_text + "\n");
  EXPECT_EQ(test::read_text(dir.file("out.fields.csv")),
            "source_field,shapefile_field,type\nid,id,String\nnote,note,String\n名称,field,String\nvalue,value,Real\n");
}

// Area fields recomputed: an old area_m2 of the source is dropped, the new ones come after the
// copied fields; a GeoPackage keeps the source's fids.
TEST(Output, AddedAndDroppedFieldsAndFids) {
  test::TempDir dir;
  MemorySource source;
  source.add("P1", "a", 1.5);
  source.add("P2", "b", 2.5);
  OutputLayerOptions options;
  options.dropped = {"value"};
  options.added = {{"area_m2", OFTReal}, {"gk_crs", OFTString}};
  {
    OutputDataset out("GPKG", dir.file("out.gpkg"), dir.file("out.gpkg"));
    options.name = "parcels";
    options.geometry_type = wkbPolygon;
    options.crs = source.layer().GetSpatialRef();
    OutputLayer layer(out, *source.layer().GetLayerDefn(), options);
    source.layer().ResetReading();
    for (auto& feature : source.layer()) {
      OGRFeature& written = layer.begin(*feature);
      written.SetGeometry(feature->GetGeometryRef());
      written.SetField(layer.added_index(0), 100.0 + static_cast<double>(feature->GetFID()));
      written.SetField(layer.added_index(1), "EPSG:4549");
      layer.end(*feature);
    }
    layer.finish();
    out.close();
  }
  GDALDatasetUniquePtr written(GDALDataset::Open(dir.file("out.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(written);
  OGRLayer* layer = written->GetLayerByName("parcels");
  ASSERT_TRUE(layer);
  const OGRFeatureDefn* defn = layer->GetLayerDefn();
  ASSERT_EQ(defn->GetFieldCount(), 5);
  const char* expected[] = {"id", "note", "名称", "area_m2", "gk_crs"};
  for (int i = 0; i < 5; ++i) EXPECT_STREQ(defn->GetFieldDefn(i)->GetNameRef(), expected[i]);
  source.layer().ResetReading();
  for (auto& feature : source.layer()) {
    OGRFeatureUniquePtr copy(layer->GetFeature(feature->GetFID()));
    ASSERT_TRUE(copy) << feature->GetFID();
    EXPECT_STREQ(copy->GetFieldAsString("id"), feature->GetFieldAsString("id"));
    EXPECT_EQ(copy->GetFieldAsDouble("area_m2"), 100.0 + static_cast<double>(feature->GetFID()));
  }
  EXPECT_TRUE(layer->GetLayerDefn()->GetGeomFieldCount() == 1);
  EXPECT_EQ(written->GetLayerByName("parcels")->GetFeatureCount(TRUE), 2);
}

TEST(Output, NumberTooWideForAShapefileNamesTheFeature) {
  test::TempDir dir;
  MemorySource source;
  source.add("P1", "a", 1e16);  // 17 digits and 8 decimals: 26 characters
  try {
    write_all(source, "ESRI Shapefile", dir.file("out.shp"));
    FAIL() << "no error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("memory: layer 'parcels': feature 0 (id 'P1'): field 'value'"), std::string::npos) << message;
    EXPECT_NE(message.find("does not fit a Shapefile number field"), std::string::npos) << message;
  }
}

// GeoJSON is written as RFC 7946 asks: no crs member, WGS 84.
TEST(Output, GeoJsonIsRfc7946) {
  test::TempDir dir;
  MemorySource source;
  source.add("P1", "a", 1.5);
  write_all(source, "GeoJSON", dir.file("out.geojson"));
  const std::string text = test::read_text(dir.file("out.geojson"));
  EXPECT_EQ(text.find("\"crs\""), std::string::npos) << text;
  EXPECT_NE(text.find("121.18"), std::string::npos) << text;
}

// A dataset that cannot be created is an OutputError naming the output.
TEST(Output, UncreatableDatasetIsAnOutputError) {
  ensure_gdal_registered();
  try {
    OutputDataset out("GPKG", "/nonexistent-folder/x.gpkg", "final.gpkg");
    FAIL() << "no error";
  } catch (const OutputError& error) {
    EXPECT_EQ(error.output(), "final.gpkg");
    EXPECT_EQ(std::string(error.what()).rfind("final.gpkg: cannot be created", 0), 0u) << error.what();
  }
}

TEST(Output, OutputGeoPackageHasTheLargerCache) {
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  ASSERT_TRUE(driver);
  GDALDatasetUniquePtr dataset = create_vector_output(*driver, dir.file("out.gpkg"));
  ASSERT_TRUE(dataset);
  // GDAL sets the cache in pages.
  const long long page = std::stoll(test::sql_value(*dataset, "PRAGMA page_size"));
  EXPECT_EQ(std::stoll(test::sql_value(*dataset, "PRAGMA cache_size")) * page, kOutputGpkgCacheMb * 1024LL * 1024);
  // Only this output: the option was set for the call, on this thread.
  EXPECT_EQ(CPLGetConfigOption("OGR_SQLITE_CACHE", nullptr), nullptr);
}

TEST(Output, UserCacheSizeIsKept) {
  ensure_gdal_registered();
  test::TempDir dir;
  CPLSetConfigOption("OGR_SQLITE_CACHE", "3");
  GDALDatasetUniquePtr dataset =
      create_vector_output(*GetGDALDriverManager()->GetDriverByName("GPKG"), dir.file("out.gpkg"));
  CPLSetConfigOption("OGR_SQLITE_CACHE", nullptr);
  ASSERT_TRUE(dataset);
  const long long page = std::stoll(test::sql_value(*dataset, "PRAGMA page_size"));
  EXPECT_EQ(std::stoll(test::sql_value(*dataset, "PRAGMA cache_size")) * page, 3 * 1024LL * 1024);
}

}  // namespace
}  // namespace parklayers
