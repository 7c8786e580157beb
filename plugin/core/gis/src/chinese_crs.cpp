// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/chinese_crs.h"

#include "parklayers/gis/gdal_util.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace parklayers {
namespace {

constexpr double kPi = 3.14159265358979323846;

// GCJ-02's ellipsoid: Krasovsky 1940, as in the published formula (not WGS 84's).
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyE2 = 0.00669342162296594323;

// Baidu's constant: pi * 3000 / 180, a scale on degrees inside its sin/cos perturbations.
constexpr double kXPi = kPi * 3000.0 / 180.0;

// The inverses stop when a step moves the point by less than this (degrees, about 0.1 um);
// kMaxIterations only guards against a non-finite input.
constexpr double kStepTolerance = 1e-12;
constexpr int kMaxIterations = 30;

// The published series of the GCJ-02 offset ("transformLat"/"transformLon"), in metres-like
// units on the Krasovsky ellipsoid, of x = lon - 105, y = lat - 35 (degrees). Written as in the
// circulated code (e.g. googollee/eviltransform, public domain), term for term, so that it can
// be compared with it by eye.
double series_lat(double x, double y) {
  double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  ret += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  ret += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  ret += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return ret;
}

double series_lon(double x, double y) {
  double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  ret += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  ret += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  ret += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return ret;
}

// The GCJ-02 offset (degrees) of a WGS 84 point, without the rectangle test: the series turned
// into degrees with the Krasovsky radii of curvature at the point's latitude (meridian
// a(1-e2)/W^3, prime vertical a/W with W = sqrt(1 - e2 sin^2 lat)).
LonLat gcj02_offset(double lon, double lat) {
  const double d_lat = series_lat(lon - 105.0, lat - 35.0);
  const double d_lon = series_lon(lon - 105.0, lat - 35.0);
  const double rad_lat = lat / 180.0 * kPi;
  const double sin_lat = std::sin(rad_lat);
  const double w2 = 1.0 - kKrasovskyE2 * sin_lat * sin_lat;
  const double w = std::sqrt(w2);
  const double meridian_radius = kKrasovskyA * (1.0 - kKrasovskyE2) / (w2 * w);
  const double parallel_radius = kKrasovskyA / w * std::cos(rad_lat);
  return {d_lon * 180.0 / (parallel_radius * kPi), d_lat * 180.0 / (meridian_radius * kPi)};
}

double max_abs_difference(LonLat a, LonLat b) {
  return std::max(std::fabs(a.lon - b.lon), std::fabs(a.lat - b.lat));
}

// Solves forward(p) = target by the fixed-point iteration p <- p - (forward(p) - target).
// It converges because both forwards are the identity plus a slowly varying shift: the
// Jacobian of the shift is below about 0.03 (GCJ-02: about 2e-3, from the 6*pi*x terms; BD-09:
// the 3e-6 * x_pi rotation times the distance from (0, 0)), so each step gains about two
// decimal digits. (GCJ-02's sqrt|lon - 105| term has an unbounded derivative at lon = 105,
// but it is Hoelder-continuous with a coefficient of 1e-6 degrees, so the iteration still
// settles there.)
template <typename Forward>
LonLat invert(LonLat target, LonLat start, Forward forward, InverseReport* report) {
  LonLat p = start;
  int iterations = 0;
  for (; iterations < kMaxIterations; ++iterations) {
    const LonLat image = forward(p);
    const LonLat next{p.lon - (image.lon - target.lon), p.lat - (image.lat - target.lat)};
    const double step = max_abs_difference(next, p);
    p = next;
    if (!(step > kStepTolerance)) {  // also ends on NaN
      ++iterations;
      break;
    }
  }
  if (report) {
    report->iterations = iterations;
    report->residual_deg = max_abs_difference(forward(p), target);
  }
  return p;
}

LonLat gcj02_shifted(LonLat wgs84) {
  const LonLat d = gcj02_offset(wgs84.lon, wgs84.lat);
  return {wgs84.lon + d.lon, wgs84.lat + d.lat};
}

// Checks every vertex before anything is changed, so that a bad geometry is left as it was.
// Curves are read vertex by vertex: GDAL hands a vertex with a NaN over as an empty point.
class CheckLonLat final : public OGRDefaultConstGeometryVisitor {
 public:
  using OGRDefaultConstGeometryVisitor::visit;
  void visit(const OGRPoint* point) override {
    if (!point->IsEmpty()) check(point->getX(), point->getY());
  }
  void visit(const OGRLineString* curve) override { check_curve(*curve); }
  void visit(const OGRLinearRing* curve) override { check_curve(*curve); }
  void visit(const OGRCircularString* curve) override { check_curve(*curve); }

  std::string problem;

 private:
  void check_curve(const OGRSimpleCurve& curve) {
    for (int i = 0; i < curve.getNumPoints(); ++i) check(curve.getX(i), curve.getY(i));
  }
  void check(double lon, double lat) {
    if (!problem.empty()) return;
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
      problem = "a coordinate is not a finite number";
    } else if (std::fabs(lat) > 90.0 || std::fabs(lon) > 180.0) {
      problem = "(" + std::to_string(lon) + ", " + std::to_string(lat) +
                ") is not a longitude/latitude in degrees, which GCJ-02 and BD-09 coordinates are";
    }
  }
};

class ConvertVertices final : public OGRDefaultGeometryVisitor {
 public:
  ConvertVertices(ChineseCrs from, ChineseCrs to) : from_(from), to_(to) {}
  using OGRDefaultGeometryVisitor::visit;
  // Called for standalone points and for each vertex of a curve (GDAL hands those over as
  // points that write back into the curve), so every vertex of every geometry type comes here.
  void visit(OGRPoint* point) override {
    if (point->IsEmpty()) return;
    const LonLat out = convert_lonlat({point->getX(), point->getY()}, from_, to_);
    point->setX(out.lon);
    point->setY(out.lat);
  }

 private:
  ChineseCrs from_, to_;
};

}  // namespace

std::optional<ChineseCrs> parse_chinese_crs(const std::string& name) {
  std::string key;
  for (const char c : name) key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (key == "GCJ02" || key == "GCJ-02") return ChineseCrs::Gcj02;
  if (key == "BD09" || key == "BD-09") return ChineseCrs::Bd09;
  return std::nullopt;
}

const char* chinese_crs_name(ChineseCrs crs) {
  switch (crs) {
    case ChineseCrs::Wgs84: return "WGS84";
    case ChineseCrs::Gcj02: return "GCJ02";
    case ChineseCrs::Bd09: return "BD09";
  }
  return "";
}

bool in_gcj02_rectangle(double lon, double lat) {
  // The bounds of the published formula's out-of-China test (eviltransform's outOfChina).
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

LonLat wgs84_to_gcj02(LonLat wgs84) {
  if (!in_gcj02_rectangle(wgs84.lon, wgs84.lat)) return wgs84;
  return gcj02_shifted(wgs84);
}

LonLat gcj02_to_wgs84(LonLat gcj02, InverseReport* report) {
  // Decided by the given point, as the forward decides by its own: outside, the identity.
  if (!in_gcj02_rectangle(gcj02.lon, gcj02.lat)) {
    if (report) *report = InverseReport{};
    return gcj02;
  }
  // The start is the usual one-step inverse (1-2 m off around Shanghai, up to 6 m elsewhere
  // in China); the iteration solves shifted(p) = gcj02 without the rectangle test, so that a
  // point whose preimage lies just across an edge still gets the continuous answer.
  const LonLat d = gcj02_offset(gcj02.lon, gcj02.lat);
  return invert(gcj02, {gcj02.lon - d.lon, gcj02.lat - d.lat}, gcj02_shifted, report);
}

LonLat gcj02_to_bd09(LonLat gcj02) {
  // Baidu's published formula: a small rotation and scaling about (0, 0) in degree space,
  // then a constant offset.
  const double x = gcj02.lon;
  const double y = gcj02.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LonLat bd09_to_gcj02(LonLat bd09, InverseReport* report) {
  // The start is Baidu's published approximate inverse (the perturbations subtracted at the
  // wrong point, off by up to 1.8e-6 degrees over China); the iteration removes that error.
  const double x = bd09.lon - 0.0065;
  const double y = bd09.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  return invert(bd09, {z * std::cos(theta), z * std::sin(theta)}, gcj02_to_bd09, report);
}

LonLat convert_lonlat(LonLat point, ChineseCrs from, ChineseCrs to) {
  if (from == to) return point;
  // Bring the point to GCJ-02, the hub of the formulas, then on to the target.
  LonLat gcj = point;
  if (from == ChineseCrs::Wgs84) gcj = wgs84_to_gcj02(point);
  if (from == ChineseCrs::Bd09) gcj = bd09_to_gcj02(point);
  switch (to) {
    case ChineseCrs::Wgs84: return gcj02_to_wgs84(gcj);
    case ChineseCrs::Bd09: return gcj02_to_bd09(gcj);
    case ChineseCrs::Gcj02: return gcj;
  }
  return gcj;
}

void transform_geometry(OGRGeometry& geometry, ChineseCrs from, ChineseCrs to) {
  CheckLonLat check;
  geometry.accept(&check);
  if (!check.problem.empty()) throw std::invalid_argument(check.problem);
  if (from == to) return;
  ConvertVertices convert(from, to);
  geometry.accept(&convert);
}

namespace {

// Whether data in this geographic CRS comes latitude first (GDAL's data axis mapping applied).
bool stores_latitude_first(const OGRSpatialReference& crs) {
  const OGRAxisOrientation orientation = first_data_axis(crs);
  return orientation == OAO_North || orientation == OAO_South;
}

}  // namespace

std::string declared_crs_problem(ChineseCrs declared, const OGRSpatialReference* layer_crs) {
  if (declared == ChineseCrs::Wgs84 || !layer_crs || layer_crs->IsGeographic()) return "";
  const char* name = layer_crs->GetName();
  return std::string(chinese_crs_name(declared)) + " declares longitude/latitude degrees, but the layer's CRS (" +
         (name ? name : "?") + ") is not geographic";
}

void declared_to_wgs84(OGRGeometry& geometry, ChineseCrs from, const OGRSpatialReference* layer_crs) {
  const std::string problem = declared_crs_problem(from, layer_crs);
  if (!problem.empty()) throw std::invalid_argument(problem);
  const bool swap = layer_crs && stores_latitude_first(*layer_crs);
  if (swap) geometry.swapXY();
  try {
    transform_geometry(geometry, from, ChineseCrs::Wgs84);
  } catch (...) {
    if (swap) geometry.swapXY();  // unchanged, as promised
    throw;
  }
  if (swap) geometry.swapXY();
}

}  // namespace parklayers
