#include "parklayers/gis/gdal_util.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <cstdlib>
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

}  // namespace parklayers
