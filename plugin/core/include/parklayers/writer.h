// Writes a built park as one OGR dataset (GeoPackage by default) with the layers
// parcels, buildings, roads, amenities, tenants (no geometry), area_checks (no geometry) and
// park_boundary, areas as fields, and the tool version and source recorded in the dataset's
// metadata. A GeoPackage also holds QGIS's default styles of the styled layers in its
// `layer_styles` table (styles.h). The file appears only when complete (AtomicOutput).
#pragma once

#include <string>
#include <vector>

#include "parklayers/park.h"

namespace parklayers {

// The names of the layers a built park holds, in writing order.
const std::vector<std::string>& built_layer_names();

struct WriteOptions {
  std::string driver;  // empty: from the extension (.gpkg or .sqlite); GPKG if none
  bool overwrite = false;
};

// Throws InputError for a bad output path (exists without overwrite, is the source, unknown
// format) and std::runtime_error when GDAL fails to write.
void write_park(const Park& park, const std::string& out_path, const WriteOptions& options = {});

}  // namespace parklayers
