// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/validity.h"

#include <cmath>
#include <cstdio>
#include <exception>

#include "parklayers/gis/geos.h"
#include "parklayers/gis/simple_polygon.h"

namespace parklayers {
namespace {

std::string number_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

// Whether point_problem finds nothing: the test made for every position, kept cheap.
bool point_fine(double x, double y, const double* z, const CoordinateRule& rule) {
  constexpr double kFarMetres = 1e8;  // as in point_problem
  return std::isfinite(x) && std::isfinite(y) && (!z || std::isfinite(*z)) &&
         (!rule.lonlat || (std::fabs(y) <= 90.0 && std::fabs(x) <= 360.0)) &&
         (!(rule.metres_per_unit > 0) ||
          (std::fabs(x) * rule.metres_per_unit <= kFarMetres && std::fabs(y) * rule.metres_per_unit <= kFarMetres));
}

std::string point_problem(double x, double y, const double* z, const CoordinateRule& rule) {
  if (!std::isfinite(x) || !std::isfinite(y) || (z && !std::isfinite(*z))) {
    return "a coordinate is not a finite number";
  }
  if (rule.lonlat && std::fabs(y) > 90.0) return "latitude " + number_text(y) + " is beyond +/-90 degrees";
  if (rule.lonlat && std::fabs(x) > 360.0) {
    return "longitude " + number_text(x) + " is far outside -180..180 degrees";
  }
  // The Earth is 4e7 m round: a projected coordinate beyond 1e8 m is no place on it.
  constexpr double kFarMetres = 1e8;
  if (rule.metres_per_unit > 0 &&
      (std::fabs(x) * rule.metres_per_unit > kFarMetres || std::fabs(y) * rule.metres_per_unit > kFarMetres)) {
    return "coordinate (" + number_text(x) + ", " + number_text(y) + ") is far outside any place on Earth in " +
           (rule.crs_name.empty() ? "the layer's CRS" : rule.crs_name);
  }
  return "";
}

// The first problem of a geometry's coordinates and rings, "" when there is none: a coordinate
// that is not finite or out of range for the CRS, a polygon ring with fewer than 4 positions or
// not closed (GDAL reads an unclosed ring as it is, with only a warning).
// Dispatched on the geometry type, not dynamic_cast: a chain of failed casts per ring was a
// measurable part of `area` on many small parcels.
std::string coordinate_problem(const OGRGeometry& geometry, const CoordinateRule& rule) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPoint) {
    const OGRPoint* point = geometry.toPoint();
    if (point->IsEmpty() && !std::isnan(point->getX()) && !std::isnan(point->getY())) return "";
    const double z = point->getZ();
    return point_problem(point->getX(), point->getY(), point->Is3D() ? &z : nullptr, rule);
  }
  if (type == wkbLineString || type == wkbCircularString) {  // a linear ring is a line string
    const OGRSimpleCurve* curve = geometry.toSimpleCurve();
    const bool has_z = curve->Is3D();
    for (int i = 0; i < curve->getNumPoints(); ++i) {
      const double z = has_z ? curve->getZ(i) : 0.0;
      if (point_fine(curve->getX(i), curve->getY(i), has_z ? &z : nullptr, rule)) continue;
      std::string problem = point_problem(curve->getX(i), curve->getY(i), has_z ? &z : nullptr, rule);
      if (!problem.empty()) return problem;
    }
    return "";
  }
  if (type == wkbCompoundCurve) {
    const OGRCompoundCurve* compound = geometry.toCompoundCurve();
    for (int i = 0; i < compound->getNumCurves(); ++i) {
      std::string problem = coordinate_problem(*compound->getCurve(i), rule);
      if (!problem.empty()) return problem;
    }
    return "";
  }
  if (type == wkbPolygon || type == wkbCurvePolygon || type == wkbTriangle) {
    const OGRCurvePolygon* polygon = geometry.toCurvePolygon();
    const bool linear = type == wkbPolygon;
    for (int i = 0; i <= polygon->getNumInteriorRings(); ++i) {
      const OGRCurve* ring = i == 0 ? polygon->getExteriorRingCurve() : polygon->getInteriorRingCurve(i - 1);
      if (!ring) continue;
      std::string problem = coordinate_problem(*ring, rule);
      if (!problem.empty()) return problem;
      const int n = ring->getNumPoints();
      if ((linear && n < 4) || (n > 0 && !ring->get_IsClosed())) {
        const std::string name = i == 0 ? "the exterior ring" : "interior ring " + std::to_string(i);
        if (linear && n < 4) {
          return name + " has " + std::to_string(n) +
                 " positions: a ring needs at least 4, the last repeating the first";
        }
        return name + " is not closed: its last position differs from its first";
      }
    }
    return "";
  }
  if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {  // the multi types too
    const OGRGeometryCollection* collection = geometry.toGeometryCollection();
    for (int i = 0; i < collection->getNumGeometries(); ++i) {
      std::string problem = coordinate_problem(*collection->getGeometryRef(i), rule);
      if (!problem.empty()) {
        return collection->getNumGeometries() > 1 ? "part " + std::to_string(i + 1) + ": " + problem : problem;
      }
    }
  }
  return "";
}

}  // namespace

bool is_polygonal(OGRwkbGeometryType type) {
  const OGRwkbGeometryType flat = wkbFlatten(type);
  return OGR_GT_IsSurface(flat) || flat == wkbMultiPolygon || flat == wkbMultiSurface ||
         flat == wkbGeometryCollection || flat == wkbPolyhedralSurface || flat == wkbTIN;
}

CoordinateRule coordinate_rule(const OGRSpatialReference* crs) {
  CoordinateRule rule;
  if (crs) {
    rule.lonlat = crs->IsGeographic();
    if (crs->IsProjected()) rule.metres_per_unit = crs->GetLinearUnits();
    if (const char* name = crs->GetName()) rule.crs_name = name;
  }
  return rule;
}

std::string invalid_geometry_reason(const OGRGeometry& geometry, const CoordinateRule& rule,
                                    const GeosContext& geos) {
  std::string problem = coordinate_problem(geometry, rule);
  if (!problem.empty() || geometry.IsEmpty()) return problem;
  // Points have nothing GEOS would refuse once their coordinates are finite.
  if (geometry.getDimension() == 0) return "";
  // GEOS judges in the plane: a lon/lat polygon across the antimeridian (spanning more than
  // 180 degrees of longitude as written) is valid on the ellipsoid but not there.
  OGREnvelope envelope;
  geometry.getEnvelope(&envelope);
  if (rule.lonlat && envelope.MaxX - envelope.MinX > 180.0) return "";
  // Most parcels are simple polygons, proved valid here in a fraction of GEOS's time. A
  // multipolygon of one part is as valid as its part.
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon && proven_valid(*geometry.toPolygon())) return "";
  if (type == wkbMultiPolygon && geometry.toMultiPolygon()->getNumGeometries() == 1 &&
      proven_valid(*geometry.toMultiPolygon()->getGeometryRef(0))) {
    return "";
  }
  try {
    const GeosGeometry converted = geos.from_ogr(geometry);
    if (const auto reason = geos.invalid_reason(*converted)) return *reason;
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

}  // namespace parklayers
