// SPDX-License-Identifier: GPL-2.0-or-later
// BAOPAN: GDAL's driver for the Chinese land-parcel coordinate file (坐标报盘 TXT), ours, read
// and write. Each 地块 is a polygon feature (fields id, name, use, stated_area_ha, point_count,
// sheet, land_class) in the EPSG Gauss-Kruger CRS its header and coordinates state. The same
// code is linked into parklayers_io and built as the GDAL plugin ogr_BAOPAN.so. See
// docs/drivers/baopan.md. Its only entry point, as GDAL declares RegisterOGRJML() and the like.
#pragma once

#include <cpl_port.h>

CPL_C_START
// Registers the BAOPAN driver with GDAL's driver manager, unless GDAL already has one by that
// name (loaded from GDAL's plugin folder, say). Safe to call more than once, from any thread.
void RegisterOGRBAOPAN();
CPL_C_END
