// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/gdal_util.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <ogrsf_frmts.h>

namespace parklayers {

void ensure_gdal_registered() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

QuietGdalErrors::QuietGdalErrors() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
}

QuietGdalErrors::~QuietGdalErrors() { CPLPopErrorHandler(); }

std::string QuietGdalErrors::message() const {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? message : "unknown GDAL error";
}

namespace {
// The installed log, for GDAL's handler (a plain function). GDAL calls the handler holding its
// own error mutex, so CPLSetErrorHandler, which takes that mutex too, is called without ours.
std::mutex installed_mutex;
GdalErrorLog* installed_log = nullptr;
}  // namespace

GdalErrorLog::~GdalErrorLog() {
  if (!installed_) return;
  CPLSetErrorHandler(previous_);
  std::lock_guard<std::mutex> lock(installed_mutex);
  installed_log = nullptr;
}

void GdalErrorLog::install() {
  if (installed_) return;
  {
    std::lock_guard<std::mutex> lock(installed_mutex);
    if (installed_log) throw std::logic_error("GdalErrorLog: another log is installed");
    installed_log = this;
  }
  previous_ = CPLSetErrorHandler(&GdalErrorLog::handle);
  installed_ = true;
}

void CPL_STDCALL GdalErrorLog::handle(CPLErr level, CPLErrorNum, const char* message) {
  std::lock_guard<std::mutex> lock(installed_mutex);
  if (installed_log) installed_log->add(level, message);
}

void GdalErrorLog::add(CPLErr level, const char* message) {
  if (level != CE_Failure && level != CE_Fatal) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (failures_.size() < kKept) failures_.emplace_back(message ? message : "");
}

std::string GdalErrorLog::first_failure() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failures_.empty() ? std::string() : failures_.front();
}

std::vector<std::string> GdalErrorLog::failures() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failures_;
}

void GdalErrorLog::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  failures_.clear();
}

OGRAxisOrientation first_data_axis(const OGRSpatialReference& crs) {
  const std::vector<int>& mapping = crs.GetDataAxisToSRSAxisMapping();
  const int first_axis = mapping.empty() ? 1 : std::abs(mapping[0]);
  OGRAxisOrientation orientation = OAO_Other;
  crs.GetAxis(nullptr, first_axis - 1, &orientation);
  return orientation;
}

std::string sql_literal(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::string sql_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (const char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::optional<std::string> read_opened_file(GDALOpenInfo& info, const char* driver, vsi_l_offset max_bytes,
                                            const char* too_large) {
  const char* name = info.pszFilename;
  VSIStatBufL stat{};
  if (VSIStatL(name, &stat) == 0 && static_cast<vsi_l_offset>(stat.st_size) > max_bytes) {
    CPLError(CE_Failure, CPLE_AppDefined, "%s: %s: %s", driver, name, too_large);
    return std::nullopt;
  }
  GByte* raw = nullptr;
  vsi_l_offset size = 0;
  VSIFSeekL(info.fpL, 0, SEEK_SET);
  if (!VSIIngestFile(info.fpL, name, &raw, &size, static_cast<GIntBig>(max_bytes))) {
    CPLError(CE_Failure, CPLE_FileIO, "%s: %s cannot be read", driver, name);
    return std::nullopt;
  }
  const std::unique_ptr<GByte, decltype(&VSIFree)> owned(raw, &VSIFree);
  return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<size_t>(size));
}

}  // namespace parklayers
