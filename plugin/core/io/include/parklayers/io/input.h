// Reading any OGR source: opening it read-only with a message a user can act on when GDAL
// cannot, and picking the layer a command works on.
#pragma once

#include <memory>
#include <string>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {

// How a source is read, as the user states it: the same options on every command that reads
// any OGR source (`area`, `convert`).
struct InputOptions {
  // --encoding: the encoding of a Shapefile's texts when its .cpg (or the .dbf's code page) is
  // missing or wrong, e.g. GBK (GDAL's ENCODING open option); empty: GDAL's own reading.
  std::string encoding;
  // --a_srs: the CRS of a source that states none (a DXF, a CSV, a Shapefile without .prj), or
  // instead of a wrong one; anything OGRSpatialReference::SetFromUserInput takes.
  std::string assign_crs;
  // --where: an OGR SQL condition; only the features it selects are read.
  std::string where;
};

// Opens a vector dataset read-only; nullptr if GDAL cannot (see CPLGetLastErrorMsg).
GDALDatasetUniquePtr open_vector(const std::string& path, const InputOptions& options = {});

// The CRS --a_srs names, longitude/easting first as GIS files store them; null without
// --a_srs. Throws InputError for a CRS PROJ does not know.
std::unique_ptr<OGRSpatialReference> assigned_crs(const InputOptions& options);

// The layer's CRS as it is to be read: the assigned one, else the layer's own (null: none).
const OGRSpatialReference* source_crs(OGRLayer& layer, const OGRSpatialReference* assigned);

// Applies --where to the layer. Throws InputError naming the input and layer when GDAL
// refuses the condition.
void apply_where(OGRLayer& layer, const std::string& input, const InputOptions& options);

// Why open_vector(path) failed, in words a user can act on ("the file is empty", "not valid
// GeoJSON (...)", "is a folder ..."), with GDAL's last error message when it gave one.
std::string open_failure(const std::string& path, const QuietGdalErrors& quiet);

// Opens the input or throws InputError naming it: "no such file or folder", or open_failure's
// reason.
GDALDatasetUniquePtr open_input(const std::string& path, const InputOptions& options = {});

// The layer called `name`, or with an empty name the dataset's only layer. Throws InputError
// naming the input (and the layers to choose from when there are several).
OGRLayer& pick_layer(GDALDataset& dataset, const std::string& input, const std::string& name);

}  // namespace parklayers
