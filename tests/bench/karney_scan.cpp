// SPDX-License-Identifier: GPL-2.0-or-later
// karney_scan: the floor under `parklayers area` on one core. Reads every polygon of a layer into
// memory (timed), then computes every ring's ellipsoidal area and nothing else, twice (each
// timed): with PROJ's geod_polygon_* (Karney 2013), and with Park Layers' geodesic_ring_area,
// which sums PROJ's geod_geninverse edge by edge for rings off the meridians (area.h). Prints
// both with the time per edge, and whether the two gave every ring the same area, bit for bit.
//
// Usage: karney_scan IN.gpkg
#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

#include <gdal_priv.h>
#include <geodesic.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/area.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "Usage: karney_scan IN.gpkg\n");
    return 2;
  }
  GDALAllRegister();
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
  };
  const Clock::time_point start = Clock::now();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset || dataset->GetLayerCount() < 1) {
    std::fprintf(stderr, "karney_scan: cannot read %s\n", argv[1]);
    return 2;
  }
  std::vector<std::unique_ptr<OGRLinearRing>> rings;  // lon/lat, closed
  long long features = 0, edges = 0;
  for (auto& feature : *dataset->GetLayer(0)) {
    ++features;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || wkbFlatten(geometry->getGeometryType()) != wkbPolygon) continue;
    for (const OGRLinearRing* ring : *geometry->toPolygon()) {
      edges += ring->getNumPoints() - 1;
      rings.emplace_back(ring->clone());
    }
  }
  const Clock::time_point read = Clock::now();
  geod_geodesic wgs84;
  geod_init(&wgs84, 6378137, 1 / 298.257223563);
  std::vector<double> by_proj;
  by_proj.reserve(rings.size());
  for (const auto& ring : rings) {
    geod_polygon polygon;
    geod_polygon_init(&polygon, 0);
    for (int i = 0; i + 1 < ring->getNumPoints(); ++i) {
      geod_polygon_addpoint(&wgs84, &polygon, ring->getY(i), ring->getX(i));
    }
    double area = 0, perimeter = 0;
    geod_polygon_compute(&wgs84, &polygon, 0, 1, &area, &perimeter);
    by_proj.push_back(area);
  }
  const Clock::time_point proj_done = Clock::now();
  std::vector<double> by_parklayers;
  by_parklayers.reserve(rings.size());
  for (const auto& ring : rings) by_parklayers.push_back(parklayers::geodesic_ring_area(wgs84, *ring));
  const Clock::time_point parklayers_done = Clock::now();

  double total = 0;
  for (const double area : by_proj) total += area;
  const double proj_s = seconds(read, proj_done), parklayers_s = seconds(proj_done, parklayers_done);
  const double per_edge = 1e6 / static_cast<double>(edges);
  std::printf("%lld features, %zu rings, %lld edges: read %.2f s; Karney: geod_polygon %.2f s (%.2f us per edge), "
              "geodesic_ring_area %.2f s (%.2f us per edge), %s; total area %.6g m2\n",
              features, rings.size(), edges, seconds(start, read), proj_s, proj_s * per_edge, parklayers_s,
              parklayers_s * per_edge, by_proj == by_parklayers ? "the same areas" : "DIFFERENT AREAS", total);
  return by_proj == by_parklayers ? 0 : 1;
}
