// SPDX-License-Identifier: GPL-2.0-or-later
// CAD drawings as sources: red lines drawn in AutoCAD and saved as DXF. GDAL's DXF driver puts
// every entity in one layer, `entities`, with the CAD layer's name in the field `Layer` (so
// --where "Layer='红线'" picks the red line). What GDAL does not do by itself is done here:
// - closed polylines as polygons (GDAL does it from 3.10 on, when asked; before, here);
// - texts of a drawing saved as DXF 2007 or later read as UTF-8, as the DXF format has them;
// - DWG refused with a message saying what to do (Debian's GDAL has no DWG driver).
#pragma once

#include <string>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_feature.h>

namespace parklayers {

// Whether the file is a DWG drawing (by its extension or its "AC10" signature).
bool is_dwg(const std::string& path);

// The drawing's format version from a DXF's header ($ACADVER: "AC1027" for AutoCAD 2013);
// "" when the file has none in its first part (a DXF of entities only, or not a DXF).
std::string dxf_version(const std::string& path);

// Whether the DXF's texts are UTF-8: the format says so from AutoCAD 2007 (AC1021) on, whatever
// its $DWGCODEPAGE. GDAL (to 3.12 at least) follows $DWGCODEPAGE alone, which CAD programs
// leave at ANSI_1252, and so garbles Chinese layer names unless DXF_ENCODING says UTF-8.
bool dxf_is_utf8(const std::string& path);

// Whether GDAL itself turns closed DXF polylines into polygons (its open option
// CLOSED_LINE_AS_POLYGON, from GDAL 3.10). Otherwise close_dxf_line is applied to each feature.
constexpr bool kGdalClosesDxfLines = GDAL_VERSION_NUM >= GDAL_COMPUTE_VERSION(3, 10, 0);

// Replaces, for GDAL before 3.10, the DXF driver's CLOSED_LINE_AS_POLYGON: a feature from a
// POLYLINE or LWPOLYLINE entity whose line ends where it starts (GDAL 3.6 gives a closed
// polyline so) gets that ring as a polygon. Unlike GDAL 3.10, which reads the entity's closed
// flag, a polyline drawn back to its start without the flag is closed too: in a red line it
// means the same. Other features are left alone. Remove with GDAL 3.10 as the oldest supported.
void close_dxf_line(OGRFeature& feature);

}  // namespace parklayers
