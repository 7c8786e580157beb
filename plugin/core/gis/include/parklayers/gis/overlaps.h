// SPDX-License-Identifier: GPL-2.0-or-later
// Every pair of polygons whose interiors overlap, among millions (a district's land parcels), in
// O(n log n) time and in memory bounded by an index of envelopes, not by the geometries: the one
// overlap finder, behind the park's own check (park.cpp) and `parklayers check --overlaps` on
// any layer (io/layer_overlaps.h).
//
// add() keeps a feature's envelope (four floats, rounded outward) and writes its coordinates to a
// scratch file (portable.h). find() packs the envelopes into an R-tree of its own (sort-tile-
// recursive, 16 entries a node), walks the features in the tree's order on pipeline_workers()
// threads, each querying the tree for the features after it whose envelopes overlap its own (in
// an area: envelopes that only touch cannot hold overlapping interiors) and reading the
// geometries back from the file through a small cache of its own, so that neighbours are read
// about once. Each such pair is settled by the quick proof of disjoint_interiors.h, else by GEOS
// (relate 'T********', then the intersection), and what overlaps is measured by the
// AreaCalculator (area.h) in m2 on the ellipsoid, as `parklayers area` measures.
//
// Lon/lat polygons across the antimeridian (wider than 180 degrees as written) are compared as
// written, in the plane, as GEOS compares them.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace parklayers {

struct OverlapPair {
  long long fid_a = -1;  // fid_a < fid_b
  long long fid_b = -1;
  double area_m2 = 0;  // ellipsoidal area of the intersection (AreaCalculator, as `area` measures)
};

// The overlap above which a pair fails a check (m2): below it, rounding along a shared edge.
// The caller decides.
inline constexpr double kDefaultOverlapToleranceM2 = 0.01;

class OverlapFinder {
 public:
  // crs: the CRS the geometries are in (the area is measured as AreaCalculator measures it).
  // Throws std::invalid_argument for a CRS AreaCalculator refuses (no ellipsoid), and
  // std::system_error when no scratch file can be made.
  explicit OverlapFinder(const OGRSpatialReference& crs);
  ~OverlapFinder();
  OverlapFinder(const OverlapFinder&) = delete;
  OverlapFinder& operator=(const OverlapFinder&) = delete;

  // Called once per valid polygonal feature (a polygon, a multipolygon, curved ones linearised),
  // in any order of fids, from one thread. Cheap: it records the envelope and appends the
  // coordinates to the scratch file. An empty geometry is counted and otherwise ignored.
  // Duplicate fids are a caller bug. Throws std::invalid_argument for a geometry with no polygon
  // (a point, a line), std::system_error when the scratch file cannot be written (a full disk).
  void add(long long fid, const OGRGeometry& geometry);

  // After the last add(), once: every pair whose interiors intersect (sharing only boundary
  // points or edges does not count), each reported once, sorted by (fid_a, fid_b), with its
  // intersection area in m2 (it may be about 0 for a sliver: the caller compares it with its
  // tolerance). Runs on pipeline_workers() threads; on_pair runs on the calling thread. Throws
  // std::invalid_argument (a coordinate the AreaCalculator refuses) or std::runtime_error (GEOS
  // failed) with a message naming both fids when an intersection cannot be measured.
  void find(const std::function<void(const OverlapPair&)>& on_pair);

  std::size_t size() const;  // features added

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace parklayers
