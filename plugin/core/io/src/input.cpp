#include "parklayers/io/input.h"

#include <filesystem>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"

namespace parklayers {

GDALDatasetUniquePtr open_vector(const std::string& path) {
  ensure_gdal_registered();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
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

GDALDatasetUniquePtr open_input(const std::string& path) {
  const Location where{path, "", -1, "", ""};
  if (!std::filesystem::exists(path)) throw InputError(where, "no such file or folder");
  QuietGdalErrors quiet;
  GDALDatasetUniquePtr dataset = open_vector(path);
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
