// synth_parcels: writes N synthetic parcels as a GeoPackage, reproducible from a seed, for the
// benchmark. Parcels are star-shaped (always simple) polygons of 4 to 12 vertices, as cadastral parcels mostly are, 20 to 200 m
// across, scattered over Shanghai's districts in EPSG:4326; one in ten has a hole.
//
// Usage: synth_parcels OUT.gpkg N [SEED] [MIN_VERTICES MAX_VERTICES]
// (4 4 gives plain 4-vertex parcels.)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

namespace {

constexpr double kPi = 3.14159265358979323846;

std::unique_ptr<OGRLinearRing> star(std::mt19937_64& rng, double lon, double lat, double radius_m,
                                    int vertices, bool clockwise) {
  std::uniform_real_distribution<double> jitter(0.7, 1.0);
  const double metres_per_degree_lat = 110574.0;
  const double metres_per_degree_lon = 111320.0 * std::cos(lat * kPi / 180);
  auto ring = std::make_unique<OGRLinearRing>();
  for (int i = 0; i < vertices; ++i) {
    const double angle = (clockwise ? -2 : 2) * kPi * i / vertices;
    const double r = radius_m * jitter(rng);
    ring->addPoint(lon + r * std::cos(angle) / metres_per_degree_lon,
                   lat + r * std::sin(angle) / metres_per_degree_lat);
  }
  ring->closeRings();
  return ring;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "Usage: synth_parcels OUT.gpkg N [SEED] [MIN_VERTICES MAX_VERTICES]\n");
    return 2;
  }
  const std::string out = argv[1];
  const long long count = std::atoll(argv[2]);
  const unsigned long long seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20261125ULL;
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(out.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!dataset) {
    std::fprintf(stderr, "synth_parcels: cannot create %s\n", out.c_str());
    return 2;
  }
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  OGRLayer* layer = dataset->CreateLayer("parcels", &wgs84, wkbPolygon, nullptr);
  OGRFieldDefn id("id", OFTString);
  OGRFieldDefn phase("phase", OFTInteger);
  OGRFieldDefn name("name_zh", OFTString);
  layer->CreateField(&id);
  layer->CreateField(&phase);
  layer->CreateField(&name);

  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lon(121.0, 121.9), lat(30.7, 31.5), unit(0, 1);
  const int min_vertices = argc > 5 ? std::max(3, std::atoi(argv[4])) : 4;
  const int max_vertices = argc > 5 ? std::max(min_vertices, std::atoi(argv[5])) : 12;
  std::uniform_int_distribution<int> vertices(min_vertices, max_vertices);
  // Plain 4-vertex parcels have no holes; otherwise one in ten has one (the exterior keeps
  // at least 0.7 cos(60) = 0.35 radius from the centre, the hole at most 0.3).
  const bool holes = max_vertices > 4;
  OGRFeature feature(layer->GetLayerDefn());
  dataset->StartTransaction();
  for (long long i = 0; i < count; ++i) {
    const double x = lon(rng), y = lat(rng);
    const double radius = 10.0 * std::pow(10.0, unit(rng));  // 10 to 100 m: 20 to 200 m across
    OGRPolygon polygon;
    polygon.addRingDirectly(star(rng, x, y, radius, vertices(rng), false).release());
    if (holes && unit(rng) < 0.1) polygon.addRingDirectly(star(rng, x, y, radius * 0.3, 6, true).release());
    feature.Reset();
    const std::string parcel_id = "S" + std::to_string(i + 1);
    feature.SetField(0, parcel_id.c_str());
    feature.SetField(1, static_cast<int>(i % 3) + 1);
    feature.SetField(2, "地块");
    feature.SetGeometry(&polygon);
    feature.SetFID(OGRNullFID);
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      std::fprintf(stderr, "synth_parcels: writing feature %lld failed\n", i);
      return 2;
    }
    if ((i + 1) % 100000 == 0) {
      dataset->CommitTransaction();
      dataset->StartTransaction();
    }
  }
  dataset->CommitTransaction();
  return 0;
}
