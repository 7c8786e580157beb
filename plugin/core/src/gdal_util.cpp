#include "parklayers/gdal_util.h"

#include <algorithm>
#include <cctype>
#include <mutex>

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

}  // namespace parklayers
