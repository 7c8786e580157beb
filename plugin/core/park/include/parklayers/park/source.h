// SPDX-License-Identifier: GPL-2.0-or-later
// Reading a park source: the six schema layers from any OGR source. A source is either
// - a folder holding one file per layer, named after the layer (parcels.geojson, tenants.csv,
//   or parcels.shp ...: any format GDAL reads), like geodata/anting/, or
// - one dataset (a GeoPackage, a built park, ...) holding layers with those names.
// Each layer is checked against the schema as it is read: every problem is collected with its
// file, layer, feature and field, and reported together as an InputError.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "parklayers/park/schema.h"

namespace parklayers {

struct Row {
  long long fid = -1;
  std::vector<std::optional<std::string>> values;  // in the order of the layer's FieldSpecs
  std::unique_ptr<OGRGeometry> geometry;           // null for tables
};

struct Table {
  const LayerSpec* spec = nullptr;
  std::string file;   // the file the layer was read from
  std::string layer;  // the layer's name in that file
  std::unique_ptr<OGRSpatialReference> crs;  // null for tables
  std::vector<Row> rows;

  // Typed access to a field the schema declares; the values were checked when read.
  std::string text(const Row& row, const std::string& field) const;  // "" when null
  bool is_null(const Row& row, const std::string& field) const;
  long long integer(const Row& row, const std::string& field) const;
  double real(const Row& row, const std::string& field) const;

  Location where(const Row& row, const std::string& field = "") const;
  Location where() const { return Location{file, layer, -1, "", ""}; }
};

struct ParkSource {
  std::string path;
  Table parcels, buildings, roads, amenities, tenants, stated_figures;
  // Features left out by ReadOptions::skip_invalid, each with why; empty otherwise.
  std::vector<Problem> skipped;
  // What the user should know of how the source was read (a file's texts read as GB18030).
  std::vector<Problem> warnings;

  Table& table(const std::string& layer);
  const Table& table(const std::string& layer) const;
};

struct ReadOptions {
  // Invalid geometries (missing, empty, not finite, beyond the CRS, rings unclosed or too
  // short, self-intersecting) are refused by default. With skip_invalid such features are left
  // out and listed in ParkSource::skipped instead (the `--skip-invalid` of the command line).
  bool skip_invalid = false;
  // --a_srs and --encoding (io/input.h), applied to every file of the source: --a_srs gives
  // every spatial layer that CRS, whatever its own. `where` is not used: the layers of a park
  // refer to each other by id, and no one condition fits them all.
  InputOptions input;
};

// Reads and checks a park source. Throws InputError listing every problem found.
ParkSource read_park_source(const SourceName& path, const ReadOptions& options = {});

// The folder of the park data bundled with the tool (geodata/anting), the first of:
//   PARKLAYERS_GEODATA/anting, when the variable is set;
//   the installed layout, relative to the running program (bin/../share/parklayers/...) or, when
//   the core is in a shared object (the QGIS plugin in lib/qgis/plugins), relative to that;
//   the source tree, for an uninstalled build;
//   the install path configured at build time (where the running file cannot be found).
std::string bundled_park_path();

// The bundled park's folder in an installed layout: the folder of `module_file` (the installed
// program or plugin), then `module_dir_to_datadir` (e.g. ../share, from bin to CMake's
// CMAKE_INSTALL_DATADIR), then parklayers/geodata/anting; lexically normal.
std::string installed_park_path(const std::string& module_file, const std::string& module_dir_to_datadir);

}  // namespace parklayers
