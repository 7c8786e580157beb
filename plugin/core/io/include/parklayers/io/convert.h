// SPDX-License-Identifier: GPL-2.0-or-later
// Batch conversion (the `parklayers convert` command, and `build -f`): every layer of every
// input written to several formats in one pass. Each input is read once; each feature read is
// transformed once and handed to one writer per requested format.
//
// Output layout, for an input whose file (or folder) name without extension is STEM:
//   OUTDIR/STEM.gpkg                 GPKG: every layer, default styles in layer_styles
//   OUTDIR/STEM/LAYER.geojson        GeoJSON, RFC 7946 (WGS 84 lon/lat, 7 decimals, no crs)
//   OUTDIR/STEM/LAYER.shp (.shx .dbf .prj .cpg), LAYER.fields.csv (field name mapping) and
//                                    LAYER.long_text.csv (texts over 254 bytes, in full; in
//                                    the .dbf they are cut at a character and end with "…")
//   OUTDIR/STEM/LAYER.fgb            FlatGeobuf
//   OUTDIR/STEM/LAYER.csv (.csvt)    CSV: attributes only, or with a WKT column (csv_wkt)
//   OUTDIR/STEM/LAYER.kml            KML (WGS 84)
//   OUTDIR/STEM/LAYER.txt            BAOPAN, the land-parcel coordinate file (a Chinese
//                                    Gauss-Kruger CRS, from the layer or --t_srs)
//   OUTDIR/STEM/LAYER.qml            the layer's default style (ConvertOptions::default_style),
//                                    read by QGIS for any LAYER.* beside it
//   PostgreSQL (OUTDIR a PG: name)  every layer as a table of schema STEM (or of
//                                    ConvertOptions::schema for all inputs), default styles in
//                                    public.layer_styles, all in one transaction
//                                    (postgres_output.h); not with the file formats in one run
// Attribute-only layers (no geometry): GPKG and KML hold them; GeoJSON and FlatGeobuf write
// them as LAYER.csv instead; Shapefile as LAYER.dbf alone. LAYER is the layer name made safe
// as a file name (safe_file_stem).
//
// Safety: all outputs of all inputs are checked before anything is written (an existing one
// is an error without overwrite); each is written under a hidden temporary name (AtomicOutput)
// and all are moved into place only when every input has been converted, so a failed or killed
// conversion leaves no file under a final name.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/error.h"
#include "parklayers/io/format.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres_output.h"

class OGRGeometry;
class OGRLayer;

namespace parklayers {

// Targets of --t_srs that PROJ does not know: China's obfuscated web-map systems. They are
// offsets applied to WGS 84 coordinates, feature by feature (see apply_non_proj_target).
enum class NonProjTarget { None, GCJ02, BD09 };
NonProjTarget non_proj_target(const std::string& name);

// The hook where a non-PROJ target is applied to one geometry already in WGS 84 lon/lat
// (through chinese_crs.h). The output layers then declare EPSG:4326, as GCJ-02 data usually
// does. Throws std::invalid_argument for coordinates that are not lon/lat.
void apply_non_proj_target(NonProjTarget target, OGRGeometry& geometry);
// Whether apply_non_proj_target can apply the target in this build.
bool non_proj_target_available(NonProjTarget target);

struct ConvertOptions {
  std::vector<Format> formats;       // at least one; duplicates are ignored
  InputOptions input;                // --encoding, --a_srs, --where, for every input
  std::string target_crs;            // empty: keep each layer's CRS; else anything
                                     // OGRSpatialReference::SetFromUserInput accepts
  // --s_srs GCJ02|BD09: the inputs' spatial layers hold GCJ-02 or BD-09 longitude/latitude,
  // whatever geographic CRS they state (chinese_crs.h: declared_to_wgs84). Each geometry is
  // brought back to WGS 84 first; the outputs are then WGS 84 (EPSG:4326) unless target_crs
  // says otherwise. A layer in a projected CRS is an InputError.
  std::optional<ChineseCrs> source_crs;
  bool overwrite = false;
  bool csv_wkt = false;              // CSV: a WKT column with the geometry
  std::string txt_encoding;          // BAOPAN: UTF-8 (default, empty) or GBK
  std::vector<std::string> names;    // output STEM per input; empty: from the input's name
  // The QGIS style (QML) a layer gets by default, or nullopt: in the GeoPackage's layer_styles
  // and as LAYER.qml beside the file-per-layer formats. Empty: no styles.
  std::function<std::optional<std::string>(OGRLayer& layer)> default_style;
  // Called with the fraction done (0 to 1), often; for a progress bar.
  std::function<void(double)> progress;
  // PostgreSQL: the one schema every input goes into (layer names that clash are an
  // InputError before anything is written); empty: a schema per input, named as STEM.
  std::string schema;
  // PostgreSQL: a QGIS project stored in the same transaction (its schema one of the run's).
  std::optional<StoredProject> qgis_project;
};

struct ConvertedLayer {
  std::string input;
  std::string layer;
  long long features = 0;
};

struct ConvertResult {
  std::vector<std::string> files;       // every file written under its final name, sorted
  std::vector<std::string> tables;      // PostgreSQL: every table written, "schema"."table"
  std::vector<ConvertedLayer> layers;   // every layer read, with its feature count
  std::vector<Problem> warnings;        // what a user should know (texts read as GB18030, texts cut
                                        // in a Shapefile, positions moved only approximately)
};

// The final paths convert() would write (sidecars included), sorted; opens each input
// without reading its features. Throws InputError like convert().
std::vector<std::string> planned_outputs(const std::vector<SourceName>& inputs, const std::string& outdir,
                                         const ConvertOptions& options);

// Converts. Throws InputError (exit 2) naming the file, layer, feature and field of bad input
// or of a value a format cannot hold (a number too wide for a Shapefile field), for an
// existing output without overwrite, an unknown CRS; std::runtime_error when GDAL fails to
// write. Nothing is left under a final name when it throws.
ConvertResult convert(const std::vector<SourceName>& inputs, const std::string& outdir,
                      const ConvertOptions& options);

}  // namespace parklayers
