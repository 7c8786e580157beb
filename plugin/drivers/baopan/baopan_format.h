// SPDX-License-Identifier: GPL-2.0-or-later
// The land-parcel coordinate file (坐标报盘 TXT) as text, without GDAL's driver classes:
// decoding, parsing with line numbers, the CRS its header states, and writing one.
// Private to the BAOPAN driver (plugin/drivers/baopan); see docs/drivers/baopan.md for the format.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "parklayers/gis/cn_gauss_kruger.h"
#include "parklayers/gis/gbk_text.h"

namespace parklayers::baopan {

// Bad content. The message is complete: "FILE: 地块 ID, line N: problem".
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "FILE: 地块 ID, line N: what" (地块 left out when empty, the line when 0).
std::string where(const std::string& file, const std::string& parcel, int line, const std::string& what);

// No Gauss-Kruger coordinate comes near this in metres (northings stay under 10,002 km, eastings
// with their zone in front under 121,000,000): a file or a layer with a larger X or Y is refused,
// which also keeps the zone in front of Y within an int and every number within the writer's
// text (to the millimetre, no overflow to inf).
constexpr double kMaxCoordinate = 1e9;
// Whether a number read or to be written is a coordinate at all (finite, within kMaxCoordinate).
inline bool plausible_coordinate(double value) { return value > -kMaxCoordinate && value < kMaxCoordinate; }

// --- encodings (parklayers/gis/gbk_text.h, shared with the VCT driver) ---

using Encoding = TextEncoding;

// --- reading (baopan_reader.cpp) ---

// Whether these first bytes of a file hold both section names ([属性描述], [地块坐标]) in
// UTF-8 or in GBK.
bool identifies(const std::string& head);

struct Point {
  std::string name;    // 点号 (J1, ...)
  double north = 0;    // X as written
  double east = 0;     // Y as written, zone prefix included
  int line = 0;
};

struct Ring {
  int number = 0;      // 圈号: 1 outer, further numbers holes
  std::vector<Point> points;  // the closing point included
};

struct Parcel {
  int line = 0;                 // of its header line
  int point_count = 0;          // 界址点数
  std::string stated_area_ha;   // 地块面积 as written
  std::string id, name, shape, sheet, use, land_class;
  std::vector<Ring> rings;
};

struct HeaderValue {
  std::string value;
  int line = 0;
};

struct File {
  std::vector<std::pair<std::string, HeaderValue>> header;  // [属性描述], in file order
  std::vector<Parcel> parcels;                              // 面 records, in file order
  std::vector<std::string> warnings;                        // records skipped (线, 点)
  bool gb18030 = false;                                     // decoded from GB18030
  const HeaderValue* find(const std::string& key) const;
};

// Parses the file's bytes (UTF-8 with or without BOM, or GB18030; CRLF or LF). `name` is the
// file as messages name it. Throws FormatError at the first problem: a malformed line or
// number, a point count that disagrees with its header, a ring that does not close or has
// fewer than 3 corners, a hole outside its outer ring, an empty [地块坐标], bytes that are
// neither UTF-8 nor GB18030.
File parse(const std::string& name, const std::string& bytes);

// The CRS the header and coordinates state: 坐标系, 几度分带, and the zone from the Y prefix or
// 带号 (they must agree). Throws FormatError naming the line.
ChineseGkCrs crs_of(const std::string& name, const File& file);

// --- writing (baopan_writer.cpp) ---

struct OutParcel {
  std::string id, name, use, sheet, land_class;
  // Rings as GIS coordinates (x easting as the CRS has it, y northing), outer first, each
  // closed.
  std::vector<std::vector<std::pair<double, double>>> rings;
};

// The planar (shoelace) area of the parcel in m2: the outer ring less its holes.
double planar_area_m2(const OutParcel& parcel);

// The whole file, UTF-8 with CRLF line ends; `date` as YYYY-MM-DD.
std::string format_file(const ChineseGkCrs& crs, const std::vector<OutParcel>& parcels, const std::string& date);

}  // namespace parklayers::baopan
