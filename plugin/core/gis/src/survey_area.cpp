// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/survey_area.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <cpl_conv.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRadiansPerArcSecond = kPi / (180.0 * 3600.0);
// Edges longer than this are divided for the computation (the survey's practice).
constexpr double kDensifyMetres = 70.0;

double round_to(double value, double scale) { return std::round(value * scale) / scale; }

}  // namespace

SurveySeries survey_series(double e2) {
  const double e4 = e2 * e2, e6 = e4 * e2, e8 = e6 * e2;
  SurveySeries s;
  s.a = 1 + (3.0 / 6.0) * e2 + (30.0 / 80.0) * e4 + (35.0 / 112.0) * e6 + (630.0 / 2304.0) * e8;
  s.b = (1.0 / 6.0) * e2 + (15.0 / 80.0) * e4 + (21.0 / 112.0) * e6 + (420.0 / 2304.0) * e8;
  s.c = (3.0 / 80.0) * e4 + (7.0 / 112.0) * e6 + (180.0 / 2304.0) * e8;
  s.d = (1.0 / 112.0) * e6 + (45.0 / 2304.0) * e8;
  s.e = (5.0 / 2304.0) * e8;
  return s;
}

SurveyAreaCalculator::SurveyAreaCalculator(const OGRSpatialReference& source_crs)
    : ellipsoid_(ellipsoid_of(source_crs)) {
  const std::optional<GaussKrugerZone> plane = source_gauss_kruger_plane(source_crs);
  if (!plane) {
    throw std::invalid_argument(
        "the survey's ellipsoidal area is computed from Gauss-Kruger plane coordinates, and the layer's CRS (" +
        std::string(source_crs.GetName() ? source_crs.GetName() : "unnamed") +
        ") is not a Gauss-Kruger plane (a transverse Mercator with scale factor 1): use --method ellipsoidal, or "
        "give the layer in its Gauss-Kruger CRS");
  }
  plane_ = *plane;
  metres_per_unit_ = source_crs.GetLinearUnits(nullptr);
  // The zone's central meridian to the arc-second as the projection states it (not rounded to
  // the degree as GaussKrugerZone keeps it): L0 is the meridian the plane's X runs along.
  central_meridian_arcsec_ = source_crs.GetNormProjParm(SRS_PP_CENTRAL_MERIDIAN, 0.0) * 3600.0;
  const double a = ellipsoid_.semi_major_m;
  const double b = a * (1 - ellipsoid_.flattening);
  b2_ = b * b;
  series_ = survey_series((a * a - b * b) / (a * a));
  const OGRAxisOrientation first = first_data_axis(source_crs);
  northing_first_ = first == OAO_North || first == OAO_South;

  // The Gauss-Kruger inverse is PROJ's, from the source CRS to its own geographic CRS (no datum
  // shift), easting then northing in, longitude then latitude out (the traditional GIS order).
  // It replaces the 2008 document's own inverse series (the classical footpoint-latitude
  // series): both invert the same projection, and in its textbook form (terms to y^6) the series
  // agrees with PROJ to 2e-7 arc-seconds within 160 km of the meridian, which the rule then
  // rounds to 1e-6: the areas agree to 1e-5 m2 on parcels to 100 ha 120 km out, and to 0.006 m2
  // on larger or farther ones (a few parts in 1e9: an arc-second's last digit rounded the other
  // way), against the result's 2 decimals (tests/tools/survey_inverse_series.py measures it).
  // PROJ's transverse Mercator is also what the rest of the tool measures with.
  context_.reset(proj_context_create());
  if (!context_) throw std::runtime_error("PROJ could not create a context");
  proj_log_level(context_.get(), PJ_LOG_NONE);
  char* wkt = nullptr;
  const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
  if (source_crs.exportToWkt(&wkt, wkt_options) != OGRERR_NONE || !wkt) {
    CPLFree(wkt);
    throw std::invalid_argument("the layer's CRS cannot be written as WKT for PROJ");
  }
  std::unique_ptr<PJ, ProjDeleter> source(proj_create(context_.get(), wkt));
  CPLFree(wkt);
  if (!source) throw std::invalid_argument("PROJ cannot read the layer's CRS");
  std::unique_ptr<PJ, ProjDeleter> geographic(proj_crs_get_geodetic_crs(context_.get(), source.get()));
  if (!geographic) throw std::invalid_argument("the layer's CRS has no geographic CRS");
  std::unique_ptr<PJ, ProjDeleter> operation(
      proj_create_crs_to_crs_from_pj(context_.get(), source.get(), geographic.get(), nullptr, nullptr));
  if (!operation) throw std::invalid_argument("PROJ has no inverse of the layer's Gauss-Kruger projection");
  inverse_.reset(proj_normalize_for_visualization(context_.get(), operation.get()));
  if (!inverse_) throw std::invalid_argument("PROJ has no inverse of the layer's Gauss-Kruger projection");
}

SurveyAreaCalculator::~SurveyAreaCalculator() = default;

double SurveyAreaCalculator::ring_area(const OGRSimpleCurve& ring) const {
  int n = ring.getNumPoints();
  if (n > 1 && ring.getX(0) == ring.getX(n - 1) && ring.getY(0) == ring.getY(n - 1)) --n;
  if (n < 3) return 0;
  // Steps 1 and 2: the vertices to 4 decimals, long edges divided (the ring closed: the last
  // edge back to the first vertex is divided too).
  x_.clear();
  y_.clear();
  const auto easting = [&](int i) { return northing_first_ ? ring.getY(i) : ring.getX(i); };
  const auto northing = [&](int i) { return northing_first_ ? ring.getX(i) : ring.getY(i); };
  for (int i = 0; i < n; ++i) {
    const int j = i + 1 == n ? 0 : i + 1;
    const double x1 = round_to(easting(i), 1e4), y1 = round_to(northing(i), 1e4);
    const double x2 = round_to(easting(j), 1e4), y2 = round_to(northing(j), 1e4);
    if (!std::isfinite(x1) || !std::isfinite(y1)) throw std::invalid_argument("a coordinate is not a finite number");
    x_.push_back(x1);
    y_.push_back(y1);
    const double length = std::hypot(x2 - x1, y2 - y1) * metres_per_unit_;
    if (length > kDensifyMetres) {
      const int inserted = static_cast<int>(std::floor(length / kDensifyMetres));
      for (int k = 1; k <= inserted; ++k) {
        const double t = static_cast<double>(k) / (inserted + 1);
        x_.push_back(x1 + (x2 - x1) * t);
        y_.push_back(y1 + (y2 - y1) * t);
      }
    }
  }
  // Step 3: to longitude, latitude (degrees), then arc-seconds to 6 decimals.
  const size_t count = x_.size();
  proj_trans_generic(inverse_.get(), PJ_FWD, x_.data(), sizeof(double), count, y_.data(), sizeof(double), count,
                     nullptr, 0, 0, nullptr, 0, 0);
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(x_[i]) || !std::isfinite(y_[i])) {
      throw std::invalid_argument("a point could not be taken from the Gauss-Kruger plane " + plane_.crs_name +
                                  " to latitude and longitude");
    }
    x_[i] = round_to(x_[i] * 3600.0, 1e6);
    y_[i] = round_to(y_[i] * 3600.0, 1e6);
  }
  // Step 4: a trapezoid per edge between the edge and L0, summed with their signs.
  double sum = 0;
  for (size_t i = 0; i < count; ++i) {
    const size_t j = i + 1 == count ? 0 : i + 1;
    const double b1 = y_[i] * kRadiansPerArcSecond, b2 = y_[j] * kRadiansPerArcSecond;
    const double delta_b = b2 - b1, bm = 0.5 * (b1 + b2);
    const double delta_l = (0.5 * (x_[i] + x_[j]) - central_meridian_arcsec_) * kRadiansPerArcSecond;
    const double bracket = series_.a * std::sin(delta_b / 2) * std::cos(bm) -
                           series_.b * std::sin(3 * delta_b / 2) * std::cos(3 * bm) +
                           series_.c * std::sin(5 * delta_b / 2) * std::cos(5 * bm) -
                           series_.d * std::sin(7 * delta_b / 2) * std::cos(7 * bm) +
                           series_.e * std::sin(9 * delta_b / 2) * std::cos(9 * bm);
    sum += 2 * b2_ * delta_l * bracket;
  }
  return std::fabs(sum);
}

double SurveyAreaCalculator::polygon_area(const OGRGeometry& geometry) const {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon || type == wkbTriangle) {
    const OGRPolygon& polygon = *geometry.toPolygon();
    double total = 0;
    for (int r = 0; r < polygon.getNumInteriorRings() + 1; ++r) {
      const OGRLinearRing* ring = r == 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(r - 1);
      if (!ring) continue;
      const double area = ring_area(*ring);
      total += r == 0 ? area : -area;  // holes subtracted
    }
    return total;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection || type == wkbPolyhedralSurface || type == wkbTIN) {
    double total = 0;
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) total += polygon_area(*part);
    return total;
  }
  return 0;  // points and lines have no area
}

double SurveyAreaCalculator::area_m2(const OGRGeometry& geometry) const {
  double total = 0;
  if (geometry.hasCurveGeometry()) {
    const std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
    total = polygon_area(*linear);
  } else {
    total = polygon_area(geometry);
  }
  return round_to(total, 100);  // Step 5: m2 to 2 decimals
}

}  // namespace parklayers
