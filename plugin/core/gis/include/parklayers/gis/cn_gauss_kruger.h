// SPDX-License-Identifier: GPL-2.0-or-later
// The Gauss-Kruger CRSs Chinese surveys are written in: three datums (CGCS2000, Xian 1980,
// Beijing 1954), 3- and 6-degree zones, the zone number in front of the easting or not. Each
// combination is one EPSG family (checked with projinfo against PROJ 9.1's database):
//
//   datum          3-degree, zone in Y   3-degree, by CM   6-degree, zone in Y   6-degree, by CM
//   CGCS2000       4513-4533 (25-45)     4534-4554         4491-4501 (13-23)     4502-4512
//   Xian 1980      2349-2369             2370-2390         2327-2337             2338-2348
//   Beijing 1954   2401-2421             2422-2442         21413-21423           21453-21463
//
// (EPSG:21473-21483 are deprecated duplicates of 21453-21463: read as those, never written.)
//
// A 3-degree zone n has its central meridian at 3n degrees east (zones 25-45: 75E-135E), a
// 6-degree zone n at 6n - 3 (zones 13-23: 75E-135E). "Zone in Y" CRSs put n x 1,000,000 m in
// front of the 500 km false easting (zone 40: Y = 40,5xx,xxx m).
#pragma once

#include <optional>
#include <string>

class OGRSpatialReference;

namespace parklayers {

enum class ChineseDatum { Cgcs2000, Xian1980, Beijing1954 };

struct ChineseGkCrs {
  ChineseDatum datum = ChineseDatum::Cgcs2000;
  int zone_width = 3;            // 3 or 6 degrees
  int zone = 0;                  // 3-degree: 25-45; 6-degree: 13-23
  bool zone_in_easting = false;  // the easting carries zone x 1,000,000 m

  int central_meridian() const;  // degrees east
  // The family's EPSG code for this zone; 0 when EPSG has none (a zone outside China's).
  int epsg() const;
  bool operator==(const ChineseGkCrs& other) const;
};

// The datum a coordinate file's 坐标系 names: "2000国家大地坐标系", "CGCS2000", "2000坐标系",
// "1980西安坐标系", "西安80", "Xian 1980", "1954北京坐标系", "北京54", "Beijing 1954" (spaces and
// case ignored); nullopt for any other.
std::optional<ChineseDatum> parse_chinese_datum(const std::string& text);
// "2000国家大地坐标系", "1980西安坐标系", "1954北京坐标系": what a coordinate file writes.
const char* chinese_datum_name(ChineseDatum datum);
// "CGCS2000", "Xian 1980", "Beijing 1954".
const char* chinese_datum_english(ChineseDatum datum);
// The datum's geographic CRS: 4490, 4610, 4214.
int geographic_epsg(ChineseDatum datum);

// The family and zone of an EPSG code; nullopt for a code in none of the twelve families.
// epsg() of the result gives the current code (21453 for the deprecated 21473).
std::optional<ChineseGkCrs> chinese_gk_from_epsg(int epsg);
// The same for a CRS: by its EPSG authority code, or by the code PROJ identifies for it when it
// states none (a Shapefile's .prj).
std::optional<ChineseGkCrs> chinese_gk_of(const OGRSpatialReference& crs);

// For a layer with no CRS: what one coordinate (x = easting, y = northing, as GIS files store
// them) suggests, in words for an error message, e.g. "looks like a 3-degree Gauss-Kruger zone
// 40 easting: CGCS2000 EPSG:4528, Xian 1980 EPSG:2364 or Beijing 1954 EPSG:2416"; "" when the
// numbers do not look like Gauss-Kruger metres in China.
std::string suggest_chinese_gk(double x, double y);

}  // namespace parklayers
