// SPDX-License-Identifier: GPL-2.0-or-later
// A VCT polygon's rings (closed, in the file's order, outer rings and holes not marked) made a
// valid OGR polygon: each ring placed by containment, a ring inside an outer ring its hole, a
// ring inside a hole an outer ring again; one outer ring a Polygon (outer first), several a
// MultiPolygon.
#include <algorithm>
#include <cmath>
#include <memory>

#include "ogr_vct.h"

namespace parklayers::vct {
namespace {

// Twice the signed area, relative to the first point (large Gauss-Kruger numbers lose less).
double twice_area(const std::vector<XY>& ring) {
  double sum = 0;
  const XY origin = ring.front();
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    sum += (ring[i].first - origin.first) * (ring[i + 1].second - origin.second) -
           (ring[i + 1].first - origin.first) * (ring[i].second - origin.second);
  }
  return sum;
}

std::unique_ptr<OGRPolygon> single(const std::vector<XY>& ring) {
  auto linear = std::make_unique<OGRLinearRing>();
  linear->setNumPoints(static_cast<int>(ring.size()), FALSE);
  for (size_t i = 0; i < ring.size(); ++i) linear->setPoint(static_cast<int>(i), ring[i].first, ring[i].second);
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(linear.release());
  return polygon;
}

}  // namespace

std::unique_ptr<OGRGeometry> polygon_of(const std::vector<std::vector<XY>>& rings, bool swap_xy) {
  std::vector<std::vector<XY>> sorted = rings;
  if (swap_xy) {
    for (auto& ring : sorted) {
      for (XY& point : ring) std::swap(point.first, point.second);
    }
  }
  // Largest first: a ring can only lie inside a larger one.
  std::stable_sort(sorted.begin(), sorted.end(), [](const std::vector<XY>& a, const std::vector<XY>& b) {
    return std::fabs(twice_area(a)) > std::fabs(twice_area(b));
  });
  std::vector<std::unique_ptr<OGRPolygon>> shapes;
  std::vector<int> parent(sorted.size(), -1);  // the smallest ring containing it
  std::vector<int> depth(sorted.size(), 0);
  for (size_t i = 0; i < sorted.size(); ++i) {
    shapes.push_back(single(sorted[i]));
    for (size_t j = i; j-- > 0;) {
      if (shapes[j]->Contains(shapes[i].get())) {
        parent[i] = static_cast<int>(j);
        depth[i] = depth[j] + 1;
        break;
      }
    }
  }
  std::vector<std::unique_ptr<OGRPolygon>> polygons;
  std::vector<int> polygon_of_ring(sorted.size(), -1);
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (depth[i] % 2 == 0) {
      polygon_of_ring[i] = static_cast<int>(polygons.size());
      polygons.push_back(single(sorted[i]));
    } else {
      polygons[static_cast<size_t>(polygon_of_ring[static_cast<size_t>(parent[i])])]->addRing(
          shapes[i]->getExteriorRing());
    }
  }
  if (polygons.size() == 1) return std::move(polygons.front());
  auto multi = std::make_unique<OGRMultiPolygon>();
  for (auto& polygon : polygons) multi->addGeometryDirectly(polygon.release());
  return multi;
}

}  // namespace parklayers::vct
