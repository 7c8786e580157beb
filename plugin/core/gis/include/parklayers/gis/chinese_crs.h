// SPDX-License-Identifier: GPL-2.0-or-later
// GCJ-02 and BD-09: the longitude/latitude systems of Chinese web maps. Amap, Tencent and most
// others display GCJ-02 ("mars coordinates"), Baidu displays BD-09; WGS 84 data appears about
// 480 m off on them, and points picked from them are about 480 m off in WGS 84. PROJ declined
// to implement these (OSGeo/PROJ issue 982), so they live here.
//
// Formulas (the published, closed-form ones; see chinese_crs.cpp for the series):
// - WGS 84 -> GCJ-02: the transformLat/transformLon series on the Krasovsky ellipsoid
//   (a = 6378245 m, e^2 = 0.00669342162296594323), applied only inside the rectangle
//   lon 72.004..137.8347, lat 0.8293..55.8271 (bounds included); outside it the formula is
//   the identity. The rectangle is a box, not China's border: it takes in parts of its
//   neighbours and leaves out nothing of China.
// - GCJ-02 -> BD-09: Baidu's formula with x_pi = pi * 3000 / 180. It has no rectangle: it
//   shifts every point (by about 0.0065 E, 0.006 N), outside China too.
// - The inverses have no closed form. The usual one-step inverse p - offset(p) is off by up to
//   1.7e-5 degrees (1.8 m) around Shanghai and 5.6e-5 degrees (6 m) elsewhere in China, Baidu's
//   published BD-09 inverse by up to 1.8e-6 degrees. Here both are fixed-point iterations on
//   the forward formula, started from those, and stopped when a step is below 1e-12 degrees.
//   Measured over China (tests/gis/chinese_crs_test.cpp, a 0.1-degree grid): GCJ-02 takes
//   3-5 iterations (7 on the meridian 105 E itself, where the series has sqrt|lon - 105|),
//   BD-09 3-5; the residual |forward(inverse(p)) - p| stays below 3e-13 degrees and the round
//   trips WGS 84 -> GCJ-02 / BD-09 -> WGS 84 below 3.3e-12 degrees (0.4 micrometres).
// - Near the rectangle's edges: the inverse decides by where the given GCJ-02 point lies, as
//   the forward does: outside the rectangle it is returned unchanged, inside it is iterated.
//   The forward is discontinuous at the edges, so within one shift (at most about 0.01 degrees,
//   1 km) of the east and north edges a WGS 84 point inside can map to a GCJ-02 point outside,
//   which the inverse then leaves where it is. No Chinese territory is that close to the edges.
#pragma once

#include <optional>
#include <string>

class OGRGeometry;
class OGRSpatialReference;

namespace parklayers {

// The three longitude/latitude systems the formulas connect. WGS 84 is here as the end point
// of the formulas; as a CRS in its own right it is PROJ's business (EPSG:4326).
enum class ChineseCrs { Wgs84, Gcj02, Bd09 };

// "GCJ02", "GCJ-02", "BD09", "BD-09" in any case, to the system; nullopt for any other name
// (including WGS 84's: callers hand other names to PROJ).
std::optional<ChineseCrs> parse_chinese_crs(const std::string& name);
// "WGS84", "GCJ02", "BD09".
const char* chinese_crs_name(ChineseCrs crs);

struct LonLat {
  double lon = 0;  // degrees east
  double lat = 0;  // degrees north
};

// How an inverse ended, for the tests and anyone measuring it.
struct InverseReport {
  int iterations = 0;         // forward evaluations after the starting guess
  double residual_deg = 0;    // max(|dlon|, |dlat|) of forward(result) - input
};

// Whether the GCJ-02 formula shifts a point (inside the rectangle, bounds included).
bool in_gcj02_rectangle(double lon, double lat);

LonLat wgs84_to_gcj02(LonLat wgs84);
// Iterated inverse; report (optional) receives the iteration count and residual.
LonLat gcj02_to_wgs84(LonLat gcj02, InverseReport* report = nullptr);
LonLat gcj02_to_bd09(LonLat gcj02);
LonLat bd09_to_gcj02(LonLat bd09, InverseReport* report = nullptr);

// Any of the three to any other, through GCJ-02 (WGS 84 <-> BD-09 is GCJ-02 then BD-09).
LonLat convert_lonlat(LonLat point, ChineseCrs from, ChineseCrs to);

// Converts every vertex of the geometry in place (x = longitude, y = latitude in degrees; Z and
// M kept; curves keep their control points; empty parts are left alone). The geometry's
// spatial reference is not touched. Throws std::invalid_argument, before changing anything,
// if a coordinate is not finite or not a longitude/latitude (|lon| > 180 or |lat| > 90).
void transform_geometry(OGRGeometry& geometry, ChineseCrs from, ChineseCrs to);

// For data declared GCJ-02 or BD-09 (`convert --s_srs`, a park source's coord_sys column):
// such coordinates are longitude/latitude whatever geographic CRS the layer states (web-map
// data is usually labelled WGS 84), so the layer's CRS must be absent or geographic. Brings
// the geometry back to WGS 84 in place, keeping the layer's axis order (latitude-first data
// stays latitude first). Throws std::invalid_argument, before changing anything, for a
// projected layer CRS or coordinates that are not longitude/latitude.
void declared_to_wgs84(OGRGeometry& geometry, ChineseCrs from, const OGRSpatialReference* layer_crs);
// Why data in this layer CRS cannot be declared GCJ-02/BD-09 ("" when it can): a projected
// CRS holds metres, not degrees.
std::string declared_crs_problem(ChineseCrs declared, const OGRSpatialReference* layer_crs);

}  // namespace parklayers
