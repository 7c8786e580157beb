// SPDX-License-Identifier: GPL-2.0-or-later
// The words of the park's report sheet (`parklayers report`, the QGIS layout "Park report"), in
// English or Chinese: the title, the rows of the checks table with their status colours, the
// sources cited (each once), the statement of how good the geometry is, and when, by which
// version and from what the sheet was made. Read from a built park (its area_checks table, its
// features' provenance and accuracy_m, its metadata), so that the QGIS side only places them.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/park/checks.h"
#include "parklayers/park/park.h"
#include "parklayers/park/report.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers {

// What a built park says of itself that the sheet shows.
struct SheetFacts {
  std::vector<Check> checks;  // from area_checks, in its order
  // "parcel:P1", "building:B3", "amenity:A8", "tenant:T1" -> the feature's name_en / name_zh.
  std::map<std::string, std::string> names_en, names_zh;
  // The least certain provenance of the park's features: "modelled" over "published" over
  // "surveyed"; empty when no feature says. accuracy_m: the largest accuracy_m among the parcels
  // (whose areas the checks measure) of that provenance, else among all its features; worst_m:
  // the largest among all its features (an amenity placed off the park). nullopt when none
  // states one.
  std::string provenance;
  std::optional<double> accuracy_m, worst_m;
  SourceName input;     // the source the park was built from (PARKLAYERS_SOURCE), no password
  bool bundled = false; // the input is the bundled Anting park
};

// Reads a built park (a GeoPackage written by write_park, or one in its shape). Throws
// InputError naming the file when it does not open or holds no area_checks table.
SheetFacts read_sheet_facts(const std::string& built_park);
// Whether `path` is a file holding a built park (read_sheet_facts reads it): a report is made
// from it as it is, where any other source is built first.
bool is_built_park(const SourceName& path);

// The built park a sheet is made from, written to `gpkg` (a new file), from any source `check`
// takes: a built park copied as it is (the source is never changed); a layer of stated parcels
// (a coordinate file) as stated_parcels_park makes it, read with `parcels`; else a park source
// (a folder, a dataset, a database's schema), read by `load_park` (the caller's reading, which
// shows its warnings its own way) and written by write_park.
void write_sheet_park(const SourceName& source, const std::string& gpkg, const StatedParcelOptions& parcels,
                      const std::function<Park()>& load_park);

struct SheetRow {
  std::string id, subject, figure, accepted, computed, method, status, source;
  CheckStatus status_code = CheckStatus::Incomplete;
};

struct Sheet {
  std::string title;          // the park's name
  std::string checks_title;   // "Stated figures checked against the park's geometry"
  std::vector<std::string> headers;  // of the rows' columns, in SheetRow's order
  std::vector<SheetRow> rows;
  std::string summary;        // "10 pass, 0 fail, 2 incomplete"
  std::string sources_title;  // "Sources"
  std::vector<std::string> sources;  // "[1] publisher, date, title, url", each source once
  std::string provenance;     // "Modelled, not surveyed: positions ±2 km."
  std::string made;           // "Made 2026-12-01 by Park Layers 0.9.0 from geodata/anting."
  std::string legend_title;   // "Legend"
};

// The sheet in a language; `date` is the day it is made (YYYY-MM-DD).
Sheet make_sheet(const SheetFacts& facts, Language language, const std::string& date);

// The park's name: the bundled park's own name in the language; another park is named after
// its source's folder or file (a database after its schema).
std::string park_title(const SourceName& input, bool bundled, Language language);

// "Modelled, not surveyed: positions ±2 km." / "模拟绘制，非实测：位置误差 ±2 千米。";
// "Surveyed: positions ±0.5 m."; with a larger worst_m: "... ±2 km, some up to ±5 km."; empty
// when the provenance is unknown.
std::string provenance_text(const std::string& provenance, const std::optional<double>& accuracy_m,
                            Language language, const std::optional<double>& worst_m = std::nullopt);

// "CRS: EPSG:4549 - CGCS2000 / 3-degree Gauss-Kruger CM 120E" / "坐标系：..."
std::string crs_text(const std::string& crs, Language language);
// "Centre: 31.3101° N, 121.1851° E" / "中心点：北纬 31.3101°，东经 121.1851°"
std::string centre_text(double longitude, double latitude, Language language);
// The scale bar's unit label: "m" / "米".
std::string scale_text(Language language);
// A layer of the built park as the legend names it: parcels -> "Parcels" / 地块, buildings,
// roads, amenities, park_boundary; another name as it is.
std::string layer_title(const std::string& layer, Language language);

// A category of the park's styles (styles.h) as the legend names it: in English as the style
// does ("Phase 3", "4-6 storeys", "Highway", "canteen (planned)"); in Chinese 三期, 4-6 层,
// 公路, 食堂（规划）. A label it does not know is returned as it is.
std::string legend_label(const std::string& label, Language language);

struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
};
// The background of a status cell: green pass, red fail, amber incomplete (light enough for
// black text, told apart without colour by the status word itself).
Rgb status_colour(CheckStatus status);

}  // namespace parklayers
