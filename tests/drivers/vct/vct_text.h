// SPDX-License-Identifier: GPL-2.0-or-later
// VCT files for the tests, written as text from the format's facts (docs/drivers/vct.md,
// shared/notes' VCT section), never by the driver: a Head, FeatureCode, TableStructure, Line
// objects, direct and indirect polygons, Attribute rows. And the references computed from the
// same numbers: the shoelace area of the rings, the line number of a line of the text.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace parklayers::vcttest {

using XY = std::pair<double, double>;  // x easting, y northing, as the file writes them
using Ring = std::vector<XY>;          // closed

struct LineObject {
  std::string bsm;
  std::vector<Ring> segments;  // each segment's points (a joint vertex repeated, as producers write it)
};

struct PolygonObject {
  std::string bsm, code = "2001010000";
  bool indirect = false;
  std::string references;   // indirect: the ids as written, e.g. "101,-102,0,103"
  int reference_count = 0;  // indirect: the count line (the zeros included)
  std::vector<Ring> rings;  // direct: written; indirect: the rings the lines make (the reference)
  XY label{0, 0};
};

struct Spec {
  std::string data_mark = "LANDUSE-VCT";
  std::string version = "3.0";
  std::string system_type = "P";
  std::string spheroid = "CGCS2000,6378137.0,298.257222101";
  std::string projection = "高斯-克吕格投影";
  std::string parameters = "117,1,39500000,0,3,39";
  std::vector<std::string> feature_codes = {"2001010000,地类图斑,Polygon,DLTB"};
  std::vector<std::string> table_structure = {
      "DLTB,5", "BSM,Int4", "DLBM,Char,5", "DLMC,Char,60", "TBMJ,Float,15,2", "ZLDWMC,Varchar", "0"};
  std::vector<LineObject> lines;
  std::vector<PolygonObject> polygons;
  std::vector<std::string> points;       // the Point section's lines as written
  std::vector<std::string> annotations;  // the Annotation section's lines as written
  std::vector<std::string> attributes = {"DLTB", "TableEnd"};
  std::vector<std::string> varchars;  // the Varchar section's lines as written
  std::string eol = "\r\n";
  bool bom = false;
  bool truncate_polygons = false;  // no PolygonEnd (and nothing after)
};

inline std::string number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.4f", value);
  return text;
}

inline std::string text_of(const Spec& spec) {
  std::string out = spec.bom ? "\xEF\xBB\xBF" : "";
  auto line = [&](const std::string& text) { out += text + spec.eol; };
  line("HeadBegin");
  line("DataMark:" + spec.data_mark);
  line("Version:" + spec.version);
  line("CoordinateSystemType:" + spec.system_type);
  line("Dim:2");
  line("XAxisDirection:E");
  line("YAxisDirection:N");
  line("XYUnit:M");
  line("Spheroid:" + spec.spheroid);
  line("PrimeMeridian:Greenwich");
  line("Projection:" + spec.projection);
  line("Parameters:" + spec.parameters);
  line("VerticalDatum:1985国家高程基准");
  line("TemporalReferenceSystem:北京时间");
  line("MapScale:2000");
  line("Offset:0,0");
  line("Date:20250610");
  line("Separator:,");
  line("HeadEnd");
  line("");
  line("FeatureCodeBegin");
  for (const std::string& code : spec.feature_codes) line(code);
  line("FeatureCodeEnd");
  line("TableStructureBegin");
  for (const std::string& text : spec.table_structure) line(text);
  line("TableStructureEnd");
  line("PointBegin");
  for (const std::string& text : spec.points) line(text);
  line("PointEnd");
  line("LineBegin");
  for (const LineObject& object : spec.lines) {
    line(object.bsm);
    line("1000000000");  // a boundary line's code, in no FeatureCode line
    line("Unknown");
    line("1");
    line(std::to_string(object.segments.size()));
    for (const Ring& segment : object.segments) {
      line("11");
      line(std::to_string(segment.size()));
      for (const XY& p : segment) line(number(p.first) + "," + number(p.second));
    }
    line("0");
  }
  line("LineEnd");
  line("PolygonBegin");
  for (const PolygonObject& object : spec.polygons) {
    line(object.bsm);
    line(object.code);
    line("Unknown");
    line(object.indirect ? "100" : "1");
    line(number(object.label.first) + "," + number(object.label.second));
    if (object.indirect) {
      line("21");
      line(std::to_string(object.reference_count));
      line(object.references);
    } else {
      line(std::to_string(object.rings.size()));
      for (const Ring& ring : object.rings) {
        line("11");
        line(std::to_string(ring.size()));
        for (const XY& p : ring) line(number(p.first) + "," + number(p.second));
      }
    }
    line("0");
  }
  if (spec.truncate_polygons) return out;
  line("PolygonEnd");
  line("AnnotationBegin");
  for (const std::string& text : spec.annotations) line(text);
  line("AnnotationEnd");
  line("AttributeBegin");
  for (const std::string& text : spec.attributes) line(text);
  line("AttributeEnd");
  line("VarcharBegin");
  for (const std::string& text : spec.varchars) line(text);
  line("VarcharEnd");
  return out;
}

// |shoelace| of a closed ring, relative to its first point.
inline double shoelace(const Ring& ring) {
  double twice = 0;
  const XY o = ring.front();
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    twice += (ring[i].first - o.first) * (ring[i + 1].second - o.second) -
             (ring[i + 1].first - o.first) * (ring[i].second - o.second);
  }
  return std::fabs(twice) / 2;
}

// An outer ring less its holes.
inline double area(const std::vector<Ring>& rings) {
  double total = 0;
  for (size_t k = 0; k < rings.size(); ++k) total += (k == 0 ? 1 : -1) * shoelace(rings[k]);
  return total;
}

inline Ring rectangle(double x, double y, double width, double height) {
  return {{x, y}, {x + width, y}, {x + width, y + height}, {x, y + height}, {x, y}};
}

// The 1-based number of the first line of `text` that is `line` (0 when none).
inline int line_of(const std::string& text, const std::string& line, int from = 1) {
  int number = 1;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string current = text.substr(start, end - start);
    if (!current.empty() && current.back() == '\r') current.pop_back();
    if (number >= from && current == line) return number;
    ++number;
    start = end + 1;
  }
  return 0;
}

// The test area: CGCS2000 3-degree zone 39 with the zone in front of the easting (EPSG:4527).
// Parcel 1 is indirect: line 101 and line 102 reversed make its outer ring, the closed line 103
// its hole. Parcel 2 is direct, with a hole. Values carry a full-width comma.
inline Spec sample() {
  Spec spec;
  const double x0 = 39500000.125, y0 = 3500000.25;
  LineObject l101{"101", {{{x0, y0}, {x0 + 100.5, y0}}, {{x0 + 100.5, y0}, {x0 + 100.5, y0 + 80.25}}}};
  LineObject l102{"102", {{{x0, y0}, {x0 - 3.5, y0 + 40}, {x0, y0 + 80.25}, {x0 + 100.5, y0 + 80.25}}}};
  LineObject l103{"103", {rectangle(x0 + 20, y0 + 20, 20.5, 30.75)}};
  spec.lines = {l101, l102, l103};
  PolygonObject p1;
  p1.bsm = "1";
  p1.indirect = true;
  p1.references = "101,-102,0,103";
  p1.reference_count = 4;
  p1.label = {x0 + 10, y0 + 10};
  // The rings the lines make: 101 then 102 backwards (the joint vertices once); 103.
  p1.rings = {{{x0, y0}, {x0 + 100.5, y0}, {x0 + 100.5, y0 + 80.25}, {x0, y0 + 80.25}, {x0 - 3.5, y0 + 40}, {x0, y0}},
              rectangle(x0 + 20, y0 + 20, 20.5, 30.75)};
  PolygonObject p2;
  p2.bsm = "2";
  p2.rings = {rectangle(x0 + 200, y0, 60.5, 50.125),
              {{x0 + 210, y0 + 10}, {x0 + 230, y0 + 10}, {x0 + 220, y0 + 30}, {x0 + 210, y0 + 10}}};
  p2.label = {x0 + 250, y0 + 40};
  spec.polygons = {p1, p2};
  spec.attributes = {"DLTB", "1,1,0101,水田,7400.25,某村，一组", "2,2,0201,果园,3000.5,", "TableEnd"};
  return spec;
}

}  // namespace parklayers::vcttest
