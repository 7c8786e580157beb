// SPDX-License-Identifier: GPL-2.0-or-later
// Small helpers around GDAL's C++ API used across the core.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

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

// The process's GDAL error handler while alive (install() makes it so): GDAL's own lines
// ("ERROR 1: ...", "Warning 1: ...") are never printed, so a program can say what failed in one
// message of its own. Failures (CE_Failure, CE_Fatal) are kept, the first ones first; warnings
// and debug lines are dropped. GDAL calls the handler from any thread, hence the mutex.
// Handlers pushed on a thread (QuietGdalErrors) take precedence, as GDAL has it, so what a core
// function already handles never reaches this log. One log may be installed at a time; it
// must outlive every GDAL call of other threads.
class GdalErrorLog {
 public:
  GdalErrorLog() = default;
  ~GdalErrorLog();  // puts back the handler install() replaced
  GdalErrorLog(const GdalErrorLog&) = delete;
  GdalErrorLog& operator=(const GdalErrorLog&) = delete;

  void install();
  // GDAL's first failure message since install() or clear(); empty when there was none.
  std::string first_failure() const;
  // The failures kept (at most kKept), in the order GDAL raised them.
  std::vector<std::string> failures() const;
  void clear();

  static constexpr size_t kKept = 20;

 private:
  static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char* message);
  void add(CPLErr level, const char* message);

  mutable std::mutex mutex_;
  std::vector<std::string> failures_;
  bool installed_ = false;
  CPLErrorHandler previous_ = nullptr;
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

// The whole of the file a driver's Open was given (info.fpL), for our drivers that parse a text
// file whole (BAOPAN, VCT): nullopt, after a CE_Failure naming the driver and the file, when it
// is larger than max_bytes (`too_large` says why that is refused) or cannot be read.
std::optional<std::string> read_opened_file(GDALOpenInfo& info, const char* driver, vsi_l_offset max_bytes,
                                            const char* too_large);


}  // namespace parklayers
