// SPDX-License-Identifier: GPL-2.0-or-later
// The GDAL drivers Park Layers reads and writes with: GDAL's own and ours (BAOPAN and VCT, from
// plugin/drivers), registered once, and what the application says about them to its users.
#pragma once

#include <string>

class OGRSpatialReference;

namespace parklayers {

// GDAL's own drivers, BAOPAN and VCT, registered once: call before any open or create. Ours are
// left as they are when GDAL already has one by that name (loaded from GDAL's plugin folder, say).
void ensure_drivers_registered();

// Whether the BAOPAN driver recognises the file by its content (both section names, UTF-8 or
// GBK): when it then fails to open it, its own message (file, 地块, line, problem) is the one to
// show.
bool baopan_identifies(const std::string& path);
// The same for the VCT driver (HeadBegin first, or a .vct): its message names the file, the
// section, the object's BSM and the line.
bool vct_identifies(const std::string& path);

// Why a layer in this CRS cannot be written as a coordinate file (it has none, or one that is
// not a Chinese Gauss-Kruger CRS), in words that say to give --t_srs EPSG:n; "" when it can.
std::string baopan_crs_problem(const OGRSpatialReference* crs);

}  // namespace parklayers
