// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers area --s_srs` and `convert --t_srs` with GCJ-02 and BD-09, against Planimeter
// on the WGS 84 polygon; the copy keeps the geometry as it was read.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/layer_area.h"
#include "test_support.h"

namespace parklayers {
namespace {

double max_abs_difference(LonLat a, LonLat b) {
  return std::max(std::fabs(a.lon - b.lon), std::fabs(a.lat - b.lat));
}

// Polygons near Anting in WGS 84 (lat, lon): a block of about 76 ha and a district of about
// 1160 km2; geojson_polygon writes them in another system.
const test::LatLonRing kParcel = {{31.3080, 121.1800}, {31.3085, 121.1900}, {31.3150, 121.1905},
                                  {31.3160, 121.1840}, {31.3120, 121.1790}};
const test::LatLonRing kDistrict = {{31.20, 121.00}, {31.25, 121.45}, {31.55, 121.40}, {31.45, 121.05}};

std::string geojson_polygon(const test::LatLonRing& ring, ChineseCrs crs, const std::string& properties = "{}") {
  std::string coordinates;
  char point[80];
  for (size_t i = 0; i <= ring.size(); ++i) {
    const auto& [lat, lon] = ring[i % ring.size()];
    const LonLat p = convert_lonlat({lon, lat}, ChineseCrs::Wgs84, crs);
    std::snprintf(point, sizeof point, "%s[%.12f,%.12f]", i ? "," : "", p.lon, p.lat);
    coordinates += point;
  }
  return R"({"type":"Feature","properties":)" + properties +
         R"(,"geometry":{"type":"Polygon","coordinates":[[)" + coordinates + "]]}}";
}

std::string feature_collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

TEST(ChineseCrsArea, CliMeasuresDeclaredGcj02AndBd09AsTheirWgs84Polygon) {
  const std::vector<test::LatLonRing> rings = {kParcel, kDistrict};
  for (const ChineseCrs crs : {ChineseCrs::Gcj02, ChineseCrs::Bd09}) {
    test::TempDir dir;
    const std::string input = dir.file("shifted.geojson");
    test::write_text(input, feature_collection({geojson_polygon(kParcel, crs), geojson_polygon(kDistrict, crs)}));
    const auto result = test::parklayers({"area", input, "--s_srs", chinese_crs_name(crs), "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    CPLJSONDocument document;
    ASSERT_TRUE(document.LoadMemory(result.out)) << result.out;
    const CPLJSONArray features = document.GetRoot().GetArray("features");
    ASSERT_EQ(features.Size(), 2);
    const auto unshifted = test::parklayers({"area", input, "--json"});
    CPLJSONDocument plain;
    ASSERT_TRUE(plain.LoadMemory(unshifted.out)) << unshifted.err;
    for (int i = 0; i < 2; ++i) {
      const double expected = std::fabs(test::planimeter_area(rings[static_cast<size_t>(i)]));
      const double measured = features[i].GetDouble("area_m2");
      EXPECT_NEAR(measured, expected, 1e-6 * expected) << chinese_crs_name(crs) << " feature " << i;
      // Measuring the shifted coordinates as if they were WGS 84 is measurably wrong.
      const double naive = plain.GetRoot().GetArray("features")[i].GetDouble("area_m2");
      std::printf("%s feature %d: %.3f m2 declared, %.3f m2 taken as WGS 84, Planimeter %.3f m2\n",
                  chinese_crs_name(crs), i, measured, naive, expected);
    }
  }
}

TEST(ChineseCrsArea, LatitudeFirstLayerAndCopyKeepsGeometry) {
  // measure_layer itself: a layer whose CRS stores latitude first (GML with an EPSG URN) and a
  // copy written beside it, whose geometry stays as read.
  test::TempDir dir;
  const std::string input = dir.file("parcel.geojson");
  test::write_text(input, feature_collection({geojson_polygon(kParcel, ChineseCrs::Gcj02, R"({"name":"P"})")}));
  LayerAreaOptions options;
  options.declared_crs = ChineseCrs::Gcj02;
  options.output = dir.file("copy.gpkg");
  std::optional<double> area;
  measure_layer(SourceName(input), options, [&](long long, std::optional<double> m2) { area = m2; });
  ASSERT_TRUE(area);
  const double expected = std::fabs(test::planimeter_area(kParcel));
  EXPECT_NEAR(*area, expected, 1e-6 * expected);
  GDALDatasetUniquePtr copy(GDALDataset::Open(options.output.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(copy);
  OGRFeatureUniquePtr feature(copy->GetLayer(0)->GetNextFeature());
  ASSERT_TRUE(feature);
  EXPECT_NEAR(feature->GetFieldAsDouble("area_m2"), expected, 1e-6 * expected);
  const auto copied = test::vertices(*feature->GetGeometryRef());
  const LonLat first = convert_lonlat({kParcel[0].second, kParcel[0].first}, ChineseCrs::Wgs84, ChineseCrs::Gcj02);
  EXPECT_NEAR(copied[0].x, first.lon, 1e-9);
  EXPECT_NEAR(copied[0].y, first.lat, 1e-9);

  // The same polygon written latitude first, in a CRS that says so.
  const std::string gml = dir.file("parcel.gml");
  std::string pos;
  char point[80];
  for (size_t i = 0; i <= kParcel.size(); ++i) {
    const auto& [lat, lon] = kParcel[i % kParcel.size()];
    const LonLat p = convert_lonlat({lon, lat}, ChineseCrs::Wgs84, ChineseCrs::Gcj02);
    std::snprintf(point, sizeof point, "%s%.12f %.12f", i ? " " : "", p.lat, p.lon);
    pos += point;
  }
  test::write_text(gml, R"(<?xml version="1.0" encoding="utf-8"?>
<ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" xmlns:gml="http://www.opengis.net/gml/3.2">
  <ogr:featureMember><ogr:parcel gml:id="parcel.0">
    <ogr:geometryProperty><gml:Polygon gml:id="g0" srsName="urn:ogc:def:crs:EPSG::4326">
      <gml:exterior><gml:LinearRing><gml:posList>)" + pos + R"(</gml:posList></gml:LinearRing></gml:exterior>
    </gml:Polygon></ogr:geometryProperty>
  </ogr:parcel></ogr:featureMember>
</ogr:FeatureCollection>
)");
  LayerAreaOptions gml_options;
  gml_options.declared_crs = ChineseCrs::Gcj02;
  area.reset();
  measure_layer(SourceName(gml), gml_options, [&](long long, std::optional<double> m2) { area = m2; });
  ASSERT_TRUE(area);
  EXPECT_NEAR(*area, expected, 1e-6 * expected);
}

TEST(ChineseCrsArea, RefusesWhatIsNotLonLat) {
  test::TempDir dir;
  // A projected layer: its coordinates are metres, not GCJ-02 degrees.
  const std::string projected = dir.file("projected.geojson");
  test::write_text(projected,
                   R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}},)"
                   R"("features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon",)"
                   R"("coordinates":[[[500000,3460000],[501000,3460000],[501000,3461000],[500000,3460000]]]}}]})");
  const auto result = test::parklayers({"area", projected, "--s_srs", "GCJ02", "--json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("is not geographic"), std::string::npos) << result.err;
  // Degrees that are not longitude/latitude: named with the feature.
  const std::string wild = dir.file("wild.geojson");
  test::write_text(wild, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                         R"("geometry":{"type":"Polygon","coordinates":[[[121,31],[122,31],[121,95],[121,31]]]}}]})");
  const auto bad = test::parklayers({"area", wild, "--s_srs", "bd-09", "--json"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("wild.geojson: layer 'wild': feature 0"), std::string::npos) << bad.err;
  // A name that is neither a web-map system nor a CRS PROJ knows is a usage error.
  const auto unknown = test::parklayers({"area", wild, "--s_srs", "GCJ03", "--json"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--s_srs GCJ03: neither GCJ02, BD09 nor a CRS PROJ knows"), std::string::npos)
      << unknown.err;
}

TEST(ChineseCrsConvert, TargetGcj02AndBd09ThenAreaBack) {
  // `convert --t_srs GCJ02|BD09` (convert.h's non-PROJ hook calls transform_geometry): every
  // vertex is the forward formula of the source's, and `area --s_srs` of the result gives the
  // WGS 84 area back. The GeoPackage keeps full precision; RFC 7946 GeoJSON rounds to 7
  // decimals (about 1 cm), so its vertices agree to 5e-8 degrees.
  ensure_gdal_registered();
  for (const ChineseCrs crs : {ChineseCrs::Gcj02, ChineseCrs::Bd09}) {
    test::TempDir dir;
    const std::string input = dir.file("parcel.geojson");
    test::write_text(input, feature_collection({geojson_polygon(kParcel, ChineseCrs::Wgs84)}));
    const auto converted = test::parklayers({"convert", input, "-o", dir.file("out"), "-f", "GPKG", "-f",
                                             "GeoJSON", "--t_srs", chinese_crs_name(crs), "-q"});
    ASSERT_EQ(converted.exit_code, 0) << converted.err;
    for (const auto& [path, tolerance] : {std::pair<std::string, double>{dir.file("out/parcel.gpkg"), 1e-11},
                                          {dir.file("out/parcel/parcel.geojson"), 5.1e-8}}) {
      GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
      ASSERT_TRUE(dataset) << path;
      OGRFeatureUniquePtr feature(dataset->GetLayer(0)->GetNextFeature());
      ASSERT_TRUE(feature && feature->GetGeometryRef()) << path;
      const auto written = test::vertices(*feature->GetGeometryRef());
      ASSERT_EQ(written.size(), kParcel.size() + 1) << path;
      for (size_t i = 0; i < written.size(); ++i) {
        const auto& [lat, lon] = kParcel[i % kParcel.size()];
        const LonLat expected = convert_lonlat({lon, lat}, ChineseCrs::Wgs84, crs);
        EXPECT_LT(max_abs_difference({written[i].x, written[i].y}, expected), tolerance) << path << " " << i;
      }
    }
    const auto area = test::parklayers({"area", dir.file("out/parcel.gpkg"), "--s_srs", chinese_crs_name(crs), "--json"});
    ASSERT_EQ(area.exit_code, 0) << area.err;
    CPLJSONDocument document;
    ASSERT_TRUE(document.LoadMemory(area.out)) << area.out;
    const double expected = std::fabs(test::planimeter_area(kParcel));
    EXPECT_NEAR(document.GetRoot().GetArray("features")[0].GetDouble("area_m2"), expected, 1e-6 * expected);
  }
}

}  // namespace
}  // namespace parklayers
