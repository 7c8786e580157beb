// SPDX-License-Identifier: GPL-2.0-or-later
// The CRS of a VCT Head (Spheroid, Projection, Parameters, CoordinateSystemType) as an EPSG code
// of cn_gauss_kruger.h's families or a datum's geographic CRS, and back.
//
// Parameters is positional and its layout depends on the producer
// ("CM,1,FE,FN,3,zone", "CM,,,,1.0,FE,0.0,3,zone", ...). Read by what the numbers are: the
// central meridian is the first number; the false easting the first of 100 km or more
// (500000, or zone x 1,000,000 + 500000 with the zone in front of the easting); the zone width
// the first 3 or 6 after it; a last number of 13-45 is the zone, checked.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include <ogr_spatialref.h>

#include "vct_format.h"

namespace parklayers::vct {
namespace {

std::string lower(const std::string& text) {
  std::string out = text;
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

std::vector<std::string> cells_of(const std::string& text) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    std::string cell = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const size_t first = cell.find_first_not_of(" \t");
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, cell.find_last_not_of(" \t") - first + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

std::optional<double> number(const std::string& text) {
  if (text.empty() || text.find_first_not_of("+-.0123456789eE") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

struct Ellipsoid {
  ChineseDatum datum;
  double a, inverse_flattening;
};
const Ellipsoid kEllipsoids[] = {
    {ChineseDatum::Cgcs2000, 6378137.0, 298.257222101},
    {ChineseDatum::Xian1980, 6378140.0, 298.257},
    {ChineseDatum::Beijing1954, 6378245.0, 298.3},
};

std::optional<ChineseDatum> datum_by_name(const std::string& name) {
  if (auto datum = parse_chinese_datum(name)) return datum;
  const std::string key = lower(name);
  if (contains(key, "cgcs") || contains(key, "2000")) return ChineseDatum::Cgcs2000;
  if (contains(key, "西安") || contains(key, "xian") || contains(key, "xi'an") || contains(key, "1980") ||
      contains(key, "iag 75") || contains(key, "iag75") || contains(key, "1975")) {
    return ChineseDatum::Xian1980;
  }
  if (contains(key, "北京") || contains(key, "beijing") || contains(key, "1954") || contains(key, "krass") ||
      contains(key, "krasov") || contains(key, "克拉索夫斯基")) {
    return ChineseDatum::Beijing1954;
  }
  return std::nullopt;
}

ChineseDatum datum_of(const std::string& file, const HeadValue& spheroid) {
  const std::vector<std::string> cells = cells_of(spheroid.value);
  const std::optional<ChineseDatum> by_name = datum_by_name(cells[0]);
  std::optional<ChineseDatum> by_axes;
  const std::optional<double> a = cells.size() >= 3 ? number(cells[1]) : std::nullopt;
  const std::optional<double> f = cells.size() >= 3 ? number(cells[2]) : std::nullopt;
  if (a && f) {
    for (const Ellipsoid& e : kEllipsoids) {
      if (std::fabs(*a - e.a) < 0.01 && std::fabs(*f - e.inverse_flattening) < 1e-6) by_axes = e.datum;
    }
  }
  auto refuse = [&](const std::string& what) {
    throw FormatError(where(file, "Head", "", spheroid.line, "Spheroid " + spheroid.value + ": " + what));
  };
  if (by_name && by_axes && *by_name != *by_axes) {
    refuse(std::string("the name says ") + chinese_datum_english(*by_name) + ", the axes " +
           chinese_datum_english(*by_axes));
  }
  if (by_name && a && f && !by_axes)
    refuse("the axes are not those of " + std::string(chinese_datum_english(*by_name)));
  if (by_name) return *by_name;
  if (by_axes) return *by_axes;
  refuse("an unknown spheroid (CGCS2000, Xian 1980 and Beijing 1954 are read, by name or a,1/f)");
  return ChineseDatum::Cgcs2000;
}

bool is_gauss_kruger(const std::string& projection) {
  const std::string key = lower(projection);
  return contains(key, "高斯") || contains(key, "克吕格") || contains(key, "gauss") || contains(key, "kruger") ||
         contains(key, "krüger");
}

}  // namespace

VctCrs crs_of(const std::string& file, const Head& head) {
  VctCrs crs;
  if (const HeadValue* x = head.find("XAxisDirection")) crs.swap_xy = lower(x->value) == "n";
  const HeadValue* type = head.find("CoordinateSystemType");
  const std::string kind = type ? lower(type->value) : "p";
  if (kind == "c") return crs;  // Cartesian: no CRS
  const HeadValue* spheroid = head.find("Spheroid");
  if (!spheroid) throw FormatError(where(file, "Head", "", head.line, "no Spheroid line"));
  const ChineseDatum datum = datum_of(file, *spheroid);
  if (kind == "d") {
    crs.epsg = geographic_epsg(datum);
    return crs;
  }
  if (kind != "p") {
    throw FormatError(
        where(file, "Head", "", type->line, "CoordinateSystemType " + type->value + " is none of C, D, P"));
  }
  const HeadValue* projection = head.find("Projection");
  if (!projection || !is_gauss_kruger(projection->value)) {
    throw FormatError(where(file, "Head", "", projection ? projection->line : head.line,
                            "Projection " + (projection ? projection->value : std::string("(none)")) +
                                ": an unknown projection (Gauss-Kruger, 高斯-克吕格投影, is read)"));
  }
  const HeadValue* parameters = head.find("Parameters");
  const int line = parameters ? parameters->line : head.line;
  auto refuse = [&](const std::string& what) {
    throw FormatError(where(file, "Head", "", line,
                            "Parameters " + (parameters ? parameters->value : std::string("(none)")) + ": " + what));
  };
  std::vector<std::pair<size_t, double>> values;
  if (parameters) {
    const std::vector<std::string> cells = cells_of(parameters->value);
    for (size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].empty()) continue;
      const std::optional<double> value = number(cells[i]);
      if (!value) refuse("not a number: " + cells[i]);
      values.emplace_back(i, *value);
    }
  }
  if (values.empty()) refuse("no central meridian");
  const double cm = values.front().second;
  if (cm < 72 || cm > 138 || std::fabs(cm - std::round(cm)) > 1e-9) {
    refuse("the central meridian must come first, a whole degree of China's (75-135)");
  }
  const int meridian = static_cast<int>(std::lround(cm));
  size_t fe_at = values.size();
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i].second >= 100000) {
      fe_at = i;
      break;
    }
  }
  if (fe_at == values.size()) refuse("no false easting (500000, or the zone in front: zone x 1000000 + 500000)");
  const double fe = values[fe_at].second;
  // Zones run to 45 (3-degree) and 23 (6-degree): no zone in front reaches 100.
  if (fe >= 100e6) refuse("a false easting beyond any zone's (zone x 1000000 + 500000)");
  const int prefix = static_cast<int>(std::floor(fe / 1e6));
  if (std::fabs(fe - prefix * 1e6 - 500000) > 1e-6)
    refuse("a false easting that is not 500000 or zone x 1000000 + 500000");
  int width = 0;
  for (size_t i = fe_at + 1; i < values.size() && !width; ++i) {
    if (values[i].second == 3 || values[i].second == 6) width = static_cast<int>(values[i].second);
  }
  if (!width) {
    // Without a width: from the zone in front, else 3 degrees (the land survey's).
    width = prefix > 0 && meridian == 6 * prefix - 3 && meridian != 3 * prefix ? 6 : 3;
  }
  if (width == 3 && meridian % 3 != 0) refuse("the central meridian is not a 3-degree zone's");
  if (width == 6 && (meridian + 3) % 6 != 0) refuse("the central meridian is not a 6-degree zone's");
  const int zone = width == 3 ? meridian / 3 : (meridian + 3) / 6;
  if (prefix > 0 && prefix != zone) {
    refuse("the zone in front of the false easting (" + std::to_string(prefix) + ") is not the central meridian's (" +
           std::to_string(zone) + ")");
  }
  if (values.size() > fe_at + 1) {
    const double last = values.back().second;
    if (last >= 13 && last <= 45 && last != zone) {
      refuse("the zone number " + number_text(last) + " is not the central meridian's (" + std::to_string(zone) + ")");
    }
  }
  const ChineseGkCrs gk{datum, width, zone, prefix > 0};
  crs.epsg = gk.epsg();
  if (!crs.epsg) refuse("zone " + std::to_string(zone) + " is outside China's (no EPSG code)");
  return crs;
}

std::optional<std::vector<std::pair<std::string, std::string>>> head_of_crs(const OGRSpatialReference& crs) {
  std::vector<std::pair<std::string, std::string>> head;
  auto spheroid = [](ChineseDatum datum) {
    for (const Ellipsoid& e : kEllipsoids) {
      if (e.datum == datum) {
        return std::string(chinese_datum_english(datum)) + "," + number_text(e.a) + "," +
               number_text(e.inverse_flattening);
      }
    }
    return std::string();
  };
  if (const std::optional<ChineseGkCrs> gk = chinese_gk_of(crs)) {
    const double fe = (gk->zone_in_easting ? gk->zone * 1e6 : 0) + 500000;
    head = {{"CoordinateSystemType", "P"},
            {"Spheroid", spheroid(gk->datum)},
            {"PrimeMeridian", "Greenwich"},
            {"Projection", "高斯-克吕格投影"},
            {"Parameters", std::to_string(gk->central_meridian()) + ",1," + number_text(fe) + ",0," +
                               std::to_string(gk->zone_width) + "," + std::to_string(gk->zone)}};
    return head;
  }
  if (crs.IsGeographic()) {
    const char* code = crs.GetAuthorityCode(nullptr);
    const int epsg = code ? std::atoi(code) : 0;
    for (const ChineseDatum datum : {ChineseDatum::Cgcs2000, ChineseDatum::Xian1980, ChineseDatum::Beijing1954}) {
      if (epsg == geographic_epsg(datum)) {
        head = {{"CoordinateSystemType", "D"},
                {"Spheroid", spheroid(datum)},
                {"PrimeMeridian", "Greenwich"},
                {"Projection", ""},
                {"Parameters", ""}};
        return head;
      }
    }
  }
  return std::nullopt;
}

}  // namespace parklayers::vct
