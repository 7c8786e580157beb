// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/disjoint_interiors.h"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

#include "parklayers/gis/simple_polygon.h"

namespace parklayers {
namespace {

struct Point {
  double x, y;
};

bool same(Point a, Point b) { return a.x == b.x && a.y == b.y; }

int orient(Point a, Point b, Point c) {
  // Shared vertices are the common case: no arithmetic for them.
  if (same(a, c) || same(b, c) || same(a, b)) return 0;
  return exact_orientation_sign(a.x, a.y, b.x, b.y, c.x, c.y);
}

int sign(double value) { return (value > 0) - (value < 0); }

Point point(const PolygonRings& rings, std::uint32_t i) { return {rings.xy[2 * size_t{i}], rings.xy[2 * size_t{i} + 1]}; }

struct Box {
  double min_x, min_y, max_x, max_y;
};

Box box_of(const PolygonRings& rings) { return {rings.min_x, rings.min_y, rings.max_x, rings.max_y}; }

// Whether the extent of segment pq meets the box (both closed).
bool meets(const Box& box, Point p, Point q) {
  return std::max(p.x, q.x) >= box.min_x && std::min(p.x, q.x) <= box.max_x && std::max(p.y, q.y) >= box.min_y &&
         std::min(p.y, q.y) <= box.max_y;
}

// Whether c lies on the segment ab strictly between its ends.
bool strictly_within(Point a, Point b, Point c) {
  if (same(a, c) || same(b, c)) return false;
  if (c.x < std::min(a.x, b.x) || c.x > std::max(a.x, b.x) || c.y < std::min(a.y, b.y) || c.y > std::max(a.y, b.y)) {
    return false;
  }
  return orient(a, b, c) == 0;
}

// An edge of one polygon near the other, directed as its ring runs.
struct Edge {
  Point from, to;
  bool interior_left;  // the polygon's interior lies left of it
};
using Edges = std::array<Edge, kMaxProvenEdges>;

// The edges of `rings` whose extent meets `box`: only these can touch a polygon inside the box.
// False when there are more than kMaxProvenEdges (left to GEOS).
bool near_edges(const PolygonRings& rings, const Box& box, Edges& edges, int& count) {
  count = 0;
  std::uint32_t begin = 0;
  for (size_t r = 0; r < rings.ring_ends.size(); ++r) {
    const std::uint32_t end = rings.ring_ends[r];
    const bool left = rings.interior_left[r] > 0;
    for (std::uint32_t i = begin; i + 1 < end; ++i) {
      const Point p = point(rings, i), q = point(rings, i + 1);
      if (!meets(box, p, q)) continue;
      if (count == kMaxProvenEdges) return false;
      edges[static_cast<size_t>(count++)] = Edge{p, q, left};
    }
    begin = end;
  }
  return true;
}

// Whether two edges cross at a point inside both (not at an end of either).
bool cross_properly(const Edge& a, const Edge& b) {
  if (std::max(a.from.x, a.to.x) < std::min(b.from.x, b.to.x) || std::max(b.from.x, b.to.x) < std::min(a.from.x, a.to.x) ||
      std::max(a.from.y, a.to.y) < std::min(b.from.y, b.to.y) || std::max(b.from.y, b.to.y) < std::min(a.from.y, a.to.y)) {
    return false;
  }
  const int o1 = orient(a.from, a.to, b.from), o2 = orient(a.from, a.to, b.to);
  if (o1 == 0 || o2 == 0 || o1 == o2) return false;
  const int o3 = orient(b.from, b.to, a.from), o4 = orient(b.from, b.to, a.to);
  return o3 != 0 && o4 != 0 && o3 != o4;
}

// Where p lies in the polygon, p being on none of its edges: 1 inside, 0 outside, -1 when p
// turns out to be on an edge after all. (Crossings of the ray from p eastward, counting an edge
// when its ends lie on either side of p's latitude, half-open; every sign exact.)
int inside(Point p, const PolygonRings& rings) {
  if (p.x < rings.min_x || p.x > rings.max_x || p.y < rings.min_y || p.y > rings.max_y) return 0;
  bool in = false;
  std::uint32_t begin = 0;
  for (const std::uint32_t end : rings.ring_ends) {
    for (std::uint32_t i = begin; i + 1 < end; ++i) {
      const Point a = point(rings, i), b = point(rings, i + 1);
      if ((a.y > p.y) == (b.y > p.y)) continue;
      const int side = orient(a, b, p);
      if (side == 0) return -1;
      if ((b.y > a.y) == (side > 0)) in = !in;
    }
    begin = end;
  }
  return in ? 1 : 0;
}

// A ray from a point on the other polygon's boundary along one of its edges there, and on which
// side of the ray (turning counter-clockwise from it, or clockwise) that polygon's interior lies.
struct Ray {
  Point to;
  bool interior_ccw;
};
constexpr int kMaxRays = 2 * kMaxProvenEdges;
using Rays = std::array<Ray, kMaxRays>;

// The rays at s of the edges ending at s or passing through it. (An edge's interior is on its
// left when interior_left: counter-clockwise of the ray along it, clockwise of the ray back.)
int rays_at(Point s, const Edges& edges, int count, Rays& rays) {
  int n = 0;
  for (int i = 0; i < count; ++i) {
    const Edge& e = edges[static_cast<size_t>(i)];
    if (same(s, e.from)) {
      rays[static_cast<size_t>(n++)] = Ray{e.to, e.interior_left};
    } else if (same(s, e.to)) {
      rays[static_cast<size_t>(n++)] = Ray{e.from, !e.interior_left};
    } else if (strictly_within(e.from, e.to, s)) {
      rays[static_cast<size_t>(n++)] = Ray{e.to, e.interior_left};
      rays[static_cast<size_t>(n++)] = Ray{e.from, !e.interior_left};
    }
  }
  return n;
}

enum class Place { Outside, Inside, AlongInteriorLeft, AlongInteriorRight, Unknown };

// Where the points just after s on the way to d lie, given the other polygon's rays at s: along
// a ray (with the interior on the left or right of the way), or else in the sector that begins
// at the nearest ray clockwise of d, inside when the interior lies counter-clockwise of that ray.
Place leaving(Point s, Point d, const Rays& rays, int count) {
  const Ray* along = nullptr;
  const Ray* nearest = nullptr;
  int nearest_half = 3;  // 0: clockwise of d (within a half turn), 1: straight back, 2: counter-clockwise
  for (int i = 0; i < count; ++i) {
    const Ray& ray = rays[static_cast<size_t>(i)];
    const int turn = orient(s, d, ray.to);
    int half = 0;
    if (turn == 0) {
      const bool ahead = sign(ray.to.x - s.x) == sign(d.x - s.x) && sign(ray.to.y - s.y) == sign(d.y - s.y);
      if (ahead) {
        if (along) return Place::Unknown;  // two edges one way: not a valid polygon
        along = &ray;
        continue;
      }
      half = 1;
    } else {
      half = turn < 0 ? 0 : 2;
    }
    if (half > nearest_half) continue;
    if (half < nearest_half) {
      nearest = &ray;
      nearest_half = half;
      continue;
    }
    if (half == 1) return Place::Unknown;
    // In one half, the ray counter-clockwise of the other is the nearer clockwise of d.
    const int order = orient(s, nearest->to, ray.to);
    if (order == 0) return Place::Unknown;
    if (order > 0) nearest = &ray;
  }
  if (along) return along->interior_ccw ? Place::AlongInteriorLeft : Place::AlongInteriorRight;
  if (!nearest) return Place::Unknown;
  return nearest->interior_ccw ? Place::Inside : Place::Outside;
}

// Whether every piece of a's boundary near b lies outside b, or along b's boundary with b's
// interior on the other side. The pieces begin at a's vertices and at b's vertices on a's edges.
bool pieces_outside(const Edges& a_edges, int a_count, const PolygonRings& b, const Edges& b_edges, int b_count) {
  Rays rays;
  const auto outside = [&](Point s, Point d, bool interior_left) {
    const int n = rays_at(s, b_edges, b_count, rays);
    if (n == 0) return inside(s, b) == 0;  // off b's boundary: the whole piece lies where s does
    switch (leaving(s, d, rays, n)) {
      case Place::Outside:
        return true;
      case Place::AlongInteriorLeft:
        return !interior_left;
      case Place::AlongInteriorRight:
        return interior_left;
      default:
        return false;
    }
  };
  for (int i = 0; i < a_count; ++i) {
    const Edge& e = a_edges[static_cast<size_t>(i)];
    if (!outside(e.from, e.to, e.interior_left)) return false;
    // Every vertex of b near a begins one of b's near edges.
    for (int j = 0; j < b_count; ++j) {
      const Point v = b_edges[static_cast<size_t>(j)].from;
      if (strictly_within(e.from, e.to, v) && !outside(v, e.to, e.interior_left)) return false;
    }
  }
  return true;
}

// Appends a ring, closed, without consecutive repeated positions (which change nothing of the
// polygon, but would give the proof an edge of no direction).
void append_ring(const OGRSimpleCurve& ring, PolygonRings& rings) {
  const int n = ring.getNumPoints();
  const size_t start = rings.xy.size();
  rings.xy.resize(start + 2 * static_cast<size_t>(n));
  ring.getPoints(rings.xy.data() + start, 2 * sizeof(double), rings.xy.data() + start + 1, 2 * sizeof(double));
  size_t kept = start + 2;
  for (size_t i = start + 2; i < rings.xy.size(); i += 2) {
    if (rings.xy[i] == rings.xy[kept - 2] && rings.xy[i + 1] == rings.xy[kept - 1]) continue;
    rings.xy[kept] = rings.xy[i];
    rings.xy[kept + 1] = rings.xy[i + 1];
    kept += 2;
  }
  rings.xy.resize(kept);
  if (rings.xy[start] != rings.xy[kept - 2] || rings.xy[start + 1] != rings.xy[kept - 1]) {
    const double x = rings.xy[start], y = rings.xy[start + 1];
    rings.xy.push_back(x);
    rings.xy.push_back(y);
  }
  rings.ring_ends.push_back(static_cast<std::uint32_t>(rings.xy.size() / 2));
}

bool append_polygon(const OGRPolygon& polygon, PolygonRings& rings) {
  const OGRLinearRing* exterior = polygon.getExteriorRing();
  if (!exterior || exterior->IsEmpty()) return false;
  append_ring(*exterior, rings);
  for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
    const OGRLinearRing* hole = polygon.getInteriorRing(i);
    if (hole && !hole->IsEmpty()) append_ring(*hole, rings);
  }
  rings.part_ends.push_back(static_cast<std::uint32_t>(rings.ring_ends.size()));
  return true;
}

bool append_parts(const OGRGeometry& geometry, PolygonRings& rings) {
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPolygon:
    case wkbTriangle:
      return append_polygon(*geometry.toPolygon(), rings);
    case wkbCurvePolygon: {
      const std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
      return linear && append_parts(*linear, rings);
    }
    case wkbMultiPolygon:
    case wkbMultiSurface:
    case wkbGeometryCollection: {
      bool any = false;
      for (const OGRGeometry* part : *geometry.toGeometryCollection()) any = append_parts(*part, rings) || any;
      return any;
    }
    default:
      return false;
  }
}

}  // namespace

void PolygonRings::clear() {
  xy.clear();
  ring_ends.clear();
  part_ends.clear();
  interior_left.clear();
  provable = false;
}

void PolygonRings::finish() {
  interior_left.assign(ring_ends.size(), 0);
  provable = !ring_ends.empty();
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  min_x = min_y = kInfinity;
  max_x = max_y = -kInfinity;
  for (size_t i = 0; i + 1 < xy.size(); i += 2) {
    min_x = std::min(min_x, xy[i]);
    max_x = std::max(max_x, xy[i]);
    min_y = std::min(min_y, xy[i + 1]);
    max_y = std::max(max_y, xy[i + 1]);
    if (!in_exact_orientation_range(xy[i]) || !in_exact_orientation_range(xy[i + 1])) provable = false;
  }
  if (!provable) return;
  std::uint32_t begin = 0;
  size_t part = 0;
  std::uint32_t part_first_ring = 0;
  for (size_t r = 0; r < ring_ends.size(); ++r) {
    while (part < part_ends.size() && r >= part_ends[part]) part_first_ring = part_ends[part++];
    const bool exterior = r == part_first_ring;
    const std::uint32_t end = ring_ends[r];
    const std::uint32_t ring_begin = begin;
    begin = end;
    if (end - ring_begin < 4 || !same(point(*this, ring_begin), point(*this, end - 1))) {
      provable = false;
      return;
    }
    // The lowest vertex in (x, y) order is convex: its turn gives the ring's orientation.
    std::uint32_t lowest = ring_begin;
    for (std::uint32_t i = ring_begin; i + 1 < end; ++i) {
      const Point p = point(*this, i), q = point(*this, i + 1), low = point(*this, lowest);
      if (same(p, q)) {
        provable = false;
        return;
      }
      if (p.x < low.x || (p.x == low.x && p.y < low.y)) lowest = i;
    }
    const std::uint32_t previous = lowest == ring_begin ? end - 2 : lowest - 1;
    const int turn = orient(point(*this, previous), point(*this, lowest), point(*this, lowest + 1));
    if (turn == 0) {
      provable = false;
      return;
    }
    interior_left[r] = exterior == (turn > 0) ? 1 : -1;  // an exterior counter-clockwise, a hole clockwise
  }
}

bool append_polygons(const OGRGeometry& geometry, PolygonRings& rings) {
  const bool any = append_parts(geometry, rings);
  rings.finish();
  return any;
}

bool proven_interiors_disjoint(const PolygonRings& a, const PolygonRings& b) {
  if (!a.provable || !b.provable) return false;
  // Envelopes meeting in no area: interiors apart.
  if (!(a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y)) return true;
  Edges a_edges, b_edges;
  int a_count = 0, b_count = 0;
  if (!near_edges(a, box_of(b), a_edges, a_count) || !near_edges(b, box_of(a), b_edges, b_count)) return false;
  for (int i = 0; i < a_count; ++i) {
    for (int j = 0; j < b_count; ++j) {
      if (cross_properly(a_edges[static_cast<size_t>(i)], b_edges[static_cast<size_t>(j)])) return false;
    }
  }
  return pieces_outside(a_edges, a_count, b, b_edges, b_count) && pieces_outside(b_edges, b_count, a, a_edges, a_count);
}

}  // namespace parklayers
