// SPDX-License-Identifier: GPL-2.0-or-later
// GEOS through its reentrant C API, with RAII: one GeosContext per thread, geometries owned by
// GeosGeometry handles that free themselves.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <geos_c.h>
#include <ogr_geometry.h>

namespace parklayers {

class GeosContext;

struct GeosGeometryDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(GEOSGeometry* geometry) const;
};
using GeosGeometry = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;

struct GeosPreparedDeleter {
  GEOSContextHandle_t handle = nullptr;
  void operator()(const GEOSPreparedGeometry* prepared) const;
};
// A prepared geometry: GEOS's indexes of one geometry, built once for many predicates against
// others. It refers to the geometry it was made from, which must outlive it.
using GeosPrepared = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t handle() const { return handle_; }
  // The last error GEOS reported in this context.
  const std::string& last_error() const { return last_error_; }

  // OGR geometry to GEOS (through WKB; Z and M dropped). Throws std::runtime_error on failure.
  GeosGeometry from_ogr(const OGRGeometry& geometry) const;
  std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry& geometry) const;

  // nullopt when valid, else GEOS's reason ("Self-intersection[121.18 31.31]").
  std::optional<std::string> invalid_reason(const GEOSGeometry& geometry) const;
  // Whether the interiors of a and b intersect (sharing an edge does not count).
  bool interiors_intersect(const GEOSGeometry& a, const GEOSGeometry& b) const;
  // Whether inner lies wholly inside outer (boundary contact allowed).
  bool covered_by(const GEOSGeometry& inner, const GEOSGeometry& outer) const;
  GeosGeometry intersection(const GEOSGeometry& a, const GEOSGeometry& b) const;
  // The geometry prepared (it must outlive the result). Throws std::runtime_error on failure.
  GeosPrepared prepare(const GEOSGeometry& geometry) const;
  // Whether the prepared geometry and other have any point in common.
  bool intersects(const GEOSPreparedGeometry& prepared, const GEOSGeometry& other) const;
  // Union of all the geometries (they are not consumed).
  GeosGeometry union_all(const std::vector<const GEOSGeometry*>& geometries) const;

 private:
  GeosGeometry own(GEOSGeometry* geometry, const char* operation) const;
  GEOSGeometry* ring_from_ogr(const OGRSimpleCurve& ring) const;       // nullptr on failure
  GEOSGeometry* polygon_from_ogr(const OGRPolygon& polygon) const;     // nullptr on failure
  static void on_message(const char* message, void* user_data);

  GEOSContextHandle_t handle_ = nullptr;
  std::string last_error_;
  mutable std::vector<double> coordinates_;  // a ring's x, y pairs (from_ogr)
};

}  // namespace parklayers
