// SPDX-License-Identifier: GPL-2.0-or-later
// The VCT exchange file (GB/T 17798, 地理空间数据交换格式; LANDUSE-VCT and other *-VCT 2.0/3.0
// files) as text, without GDAL's driver classes: its sections parsed with line numbers, the CRS
// its Head states, and writing one. Private to the VCT driver (plugin/drivers/vct); the format
// as read is described in docs/drivers/vct.md.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "parklayers/gis/cn_gauss_kruger.h"
#include "parklayers/gis/gbk_text.h"

class OGRSpatialReference;

namespace parklayers::vct {

// Bad content. The message is complete: "VCT: FILE: section S, BSM B, line N: problem".
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "VCT: FILE: section S, BSM B, line N: what" (section, BSM and line left out when empty or 0).
std::string where(const std::string& file, const std::string& section, const std::string& bsm, int line,
                  const std::string& what);

// No projected or geographic coordinate comes near this; larger numbers are refused, so that every
// number read can be written back as text and areas stay finite.
constexpr double kMaxCoordinate = 1e9;

using XY = std::pair<double, double>;  // GIS order: x easting (or longitude), y northing

struct HeadValue {
  std::string value;
  int line = 0;
};

struct Head {
  std::vector<std::pair<std::string, HeadValue>> entries;  // in file order
  int line = 0;                                            // of HeadBegin
  const HeadValue* find(const std::string& key) const;     // case-insensitive key
};

enum class Kind { Point, Line, Polygon, Annotation };

struct FeatureCode {
  std::string code, name, table;
  Kind kind = Kind::Polygon;
  int line = 0;
};

enum class FieldKind { String, Integer, Integer64, Real, Date, Time, DateTime, Boolean };

struct FieldDef {
  std::string name;
  std::string type;  // as written (Char, Int4, ...)
  FieldKind kind = FieldKind::String;
  int width = 0;
  int precision = 0;
};

struct TableDef {
  std::string name;
  bool no_geometry = false;
  std::vector<FieldDef> fields;
  int line = 0;
};

// One object of the Point, Line, Polygon or Annotation section, its geometry resolved: a point's
// one part of one point, a line's one part, a polygon's rings (closed; outer and holes not yet
// told apart), an annotation's anchor point.
struct Object {
  Kind kind = Kind::Polygon;
  std::string bsm, code;
  int line = 0;  // of its BSM line
  std::vector<std::vector<XY>> parts;
  std::string text;  // annotation
  std::optional<double> angle;
};

struct AttributeRow {
  std::string key;                  // the object's BSM
  std::vector<std::string> values;  // one per TableStructure field, full-width commas made ','
  int line = 0;
};

struct AttributeTable {
  std::string name;
  int line = 0;
  std::vector<AttributeRow> rows;
};

struct Document {
  Head head;
  std::vector<FeatureCode> codes;
  std::vector<TableDef> tables;
  std::vector<Object> objects;  // Point, Line, Polygon, Annotation sections, in that order
  std::vector<AttributeTable> attributes;
  // The Varchar section's texts by id: a Varchar field's value names one (lines joined by "\n").
  std::map<std::string, std::string> varchars;
  bool gbk = false;  // decoded from GBK (GB18030)
  const TableDef* table(const std::string& name) const;
};

// --- reading (vct_reader.cpp) ---

// Whether these first bytes are a VCT file's: the first non-empty line is HeadBegin (after a
// UTF-8 BOM).
bool identifies(const std::string& head);

// Parses the file's bytes (UTF-8 with or without BOM, else GBK/GB18030; CRLF or LF). `name` is
// the file as messages name it. Refuses DataMarks other than *-VCT (CNSDTF-VCT, LANDUSE-DAT, the
// old keys) naming DataMark and Version. Throws FormatError at the first problem.
Document parse(const std::string& name, std::string bytes);

// --- the CRS (vct_crs.cpp) ---

struct VctCrs {
  int epsg = 0;          // 0: Cartesian (CoordinateSystemType C), no CRS
  bool swap_xy = false;  // XAxisDirection N: the file's x is the northing
};

// The CRS the Head states (Spheroid, Projection, Parameters, CoordinateSystemType). Throws
// FormatError naming the line for an unknown Spheroid or Projection or Parameters it cannot read.
VctCrs crs_of(const std::string& name, const Head& head);

// The Head lines (key, value) that state `crs`: a Chinese Gauss-Kruger EPSG CRS or the geographic
// CRS of CGCS2000, Xian 1980 or Beijing 1954. nullopt for any other.
std::optional<std::vector<std::pair<std::string, std::string>>> head_of_crs(const OGRSpatialReference& crs);

// --- geometry assembly (vct_geometry.cpp) and writing (vct_writer.cpp) ---

struct OutObject {
  std::string bsm;
  // A polygon's rings (closed; outer and holes in any order), a line's one part, a point's one
  // part of one point.
  std::vector<std::vector<XY>> rings;
  XY label{0, 0};                   // a polygon's
  std::vector<std::string> values;  // one per field, "" for null
};

struct OutField {
  std::string name;
  std::string type;  // the TableStructure text after the name: "Char,20", "Int4", "Float,20,6"
};

struct OutTable {
  std::string name, code, title;  // table, feature code, 要素名称
  Kind kind = Kind::Polygon;      // Point, Line or Polygon
  std::vector<OutField> fields;
  std::vector<OutObject> objects;
};

// The whole file, VCT 3.0, UTF-8 with CRLF line ends; `date` as YYYYMMDD.
std::string format_file(const std::vector<std::pair<std::string, std::string>>& crs_head,
                        const std::vector<OutTable>& tables, const std::string& date);
// A number as the shortest text that reads back as the same double.
std::string number_text(double value);

}  // namespace parklayers::vct
