// Reading any OGR source: opening it read-only with a message a user can act on when GDAL
// cannot, and picking the layer a command works on.
#pragma once

#include <string>

#include <gdal_priv.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {

// Opens a vector dataset read-only; nullptr if GDAL cannot (see CPLGetLastErrorMsg).
GDALDatasetUniquePtr open_vector(const std::string& path);

// Why open_vector(path) failed, in words a user can act on ("the file is empty", "not valid
// GeoJSON (...)", "is a folder ..."), with GDAL's last error message when it gave one.
std::string open_failure(const std::string& path, const QuietGdalErrors& quiet);

// Opens the input or throws InputError naming it: "no such file or folder", or open_failure's
// reason.
GDALDatasetUniquePtr open_input(const std::string& path);

// The layer called `name`, or with an empty name the dataset's only layer. Throws InputError
// naming the input (and the layers to choose from when there are several).
OGRLayer& pick_layer(GDALDataset& dataset, const std::string& input, const std::string& name);

}  // namespace parklayers
