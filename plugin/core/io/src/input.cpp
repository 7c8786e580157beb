#include "parklayers/io/input.h"

#include <filesystem>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/baopan_driver.h"

namespace parklayers {

GDALDatasetUniquePtr open_vector(const std::string& path, const InputOptions& options) {
  ensure_drivers_registered();
  CPLStringList open_options;
  if (!options.encoding.empty()) open_options.SetNameValue("ENCODING", options.encoding.c_str());
  return GDALDatasetUniquePtr(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options.List()));
}

std::unique_ptr<OGRSpatialReference> assigned_crs(const InputOptions& options) {
  if (options.assign_crs.empty()) return nullptr;
  auto crs = std::make_unique<OGRSpatialReference>();
  QuietGdalErrors quiet;
  if (crs->SetFromUserInput(options.assign_crs.c_str()) != OGRERR_NONE) {
    throw InputError(Location{}, "--a_srs " + options.assign_crs + ": not a CRS PROJ knows (" + quiet.message() + ")");
  }
  crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

const OGRSpatialReference* source_crs(OGRLayer& layer, const OGRSpatialReference* assigned) {
  return assigned ? assigned : layer.GetSpatialRef();
}

void apply_where(OGRLayer& layer, const std::string& input, const InputOptions& options) {
  if (options.where.empty()) return;
  QuietGdalErrors quiet;
  if (layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
    throw InputError(Location{input, layer.GetName(), -1, "", ""},
                     "--where " + options.where + ": GDAL cannot use it (" + quiet.message() + ")");
  }
}

std::string open_failure(const std::string& path, const QuietGdalErrors& quiet) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "is a folder that GDAL cannot read as a vector source";
  if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0) return "the file is empty";
  const std::string extension = fs::path(path).extension().string();
  std::string what = extension == ".geojson" || extension == ".json"
                         ? "not valid GeoJSON (truncated, or not JSON)"
                         : "GDAL cannot open it as a vector file";
  const char* last = CPLGetLastErrorMsg();
  if (last && *last) what += ": " + quiet.message();
  return what;
}

GDALDatasetUniquePtr open_input(const std::string& path, const InputOptions& options) {
  const Location where{path, "", -1, "", ""};
  if (!std::filesystem::exists(path)) throw InputError(where, "no such file or folder");
  QuietGdalErrors quiet;
  GDALDatasetUniquePtr dataset = open_vector(path, options);
  // BAOPAN's own message already names the file, the 地块 and the line.
  if (!dataset && baopan_identifies(path)) throw InputError(Location{}, quiet.message());
  if (!dataset) throw InputError(where, open_failure(path, quiet));
  return dataset;
}

OGRLayer& pick_layer(GDALDataset& dataset, const std::string& input, const std::string& name) {
  if (!name.empty()) {
    OGRLayer* layer = dataset.GetLayerByName(name.c_str());
    if (!layer) throw InputError(Location{input, name, -1, "", ""}, "no such layer");
    return *layer;
  }
  if (dataset.GetLayerCount() == 1) return *dataset.GetLayer(0);
  std::string names;
  for (auto&& layer : dataset.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(layer->GetName());
  throw InputError(Location{input, "", -1, "", ""},
                   dataset.GetLayerCount() == 0 ? "the source has no layer"
                                                : "the source has several layers (" + names +
                                                      "): name one with --layer");
}

}  // namespace parklayers
