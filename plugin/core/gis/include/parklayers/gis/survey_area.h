// SPDX-License-Identifier: GPL-2.0-or-later
// The land survey's own ellipsoidal area (图斑椭球面积), as China's land surveys (三调) state it
// in TBMJ: not Karney's geodesic polygon, but the published rule of 国土调查办发〔2008〕32号
// (《图幅理论面积与图斑椭球面积计算公式及要求》) with the practice of the third survey:
//
// 1. the plane Gauss-Kruger X, Y of each vertex rounded to 4 decimals (0.1 mm);
// 2. each edge longer than 70 m divided by floor(length / 70) evenly spaced points, for the
//    computation only (the trapezoid's edge is not a geodesic: long edges need points);
// 3. each point taken by the Gauss-Kruger inverse to latitude B and longitude L, B and L in
//    arc-seconds rounded to 6 decimals;
// 4. one ellipsoidal trapezoid per edge, between the edge and the zone's central meridian L0:
//      S = 2b²·ΔL·[A·sin(ΔB/2)cos Bm − B·sin(3ΔB/2)cos 3Bm + C·sin(5ΔB/2)cos 5Bm
//                  − D·sin(7ΔB/2)cos 7Bm + E·sin(9ΔB/2)cos 9Bm]
//    ΔB = B2 − B1, Bm = (B1 + B2)/2, ΔL = (L1 + L2)/2 − L0 (radians), A-E the series in
//    e² = (a² − b²)/a² of the source CRS's own ellipsoid (CGCS2000, Xian 1980's IAG 75,
//    Beijing 1954's Krassowsky);
// 5. the ring's signed sum, its absolute value, holes subtracted, parts added, the result
//    rounded to 2 decimals (m2).
//
// The rule is defined on a Gauss-Kruger plane, so only a layer in a Gauss-Kruger CRS
// (area.h's source_gauss_kruger_plane: transverse Mercator, scale factor 1) can be measured.
#pragma once

#include <memory>
#include <vector>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <proj.h>

#include "parklayers/gis/area.h"

namespace parklayers {

// The A-E coefficients of the survey's trapezoid series for an ellipsoid's e² (the published
// fractions as they are: 3/6 is one half, not an integer division).
struct SurveySeries {
  double a = 0, b = 0, c = 0, d = 0, e = 0;
};
SurveySeries survey_series(double e2);

// Measures polygons of one source CRS by the survey's rule. Not thread-safe (it owns a PROJ
// context and its buffers): use one per thread, as AreaCalculator.
class SurveyAreaCalculator {
 public:
  // Throws std::invalid_argument when the CRS is not a Gauss-Kruger plane (a geographic CRS,
  // UTM, Web Mercator...) or PROJ cannot invert it to its own geographic CRS.
  explicit SurveyAreaCalculator(const OGRSpatialReference& source_crs);
  ~SurveyAreaCalculator();
  SurveyAreaCalculator(const SurveyAreaCalculator&) = delete;
  SurveyAreaCalculator& operator=(const SurveyAreaCalculator&) = delete;

  const Ellipsoid& ellipsoid() const { return ellipsoid_; }
  const GaussKrugerZone& plane() const { return plane_; }

  // The survey area in m2, to 2 decimals, of the polygonal parts of `geometry` (0 for points and
  // lines). Throws std::invalid_argument for a coordinate that is not finite or PROJ cannot
  // invert.
  double area_m2(const OGRGeometry& geometry) const;

 private:
  double ring_area(const OGRSimpleCurve& ring) const;
  double polygon_area(const OGRGeometry& geometry) const;

  struct ProjContextDeleter {
    void operator()(PJ_CONTEXT* context) const { proj_context_destroy(context); }
  };
  struct ProjDeleter {
    void operator()(PJ* pj) const { proj_destroy(pj); }
  };

  Ellipsoid ellipsoid_;
  GaussKrugerZone plane_;
  double b2_ = 0;               // the semi-minor axis squared
  SurveySeries series_;
  double central_meridian_arcsec_ = 0;  // L0
  double metres_per_unit_ = 1;
  bool northing_first_ = false;  // the data's first axis is the northing (an EPSG order kept)
  std::unique_ptr<PJ_CONTEXT, ProjContextDeleter> context_;
  std::unique_ptr<PJ, ProjDeleter> inverse_;  // the plane's easting, northing -> lon, lat degrees
  mutable std::vector<double> x_, y_;          // a ring's densified points, then their lon, lat
};

}  // namespace parklayers
