// Writes a built park as one OGR dataset (GeoPackage by default) with the layers
// parcels, buildings, roads, amenities, tenants (no geometry), area_checks (no geometry) and
// park_boundary, areas as fields, and the tool version and source recorded in the dataset's
// metadata. A GeoPackage also holds QGIS's default styles of the styled layers in its
// `layer_styles` table (styles.h). The file appears only when complete (AtomicOutput).
#pragma once

#include <string>
#include <vector>

#include "parklayers/io/convert.h"
#include "parklayers/park/park.h"
#include "parklayers/park/schema.h"

namespace parklayers {

struct WriteOptions {
  std::string driver;  // empty: from the extension (.gpkg or .sqlite); GPKG if none
  bool overwrite = false;
};

// Throws InputError for a bad output path (exists without overwrite, is the source, unknown
// format) and OutputError when GDAL fails to write.
void write_park(const Park& park, const std::string& out_path, const WriteOptions& options = {});

// `build -f`: the built park (as write_park writes it, into a hidden temporary GeoPackage)
// converted into OUTDIR with STEM as its output name (OUTDIR/STEM.gpkg, OUTDIR/STEM/...), with
// the park's default styles.
ConvertResult convert_park(const Park& park, const std::string& outdir, const std::string& stem,
                           ConvertOptions options);

}  // namespace parklayers
