// SPDX-License-Identifier: GPL-2.0-or-later
// The entry point GDAL calls when it loads ogr_VCT.so from its plugin folder
// (GDAL_DRIVER_PATH, or /usr/lib/x86_64-linux-gnu/gdalplugins on Debian).
#include "parklayers/drivers/vct.h"

extern "C" __attribute__((visibility("default"))) void GDALRegisterMe();

extern "C" void GDALRegisterMe() { RegisterOGRVCT(); }
