// SPDX-License-Identifier: GPL-2.0-or-later
// Ellipsoidal area of polygons (Karney 2013, "Algorithms for geodesics", J. Geodesy 87:43-55,
// through PROJ's geod_polygon_*), and beside it a planar Gauss-Kruger area: for a source in a
// Gauss-Kruger CRS, on the source's own plane (its zone, its datum, its coordinates as they
// are); for any other source, in the CGCS2000 3-degree zone of the feature (EPSG:4534-4554,
// EPSG:4549 around Anting).
//
// Rules: holes are subtracted, the parts of a multipolygon added, ring winding does not
// matter, Z and M are ignored, curves are linearised. A source in a projected CRS is brought
// to its own geographic CRS first; the ellipsoid is always the source CRS's.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <geodesic.h>
#include <ogr_geometry.h>
#include <proj.h>
#include <ogr_spatialref.h>

namespace parklayers {

struct Ellipsoid {
  double semi_major_m = 0;
  double flattening = 0;
  std::string name;
};

// The ellipsoid of a CRS (geographic or projected). Throws std::invalid_argument when the CRS
// has none (an engineering CRS, for example).
Ellipsoid ellipsoid_of(const OGRSpatialReference& crs);

// Ellipsoidal area of one ring given as longitude/latitude degrees, signed: counter-clockwise
// positive. The closing vertex may be repeated or not.
double geodesic_ring_area(const geod_geodesic& geod, const OGRSimpleCurve& ring_lonlat);

struct AreaOptions {
  bool gauss_kruger = true;  // also compute the planar Gauss-Kruger area
};

// The plane a planar area is on.
struct GaussKrugerZone {
  int central_meridian = 0;  // degrees east
  int epsg = 0;              // the plane's EPSG code; 0 when it has none
  std::string crs_name;      // "EPSG:4549"; else the CRS's name, or a PROJ string
  // true: the source's own Gauss-Kruger plane, measured on the source's coordinates as they
  // are (a coordinate file in EPSG:2364 is measured in EPSG:2364: the plane its stated areas
  // were computed on). false: the CGCS2000 3-degree zone chosen by longitude (EPSG:4534-4554).
  bool source_plane = false;
};

// The source's own Gauss-Kruger plane, when the CRS is one: projected on a Transverse Mercator
// with scale factor 1 (the Chinese 3- and 6-degree families of every datum, and Gauss-Kruger
// CRSs elsewhere; not UTM, whose scale is 0.9996). Its name is the CRS's EPSG code, identified
// by PROJ when the CRS states none, else the CRS's name (its PROJ string when it has no name).
// nullopt for any other CRS.
std::optional<GaussKrugerZone> source_gauss_kruger_plane(const OGRSpatialReference& crs);

// The zone's transverse Mercator (PROJ's tmerc on the CGCS2000 ellipsoid, which is GRS80's: the
// projection of EPSG:4534-4554) is applied to the source's own
// longitude/latitude, with no datum shift: for a WGS 84 or CGCS2000 source this is the
// operation PROJ itself chooses (a ballpark geographic offset, i.e. none); for a source on
// another datum a shift of metres to a few hundred metres moves a parcel, not its area.
// PROJ chooses the algorithm point by point (+algo=auto): Evenden/Snyder where PROJ judges it
// within 0.1 mm of the exact Poder/Engsager, near the central meridian, at half the cost there
// (points 1 to 2 degrees from it, one core). Planar areas then differ from Poder/Engsager's by
// 3e-7 m2 at most, 1.6e-10 relative, on the benchmark's 200,000 parcels; area_test holds them
// within 1e-9 over every zone, up to its edges.
//
// The 3-degree zone whose central meridian is nearest to the longitude (CM 120E for 118.5 E to
// 121.5 E, CM 123E east of 121.5 E).
GaussKrugerZone gauss_kruger_zone(double longitude);

struct FeatureArea {
  double area_m2 = 0;
  double perimeter_m = 0;
  // Planar area: on the source's own GK plane (gk_zone.source_plane), else in the CGCS2000
  // 3-degree zone of the feature's centroid.
  std::optional<double> gk_area_m2;
  GaussKrugerZone gk_zone;
};

// Computes areas of geometries in one source CRS. Not thread-safe (it owns coordinate
// transformations); use one per thread.
class AreaCalculator {
 public:
  // Throws std::invalid_argument if the CRS has no ellipsoid or cannot be transformed to its
  // geographic CRS.
  explicit AreaCalculator(const OGRSpatialReference& source_crs, AreaOptions options = {});
  ~AreaCalculator();
  AreaCalculator(const AreaCalculator&) = delete;
  AreaCalculator& operator=(const AreaCalculator&) = delete;

  const Ellipsoid& ellipsoid() const { return ellipsoid_; }
  // The source's own Gauss-Kruger plane (source_gauss_kruger_plane), where planar areas are
  // measured; nullopt: the CGCS2000 3-degree zone of each feature.
  const std::optional<GaussKrugerZone>& source_plane() const { return source_plane_; }

  // Ellipsoidal area in m2 of the polygonal parts of geometry (0 for points and lines).
  // Throws std::invalid_argument for non-finite coordinates or a failed transformation.
  double area_m2(const OGRGeometry& geometry) const;

  // Area, perimeter and (with options.gauss_kruger) the planar GK area.
  FeatureArea measure(const OGRGeometry& geometry) const;

  // Area and (with options.gauss_kruger) the planar GK area, without the perimeter: what
  // `parklayers area` reports for any layer, anywhere. Unlike measure(), a geometry with no
  // meaningful GK zone (wider than 180 degrees of longitude as written, i.e. across the
  // antimeridian) or one PROJ cannot project gets gk_area_m2 = nullopt, not an error: the
  // ellipsoidal area stays the primary figure; nothing is printed for it (the calculator's
  // PROJ context does not log). Throws std::invalid_argument like area_m2.
  FeatureArea measure_area(const OGRGeometry& geometry) const;

  // The geometry in longitude/latitude degrees of the source's geographic CRS (a copy).
  std::unique_ptr<OGRGeometry> to_lonlat(const OGRGeometry& geometry) const;

 private:
  double lonlat_area(const OGRGeometry& lonlat, double* perimeter) const;
  double planar_gk_area(const OGRGeometry& lonlat, const GaussKrugerZone& zone) const;
  double planar_area(const OGRGeometry& lonlat, PJ& to_gk, const GaussKrugerZone& zone) const;
  double source_plane_area(const OGRGeometry& geometry) const;

  struct ProjContextDeleter {
    void operator()(PJ_CONTEXT* context) const { proj_context_destroy(context); }
  };
  struct ProjDeleter {
    void operator()(PJ* pj) const { proj_destroy(pj); }
  };

  AreaOptions options_;
  Ellipsoid ellipsoid_;
  geod_geodesic geod_{};
  OGRSpatialReference geographic_;  // lon/lat order
  std::unique_ptr<OGRCoordinateTransformation> to_geographic_;  // null: source is lon/lat
  double degrees_per_unit_ = 1.0;  // for geographic sources in grads or radians
  std::optional<GaussKrugerZone> source_plane_;
  double metres_per_unit_ = 1.0;  // of source_plane_'s coordinates
  // The GK zones' transverse Mercators, by central meridian, in this calculator's own PROJ
  // context (PROJ objects belong to one thread).
  mutable std::unique_ptr<PJ_CONTEXT, ProjContextDeleter> proj_context_;
  mutable std::map<int, std::unique_ptr<PJ, ProjDeleter>> to_gk_;
  mutable std::vector<double> gk_x_, gk_y_;  // a ring's vertices, projected (planar_area)
};

}  // namespace parklayers
