// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/format.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include <gdal_priv.h>

namespace parklayers {
namespace {

// dBase limits a field name to 10 bytes.
constexpr size_t kDbfMaxName = 10;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::optional<Format> parse_format(const std::string& name) {
  const std::string key = lower(name);
  if (key == "gpkg" || key == "geopackage") return Format::GeoPackage;
  if (key == "geojson") return Format::GeoJSON;
  if (key == "esri shapefile" || key == "shapefile" || key == "shp") return Format::Shapefile;
  if (key == "flatgeobuf" || key == "fgb") return Format::FlatGeobuf;
  if (key == "csv") return Format::CSV;
  if (key == "kml") return Format::KML;
  if (key == "baopan") return Format::Baopan;
  if (key == "postgresql" || key == "postgis" || key == "pg") return Format::PostgreSQL;
  return std::nullopt;
}

const char* format_name(Format format) {
  switch (format) {
    case Format::GeoPackage: return "GPKG";
    case Format::GeoJSON: return "GeoJSON";
    case Format::Shapefile: return "ESRI Shapefile";
    case Format::FlatGeobuf: return "FlatGeobuf";
    case Format::CSV: return "CSV";
    case Format::KML: return "KML";
    case Format::Baopan: return "BAOPAN";
    case Format::PostgreSQL: return "PostgreSQL";
  }
  return "?";
}

const char* format_names() { return "GPKG, GeoJSON, \"ESRI Shapefile\" (or SHP), FlatGeobuf, CSV, KML, BAOPAN, PostgreSQL"; }

std::string safe_file_stem(const std::string& name) {
  std::string out;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unsafe = c < 0x20 || c == 0x7f || std::strchr("/\\:*?\"<>|", ch) != nullptr;
    out += unsafe ? '_' : ch;
  }
  // No hidden files, no "." or "..": leading dots and spaces go.
  const size_t start = out.find_first_not_of(". ");
  out = start == std::string::npos ? "" : out.substr(start);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  // At most 200 bytes, cut on a UTF-8 character boundary (file names are 255 bytes at most,
  // and suffixes such as ".fields.csv" must still fit).
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  // Our own temporaries start with ".parklayers-", which a leading dot can no longer make.
  return out.empty() ? "layer" : out;
}

std::vector<std::string> shapefile_field_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const std::string& name : names) {
    std::string ascii;
    for (const char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || ch == '_') ascii += ch;
      else if (c < 0x80 || (c & 0xC0) == 0xC0) ascii += '_';  // one '_' per character
    }
    if (ascii.find_first_not_of('_') == std::string::npos) ascii = "field";
    if (ascii.size() > kDbfMaxName) ascii.resize(kDbfMaxName);
    std::string candidate = ascii;
    for (int n = 2; used.count(lower(candidate)); ++n) {
      const std::string suffix = "_" + std::to_string(n);
      candidate = ascii.substr(0, std::min(ascii.size(), kDbfMaxName - suffix.size())) + suffix;
    }
    used.insert(lower(candidate));
    out.push_back(candidate);
  }
  return out;
}

std::string layer_extension(Format format, bool spatial) {
  switch (format) {
    case Format::GeoPackage: return "";
    // RFC 7946 and FlatGeobuf have no place for a table without geometry: CSV it is.
    case Format::GeoJSON: return spatial ? "geojson" : "csv";
    case Format::FlatGeobuf: return spatial ? "fgb" : "csv";
    case Format::Shapefile: return spatial ? "shp" : "dbf";
    case Format::CSV: return "csv";  // with a WKT column or not: the same file
    case Format::KML: return "kml";
    // A coordinate file holds polygons only: a table goes to CSV.
    case Format::Baopan: return spatial ? "txt" : "csv";
    case Format::PostgreSQL: return "";  // tables in a schema, no file
  }
  return "";
}

// The files GDAL writes beside a main file, which an existing output may have too.
std::vector<std::string> sidecar_extensions(const std::string& extension) {
  if (extension == "shp") return {"shx", "dbf", "prj", "cpg", "fields.csv", "long_text.csv"};
  if (extension == "dbf") return {"cpg", "fields.csv", "long_text.csv"};
  if (extension == "csv") return {"csvt"};
  return {};
}

std::string driver_for_extension(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  const size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  const std::string ext = lower(path.substr(dot + 1));
  if (ext == "gpkg") return "GPKG";
  if (ext == "geojson" || ext == "json") return "GeoJSON";
  if (ext == "shp" || ext == "dbf") return "ESRI Shapefile";
  if (ext == "fgb") return "FlatGeobuf";
  if (ext == "csv") return "CSV";
  if (ext == "kml") return GetGDALDriverManager()->GetDriverByName("LIBKML") ? "LIBKML" : "KML";
  if (ext == "txt") return "BAOPAN";
  if (ext == "gml") return "GML";
  if (ext == "sqlite") return "SQLite";
  return "";
}

}  // namespace parklayers
