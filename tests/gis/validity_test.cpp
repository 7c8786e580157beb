// SPDX-License-Identifier: GPL-2.0-or-later
// validity: the one rule every command holds geometries to.
#include "parklayers/gis/validity.h"

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include "parklayers/gis/geos.h"

namespace parklayers {
namespace {

std::unique_ptr<OGRGeometry> parse(const char* wkt) {
  OGRGeometry* parsed = nullptr;
  EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &parsed), OGRERR_NONE) << wkt;
  return std::unique_ptr<OGRGeometry>(parsed);
}

// The coordinate and ring rules reach into every geometry type OGR reads: a latitude of 95 is
// found wherever it sits, an unclosed or too short ring in straight and curved polygons.
TEST(InvalidGeometryReason, CoordinatesOfEveryGeometryType) {
  const GeosContext geos;
  CoordinateRule lonlat;
  lonlat.lonlat = true;
  const std::string beyond = "latitude 95 is beyond +/-90 degrees";
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"POINT (121 95)", beyond},
      {"LINESTRING (121 31,121 95)", beyond},
      {"CIRCULARSTRING (121 31,121.5 95,122 31)", beyond},
      {"COMPOUNDCURVE ((121 31,121 32),CIRCULARSTRING (121 32,121.5 95,122 32))", beyond},
      {"POLYGON ((121 31,122 31,122 95,121 31))", beyond},
      {"POLYGON ((121 31,122 31,122 32,121 31),(121.5 31.2,121.6 95,121.6 31.2,121.5 31.2))", beyond},
      {"CURVEPOLYGON (CIRCULARSTRING (121 31,121.5 95,122 31,121.5 30,121 31))", beyond},
      {"TRIANGLE ((121 31,122 31,122 95,121 31))", beyond},
      {"MULTIPOINT ((121 95))", beyond},
      {"MULTILINESTRING ((121 31,121 95))", beyond},
      {"MULTIPOLYGON (((121 31,122 31,122 95,121 31)))", beyond},
      {"MULTICURVE (CIRCULARSTRING (121 31,121.5 95,122 31))", beyond},
      {"MULTISURFACE (CURVEPOLYGON (CIRCULARSTRING (121 31,121.5 95,122 31,121.5 30,121 31)))", beyond},
      {"GEOMETRYCOLLECTION (POINT (121 31),LINESTRING (121 31,121 95))", "part 2: " + beyond},
      {"POLYGON ((121 31,122 31,121 31))",
       "the exterior ring has 3 positions: a ring needs at least 4, the last repeating the first"},
      {"POLYGON ((121 31,122 31,122 32,121 32))", "the exterior ring is not closed: its last position differs from its first"},
      {"POLYGON ((121 31,122 31,122 32,121 31),(121.5 31.2,121.6 31.3,121.6 31.2,121.5 31.25))",
       "interior ring 1 is not closed: its last position differs from its first"},
      {"CURVEPOLYGON (CIRCULARSTRING (121 31,121.5 32,122 31))",
       "the exterior ring is not closed: its last position differs from its first"},
      {"MULTIPOLYGON (((121 31,122 31,122 32,121 31)),((123 31,124 31,124 32,123 32)))",
       "part 2: the exterior ring is not closed: its last position differs from its first"},
      // Valid ones of each kind.
      {"POINT (121 31)", ""},
      {"CIRCULARSTRING (121 31,121.5 31.5,122 31)", ""},
      {"CURVEPOLYGON (CIRCULARSTRING (121 31,121.5 32,122 31,121.5 30,121 31))", ""},
      {"MULTIPOLYGON (((121 31,122 31,122 32,121 31)),((123 31,124 31,124 32,123 31)))", ""},
  };
  for (const auto& [wkt, expected] : cases) {
    OGRGeometry* parsed = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &parsed), OGRERR_NONE) << wkt;
    const std::unique_ptr<OGRGeometry> geometry(parsed);
    EXPECT_EQ(invalid_geometry_reason(*geometry, lonlat, geos), expected) << wkt;
  }
}

// GEOS's own reasons reach the user, for polygons and lines alike.
TEST(InvalidGeometryReason, GeosFindsSelfIntersections) {
  const GeosContext geos;
  CoordinateRule lonlat;
  lonlat.lonlat = true;
  const std::string bowtie = invalid_geometry_reason(*parse("POLYGON ((121 31,122 32,122 31,121 32,121 31))"), lonlat, geos);
  EXPECT_EQ(bowtie.rfind("Self-intersection", 0), 0u) << bowtie;
  // A bow-tie of one part is refused too (the fast proof does not accept it).
  const std::string multi =
      invalid_geometry_reason(*parse("MULTIPOLYGON (((121 31,122 32,122 31,121 32,121 31)))"), lonlat, geos);
  EXPECT_EQ(multi.rfind("Self-intersection", 0), 0u) << multi;
  // A line that crosses itself is a valid line.
  EXPECT_EQ(invalid_geometry_reason(*parse("LINESTRING (121 31,122 32,122 31,121 32)"), lonlat, geos), "");
}

// Empty geometries and lon/lat polygons across the antimeridian are not refused by the rule.
TEST(InvalidGeometryReason, EmptyAndAntimeridian) {
  const GeosContext geos;
  CoordinateRule lonlat;
  lonlat.lonlat = true;
  EXPECT_EQ(invalid_geometry_reason(*parse("POLYGON EMPTY"), lonlat, geos), "");
  // A U-shaped parcel across the antimeridian, written from 179 to -179 through 180: simple
  // on the ellipsoid, but in the plane its edges from -179.5 to 179.5 cross its sides, and
  // GEOS refuses it. As lon/lat it is not given to GEOS.
  const char* across = "POLYGON ((179 0,-179 0,-179 2,-179.5 2,-179.5 1,179.5 1,179.5 2,179 2,179 0))";
  EXPECT_EQ(invalid_geometry_reason(*parse(across), lonlat, geos), "");
  CoordinateRule plane;
  plane.metres_per_unit = 1;
  const std::string in_the_plane = invalid_geometry_reason(*parse(across), plane, geos);
  EXPECT_EQ(in_the_plane.rfind("Self-intersection", 0), 0u) << in_the_plane;
}

TEST(CoordinateRule, ProjectedCoordinatesFarOffTheEarthAreRefused) {
  const GeosContext geos;
  OGRSpatialReference utm;
  ASSERT_EQ(utm.importFromEPSG(32651), OGRERR_NONE);
  const CoordinateRule rule = coordinate_rule(&utm);
  EXPECT_FALSE(rule.lonlat);
  EXPECT_EQ(rule.metres_per_unit, 1.0);
  EXPECT_EQ(invalid_geometry_reason(*parse("POINT (350000 3465000)"), rule, geos), "");
  const std::string far = invalid_geometry_reason(*parse("POINT (350000 2e8)"), rule, geos);
  EXPECT_NE(far.find("is far outside any place on Earth in WGS 84 / UTM zone 51N"), std::string::npos) << far;
  const OGRPoint not_finite(std::nan(""), 3465000);
  EXPECT_EQ(invalid_geometry_reason(not_finite, rule, geos), "a coordinate is not a finite number");
}

}  // namespace
}  // namespace parklayers
