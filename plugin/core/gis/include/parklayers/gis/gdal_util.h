// Small helpers around GDAL's C++ API used across the core.
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

// The direction of the first coordinate of data in this CRS, with GDAL's data axis mapping
// applied: OAO_East for lon/lat or easting-first data, OAO_North for latitude-first data.
OGRAxisOrientation first_data_axis(const OGRSpatialReference& crs);

// An SQL string literal for SQLite (and so GeoPackage) SQL: the text in single quotes, quotes
// doubled. Names from data reach SQL only this way.
std::string sql_literal(const std::string& text);

// An SQL identifier (a table or column name) for SQLite SQL: the name in double quotes, quotes
// doubled.
std::string sql_identifier(const std::string& name);


}  // namespace parklayers
