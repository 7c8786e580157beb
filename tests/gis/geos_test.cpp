// SPDX-License-Identifier: GPL-2.0-or-later
// geos: OGR geometries handed to GEOS. Polygons and multipolygons are built from their
// coordinates; everything else goes through WKB. Both roads must give GEOS the same geometry.
#include "parklayers/gis/geos.h"

#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <ogr_geometry.h>

namespace parklayers {
namespace {

std::unique_ptr<OGRGeometry> from_wkt(const char* wkt) {
  OGRGeometry* geometry = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry), OGRERR_NONE) << wkt;
  return std::unique_ptr<OGRGeometry>(geometry);
}

// GEOS's own reading of the geometry's WKB (2D), the reference for from_ogr.
GeosGeometry through_wkb(const GeosContext& geos, const OGRGeometry& geometry) {
  std::unique_ptr<OGRGeometry> flat(geometry.clone());
  flat->flattenTo2D();
  std::string wkb(static_cast<size_t>(flat->WkbSize()), '\0');
  EXPECT_EQ(flat->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()), wkbVariantIso), OGRERR_NONE);
  GEOSWKBReader* reader = GEOSWKBReader_create_r(geos.handle());
  GEOSGeometry* read = GEOSWKBReader_read_r(geos.handle(), reader, reinterpret_cast<const unsigned char*>(wkb.data()),
                                           wkb.size());
  GEOSWKBReader_destroy_r(geos.handle(), reader);
  return GeosGeometry(read, GeosGeometryDeleter{geos.handle()});
}

TEST(Geos, PolygonsBuiltFromCoordinatesEqualGeosReadingTheirWkb) {
  const GeosContext geos;
  for (const char* wkt : {
           "POLYGON ((121.18 31.30,121.19 31.30,121.19 31.31,121.18 31.31,121.18 31.30))",
           "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2),(6 6,6 8,8 8,6 6))",
           "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5),(5.2 5.1,5.8 5.1,5.8 5.7,5.2 5.1)))",
           "POLYGON Z ((0 0 5,1 0 5,1 1 6,0 0 5))",                     // Z dropped
           "POLYGON ((0 0,2 2,2 0,0 2,0 0))",                            // a bow tie: invalid, still built
           "POLYGON ((0 0,1 0,1 0,1 1,0 0))",                            // a repeated vertex
           "CURVEPOLYGON (CIRCULARSTRING (0 0,1 1,2 0,1 -1,0 0))",       // through WKB (linearised)
           "POLYGON EMPTY", "MULTIPOLYGON EMPTY", "POINT (1 2)",         // through WKB
       }) {
    const std::unique_ptr<OGRGeometry> geometry = from_wkt(wkt);
    const GeosGeometry built = geos.from_ogr(*geometry);
    ASSERT_TRUE(built) << wkt;
    std::unique_ptr<OGRGeometry> linear(geometry->hasCurveGeometry() ? geometry->getLinearGeometry() : geometry->clone());
    const GeosGeometry reference = through_wkb(geos, *linear);
    ASSERT_TRUE(reference) << wkt;
    EXPECT_EQ(GEOSEqualsExact_r(geos.handle(), built.get(), reference.get(), 0.0), 1) << wkt;
    EXPECT_EQ(GEOSGeomTypeId_r(geos.handle(), built.get()), GEOSGeomTypeId_r(geos.handle(), reference.get())) << wkt;
    EXPECT_EQ(GEOSGetNumCoordinates_r(geos.handle(), built.get()),
              GEOSGetNumCoordinates_r(geos.handle(), reference.get())) << wkt;
  }
}

TEST(Geos, RingsGeosRefusesAreRefusedInGeosWords) {
  const GeosContext geos;
  // Unclosed: OGR holds it, GEOS does not (it takes the WKB road, and GEOS words the problem).
  for (const char* wkt : {"POLYGON ((0 0,1 0,1 1,0 1))"}) {
    const std::unique_ptr<OGRGeometry> geometry = from_wkt(wkt);
    try {
      (void)geos.from_ogr(*geometry);
      ADD_FAILURE() << wkt << ": accepted";
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find("LinearRing"), std::string::npos) << error.what();
    }
  }
}

TEST(Geos, PreparedIntersectsAgreesWithGeosIntersects) {
  const GeosContext geos;
  const GeosGeometry shape = geos.from_ogr(*from_wkt("POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,8 2,8 8,2 8,2 2))"));
  const GeosPrepared prepared = geos.prepare(*shape);
  int touching = 0;
  for (const char* wkt : {
           "POLYGON ((3 3,4 3,4 4,3 3))",            // in the hole
           "POLYGON ((2 2,4 2,4 4,2 2))",            // in the hole, touching it
           "POLYGON ((10 0,12 0,12 2,10 0))",        // a shared corner
           "POLYGON ((11 0,12 0,12 2,11 0))",        // apart
           "POLYGON ((-1 -1,11 -1,11 11,-1 -1))",    // across
           "MULTIPOLYGON (((3 3,4 3,4 4,3 3)),((9 9,9.5 9,9.5 9.5,9 9)))",
       }) {
    const GeosGeometry other = geos.from_ogr(*from_wkt(wkt));
    const char expected = GEOSIntersects_r(geos.handle(), shape.get(), other.get());
    EXPECT_EQ(geos.intersects(*prepared, *other), expected == 1) << wkt;
    touching += expected == 1;
  }
  EXPECT_EQ(touching, 4);
}

TEST(Geos, ValidityReasons) {
  const GeosContext geos;
  EXPECT_FALSE(geos.invalid_reason(*geos.from_ogr(*from_wkt("POLYGON ((0 0,1 0,1 1,0 0))"))));
  const auto bow_tie = geos.invalid_reason(*geos.from_ogr(*from_wkt("POLYGON ((0 0,2 2,2 0,0 2,0 0))")));
  ASSERT_TRUE(bow_tie);
  EXPECT_NE(bow_tie->find("Self-intersection"), std::string::npos) << *bow_tie;
  // Too short a ring: GEOS reads it (through WKB) and calls it invalid.
  const auto too_short = geos.invalid_reason(*geos.from_ogr(*from_wkt("POLYGON ((0 0,1 0,0 0))")));
  ASSERT_TRUE(too_short);
  EXPECT_NE(too_short->find("Too few points"), std::string::npos) << *too_short;
  const auto hole_outside = geos.invalid_reason(
      *geos.from_ogr(*from_wkt("POLYGON ((0 0,1 0,1 1,0 1,0 0),(5 5,6 5,6 6,5 5))")));
  ASSERT_TRUE(hole_outside);
  EXPECT_NE(hole_outside->find("Hole lies outside shell"), std::string::npos) << *hole_outside;
}

}  // namespace
}  // namespace parklayers
