// SPDX-License-Identifier: GPL-2.0-or-later
// Reading a coordinate file: bytes to sections, parcels and rings, every problem named by
// file, 地块 and line.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <ogr_geometry.h>

#include "baopan_format.h"

namespace parklayers::baopan {
namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kAttributes = "[属性描述]";
const std::string kCoordinates = "[地块坐标]";

std::string trim(const std::string& text) {
  const char* space = " \t\r\n";
  const size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    cells.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

// A decimal number as surveyors write it: digits, one point, an optional sign; no exponent,
// no "nan" or "inf", nothing after it.
std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || text.find_first_not_of("+-.0123456789") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::atoi(text.c_str());
}

// "(X, Y)" to the millimetre, as the file writes them.
std::string xy(const Point& point) {
  char text[96];
  std::snprintf(text, sizeof text, "(%.3f, %.3f)", point.north, point.east);
  return text;
}

class Parser {
 public:
  Parser(const std::string& name, const std::string& bytes) : name_(name) {
    std::string body = bytes.compare(0, kBom.size(), kBom) == 0 ? bytes.substr(kBom.size()) : bytes;
    file_.gb18030 = !is_utf8(body);
    size_t start = 0;
    while (start < body.size()) {
      size_t end = body.find('\n', start);
      if (end == std::string::npos) end = body.size();
      lines_.push_back(body.substr(start, end - start));
      start = end + 1;
    }
  }

  File run() {
    enum class Section { None, Attributes, Coordinates } section = Section::None;
    int coordinates_line = 0;
    for (size_t i = 0; i < lines_.size(); ++i) {
      line_ = static_cast<int>(i) + 1;
      const std::string text = trim(decoded(lines_[i]));
      if (text.empty()) continue;
      if (text == kAttributes) {
        section = Section::Attributes;
      } else if (text == kCoordinates) {
        section = Section::Coordinates;
        coordinates_line = line_;
      } else if (section == Section::Attributes) {
        const size_t equals = text.find('=');
        if (equals == std::string::npos) fail("a [属性描述] line that is not key=value: " + text);
        file_.header.push_back({trim(text.substr(0, equals)), {trim(text.substr(equals + 1)), line_}});
      } else if (section == Section::Coordinates) {
        if (text.back() == '@') {
          start_parcel(text);
        } else {
          add_point(text);
        }
      } else {
        fail("text before [属性描述]: " + text);
      }
    }
    line_ = static_cast<int>(lines_.size());
    finish_parcel();
    if (coordinates_line == 0) {
      line_ = 0;
      fail("no [地块坐标] section");
    }
    if (file_.parcels.empty() && file_.warnings.empty()) {
      line_ = coordinates_line;
      fail("the [地块坐标] section holds no 地块");
    }
    return std::move(file_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(where(name_, in_parcel_ ? parcel_.id : "", line_, what));
  }

  std::string decoded(const std::string& raw) {
    if (!file_.gb18030) return raw;
    std::optional<std::string> text = recode(raw, "GB18030", "UTF-8");
    if (!text) {
      if (is_utf8(raw)) misencoded_utf8_file();
      name_header_parcel(raw, false);
      fail("the file is neither UTF-8 nor GB18030 (GBK): this line holds bytes that are neither");
    }
    return *text;
  }

  // A file taken for GB18030 fails at a line of UTF-8 characters: the file is UTF-8, and the line
  // at fault is the first that is not (a stray byte, or a line in GBK), further on.
  [[noreturn]] void misencoded_utf8_file() {
    const int utf8_line = line_;
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (is_utf8(lines_[i])) continue;
      line_ = static_cast<int>(i) + 1;
      in_parcel_ = false;  // the 地块 of that line is not known, unless it is a header
      name_header_parcel(lines_[i], true);
      if (recode(lines_[i], "GB18030", "UTF-8")) {
        fail("this line is in GBK (GB18030) and line " + std::to_string(utf8_line) +
             " in UTF-8: a file is in one encoding");
      }
      fail("the file is neither UTF-8 nor GB18030 (GBK): this line holds bytes that are neither");
    }
    fail("the file is neither UTF-8 nor GB18030 (GBK)");  // not reached: the file is not UTF-8
  }

  // A 地块 header that cannot be decoded is still named by its 地块编号 (commas are single bytes
  // in UTF-8 and GB18030, never part of a character), read in the file's encoding when it can be.
  void name_header_parcel(const std::string& raw, bool utf8_file) {
    const std::string line = trim(raw);
    const std::vector<std::string> cells = split_cells(line);
    if (!line.empty() && line.back() == '@' && cells.size() > 2) {
      in_parcel_ = true;
      parcel_.id = utf8_file && is_utf8(cells[2]) ? cells[2]
                                                  : recode(cells[2], "GB18030", "UTF-8").value_or(cells[2]);
    }
  }

  void start_parcel(const std::string& text) {
    finish_parcel();
    std::vector<std::string> cells = split_cells(text.substr(0, text.size() - 1));
    if (!cells.empty() && cells.back().empty()) cells.pop_back();  // "...,地类编码,@"
    parcel_ = Parcel{};
    parcel_.line = line_;
    in_parcel_ = true;
    if (cells.size() > 2) parcel_.id = cells[2];
    if (cells.size() < 5) {
      fail("a 地块 header needs 界址点数,地块面积,地块编号,地块名称,记录图形属性,...,@; found: " + text);
    }
    cells.resize(std::max<size_t>(cells.size(), 8));
    const std::optional<int> count = parse_count(cells[0]);
    if (!count) fail("界址点数 '" + cells[0] + "' is not a whole number");
    parcel_.point_count = *count;
    if (!parse_number(cells[1])) fail("地块面积 '" + cells[1] + "' is not a number");
    parcel_.stated_area_ha = cells[1];
    parcel_.name = cells[3];
    parcel_.shape = cells[4];
    parcel_.sheet = cells[5];
    parcel_.use = cells[6];
    parcel_.land_class = cells[7];
    points_seen_ = 0;
  }

  void add_point(const std::string& text) {
    if (!in_parcel_) fail("a point line before any 地块 header (a line ending in @): " + text);
    ++points_seen_;
    if (parcel_.shape != "面") return;  // skipped: only its count is checked
    const std::vector<std::string> cells = split_cells(text);
    if (cells.size() != 4) fail("a point line needs 点号,圈号,X,Y; found: " + text);
    const std::optional<int> ring = parse_count(cells[1]);
    if (!ring || *ring < 1) fail("圈号 '" + cells[1] + "' is not a ring number (1, 2, ...)");
    const std::optional<double> north = parse_number(cells[2]);
    if (!north) fail("X '" + cells[2] + "' is not a number");
    if (!plausible_coordinate(*north)) fail("X '" + cells[2] + "' is beyond any Gauss-Kruger northing");
    const std::optional<double> east = parse_number(cells[3]);
    if (!east) fail("Y '" + cells[3] + "' is not a number");
    if (!plausible_coordinate(*east)) fail("Y '" + cells[3] + "' is beyond any Gauss-Kruger easting");
    std::vector<Ring>& rings = parcel_.rings;
    if (rings.empty() || rings.back().number != *ring) {
      if (rings.empty() && *ring != 1) fail("the first ring is 圈号 " + cells[1] + ": the outer ring must be 圈号 1");
      for (const Ring& done : rings) {
        if (done.number == *ring) fail("圈号 " + cells[1] + " appears again after another ring");
      }
      if (!rings.empty()) close_ring(rings.back());
      rings.push_back(Ring{*ring, {}});
    }
    rings.back().points.push_back(Point{cells[0], *north, *east, line_});
  }

  // Named at the ring's last line; line_ is left as it was when the ring is sound.
  void close_ring(const Ring& ring) {
    const Point& first = ring.points.front();
    const Point& last = ring.points.back();
    const int current = line_;
    line_ = last.line;
    if (ring.points.size() < 2 || first.north != last.north || first.east != last.east) {
      fail("ring 圈号 " + std::to_string(ring.number) + " does not close: its last point " + last.name + " " +
           xy(last) + " is not its first, " + first.name + " " + xy(first));
    }
    if (ring.points.size() < 4) {
      fail("ring 圈号 " + std::to_string(ring.number) + " has fewer than 3 corners");
    }
    line_ = current;
  }

  void finish_parcel() {
    if (!in_parcel_) return;
    const int end_line = line_;
    if (points_seen_ != parcel_.point_count) {
      line_ = parcel_.line;
      fail("界址点数 says " + std::to_string(parcel_.point_count) + " points, the 地块 has " +
           std::to_string(points_seen_));
    }
    if (parcel_.shape != "面") {
      file_.warnings.push_back(where(name_, parcel_.id, parcel_.line,
                                     "记录图形属性 is '" + parcel_.shape + "', not 面 (a polygon): skipped"));
    } else {
      if (parcel_.rings.empty()) {
        line_ = parcel_.line;
        fail("the 地块 has no points");
      }
      close_ring(parcel_.rings.back());
      check_holes();
      file_.parcels.push_back(std::move(parcel_));
    }
    in_parcel_ = false;
    line_ = end_line;
  }

  static std::unique_ptr<OGRPolygon> polygon_of(const Ring& ring) {
    auto linear = std::make_unique<OGRLinearRing>();
    for (const Point& point : ring.points) linear->addPoint(point.east, point.north);
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(linear.release());
    return polygon;
  }

  // Each hole must lie inside the outer ring (touching it at a corner is allowed).
  void check_holes() {
    if (parcel_.rings.size() < 2) return;
    const std::unique_ptr<OGRPolygon> outer = polygon_of(parcel_.rings.front());
    for (size_t k = 1; k < parcel_.rings.size(); ++k) {
      const Ring& hole = parcel_.rings[k];
      if (!outer->Contains(polygon_of(hole).get())) {
        line_ = hole.points.front().line;
        fail("hole 圈号 " + std::to_string(hole.number) + " is not inside the outer ring 圈号 1");
      }
    }
  }

  std::string name_;
  std::vector<std::string> lines_;
  File file_;
  Parcel parcel_;
  bool in_parcel_ = false;
  int points_seen_ = 0;
  int line_ = 0;
};

}  // namespace

std::string where(const std::string& file, const std::string& parcel, int line, const std::string& what) {
  std::string out = file;
  if (!parcel.empty()) out += ": 地块 " + parcel;
  if (line > 0) out += (parcel.empty() ? ": line " : ", line ") + std::to_string(line);
  return out + ": " + what;
}

bool identifies(const std::string& head) {
  static const std::string gbk_attributes = recode(kAttributes, "UTF-8", "GBK").value_or(kAttributes);
  static const std::string gbk_coordinates = recode(kCoordinates, "UTF-8", "GBK").value_or(kCoordinates);
  const bool utf8 = head.find(kAttributes) != std::string::npos && head.find(kCoordinates) != std::string::npos;
  const bool gbk =
      head.find(gbk_attributes) != std::string::npos && head.find(gbk_coordinates) != std::string::npos;
  return utf8 || gbk;
}

const HeaderValue* File::find(const std::string& key) const {
  for (const auto& [name, value] : header) {
    if (name == key) return &value;
  }
  return nullptr;
}

File parse(const std::string& name, const std::string& bytes) { return Parser(name, bytes).run(); }

ChineseGkCrs crs_of(const std::string& name, const File& file) {
  const HeaderValue* datum_text = file.find("坐标系");
  if (!datum_text) throw FormatError(where(name, "", 0, "[属性描述] has no 坐标系"));
  const std::optional<ChineseDatum> datum = parse_chinese_datum(datum_text->value);
  if (!datum) {
    throw FormatError(where(name, "", datum_text->line,
                            "unknown 坐标系 '" + datum_text->value +
                                "' (known: 2000国家大地坐标系, 1980西安坐标系, 1954北京坐标系)"));
  }
  const HeaderValue* width_text = file.find("几度分带");
  if (!width_text) throw FormatError(where(name, "", 0, "[属性描述] has no 几度分带"));
  const std::optional<int> width = parse_count(width_text->value);
  if (!width || (*width != 3 && *width != 6)) {
    throw FormatError(where(name, "", width_text->line, "几度分带 '" + width_text->value + "' is neither 3 nor 6"));
  }
  const HeaderValue* zone_text = file.find("带号");
  std::optional<int> stated_zone;
  if (zone_text && !zone_text->value.empty()) {
    stated_zone = parse_count(zone_text->value);
    if (!stated_zone || *stated_zone == 0) {
      throw FormatError(where(name, "", zone_text->line, "带号 '" + zone_text->value + "' is not a zone number"));
    }
  }
  // The zone in front of Y (zone x 1,000,000 + 500 km false easting): the same on every point.
  std::optional<int> prefix;
  const Point* prefix_point = nullptr;
  const Parcel* prefix_parcel = nullptr;
  for (const Parcel& parcel : file.parcels) {
    for (const Ring& ring : parcel.rings) {
      for (const Point& point : ring.points) {
        const int zone = point.east >= 1000000.0 ? static_cast<int>(std::floor(point.east / 1000000.0)) : 0;
        if (!prefix_point) {
          prefix = zone;
          prefix_point = &point;
          prefix_parcel = &parcel;
        } else if (zone != *prefix) {
          throw FormatError(where(name, parcel.id, point.line,
                                  "Y " + std::to_string(point.east) + (zone ? " has zone " + std::to_string(zone)
                                                                            : std::string(" has no zone prefix")) +
                                      " where line " + std::to_string(prefix_point->line) +
                                      (*prefix ? " has zone " + std::to_string(*prefix) : std::string(" has none"))));
        }
        if (stated_zone && zone && zone != *stated_zone) {
          throw FormatError(where(name, parcel.id, point.line,
                                  "the zone prefix " + std::to_string(zone) + " of Y contradicts 带号=" +
                                      std::to_string(*stated_zone) + " (line " + std::to_string(zone_text->line) + ")"));
        }
      }
    }
  }
  ChineseGkCrs crs{*datum, *width, 0, false};
  if (prefix && *prefix) {
    crs.zone = *prefix;
    crs.zone_in_easting = true;
  } else if (stated_zone) {
    crs.zone = *stated_zone;
  } else {
    throw FormatError(where(name, "", zone_text ? zone_text->line : 0,
                            "Y has no zone prefix and 带号 is not given: the zone is unknown"));
  }
  if (crs.epsg() == 0) {
    const int line = crs.zone_in_easting ? prefix_point->line : zone_text->line;
    throw FormatError(where(name, crs.zone_in_easting ? prefix_parcel->id : "", line,
                            std::string("EPSG has no ") + chinese_datum_english(crs.datum) + " " +
                                std::to_string(crs.zone_width) + "-degree zone " + std::to_string(crs.zone) +
                                (crs.zone_in_easting ? " (the zone prefix of Y)" : " (带号)")));
  }
  return crs;
}

}  // namespace parklayers::baopan
