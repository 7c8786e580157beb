// SPDX-License-Identifier: GPL-2.0-or-later
// simple_polygon: the quick proof of validity asked before GEOS. GEOS is the reference: a
// polygon proven valid must be valid to GEOS, and the parcels a layer is made of must be proven.
#include "parklayers/gis/simple_polygon.h"

#include <cmath>
#include <initializer_list>
#include <memory>
#include <random>
#include <string>

#include <cpl_error.h>
#include <geos_c.h>
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include "parklayers/gis/geos.h"

namespace parklayers {
namespace {

std::unique_ptr<OGRPolygon> polygon(const std::string& wkt) {
  OGRGeometry* geometry = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE) << wkt;
  EXPECT_TRUE(geometry && wkbFlatten(geometry->getGeometryType()) == wkbPolygon) << wkt;
  return std::unique_ptr<OGRPolygon>(geometry ? geometry->toPolygon() : nullptr);
}

// GEOS's verdict: 1 valid, 0 invalid.
int geos_valid(const GeosContext& geos, const OGRPolygon& polygon) {
  const GeosGeometry converted = geos.from_ogr(polygon);
  return GEOSisValid_r(geos.handle(), converted.get());
}

// Each polygon must get GEOS's verdict `valid` (1 or 0), and be proved or not as `proved` says.
void expect_verdicts(std::initializer_list<const char*> wkts, int valid, bool proved) {
  const GeosContext geos;
  for (const char* wkt : wkts) {
    const auto p = polygon(wkt);
    ASSERT_EQ(geos_valid(geos, *p), valid) << wkt;
    EXPECT_EQ(proven_valid(*p), proved) << wkt;
  }
}

TEST(SimplePolygon, OrientationSignIsGeosExactSignOrNone) {
  const GeosContext geos;
  // Shewchuk's example: a point moved by units in the last place about the line y = x, where
  // the plain determinant gets the sign wrong; and moved by 16 units, where some signs are sure.
  int certain = 0, naive_wrong = 0, unsure_where_naive_wrong = 0;
  for (const double step : {0x1p-53, 0x1p-49}) {
    for (int i = 0; i < 64; ++i) {
      for (int j = 0; j < 64; ++j) {
        const double ax = 0.5 + i * step, ay = 0.5 + j * step;
        const double bx = 12, by = 12, cx = 24, cy = 24;
        const int exact = GEOSOrientationIndex_r(geos.handle(), bx, by, cx, cy, ax, ay);  // of a to bc
        const int sign = orientation_sign(bx, by, cx, cy, ax, ay);
        if (sign != 0) {
          ++certain;
          EXPECT_EQ(sign, exact) << i << ", " << j;
        }
        const double naive = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        const int naive_sign = (naive > 0) - (naive < 0);
        if (naive_sign != exact) {
          ++naive_wrong;
          unsure_where_naive_wrong += sign == 0;
        }
      }
    }
  }
  EXPECT_GT(naive_wrong, 100);  // the grid is hard
  EXPECT_EQ(unsure_where_naive_wrong, naive_wrong);
  EXPECT_GT(certain, 1000);
  // Points well apart always get their sign.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lon(121.0, 121.5), lat(31.0, 31.5);
  for (int i = 0; i < 10000; ++i) {
    const double ax = lon(rng), ay = lat(rng), bx = lon(rng), by = lat(rng), cx = lon(rng), cy = lat(rng);
    const int exact = GEOSOrientationIndex_r(geos.handle(), ax, ay, bx, by, cx, cy);
    ASSERT_EQ(orientation_sign(ax, ay, bx, by, cx, cy), exact) << i;
    ASSERT_NE(exact, 0);
  }
  EXPECT_EQ(orientation_sign(0, 0, 1, 1, 2, 2), 0);  // collinear
  EXPECT_EQ(orientation_sign(0, 0, 1, 0, 0, 1), 1);
  EXPECT_EQ(orientation_sign(0, 0, 0, 1, 1, 0), -1);
}

// Points on a dyadic grid (multiples of 2^-45 up to 2^7, longitudes' range), where the
// determinant in units of the grid is an integer of at most 106 bits: __int128 computes it
// exactly, an independent route to the exact sign.
__extension__ typedef __int128 Int128;

TEST(SimplePolygon, ExactOrientationSignIsTheIntegerDeterminantsSign) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<long long> unit(0, (1LL << 52) - 1), small(-50, 50), nudge(-2, 2);
  const auto coordinate = [](long long units) { return std::ldexp(static_cast<double>(units), -45); };
  int collinear = 0, undecided = 0;
  for (int i = 0; i < 200000; ++i) {
    // Three points on a line (s and t steps of a small direction from a), one of them moved by
    // up to two units in the last place, or not at all: the fast sign cannot tell most of them.
    const long long ax = unit(rng), ay = unit(rng);
    const long long dx = small(rng), dy = small(rng);
    const long long s = unit(rng) >> 7, t = unit(rng) >> 7;  // up to 2^45
    const long long bx = ax + s * dx + (i % 3 == 0 ? nudge(rng) : 0), by = ay + s * dy;
    const long long cx = ax + t * dx, cy = ay + t * dy + (i % 3 == 1 ? nudge(rng) : 0);
    // Every coordinate is a double exactly (under 2^53 units).
    for (const long long v : {bx, by, cx, cy}) ASSERT_LT(v < 0 ? -v : v, 1LL << 53);
    const Int128 det = Int128(ax - cx) * (by - cy) - Int128(ay - cy) * (bx - cx);
    const int expected = (det > 0) - (det < 0);
    const int sign = exact_orientation_sign(coordinate(ax), coordinate(ay), coordinate(bx), coordinate(by),
                                            coordinate(cx), coordinate(cy));
    ASSERT_EQ(sign, expected) << i;
    collinear += expected == 0;
    undecided += orientation_sign(coordinate(ax), coordinate(ay), coordinate(bx), coordinate(by), coordinate(cx),
                                  coordinate(cy)) == 0 && expected != 0;
  }
  EXPECT_GT(collinear, 50000);
  EXPECT_GT(undecided, 2000);  // where the fast sign says nothing, the exact one is right
  EXPECT_TRUE(in_exact_orientation_range(0));
  EXPECT_TRUE(in_exact_orientation_range(-3460000.25));
  EXPECT_FALSE(in_exact_orientation_range(1e-300));
  EXPECT_FALSE(in_exact_orientation_range(std::nan("")));
}

TEST(SimplePolygon, ProvesSimplePolygonsWithAndWithoutHoles) {
  expect_verdicts(
      {
          "POLYGON ((0 0,1 0,0 1,0 0))",                                  // a triangle
          "POLYGON ((0 0,0 1,1 0,0 0))",                                  // clockwise
          "POLYGON ((121.18 31.30,121.19 31.30,121.19 31.31,121.18 31.31,121.18 31.30))",
          "POLYGON ((0 0,1 0,2 0,2 2,0 2,0 0))",                          // a straight vertex
          "POLYGON ((0 0,4 0,4 4,2 1,0 4,0 0))",                          // not convex
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2))",    // a hole
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2),(6 6,8 6,8 8,6 6))",
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(1 1,9 1,9 9,1 9,1 1))",  // a large hole
          // a U with a hole in each arm: a hole's vertex right of the other arm's edge
          "POLYGON ((0 0,10 0,10 10,7 10,7 3,3 3,3 10,0 10,0 0),(1 5,2 5,2 6,1 6,1 5),(8 5,9 5,9 6,8 6,8 5))",
      },
      1, true);
}

TEST(SimplePolygon, NeverProvesAnInvalidPolygon) {
  expect_verdicts(
      {
          "POLYGON ((0 0,2 2,2 0,0 2,0 0))",                              // a bow tie
          "POLYGON ((0 0,2 0,1 0,1 1,0 0))",                              // an edge doubling back
          "POLYGON ((0 0,2 0,2 2,0 2,0 0,1 0,1 1,0 0))",                  // touching itself
          "POLYGON ((0 0,4 0,4 4,2 0,0 4,0 0))",                          // a vertex on an edge
          "POLYGON ((0 0,1 0,2 0,0 0))",                                  // no area
          "POLYGON ((0 0,1 1,0 0))",                                      // too few points
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(20 20,22 20,22 22,20 20))",  // hole outside
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(5 5,15 5,15 6,5 5))",        // hole crossing
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(1 1,9 1,9 9,1 9,1 1),(3 3,4 3,4 4,3 3))",  // nested
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(1 1,5 1,5 5,1 1),(2 1.5,6 1.5,6 6,2 1.5))",  // overlap
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(0 0,5 0,5 5,0 0))",         // hole on the edge
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 2),(2 2,4 2,4 4,2 2))",  // twice
      },
      0, false);
}

TEST(SimplePolygon, LeavesToGeosWhatItDoesNotProve) {
  // Valid to GEOS, but not proved: GEOS decides these.
  expect_verdicts(
      {
          "POLYGON ((0 0,1 0,1 0,1 1,0 0))",                                      // a repeated point
          "POLYGON ((0 0,10 0,10 10,0 10,0 0),(0 0,5 2,5 5,0 0))",                 // hole touching
          "POLYGON EMPTY",
      },
      1, false);
  const GeosContext geos;
  // An unclosed ring, a coordinate that is not a number, more than kMaxProvenEdges edges.
  CPLPushErrorHandler(CPLQuietErrorHandler);  // GDAL warns of the unclosed ring
  OGRPolygon open;
  auto* ring = new OGRLinearRing;
  ring->addPoint(0, 0);
  ring->addPoint(1, 0);
  ring->addPoint(1, 1);
  ring->addPoint(0, 1);
  open.addRingDirectly(ring);
  CPLPopErrorHandler();
  EXPECT_FALSE(proven_valid(open));
  ring->addPoint(0, 0);
  EXPECT_TRUE(proven_valid(open));
  ring->setPoint(1, std::nan(""), 0);
  EXPECT_FALSE(proven_valid(open));
  OGRPolygon many;
  auto* circle = new OGRLinearRing;
  for (int i = 0; i <= kMaxProvenEdges + 1; ++i) {
    const double angle = 2 * M_PI * (i % (kMaxProvenEdges + 1)) / (kMaxProvenEdges + 1);
    circle->addPoint(std::cos(angle), std::sin(angle));
  }
  many.addRingDirectly(circle);
  ASSERT_EQ(geos_valid(geos, many), 1);
  EXPECT_FALSE(proven_valid(many));
  circle->setNumPoints(kMaxProvenEdges + 1);  // kMaxProvenEdges edges once closed again
  circle->setPoint(kMaxProvenEdges, circle->getX(0), circle->getY(0));
  ASSERT_EQ(geos_valid(geos, many), 1);
  EXPECT_TRUE(proven_valid(many));
}

// A ring of `count` random vertices on a small integer grid: collinear vertices, touching and
// crossing edges and repeated points are all common.
OGRLinearRing* grid_ring(std::mt19937_64& rng, int count, int size, int offset) {
  std::uniform_int_distribution<int> coordinate(0, size);
  auto* ring = new OGRLinearRing;
  for (int i = 0; i < count; ++i) ring->addPoint(offset + coordinate(rng), offset + coordinate(rng));
  ring->addPoint(ring->getX(0), ring->getY(0));
  return ring;
}

// A star-shaped ring about (x, y), as tests/bench/synth_parcels makes them: vertices at even
// angles, 0.7 to 1 radius away, so it never crosses itself and stays 0.35 radius away.
OGRLinearRing* star_ring(std::mt19937_64& rng, double x, double y, double radius, int count) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto* ring = new OGRLinearRing;
  for (int i = 0; i < count; ++i) {
    const double angle = 2 * M_PI * i / count;
    const double r = radius * (0.7 + 0.3 * unit(rng));
    ring->addPoint(x + r * std::cos(angle), y + r * std::sin(angle));
  }
  ring->addPoint(ring->getX(0), ring->getY(0));
  return ring;
}

TEST(SimplePolygon, WhatItProvesGeosFindsValidOnRandomGridPolygons) {
  const GeosContext geos;
  std::mt19937_64 rng(20261125);
  std::uniform_int_distribution<int> vertices(3, 9), holes(0, 2);
  int proven = 0, valid = 0, invalid = 0;
  for (int i = 0; i < 40000; ++i) {
    OGRPolygon p;
    p.addRingDirectly(grid_ring(rng, vertices(rng), 6, 0));
    for (int h = holes(rng); h > 0; --h) p.addRingDirectly(grid_ring(rng, vertices(rng) % 4 + 3, 3, 1));
    const int geos_verdict = geos_valid(geos, p);
    (geos_verdict == 1 ? valid : invalid) += 1;
    if (proven_valid(p)) {
      ++proven;
      ASSERT_EQ(geos_verdict, 1) << p.exportToWkt();
    }
  }
  // The cases are mixed enough to mean something.
  EXPECT_GT(invalid, 10000);
  EXPECT_GT(valid, 2000);
  EXPECT_GT(proven, 1000);
}

TEST(SimplePolygon, ProvesEveryParcelOfASyntheticLayer) {
  // Parcels as tests/bench/synth_parcels makes them: 4 to 12 vertices, 20 to 200 m across, in
  // degrees over Shanghai, one in ten with a hole.
  const GeosContext geos;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> lon(120.9, 122.0), lat(30.7, 31.9), unit(0.0, 1.0);
  std::uniform_int_distribution<int> vertices(4, 12);
  for (int i = 0; i < 20000; ++i) {
    OGRPolygon p;
    const double x = lon(rng), y = lat(rng), radius = (10 + 90 * unit(rng)) / 111000.0;
    p.addRingDirectly(star_ring(rng, x, y, radius, vertices(rng)));
    if (unit(rng) < 0.1) p.addRingDirectly(star_ring(rng, x, y, radius * 0.3, 6));
    ASSERT_EQ(geos_valid(geos, p), 1) << p.exportToWkt();
    ASSERT_TRUE(proven_valid(p)) << p.exportToWkt();
  }
}

}  // namespace
}  // namespace parklayers
