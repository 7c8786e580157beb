// SPDX-License-Identifier: GPL-2.0-or-later
// VCT: GDAL's driver for China's geospatial exchange format (GB/T 17798, *.vct, the land
// survey's LANDUSE-VCT packages), ours: read (a layer per FeatureCode table, values joined by
// BSM, the CRS from the Head) and write (polygon layers, VCT 3.0). The same code is linked into
// parklayers_io and built as the GDAL plugin ogr_VCT.so. See docs/drivers/vct.md. Its only
// entry point, as GDAL declares RegisterOGRJML() and the like.
#pragma once

#include <cpl_port.h>

CPL_C_START
// Registers the VCT driver with GDAL's driver manager, unless GDAL already has one by that name
// (loaded from GDAL's plugin folder, say). Safe to call more than once, from any thread.
void RegisterOGRVCT();
CPL_C_END
