// SPDX-License-Identifier: GPL-2.0-or-later
// Writing a coordinate file's text: the header from the CRS, one 地块 per parcel.
//
// Point numbering runs on through the whole 地块: the outer ring's corners are J1..Jn, the
// first hole's J(n+1).., and so on; each ring's closing line repeats its first point's number
// and coordinates, as land offices' own files do. 界址点数 counts every line, closing lines
// included.
#include <cmath>
#include <cstdio>

#include "baopan_format.h"

namespace parklayers::baopan {
namespace {

const char* const kCrlf = "\r\n";

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  // "-0.000" is 0.
  std::string out = text;
  if (out.find_first_not_of("-0.") == std::string::npos && out[0] == '-') out.erase(0, 1);
  return out;
}

// A cell of the 地块 header: commas would split it, so they become the full-width comma, and
// line breaks become spaces.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ',') {
      out += "\xEF\xBC\x8C";  // U+FF0C FULLWIDTH COMMA
    } else if (c == '\r' || c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The shoelace formula relative to the ring's first point: products of raw coordinates (Y with
// its zone prefix is 8 digits before the point) would lose centimetres of area.
double ring_area(const std::vector<std::pair<double, double>>& ring) {
  double twice = 0;
  if (ring.empty()) return 0;
  const double x0 = ring.front().first;
  const double y0 = ring.front().second;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    twice += (ring[i].first - x0) * (ring[i + 1].second - y0) - (ring[i + 1].first - x0) * (ring[i].second - y0);
  }
  return std::fabs(twice) / 2;
}

}  // namespace

double planar_area_m2(const OutParcel& parcel) {
  double area = 0;
  for (size_t k = 0; k < parcel.rings.size(); ++k) area += (k == 0 ? 1 : -1) * ring_area(parcel.rings[k]);
  return area;
}

std::string format_file(const ChineseGkCrs& crs, const std::vector<OutParcel>& parcels, const std::string& date) {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + kCrlf; };
  line("[属性描述]");
  line("格式版本号=1.01版本");
  line("数据产生单位=Park Layers");
  line("数据产生日期=" + date);
  line(std::string("坐标系=") + chinese_datum_name(crs.datum));
  line("几度分带=" + std::to_string(crs.zone_width));
  line("投影类型=高斯克吕格");
  line("计量单位=米");
  line("带号=" + std::to_string(crs.zone));
  line("精度=0.001");
  line("转换参数=,,,,,,");
  line("[地块坐标]");
  for (const OutParcel& parcel : parcels) {
    size_t count = 0;
    for (const auto& ring : parcel.rings) count += ring.size();
    line(std::to_string(count) + "," + fixed(planar_area_m2(parcel) / 10000.0, 4) + "," + cell(parcel.id) + "," +
         cell(parcel.name) + ",面," + cell(parcel.sheet) + "," + cell(parcel.use) + "," + cell(parcel.land_class) +
         ",@");
    int next = 1;
    for (size_t k = 0; k < parcel.rings.size(); ++k) {
      const auto& ring = parcel.rings[k];
      const int first = next;
      for (size_t i = 0; i < ring.size(); ++i) {
        const bool closing = i + 1 == ring.size();
        const int number = closing ? first : next++;
        // X is the northing, Y the easting (surveying order).
        line("J" + std::to_string(number) + "," + std::to_string(k + 1) + "," + fixed(ring[i].second, 3) + "," +
             fixed(ring[i].first, 3));
      }
    }
  }
  return out;
}

}  // namespace parklayers::baopan
