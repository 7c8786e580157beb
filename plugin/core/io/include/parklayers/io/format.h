// SPDX-License-Identifier: GPL-2.0-or-later
// The output formats and their naming rules: which GDAL driver writes a file, which files a
// format writes beside its main one, and how names from data become file and field names.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace parklayers {

// Baopan: the Chinese land-parcel coordinate file (坐标报盘 TXT), our BAOPAN driver.
// PostgreSQL: not a file but a database (a PG: name), each input into a schema of its own
// (postgres_output.h); it cannot be mixed with the file formats in one run.
enum class Format { GeoPackage, GeoJSON, Shapefile, FlatGeobuf, CSV, KML, Baopan, PostgreSQL };

// The formats by name, case-insensitive: GPKG/GeoPackage, GeoJSON, "ESRI Shapefile"/Shapefile/
// SHP, FlatGeobuf/FGB, CSV, KML, BAOPAN, PostgreSQL/PostGIS/PG. nullopt for another name.
std::optional<Format> parse_format(const std::string& name);
// The name shown to users ("GPKG", "GeoJSON", "ESRI Shapefile", "FlatGeobuf", "CSV", "KML", "BAOPAN",
// "PostgreSQL").
const char* format_name(Format format);
// The names parse_format accepts, for messages and the usage text.
const char* format_names();

// A layer (or input) name made safe as a file name inside OUTDIR: path separators, control
// characters and characters Windows forbids become '_', leading dots are dropped (no hidden
// files, no "..") and the result is at most 200 bytes of valid UTF-8. Chinese and other
// letters are kept. Never empty.
std::string safe_file_stem(const std::string& name);

// The Shapefile field names (at most 10 ASCII characters, unique ignoring case) for the given
// field names, in order. Names that already fit are kept.
std::vector<std::string> shapefile_field_names(const std::vector<std::string>& names);

// The GDAL driver that writes a file with this extension (.gpkg, .geojson/.json, .shp/.dbf,
// .fgb, .csv, .kml, .gml, .sqlite, .txt: BAOPAN); "" when unknown. KML is written by LIBKML (typed
// ExtendedData) where GDAL has it, by the older KML driver elsewhere.
std::string driver_for_extension(const std::string& path);

// The extension of the file a layer is written to in a file-per-layer format: a format with no
// place for a table without geometry (GeoJSON, FlatGeobuf) writes it as CSV, a Shapefile as a
// lone .dbf. "" for GeoPackage, which holds every layer in one file.
std::string layer_extension(Format format, bool spatial);

// The files GDAL and Park Layers write beside a main file with this extension ("shp": .shx,
// .dbf, .prj, .cpg, .fields.csv, .long_text.csv), which an existing output may have too.
std::vector<std::string> sidecar_extensions(const std::string& extension);

}  // namespace parklayers
