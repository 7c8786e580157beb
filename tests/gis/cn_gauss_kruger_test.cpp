// SPDX-License-Identifier: GPL-2.0-or-later
// The Chinese Gauss-Kruger families (cn_gauss_kruger.h) against PROJ's own database: every EPSG
// code in and around the twelve families is read by PROJ and its central meridian, false
// easting and geographic CRS compared with what the table says of it.
#include "parklayers/gis/cn_gauss_kruger.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include <cpl_conv.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {
namespace {

struct ProjSays {
  bool chinese_gk = false;  // transverse Mercator, scale 1, on one of the three datums
  int geographic = 0;
  double central_meridian = 0;
  double false_easting = 0;
};

ProjSays read_from_proj(int code) {
  ProjSays says;
  OGRSpatialReference crs;
  QuietGdalErrors quiet;
  if (crs.importFromEPSG(code) != OGRERR_NONE || !crs.IsProjected()) return says;
  const char* projection = crs.GetAttrValue("PROJECTION");
  const char* geographic = crs.GetAuthorityCode("GEOGCS");
  if (!projection || std::string(projection) != SRS_PT_TRANSVERSE_MERCATOR || !geographic) return says;
  says.geographic = std::atoi(geographic);
  says.chinese_gk = (says.geographic == 4490 || says.geographic == 4610 || says.geographic == 4214) &&
                    crs.GetProjParm(SRS_PP_SCALE_FACTOR, 0) == 1.0;
  says.central_meridian = crs.GetProjParm(SRS_PP_CENTRAL_MERIDIAN, 0);
  says.false_easting = crs.GetProjParm(SRS_PP_FALSE_EASTING, 0);
  return says;
}

TEST(ChineseGaussKruger, EveryCodeAgreesWithProj) {
  int families_found = 0;
  for (const auto& [first, last] : {std::pair{2300, 2460}, std::pair{4480, 4560}, std::pair{21400, 21500}}) {
    for (int code = first; code <= last; ++code) {
      const ProjSays proj = read_from_proj(code);
      const std::optional<ChineseGkCrs> table = chinese_gk_from_epsg(code);
      ASSERT_EQ(table.has_value(), proj.chinese_gk) << "EPSG:" << code;
      if (!table) continue;
      ++families_found;
      EXPECT_EQ(table->central_meridian(), proj.central_meridian) << "EPSG:" << code;
      const double zone_part = table->zone_in_easting ? table->zone * 1e6 : 0.0;
      EXPECT_EQ(zone_part + 500000, proj.false_easting) << "EPSG:" << code;
      EXPECT_EQ(geographic_epsg(table->datum), proj.geographic) << "EPSG:" << code;
      // The deprecated Beijing 1954 codes read as their successors, 20 lower.
      EXPECT_EQ(table->epsg(), code >= 21473 && code <= 21483 ? code - 20 : code);
    }
  }
  // 3 datums x (21 + 21 + 11 + 11) zones, and the 11 deprecated Beijing 1954 codes.
  EXPECT_EQ(families_found, 3 * 64 + 11);
}

TEST(ChineseGaussKruger, ZonesOutsideEpsgHaveNoCode) {
  EXPECT_EQ((ChineseGkCrs{ChineseDatum::Cgcs2000, 3, 24, true}.epsg()), 0);
  EXPECT_EQ((ChineseGkCrs{ChineseDatum::Xian1980, 6, 24, false}.epsg()), 0);
  EXPECT_EQ((ChineseGkCrs{ChineseDatum::Beijing1954, 3, 40, true}.epsg()), 2416);
}

TEST(ChineseGaussKruger, IdentifiesACrsWithoutItsCode) {
  OGRSpatialReference coded;
  ASSERT_EQ(coded.importFromEPSG(2364), OGRERR_NONE);
  char* esri = nullptr;
  const char* options[] = {"FORMAT=WKT1_ESRI", nullptr};
  ASSERT_EQ(coded.exportToWkt(&esri, options), OGRERR_NONE);
  OGRSpatialReference from_prj;
  ASSERT_EQ(from_prj.importFromWkt(esri), OGRERR_NONE);
  CPLFree(esri);
  ASSERT_EQ(from_prj.GetAuthorityCode(nullptr), nullptr);
  const auto found = chinese_gk_of(from_prj);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->epsg(), 2364);

  OGRSpatialReference utm;
  ASSERT_EQ(utm.importFromEPSG(32651), OGRERR_NONE);
  EXPECT_FALSE(chinese_gk_of(utm).has_value());
  OGRSpatialReference geographic;
  ASSERT_EQ(geographic.importFromEPSG(4490), OGRERR_NONE);
  EXPECT_FALSE(chinese_gk_of(geographic).has_value());
}

TEST(ChineseGaussKruger, ReadsTheDatumAsFilesWriteIt) {
  EXPECT_EQ(parse_chinese_datum("2000国家大地坐标系"), ChineseDatum::Cgcs2000);
  EXPECT_EQ(parse_chinese_datum("CGCS 2000"), ChineseDatum::Cgcs2000);
  EXPECT_EQ(parse_chinese_datum("1980西安坐标系"), ChineseDatum::Xian1980);
  EXPECT_EQ(parse_chinese_datum("西安80"), ChineseDatum::Xian1980);
  EXPECT_EQ(parse_chinese_datum("1954北京坐标系"), ChineseDatum::Beijing1954);
  EXPECT_EQ(parse_chinese_datum("北京54"), ChineseDatum::Beijing1954);
  EXPECT_FALSE(parse_chinese_datum("WGS84").has_value());
  EXPECT_FALSE(parse_chinese_datum("").has_value());
  for (const ChineseDatum datum : {ChineseDatum::Cgcs2000, ChineseDatum::Xian1980, ChineseDatum::Beijing1954}) {
    EXPECT_EQ(parse_chinese_datum(chinese_datum_name(datum)), datum);
    EXPECT_EQ(parse_chinese_datum(chinese_datum_english(datum)), datum);
  }
}

// Each code the suggestion names, asked of PROJ, puts the point in its zone (within 1.5 or 3
// degrees of the central meridian) and in China's latitudes.
void expect_codes_place_the_point(const std::string& suggestion, double x, double y, double max_offset_deg) {
  size_t at = 0;
  int codes = 0;
  while ((at = suggestion.find("EPSG:", at)) != std::string::npos) {
    at += 5;
    const int code = std::atoi(suggestion.c_str() + at);
    OGRSpatialReference crs;
    ASSERT_EQ(crs.importFromEPSG(code), OGRERR_NONE) << code;
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRSpatialReference> geographic(crs.CloneGeogCS());
    geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_lonlat(OGRCreateCoordinateTransformation(&crs, geographic.get()));
    ASSERT_TRUE(to_lonlat);
    double lon = x, lat = y;
    ASSERT_TRUE(to_lonlat->Transform(1, &lon, &lat));
    EXPECT_LE(std::fabs(lon - crs.GetProjParm(SRS_PP_CENTRAL_MERIDIAN, 0)), max_offset_deg) << code;
    EXPECT_GT(lat, 18);
    EXPECT_LT(lat, 54);
    ++codes;
  }
  EXPECT_EQ(codes, 3) << suggestion;
}

TEST(ChineseGaussKruger, SuggestsTheFamiliesACoordinateFits) {
  // Anting, 3-degree zone 40, with the zone in the easting.
  const std::string zone40 = suggest_chinese_gk(40613040.25, 3466120.5);
  EXPECT_EQ(zone40,
            "looks like a 3-degree Gauss-Kruger zone 40 easting: CGCS2000 EPSG:4528, Xian 1980 EPSG:2364 or "
            "Beijing 1954 EPSG:2416");
  expect_codes_place_the_point(zone40, 40613040.25, 3466120.5, 1.5);
  // 6-degree zone 21 (CM 123E).
  const std::string zone21 = suggest_chinese_gk(21360000, 3466000);
  EXPECT_NE(zone21.find("6-degree Gauss-Kruger zone 21"), std::string::npos) << zone21;
  expect_codes_place_the_point(zone21, 21360000, 3466000, 3.0);
  // Surveyor's order: northing first.
  const std::string swapped = suggest_chinese_gk(3466120.5, 40613040.25);
  EXPECT_NE(swapped.find("zone 40"), std::string::npos);
  EXPECT_NE(swapped.find("northing, easting order"), std::string::npos);
  // Without the zone: only the kind is plain.
  EXPECT_NE(suggest_chinese_gk(613040.25, 3466120.5).find("without its zone number"), std::string::npos);
  // Degrees, web-map metres and a zone outside China say nothing.
  EXPECT_EQ(suggest_chinese_gk(121.2, 31.3), "");
  EXPECT_EQ(suggest_chinese_gk(60500000, 3466000), "");
}

}  // namespace
}  // namespace parklayers
