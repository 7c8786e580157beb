// SPDX-License-Identifier: GPL-2.0-or-later
// measure_layer: any OGR layer measured and copied with area fields, streamed.
#include "parklayers/io/layer_area.h"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/area.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/convert.h"
#include "test_support.h"

namespace parklayers {
namespace {

TEST(MeasureLayer, ReportsEveryFeature) {
  std::map<long long, std::optional<double>> areas;
  const std::string layer = measure_layer(SourceName(test::anting_source() + "/parcels.geojson"), {},
                                          [&](long long fid, std::optional<double> m2) { areas[fid] = m2; });
  EXPECT_EQ(layer, "parcels");
  ASSERT_EQ(areas.size(), 3u);
  EXPECT_NEAR(*areas[2], 9000.0, 0.5);  // P3: 13.5 mu
}

// More features than the pipeline holds at once (several batches on several threads): the
// copy keeps every feature in order, with its own area, and GDAL's spatial index of the
// GeoPackage (created before the first feature and filled as they are written) is complete
// and right. The layer's name has a quote, as names from data may.
TEST(MeasureLayer, LargeCopyKeepsOrderAreasAndSpatialIndex) {
  test::TempDir dir;
  const std::string layer_name = "Jiading's parcels";
  const int count = 30000;
  test::write_square_parcels(dir.file("in.gpkg"), layer_name, count);
  LayerAreaOptions options;
  options.output = dir.file("out.gpkg");
  std::vector<long long> fids;
  measure_layer(SourceName(dir.file("in.gpkg")), options,
                [&](long long fid, std::optional<double>) { fids.push_back(fid); });
  ASSERT_EQ(fids.size(), static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) ASSERT_EQ(fids[static_cast<size_t>(i)], i + 1);  // reading order

  const test::CommandResult valid = test::validate_gpkg(options.output);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  const test::SpatialIndex index = test::gpkg_spatial_index(options.output, layer_name);
  EXPECT_TRUE(index.present);
  EXPECT_EQ(index.rows, count);
  EXPECT_EQ(index.check, "ok");

  GDALDatasetUniquePtr in(GDALDataset::Open(dir.file("in.gpkg").c_str(), GDAL_OF_VECTOR));
  GDALDatasetUniquePtr out(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(in && out);
  OGRLayer* source = in->GetLayerByName(layer_name.c_str());
  OGRLayer* copy = out->GetLayerByName(layer_name.c_str());
  ASSERT_TRUE(source && copy);
  AreaCalculator calculator(*source->GetSpatialRef());
  for (auto& feature : *source) {
    OGRFeatureUniquePtr copied(copy->GetFeature(feature->GetFID()));
    ASSERT_TRUE(copied) << feature->GetFID();
    ASSERT_STREQ(copied->GetFieldAsString("id"), feature->GetFieldAsString("id"));
    ASSERT_TRUE(copied->GetGeometryRef()->Equals(feature->GetGeometryRef())) << feature->GetFID();
    ASSERT_EQ(copied->GetFieldAsDouble("area_m2"), calculator.area_m2(*feature->GetGeometryRef())) << feature->GetFID();
  }
  // The index answers a window query as a scan of every geometry does.
  OGREnvelope window;
  window.MinX = 121.1;
  window.MaxX = 121.3;
  window.MinY = 30.8;
  window.MaxY = 31.0;
  long long inside = 0;
  for (auto& feature : *copy) {
    OGREnvelope envelope;
    feature->GetGeometryRef()->getEnvelope(&envelope);
    if (envelope.Intersects(window)) ++inside;
  }
  ASSERT_GT(inside, 1000);
  copy->SetSpatialFilterRect(window.MinX, window.MinY, window.MaxX, window.MaxY);
  EXPECT_EQ(copy->GetFeatureCount(), inside);
}

TEST(MeasureLayer, PointsHaveNoArea) {
  std::vector<std::optional<double>> areas;
  measure_layer(SourceName(test::anting_source() + "/amenities.geojson"), {},
                [&](long long, std::optional<double> m2) { areas.push_back(m2); });
  ASSERT_EQ(areas.size(), 8u);
  for (const auto& area : areas) EXPECT_FALSE(area.has_value());
}

TEST(MeasureLayer, CopyWithAreaFieldsForEachFormat) {
  for (const char* name : {"out.gpkg", "out.shp", "out.geojson", "out.fgb"}) {
    test::TempDir dir;
    LayerAreaOptions options;
    options.output = dir.file(name);
    measure_layer(SourceName(test::anting_source() + "/parcels.geojson"), options, nullptr);
    GDALDatasetUniquePtr dataset(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(dataset) << name;
    OGRLayer* layer = dataset->GetLayer(0);
    EXPECT_EQ(layer->GetFeatureCount(), 3) << name;
    for (auto& feature : *layer) {
      const double m2 = feature->GetFieldAsDouble("area_m2");
      EXPECT_GT(m2, 9000.0 - 1) << name;
      EXPECT_NEAR(feature->GetFieldAsDouble("area_mu"), m2_to_mu(m2), 1e-6) << name;
      // A Shapefile holds 8 decimals (N(24,8), output.h); the other formats the double.
      const double decimals = std::string(name) == "out.shp" ? 5e-9 : 1e-12;
      EXPECT_NEAR(feature->GetFieldAsDouble("area_ha"), m2_to_ha(m2), decimals) << name;
      // Chinese text survives every format (Shapefile: UTF-8 with a .cpg).
      const std::string zh = feature->GetFieldAsString("name_zh");
      EXPECT_NE(zh.find("期地块"), std::string::npos) << name << ": " << zh;
    }
  }
}

// `area -o out.shp` writes through the same output path as `convert`: the UTF-8 .cpg, the field
// names and a 324-byte Chinese text kept whole beside the .dbf, byte for byte as convert keeps
// them; the .dbf holds the text cut at a character, marked with "…".
TEST(MeasureLayer, ShapefileCopyKeepsLongTextsAsConvertDoes) {
  test::TempDir dir;
  std::string long_text;
  for (int i = 0; i < 108; ++i) long_text += "园";  // 324 bytes
  test::write_text(dir.file("in.geojson"),
                   "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": "
                   "{\"id\": \"P1\", \"note\": \"" + long_text + "\"}, \"geometry\": {\"type\": \"Polygon\", "
                   "\"coordinates\": [[[121.18, 31.30], [121.19, 31.30], [121.19, 31.31], [121.18, 31.31], "
                   "[121.18, 31.30]]]}}]}");
  LayerAreaOptions options;
  options.output = dir.file("area/in.shp");
  std::vector<Problem> warnings;
  options.on_warning = [&](const Problem& warning) { warnings.push_back(warning); };
  std::filesystem::create_directory(dir.file("area"));
  measure_layer(SourceName(dir.file("in.geojson")), options, nullptr);
  ConvertOptions convert_options;
  convert_options.formats = {Format::Shapefile};
  const ConvertResult converted = convert({SourceName(dir.file("in.geojson"))}, dir.file("convert"), convert_options);

  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].what.find("1 texts over 254 bytes were cut"), std::string::npos) << warnings[0].what;
  ASSERT_EQ(converted.warnings.size(), 1u);
  EXPECT_EQ(test::read_text(dir.file("area/in.cpg")), test::read_text(dir.file("convert/in/in.cpg")));
  EXPECT_EQ(test::read_text(dir.file("area/in.cpg")).substr(0, 5), "UTF-8");
  const std::string area_texts = test::read_text(dir.file("area/in.long_text.csv"));
  EXPECT_EQ(area_texts, test::read_text(dir.file("convert/in/in.long_text.csv")));
  EXPECT_NE(area_texts.find("note,note," + long_text + "\n"), std::string::npos) << area_texts;
  // The area fields come after the source's in the field list.
  const std::string fields = test::read_text(dir.file("area/in.fields.csv"));
  EXPECT_EQ(fields.rfind(test::read_text(dir.file("convert/in/in.fields.csv")), 0), 0u) << fields;
  EXPECT_NE(fields.find("area_m2,area_m2,Real\n"), std::string::npos) << fields;

  GDALDatasetUniquePtr dataset(GDALDataset::Open(dir.file("area/in.shp").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(dataset);
  OGRFeatureUniquePtr feature(dataset->GetLayer(0)->GetNextFeature());
  ASSERT_TRUE(feature);
  const std::string cut = feature->GetFieldAsString("note");
  EXPECT_EQ(cut, long_text.substr(0, 249) + "\xE2\x80\xA6");
  EXPECT_GT(feature->GetFieldAsDouble("area_m2"), 1e6);
}

// A source with no CRS (a CSV of WKT in metres): refused, naming --a_srs; measured with it.
// Two rectangles on the central meridian of EPSG:4549 (scale 1 there), of 15,000 and 6,000 m2
// by the shoelace formula; --where picks one.
TEST(MeasureLayer, AssignedCrsAndWhere) {
  test::TempDir dir;
  test::write_text(dir.file("red_lines.csv"),
                   "id,WKT\n"
                   "A,\"POLYGON ((499950 3465000,500050 3465000,500050 3465150,499950 3465150,499950 3465000))\"\n"
                   "B,\"POLYGON ((499970 3465200,500030 3465200,500030 3465300,499970 3465300,499970 3465200))\"\n");
  LayerAreaOptions options;
  try {
    measure_layer(SourceName(dir.file("red_lines.csv")), options, nullptr);
    FAIL() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("the layer has no CRS"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("--a_srs"), std::string::npos) << error.what();
  }
  options.input.assign_crs = "EPSG:4549";
  std::vector<MeasuredFeature> measured;
  measure_layer_features(SourceName(dir.file("red_lines.csv")), options,
                         [&](const MeasuredFeature& feature) { measured.push_back(feature); });
  ASSERT_EQ(measured.size(), 2u);
  EXPECT_NEAR(*measured[0].area_m2, 15000.0, 15000.0 * 1e-6);
  EXPECT_NEAR(*measured[1].area_m2, 6000.0, 6000.0 * 1e-6);
  EXPECT_NEAR(*measured[0].gk_area_m2, 15000.0, 1e-6);
  EXPECT_EQ(measured[0].gk_crs, "EPSG:4549");

  // --where with no copy (the attributes are then read for the condition only).
  options.input.where = "id = 'B'";
  measured.clear();
  measure_layer_features(SourceName(dir.file("red_lines.csv")), options,
                         [&](const MeasuredFeature& feature) { measured.push_back(feature); });
  ASSERT_EQ(measured.size(), 1u);
  options.output = dir.file("b.gpkg");
  measured.clear();
  measure_layer_features(SourceName(dir.file("red_lines.csv")), options,
                         [&](const MeasuredFeature& feature) { measured.push_back(feature); });
  ASSERT_EQ(measured.size(), 1u);
  EXPECT_NEAR(*measured[0].area_m2, 6000.0, 6000.0 * 1e-6);
  // The copy states the assigned CRS.
  GDALDatasetUniquePtr copy(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(copy);
  const OGRSpatialReference* crs = copy->GetLayer(0)->GetSpatialRef();
  ASSERT_NE(crs, nullptr);
  EXPECT_STREQ(crs->GetAuthorityCode(nullptr), "4549");
  EXPECT_EQ(copy->GetLayer(0)->GetFeatureCount(), 1);

  options.output.clear();
  options.input.where = "no_such_field = 1";
  EXPECT_THROW(measure_layer(SourceName(dir.file("red_lines.csv")), options, nullptr), InputError);
  options.input.where.clear();
  options.input.assign_crs = "EPSG:999999";
  EXPECT_THROW(measure_layer(SourceName(dir.file("red_lines.csv")), options, nullptr), InputError);
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
  measure_layer(SourceName(dir.file("big.geojson")), options,
                [&](long long, std::optional<double> m2) { measured = m2; });
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
  EXPECT_THROW(measure_layer(SourceName(dir.file("missing.geojson")), options, nullptr), InputError);
  test::write_text(dir.file("lat.geojson"),
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                   R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,95],[0,0]]]}}]})");
  try {
    measure_layer(SourceName(dir.file("lat.geojson")), options, nullptr);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("lat.geojson: layer 'lat': feature 0: invalid geometry: latitude 95"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(dir.list(), std::vector<std::string>{"lat.geojson"});
}

// Two known polygons either side of 121.5 E: one near Anting with a hole (zone CM 120E,
// EPSG:4549), one in Pudong (CM 123E, EPSG:4550); and one across the antimeridian, which has
// no Gauss-Kruger zone.
const char* const kGaussKrugerPolygons[] = {
    "POLYGON ((121.180 31.305,121.190 31.305,121.191 31.314,121.181 31.313,121.180 31.305),"
    "(121.184 31.308,121.184 31.310,121.186 31.310,121.184 31.308))",
    "POLYGON ((121.800 31.200,121.830 31.201,121.828 31.220,121.801 31.218,121.800 31.200))",
    "POLYGON ((179.99 10.0,-179.99 10.0,-179.99 10.01,179.99 10.01,179.99 10.0))"};

std::string gauss_kruger_geojson() {
  return test::geojson_of_wkt({std::begin(kGaussKrugerPolygons), std::end(kGaussKrugerPolygons)});
}


TEST(MeasureLayer, GaussKrugerAreaAgreesWithOgrInTheRightZone) {
  test::TempDir dir;
  test::write_text(dir.file("gk.geojson"), gauss_kruger_geojson());
  LayerAreaOptions options;
  options.output = dir.file("gk.gpkg");
  std::vector<MeasuredFeature> measured;
  measure_layer_features(SourceName(dir.file("gk.geojson")), options,
                         [&](const MeasuredFeature& f) { measured.push_back(f); });
  ASSERT_EQ(measured.size(), 3u);
  const double anting = test::ogr_planar_area(kGaussKrugerPolygons[0], 4549);
  const double pudong = test::ogr_planar_area(kGaussKrugerPolygons[1], 4550);
  ASSERT_TRUE(measured[0].gk_area_m2 && measured[1].gk_area_m2);
  EXPECT_NEAR(*measured[0].gk_area_m2, anting, 1e-9 * anting);
  EXPECT_NEAR(*measured[1].gk_area_m2, pudong, 1e-9 * pudong);
  EXPECT_EQ(measured[0].gk_crs, "EPSG:4549");
  EXPECT_EQ(measured[1].gk_crs, "EPSG:4550");
  // The planar area is larger by the scale factor squared, about 1 + (dlon cos lat)^2: 1.00031
  // at Anting, 1.185 degrees east of CM 120E (docs/areas-and-crs.md: 0.031 %).
  EXPECT_GT(*measured[0].gk_area_m2 / *measured[0].area_m2, 1.0002);
  EXPECT_LT(*measured[0].gk_area_m2 / *measured[0].area_m2, 1.0004);
  EXPECT_TRUE(measured[2].area_m2.has_value());
  EXPECT_FALSE(measured[2].gk_area_m2.has_value());  // across the antimeridian: no zone
  EXPECT_EQ(measured[2].gk_crs, "");

  // The copy has the same figures in gk_area_m2 and gk_crs, as the built park's parcels.
  GDALDatasetUniquePtr copy(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(copy);
  OGRLayer* layer = copy->GetLayer(0);
  std::vector<std::pair<double, std::string>> fields;
  for (auto& feature : *layer) {
    fields.emplace_back(feature->IsFieldNull(feature->GetFieldIndex("gk_area_m2")) ? -1.0 : feature->GetFieldAsDouble("gk_area_m2"),
                        feature->GetFieldAsString("gk_crs"));
  }
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_NEAR(fields[0].first, anting, 1e-9 * anting);
  EXPECT_EQ(fields[1].second, "EPSG:4550");
  EXPECT_EQ(fields[2].first, -1.0);
}

TEST(MeasureLayer, GaussKrugerCanBeTurnedOff) {
  test::TempDir dir;
  test::write_text(dir.file("gk.geojson"), gauss_kruger_geojson());
  LayerAreaOptions options;
  options.output = dir.file("gk.gpkg");
  options.gauss_kruger = false;
  std::vector<MeasuredFeature> measured;
  measure_layer_features(SourceName(dir.file("gk.geojson")), options,
                         [&](const MeasuredFeature& f) { measured.push_back(f); });
  ASSERT_EQ(measured.size(), 3u);
  for (const MeasuredFeature& feature : measured) {
    EXPECT_TRUE(feature.area_m2.has_value());
    EXPECT_FALSE(feature.gk_area_m2.has_value());
  }
  GDALDatasetUniquePtr copy(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(copy);
  EXPECT_LT(copy->GetLayer(0)->GetLayerDefn()->GetFieldIndex("gk_area_m2"), 0);
}

}  // namespace
}  // namespace parklayers
