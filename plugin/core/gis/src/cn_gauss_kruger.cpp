// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/cn_gauss_kruger.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include <ogr_spatialref.h>

namespace parklayers {
namespace {

// The first EPSG code of each family (zone 25 or 13, or central meridian 75E) and its zones.
struct Family {
  ChineseDatum datum;
  int zone_width;
  bool zone_in_easting;
  int first_epsg;
  int first_zone;
  int last_zone;
  int zone_step;  // EPSG codes per zone: 1 in every family
};

constexpr Family kFamilies[] = {
    {ChineseDatum::Cgcs2000, 3, true, 4513, 25, 45, 1},
    {ChineseDatum::Cgcs2000, 3, false, 4534, 25, 45, 1},
    {ChineseDatum::Cgcs2000, 6, true, 4491, 13, 23, 1},
    {ChineseDatum::Cgcs2000, 6, false, 4502, 13, 23, 1},
    {ChineseDatum::Xian1980, 3, true, 2349, 25, 45, 1},
    {ChineseDatum::Xian1980, 3, false, 2370, 25, 45, 1},
    {ChineseDatum::Xian1980, 6, true, 2327, 13, 23, 1},
    {ChineseDatum::Xian1980, 6, false, 2338, 13, 23, 1},
    {ChineseDatum::Beijing1954, 3, true, 2401, 25, 45, 1},
    {ChineseDatum::Beijing1954, 3, false, 2422, 25, 45, 1},
    {ChineseDatum::Beijing1954, 6, true, 21413, 13, 23, 1},
    {ChineseDatum::Beijing1954, 6, false, 21453, 13, 23, 1},
};

// EPSG:21473-21483, deprecated duplicates of 21453-21463 that older files still name: read,
// never written.
constexpr Family kDeprecated = {ChineseDatum::Beijing1954, 6, false, 21473, 13, 23, 1};

std::string squeeze_lower(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const ChineseDatum kDatums[] = {ChineseDatum::Cgcs2000, ChineseDatum::Xian1980, ChineseDatum::Beijing1954};

std::string family_list(int zone_width, int zone, bool zone_in_easting) {
  std::string out;
  for (size_t i = 0; i < 3; ++i) {
    const ChineseGkCrs crs{kDatums[i], zone_width, zone, zone_in_easting};
    out += i == 0 ? "" : i == 1 ? ", " : " or ";
    out += std::string(chinese_datum_english(kDatums[i])) + " EPSG:" + std::to_string(crs.epsg());
  }
  return out;
}

// Whether a northing lies in China's span (3N to 54N is 330 km to 6,000 km from the equator).
bool china_northing(double y) { return y >= 300000 && y <= 6100000; }

std::string suggest_in_order(double easting, double northing) {
  if (!std::isfinite(easting) || !std::isfinite(northing) || !china_northing(northing)) return "";
  if (easting >= 1e6) {
    const int zone = static_cast<int>(easting / 1e6);
    const double within = easting - zone * 1e6;
    if (within < 100000 || within > 900000) return "";
    if (zone >= 25 && zone <= 45) {
      return "looks like a 3-degree Gauss-Kruger zone " + std::to_string(zone) + " easting: " +
             family_list(3, zone, true);
    }
    if (zone >= 13 && zone <= 23) {
      return "looks like a 6-degree Gauss-Kruger zone " + std::to_string(zone) + " easting: " +
             family_list(6, zone, true);
    }
    return "";
  }
  if (easting >= 100000 && easting <= 900000) {
    return "looks like a Gauss-Kruger easting without its zone number: the CRS of its zone's central "
           "meridian, e.g. for 120E (3-degree zone 40) " + family_list(3, 40, false);
  }
  return "";
}

}  // namespace

int ChineseGkCrs::central_meridian() const { return zone_width == 3 ? zone * 3 : zone * 6 - 3; }

int ChineseGkCrs::epsg() const {
  for (const Family& f : kFamilies) {
    if (f.datum != datum || f.zone_width != zone_width || f.zone_in_easting != zone_in_easting) continue;
    if (zone < f.first_zone || zone > f.last_zone) return 0;
    return f.first_epsg + (zone - f.first_zone) * f.zone_step;
  }
  return 0;
}

bool ChineseGkCrs::operator==(const ChineseGkCrs& other) const {
  return datum == other.datum && zone_width == other.zone_width && zone == other.zone &&
         zone_in_easting == other.zone_in_easting;
}

std::optional<ChineseDatum> parse_chinese_datum(const std::string& text) {
  const std::string key = squeeze_lower(text);
  for (const char* name : {"2000国家大地坐标系", "cgcs2000", "2000坐标系", "2000国家坐标系", "国家2000坐标系", "cgcs2000坐标系"}) {
    if (key == name) return ChineseDatum::Cgcs2000;
  }
  for (const char* name : {"1980西安坐标系", "西安80", "西安1980", "西安80坐标系", "1980国家大地坐标系", "xian1980", "xian80"}) {
    if (key == name) return ChineseDatum::Xian1980;
  }
  for (const char* name : {"1954北京坐标系", "北京54", "北京1954", "北京54坐标系", "beijing1954", "beijing54"}) {
    if (key == name) return ChineseDatum::Beijing1954;
  }
  return std::nullopt;
}

const char* chinese_datum_name(ChineseDatum datum) {
  switch (datum) {
    case ChineseDatum::Cgcs2000: return "2000国家大地坐标系";
    case ChineseDatum::Xian1980: return "1980西安坐标系";
    case ChineseDatum::Beijing1954: return "1954北京坐标系";
  }
  return "";
}

const char* chinese_datum_english(ChineseDatum datum) {
  switch (datum) {
    case ChineseDatum::Cgcs2000: return "CGCS2000";
    case ChineseDatum::Xian1980: return "Xian 1980";
    case ChineseDatum::Beijing1954: return "Beijing 1954";
  }
  return "";
}

int geographic_epsg(ChineseDatum datum) {
  switch (datum) {
    case ChineseDatum::Cgcs2000: return 4490;
    case ChineseDatum::Xian1980: return 4610;
    case ChineseDatum::Beijing1954: return 4214;
  }
  return 0;
}

std::optional<ChineseGkCrs> chinese_gk_from_epsg(int epsg) {
  for (const Family& f : kFamilies) {
    const int last = f.first_epsg + (f.last_zone - f.first_zone) * f.zone_step;
    if (epsg < f.first_epsg || epsg > last) continue;
    return ChineseGkCrs{f.datum, f.zone_width, f.first_zone + (epsg - f.first_epsg) / f.zone_step, f.zone_in_easting};
  }
  for (const Family& f : {kDeprecated}) {
    const int last = f.first_epsg + (f.last_zone - f.first_zone) * f.zone_step;
    if (epsg < f.first_epsg || epsg > last) continue;
    return ChineseGkCrs{f.datum, f.zone_width, f.first_zone + (epsg - f.first_epsg) / f.zone_step, f.zone_in_easting};
  }
  return std::nullopt;
}

std::optional<ChineseGkCrs> chinese_gk_of(const OGRSpatialReference& crs) {
  if (!crs.IsProjected()) return std::nullopt;
  auto from_code = [](const char* authority, const char* code) -> std::optional<ChineseGkCrs> {
    if (!authority || !code || std::string(authority) != "EPSG") return std::nullopt;
    return chinese_gk_from_epsg(std::atoi(code));
  };
  if (auto found = from_code(crs.GetAuthorityName(nullptr), crs.GetAuthorityCode(nullptr))) return found;
  // A CRS without its code (a .prj written as ESRI WKT): the one PROJ identifies with certainty.
  int count = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = crs.FindMatches(nullptr, &count, &confidence);
  std::optional<ChineseGkCrs> found;
  for (int i = 0; i < count && !found; ++i) {
    if (confidence[i] < 90) continue;
    const auto* match = OGRSpatialReference::FromHandle(matches[i]);
    found = from_code(match->GetAuthorityName(nullptr), match->GetAuthorityCode(nullptr));
  }
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return found;
}

std::string suggest_chinese_gk(double x, double y) {
  std::string suggestion = suggest_in_order(x, y);
  if (!suggestion.empty()) return suggestion;
  // Surveyors write the northing first (X) and the easting second (Y): a file read that way
  // gives its numbers swapped.
  suggestion = suggest_in_order(y, x);
  if (!suggestion.empty()) return suggestion + " (the coordinates seem to be in northing, easting order)";
  return "";
}

}  // namespace parklayers
