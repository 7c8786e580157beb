// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/source_kind.h"

#include <filesystem>
#include <memory>

#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {

SourceKind source_kind(const SourceName& path, const StatedParcelOptions& options) {
  if (path.is_folder() || path.kind() == SourceName::Kind::Missing) return SourceKind::Park;
  if (is_stated_parcel_source(path, options)) return SourceKind::StatedParcels;
  const QuietGdalErrors quiet;
  const GDALDatasetUniquePtr dataset = open_vector(path.text(), options.input);
  // What GDAL cannot open is read as a park, whose reading says why (open_input).
  if (!dataset || dataset->GetLayerByName("parcels")) return SourceKind::Park;
  return SourceKind::Layers;
}

std::vector<std::string> spatial_layers(const SourceName& path, const InputOptions& options) {
  const InputSource source = open_input(path, options);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options);
  std::vector<std::string> names;
  ProblemList problems;
  for (OGRLayer* layer : source.dataset().GetLayers()) {
    if (layer->GetLayerDefn()->GetGeomFieldCount() == 0) continue;
    if (!source_crs(*layer, assigned.get())) {
      problems.add(Location{path.display(), layer->GetName(), -1, "", ""},
                   no_crs_problem(*layer, &source, "it cannot be placed among other layers"));
      continue;
    }
    names.emplace_back(layer->GetName());
  }
  problems.throw_if_any();
  if (names.empty()) throw InputError(Location{path.display(), "", -1, "", ""}, "the source has no layer with geometries");
  return names;
}

}  // namespace parklayers
