// SPDX-License-Identifier: GPL-2.0-or-later
// The one validity rule for geometries, used by every command: `build` and `check` reading a
// park source, `area` measuring any layer. A geometry is refused for a coordinate that is not
// finite or beyond its CRS, a ring too short or not closed, or what GEOS finds.
#pragma once

#include <string>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

namespace parklayers {

class GeosContext;

// What invalid_geometry_reason holds coordinates to, read once from a layer's CRS (null:
// unknown). Read once: asking the CRS for every feature costs time, and GDAL's
// OGRSpatialReference may not be used from two threads at once.
struct CoordinateRule {
  bool lonlat = false;         // geographic: latitude within +/-90, longitude near -180..180
  double metres_per_unit = 0;  // projected: no coordinate beyond 1e8 m (0: no bound)
  std::string crs_name;
};
CoordinateRule coordinate_rule(const OGRSpatialReference* crs);

// Why a geometry is invalid, "" when it is valid: a coordinate not finite or beyond the CRS
// (latitude past 90, a projected coordinate no place on Earth), a ring with fewer than 4
// positions or not closed, or what GEOS finds in a line or polygon (a self-intersection, ...).
// An empty geometry has no such problem (callers decide whether empty is allowed). A lon/lat
// polygon spanning more than 180 degrees of longitude as written crosses the antimeridian:
// valid on the ellipsoid, so not given to GEOS, which judges in the plane. A polygon
// simple_polygon.h proves valid is not given to GEOS either.
std::string invalid_geometry_reason(const OGRGeometry& geometry, const CoordinateRule& rule,
                                    const GeosContext& geos);

// Whether features of this geometry type have an area: surfaces (polygons, curved ones,
// triangles), multipolygons and multisurfaces, collections, polyhedral surfaces and TINs.
bool is_polygonal(OGRwkbGeometryType type);

}  // namespace parklayers
