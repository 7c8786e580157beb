// SPDX-License-Identifier: GPL-2.0-or-later
// What a source a user picks holds, for a tool that takes any (the QGIS plugin's "Load Park
// Source…"): a park, a layer of parcels stating their areas, or other vector layers.
#pragma once

#include <string>
#include <vector>

#include "parklayers/io/input.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers {

enum class SourceKind {
  // A park source (source.h): a folder, or a dataset with a parcels layer (a built park too).
  // Also a path that does not exist or that GDAL cannot open, so that reading it as a park
  // says why.
  Park,
  // A layer of parcels stating their areas: a coordinate file (is_stated_parcel_source).
  StatedParcels,
  // Any other vector dataset (a DXF drawing, a Shapefile of roads): neither a park nor areas
  // to check, only layers to look at.
  Layers,
};

SourceKind source_kind(const SourceName& path, const StatedParcelOptions& options);

// The names of the spatial layers of a dataset of SourceKind::Layers, in its order. Throws
// InputError when it does not open (open_input), and for a spatial layer with no CRS when
// options.assign_crs gives none (no_crs_problem, with the likely Gauss-Kruger CRSs): it could
// not be placed among other layers.
std::vector<std::string> spatial_layers(const SourceName& path, const InputOptions& options);

}  // namespace parklayers
