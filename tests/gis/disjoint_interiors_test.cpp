// SPDX-License-Identifier: GPL-2.0-or-later
// disjoint_interiors: the quick proof that two polygons' interiors are disjoint. GEOS's relate
// (interiors intersect: 'T********') is the reference: the proof may never say "disjoint" where
// GEOS finds the interiors meeting, and it must prove what neighbours in a cadastre are.
#include "parklayers/gis/disjoint_interiors.h"

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include "parklayers/gis/geos.h"
#include "parklayers/gis/simple_polygon.h"

namespace parklayers {
namespace {

std::unique_ptr<OGRGeometry> from_wkt(const std::string& wkt) {
  OGRGeometry* geometry = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE) << wkt;
  return std::unique_ptr<OGRGeometry>(geometry);
}

PolygonRings rings_of(const OGRGeometry& geometry) {
  PolygonRings rings;
  EXPECT_TRUE(append_polygons(geometry, rings));
  return rings;
}

// GEOS's verdicts: both valid, and whether the interiors meet.
struct GeosVerdict {
  bool valid = false;
  bool interiors_meet = false;
};

GeosVerdict geos_verdict(const GeosContext& geos, const OGRGeometry& a, const OGRGeometry& b) {
  const GeosGeometry ga = geos.from_ogr(a), gb = geos.from_ogr(b);
  GeosVerdict verdict;
  verdict.valid = !geos.invalid_reason(*ga) && !geos.invalid_reason(*gb);
  verdict.interiors_meet = geos.interiors_intersect(*ga, *gb);
  return verdict;
}

// The proof, asked both ways round: it must give the same answer.
bool proved(const OGRGeometry& a, const OGRGeometry& b) {
  const PolygonRings ra = rings_of(a), rb = rings_of(b);
  const bool ab = proven_interiors_disjoint(ra, rb);
  EXPECT_EQ(ab, proven_interiors_disjoint(rb, ra)) << a.exportToWkt() << " / " << b.exportToWkt();
  return ab;
}

struct Case {
  const char* what;
  const char* a;
  const char* b;
  bool interiors_meet;  // as GEOS finds (checked)
  bool proved;          // whether the proof settles it (only ever when the interiors do not meet)
};

TEST(DisjointInteriors, TableOfContacts) {
  const GeosContext geos;
  const Case cases[] = {
      {"shared edge", "POLYGON ((0 0,2 0,2 2,0 2,0 0))", "POLYGON ((2 0,4 0,4 2,2 2,2 0))", false, true},
      {"shared edge, both clockwise", "POLYGON ((0 0,0 2,2 2,2 0,0 0))", "POLYGON ((2 0,2 2,4 2,4 0,2 0))", false, true},
      {"shared corner only", "POLYGON ((0 0,2 0,2 2,0 2,0 0))", "POLYGON ((2 2,4 2,4 4,2 4,2 2))", false, true},
      {"part of an edge shared", "POLYGON ((0 0,4 0,4 4,0 4,0 0))", "POLYGON ((4 1,6 1,6 3,4 3,4 1))", false, true},
      {"a vertex on the other's edge, exactly (a T-junction)", "POLYGON ((0 0,4 0,4 2,0 2,0 0))",
       "POLYGON ((0 2,2 2,4 2,4 4,0 4,0 2))", false, true},
      {"T-junction from outside", "POLYGON ((0 0,4 0,4 2,0 2,0 0))", "POLYGON ((2 2,3 4,1 4,2 2))", false, true},
      {"apart, envelopes overlapping", "POLYGON ((0 0,4 0,0 4,0 0))", "POLYGON ((4 4,4 1,1 4,4 4))", false, true},
      {"in the other's hole, touching it", "POLYGON ((0 0,6 0,6 6,0 6,0 0),(2 2,4 2,4 4,2 4,2 2))",
       "POLYGON ((2 2,4 2,4 4,2 4,2 2))", false, true},
      {"in the other's hole, apart", "POLYGON ((0 0,6 0,6 6,0 6,0 0),(1 1,5 1,5 5,1 5,1 1))",
       "POLYGON ((2 2,4 2,4 4,2 4,2 2))", false, true},
      {"a multipolygon around a square, touching", "MULTIPOLYGON (((0 0,2 0,2 6,0 6,0 0)),((4 0,6 0,6 6,4 6,4 0)))",
       "POLYGON ((2 2,4 2,4 4,2 4,2 2))", false, true},
      {"touching along a broken edge", "POLYGON ((0 0,2 0,3 1,2 2,0 2,0 0))", "POLYGON ((2 0,5 0,5 2,2 2,3 1,2 0))",
       false, true},
      // A hole touching the exterior at (0 0): four edges of the first polygon meet there.
      {"in a hole that touches the exterior, at that point", "POLYGON ((0 0,4 0,4 4,0 4,0 0),(0 0,2 1,1 2,0 0))",
       "POLYGON ((0 0,1.5 1,1 1.5,0 0))", false, true},
      {"outside, at the point where a hole touches the exterior",
       "POLYGON ((0 0,4 0,4 4,0 4,0 0),(0 0,2 1,1 2,0 0))", "POLYGON ((0 0,-1 -2,-2 -1,0 0))", false, true},
      {"across that point", "POLYGON ((0 0,4 0,4 4,0 4,0 0),(0 0,2 1,1 2,0 0))", "POLYGON ((0 0,3 0.5,0.5 3,0 0))",
       true, false},
      {"inside, apart from the boundary", "POLYGON ((0 0,6 0,6 6,0 6,0 0))", "POLYGON ((2 2,4 2,4 4,2 4,2 2))", true,
       false},
      {"inside, sharing an edge", "POLYGON ((0 0,6 0,6 6,0 6,0 0))", "POLYGON ((0 0,2 0,2 2,0 2,0 0))", true, false},
      {"identical", "POLYGON ((0 0,2 0,2 2,0 2,0 0))", "POLYGON ((0 0,2 0,2 2,0 2,0 0))", true, false},
      {"identical, other start and direction", "POLYGON ((0 0,2 0,2 2,0 2,0 0))", "POLYGON ((2 2,2 0,0 0,0 2,2 2))", true,
       false},
      {"crossing", "POLYGON ((0 0,4 0,4 4,0 4,0 0))", "POLYGON ((2 2,6 2,6 6,2 6,2 2))", true, false},
      {"a vertex just inside the other's edge", "POLYGON ((0 0,4 0,4 2,0 2,0 0))",
       "POLYGON ((0 2,2 1.9999999999,4 2,4 4,0 4,0 2))", true, false},
      {"over the other's hole", "POLYGON ((0 0,6 0,6 6,0 6,0 0),(2 2,4 2,4 4,2 4,2 2))",
       "POLYGON ((1 1,3 1,3 3,1 3,1 1))", true, false},
      {"a part overlapping", "MULTIPOLYGON (((0 0,2 0,2 2,0 2,0 0)),((10 10,12 10,12 12,10 12,10 10)))",
       "POLYGON ((11 11,13 11,13 13,11 13,11 11))", true, false},
      {"shared edge, interiors on one side", "POLYGON ((0 0,4 0,4 4,0 4,0 0))", "POLYGON ((0 0,4 0,2 1,0 0))", true,
       false},
  };
  for (const Case& c : cases) {
    const auto a = from_wkt(c.a), b = from_wkt(c.b);
    const GeosVerdict verdict = geos_verdict(geos, *a, *b);
    ASSERT_TRUE(verdict.valid) << c.what;
    ASSERT_EQ(verdict.interiors_meet, c.interiors_meet) << c.what;
    EXPECT_EQ(proved(*a, *b), c.proved) << c.what;
  }
}

TEST(DisjointInteriors, LeavesToGeosWhatItCannotReasonOn) {
  // More edges near the other than kMaxProvenEdges.
  OGRPolygon circle;
  auto* ring = new OGRLinearRing;
  const int n = kMaxProvenEdges + 8;
  for (int i = 0; i <= n; ++i) {
    const double angle = 2 * M_PI * (i % n) / n;
    ring->addPoint(10 + 5 * std::cos(angle), 10 + 5 * std::sin(angle));
  }
  circle.addRingDirectly(ring);
  const auto apart = from_wkt("POLYGON ((0 0,2 0,2 2,0 2,0 0))");
  const auto below = from_wkt("POLYGON ((0 0,6 0,6 5.2,0 5.2,0 0))");  // its corner in the envelope
  const auto around = from_wkt("POLYGON ((0 0,20 0,20 20,0 20,0 0),(4 4,16 4,16 16,4 16,4 4))");
  EXPECT_TRUE(proved(circle, *apart));   // envelopes apart
  EXPECT_TRUE(proved(circle, *below));   // none of the circle's edges near it
  EXPECT_FALSE(proved(circle, *around));  // all of them
  // Repeated positions are kept once; a ring left with too few is not reasoned on.
  PolygonRings rings;
  ASSERT_TRUE(append_polygons(*from_wkt("POLYGON ((2 0,4 0,4 0,4 2,2 2,2 0,2 0))"), rings));
  EXPECT_EQ(rings.xy, (std::vector<double>{2, 0, 4, 0, 4, 2, 2, 2, 2, 0}));
  EXPECT_TRUE(rings.provable);
  EXPECT_TRUE(proven_interiors_disjoint(rings, rings_of(*apart)));
  rings.clear();
  ASSERT_TRUE(append_polygons(*from_wkt("POLYGON ((2 0,4 0,4 0,2 0))"), rings));
  EXPECT_FALSE(rings.provable);
  rings.clear();
  EXPECT_FALSE(append_polygons(*from_wkt("LINESTRING (0 0,1 1)"), rings));
  EXPECT_FALSE(append_polygons(*from_wkt("POLYGON EMPTY"), rings));
}

// A ring of `count` vertices on a small integer grid, or nothing when GEOS finds it invalid:
// collinear edges, shared vertices and vertices on edges are all common.
std::unique_ptr<OGRGeometry> grid_polygon(std::mt19937_64& rng, const GeosContext& geos, int size) {
  std::uniform_int_distribution<int> coordinate(0, size), vertices(3, 7), shape(0, 9);
  auto polygon = std::make_unique<OGRPolygon>();
  auto* ring = new OGRLinearRing;
  const int count = vertices(rng);
  for (int i = 0; i < count; ++i) ring->addPoint(coordinate(rng), coordinate(rng));
  ring->closeRings();
  polygon->addRingDirectly(ring);
  if (shape(rng) == 0) {  // sometimes a hole of a unit square
    const double x = coordinate(rng) % size, y = coordinate(rng) % size;
    auto* hole = new OGRLinearRing;
    for (const auto& [dx, dy] : {std::pair{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}) hole->addPoint(x + dx, y + dy);
    polygon->addRingDirectly(hole);
  }
  if (geos.invalid_reason(*geos.from_ogr(*polygon))) return nullptr;
  return polygon;
}

TEST(DisjointInteriors, NeverProvesWhatGeosFindsOverlappingOnRandomGridPolygons) {
  const GeosContext geos;
  std::mt19937_64 rng(20261206);
  int pairs = 0, meeting = 0, touching = 0, proved_touching = 0;
  while (pairs < 15000) {
    const auto a = grid_polygon(rng, geos, 4), b = grid_polygon(rng, geos, 4);
    if (!a || !b) continue;
    ++pairs;
    const GeosVerdict verdict = geos_verdict(geos, *a, *b);
    const bool proof = proved(*a, *b);
    if (verdict.interiors_meet) {
      ++meeting;
      ASSERT_FALSE(proof) << a->exportToWkt() << " / " << b->exportToWkt();
    } else {
      const GeosGeometry ga = geos.from_ogr(*a), gb = geos.from_ogr(*b);
      if (GEOSIntersects_r(geos.handle(), ga.get(), gb.get()) == 1) {
        ++touching;
        proved_touching += proof;
      }
    }
  }
  // The cases are mixed enough to mean something, and most touching pairs are proved.
  EXPECT_GT(meeting, 5000);
  EXPECT_GT(touching, 1000);
  EXPECT_GT(proved_touching, touching * 9 / 10);
}

// A jittered grid of quadrilaterals sharing their corners exactly, at Gauss-Kruger magnitudes
// (x about 500,000 m, y about 3,460,000 m), as tests/bench/synth_parcels --tiled makes them in
// degrees; some corners moved in or out of a neighbour, some onto a neighbour's edge.
TEST(DisjointInteriors, ProvesNeighboursOfAJitteredGridAndNeverAnOverlap) {
  const GeosContext geos;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> jitter(-3, 3), unit(0, 1);
  constexpr int kSide = 40;
  std::vector<std::vector<std::pair<double, double>>> node(kSide + 1, std::vector<std::pair<double, double>>(kSide + 1));
  for (int i = 0; i <= kSide; ++i) {
    for (int j = 0; j <= kSide; ++j) node[i][j] = {500123.125 + 31.6 * i + jitter(rng), 3460456.5 + 31.6 * j + jitter(rng)};
  }
  std::vector<std::unique_ptr<OGRPolygon>> cells;
  int moved = 0;
  for (int i = 0; i < kSide; ++i) {
    for (int j = 0; j < kSide; ++j) {
      std::pair<double, double> corners[] = {node[i][j], node[i + 1][j], node[i + 1][j + 1], node[i][j + 1]};
      const double choice = unit(rng);
      if (choice < 0.05) {  // the north-east corner pushed out, into the neighbours
        corners[2].first += 4;
        corners[2].second += 4;
        ++moved;
      } else if (choice < 0.10) {  // pulled in: a gap
        corners[2].first -= 4;
        corners[2].second -= 4;
      } else if (choice < 0.15) {  // an extra vertex on the east edge, where rounding puts it
        const double t = unit(rng);
        const std::pair<double, double> on_edge{corners[1].first + t * (corners[2].first - corners[1].first),
                                                corners[1].second + t * (corners[2].second - corners[1].second)};
        auto* ring = new OGRLinearRing;
        ring->addPoint(corners[0].first, corners[0].second);
        ring->addPoint(corners[1].first, corners[1].second);
        ring->addPoint(on_edge.first, on_edge.second);
        for (int k = 2; k < 4; ++k) ring->addPoint(corners[k].first, corners[k].second);
        ring->closeRings();
        cells.push_back(std::make_unique<OGRPolygon>());
        cells.back()->addRingDirectly(ring);
        continue;
      }
      auto* ring = new OGRLinearRing;
      for (const auto& [x, y] : corners) ring->addPoint(x, y);
      ring->closeRings();
      cells.push_back(std::make_unique<OGRPolygon>());
      cells.back()->addRingDirectly(ring);
    }
  }
  ASSERT_GT(moved, 20);
  int neighbours = 0, overlapping = 0, proved_neighbours = 0;
  std::vector<PolygonRings> rings;
  for (const auto& cell : cells) rings.push_back(rings_of(*cell));
  for (size_t p = 0; p < cells.size(); ++p) {
    for (size_t q = p + 1; q < cells.size(); ++q) {
      OGREnvelope ep, eq;
      cells[p]->getEnvelope(&ep);
      cells[q]->getEnvelope(&eq);
      if (!ep.Intersects(eq)) continue;
      const GeosVerdict verdict = geos_verdict(geos, *cells[p], *cells[q]);
      ASSERT_TRUE(verdict.valid);
      const bool proof = proven_interiors_disjoint(rings[p], rings[q]);
      if (verdict.interiors_meet) {
        ++overlapping;
        ASSERT_FALSE(proof) << cells[p]->exportToWkt() << " / " << cells[q]->exportToWkt();
      } else {
        ++neighbours;
        proved_neighbours += proof;
      }
    }
  }
  EXPECT_GT(overlapping, 100);
  EXPECT_GT(neighbours, 5000);
  // Only the vertices rounded onto an edge may fail to be proved (they lie a hair off it).
  EXPECT_GT(proved_neighbours, neighbours * 95 / 100);
}

}  // namespace
}  // namespace parklayers
