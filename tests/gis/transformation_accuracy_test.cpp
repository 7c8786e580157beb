// SPDX-License-Identifier: GPL-2.0-or-later
// Which moves between datums PROJ makes only approximately: checked against PROJ's own
// operation list (projinfo says "has ballpark transformation" for each ballpark case below).
#include "parklayers/gis/transformation_accuracy.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include <ogr_spatialref.h>

namespace parklayers {
namespace {

OGRSpatialReference epsg(int code) {
  OGRSpatialReference crs;
  EXPECT_EQ(crs.importFromEPSG(code), OGRERR_NONE) << code;
  return crs;
}

TEST(TransformationAccuracy, ClassicalChineseDatumsToGeocentricOnesAreApproximate) {
  // Xian 1980 zone 40 to WGS 84, Beijing 1954 zone 40 to CGCS2000, Xian 1980 to CGCS2000.
  for (const auto& [from, to] : {std::pair{2364, 4326}, std::pair{2416, 4490}, std::pair{4610, 4490}}) {
    const std::string why = approximate_transformation(epsg(from), epsg(to));
    EXPECT_NE(why.find("only a ballpark one"), std::string::npos) << from << " -> " << to << ": " << why;
  }
  EXPECT_EQ(approximate_transformation(epsg(2364), epsg(4326)),
            "PROJ knows no exact transformation from Xian 1980 to WGS 84, only a ballpark one that keeps "
            "longitude and latitude as they are: tens to hundreds of metres off");
}

TEST(TransformationAccuracy, GeocentricFramesAndProjectionsAreNot) {
  // CGCS2000 to WGS 84 is a ballpark too, between frames centimetres apart on GRS 80 and WGS 84.
  EXPECT_EQ(approximate_transformation(epsg(4549), epsg(4326)), "");
  EXPECT_EQ(approximate_transformation(epsg(4490), epsg(4326)), "");
  // No datum change: a projection and its inverse.
  EXPECT_EQ(approximate_transformation(epsg(4528), epsg(4490)), "");
  EXPECT_EQ(approximate_transformation(epsg(2364), epsg(4610)), "");
}

TEST(TransformationAccuracy, StatedAccuracyOverAMetre) {
  // Tokyo to WGS 84: PROJ's operations are good to metres (EPSG:15484, 9 m, for all Japan).
  const std::string why = approximate_transformation(epsg(4301), epsg(4326));
  const size_t at = why.find("is good to about ");
  ASSERT_NE(at, std::string::npos) << why;
  EXPECT_GT(std::atof(why.c_str() + at + 17), kApproximateAboveM) << why;
}

}  // namespace
}  // namespace parklayers
