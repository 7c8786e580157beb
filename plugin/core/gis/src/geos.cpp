// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/geos.h"

#include <stdexcept>

namespace parklayers {
namespace {

struct WkbReaderDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSWKBReader* reader) const { GEOSWKBReader_destroy_r(handle, reader); }
};
struct WkbWriterDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSWKBWriter* writer) const { GEOSWKBWriter_destroy_r(handle, writer); }
};
struct GeosFree {
  GEOSContextHandle_t handle;
  void operator()(void* memory) const { GEOSFree_r(handle, memory); }
};

}  // namespace

void GeosGeometryDeleter::operator()(GEOSGeometry* geometry) const {
  if (geometry) GEOSGeom_destroy_r(handle, geometry);
}

void GeosPreparedDeleter::operator()(const GEOSPreparedGeometry* prepared) const {
  if (prepared) GEOSPreparedGeom_destroy_r(handle, prepared);
}

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  if (!handle_) throw std::runtime_error("GEOS could not be initialised");
  GEOSContext_setErrorMessageHandler_r(handle_, &GeosContext::on_message, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

void GeosContext::on_message(const char* message, void* user_data) {
  static_cast<GeosContext*>(user_data)->last_error_ = message ? message : "";
}

GeosGeometry GeosContext::own(GEOSGeometry* geometry, const char* operation) const {
  if (!geometry) {
    throw std::runtime_error(std::string("GEOS ") + operation + " failed: " + last_error_);
  }
  return GeosGeometry(geometry, GeosGeometryDeleter{handle_});
}

namespace {

// Whether every ring of a polygon can be handed to GEOS as it is: closed, at least 4 points.
// (Anything else goes through WKB, so that GEOS itself words the problem.)
bool plain_polygon(const OGRPolygon& polygon) {
  if (polygon.IsEmpty()) return false;
  for (const OGRLinearRing* ring : polygon) {
    const int n = ring->getNumPoints();
    if (n < 4 || ring->getX(0) != ring->getX(n - 1) || ring->getY(0) != ring->getY(n - 1)) return false;
  }
  return true;
}

}  // namespace

GEOSGeometry* GeosContext::ring_from_ogr(const OGRSimpleCurve& ring) const {
  const int n = ring.getNumPoints();
  coordinates_.resize(2 * static_cast<size_t>(n));
  ring.getPoints(coordinates_.data(), 2 * sizeof(double), coordinates_.data() + 1, 2 * sizeof(double));
  GEOSCoordSequence* sequence =
      GEOSCoordSeq_copyFromBuffer_r(handle_, coordinates_.data(), static_cast<unsigned>(n), 0, 0);
  if (!sequence) return nullptr;
  return GEOSGeom_createLinearRing_r(handle_, sequence);  // owns the sequence
}

GEOSGeometry* GeosContext::polygon_from_ogr(const OGRPolygon& polygon) const {
  GeosGeometry shell(ring_from_ogr(*polygon.getExteriorRing()), GeosGeometryDeleter{handle_});
  if (!shell) return nullptr;
  std::vector<GeosGeometry> holes;
  for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
    holes.emplace_back(ring_from_ogr(*polygon.getInteriorRing(i)), GeosGeometryDeleter{handle_});
    if (!holes.back()) return nullptr;
  }
  std::vector<GEOSGeometry*> raw;
  for (GeosGeometry& hole : holes) raw.push_back(hole.get());
  GEOSGeometry* made = GEOSGeom_createPolygon_r(handle_, shell.get(), raw.data(), static_cast<unsigned>(raw.size()));
  if (made) {  // the polygon owns its rings now
    shell.release();
    for (GeosGeometry& hole : holes) hole.release();
  }
  return made;
}

GeosGeometry GeosContext::from_ogr(const OGRGeometry& geometry) const {
  // Polygons and multipolygons, most of what is measured, are built from their coordinates:
  // a third of the cost of the WKB round trip on small parcels.
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon && plain_polygon(*geometry.toPolygon())) {
    return own(polygon_from_ogr(*geometry.toPolygon()), "polygon");
  }
  if (type == wkbMultiPolygon && !geometry.IsEmpty()) {
    const OGRMultiPolygon& multi = *geometry.toMultiPolygon();
    bool plain = true;
    for (const OGRPolygon* part : multi) plain = plain && plain_polygon(*part);
    if (plain) {
      std::vector<GeosGeometry> parts;
      for (const OGRPolygon* part : multi) {
        parts.push_back(own(polygon_from_ogr(*part), "polygon"));
      }
      std::vector<GEOSGeometry*> raw;
      for (GeosGeometry& part : parts) raw.push_back(part.get());
      GeosGeometry made = own(GEOSGeom_createCollection_r(handle_, GEOS_MULTIPOLYGON, raw.data(),
                                                         static_cast<unsigned>(raw.size())),
                              "multipolygon");
      for (GeosGeometry& part : parts) part.release();  // owned by the collection now
      return made;
    }
  }
  std::vector<unsigned char> wkb(geometry.WkbSize());
  std::unique_ptr<OGRGeometry> flat;
  const OGRGeometry* source = &geometry;
  if (geometry.Is3D() || geometry.IsMeasured() || geometry.hasCurveGeometry()) {
    flat.reset(geometry.hasCurveGeometry() ? geometry.getLinearGeometry() : geometry.clone());
    flat->flattenTo2D();
    flat->setMeasured(FALSE);
    source = flat.get();
    wkb.resize(source->WkbSize());
  }
  if (source->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
    throw std::runtime_error("the geometry could not be exported as WKB");
  }
  std::unique_ptr<GEOSWKBReader, WkbReaderDeleter> reader(GEOSWKBReader_create_r(handle_),
                                                          WkbReaderDeleter{handle_});
  return own(GEOSWKBReader_read_r(handle_, reader.get(), wkb.data(), wkb.size()), "WKB read");
}

std::unique_ptr<OGRGeometry> GeosContext::to_ogr(const GEOSGeometry& geometry) const {
  std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter> writer(GEOSWKBWriter_create_r(handle_),
                                                          WkbWriterDeleter{handle_});
  size_t size = 0;
  std::unique_ptr<unsigned char, GeosFree> wkb(
      GEOSWKBWriter_write_r(handle_, writer.get(), &geometry, &size), GeosFree{handle_});
  if (!wkb) throw std::runtime_error("GEOS WKB write failed: " + last_error_);
  OGRGeometry* out = nullptr;
  if (OGRGeometryFactory::createFromWkb(wkb.get(), nullptr, &out, size) != OGRERR_NONE) {
    throw std::runtime_error("GEOS result could not be read back as WKB");
  }
  return std::unique_ptr<OGRGeometry>(out);
}

std::optional<std::string> GeosContext::invalid_reason(const GEOSGeometry& geometry) const {
  const char valid = GEOSisValid_r(handle_, &geometry);
  if (valid == 1) return std::nullopt;
  std::unique_ptr<char, GeosFree> reason(GEOSisValidReason_r(handle_, &geometry),
                                         GeosFree{handle_});
  return reason ? std::string(reason.get()) : "GEOS could not test validity: " + last_error_;
}

bool GeosContext::interiors_intersect(const GEOSGeometry& a, const GEOSGeometry& b) const {
  const char result = GEOSRelatePattern_r(handle_, &a, &b, "T********");
  if (result == 2) throw std::runtime_error("GEOS relate failed: " + last_error_);
  return result == 1;
}

bool GeosContext::covered_by(const GEOSGeometry& inner, const GEOSGeometry& outer) const {
  const char result = GEOSCoveredBy_r(handle_, &inner, &outer);
  if (result == 2) throw std::runtime_error("GEOS covered-by failed: " + last_error_);
  return result == 1;
}

GeosGeometry GeosContext::intersection(const GEOSGeometry& a, const GEOSGeometry& b) const {
  return own(GEOSIntersection_r(handle_, &a, &b), "intersection");
}

GeosPrepared GeosContext::prepare(const GEOSGeometry& geometry) const {
  const GEOSPreparedGeometry* prepared = GEOSPrepare_r(handle_, &geometry);
  if (!prepared) throw std::runtime_error("GEOS prepare failed: " + last_error_);
  return GeosPrepared(prepared, GeosPreparedDeleter{handle_});
}

bool GeosContext::intersects(const GEOSPreparedGeometry& prepared, const GEOSGeometry& other) const {
  const char result = GEOSPreparedIntersects_r(handle_, &prepared, &other);
  if (result == 2) throw std::runtime_error("GEOS prepared intersects failed: " + last_error_);
  return result == 1;
}

GeosGeometry GeosContext::union_all(const std::vector<const GEOSGeometry*>& geometries) const {
  std::vector<GEOSGeometry*> clones;
  clones.reserve(geometries.size());
  for (const GEOSGeometry* g : geometries) clones.push_back(GEOSGeom_clone_r(handle_, g));
  // The collection takes ownership of the clones.
  GeosGeometry collection =
      own(GEOSGeom_createCollection_r(handle_, GEOS_GEOMETRYCOLLECTION, clones.data(),
                                      static_cast<unsigned>(clones.size())),
          "collection");
  return own(GEOSUnaryUnion_r(handle_, collection.get()), "union");
}

}  // namespace parklayers
