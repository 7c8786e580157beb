// karney_scan: the floor under `parklayers area` on one core. Reads every polygon of a layer into
// memory (timed), then runs PROJ's geod_polygon_* (Karney 2013) over every ring and nothing else
// (timed), and prints both with the time per edge.
//
// Usage: karney_scan IN.gpkg
#include <chrono>
#include <cstdio>
#include <vector>

#include <gdal_priv.h>
#include <geodesic.h>
#include <ogrsf_frmts.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "Usage: karney_scan IN.gpkg\n");
    return 2;
  }
  GDALAllRegister();
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset || dataset->GetLayerCount() < 1) {
    std::fprintf(stderr, "karney_scan: cannot read %s\n", argv[1]);
    return 2;
  }
  std::vector<std::vector<double>> rings;  // lat, lon pairs, without the closing vertex
  long long features = 0;
  for (auto& feature : *dataset->GetLayer(0)) {
    ++features;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || wkbFlatten(geometry->getGeometryType()) != wkbPolygon) continue;
    for (const OGRLinearRing* ring : *geometry->toPolygon()) {
      std::vector<double> lat_lon;
      for (int i = 0; i + 1 < ring->getNumPoints(); ++i) {
        lat_lon.push_back(ring->getY(i));
        lat_lon.push_back(ring->getX(i));
      }
      rings.push_back(std::move(lat_lon));
    }
  }
  const Clock::time_point read = Clock::now();
  geod_geodesic wgs84;
  geod_init(&wgs84, 6378137, 1 / 298.257223563);
  double total = 0;
  long long edges = 0;
  for (const std::vector<double>& ring : rings) {
    geod_polygon polygon;
    geod_polygon_init(&polygon, 0);
    for (size_t i = 0; i < ring.size(); i += 2) geod_polygon_addpoint(&wgs84, &polygon, ring[i], ring[i + 1]);
    edges += static_cast<long long>(ring.size() / 2);
    double area = 0, perimeter = 0;
    geod_polygon_compute(&wgs84, &polygon, 0, 1, &area, &perimeter);
    total += area;
  }
  const Clock::time_point measured = Clock::now();
  const double read_s = std::chrono::duration<double>(read - start).count();
  const double karney_s = std::chrono::duration<double>(measured - read).count();
  std::printf("%lld features, %zu rings, %lld edges: read %.2f s; Karney %.2f s (%.2f us per edge); total area %.6g m2\n",
              features, rings.size(), edges, read_s, karney_s, karney_s / static_cast<double>(edges) * 1e6, total);
  return 0;
}
