// measure_layer: any OGR layer measured and copied with area fields, streamed.
#include "parklayers/layer_area.h"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>

#include "parklayers/error.h"
#include "parklayers/units.h"
#include "test_support.h"

namespace parklayers {
namespace {

TEST(MeasureLayer, ReportsEveryFeature) {
  std::map<long long, std::optional<double>> areas;
  const std::string layer = measure_layer(test::anting_source() + "/parcels.geojson", {},
                                          [&](long long fid, std::optional<double> m2) { areas[fid] = m2; });
  EXPECT_EQ(layer, "parcels");
  ASSERT_EQ(areas.size(), 3u);
  EXPECT_NEAR(*areas[2], 9000.0, 0.5);  // P3: 13.5 mu
}

TEST(MeasureLayer, PointsHaveNoArea) {
  std::vector<std::optional<double>> areas;
  measure_layer(test::anting_source() + "/amenities.geojson", {},
                [&](long long, std::optional<double> m2) { areas.push_back(m2); });
  ASSERT_EQ(areas.size(), 8u);
  for (const auto& area : areas) EXPECT_FALSE(area.has_value());
}

TEST(MeasureLayer, CopyWithAreaFieldsForEachFormat) {
  for (const char* name : {"out.gpkg", "out.shp", "out.geojson", "out.fgb"}) {
    test::TempDir dir;
    LayerAreaOptions options;
    options.output = dir.file(name);
    measure_layer(test::anting_source() + "/parcels.geojson", options, nullptr);
    GDALDatasetUniquePtr dataset(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(dataset) << name;
    OGRLayer* layer = dataset->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), 3) << name;
    for (auto& feature : *layer) {
      const double m2 = feature->GetFieldAsDouble("area_m2");
      EXPECT_GT(m2, 9000.0 - 1) << name;
      EXPECT_NEAR(feature->GetFieldAsDouble("area_mu"), m2_to_mu(m2), 1e-6) << name;
      EXPECT_NEAR(feature->GetFieldAsDouble("area_ha"), m2_to_ha(m2), 1e-9) << name;
      // Chinese text survives every format (Shapefile: UTF-8 with a .cpg).
      const std::string zh = feature->GetFieldAsString("name_zh");
      EXPECT_NE(zh.find("期地块"), std::string::npos) << name << ": " << zh;
    }
  }
}

TEST(MeasureLayer, ShapefileHoldsLargeAreas) {
  // An area of 2.6e9 m2 (a district) must not be dropped by a narrow DBF field.
  test::TempDir dir;
  test::write_text(dir.file("big.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"district"},)"
                   R"("geometry":{"type":"Polygon","coordinates":[[[121.0,31.0],[121.5,31.0],[121.5,31.5],[121.0,31.5],[121.0,31.0]]]}}]})");
  LayerAreaOptions options;
  options.output = dir.file("big.shp");
  std::optional<double> measured;
  measure_layer(dir.file("big.geojson"), options, [&](long long, std::optional<double> m2) { measured = m2; });
  ASSERT_TRUE(measured);
  EXPECT_GT(*measured, 2.6e9);
  GDALDatasetUniquePtr dataset(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(dataset);
  auto feature = std::unique_ptr<OGRFeature>(dataset->GetLayer(0)->GetNextFeature());
  EXPECT_NEAR(feature->GetFieldAsDouble("area_m2"), *measured, 1e-3);
  EXPECT_EQ(test::read_text(dir.file("big.cpg")).substr(0, 5), "UTF-8");
}

TEST(MeasureLayer, BadInputIsNamedAndNothingIsWritten) {
  test::TempDir dir;
  LayerAreaOptions options;
  options.output = dir.file("out.gpkg");
  EXPECT_THROW(measure_layer(dir.file("missing.geojson"), options, nullptr), InputError);
  test::write_text(dir.file("lat.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                   R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,95],[0,0]]]}}]})");
  try {
    measure_layer(dir.file("lat.geojson"), options, nullptr);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("lat.geojson: layer 'lat': feature 0: invalid geometry: latitude 95"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(dir.list(), std::vector<std::string>{"lat.geojson"});
}

}  // namespace
}  // namespace parklayers
