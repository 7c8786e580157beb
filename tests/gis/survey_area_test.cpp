// SPDX-License-Identifier: GPL-2.0-or-later
// The land survey's ellipsoidal area against the rule implemented apart in the test support
// (its own rounding, densification, inverse through the command cs2cs, and series), against
// Karney (Planimeter) and against the planar Gauss-Kruger area, in three datums and both zone
// widths.
#include "parklayers/gis/survey_area.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

using test::ChinesePlane;
using test::PlaneXY;

OGRSpatialReference crs(int epsg, bool gis_order = true) {
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  if (gis_order) srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

const ChinesePlane& plane_of(int epsg) {
  for (const ChinesePlane& plane : test::kChinesePlanes) {
    if (plane.epsg == epsg) return plane;
  }
  throw std::logic_error("no such plane in the test support");
}

using Rings = std::vector<std::vector<PlaneXY>>;

OGRPolygon polygon_of(const Rings& rings, bool northing_first = false) {
  OGRPolygon polygon;
  for (const auto& ring : rings) {
    auto linear = std::make_unique<OGRLinearRing>();
    for (const PlaneXY& p : ring) {
      if (northing_first) {
        linear->addPoint(p.y, p.x);
      } else {
        linear->addPoint(p.x, p.y);
      }
    }
    linear->closeRings();
    polygon.addRingDirectly(linear.release());
  }
  return polygon;
}

double shoelace(const Rings& rings) {
  double total = 0;
  for (size_t r = 0; r < rings.size(); ++r) total += (r == 0 ? 1 : -1) * test::shoelace_area(rings[r]);
  return total;
}

// The plane's point at (lat, lon), from cs2cs: where the test's parcels are placed.
PlaneXY plane_point(const ChinesePlane& plane, double lat, double lon) {
  const auto xy = test::cs2cs("EPSG:" + std::to_string(plane.geographic), "EPSG:" + std::to_string(plane.epsg),
                              {{lat, lon}}, 6);
  return PlaneXY{xy[0].second, xy[0].first};
}

// A w x h m rectangle with its south-west corner at `origin`, its coordinates given more
// decimals than the survey keeps (0.00007 m off the 4-decimal grid), so rounding them matters.
std::vector<PlaneXY> rectangle(PlaneXY origin, double w, double h) {
  const double x = origin.x + 0.00007, y = origin.y + 0.00003;
  return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

// An irregular parcel of about 400 m x 300 m (edges to 380 m, densified by the rule) with a hole
// of 100 m x 60 m.
Rings irregular(PlaneXY o) {
  return {{{o.x, o.y}, {o.x + 380.12345, o.y + 20.5}, {o.x + 410.7, o.y + 250.25}, {o.x + 190.333, o.y + 330.1},
           {o.x - 15.5, o.y + 180.77777}},
          {{o.x + 120, o.y + 100}, {o.x + 120, o.y + 160}, {o.x + 220, o.y + 160}, {o.x + 220, o.y + 100}}};
}

// The planes of the tests: CGCS2000 3-degree zone 40 (zone in the easting), Xian 1980 3-degree
// zone 40, Xian 1980 6-degree zone 21 (CM 123E), Beijing 1954 3-degree CM 120E.
constexpr int kPlanes[] = {4528, 2364, 2335, 2437};

class SurveyArea : public ::testing::TestWithParam<int> {};

TEST_P(SurveyArea, IsTheRuleImplementedApartKarneysWithinBoundAndAtMostPlanar) {
  const ChinesePlane& plane = plane_of(GetParam());
  const SurveyAreaCalculator calculator(crs(plane.epsg));
  EXPECT_EQ(calculator.ellipsoid().semi_major_m, plane.semi_major);
  EXPECT_NEAR(1.0 / calculator.ellipsoid().flattening, plane.inverse_flattening, 1e-9);
  // 31.3 N, 120 km east of CM 120E (the notes' parcel), and 1.2 degrees west of CM 123E.
  const double lon = plane.central_meridian == 120 ? 121.2592 : 121.8;
  const PlaneXY origin = plane_point(plane, 31.3, lon);
  const std::vector<Rings> parcels = {{rectangle(origin, 120, 80)}, irregular(origin),
                                      {rectangle(origin, 1000, 1000)}};
  const std::string geographic = "EPSG:" + std::to_string(plane.geographic);
  for (const Rings& rings : parcels) {
    const OGRPolygon polygon = polygon_of(rings);
    const double survey = calculator.area_m2(polygon);
    // To 2 decimals, as the rule states it.
    EXPECT_NEAR(survey * 100, std::round(survey * 100), 1e-6 * survey);
    // The library's figure is the reference's rounded: within half a cent (and the two
    // routes' last bits).
    const double reference = test::survey_area_reference(rings, plane);
    EXPECT_NEAR(survey, reference, 0.005 + 1e-9 * reference) << plane.epsg << " " << rings[0].size();

    // Karney on the same vertices (not divided: geodesic edges), brought to lat/lon by cs2cs.
    double karney = 0;
    for (size_t r = 0; r < rings.size(); ++r) {
      std::vector<std::pair<double, double>> northing_easting;
      for (const PlaneXY& p : rings[r]) northing_easting.emplace_back(p.y, p.x);
      const test::LatLonRing latlon = test::cs2cs("EPSG:" + std::to_string(plane.epsg), geographic, northing_easting, 12);
      karney += (r == 0 ? 1 : -1) *
                std::fabs(test::planimeter_area(latlon, plane.semi_major, 1.0 / plane.inverse_flattening));
    }
    // Measured on these parcels, the 2-decimal rounding included: 0.0052 m2 at most on the
    // 120 m x 80 m one (9596.59 against 9596.5952 in EPSG:4528), 0.006 m2 on the square
    // kilometre, 0.017 m2 (1.7e-7) on the irregular one. Its 380 m edges are straight on the
    // plane, which a geodesic is not 120 km off the meridian (about 0.05 mm of sagitta). The
    // bound: the rounding and 2e-7.
    EXPECT_NEAR(survey, karney, 0.005 + 2e-7 * karney) << plane.epsg << " " << rings[0].size();
    // The Gauss-Kruger scale is at least 1: the planar area is never the smaller.
    EXPECT_LE(survey, shoelace(rings)) << plane.epsg;
  }
}

INSTANTIATE_TEST_SUITE_P(ChinesePlanes, SurveyArea, ::testing::ValuesIn(kPlanes),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                           return "EPSG_" + std::to_string(param_info.param);
                         });

TEST(SurveyArea, HolesAreSubtractedAndPartsAdded) {
  const ChinesePlane& plane = plane_of(4528);
  const SurveyAreaCalculator calculator(crs(4528));
  const Rings rings = irregular(plane_point(plane, 31.3, 121.2592));
  const double whole = calculator.area_m2(polygon_of({rings[0]}));
  const double hole = calculator.area_m2(polygon_of({rings[1]}));
  const double with_hole = calculator.area_m2(polygon_of(rings));
  EXPECT_NEAR(with_hole, whole - hole, 0.0100001);
  EXPECT_GT(hole, 5900);

  OGRMultiPolygon both;
  const OGRPolygon first = polygon_of(rings);
  const OGRPolygon other = polygon_of({rectangle(plane_point(plane, 31.31, 121.2592), 120, 80)});
  both.addGeometry(&first);
  both.addGeometry(&other);
  const double second = calculator.area_m2(*both.getGeometryRef(1));
  EXPECT_NEAR(calculator.area_m2(both), with_hole + second, 0.0100001);
  // Lines and points have none.
  OGRPoint point(40500000, 3460000);
  EXPECT_EQ(calculator.area_m2(point), 0);
}

TEST(SurveyArea, WindingAndTheDataAxisOrderDoNotMatter) {
  const ChinesePlane& plane = plane_of(4528);
  const Rings rings = irregular(plane_point(plane, 31.3, 121.2592));
  const double area = SurveyAreaCalculator(crs(4528)).area_m2(polygon_of(rings));
  Rings reversed = rings;
  for (auto& ring : reversed) std::reverse(ring.begin(), ring.end());
  EXPECT_EQ(SurveyAreaCalculator(crs(4528)).area_m2(polygon_of(reversed)), area);
  // Data in EPSG's own order (northing first), as a CRS left authority-compliant gives it.
  EXPECT_EQ(SurveyAreaCalculator(crs(4528, false)).area_m2(polygon_of(rings, true)), area);
}

TEST(SurveyArea, RefusesACrsThatIsNotAGaussKrugerPlane) {
  for (const int epsg : {4490, 4326, 32651, 3857}) {
    try {
      const SurveyAreaCalculator calculator(crs(epsg));
      ADD_FAILURE() << "EPSG:" << epsg << " was accepted";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find("not a Gauss-Kruger plane"), std::string::npos) << error.what();
    }
  }
}

TEST(SurveyArea, SeriesAreThePublishedFractions) {
  // e² = 0 leaves A = 1 and nothing else: the trapezoid is the sphere's.
  const SurveySeries zero = survey_series(0);
  EXPECT_EQ(zero.a, 1);
  EXPECT_EQ(zero.b, 0);
  // 3/6 is a half (an integer division would make it 0, a known wrong port).
  const double e2 = 0.00669438002290;
  const SurveySeries s = survey_series(e2);
  EXPECT_NEAR(s.a, 1 + e2 / 2 + 3 * e2 * e2 / 8 + 5 * std::pow(e2, 3) / 16 + 35 * std::pow(e2, 4) / 128, 1e-16);
  EXPECT_NEAR(s.e, 5 * std::pow(e2, 4) / 2304, 1e-24);
}

}  // namespace
}  // namespace parklayers
