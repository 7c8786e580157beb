// SPDX-License-Identifier: GPL-2.0-or-later
// Ellipsoidal areas against GeographicLib's published test values and against Planimeter, run
// on the same rings; the Gauss-Kruger zone and planar area; projected and CGCS2000 sources.
#include "parklayers/gis/area.h"

#include <gtest/gtest.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

using test::LatLonRing;
using test::planimeter_area;

OGRSpatialReference crs(int epsg) {
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRLinearRing> ring_of(const LatLonRing& points) {
  auto ring = std::make_unique<OGRLinearRing>();
  for (const auto& [lat, lon] : points) ring->addPoint(lon, lat);
  ring->closeRings();
  return ring;
}

OGRPolygon polygon_of(const std::vector<LatLonRing>& rings) {
  OGRPolygon polygon;
  for (const LatLonRing& r : rings) polygon.addRingDirectly(ring_of(r).release());
  return polygon;
}

LatLonRing reversed(LatLonRing ring) {
  std::reverse(ring.begin(), ring.end());
  return ring;
}

// A rectangle of about w x h metres (lat, lon order) around a centre near Anting.
LatLonRing box(double lat, double lon, double half_lat_deg, double half_lon_deg) {
  return {{lat - half_lat_deg, lon - half_lon_deg},
          {lat - half_lat_deg, lon + half_lon_deg},
          {lat + half_lat_deg, lon + half_lon_deg},
          {lat + half_lat_deg, lon - half_lon_deg}};
}

struct PublishedCase {
  const char* name;
  LatLonRing ring;
  double area_m2;  // GeographicLib's C tests (geodtest.c, Planimeter0/5/6/12 family)
};

class PublishedAreas : public ::testing::TestWithParam<PublishedCase> {};

TEST_P(PublishedAreas, MatchGeographicLib) {
  const AreaCalculator calculator(crs(4326), AreaOptions{false});
  const PublishedCase& c = GetParam();
  const OGRPolygon polygon = polygon_of({c.ring});
  EXPECT_NEAR(calculator.area_m2(polygon), c.area_m2, 1e-9 * c.area_m2 + 1.0) << c.name;
  const OGRPolygon clockwise = polygon_of({reversed(c.ring)});
  EXPECT_NEAR(calculator.area_m2(clockwise), c.area_m2, 1e-9 * c.area_m2 + 1.0) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    GeographicLib, PublishedAreas,
    ::testing::Values(
        PublishedCase{"polar cap", {{89, 0}, {89, 90}, {89, 180}, {89, 270}}, 24952305678.0},
        PublishedCase{"equator diamond", {{0, -1}, {-1, 0}, {0, 1}, {1, 0}}, 24619419146.0},
        PublishedCase{"octant", {{90, 0}, {0, 0}, {0, 90}}, 63758202715511.0}),
    [](const ::testing::TestParamInfo<PublishedCase>& param_info) {
      std::string name = param_info.param.name;
      std::replace(name.begin(), name.end(), ' ', '_');
      return name;
    });

TEST(AreaCalculator, PolygonWithHoleMatchesPlanimeterBothWindings) {
  const AreaCalculator calculator(crs(4326), AreaOptions{false});
  const LatLonRing outer = box(31.31, 121.185, 0.002, 0.003);
  const LatLonRing hole = box(31.3105, 121.1855, 0.0005, 0.0007);
  const double expected = std::fabs(planimeter_area(outer)) - std::fabs(planimeter_area(hole));
  for (const auto& rings : {std::vector<LatLonRing>{outer, reversed(hole)},
                            std::vector<LatLonRing>{reversed(outer), hole},
                            std::vector<LatLonRing>{outer, hole}}) {
    EXPECT_NEAR(calculator.area_m2(polygon_of(rings)), expected, 1e-9 * expected);
  }
}

TEST(AreaCalculator, MultiPolygonAddsItsParts) {
  const AreaCalculator calculator(crs(4326), AreaOptions{false});
  const LatLonRing a = box(31.31, 121.18, 0.001, 0.001);
  const LatLonRing b = reversed(box(-33.9, 18.4, 0.01, 0.02));  // Cape Town, clockwise
  OGRMultiPolygon multi;
  multi.addGeometry(&static_cast<const OGRPolygon&>(polygon_of({a})));
  multi.addGeometry(&static_cast<const OGRPolygon&>(polygon_of({b})));
  const double expected = std::fabs(planimeter_area(a)) + std::fabs(planimeter_area(b));
  EXPECT_NEAR(calculator.area_m2(multi), expected, 1e-9 * expected);
}

TEST(AreaCalculator, PointsAndLinesHaveNoArea) {
  const AreaCalculator calculator(crs(4326));
  OGRPoint point(121.18, 31.31);
  OGRLineString line;
  line.addPoint(121.18, 31.31);
  line.addPoint(121.19, 31.32);
  EXPECT_EQ(calculator.area_m2(point), 0.0);
  EXPECT_EQ(calculator.area_m2(line), 0.0);
}

TEST(AreaCalculator, ZAndMAreIgnored) {
  const AreaCalculator calculator(crs(4326), AreaOptions{false});
  const LatLonRing r = box(31.31, 121.18, 0.001, 0.001);
  OGRPolygon flat = polygon_of({r});
  OGRPolygon with_z = flat;
  with_z.set3D(TRUE);
  with_z.getExteriorRing()->setZ(0, 120.0);
  EXPECT_DOUBLE_EQ(calculator.area_m2(with_z), calculator.area_m2(flat));
}

TEST(AreaCalculator, ProjectedSourceIsMeasuredOnItsEllipsoid) {
  // The same parcel given in CGCS2000 / 3-degree GK CM 120E (EPSG:4549) and in CGCS2000
  // geographic (EPSG:4490): the ellipsoidal areas agree, and the planar area is larger.
  const OGRSpatialReference geographic = crs(4490);
  const OGRSpatialReference projected = crs(4549);
  const OGRPolygon lonlat = polygon_of({box(31.31, 121.185, 0.002, 0.003)});
  std::unique_ptr<OGRGeometry> planar(lonlat.clone());
  std::unique_ptr<OGRCoordinateTransformation> ct(
      OGRCreateCoordinateTransformation(&geographic, &projected));
  ASSERT_EQ(planar->transform(ct.get()), OGRERR_NONE);

  const AreaCalculator from_geographic(geographic);
  const AreaCalculator from_projected(projected);
  EXPECT_EQ(from_projected.ellipsoid().semi_major_m, 6378137.0);
  const double ellipsoidal = from_geographic.area_m2(lonlat);
  EXPECT_NEAR(from_projected.area_m2(*planar), ellipsoidal, 1e-6 * ellipsoidal);
  const double plane = planar->toPolygon()->get_Area();
  // GK scale at 1.2 degrees from the central meridian: about 1.0002, squared 1.0003-1.0004.
  EXPECT_GT(plane / ellipsoidal, 1.0002);
  EXPECT_LT(plane / ellipsoidal, 1.0005);
  const FeatureArea measured = from_geographic.measure(lonlat);
  ASSERT_TRUE(measured.gk_area_m2.has_value());
  EXPECT_EQ(measured.gk_zone.epsg, 4549);
  EXPECT_NEAR(*measured.gk_area_m2, plane, 1e-6 * plane);
}

TEST(AreaCalculator, GaussKrugerAreaIsPoderEngsagersOverEveryZone) {
  // Parcels of 4 to 12 vertices, 20 to 200 m across, anywhere from China's westernmost zone
  // (CM 75E) to its easternmost (CM 135E), up to the zone's edge; the reference is their
  // vertices projected by PROJ's exact Poder/Engsager algorithm, the default of EPSG:4534-4554.
  const AreaCalculator calculator(crs(4490));
  PJ_CONTEXT* context = proj_context_create();
  std::mt19937_64 rng(4549);
  std::uniform_real_distribution<double> lon(73.5, 136.4), lat(3.0, 53.5), unit(0.0, 1.0);
  std::uniform_int_distribution<int> vertices(4, 12);
  for (int i = 0; i < 3000; ++i) {
    const double x = lon(rng), y = lat(rng), radius = (10 + 90 * unit(rng)) / 111000.0;
    auto ring = std::make_unique<OGRLinearRing>();
    const int n = vertices(rng);
    for (int k = 0; k < n; ++k) {
      const double angle = 2 * M_PI * k / n, r = radius * (0.7 + 0.3 * unit(rng));
      ring->addPoint(x + r * std::cos(angle) / std::cos(y * M_PI / 180), y + r * std::sin(angle));
    }
    ring->closeRings();
    OGRPolygon parcel;
    parcel.addRingDirectly(ring.release());
    const FeatureArea measured = calculator.measure(parcel);
    ASSERT_TRUE(measured.gk_area_m2.has_value()) << i;

    const std::string exact = "+proj=tmerc +lat_0=0 +lon_0=" + std::to_string(measured.gk_zone.central_meridian) +
                              " +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +algo=poder_engsager";
    PJ* pj = proj_create(context, exact.c_str());
    ASSERT_TRUE(pj);
    const OGRLinearRing& vertices_of = *parcel.getExteriorRing();
    std::vector<double> px, py;
    for (int k = 0; k < vertices_of.getNumPoints(); ++k) {
      const PJ_COORD projected = proj_trans(
          pj, PJ_FWD, proj_coord(proj_torad(vertices_of.getX(k)), proj_torad(vertices_of.getY(k)), 0, 0));
      px.push_back(projected.xy.x);
      py.push_back(projected.xy.y);
    }
    proj_destroy(pj);
    double twice = 0;  // the shoelace, relative to the first vertex so no digits are lost
    for (size_t k = 0; k + 1 < px.size(); ++k) {
      twice += (px[k] - px[0]) * (py[k + 1] - py[0]) - (px[k + 1] - px[0]) * (py[k] - py[0]);
    }
    const double reference = 0.5 * std::fabs(twice);
    ASSERT_NEAR(*measured.gk_area_m2, reference, 1e-9 * reference) << i << " at " << x << ", " << y;
  }
  proj_context_destroy(context);
}

TEST(GeodesicRingArea, IsGeodPolygonareasToTheLastBit) {
  // Rings off the meridians are summed by area.cpp itself (no crossing count, no distances);
  // the rest by geod_polygon. Either way the area must be PROJ's geod_polygonarea's, bit for
  // bit: random star-shaped rings of 3 to 12 vertices, a centimetre to 2,000 km across (in
  // latitude; wider in longitude near the poles), either winding, east, west, astride the prime
  // meridian and the antimeridian, at the equator and the poles, on WGS 84 and on a sphere, with
  // the closing vertex repeated or not.
  std::mt19937_64 rng(20261126);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> vertices(3, 12);
  const double centre_lons[] = {121.18, -73.9, 0.0, 180.0, 179.99, -179.99, 0.001, 90.0};
  const double centre_lats[] = {31.31, 0.0, -45.0, 89.9, -89.99, 60.0};
  int off_meridians = 0, across = 0;
  for (const double flattening : {1 / 298.257222101, 0.0}) {
    geod_geodesic geod;
    geod_init(&geod, 6378137, flattening);
    for (int i = 0; i < 20000; ++i) {
      const double lon0 = centre_lons[i % 8] + (unit(rng) - 0.5) * (i % 3 == 0 ? 0.01 : 40);
      const double lat0 = centre_lats[(i / 8) % 6] + (unit(rng) - 0.5) * 0.01;
      const double radius = std::pow(10.0, -5 + 6 * unit(rng) - (i % 5 == 0 ? 0 : 2));  // degrees
      const int n = vertices(rng);
      std::vector<double> angles(static_cast<size_t>(n));
      for (double& a : angles) a = 2 * M_PI * unit(rng);
      std::sort(angles.begin(), angles.end());
      if (i % 2) std::reverse(angles.begin(), angles.end());  // clockwise
      std::vector<double> lats, lons;
      OGRLinearRing ring;
      bool east = true, west = true;
      for (const double a : angles) {
        const double r = radius * (0.3 + 0.7 * unit(rng));
        const double lat = std::clamp(lat0 + r * std::sin(a), -90.0, 90.0);
        double lon = lon0 + r * std::cos(a) / std::max(std::cos(lat0 * M_PI / 180), 0.01);
        lon = std::remainder(lon, 360.0);
        lats.push_back(lat);
        lons.push_back(lon);
        ring.addPoint(lon, lat);
        east = east && lon > 0 && lon < 180;
        west = west && lon < 0 && lon > -180;
      }
      (east || west ? off_meridians : across) += 1;
      if (i % 4 == 0) ring.closeRings();
      double expected = 0, perimeter = 0;
      geod_polygonarea(&geod, lats.data(), lons.data(), n, &expected, &perimeter);
      const double area = geodesic_ring_area(geod, ring);
      ASSERT_EQ(area, expected) << i << ": " << n << " vertices around " << lat0 << ", " << lon0
                                << ", radius " << radius << " degrees, f = " << flattening;
    }
  }
  EXPECT_GT(off_meridians, 30000);  // of 40,000
  EXPECT_GT(across, 3000);

  // Rings with a vertex exactly on a meridian PROJ's crossing count looks at (0, 180 or -180),
  // as GIS data has them (a parcel cut at the prime meridian, a Fiji or Chukotka boundary).
  geod_geodesic geod;
  geod_init(&geod, 6378137, 1 / 298.257222101);
  const std::vector<std::vector<std::pair<double, double>>> on_meridians = {  // lon, lat
      {{0, 51.47}, {0.001, 51.47}, {0.001, 51.48}, {0, 51.48}},
      {{0, 51.47}, {0, 51.48}, {0.001, 51.48}, {0.001, 51.47}},
      {{-0.001, 51.47}, {0, 51.47}, {0, 51.48}, {-0.001, 51.48}},
      {{-0.001, 51.47}, {-0.001, 51.48}, {0, 51.48}, {0, 51.47}},
      {{179.9, -17}, {180, -17}, {180, -16.9}, {179.9, -16.9}},
      {{179.9, -17}, {179.9, -16.9}, {180, -16.9}, {180, -17}},
      {{-180, 65}, {-179.9, 65}, {-179.9, 65.1}, {-180, 65.1}},
      {{-180, 65}, {-180, 65.1}, {-179.9, 65.1}, {-179.9, 65}},
      {{0, 0}, {90, 0}, {0, 90}},
      {{0, 0}, {0, 90}, {90, 0}},
      {{-90, 0}, {0, 0}, {0, 90}},
      {{0, 0}, {-90, 0}, {0, 90}},
      {{180, 0}, {-90, 0}, {0, 90}},
      {{90, 0}, {180, 0}, {0, 90}},
  };
  for (const auto& points : on_meridians) {
    std::vector<double> lats, lons;
    OGRLinearRing ring;
    for (const auto& [lon, lat] : points) {
      lons.push_back(lon);
      lats.push_back(lat);
      ring.addPoint(lon, lat);
    }
    double expected = 0, perimeter = 0;
    geod_polygonarea(&geod, lats.data(), lons.data(), static_cast<int>(points.size()), &expected, &perimeter);
    EXPECT_EQ(geodesic_ring_area(geod, ring), expected) << points[0].first << ", " << points[0].second;
  }
}

TEST(AreaCalculator, EllipsoidOfTheSourceIsUsed) {
  // A sphere gives a different area from WGS 84 for the same coordinates.
  OGRSpatialReference sphere;
  sphere.importFromProj4("+proj=longlat +R=6371000 +no_defs");
  sphere.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const AreaCalculator on_sphere(sphere, AreaOptions{false});
  EXPECT_EQ(on_sphere.ellipsoid().flattening, 0.0);
  const OGRPolygon polygon = polygon_of({{{0, -1}, {-1, 0}, {0, 1}, {1, 0}}});
  // Spherical excess of that square on R = 6371000: known closed form is close to 2 deg^2.
  const double sphere_area = on_sphere.area_m2(polygon);
  const double wgs84_area = 24619419146.0;
  EXPECT_GT(std::fabs(sphere_area - wgs84_area) / wgs84_area, 1e-3);
}

TEST(AreaCalculator, NonFiniteCoordinatesAreRefused) {
  const AreaCalculator calculator(crs(4326));
  OGRPolygon polygon = polygon_of({box(31.31, 121.18, 0.001, 0.001)});
  polygon.getExteriorRing()->setPoint(1, std::nan(""), 31.0);
  EXPECT_THROW(calculator.area_m2(polygon), std::invalid_argument);
}

TEST(AreaCalculator, CrsWithoutEllipsoidIsRefused) {
  OGRSpatialReference engineering;
  engineering.SetLocalCS("site grid");
  EXPECT_THROW(AreaCalculator{engineering}, std::invalid_argument);
}

// A Gauss-Kruger CRS of one of the Chinese families, the geographic CRS it is on, and that
// datum's ellipsoid as published (not as the code reads it from the CRS).
struct OwnPlaneCase {
  int epsg;
  int geographic_epsg;
  double semi_major;
  double inverse_flattening;
  double central_meridian;
  double zone_width;
};

// The twelve planes: CGCS2000 (GRS80), Xian 1980 (IAG 75) and Beijing 1954 (Krassowsky); 3- and
// 6-degree zones; zone number in the easting or not.
const OwnPlaneCase kOwnPlanes[] = {
    {4528, 4490, 6378137, 298.257222101, 120, 3}, {4549, 4490, 6378137, 298.257222101, 120, 3},
    {4499, 4490, 6378137, 298.257222101, 123, 6}, {4510, 4490, 6378137, 298.257222101, 123, 6},
    {2364, 4610, 6378140, 298.257, 120, 3},       {2385, 4610, 6378140, 298.257, 120, 3},
    {2335, 4610, 6378140, 298.257, 123, 6},       {2346, 4610, 6378140, 298.257, 123, 6},
    {2416, 4214, 6378245, 298.3, 120, 3},         {2437, 4214, 6378245, 298.3, 120, 3},
    {21421, 4214, 6378245, 298.3, 123, 6},        {21461, 4214, 6378245, 298.3, 123, 6},
};
// (Beijing 1954's 6-degree CM codes 21473-21483 are deprecated: GDAL reads EPSG:21481 as its
// replacement EPSG:21461, the same plane.)

// An irregular parcel of about 100 m (lat, lon), `offset` degrees east of a central meridian.
LatLonRing irregular_parcel(double lat, double lon) {
  const double m = 1.0 / 111000.0, k = 1.0 / std::cos(lat * M_PI / 180);
  return {{lat, lon}, {lat + 3 * m, lon + 61 * m * k}, {lat + 52 * m, lon + 98 * m * k},
          {lat + 101 * m, lon + 71 * m * k}, {lat + 93 * m, lon + 12 * m * k}, {lat + 47 * m, lon - 9 * m * k}};
}

// The shoelace area of a ring given as (northing, easting) pairs, as a surveyor computes it.
double shoelace(const std::vector<std::pair<double, double>>& ring) {
  double twice = 0;
  const size_t n = ring.size();
  for (size_t i = 0; i < n; ++i) {
    const auto& [x1, y1] = ring[i];
    const auto& [x2, y2] = ring[(i + 1) % n];
    twice += (x1 - ring[0].first) * (y2 - ring[0].second) - (x2 - ring[0].first) * (y1 - ring[0].second);
  }
  return 0.5 * std::fabs(twice);
}

// (northing, easting) pairs as an OGR ring, easting as x (GIS order).
std::unique_ptr<OGRLinearRing> plane_ring(const std::vector<std::pair<double, double>>& points) {
  auto ring = std::make_unique<OGRLinearRing>();
  for (const auto& [northing, easting] : points) ring->addPoint(easting, northing);
  ring->closeRings();
  return ring;
}

class OwnPlane : public ::testing::TestWithParam<OwnPlaneCase> {};

TEST_P(OwnPlane, PlanarAreaIsTheSourcesShoelaceAndEllipsoidalIsPlanimeterOnItsEllipsoid) {
  // Made in lon/lat of the datum first; PROJ's cs2cs projects it to the plane (the source's
  // coordinates); the planar area must be the shoelace of those, the ellipsoidal area
  // Planimeter's on the datum's own ellipsoid. Parcels of about 100 m: a straight edge in the
  // plane and the geodesic differ by far less than 1e-6 of the area there.
  const OwnPlaneCase& c = GetParam();
  const std::string plane = "EPSG:" + std::to_string(c.epsg);
  const std::string geographic = "EPSG:" + std::to_string(c.geographic_epsg);
  const double f = 1.0 / c.inverse_flattening;
  // Near the central meridian and near the zone's edge (1.4 or 2.9 degrees off it).
  for (const double off : {0.2, c.zone_width / 2 - 0.1}) {
    const LatLonRing outer = irregular_parcel(31.3, c.central_meridian + off);
    const LatLonRing hole = box(31.3 + 50.0 / 111000, c.central_meridian + off + 40.0 / 95000, 15.0 / 111000, 10.0 / 95000);
    const auto outer_xy = test::cs2cs(geographic, plane, outer);
    const auto hole_xy = test::cs2cs(geographic, plane, hole);
    OGRPolygon polygon;
    polygon.addRingDirectly(plane_ring(outer_xy).release());
    polygon.addRingDirectly(plane_ring(hole_xy).release());

    const AreaCalculator calculator(crs(c.epsg));
    EXPECT_EQ(calculator.ellipsoid().semi_major_m, c.semi_major) << plane;
    EXPECT_NEAR(1.0 / calculator.ellipsoid().flattening, c.inverse_flattening, 1e-9) << plane;
    for (const FeatureArea& measured : {calculator.measure_area(polygon), calculator.measure(polygon)}) {
      ASSERT_TRUE(measured.gk_area_m2.has_value()) << plane;
      EXPECT_TRUE(measured.gk_zone.source_plane) << plane;
      EXPECT_EQ(measured.gk_zone.epsg, c.epsg);
      EXPECT_EQ(measured.gk_zone.crs_name, plane);
      EXPECT_EQ(measured.gk_zone.central_meridian, c.central_meridian);
      const double planar = shoelace(outer_xy) - shoelace(hole_xy);
      EXPECT_NEAR(*measured.gk_area_m2, planar, 1e-7 * planar) << plane << " " << off;
      const double ellipsoidal = std::fabs(test::planimeter_area(outer, c.semi_major, f)) -
                                 std::fabs(test::planimeter_area(hole, c.semi_major, f));
      EXPECT_NEAR(measured.area_m2, ellipsoidal, 1e-6 * ellipsoidal) << plane << " " << off;
      // The two differ as the plane's scale says: (1 + x^2 / 2R^2)^2 - 1 off the meridian.
      EXPECT_GT(*measured.gk_area_m2, measured.area_m2);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ChineseFamilies, OwnPlane, ::testing::ValuesIn(kOwnPlanes),
                         [](const ::testing::TestParamInfo<OwnPlaneCase>& param_info) {
                           return "EPSG_" + std::to_string(param_info.param.epsg);
                         });

TEST(OwnPlane, TheEllipsoidsAreTheDatumsOwnAndChangeTheArea) {
  // The same lon/lat parcel measured on IAG 75 and Krassowsky: the areas differ by the
  // ellipsoids' difference (Planimeter on each), far beyond the 1e-6 the tests hold to.
  const LatLonRing outer = irregular_parcel(31.3, 121.2);
  const auto xian = test::cs2cs("EPSG:4610", "EPSG:2364", outer);
  const auto beijing = test::cs2cs("EPSG:4214", "EPSG:2416", outer);
  OGRPolygon on_xian, on_beijing;
  on_xian.addRingDirectly(plane_ring(xian).release());
  on_beijing.addRingDirectly(plane_ring(beijing).release());
  const double a = AreaCalculator(crs(2364)).area_m2(on_xian);
  const double b = AreaCalculator(crs(2416)).area_m2(on_beijing);
  const double expected_a = std::fabs(test::planimeter_area(outer, 6378140, 1 / 298.257));
  const double expected_b = std::fabs(test::planimeter_area(outer, 6378245, 1 / 298.3));
  EXPECT_NEAR(a, expected_a, 1e-6 * expected_a);
  EXPECT_NEAR(b, expected_b, 1e-6 * expected_b);
  EXPECT_GT(std::fabs(expected_a - expected_b) / expected_a, 1e-5);
}

TEST(OwnPlane, MultiPolygonPartsAreAdded) {
  const auto a = test::cs2cs("EPSG:4610", "EPSG:2335", irregular_parcel(31.3, 121.2));
  const auto b = test::cs2cs("EPSG:4610", "EPSG:2335", irregular_parcel(31.31, 121.21));
  OGRMultiPolygon multi;
  for (const auto* ring : {&a, &b}) {
    OGRPolygon part;
    part.addRingDirectly(plane_ring(*ring).release());
    multi.addGeometry(&part);
  }
  const FeatureArea measured = AreaCalculator(crs(2335)).measure_area(multi);
  ASSERT_TRUE(measured.gk_area_m2.has_value());
  EXPECT_NEAR(*measured.gk_area_m2, shoelace(a) + shoelace(b), 1e-7 * (shoelace(a) + shoelace(b)));
}

TEST(OwnPlane, IsNotAZoneChosenAgain) {
  // A parcel at 121.2 E in a 6-degree zone (CM 123E): the planar area is on that plane, not in
  // the CGCS2000 3-degree zone CM 120E that a geographic source there is measured in; the two
  // differ by the zones' scales (0.07 % against 0.03 %).
  const LatLonRing outer = irregular_parcel(31.3, 121.2);
  const auto six = test::cs2cs("EPSG:4490", "EPSG:4499", outer);
  OGRPolygon on_plane;
  on_plane.addRingDirectly(plane_ring(six).release());
  const FeatureArea own = AreaCalculator(crs(4499)).measure_area(on_plane);
  const FeatureArea chosen = AreaCalculator(crs(4490)).measure_area(polygon_of({outer}));
  ASSERT_TRUE(own.gk_area_m2 && chosen.gk_area_m2);
  EXPECT_EQ(own.gk_zone.crs_name, "EPSG:4499");
  EXPECT_EQ(chosen.gk_zone.crs_name, "EPSG:4549");
  EXPECT_FALSE(chosen.gk_zone.source_plane);
  EXPECT_GT(*own.gk_area_m2 / *chosen.gk_area_m2 - 1, 2e-4);
}

TEST(OwnPlane, OtherProjectionsKeepTheCgcs2000Zone) {
  // UTM (scale 0.9996) and Web Mercator are not Gauss-Kruger planes: the planar area stays in
  // the CGCS2000 3-degree zone of the feature, as for a geographic source.
  const LatLonRing outer = irregular_parcel(31.3, 121.2);
  const double reference = *AreaCalculator(crs(4326)).measure_area(polygon_of({outer})).gk_area_m2;
  for (const int epsg : {32651, 3857}) {
    const auto xy = test::cs2cs("EPSG:4326", "EPSG:" + std::to_string(epsg), outer);
    auto ring = std::make_unique<OGRLinearRing>();
    // UTM and Web Mercator are easting first in EPSG's order.
    for (const auto& [easting, northing] : xy) ring->addPoint(easting, northing);
    ring->closeRings();
    OGRPolygon polygon;
    polygon.addRingDirectly(ring.release());
    const AreaCalculator calculator(crs(epsg));
    EXPECT_FALSE(calculator.source_plane().has_value()) << epsg;
    const FeatureArea measured = calculator.measure_area(polygon);
    ASSERT_TRUE(measured.gk_area_m2.has_value()) << epsg;
    EXPECT_FALSE(measured.gk_zone.source_plane);
    EXPECT_EQ(measured.gk_zone.epsg, 4549) << epsg;
    EXPECT_NEAR(*measured.gk_area_m2, reference, 1e-6 * reference) << epsg;
  }
}

TEST(OwnPlane, ACrsWithoutItsCodeIsIdentifiedOrNamed) {
  OGRSpatialReference unnamed;
  ASSERT_EQ(unnamed.importFromProj4("+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=krass +units=m"
                                    " +towgs84=15.8,-154.4,-82.3,0,0,0,0 +no_defs"),
            OGRERR_NONE);
  const std::optional<GaussKrugerZone> identified = source_gauss_kruger_plane(unnamed);
  ASSERT_TRUE(identified.has_value());
  EXPECT_EQ(identified->central_meridian, 120);
  EXPECT_EQ(identified->crs_name, "EPSG:2416");  // Beijing 1954, 3-degree zone 40, by PROJ

  // A WKT without its code is identified too.
  char* wkt = nullptr;
  const char* const wkt1[] = {"FORMAT=WKT1", nullptr};
  ASSERT_EQ(crs(2364).exportToWkt(&wkt, wkt1), OGRERR_NONE);
  std::string text(wkt);
  CPLFree(wkt);
  text = text.substr(0, text.rfind(",AUTHORITY")) + "]";
  OGRSpatialReference without_code;
  ASSERT_EQ(without_code.importFromWkt(text.c_str()), OGRERR_NONE);
  ASSERT_EQ(without_code.GetAuthorityCode(nullptr), nullptr) << text;
  EXPECT_EQ(source_gauss_kruger_plane(without_code)->crs_name, "EPSG:2364");

  // On no known datum (GRS80 alone, not CGCS2000) it is no EPSG CRS: named by its PROJ string.
  OGRSpatialReference no_datum;
  ASSERT_EQ(no_datum.importFromProj4("+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m"),
            OGRERR_NONE);
  const std::optional<GaussKrugerZone> named = source_gauss_kruger_plane(no_datum);
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ(named->epsg, 0);
  EXPECT_NE(named->crs_name.find("+lon_0=120"), std::string::npos) << named->crs_name;

  // A Gauss-Kruger plane in feet: the planar area is in m2 all the same.
  OGRSpatialReference feet;
  ASSERT_EQ(feet.importFromProj4("+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=ft +no_defs"),
            OGRERR_NONE);
  feet.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const auto metres = test::cs2cs("EPSG:4490", "EPSG:4549", irregular_parcel(31.3, 121.2));
  auto ring = std::make_unique<OGRLinearRing>();
  for (const auto& [northing, easting] : metres) ring->addPoint(easting / 0.3048, northing / 0.3048);
  ring->closeRings();
  OGRPolygon polygon;
  polygon.addRingDirectly(ring.release());
  const FeatureArea measured = AreaCalculator(feet).measure_area(polygon);
  ASSERT_TRUE(measured.gk_area_m2.has_value());
  EXPECT_TRUE(measured.gk_zone.source_plane);
  EXPECT_NEAR(*measured.gk_area_m2, shoelace(metres), 1e-7 * shoelace(metres));
}

TEST(OwnPlane, NoGaussKrugerLeavesItOut) {
  const auto xy = test::cs2cs("EPSG:4490", "EPSG:4528", irregular_parcel(31.3, 121.2));
  OGRPolygon polygon;
  polygon.addRingDirectly(plane_ring(xy).release());
  EXPECT_FALSE(AreaCalculator(crs(4528), AreaOptions{false}).measure_area(polygon).gk_area_m2.has_value());
}

TEST(GaussKrugerZone, ThreeDegreeZonesAroundShanghai) {
  EXPECT_EQ(gauss_kruger_zone(121.18).epsg, 4549);  // CM 120E, Anting
  EXPECT_EQ(gauss_kruger_zone(121.49).epsg, 4549);
  EXPECT_EQ(gauss_kruger_zone(121.51).epsg, 4550);  // CM 123E east of 121.5 E
  EXPECT_EQ(gauss_kruger_zone(75.0).epsg, 4534);
  EXPECT_EQ(gauss_kruger_zone(135.0).epsg, 4554);
  const GaussKrugerZone outside = gauss_kruger_zone(-3.2);  // Europe: no CGCS2000 EPSG zone
  EXPECT_EQ(outside.epsg, 0);
  EXPECT_EQ(outside.central_meridian, -3);
  EXPECT_NE(outside.crs_name.find("+lon_0=-3"), std::string::npos);
}

}  // namespace
}  // namespace parklayers
