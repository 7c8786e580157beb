// SPDX-License-Identifier: GPL-2.0-or-later
// The BAOPAN dataset: a coordinate file read (its one layer), or one being written (a .txt of
// one layer, or a folder of LAYER.txt files like GDAL's CSV driver), written when closed.
#include <optional>

#include <cpl_conv.h>
#include <cpl_string.h>

#include "ogr_baopan.h"
#include "parklayers/gis/cn_gauss_kruger.h"

namespace parklayers::baopan {
namespace {

constexpr const char* kGkCrs =
    "a Chinese Gauss-Kruger CRS (CGCS2000, Xian 1980 or Beijing 1954, 3- or 6-degree zones)";
constexpr const char* kCrsAdvice =
    "reproject with -t_srs EPSG:n (ogr2ogr), e.g. EPSG:4528 (CGCS2000 3-degree zone 40, zone in Y) or EPSG:4549 "
    "(CGCS2000 3-degree, CM 120E), or, for a layer created without a CRS, give the layer creation option SRS=EPSG:n";

// "EPSG:4326 (WGS 84)", or the CRS's name alone when it has no authority code.
std::string crs_label(const OGRSpatialReference& crs) {
  const char* name = crs.GetName();
  const char* code = crs.GetAuthorityCode(nullptr);
  const char* authority = crs.GetAuthorityName(nullptr);
  std::string label = name ? name : "an unnamed CRS";
  if (code && authority) label += std::string(" (") + authority + ":" + code + ")";
  return label;
}

}  // namespace

Dataset::Dataset(std::unique_ptr<ReadLayer> layer) { layers_.push_back(std::move(layer)); }

Dataset::Dataset(const std::string& path, bool single_file) : path_(path), single_file_(single_file), writable_(true) {
  eAccess = GA_Update;
}

Dataset::~Dataset() {
  // GDAL's close has no status to return: a failure to write is its CE_Failure.
  for (const auto& layer : layers_) {
    if (auto* writer = dynamic_cast<WriteLayer*>(layer.get())) writer->write_file();
  }
}

OGRLayer* Dataset::GetLayer(int index) {
  return index >= 0 && index < GetLayerCount() ? layers_[static_cast<size_t>(index)].get() : nullptr;
}

int Dataset::TestCapability(const char* capability) {
  return EQUAL(capability, ODsCCreateLayer) && writable_ && (!single_file_ || layers_.empty());
}

OGRLayer* Dataset::ICreateLayer(const char* name, OGRSpatialReference* crs, OGRwkbGeometryType type, char** options) {
  if (!writable_) {
    CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: the file is open for reading only");
    return nullptr;
  }
  if (single_file_ && !layers_.empty()) {
    CPLError(CE_Failure, CPLE_NotSupported,
             "BAOPAN: %s holds one layer; give a folder name (without .txt) to write a LAYER.txt per layer",
             path_.c_str());
    return nullptr;
  }
  const OGRwkbGeometryType flat = wkbFlatten(type);
  if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbUnknown) {
    CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: layer %s is of %s; a coordinate file holds polygons (地块)", name,
             OGRGeometryTypeToName(type));
    return nullptr;
  }
  // SRS=: for a caller that creates layers without a CRS (GDAL's test_ogrsf -driver does). A CRS
  // given as well must be the same one: the file can state only one.
  OGRSpatialReference option_crs;
  if (const char* srs = CSLFetchNameValue(options, "SRS")) {
    if (option_crs.SetFromUserInput(srs) != OGRERR_NONE) {
      CPLError(CE_Failure, CPLE_IllegalArg, "BAOPAN: layer %s: SRS=%s is not a CRS GDAL knows", name, srs);
      return nullptr;
    }
    if (crs && !crs->IsSame(&option_crs)) {
      CPLError(CE_Failure, CPLE_IllegalArg, "BAOPAN: layer %s is in %s, and SRS=%s says another CRS", name,
               crs_label(*crs).c_str(), srs);
      return nullptr;
    }
    if (!crs) crs = &option_crs;
  }
  const std::optional<ChineseGkCrs> gk = crs ? chinese_gk_of(*crs) : std::nullopt;
  if (!gk) {
    if (crs) {
      CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: layer %s is in %s, which is not %s: %s", name,
               crs_label(*crs).c_str(), kGkCrs, kCrsAdvice);
    } else {
      CPLError(CE_Failure, CPLE_NotSupported, "BAOPAN: layer %s has no CRS, and a coordinate file needs %s: %s", name,
               kGkCrs, kCrsAdvice);
    }
    return nullptr;
  }
  const char* encoding_name = CSLFetchNameValueDef(options, "ENCODING", "UTF-8");
  const std::optional<Encoding> encoding = parse_encoding(encoding_name);
  if (!encoding) {
    CPLError(CE_Failure, CPLE_IllegalArg, "BAOPAN: ENCODING=%s: write UTF-8 or GBK", encoding_name);
    return nullptr;
  }
  std::string file = path_;
  if (!single_file_) {
    std::string stem = name;
    for (char& c : stem) {
      if (c == '/' || c == '\\') c = '_';
    }
    file = CPLFormFilename(path_.c_str(), stem.c_str(), "txt");
  }
  layers_.push_back(std::make_unique<WriteLayer>(name, file, *gk, *encoding, type));
  return layers_.back().get();
}

}  // namespace parklayers::baopan
