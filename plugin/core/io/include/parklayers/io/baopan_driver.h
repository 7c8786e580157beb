// BAOPAN: GDAL's driver for the Chinese land-parcel coordinate file (坐标报盘 TXT), ours, read
// and write. Each 地块 is a polygon feature (fields id, name, use, stated_area_ha, point_count,
// sheet, land_class) in the EPSG Gauss-Kruger CRS its header and coordinates state. The same
// code is built into parklayers_io and as the GDAL plugin ogr_BAOPAN.so. See docs/baopan.md.
#pragma once

#include <string>

class OGRSpatialReference;

namespace parklayers {

// Registers the BAOPAN driver with GDAL's driver manager, unless GDAL already has one by that
// name (loaded from GDAL's plugin folder, say). Safe to call more than once.
void register_baopan_driver();

// GDAL's own drivers and BAOPAN, registered once: call before any open or create.
void ensure_drivers_registered();

// Whether BAOPAN recognises the file by its content (both section names, UTF-8 or GBK): when
// it then fails to open it, its own message (file, 地块, line, problem) is the one to show.
bool baopan_identifies(const std::string& path);

// Why a layer in this CRS cannot be written as a coordinate file (it has none, or one that is
// not a Chinese Gauss-Kruger CRS), in words that say to give --t_srs EPSG:n; "" when it can.
std::string baopan_crs_problem(const OGRSpatialReference* crs);

}  // namespace parklayers
