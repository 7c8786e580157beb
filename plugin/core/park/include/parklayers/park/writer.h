// SPDX-License-Identifier: GPL-2.0-or-later
// Writes a built park as one OGR dataset (GeoPackage by default) with the layers
// parcels, buildings, roads, amenities, tenants (no geometry), area_checks (no geometry) and
// park_boundary, areas as fields, and the tool version and source recorded in the dataset's
// metadata. A GeoPackage also holds QGIS's default styles of the styled layers in its
// `layer_styles` table (styles.h). The file appears only when complete (AtomicOutput).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/io/convert.h"
#include "parklayers/io/postgres_output.h"
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

// The schema a park goes into by default: anting_park for the bundled park, else the name of
// the source's folder.
std::string default_park_schema(const std::string& source_path);

struct PostgresParkOptions {
  std::string schema;  // empty: default_park_schema(the park's source)
  bool overwrite = false;
  // Makes the QGIS project of the park, laid out on the park's GeoPackage (written first, as
  // write_park writes it, into a hidden temporary folder), its layers pointing at the schema's
  // tables; nullopt for none. Runs before the transaction starts.
  std::function<std::optional<StoredProject>(const std::string& geopackage, const std::string& schema)> project;
  std::function<void(double)> progress;
};

// `build -o PG:...`: the park's seven layers as tables of the schema (the GeoPackage's fields
// and values, fid primary key, geom column, spatial indexes), its default styles in
// public.layer_styles and the project in the schema's qgis_projects, in one transaction
// (postgres_output.h). The database is checked (connection, an existing schema without
// overwrite) before anything is written. Throws like convert().
ConvertResult write_park_postgres(const Park& park, const std::string& database, const PostgresParkOptions& options);

}  // namespace parklayers
