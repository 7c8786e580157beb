// SPDX-License-Identifier: GPL-2.0-or-later
// overlaps: the overlap finder. The pairs expected are those planted (or, for random polygons,
// GEOS's relate over every pair, brute force); the areas expected are GeographicLib's
// Planimeter on the intersection's corners brought to longitude/latitude by PROJ's cs2cs, with
// the shoelace area in the plane as a bound (the Gauss-Kruger scale is within 1e-3 of 1 here).
#include "parklayers/gis/overlaps.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/area.h"
#include "parklayers/gis/geos.h"
#include "test_support.h"

namespace parklayers {
namespace {

// CGCS2000 / 3-degree Gauss-Kruger CM 120E, easting first; the test's plane.
OGRSpatialReference gauss_kruger() {
  OGRSpatialReference crs;
  crs.importFromEPSG(4549);
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

// Coordinates relative to a point 40 km east of the central meridian near 31.27 N.
constexpr double kX0 = 540000, kY0 = 3460000;

std::unique_ptr<OGRGeometry> from_wkt(const std::string& wkt) {
  OGRGeometry* geometry = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE) << wkt;
  return std::unique_ptr<OGRGeometry>(geometry);
}

// A ring's WKT from (x, y) offsets to (kX0, kY0), closed.
std::string ring_text(const std::vector<std::pair<double, double>>& ring) {
  std::string text = "(";
  char point[96];
  for (size_t i = 0; i <= ring.size(); ++i) {
    const auto& [x, y] = ring[i % ring.size()];
    std::snprintf(point, sizeof point, "%s%.9f %.9f", i ? "," : "", kX0 + x, kY0 + y);
    text += point;
  }
  return text + ")";
}

std::vector<std::pair<double, double>> rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

std::string polygon(const std::vector<std::vector<std::pair<double, double>>>& rings) {
  std::string text = "POLYGON (";
  for (size_t r = 0; r < rings.size(); ++r) text += (r ? "," : "") + ring_text(rings[r]);
  return text + ")";
}

// The reference for an intersection given by its ring (offsets): Planimeter on CGCS2000's
// ellipsoid, on the corners brought to latitude/longitude by cs2cs (EPSG:4549 takes northing,
// easting); and the shoelace area in the plane.
struct Reference {
  double ellipsoidal_m2;
  double planar_m2;
};

Reference reference_area(const std::vector<std::pair<double, double>>& ring) {
  std::vector<std::pair<double, double>> northing_easting;
  std::vector<test::PlaneXY> plane;
  for (const auto& [x, y] : ring) {
    northing_easting.emplace_back(kY0 + y, kX0 + x);
    plane.push_back({x, y});
  }
  const auto lat_lon = test::cs2cs("EPSG:4549", "EPSG:4490", northing_easting, 12);
  const double ellipsoidal = std::fabs(test::planimeter_area(lat_lon, 6378137, 1 / 298.257222101));
  return {ellipsoidal, test::shoelace_area(plane)};
}

std::vector<OverlapPair> find_all(OverlapFinder& finder) {
  std::vector<OverlapPair> pairs;
  finder.find([&pairs](const OverlapPair& pair) { pairs.push_back(pair); });
  return pairs;
}

using FidPair = std::pair<long long, long long>;

std::vector<FidPair> fids_of(const std::vector<OverlapPair>& pairs) {
  std::vector<FidPair> fids;
  for (const OverlapPair& pair : pairs) fids.emplace_back(pair.fid_a, pair.fid_b);
  return fids;
}

TEST(OverlapFinder, PlantedOverlapsFoundOnceSortedWithTheirEllipsoidalAreas) {
  struct Feature {
    std::string name;
    std::string wkt;
  };
  // Each group stands apart from the others (at its own x offset).
  const std::vector<Feature> features = {
      // A row of rectangles sharing edges: touching, no overlap.
      {"row 1", polygon({rect(0, 0, 100, 100)})},
      {"row 2", polygon({rect(100, 0, 200, 100)})},
      {"row 3", polygon({rect(200, 0, 300, 100)})},
      // A shared corner only.
      {"corner 1", polygon({rect(500, 0, 600, 100)})},
      {"corner 2", polygon({rect(600, 100, 700, 200)})},
      // A polygon filling another's hole, touching it all round.
      {"holed", polygon({rect(1000, 0, 1300, 300), rect(1100, 100, 1200, 200)})},
      {"in the hole", polygon({rect(1100, 100, 1200, 200)})},
      // One inside another.
      {"container", polygon({rect(2000, 0, 2300, 300)})},
      {"contained", polygon({rect(2100, 50, 2150, 120)})},
      // Identical.
      {"twin 1", polygon({rect(3000, 0, 3080, 60)})},
      {"twin 2", polygon({rect(3000, 0, 3080, 60)})},
      // A T-junction: the neighbour's corners exactly on this one's edge (touching only) ...
      {"T base", polygon({rect(4000, 0, 4200, 100)})},
      {"T top", polygon({rect(4050, 100, 4150, 200)})},
      // ... and one whose corner lies a micrometre inside the edge, as rounding leaves it: a sliver.
      {"sliver base", polygon({rect(5000, 0, 5200, 100)})},
      {"sliver top", polygon({{{5050, 100 - 1e-6}, {5150, 100}, {5150, 200}, {5050, 200}}})},
      // A polygon over a hole and the polygon around it.
      {"holed 2", polygon({rect(6000, 0, 6300, 300), rect(6100, 100, 6200, 200)})},
      {"over the hole", polygon({rect(6150, 150, 6250, 250)})},
      // A multipolygon whose second part overlaps a rectangle; its first part touches another.
      {"multi", "MULTIPOLYGON ((" + ring_text(rect(7000, 0, 7100, 100)) + "),(" + ring_text(rect(7300, 0, 7400, 100)) +
                    "))"},
      {"over the part", polygon({rect(7350, 50, 7450, 150)})},
      {"beside the part", polygon({rect(7100, 0, 7200, 100)})},
      // Two rectangles overlapping in a rectangle.
      {"planted 1", polygon({rect(8000, 0, 8100, 100)})},
      {"planted 2", polygon({rect(8090, 20, 8190, 80)})},
  };
  // Fids unlike the order of adding: 1000 + 7 * place, added in a shuffled order.
  std::map<std::string, long long> fid;
  for (size_t i = 0; i < features.size(); ++i) fid[features[i].name] = 1000 + 7 * static_cast<long long>(features.size() - i);
  std::vector<size_t> order(features.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(3));

  OverlapFinder finder(gauss_kruger());
  for (const size_t i : order) finder.add(fid[features[i].name], *from_wkt(features[i].wkt));
  EXPECT_EQ(finder.size(), features.size());
  const std::vector<OverlapPair> pairs = find_all(finder);

  // What overlaps, and the intersection's ring.
  const std::vector<std::tuple<std::string, std::string, std::vector<std::pair<double, double>>>> planted = {
      {"container", "contained", rect(2100, 50, 2150, 120)},
      {"twin 1", "twin 2", rect(3000, 0, 3080, 60)},
      {"holed 2", "over the hole", {{6200, 150}, {6250, 150}, {6250, 250}, {6150, 250}, {6150, 200}, {6200, 200}}},
      {"multi", "over the part", rect(7350, 50, 7400, 100)},
      {"planted 1", "planted 2", rect(8090, 20, 8100, 80)},
      {"sliver base", "sliver top", {{5050, 100 - 1e-6}, {5150, 100}, {5050, 100}}},
  };
  std::map<FidPair, std::vector<std::pair<double, double>>> expected;
  for (const auto& [a, b, ring] : planted) expected[{std::min(fid[a], fid[b]), std::max(fid[a], fid[b])}] = ring;
  std::vector<FidPair> expected_fids;
  for (const auto& [pair, ring] : expected) expected_fids.push_back(pair);  // a map's order: sorted
  ASSERT_EQ(fids_of(pairs), expected_fids);

  for (const OverlapPair& pair : pairs) {
    const auto& ring = expected[{pair.fid_a, pair.fid_b}];
    const Reference reference = reference_area(ring);
    if (reference.planar_m2 < 1) {
      // The sliver, 100 m by a micrometre: 50e-6 m2, far below the tolerance. At that size the
      // ellipsoidal figure is good to a fraction of a square millimetre, no better.
      EXPECT_NEAR(pair.area_m2, reference.planar_m2, 1e-6);
      EXPECT_LT(pair.area_m2, kDefaultOverlapToleranceM2);
      continue;
    }
    EXPECT_NEAR(pair.area_m2, reference.ellipsoidal_m2, 1e-6 * reference.ellipsoidal_m2) << pair.fid_a;
    EXPECT_NEAR(pair.area_m2 / reference.planar_m2, 1, 1e-3) << pair.fid_a;
    EXPECT_GT(pair.area_m2, kDefaultOverlapToleranceM2);
  }
}

TEST(OverlapFinder, EmptyAndSmallAndMisuse) {
  {
    OverlapFinder finder(gauss_kruger());
    EXPECT_TRUE(find_all(finder).empty());
    EXPECT_THROW(find_all(finder), std::logic_error);
    EXPECT_THROW(finder.add(1, *from_wkt(polygon({rect(0, 0, 1, 1)}))), std::logic_error);
  }
  OverlapFinder finder(gauss_kruger());
  finder.add(1, *from_wkt(polygon({rect(0, 0, 10, 10)})));
  finder.add(2, *from_wkt("POLYGON EMPTY"));
  try {
    finder.add(3, *from_wkt("LINESTRING (540000 3460000,540001 3460001)"));
    ADD_FAILURE() << "a line accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("feature 3"), std::string::npos) << error.what();
  }
  // Curved polygons are linearised.
  finder.add(4, *from_wkt("CURVEPOLYGON (CIRCULARSTRING (540005 3460005,540015 3460005,540005 3460005))"));
  EXPECT_EQ(finder.size(), 3u);
  const std::vector<OverlapPair> pairs = find_all(finder);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(fids_of(pairs), (std::vector<FidPair>{{1, 4}}));
}

TEST(OverlapFinder, AnIntersectionThatCannotBeMeasuredNamesBothFeatures) {
  // In longitude/latitude, two squares beyond the pole: the area calculator refuses them.
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OverlapFinder finder(wgs84);
  finder.add(12, *from_wkt("POLYGON ((10 91,11 91,11 92,10 92,10 91))"));
  finder.add(5, *from_wkt("POLYGON ((10.5 91.5,11.5 91.5,11.5 92.5,10.5 92.5,10.5 91.5))"));
  try {
    find_all(finder);
    ADD_FAILURE() << "measured";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("features 5 and 12: latitude"), std::string::npos) << error.what();
  }
}

// A star-shaped ring about (x, y) (offsets), never crossing itself.
std::vector<std::pair<double, double>> star(std::mt19937_64& rng, double x, double y, double radius, int count) {
  std::uniform_real_distribution<double> unit(0.7, 1.0);
  std::vector<std::pair<double, double>> ring;
  for (int i = 0; i < count; ++i) {
    const double angle = 2 * M_PI * i / count;
    const double r = radius * unit(rng);
    ring.emplace_back(x + r * std::cos(angle), y + r * std::sin(angle));
  }
  return ring;
}

TEST(OverlapFinder, RandomPolygonsGiveGeosBruteForcePairsAndAreas) {
  std::mt19937_64 rng(20261206);
  std::uniform_real_distribution<double> place(0, 400), radius(5, 40), unit(0, 1), jitter(-2, 2);
  std::uniform_int_distribution<int> vertices(4, 12);
  std::vector<std::unique_ptr<OGRGeometry>> geometries;
  // A jittered grid of 12 x 12 cells of 33 m sharing their corners, some corners pushed out.
  std::vector<std::vector<std::pair<double, double>>> node(13, std::vector<std::pair<double, double>>(13));
  for (int i = 0; i <= 12; ++i) {
    for (int j = 0; j <= 12; ++j) node[i][j] = {33.0 * i + jitter(rng), 33.0 * j + jitter(rng)};
  }
  for (int i = 0; i < 12; ++i) {
    for (int j = 0; j < 12; ++j) {
      auto corners = std::vector<std::pair<double, double>>{node[i][j], node[i + 1][j], node[i + 1][j + 1], node[i][j + 1]};
      if (unit(rng) < 0.1) corners[2] = {corners[2].first + 5, corners[2].second + 5};
      geometries.push_back(from_wkt(polygon({corners})));
    }
  }
  // Stars over it: some with a hole, some two-part multipolygons.
  for (int k = 0; k < 160; ++k) {
    const double x = place(rng), y = place(rng), r = radius(rng);
    const auto outer = star(rng, x, y, r, vertices(rng));
    if (k % 8 == 0) {
      const auto hole = star(rng, x, y, r * 0.3, 6);
      std::vector<std::pair<double, double>> reversed(hole.rbegin(), hole.rend());
      geometries.push_back(from_wkt(polygon({outer, reversed})));
    } else if (k % 8 == 1) {
      const auto second = star(rng, x + 3 * r, y, r, vertices(rng));
      geometries.push_back(from_wkt("MULTIPOLYGON ((" + ring_text(outer) + "),(" + ring_text(second) + "))"));
    } else {
      geometries.push_back(from_wkt(polygon({outer})));
    }
  }
  ASSERT_GT(geometries.size(), 300u);

  // Brute force: every pair whose interiors GEOS finds meeting, measured as the finder measures.
  const GeosContext geos;
  const AreaCalculator calculator(gauss_kruger());
  std::vector<GeosGeometry> converted;
  for (const auto& g : geometries) {
    converted.push_back(geos.from_ogr(*g));
    ASSERT_FALSE(geos.invalid_reason(*converted.back())) << g->exportToWkt();
  }
  std::map<FidPair, double> expected;
  for (size_t a = 0; a < geometries.size(); ++a) {
    for (size_t b = a + 1; b < geometries.size(); ++b) {
      if (!geos.interiors_intersect(*converted[a], *converted[b])) continue;
      expected[{static_cast<long long>(a), static_cast<long long>(b)}] =
          calculator.area_m2(*geos.to_ogr(*geos.intersection(*converted[a], *converted[b])));
    }
  }
  ASSERT_GT(expected.size(), 100u);

  OverlapFinder finder(gauss_kruger());
  std::vector<size_t> order(geometries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  for (const size_t i : order) finder.add(static_cast<long long>(i), *geometries[i]);
  const std::vector<OverlapPair> pairs = find_all(finder);
  std::vector<FidPair> expected_fids;
  for (const auto& [pair, area] : expected) expected_fids.push_back(pair);
  ASSERT_EQ(fids_of(pairs), expected_fids);
  for (const OverlapPair& pair : pairs) {
    const double area = expected[{pair.fid_a, pair.fid_b}];
    EXPECT_NEAR(pair.area_m2, area, std::max(1e-9 * area, 1e-12)) << pair.fid_a << " " << pair.fid_b;
  }
}

TEST(OverlapFinder, ALargeTiledLayerGivesExactlyThePlantedPairs) {
  // 200 x 200 cells of about 31.6 m sharing their corners exactly, as a cadastre; one cell in
  // 200 has its north-east corner pushed out by a fifth of a cell, into the three cells around
  // that corner: those three pairs, and no others, overlap. Enough features for several bands
  // of work and a cache that wraps round.
  constexpr int kSide = 200;
  const double cell = std::sqrt(1000.0);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> jitter(-0.05 * cell, 0.05 * cell), unit(0, 1);
  std::vector<std::vector<std::pair<double, double>>> node(kSide + 1, std::vector<std::pair<double, double>>(kSide + 1));
  for (int i = 0; i <= kSide; ++i) {
    for (int j = 0; j <= kSide; ++j) node[i][j] = {cell * i + jitter(rng), cell * j + jitter(rng)};
  }
  const auto fid_of = [](int i, int j) { return static_cast<long long>(j) * kSide + i + 1; };
  OverlapFinder finder(gauss_kruger());
  std::set<FidPair> expected;
  for (int j = 0; j < kSide; ++j) {
    for (int i = 0; i < kSide; ++i) {
      std::vector<std::pair<double, double>> corners{node[i][j], node[i + 1][j], node[i + 1][j + 1], node[i][j + 1]};
      if (unit(rng) < 0.005) {
        corners[2] = {corners[2].first + 0.2 * cell, corners[2].second + 0.2 * cell};
        for (const auto& [di, dj] : {std::pair{1, 0}, {0, 1}, {1, 1}}) {
          if (i + di < kSide && j + dj < kSide) expected.insert({fid_of(i, j), fid_of(i + di, j + dj)});
        }
      }
      OGRLinearRing ring;
      for (const auto& [x, y] : corners) ring.addPoint(kX0 + x, kY0 + y);
      ring.closeRings();
      OGRPolygon parcel;
      parcel.addRing(&ring);
      finder.add(fid_of(i, j), parcel);
    }
  }
  ASSERT_GT(expected.size(), 300u);
  const std::vector<OverlapPair> pairs = find_all(finder);
  const std::vector<FidPair> found = fids_of(pairs);
  EXPECT_EQ(found, std::vector<FidPair>(expected.begin(), expected.end()));
  for (const OverlapPair& pair : pairs) EXPECT_GT(pair.area_m2, 1.0) << pair.fid_a << " " << pair.fid_b;
}

}  // namespace
}  // namespace parklayers
