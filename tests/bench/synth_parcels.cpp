// SPDX-License-Identifier: GPL-2.0-or-later
// synth_parcels: writes N synthetic parcels as a GeoPackage, reproducible from a seed, for the
// benchmark. Parcels are star-shaped (always simple) polygons of 4 to 12 vertices, as cadastral parcels mostly are, 20 to 200 m
// across, scattered over Shanghai's districts in EPSG:4326; one in ten has a hole.
//
// With --tiled, a cadastre instead: a jittered grid of quadrilaterals of about 0.1 ha over
// Shanghai in EPSG:4326, row by row, each sharing its corners exactly (the same doubles) with
// its neighbours, so that neighbours touch and nothing overlaps; except that about one parcel
// in 1,000 has a corner pushed out by a fifth of a cell, overlapping the three neighbours
// around that corner (planted overlaps, for the overlap finder). Fields: id (text "T1"...) and
// stated_area_ha (the text "0.1").
//
// Usage: synth_parcels OUT.gpkg N [SEED] [MIN_VERTICES MAX_VERTICES]
//        synth_parcels --tiled OUT.gpkg N [SEED]
// (4 4 gives plain 4-vertex parcels.)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <utility>

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

// A reproducible value in [0, 1) for (seed, a, b): SplitMix64's finaliser over the three. A grid
// node's jitter is a function of the node alone, so the parcels around it get the same doubles.
double hash_unit(unsigned long long seed, long long a, long long b) {
  unsigned long long z = seed ^ (static_cast<unsigned long long>(a) * 0x9E3779B97F4A7C15ULL) ^
                         (static_cast<unsigned long long>(b) * 0xC2B2AE3D27D4EB4FULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1p-53;
}

int write_tiled(GDALDataset& dataset, long long count, unsigned long long seed) {
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  OGRLayer* layer = dataset.CreateLayer("parcels", &wgs84, wkbPolygon, nullptr);
  OGRFieldDefn id("id", OFTString);
  OGRFieldDefn stated("stated_area_ha", OFTString);
  layer->CreateField(&id);
  layer->CreateField(&stated);

  // Cells of 1,000 m2 at the grid's middle latitude, from 121.0 E, 30.75 N.
  const long long columns = std::max(1LL, static_cast<long long>(std::ceil(std::sqrt(static_cast<double>(count)))));
  const long long rows = (count + columns - 1) / columns;
  const double side_m = std::sqrt(1000.0);
  const double dlat = side_m / 110574.0;
  const double lat0 = 30.75, lon0 = 121.0;
  const double dlon = side_m / (111320.0 * std::cos((lat0 + static_cast<double>(rows) * dlat / 2) * kPi / 180));
  // Node (i, j): its grid position moved by up to a twentieth of a cell each way (areas within
  // about 10 % of 0.1 ha).
  const auto node = [&](long long i, long long j) {
    return std::pair<double, double>{lon0 + (static_cast<double>(i) + 0.1 * (hash_unit(seed, 2 * i, j) - 0.5)) * dlon,
                                     lat0 + (static_cast<double>(j) + 0.1 * (hash_unit(seed, 2 * i + 1, j) - 0.5)) * dlat};
  };
  OGRFeature feature(layer->GetLayerDefn());
  dataset.StartTransaction();
  for (long long k = 0; k < count; ++k) {
    const long long i = k % columns, j = k / columns;
    const std::pair<double, double> corners[] = {node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)};
    OGRLinearRing ring;
    for (const auto& [x, y] : corners) ring.addPoint(x, y);
    // A planted overlap: the north-east corner pushed out by a fifth of a cell.
    if (hash_unit(seed ^ 0x5EEDULL, k, -1) < 0.001) ring.setPoint(2, corners[2].first + 0.2 * dlon, corners[2].second + 0.2 * dlat);
    ring.closeRings();
    OGRPolygon polygon;
    polygon.addRing(&ring);
    feature.Reset();
    const std::string parcel_id = "T" + std::to_string(k + 1);
    feature.SetField(0, parcel_id.c_str());
    feature.SetField(1, "0.1");
    feature.SetGeometry(&polygon);
    feature.SetFID(OGRNullFID);
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      std::fprintf(stderr, "synth_parcels: writing feature %lld failed\n", k);
      return 2;
    }
    if ((k + 1) % 100000 == 0) {
      dataset.CommitTransaction();
      dataset.StartTransaction();
    }
  }
  dataset.CommitTransaction();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool tiled = argc > 1 && std::string(argv[1]) == "--tiled";
  if (tiled) {
    --argc;
    ++argv;
  }
  if (argc < 3) {
    std::fprintf(stderr, "Usage: synth_parcels OUT.gpkg N [SEED] [MIN_VERTICES MAX_VERTICES]\n"
                         "       synth_parcels --tiled OUT.gpkg N [SEED]\n");
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
  if (tiled) return write_tiled(*dataset, count, seed);
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
