// SPDX-License-Identifier: GPL-2.0-or-later
// A quick proof that a polygon is valid, asked before GEOS (geos.h).
//
// GEOS's validity test builds a topology graph for every polygon: on 200,000 parcels of 4 to 12
// vertices it was a fifth of `parklayers area`'s CPU (perf). Most parcels are simple rings,
// which a direct test of their edges proves valid in a fraction of that time. The proof only
// ever says "valid"; anything it cannot prove goes to GEOS, which gives the reason.
#pragma once

#include <ogr_geometry.h>

namespace parklayers {

// Polygons with more edges than this (all rings together) are left to GEOS: the proof compares
// every pair of edges.
constexpr int kMaxProvenEdges = 64;

// True only when the polygon is certainly valid as GEOS judges it (OGC simple features): every
// ring is closed, with at least 3 edges and no two consecutive positions equal; no two edges
// meet except consecutive edges of one ring at their shared vertex (so rings neither cross nor
// touch); each hole lies inside the exterior ring and outside every other hole. Every sign it
// relies on is exact (orientation_sign). False means "not proved", not "invalid": a hole
// touching the exterior ring at one point is valid, but left to GEOS.
bool proven_valid(const OGRPolygon& polygon);

// The sign of the orientation of the points a, b, c: 1 when c lies left of the line from a to
// b, -1 when right, and 0 when they are collinear or when double arithmetic cannot tell: the
// determinant is trusted only beyond Shewchuk's error bound for it (orient2dfast, "Adaptive
// Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997).
int orientation_sign(double ax, double ay, double bx, double by, double cx, double cy);

// The same sign, exact: 0 only when a, b and c are collinear. Where orientation_sign cannot
// tell, the determinant is summed exactly from its six products (each split by fma into two
// doubles, summed by Shewchuk's expansion arithmetic, ibid.). Exact for coordinates in
// exact_orientation_range; beyond it products could overflow or lose bits below the smallest
// double, so callers check their coordinates first.
int exact_orientation_sign(double ax, double ay, double bx, double by, double cx, double cy);
// 0, or a magnitude between 2^-400 and 2^400: every coordinate on Earth in any unit.
bool in_exact_orientation_range(double coordinate);

}  // namespace parklayers
