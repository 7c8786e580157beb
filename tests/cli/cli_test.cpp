// The parklayers program as a user runs it: exit codes, --version from metadata.txt, and
// `area --json` against GeographicLib's Planimeter on polygons it has never seen.
#include <gtest/gtest.h>

#include <cpl_json.h>

#include <cmath>
#include <random>

#include "parklayers/units.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::parklayers;

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
    const double radius = std::pow(10.0, -3 + 3.5 * unit(rng));  // 100 m to 300 km
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

}  // namespace
}  // namespace parklayers
