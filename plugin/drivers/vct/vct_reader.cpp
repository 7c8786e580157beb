// SPDX-License-Identifier: GPL-2.0-or-later
// Reading a VCT file: bytes to sections, the Head, FeatureCode and TableStructure, the objects
// of the geometry sections (indirect polygons' rings joined from their Line objects) and the
// Attribute rows; every problem named by file, section, BSM and line.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string_view>
#include <unordered_map>

#include "vct_format.h"

namespace parklayers::vct {
namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kFullWidthComma = "\xEF\xBC\x8C";  // U+FF0C

std::string_view trim(std::string_view text) {
  const char* space = " \t\r\n";
  const size_t first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::vector<std::string> split(std::string_view line, char separator) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t at = line.find(separator, start);
    cells.emplace_back(trim(line.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return cells;
}

// A decimal number as producers write it: no "nan", "inf" or hex, nothing after it.
std::optional<double> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 64 || text.find_first_not_of("+-.0123456789eE") != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long> parse_int(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  size_t start = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (start == text.size() || text.find_first_not_of("0123456789", start) != std::string_view::npos)
    return std::nullopt;
  return std::strtol(std::string(text).c_str(), nullptr, 10);
}

const std::map<std::string, FieldKind>& field_kinds() {
  static const std::map<std::string, FieldKind> kinds = {
      {"CHAR", FieldKind::String},       {"VARCHAR", FieldKind::String},  {"VARBIN", FieldKind::String},
      {"INT", FieldKind::Integer},       {"INT1", FieldKind::Integer},    {"INT2", FieldKind::Integer},
      {"INT4", FieldKind::Integer},      {"INTEGER", FieldKind::Integer}, {"SMALLINT", FieldKind::Integer},
      {"INT8", FieldKind::Integer64},    {"FLOAT", FieldKind::Real},      {"DOUBLE", FieldKind::Real},
      {"NUMERIC", FieldKind::Real},      {"DATE", FieldKind::Date},       {"TIME", FieldKind::Time},
      {"DATETIME", FieldKind::DateTime}, {"BOOLEAN", FieldKind::Boolean},
  };
  return kinds;
}

struct Section {
  size_t first = 0;  // the line after XxxBegin
  size_t end = 0;    // the XxxEnd line
};

class Parser {
 public:
  // The bytes are taken, not copied: only they or their UTF-8 are held while parsing.
  Parser(const std::string& name, std::string bytes) : name_(name) {
    if (bytes.compare(0, kBom.size(), kBom) == 0) bytes.erase(0, kBom.size());
    // No text file holds a NUL, and GDAL's names and values (C strings) would end at one. Its
    // line is counted in the bytes: no GBK or UTF-8 sequence holds the byte of a line feed.
    if (const size_t nul = bytes.find('\0'); nul != std::string::npos) {
      const auto feeds = std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
      fail("", "", static_cast<size_t>(feeds), "a NUL byte: not a text file");
    }
    if (is_utf8(bytes)) {
      text_ = std::move(bytes);
    } else {
      std::optional<std::string> utf8 = recode(bytes, "GB18030", "UTF-8");
      if (!utf8) throw FormatError(where(name_, "", "", 0, "the bytes are neither UTF-8 nor GBK (GB18030)"));
      std::string().swap(bytes);
      text_ = std::move(*utf8);
      doc_.gbk = true;
    }
    size_t start = 0;
    while (start < text_.size()) {
      size_t end = text_.find('\n', start);
      if (end == std::string::npos) end = text_.size();
      lines_.push_back(trim(std::string_view(text_).substr(start, end - start)));
      start = end + 1;
    }
  }

  Document run() {
    find_sections();
    const auto head = sections_.find("Head");
    if (head == sections_.end()) fail("Head", "", 0, "no HeadBegin ... HeadEnd section");
    read_head(head->second);
    check_data_mark();
    separator_ = ',';
    if (const HeadValue* separator = doc_.head.find("Separator"); separator && separator->value.size() == 1) {
      separator_ = separator->value[0];
    }
    if (auto it = sections_.find("FeatureCode"); it != sections_.end()) read_feature_codes(it->second);
    if (auto it = sections_.find("TableStructure"); it != sections_.end()) read_tables(it->second);
    if (auto it = sections_.find("Line"); it != sections_.end()) read_lines(it->second);
    if (auto it = sections_.find("Point"); it != sections_.end()) read_points(it->second);
    if (auto it = sections_.find("Polygon"); it != sections_.end()) read_polygons(it->second);
    if (auto it = sections_.find("Annotation"); it != sections_.end()) read_annotations(it->second);
    if (auto it = sections_.find("Attribute"); it != sections_.end()) read_attributes(it->second);
    if (auto it = sections_.find("Varchar"); it != sections_.end()) read_varchars(it->second);
    return std::move(doc_);
  }

 private:
  [[noreturn]] void fail(const std::string& section, const std::string& bsm, size_t index,
                         const std::string& what) const {
    throw FormatError(where(name_, section, bsm, static_cast<int>(index) + 1, what));
  }

  void find_sections() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      const std::string_view line = lines_[i];
      constexpr std::string_view kBegin = "Begin";
      if (line.size() <= kBegin.size() || line.substr(line.size() - kBegin.size()) != kBegin) continue;
      const std::string name(line.substr(0, line.size() - kBegin.size()));
      if (name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != std::string::npos) continue;
      const std::string end = name + "End";
      size_t j = i + 1;
      while (j < lines_.size() && lines_[j] != end) ++j;
      if (j == lines_.size()) fail(name, "", i, "the section has no " + end + " (the file is truncated?)");
      if (!sections_.emplace(name, Section{i + 1, j}).second) fail(name, "", i, "a second " + name + "Begin");
      if (name == "Head") doc_.head.line = static_cast<int>(i) + 1;
      i = j;
    }
  }

  void read_head(const Section& section) {
    for (size_t i = section.first; i < section.end; ++i) {
      std::string line(lines_[i]);
      if (line.empty()) continue;
      // Some producers write the full-width colon.
      size_t colon = line.find(':');
      size_t skip = 1;
      const size_t wide = line.find("\xEF\xBC\x9A");
      if (wide != std::string::npos && (colon == std::string::npos || wide < colon)) {
        colon = wide;
        skip = 3;
      }
      if (colon == std::string::npos) fail("Head", "", i, "not a Key:Value line: " + line);
      doc_.head.entries.emplace_back(
          std::string(trim(std::string_view(line).substr(0, colon))),
          HeadValue{std::string(trim(std::string_view(line).substr(colon + skip))), static_cast<int>(i) + 1});
    }
  }

  void check_data_mark() const {
    const HeadValue* mark = doc_.head.find("DataMark");
    const HeadValue* version = doc_.head.find("Version");
    const std::string mark_text = mark ? mark->value : "(none)";
    const std::string version_text = version ? version->value : "(none)";
    const std::string key = upper(mark_text);
    const bool vct = key.size() > 4 && key.compare(key.size() - 4, 4, "-VCT") == 0 && key.rfind("CNSDTF", 0) != 0;
    const bool old_keys = doc_.head.find("CoordSysType") || doc_.head.find("Unit");
    if (!vct || old_keys || !doc_.head.find("Spheroid")) {
      const size_t line = mark ? static_cast<size_t>(mark->line - 1) : static_cast<size_t>(doc_.head.line - 1);
      fail("Head", "", line,
           "DataMark " + mark_text + ", Version " + version_text +
               " is not read: the driver reads *-VCT files of the 2.0/3.0 shape (LANDUSE-VCT; a Head with "
               "Spheroid, Projection and Parameters), not CNSDTF-VCT (1999/2007), LANDUSE-DAT or the older "
               "keys (Unit, CoordSysType)");
    }
  }

  void read_feature_codes(const Section& section) {
    for (size_t i = section.first; i < section.end; ++i) {
      if (lines_[i].empty()) continue;
      const std::vector<std::string> cells = split(lines_[i], separator_);
      if (cells.size() < 4) fail("FeatureCode", "", i, "not code,name,type,table: " + std::string(lines_[i]));
      FeatureCode code;
      code.code = cells[0];
      code.name = cells[1];
      const std::string type = upper(cells[2]);
      if (type == "POINT") {
        code.kind = Kind::Point;
      } else if (type == "LINE") {
        code.kind = Kind::Line;
      } else if (type == "POLYGON") {
        code.kind = Kind::Polygon;
      } else if (type == "ANNOTATION") {
        code.kind = Kind::Annotation;
      } else {
        fail("FeatureCode", "", i, "the type " + cells[2] + " is none of Point, Line, Polygon, Annotation");
      }
      code.table = cells.back();  // older files put a colour before it
      code.line = static_cast<int>(i) + 1;
      if (code.code.empty() || code.table.empty()) fail("FeatureCode", "", i, "an empty code or table name");
      for (const FeatureCode& other : doc_.codes) {
        if (other.code == code.code) fail("FeatureCode", "", i, "the code " + code.code + " a second time");
      }
      doc_.codes.push_back(std::move(code));
    }
  }

  void read_tables(const Section& section) {
    size_t i = section.first;
    while (i < section.end) {
      if (lines_[i].empty() || lines_[i] == "0") {
        ++i;
        continue;
      }
      const std::vector<std::string> head = split(lines_[i], separator_);
      const std::optional<long> count = head.size() >= 2 ? parse_int(head[1]) : std::nullopt;
      if (!count || *count < 0 || static_cast<size_t>(*count) > section.end - i - 1) {
        fail("TableStructure", "", i, "not Table,fieldCount[,NoneGeometry] with that many field lines after it");
      }
      TableDef table;
      table.name = head[0];
      table.line = static_cast<int>(i) + 1;
      table.no_geometry = head.size() >= 3 && upper(head[2]) == "NONEGEOMETRY";
      if (doc_.table(table.name)) fail("TableStructure", "", i, "the table " + table.name + " a second time");
      ++i;
      for (long k = 0; k < *count; ++k, ++i) {
        const std::vector<std::string> cells = split(lines_[i], separator_);
        if (cells.size() < 2 || cells[0].empty()) fail("TableStructure", "", i, "not FIELD,Type[,width[,precision]]");
        FieldDef field;
        field.name = cells[0];
        field.type = cells[1];
        const auto kind = field_kinds().find(upper(cells[1]));
        if (kind == field_kinds().end())
          fail("TableStructure", "", i, "the field type " + cells[1] + " is not one VCT has");
        field.kind = kind->second;
        for (size_t c = 2; c < std::min<size_t>(cells.size(), 4); ++c) {
          if (cells[c].empty()) continue;
          const std::optional<long> number = parse_int(cells[c]);
          if (!number || *number < 0 || *number > 100000)
            fail("TableStructure", "", i, "the width or precision " + cells[c]);
          (c == 2 ? field.width : field.precision) = static_cast<int>(*number);
        }
        for (const FieldDef& other : table.fields) {
          if (upper(other.name) == upper(field.name))
            fail("TableStructure", "", i, "the field " + field.name + " a second time");
        }
        table.fields.push_back(std::move(field));
      }
      if (i < section.end && lines_[i] == "0") ++i;
      doc_.tables.push_back(std::move(table));
    }
  }

  // --- geometry sections: a cursor over one section's lines ---

  struct Cursor {
    const Parser& parser;
    const char* section;
    size_t at;
    size_t end;
    std::string bsm;
    bool done() {
      while (at < end && parser.lines_[at].empty()) ++at;
      return at >= end;
    }
    // Inside an object every line counts, an empty one too.
    std::string_view next(const char* what) {
      if (at >= end) parser.fail(section, bsm, end, std::string("the section ends where ") + what + " was due");
      return parser.lines_[at++];
    }
    size_t last() const { return at - 1; }
    // A count of lines to come (points, rings, segments): none can be larger than the lines
    // left, which also bounds what a count allocates. A reference count is not of lines (8 ids
    // to a line): `of_lines` false.
    long count(const char* what, bool of_lines = true) {
      const std::string_view text = next(what);
      const std::optional<long> value = parse_int(text);
      if (!value || *value < 0 || (of_lines && static_cast<size_t>(*value) > end - at)) {
        parser.fail(section, bsm, last(), std::string("not a ") + what + ": " + std::string(text));
      }
      return *value;
    }
    XY point() {
      const std::string_view text = next("a point x,y");
      const std::vector<std::string> cells = split(text, ',');
      std::optional<double> x, y;
      if (cells.size() >= 2) {
        x = parse_number(cells[0]);
        y = parse_number(cells[1]);
      }
      if (!x || !y || std::fabs(*x) >= kMaxCoordinate || std::fabs(*y) >= kMaxCoordinate) {
        parser.fail(section, bsm, last(), "not a point x,y: " + std::string(text));
      }
      return {*x, *y};
    }
    void end_of_object() {
      const std::string_view text = next("the object's closing 0");
      if (text != "0")
        parser.fail(section, bsm, last(), "the object goes on past what it states: " + std::string(text));
    }
    // Starts an object: its BSM and feature code; the style line is skipped.
    void start(Object& object) {
      bsm = std::string(next("a BSM"));
      object.line = static_cast<int>(last()) + 1;
      object.bsm = bsm;
      object.code = std::string(next("a feature code"));
      (void)next("a style");
    }
  };

  bool is_point_line(std::string_view text) const { return text.find(',') != std::string_view::npos; }

  void read_lines(const Section& section) {
    Cursor c{*this, "Line", section.first, section.end, ""};
    while (!c.done()) {
      Object object;
      object.kind = Kind::Line;
      c.start(object);
      const std::string_view type = c.next("a line type");
      if (type == "100") fail("Line", c.bsm, c.last(), "an indirect line (type 100) is not read");
      const long segments = c.count("segment count");
      std::vector<XY> points;
      for (long s = 0; s < segments; ++s) {
        (void)c.next("a segment type");
        const long count = c.count("point count");
        for (long k = 0; k < count; ++k) {
          const XY point = c.point();
          // Segments share their joint vertex: written once.
          if (k == 0 && !points.empty() && points.back() == point) continue;
          points.push_back(point);
        }
      }
      c.end_of_object();
      if (points.size() < 2) fail("Line", c.bsm, static_cast<size_t>(object.line - 1), "a line of fewer than 2 points");
      object.parts.push_back(std::move(points));
      if (!line_index_.emplace(object.bsm, doc_.objects.size()).second) {
        fail("Line", c.bsm, static_cast<size_t>(object.line - 1), "a second Line object of this BSM");
      }
      doc_.objects.push_back(std::move(object));
    }
  }

  // Points, or an annotation's positions: lines up to the object's closing 0, with an optional
  // count first (producers differ).
  std::vector<XY> points_to_end(Cursor& c, std::vector<std::optional<double>>* angles) {
    std::vector<XY> points;
    bool first = true;
    while (true) {
      const std::string_view text = c.next("the object's closing 0");
      if (text == "0") break;
      if (first && !is_point_line(text) && parse_int(text)) {
        first = false;
        continue;
      }
      first = false;
      --c.at;
      points.push_back(c.point());
      if (angles) {
        const std::vector<std::string> cells = split(text, ',');
        angles->push_back(cells.size() >= 3 ? parse_number(cells[2]) : std::nullopt);
      }
    }
    return points;
  }

  void read_points(const Section& section) {
    Cursor c{*this, "Point", section.first, section.end, ""};
    while (!c.done()) {
      Object object;
      object.kind = Kind::Point;
      c.start(object);
      (void)c.next("a point type");
      std::vector<XY> points = points_to_end(c, nullptr);
      if (points.size() != 1) {
        fail("Point", c.bsm, static_cast<size_t>(object.line - 1),
             std::to_string(points.size()) + " points: a Point object of one point is read");
      }
      object.parts.push_back(std::move(points));
      doc_.objects.push_back(std::move(object));
    }
  }

  void read_annotations(const Section& section) {
    Cursor c{*this, "Annotation", section.first, section.end, ""};
    while (!c.done()) {
      Object object;
      object.kind = Kind::Annotation;
      c.start(object);
      (void)c.next("an annotation type");
      object.text = std::string(c.next("the annotation's text"));
      std::vector<std::optional<double>> angles;
      std::vector<XY> points = points_to_end(c, &angles);
      if (points.empty())
        fail("Annotation", c.bsm, static_cast<size_t>(object.line - 1), "an annotation without a position");
      // A multi-position annotation (type 2) places each character: its first position anchors it.
      object.angle = angles.front();
      object.parts.push_back({points.front()});
      doc_.objects.push_back(std::move(object));
    }
  }

  void read_polygons(const Section& section) {
    Cursor c{*this, "Polygon", section.first, section.end, ""};
    while (!c.done()) {
      Object object;
      object.kind = Kind::Polygon;
      c.start(object);
      const std::string_view type = c.next("a polygon type");
      (void)c.point();  // the label point
      if (type == "100") {
        const std::string_view subtype = c.next("a polygon subtype");
        if (subtype != "21") {
          fail("Polygon", c.bsm, c.last(),
               "the subtype " + std::string(subtype) + " is not read (21, a polygon made of lines, is)");
        }
        const long count = c.count("reference count", false);
        std::vector<std::pair<long, size_t>> references;  // id, line index
        while (static_cast<long>(references.size()) < count) {
          const std::string_view text = c.next("a line reference");
          for (const std::string& cell : split(text, ',')) {
            if (cell.empty()) continue;
            const std::optional<long> id = parse_int(cell);
            if (!id) fail("Polygon", c.bsm, c.last(), "not a line reference: " + cell);
            references.emplace_back(*id, c.last());
          }
        }
        if (static_cast<long>(references.size()) != count) {
          fail("Polygon", c.bsm, c.last(),
               std::to_string(references.size()) + " references, and the count says " + std::to_string(count));
        }
        c.end_of_object();
        std::vector<std::pair<long, size_t>> ring;
        for (size_t k = 0; k <= references.size(); ++k) {
          if (k == references.size() || references[k].first == 0) {
            if (!ring.empty()) object.parts.push_back(join_ring(c.bsm, object, ring));
            ring.clear();
          } else {
            ring.push_back(references[k]);
          }
        }
      } else if (type == "1") {
        const long rings = c.count("ring count");
        for (long r = 0; r < rings; ++r) {
          (void)c.next("a ring type");
          const long count = c.count("point count");
          std::vector<XY> points;
          for (long k = 0; k < count; ++k) points.push_back(c.point());
          check_ring(c.bsm, object, points, r + 1);
          object.parts.push_back(std::move(points));
        }
        c.end_of_object();
      } else {
        fail("Polygon", c.bsm, c.last(),
             "the polygon type " + std::string(type) + " is not read (1 direct, 100 indirect are)");
      }
      if (object.parts.empty()) fail("Polygon", c.bsm, static_cast<size_t>(object.line - 1), "a polygon without rings");
      doc_.objects.push_back(std::move(object));
    }
  }

  void check_ring(const std::string& bsm, const Object& object, const std::vector<XY>& ring, long number) const {
    const std::string which = "ring " + std::to_string(number);
    if (ring.size() < 4)
      fail("Polygon", bsm, static_cast<size_t>(object.line - 1), which + " has fewer than 3 corners");
    if (ring.front() != ring.back()) {
      fail("Polygon", bsm, static_cast<size_t>(object.line - 1),
           which + " does not close (its last point is not its first)");
    }
  }

  // A ring of an indirect polygon: its lines end to end, each joint vertex once. A negative id is
  // the line reversed; a line whose direction is not so stated is turned where only that joins.
  std::vector<XY> join_ring(const std::string& bsm, const Object& object,
                            const std::vector<std::pair<long, size_t>>& ids) {
    std::vector<XY> ring;
    for (size_t k = 0; k < ids.size(); ++k) {
      const auto [id, line] = ids[k];
      const auto found = line_index_.find(std::to_string(std::labs(id)));
      if (found == line_index_.end()) {
        fail("Polygon", bsm, line,
             "the line " + std::to_string(std::labs(id)) + " it names is not in the Line section");
      }
      std::vector<XY> points = doc_.objects[found->second].parts.front();
      if (id < 0) std::reverse(points.begin(), points.end());
      if (ring.empty()) {
        ring = std::move(points);
        continue;
      }
      if (points.front() != ring.back()) {
        if (points.back() == ring.back()) {
          std::reverse(points.begin(), points.end());
        } else if (k == 1 && (points.front() == ring.front() || points.back() == ring.front())) {
          // The first line was the one given the wrong way round.
          std::reverse(ring.begin(), ring.end());
          if (points.front() != ring.back()) std::reverse(points.begin(), points.end());
        }
      }
      if (points.front() != ring.back()) {
        fail("Polygon", bsm, line,
             "the line " + std::to_string(std::labs(id)) + " does not join the ring's line before it");
      }
      ring.insert(ring.end(), points.begin() + 1, points.end());
    }
    const long number = static_cast<long>(object.parts.size()) + 1;
    check_ring(bsm, object, ring, number);
    return ring;
  }

  void read_attributes(const Section& section) {
    size_t i = section.first;
    while (i < section.end) {
      if (lines_[i].empty()) {
        ++i;
        continue;
      }
      AttributeTable table;
      table.name = std::string(lines_[i]);
      table.line = static_cast<int>(i) + 1;
      const TableDef* def = doc_.table(table.name);
      if (!def) fail("Attribute", "", i, "the table " + table.name + " is not in TableStructure");
      size_t bsm_field = def->fields.size();
      for (size_t f = 0; f < def->fields.size(); ++f) {
        if (upper(def->fields[f].name) == "BSM") bsm_field = f;
      }
      ++i;
      bool ended = false;
      for (; i < section.end; ++i) {
        if (lines_[i].empty()) continue;
        if (lines_[i] == "TableEnd") {
          ended = true;
          ++i;
          break;
        }
        std::string line(lines_[i]);
        std::vector<std::string> values = split(line, separator_);
        for (std::string& value : values) {
          for (size_t at = value.find(kFullWidthComma); at != std::string::npos;
               at = value.find(kFullWidthComma, at + 1)) {
            value.replace(at, kFullWidthComma.size(), ",");
          }
        }
        AttributeRow row;
        row.line = static_cast<int>(i) + 1;
        if (values.size() == def->fields.size() + 1) {
          row.key = values.front();
          values.erase(values.begin());
        } else if (values.size() == def->fields.size() && bsm_field < values.size()) {
          row.key = values[bsm_field];
        } else {
          fail("Attribute", values.front(), i,
               "table " + table.name + ": " + std::to_string(values.size()) + " values, and TableStructure has " +
                   std::to_string(def->fields.size()) + " fields");
        }
        row.values = std::move(values);
        table.rows.push_back(std::move(row));
      }
      if (!ended)
        fail("Attribute", "", static_cast<size_t>(table.line - 1), "the table " + table.name + " has no TableEnd");
      doc_.attributes.push_back(std::move(table));
    }
  }

  // Each text: its id line, its lines, a line holding only the separator.
  void read_varchars(const Section& section) {
    size_t i = section.first;
    const std::string_view separator(&separator_, 1);
    while (i < section.end) {
      if (lines_[i].empty()) {
        ++i;
        continue;
      }
      const std::string id(lines_[i]);
      const size_t id_line = i++;
      std::string text;
      bool ended = false;
      for (bool first = true; i < section.end; ++i, first = false) {
        if (lines_[i] == separator) {
          ended = true;
          ++i;
          break;
        }
        if (!first) text += '\n';
        text += lines_[i];
      }
      if (!ended) fail("Varchar", "", id_line, "the text " + id + " has no closing line of the separator alone");
      if (!doc_.varchars.emplace(id, std::move(text)).second)
        fail("Varchar", "", id_line, "the text " + id + " a second time");
    }
  }

  std::string name_;
  std::string text_;
  std::vector<std::string_view> lines_;
  std::map<std::string, Section> sections_;
  std::unordered_map<std::string, size_t> line_index_;  // Line BSM -> doc_.objects
  char separator_ = ',';
  Document doc_;
};

}  // namespace

std::string where(const std::string& file, const std::string& section, const std::string& bsm, int line,
                  const std::string& what) {
  std::string out = "VCT: " + file;
  if (!section.empty()) out += ": section " + section;
  if (!bsm.empty()) out += (section.empty() ? ": BSM " : ", BSM ") + bsm;
  if (line > 0) out += (section.empty() && bsm.empty() ? ": line " : ", line ") + std::to_string(line);
  return out + ": " + what;
}

const HeadValue* Head::find(const std::string& key) const {
  const std::string wanted = upper(key);
  for (const auto& [name, value] : entries) {
    if (upper(name) == wanted) return &value;
  }
  return nullptr;
}

const TableDef* Document::table(const std::string& name) const {
  for (const TableDef& table : tables) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

bool identifies(const std::string& head) {
  std::string_view text(head);
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  text.remove_prefix(first);
  const size_t end = text.find_first_of("\r\n");
  return trim(text.substr(0, end)) == "HeadBegin";
}

Document parse(const std::string& name, std::string bytes) { return Parser(name, std::move(bytes)).run(); }

}  // namespace parklayers::vct
