// Small RAII helpers around GDAL's C++ API used across the core.
#pragma once

#include <string>

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

namespace parklayers {

// Registers GDAL's drivers once; call before any open.
void ensure_gdal_registered();

// While alive, GDAL errors and warnings are not printed but collected; message() returns the
// last error GDAL raised in that time.
class QuietGdalErrors {
 public:
  QuietGdalErrors();
  ~QuietGdalErrors();
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
  std::string message() const;
};

// Opens a vector dataset read-only; nullptr if GDAL cannot (see CPLGetLastErrorMsg).
GDALDatasetUniquePtr open_vector(const std::string& path);

// Why open_vector(path) failed, in words a user can act on ("the file is empty", "not valid
// GeoJSON (...)", "is a folder ..."), with GDAL's last error message when it gave one.
std::string open_failure(const std::string& path, const QuietGdalErrors& quiet);

// The direction of the first coordinate of data in this CRS, with GDAL's data axis mapping
// applied: OAO_East for lon/lat or easting-first data, OAO_North for latitude-first data.
OGRAxisOrientation first_data_axis(const OGRSpatialReference& crs);

// The GDAL driver to write a file with, from its extension (.gpkg, .geojson, .shp, .fgb,
// .csv, .kml, .gml, .sqlite). Empty when unknown.
std::string driver_for_extension(const std::string& path);

// Creates a vector file to be written in one pass (`area -o`, `convert`). A GeoPackage gets a
// larger SQLite page cache on its connection (kOutputGpkgCacheMb, unless the user set
// OGR_SQLITE_CACHE) for packing its spatial index (gpkg_rtree.h), whose R-tree row map is
// written in spatial order, not fid order: with SQLite's default 2 MB its pages go to and from
// the file. `area -o` of the 2,000,000 benchmark parcels: 3.4 s of system time against 7.0 s,
// 32.5 s against 33.5 s in all (medians of 3 alternating runs, within this machine's noise),
// for 10 MB more (91 MB against 82 MB). nullptr on failure (see CPLGetLastErrorMsg).
constexpr int kOutputGpkgCacheMb = 12;
GDALDatasetUniquePtr create_vector_output(GDALDriver& driver, const std::string& path);

// An SQL string literal for SQLite (and so GeoPackage) SQL: the text in single quotes, quotes
// doubled. Names from data reach SQL only this way.
std::string sql_literal(const std::string& text);

// An SQL identifier (a table or column name) for SQLite SQL: the name in double quotes, quotes
// doubled.
std::string sql_identifier(const std::string& name);


}  // namespace parklayers
