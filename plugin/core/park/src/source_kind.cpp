#include "parklayers/park/source_kind.h"

#include <filesystem>
#include <memory>

#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"

namespace parklayers {

SourceKind source_kind(const std::string& path, const StatedParcelOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return SourceKind::Park;
  if (!std::filesystem::exists(path, ec) && !is_dataset_name(path)) return SourceKind::Park;
  if (is_stated_parcel_source(path, options)) return SourceKind::StatedParcels;
  const QuietGdalErrors quiet;
  const GDALDatasetUniquePtr dataset = open_vector(path, options.input);
  // What GDAL cannot open is read as a park, whose reading says why (open_input).
  if (!dataset || dataset->GetLayerByName("parcels")) return SourceKind::Park;
  return SourceKind::Layers;
}

std::vector<std::string> spatial_layers(const std::string& path, const InputOptions& options) {
  const InputSource source = open_input(path, options);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options);
  std::vector<std::string> names;
  ProblemList problems;
  for (OGRLayer* layer : source.dataset().GetLayers()) {
    if (layer->GetLayerDefn()->GetGeomFieldCount() == 0) continue;
    if (!source_crs(*layer, assigned.get())) {
      problems.add(Location{source_display_name(path), layer->GetName(), -1, "", ""},
                   no_crs_problem(*layer, &source, "it cannot be placed among other layers"));
      continue;
    }
    names.emplace_back(layer->GetName());
  }
  problems.throw_if_any();
  if (names.empty()) throw InputError(Location{source_display_name(path), "", -1, "", ""}, "the source has no layer with geometries");
  return names;
}

}  // namespace parklayers
