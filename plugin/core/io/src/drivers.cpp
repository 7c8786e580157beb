// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/drivers.h"

#include <mutex>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_spatialref.h>

#include "parklayers/drivers/baopan.h"
#include "parklayers/drivers/vct.h"
#include "parklayers/gis/cn_gauss_kruger.h"
#include "parklayers/gis/gdal_util.h"

namespace parklayers {

void ensure_drivers_registered() {
  static std::once_flag once;
  std::call_once(once, [] {
    ensure_gdal_registered();
    RegisterOGRBAOPAN();
    RegisterOGRVCT();
  });
}

bool baopan_identifies(const std::string& path) {
  ensure_drivers_registered();
  // Asked after a failed open, whose message the caller then shows: GDAL's identify resets the
  // error state, so it is kept.
  const CPLErrorStateBackuper keep_last_error;
  // Through GDAL, by the registered driver's own Identify: only BAOPAN is asked.
  const char* const only_baopan[] = {"BAOPAN", nullptr};
  return GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, only_baopan, nullptr) != nullptr;
}

bool vct_identifies(const std::string& path) {
  ensure_drivers_registered();
  const CPLErrorStateBackuper keep_last_error;
  const char* const only_vct[] = {"VCT", nullptr};
  return GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, only_vct, nullptr) != nullptr;
}

std::string baopan_crs_problem(const OGRSpatialReference* crs) {
  if (crs && chinese_gk_of(*crs)) return "";
  std::string what = "has no CRS";
  if (crs) {
    const char* crs_name = crs->GetName();
    const char* code = crs->GetAuthorityCode(nullptr);
    const char* authority = crs->GetAuthorityName(nullptr);
    what = std::string("is in ") + (crs_name ? crs_name : "an unnamed CRS");
    if (code && authority) what += std::string(" (") + authority + ":" + code + ")";
    what += ", which is not";
  } else {
    what += ", and a coordinate file needs";
  }
  return what +
         " a Chinese Gauss-Kruger CRS (CGCS2000, Xian 1980 or Beijing 1954, 3- or 6-degree zones): give one with "
         "--t_srs EPSG:n (ogr2ogr: -t_srs), e.g. EPSG:4528 (CGCS2000 3-degree zone 40, zone in Y) or EPSG:4549 "
         "(CGCS2000 3-degree, CM 120E)";
}

}  // namespace parklayers
