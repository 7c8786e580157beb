// SPDX-License-Identifier: GPL-2.0-or-later
// The parklayers program as a user runs it: exit codes, --version from metadata.txt,
// `area --json` against GeographicLib's Planimeter on polygons it has never seen, its
// Gauss-Kruger areas against OGR's projection, a source declared GCJ-02, the Chinese table.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/units.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::parklayers;

// `area -o out.shp` and `convert -f SHP` keep a 324-byte Chinese text the same way: cut in the
// .dbf, whole in LAYER.long_text.csv beside it, with a UTF-8 .cpg; both say so on stderr.
TEST(Cli, AreaShapefileKeepsLongTextsAsConvertDoes) {
  test::TempDir dir;
  std::string text;
  for (int i = 0; i < 108; ++i) text += "园";
  test::write_text(dir.file("in.geojson"),
                   R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "P1", "note": ")" +
                       text +
                       R"("}, "geometry": {"type": "Polygon", "coordinates": [[[121.18, 31.30], [121.19, 31.30], [121.19, 31.31], [121.18, 31.30]]]}}]})");
  const auto area = parklayers({"area", dir.file("in.geojson"), "-o", dir.file("in.shp")});
  ASSERT_EQ(area.exit_code, 0) << area.err;
  EXPECT_NE(area.err.find("1 texts over 254 bytes were cut"), std::string::npos) << area.err;
  const auto convert = parklayers({"convert", dir.file("in.geojson"), "-o", dir.file("c"), "-f", "SHP", "-q"});
  ASSERT_EQ(convert.exit_code, 0) << convert.err;
  EXPECT_EQ(test::read_text(dir.file("in.cpg")).substr(0, 5), "UTF-8");
  EXPECT_EQ(test::read_text(dir.file("in.cpg")), test::read_text(dir.file("c/in/in.cpg")));
  EXPECT_EQ(test::read_text(dir.file("in.long_text.csv")), test::read_text(dir.file("c/in/in.long_text.csv")));
  EXPECT_NE(test::read_text(dir.file("in.long_text.csv")).find("," + text + "\n"), std::string::npos);
}

// --a_srs and --where on the command line: a CSV of WKT in metres has no CRS.
TEST(Cli, AreaWithAssignedCrsAndWhere) {
  test::TempDir dir;
  test::write_text(dir.file("red_lines.csv"),
                   "id,WKT\n"
                   "A,\"POLYGON ((499950 3465000,500050 3465000,500050 3465150,499950 3465150,499950 3465000))\"\n"
                   "B,\"POLYGON ((499970 3465200,500030 3465200,500030 3465300,499970 3465300,499970 3465200))\"\n");
  const auto refused = parklayers({"area", dir.file("red_lines.csv"), "--json"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--a_srs"), std::string::npos) << refused.err;
  const auto result = parklayers({"area", dir.file("red_lines.csv"), "--a_srs=EPSG:4549", "--where", "id = 'B'", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(result.out)) << result.out;
  const CPLJSONArray features = document.GetRoot().GetArray("features");
  ASSERT_EQ(features.Size(), 1);
  EXPECT_NEAR(features[0].GetDouble("area_m2"), 6000.0, 6000.0 * 1e-6);
  EXPECT_NEAR(features[0].GetDouble("area_mu"), 9.0, 9.0 * 1e-6);
}

TEST(Cli, VersionComesFromMetadata) {
  const std::string metadata = test::read_text(std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/metadata.txt");
  const size_t at = metadata.find("\nversion=") + 9;
  const std::string version = metadata.substr(at, metadata.find('\n', at) - at);
  const auto result = parklayers({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "parklayers " + version + "\n");
}

TEST(Cli, UsageErrorsExit2) {
  EXPECT_EQ(parklayers({}).exit_code, 2);
  const auto unknown = parklayers({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_EQ(parklayers({"check", "--bogus"}).exit_code, 2);
  EXPECT_EQ(parklayers({"area"}).exit_code, 2);
  EXPECT_EQ(parklayers({"--help"}).exit_code, 0);
}

// One line of ours on stderr for a usage error, naming the problem and pointing to --help.
void expect_usage_error(const test::CommandResult& result, const std::string& names, const std::string& help) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.rfind("parklayers: error: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find(names), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("see '" + help + "'"), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(Cli, UsageErrorsAreOneLinePointingToHelp) {
  expect_usage_error(parklayers({"frobnicate"}), "unknown command 'frobnicate'", "parklayers --help");
  expect_usage_error(parklayers({"area", "x.gpkg", "--json", "--bogus"}), "--bogus", "parklayers area --help");
  expect_usage_error(parklayers({"check", "--frobnicate=3"}), "--frobnicate", "parklayers check --help");
  expect_usage_error(parklayers({"build", "--qgis-project", "--no-qgis-project"}), "--qgis-project",
                     "parklayers build --help");
  expect_usage_error(parklayers({"area", "x.gpkg"}), "area needs -o OUT, --json, or both", "parklayers area --help");
  expect_usage_error(parklayers({"convert", "x.gpkg", "-o", "out"}), "-f", "parklayers convert --help");
}

TEST(Cli, NoArgumentsPrintsUsageOnStderr) {
  const auto result = parklayers({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find("Usage: parklayers"), std::string::npos) << result.err;
}

TEST(Cli, HelpPrintsEveryCommand) {
  for (const char* help : {"--help", "-h", "help"}) {
    const auto result = parklayers({help});
    EXPECT_EQ(result.exit_code, 0) << help;
    EXPECT_EQ(result.err, "") << help;
    for (const char* text : {"build", "check", "area", "convert", "--t_srs", "--qgis-project", "--no-gk",
                             "Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage",
                             "1 mu = 10000/15 m2"}) {
      EXPECT_NE(result.out.find(text), std::string::npos) << help << ": " << text << "\n" << result.out;
    }
  }
}

TEST(Cli, EachCommandHasItsOwnHelp) {
  const auto area = parklayers({"area", "--help"});
  EXPECT_EQ(area.exit_code, 0) << area.err;
  EXPECT_EQ(area.err, "");
  EXPECT_NE(area.out.find("Usage: parklayers area"), std::string::npos) << area.out;
  for (const char* option : {"--layer", "--s_srs", "-o,--output", "--overwrite", "--json", "--skip-invalid", "--no-gk",
                             "Karney 2013"}) {
    EXPECT_NE(area.out.find(option), std::string::npos) << option << "\n" << area.out;
  }
  for (const char* other : {"--t_srs", "--csv-wkt", "--lang", "convert"}) {
    EXPECT_EQ(area.out.find(other), std::string::npos) << other << "\n" << area.out;
  }
  const auto convert = parklayers({"convert", "-h"});
  EXPECT_EQ(convert.exit_code, 0) << convert.err;
  EXPECT_NE(convert.out.find("Usage: parklayers convert"), std::string::npos) << convert.out;
  for (const char* option : {"--t_srs", "--s_srs", "--csv-wkt", "-q,--quiet", "FlatGeobuf"}) {
    EXPECT_NE(convert.out.find(option), std::string::npos) << option << "\n" << convert.out;
  }
  for (const char* other : {"--no-gk", "--layer", "--lang"}) {
    EXPECT_EQ(convert.out.find(other), std::string::npos) << other << "\n" << convert.out;
  }
  // Help comes first, whatever else is on the line.
  EXPECT_EQ(parklayers({"check", "--help", "--bogus"}).exit_code, 0);
}

TEST(Cli, OptionsTakeTheirValueAfterAnEqualsSign) {
  test::TempDir dir;
  const std::string input = dir.file("two.gpkg");
  test::write_square_parcels(input, "plots", 3);
  ASSERT_FALSE(HasFatalFailure());
  const auto by_space = parklayers({"area", input, "--layer", "plots", "--json"});
  ASSERT_EQ(by_space.exit_code, 0) << by_space.err;
  const auto by_equals = parklayers({"area", input, "--layer=plots", "--json"});
  EXPECT_EQ(by_equals.exit_code, 0) << by_equals.err;
  EXPECT_EQ(by_equals.out, by_space.out);
  const auto unknown = parklayers({"area", input, "--layer=fields", "--json"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("layer 'fields'"), std::string::npos) << unknown.err;
  for (const std::string& output : {"--output=" + dir.file("a.gpkg"), "-o=" + dir.file("b.gpkg")}) {
    const auto written = parklayers({"area", input, output});
    EXPECT_EQ(written.exit_code, 0) << output << ": " << written.err;
  }
  EXPECT_TRUE(std::filesystem::exists(dir.file("a.gpkg")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("b.gpkg")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("=b.gpkg")));
  // -f once per format, with = too; the argument after it stays an input.
  const auto converted =
      parklayers({"convert", input, "-f", "GPKG", dir.file("a.gpkg"), "-f=GeoJSON", "--output=" + dir.file("out"), "-q"});
  EXPECT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/two.gpkg")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/a.gpkg")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/two/plots.geojson")));
}

TEST(Cli, CheckBundledPasses) {
  const auto result = parklayers({"check"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const char* figure : {"13.5 mu", "1.53 ha", "3.73 ha", "25,000 m2", "nearly 90,000 m2"}) {
    EXPECT_NE(result.out.find(figure), std::string::npos) << figure;
  }
  const auto json = parklayers({"check", test::anting_source(), "--json"});
  EXPECT_EQ(json.exit_code, 0);
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(json.out));
  EXPECT_TRUE(document.GetRoot().GetBool("all_pass", false));
}

TEST(Cli, CheckExitsOneWhenAFigureFails) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "F10,parcel_phase:1,land_area,1.53,",
                        "F10,parcel_phase:1,land_area,1.63,");
  const auto result = parklayers({"check", source, "--json"});
  EXPECT_EQ(result.exit_code, 1);
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(result.out));
  EXPECT_FALSE(document.GetRoot().GetBool("all_pass", true));
}

TEST(Cli, CheckExitsTwoOnBadInput) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/buildings.geojson", "\"gfa_m2\":", "\"gfa\":");
  const auto result = parklayers({"check", source});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("buildings.geojson: layer 'buildings': feature 0 (id 'B1-1'): field 'gfa_m2': value is missing"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(parklayers({"check", dir.file("nothing-here")}).exit_code, 2);
}

TEST(Cli, BuildWritesAndRefusesToOverwrite) {
  test::TempDir dir;
  const std::string out = dir.file("park.gpkg");
  const auto first = parklayers({"build", "-o", out});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("F01"), std::string::npos);
  const auto second = parklayers({"build", "-o", out});
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find("add --overwrite"), std::string::npos);
  EXPECT_EQ(parklayers({"build", "-o", out, "--overwrite", "-q"}).exit_code, 0);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"park.gpkg"});
}

// Random simple polygons anywhere on Earth: star-shaped rings (vertices at increasing angles
// around a centre), some with a hole, some as multipolygons, either winding.
struct RandomPolygon {
  std::vector<std::vector<test::LatLonRing>> parts;  // parts -> rings (first exterior)
};

test::LatLonRing star(std::mt19937_64& rng, double lat, double lon, double radius_deg, double min_fraction,
                      bool clockwise, int min_vertices = 3) {
  std::uniform_int_distribution<int> count(min_vertices, 24);
  std::uniform_real_distribution<double> fraction(min_fraction, 1.0);
  const int n = count(rng);
  test::LatLonRing ring;
  for (int i = 0; i < n; ++i) {
    const double angle = 2 * M_PI * (i + 0.5 * fraction(rng)) / n * (clockwise ? -1 : 1);
    const double r = radius_deg * fraction(rng);
    double x = lon + r * std::cos(angle) / std::cos(lat * M_PI / 180);
    if (x > 180) x -= 360;  // crossing the antimeridian, as data would write it
    if (x < -180) x += 360;
    ring.emplace_back(lat + r * std::sin(angle), x);
  }
  return ring;
}

std::string geojson_ring(const test::LatLonRing& ring) {
  std::string out = "[";
  char point[80];
  for (size_t i = 0; i <= ring.size(); ++i) {
    const auto& [lat, lon] = ring[i % ring.size()];
    std::snprintf(point, sizeof point, "%s[%.12f,%.12f]", i ? "," : "", lon, lat);
    out += point;
  }
  return out + "]";
}

TEST(Cli, AreaJsonAgreesWithPlanimeter) {
  std::mt19937_64 rng(20261125);
  std::uniform_real_distribution<double> lat_of(-75, 75), lon_of(-180, 180), unit(0, 1);
  std::string features;
  std::vector<double> expected;
  for (int f = 0; f < 60; ++f) {
    RandomPolygon polygon;
    const int parts = unit(rng) < 0.3 ? 2 + static_cast<int>(unit(rng) * 2) : 1;
    const double radius = std::pow(10.0, -3 + 3.5 * unit(rng));  // 0.001 to 3.2 degrees: about 200 m to 700 km across
    double total = 0;
    for (int p = 0; p < parts; ++p) {
      const double lat = lat_of(rng), lon = f % 10 == 0 ? 179.99 : lon_of(rng);
      const bool with_hole = unit(rng) < 0.4;
      // With a hole, the exterior has at least 6 vertices at 0.6 to 1 radius, 1.5 steps of
      // 60 degrees apart at most, so its edges stay beyond 0.6 cos(45) = 0.42 radius of the
      // centre: a hole within 0.25 radius lies well inside and the polygon is valid.
      std::vector<test::LatLonRing> rings{star(rng, lat, lon, radius, 0.6, unit(rng) < 0.5, with_hole ? 6 : 3)};
      double area = std::fabs(test::planimeter_area(rings[0]));
      if (with_hole) {
        rings.push_back(star(rng, lat, lon, radius * 0.25, 0.3, unit(rng) < 0.5));
        area -= std::fabs(test::planimeter_area(rings[1]));
      }
      polygon.parts.push_back(rings);
      total += area;
    }
    expected.push_back(total);
    std::string coordinates;
    for (size_t p = 0; p < polygon.parts.size(); ++p) {
      std::string rings;
      for (size_t r = 0; r < polygon.parts[p].size(); ++r) rings += (r ? "," : "") + geojson_ring(polygon.parts[p][r]);
      coordinates += (p ? ",[" : "[") + rings + "]";
    }
    const bool multi = polygon.parts.size() > 1;
    features += std::string(f ? "," : "") + "{\"type\":\"Feature\",\"id\":" + std::to_string(f) +
                ",\"properties\":{},\"geometry\":{\"type\":\"" + (multi ? "MultiPolygon" : "Polygon") +
                "\",\"coordinates\":" + (multi ? "[" + coordinates + "]" : coordinates) + "}}";
  }
  test::TempDir dir;
  const std::string input = dir.file("random.geojson");
  test::write_text(input, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
  const auto result = parklayers({"area", input, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(result.out)) << result.out.substr(0, 500);
  EXPECT_EQ(document.GetRoot().GetString("layer"), "random");
  const CPLJSONArray measured = document.GetRoot().GetArray("features");
  ASSERT_EQ(measured.Size(), static_cast<int>(expected.size()));
  for (int i = 0; i < measured.Size(); ++i) {
    EXPECT_EQ(measured[i].GetLong("fid"), i);
    const double m2 = measured[i].GetDouble("area_m2");
    EXPECT_NEAR(m2, expected[static_cast<size_t>(i)], 1e-6 * expected[static_cast<size_t>(i)]) << "feature " << i;
    EXPECT_NEAR(measured[i].GetDouble("area_mu"), m2_to_mu(m2), 1e-9 * m2);
    EXPECT_NEAR(measured[i].GetDouble("area_ha"), m2_to_ha(m2), 1e-9 * m2);
  }
}

// Two known polygons either side of 121.5 E: near Anting (Gauss-Kruger zone CM 120E,
// EPSG:4549) and in Pudong (CM 123E, EPSG:4550).
const char* const kZonePolygons[] = {
    "POLYGON ((121.180 31.305,121.190 31.305,121.191 31.314,121.181 31.313,121.180 31.305))",
    "POLYGON ((121.800 31.200,121.830 31.201,121.828 31.220,121.801 31.218,121.800 31.200))"};

// A polygon 170 degrees wide: its zone's transverse Mercator cannot reach its corners, so it
// has no Gauss-Kruger area, silently; the ellipsoidal area stands.
TEST(Cli, AreaWithNoGaussKrugerProjectionIsSilent) {
  test::TempDir dir;
  const std::string input = dir.file("wide.geojson");
  test::write_text(input, test::geojson_of_wkt({"POLYGON ((0 0,170 0,170 10,0 10,0 0))"}));
  const auto result = parklayers({"area", input, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(result.out)) << result.out;
  const CPLJSONObject feature = document.GetRoot().GetArray("features")[0];
  EXPECT_GT(feature.GetDouble("area_m2"), 9e13);
  EXPECT_EQ(feature.GetObj("gk_area_m2").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(feature.GetObj("gk_crs").GetType(), CPLJSONObject::Type::Null);
}

TEST(Cli, AreaGivesGaussKrugerAreaBesideEllipsoidal) {
  ensure_gdal_registered();
  test::TempDir dir;
  const std::string input = dir.file("zones.geojson");
  test::write_text(input, test::geojson_of_wkt({std::begin(kZonePolygons), std::end(kZonePolygons)}));
  const double expected[] = {test::ogr_planar_area(kZonePolygons[0], 4549), test::ogr_planar_area(kZonePolygons[1], 4550)};
  const char* const crs[] = {"EPSG:4549", "EPSG:4550"};

  const auto result = parklayers({"area", input, "--json", "-o", dir.file("zones.gpkg")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(result.out)) << result.out;
  const CPLJSONArray measured = document.GetRoot().GetArray("features");
  ASSERT_EQ(measured.Size(), 2);
  GDALDatasetUniquePtr copy(GDALDataset::Open(dir.file("zones.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(copy);
  OGRLayer* layer = copy->GetLayer(0);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(measured[i].GetDouble("gk_area_m2"), expected[i], 1e-9 * expected[i]) << i;
    EXPECT_EQ(measured[i].GetString("gk_crs"), crs[i]);
    const OGRFeatureUniquePtr feature(layer->GetNextFeature());
    ASSERT_TRUE(feature);
    EXPECT_NEAR(feature->GetFieldAsDouble("gk_area_m2"), expected[i], 1e-9 * expected[i]) << i;
    EXPECT_STREQ(feature->GetFieldAsString("gk_crs"), crs[i]);
  }
  const auto without = parklayers({"area", input, "--json", "--no-gk"});
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(without.out.find("gk_"), std::string::npos) << without.out;
}

// A copy of the bundled park with its spatial layers shifted to GCJ-02 by the core's own
// transform (full precision), the features declared GCJ02 in a coord_sys column or not.
std::string gcj02_copy_of_anting(const test::TempDir& dir, const std::string& name, bool declared) {
  ensure_gdal_registered();
  const std::string folder = dir.file(name);
  std::filesystem::create_directories(folder);
  for (const char* table : {"tenants.csv", "stated_figures.csv"}) {
    std::filesystem::copy_file(test::anting_source() + "/" + table, folder + "/" + table);
  }
  GDALDriver* geojson = GetGDALDriverManager()->GetDriverByName("GeoJSON");
  for (const char* layer_name : {"parcels", "buildings", "roads", "amenities"}) {
    GDALDatasetUniquePtr in(GDALDataset::Open((test::anting_source() + "/" + layer_name + ".geojson").c_str(), GDAL_OF_VECTOR));
    OGRLayer* in_layer = in->GetLayer(0);
    GDALDatasetUniquePtr out(geojson->Create((folder + "/" + layer_name + ".geojson").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* out_layer = out->CreateLayer(layer_name, in_layer->GetSpatialRef(), in_layer->GetGeomType(), nullptr);
    for (int i = 0; i < in_layer->GetLayerDefn()->GetFieldCount(); ++i) out_layer->CreateField(in_layer->GetLayerDefn()->GetFieldDefn(i));
    OGRFieldDefn coord_sys("coord_sys", OFTString);
    if (declared) out_layer->CreateField(&coord_sys);
    for (auto& feature : *in_layer) {
      OGRFeature shifted(out_layer->GetLayerDefn());
      shifted.SetFrom(feature.get());
      transform_geometry(*shifted.GetGeometryRef(), ChineseCrs::Wgs84, ChineseCrs::Gcj02);
      if (declared) shifted.SetField("coord_sys", "GCJ02");
      EXPECT_EQ(out_layer->CreateFeature(&shifted), OGRERR_NONE);
    }
  }
  return folder;
}

std::vector<double> land_areas(const std::string& check_json) {
  CPLJSONDocument document;
  EXPECT_TRUE(document.LoadMemory(check_json)) << check_json;
  std::vector<double> areas;
  const CPLJSONArray checks = document.GetRoot().GetArray("checks");
  for (int i = 0; i < checks.Size(); ++i) {
    if (checks[i].GetString("quantity") == "land_area") areas.push_back(checks[i].GetDouble("computed"));
  }
  return areas;
}

TEST(Cli, SourceDeclaredGcj02IsMeasuredInWgs84) {
  test::TempDir dir;
  const auto reference = parklayers({"check", test::anting_source(), "--json"});
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const std::vector<double> expected = land_areas(reference.out);
  ASSERT_EQ(expected.size(), 4u);  // F01, F02, F10, F11

  const auto declared = parklayers({"check", gcj02_copy_of_anting(dir, "declared", true), "--json"});
  ASSERT_EQ(declared.exit_code, 0) << declared.err;
  const std::vector<double> areas = land_areas(declared.out);
  ASSERT_EQ(areas.size(), expected.size());
  for (size_t i = 0; i < areas.size(); ++i) EXPECT_NEAR(areas[i], expected[i], 1e-6 * expected[i]) << i;

  // Undeclared, the same shifted coordinates are taken as WGS 84: the GCJ-02 shift stretches
  // them unevenly, so the areas differ (and the check may fail).
  const auto undeclared = parklayers({"check", gcj02_copy_of_anting(dir, "undeclared", false), "--json"});
  ASSERT_NE(undeclared.exit_code, 2) << undeclared.err;
  const std::vector<double> shifted = land_areas(undeclared.out);
  ASSERT_EQ(shifted.size(), expected.size());
  for (size_t i = 0; i < shifted.size(); ++i) {
    EXPECT_GT(std::fabs(shifted[i] - expected[i]), 1e-5 * expected[i]) << i << ": " << shifted[i];
  }
}

TEST(Cli, CheckTableInChinese) {
  const auto result = parklayers({"check", "--lang", "zh"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* text : {"名称", "状态", "三期地块", "园区", "君赛生物", "通过", "待核实", "13.5亩",
                           "6 项通过，0 项不通过，6 项待核实"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text << "\n" << result.out;
  }
  EXPECT_EQ(parklayers({"check", "--lang", "en"}).out, parklayers({"check"}).out);
  const auto bad = parklayers({"check", "--lang", "fr"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--lang takes en or zh"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace parklayers
