// SPDX-License-Identifier: GPL-2.0-or-later
// A quick proof that the interiors of two polygons are disjoint, asked before GEOS (geos.h) by
// the overlap finder (overlaps.h).
//
// In a cadastre almost every pair of parcels whose envelopes overlap is two neighbours sharing
// edges and vertices exactly (the same doubles). GEOS's relate costs 20 to 40 us a pair, and a
// district has millions of such pairs; looking at the two boundaries directly, with exact signs
// only (exact_orientation_sign in simple_polygon.h), settles a pair of small parcels in well
// under a microsecond. Like proven_valid, the proof only ever says "disjoint" when it is
// certainly so; what it cannot settle (more edges near the other polygon than
// kMaxProvenEdges, crossing edges, edges running along each other with the interiors on the
// same side, as in identical rings) is left to GEOS, which also measures what overlaps.
//
// The proof: with no two edges crossing properly, the boundary of A, cut at the vertices of B
// lying on it, falls into pieces each wholly inside B, outside B, or along B's boundary; the same
// for B. The interiors are disjoint exactly when no piece of either lies inside the other and
// along every shared piece the two interiors lie on opposite sides (a face of the two
// boundaries' arrangement inside both would have such a piece on its border). A piece is placed
// by its first point: by a ray-crossing count when that point is off the other boundary, else by
// the direction it leaves in among the other boundary's edges there.
#pragma once

#include <cstdint>
#include <vector>

#include <ogr_geometry.h>

namespace parklayers {

// One polygon or several (the parts of a multipolygon), as the proof reads them and as the
// overlap finder keeps them: rings of x, y positions, each closed (its last position repeats
// its first), the first ring of each part its exterior.
struct PolygonRings {
  std::vector<double> xy;                 // x0, y0, x1, y1, ...
  std::vector<std::uint32_t> ring_ends;   // positions: ring r ends before ring_ends[r]
  std::vector<std::uint32_t> part_ends;   // rings: part p ends before part_ends[p]

  // Filled by finish(), from the above:
  // per ring, 1 when the polygon's interior lies left of its edges (as they run), -1 right.
  std::vector<signed char> interior_left;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // the envelope
  // Whether the proof may reason on it: every ring of 4 positions or more, no edge of length 0,
  // each ring's orientation certain, every coordinate finite and in exact_orientation_range.
  bool provable = false;

  void clear();
  bool empty() const { return part_ends.empty(); }
  std::size_t ring_count() const { return ring_ends.size(); }
  // Computes interior_left, the envelope and provable.
  void finish();
};

// Appends the polygonal parts of `geometry` to `rings` (and finishes it): a polygon, a
// multipolygon, curved ones linearised, the polygons of a collection; Z and M are dropped,
// empty parts and rings left out, an unclosed ring closed, consecutive repeated positions kept
// once. Returns false when the geometry has
// no polygonal part (a point, a line, an empty geometry).
bool append_polygons(const OGRGeometry& geometry, PolygonRings& rings);

// True only when the interiors of a and b (both valid, finished) are certainly disjoint:
// sharing boundary points or edges is allowed. False means "not proved", not "overlapping".
bool proven_interiors_disjoint(const PolygonRings& a, const PolygonRings& b);

}  // namespace parklayers
