#include "parklayers/gdal_util.h"

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

GDALDatasetUniquePtr open_vector(const std::string& path) {
  ensure_gdal_registered();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

std::string open_failure(const std::string& path, const QuietGdalErrors& quiet) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "is a folder that GDAL cannot read as a vector source";
  if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0) return "the file is empty";
  const std::string extension = fs::path(path).extension().string();
  std::string what = extension == ".geojson" || extension == ".json"
                         ? "not valid GeoJSON (truncated, or not JSON)"
                         : "GDAL cannot open it as a vector file";
  const char* last = CPLGetLastErrorMsg();
  if (last && *last) what += ": " + quiet.message();
  return what;
}

OGRAxisOrientation first_data_axis(const OGRSpatialReference& crs) {
  const std::vector<int>& mapping = crs.GetDataAxisToSRSAxisMapping();
  const int first_axis = mapping.empty() ? 1 : std::abs(mapping[0]);
  OGRAxisOrientation orientation = OAO_Other;
  crs.GetAxis(nullptr, first_axis - 1, &orientation);
  return orientation;
}

std::string driver_for_extension(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  const size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "gpkg") return "GPKG";
  if (ext == "geojson" || ext == "json") return "GeoJSON";
  if (ext == "shp" || ext == "dbf") return "ESRI Shapefile";
  if (ext == "fgb") return "FlatGeobuf";
  if (ext == "csv") return "CSV";
  if (ext == "kml") return "KML";
  if (ext == "gml") return "GML";
  if (ext == "sqlite") return "SQLite";
  return "";
}

GDALDatasetUniquePtr create_vector_output(GDALDriver& driver, const std::string& path) {
  const bool gpkg = EQUAL(driver.GetDescription(), "GPKG");
  // Read when the SQLite connection opens; set for this thread only, and only if the user has
  // not chosen a cache size.
  const std::string previous = CPLGetThreadLocalConfigOption("OGR_SQLITE_CACHE", "");
  const bool set_cache = gpkg && !CPLGetConfigOption("OGR_SQLITE_CACHE", nullptr);
  if (set_cache) CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", std::to_string(kOutputGpkgCacheMb).c_str());
  GDALDatasetUniquePtr dataset(driver.Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (set_cache) CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", previous.empty() ? nullptr : previous.c_str());
  return dataset;
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
