// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/simple_polygon.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace parklayers {
namespace {

// Shewchuk's ccwerrboundA: |det - exact| <= kErrorBound * (|left| + |right|) for the two
// products of rounded differences below, barring underflow.
constexpr double kEpsilon = 0x1p-53;
constexpr double kErrorBound = (3.0 + 16.0 * kEpsilon) * kEpsilon;
// Below this the products may have underflowed and the bound no longer holds: no sign.
constexpr double kSmallest = 0x1p-900;

// The sign of left - right (or left + right), each the product of two rounded differences of
// doubles, 0 when it is not certain.
int certain_sign(double left, double right, double value) {
  const double bound = kErrorBound * (std::fabs(left) + std::fabs(right));
  if (!(std::fabs(left) + std::fabs(right) > kSmallest)) return 0;
  if (value > bound) return 1;
  if (-value > bound) return -1;
  return 0;
}

struct Point {
  double x, y;
};

int orientation(Point a, Point b, Point c) { return orientation_sign(a.x, a.y, b.x, b.y, c.x, c.y); }

// The sign of (a - b) . (c - b), 0 when not certain.
int dot_sign(Point a, Point b, Point c) {
  const double left = (a.x - b.x) * (c.x - b.x);
  const double right = (a.y - b.y) * (c.y - b.y);
  return certain_sign(left, -right, left + right);
}

// Whether the segments pq and rs certainly have no point in common.
bool proven_disjoint(Point p, Point q, Point r, Point s) {
  if (std::max(p.x, q.x) < std::min(r.x, s.x) || std::max(r.x, s.x) < std::min(p.x, q.x) ||
      std::max(p.y, q.y) < std::min(r.y, s.y) || std::max(r.y, s.y) < std::min(p.y, q.y)) {
    return true;
  }
  const int r_side = orientation(p, q, r);
  if (r_side != 0 && r_side == orientation(p, q, s)) return true;  // r and s on one side of pq
  const int p_side = orientation(r, s, p);
  return p_side != 0 && p_side == orientation(r, s, q);
}

// Whether the consecutive edges ab and bc certainly meet at b only: they turn, or go on past
// b. (Collinear edges that double back overlap.) A repeated position, an edge of no length,
// fails: neither sign is certain.
bool proven_meet_only_at(Point a, Point b, Point c) {
  return orientation(a, b, c) != 0 || dot_sign(a, b, c) < 0;
}

// Rings as runs of points, each closed (its last point repeats its first).
struct Rings {
  std::array<Point, kMaxProvenEdges + 1 + 16> points;  // edges + one closing point per ring
  std::array<int, 17> start{};                         // ring r is points[start[r]..start[r+1])
  int count = 0;
};

bool gather(const OGRPolygon& polygon, Rings& rings) {
  const int ring_count = polygon.getNumInteriorRings() + 1;
  if (ring_count + 1 > static_cast<int>(rings.start.size())) return false;
  int edges = 0;
  int next = 0;
  for (int r = 0; r < ring_count; ++r) {
    const OGRLinearRing* ring = r == 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(r - 1);
    if (!ring) return false;
    const int n = ring->getNumPoints();
    edges += n - 1;
    if (n < 4 || edges > kMaxProvenEdges) return false;
    rings.start[static_cast<size_t>(r)] = next;
    for (int i = 0; i < n; ++i) {
      const Point p{ring->getX(i), ring->getY(i)};
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
      rings.points[static_cast<size_t>(next++)] = p;
    }
    const Point& first = rings.points[static_cast<size_t>(rings.start[static_cast<size_t>(r)])];
    if (first.x != rings.points[static_cast<size_t>(next - 1)].x ||
        first.y != rings.points[static_cast<size_t>(next - 1)].y) {
      return false;  // not closed
    }
  }
  rings.count = ring_count;
  rings.start[static_cast<size_t>(ring_count)] = next;
  return true;
}

// Whether p lies inside the closed ring points[begin..end), p being on no edge of it: 1 inside,
// 0 outside, -1 when a sign is not certain. (Crossings of the ray from p eastward, counting an
// edge when its ends lie on either side of p's latitude, half-open.)
int inside(Point p, const Point* ring, int point_count) {
  bool in = false;
  for (int i = 0; i + 1 < point_count; ++i) {
    const Point a = ring[i], b = ring[i + 1];
    if ((a.y > p.y) == (b.y > p.y)) continue;
    const int side = orientation(a, b, p);
    if (side == 0) return -1;
    if ((b.y > a.y) == (side > 0)) in = !in;
  }
  return in ? 1 : 0;
}

}  // namespace

int orientation_sign(double ax, double ay, double bx, double by, double cx, double cy) {
  const double left = (ax - cx) * (by - cy);
  const double right = (ay - cy) * (bx - cx);
  return certain_sign(left, right, left - right);
}

bool in_exact_orientation_range(double coordinate) {
  const double magnitude = std::fabs(coordinate);
  return magnitude == 0 || (magnitude >= 0x1p-400 && magnitude <= 0x1p400);
}

int exact_orientation_sign(double ax, double ay, double bx, double by, double cx, double cy) {
  if (const int sign = orientation_sign(ax, ay, bx, by, cx, cy)) return sign;
  // (a - c) x (b - c) = ax by - ax cy - cx by - ay bx + ay cx + cy bx: six products of
  // coordinates, each exactly hi + lo (lo by fma), twelve doubles summed exactly.
  const double factors[6][2] = {{ax, by}, {-ax, cy}, {-cx, by}, {-ay, bx}, {ay, cx}, {cy, bx}};
  std::array<double, 13> sum{};  // a nonoverlapping expansion, smallest magnitude first
  size_t size = 0;
  const auto add = [&](double b) {  // Shewchuk's grow_expansion_zeroelim
    double q = b;
    size_t out = 0;
    for (size_t i = 0; i < size; ++i) {
      const double total = q + sum[i];
      const double b_virtual = total - q;
      const double a_virtual = total - b_virtual;
      const double error = (q - a_virtual) + (sum[i] - b_virtual);
      if (error != 0) sum[out++] = error;
      q = total;
    }
    if (q != 0) sum[out++] = q;
    size = out;
  };
  for (const auto& [x, y] : factors) {
    const double product = x * y;
    add(std::fma(x, y, -product));
    add(product);
  }
  if (size == 0) return 0;
  return sum[size - 1] > 0 ? 1 : -1;  // the largest component has the sign of the sum
}

bool proven_valid(const OGRPolygon& polygon) {
  Rings rings;
  if (polygon.IsEmpty() || !gather(polygon, rings)) return false;
  const Point* points = rings.points.data();
  const auto begin = [&](int r) { return rings.start[static_cast<size_t>(r)]; };
  const auto end = [&](int r) { return rings.start[static_cast<size_t>(r) + 1]; };  // one past the closing point

  struct Edge {
    int start;  // from points[start] to points[start + 1]
    int ring;
    int index;  // in its ring
  };
  std::array<Edge, kMaxProvenEdges> edges;
  int edge_count = 0;
  for (int r = 0; r < rings.count; ++r) {
    const int ring_edges = end(r) - begin(r) - 1;
    for (int i = 0; i < ring_edges; ++i) edges[static_cast<size_t>(edge_count++)] = Edge{begin(r) + i, r, i};
    // Consecutive edges, the last and the first included, meet at their shared vertex only.
    for (int i = 0; i < ring_edges; ++i) {
      const int a = begin(r) + i;
      const int c = begin(r) + (i + 2) % ring_edges;
      if (!proven_meet_only_at(points[a], points[a + 1], points[c])) return false;
    }
  }
  // Every other pair of edges, of one ring or of two, has no point in common.
  for (int e = 0; e < edge_count; ++e) {
    const Edge& one = edges[static_cast<size_t>(e)];
    const int ring_edges = end(one.ring) - begin(one.ring) - 1;
    for (int f = e + 1; f < edge_count; ++f) {
      const Edge& other = edges[static_cast<size_t>(f)];
      if (other.ring == one.ring &&
          (other.index == one.index + 1 || (one.index == 0 && other.index == ring_edges - 1))) {
        continue;  // consecutive: checked above
      }
      if (!proven_disjoint(points[one.start], points[one.start + 1], points[other.start],
                           points[other.start + 1])) {
        return false;
      }
    }
  }
  // The rings do not meet, so one vertex tells where a whole hole lies.
  for (int h = 1; h < rings.count; ++h) {
    if (inside(points[begin(h)], points + begin(0), end(0) - begin(0)) != 1) return false;
    for (int other = 1; other < rings.count; ++other) {
      if (other != h && inside(points[begin(h)], points + begin(other), end(other) - begin(other)) != 0) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace parklayers
