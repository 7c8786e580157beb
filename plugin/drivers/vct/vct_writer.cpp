// SPDX-License-Identifier: GPL-2.0-or-later
// Writing a VCT 3.0 file's text: the Head (the CRS's lines given), FeatureCode, TableStructure,
// the points, the lines (one polyline segment each) and the polygons as direct polygons (type 1:
// rings with their points), and the Attribute rows, each object and table ended as the format
// ends them.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "vct_format.h"

namespace parklayers::vct {

std::string number_text(double value) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, value);
  std::string out(text, result.ptr);
  if (out == "-0") out = "0";
  return out;
}

std::string format_file(const std::vector<std::pair<std::string, std::string>>& crs_head,
                        const std::vector<OutTable>& tables, const std::string& date) {
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\r\n"; };
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  bool any = false;
  for (const OutTable& table : tables) {
    for (const OutObject& object : table.objects) {
      for (const auto& ring : object.rings) {
        for (const XY& p : ring) {
          min_x = any ? std::min(min_x, p.first) : p.first;
          max_x = any ? std::max(max_x, p.first) : p.first;
          min_y = any ? std::min(min_y, p.second) : p.second;
          max_y = any ? std::max(max_y, p.second) : p.second;
          any = true;
        }
      }
    }
  }
  const std::string* type = nullptr;
  for (const auto& [key, value] : crs_head) {
    if (key == "CoordinateSystemType") type = &value;
  }
  const bool geographic = type && *type == "D";
  line("HeadBegin");
  line("DataMark:LANDUSE-VCT");
  line("Version:3.0");
  for (const auto& [key, value] : crs_head) {
    if (key == "CoordinateSystemType") {
      line(key + ":" + value);
      line("Dim:2");
      line("XAxisDirection:E");
      line("YAxisDirection:N");
      line(std::string("XYUnit:") + (geographic ? "D" : "M"));
      line("ZUnit:M");
    } else {
      line(key + ":" + value);
    }
  }
  line("ExtentMin:" + number_text(min_x) + "," + number_text(min_y));
  line("ExtentMax:" + number_text(max_x) + "," + number_text(max_y));
  line("Date:" + date);
  line("Separator:,");
  line("HeadEnd");
  line("FeatureCodeBegin");
  for (const OutTable& table : tables) {
    const char* kind = table.kind == Kind::Point ? "Point" : table.kind == Kind::Line ? "Line" : "Polygon";
    line(table.code + "," + table.title + "," + kind + "," + table.name);
  }
  line("FeatureCodeEnd");
  line("TableStructureBegin");
  for (const OutTable& table : tables) {
    line(table.name + "," + std::to_string(table.fields.size()));
    for (const OutField& field : table.fields) line(field.name + "," + field.type);
    line("0");
  }
  line("TableStructureEnd");
  auto start = [&line](const OutObject& object, const OutTable& table) {
    line(object.bsm);
    line(table.code);
    line("Unknown");  // style
    line("1");        // direct: coordinates
  };
  auto xy = [](const XY& p) { return number_text(p.first) + "," + number_text(p.second); };
  line("PointBegin");
  for (const OutTable& table : tables) {
    if (table.kind != Kind::Point) continue;
    for (const OutObject& object : table.objects) {
      start(object, table);
      line(xy(object.rings.front().front()));
      line("0");
    }
  }
  line("PointEnd");
  line("LineBegin");
  for (const OutTable& table : tables) {
    if (table.kind != Kind::Line) continue;
    for (const OutObject& object : table.objects) {
      start(object, table);
      line("1");   // one segment
      line("11");  // a polyline
      line(std::to_string(object.rings.front().size()));
      for (const XY& p : object.rings.front()) line(xy(p));
      line("0");
    }
  }
  line("LineEnd");
  line("PolygonBegin");
  for (const OutTable& table : tables) {
    if (table.kind != Kind::Polygon) continue;
    for (const OutObject& object : table.objects) {
      line(object.bsm);
      line(table.code);
      line("Unknown");  // style
      line("1");        // direct: rings with their points
      line(number_text(object.label.first) + "," + number_text(object.label.second));
      line(std::to_string(object.rings.size()));
      for (const auto& ring : object.rings) {
        line("11");  // a polyline
        line(std::to_string(ring.size()));
        for (const XY& p : ring) line(number_text(p.first) + "," + number_text(p.second));
      }
      line("0");
    }
  }
  line("PolygonEnd");
  line("AttributeBegin");
  for (const OutTable& table : tables) {
    line(table.name);
    for (const OutObject& object : table.objects) {
      std::string row = object.bsm;
      for (const std::string& value : object.values) row += "," + value;
      line(row);
    }
    line("TableEnd");
  }
  line("AttributeEnd");
  return out;
}

}  // namespace parklayers::vct
