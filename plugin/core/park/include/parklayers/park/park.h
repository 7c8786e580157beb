// SPDX-License-Identifier: GPL-2.0-or-later
// A park built from its source: the source checked across layers (ids referenced, one CRS,
// parcels not overlapping, buildings inside their parcel), every polygon measured, the park
// boundary (union of parcels) formed and the stated figures checked.
#pragma once

#include <memory>
#include <vector>

#include <ogr_geometry.h>

#include "parklayers/gis/area.h"
#include "parklayers/park/checks.h"
#include "parklayers/park/source.h"

namespace parklayers {

struct Park {
  ParkSource source;
  std::vector<FeatureArea> parcel_areas;    // in the order of source.parcels.rows
  std::vector<FeatureArea> building_areas;  // footprints, in the order of source.buildings.rows
  std::unique_ptr<OGRGeometry> boundary;    // union of the parcels, in the source CRS
  FeatureArea boundary_area;
  std::vector<Check> checks;
};

// Throws InputError listing every cross-layer problem.
Park build_park(ParkSource source);

// read_park_source + build_park.
Park load_park(const SourceName& path, const ReadOptions& options = {});

}  // namespace parklayers
