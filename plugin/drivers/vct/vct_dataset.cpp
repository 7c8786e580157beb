// SPDX-License-Identifier: GPL-2.0-or-later
// The VCT dataset: a file read (a layer per table), or one being written, in one CRS, written
// when closed to a temporary file renamed into place, so that no half-written file remains.
#include <cstdint>
#include <ctime>
#include <set>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "ogr_vct.h"
#include "parklayers/gis/portable.h"

namespace parklayers::vct {
namespace {

constexpr const char* kCrsAdvice =
    "a VCT file states a Chinese Gauss-Kruger CRS (CGCS2000, Xian 1980 or Beijing 1954, 3- or 6-degree zones, "
    "e.g. EPSG:4528) or one of their geographic CRSs (EPSG:4490, 4610, 4214): reproject with -t_srs EPSG:n, or give "
    "a layer created without a CRS the layer creation option SRS=EPSG:n";

std::string crs_label(const OGRSpatialReference& crs) {
  const char* name = crs.GetName();
  const char* code = crs.GetAuthorityCode(nullptr);
  const char* authority = crs.GetAuthorityName(nullptr);
  std::string label = name ? name : "an unnamed CRS";
  if (code && authority) label += std::string(" (") + authority + ":" + code + ")";
  return label;
}

std::string today() {
  const std::tm local = local_time(std::time(nullptr));
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d", &local);
  return text;
}

bool all_digits(const std::string& text) {
  return !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos &&
         text.find_first_not_of('0') != std::string::npos;
}

}  // namespace

Dataset::Dataset(std::vector<std::unique_ptr<ReadLayer>> layers) {
  for (auto& layer : layers) layers_.push_back(std::move(layer));
}

Dataset::Dataset(const std::string& path, TextEncoding encoding) : path_(path), encoding_(encoding), writable_(true) {
  eAccess = GA_Update;
}

Dataset::~Dataset() {
  // GDAL's close has no status to return: a failure to write is its CE_Failure.
  if (writable_ && !layers_.empty()) write_file();
}

OGRLayer* Dataset::GetLayer(int index) {
  return index >= 0 && index < GetLayerCount() ? layers_[static_cast<size_t>(index)].get() : nullptr;
}

int Dataset::TestCapability(const char* capability) { return EQUAL(capability, ODsCCreateLayer) && writable_; }

OGRLayer* Dataset::ICreateLayer(const char* name, OGRSpatialReference* crs, OGRwkbGeometryType type, char** options) {
  if (!writable_) {
    CPLError(CE_Failure, CPLE_NotSupported, "VCT: the file is open for reading only");
    return nullptr;
  }
  const OGRwkbGeometryType flat = wkbFlatten(type);
  if (flat != wkbPolygon && flat != wkbMultiPolygon && flat != wkbUnknown && flat != wkbPoint &&
      flat != wkbLineString) {
    CPLError(CE_Failure, CPLE_NotSupported,
             "VCT: layer %s is of %s; the driver writes polygon, point and line layers (a part a feature)", name,
             OGRGeometryTypeToName(type));
    return nullptr;
  }
  std::string table = name;
  for (char& c : table) {
    if (c == ',' || c == ' ' || c == '\r' || c == '\n') c = '_';
  }
  for (const auto& layer : layers_) {
    if (table == layer->GetName()) {
      CPLError(CE_Failure, CPLE_NotSupported, "VCT: a second layer named %s", table.c_str());
      return nullptr;
    }
  }
  OGRSpatialReference option_crs;
  if (const char* srs = CSLFetchNameValue(options, "SRS")) {
    if (option_crs.SetFromUserInput(srs) != OGRERR_NONE) {
      CPLError(CE_Failure, CPLE_IllegalArg, "VCT: layer %s: SRS=%s is not a CRS GDAL knows", name, srs);
      return nullptr;
    }
    if (crs && !crs->IsSame(&option_crs)) {
      CPLError(CE_Failure, CPLE_IllegalArg, "VCT: layer %s is in %s, and SRS=%s says another CRS", name,
               crs_label(*crs).c_str(), srs);
      return nullptr;
    }
    if (!crs) crs = &option_crs;
  }
  // The file has one CRS: a further layer without one is in it.
  if (!crs && crs_) crs = crs_.get();
  if (!crs) {
    CPLError(CE_Failure, CPLE_NotSupported, "VCT: layer %s has no CRS: %s", name, kCrsAdvice);
    return nullptr;
  }
  const auto head = head_of_crs(*crs);
  if (!head) {
    CPLError(CE_Failure, CPLE_NotSupported, "VCT: layer %s is in %s: %s", name, crs_label(*crs).c_str(), kCrsAdvice);
    return nullptr;
  }
  if (crs_ && !crs_->IsSame(crs)) {
    CPLError(CE_Failure, CPLE_NotSupported,
             "VCT: layer %s is in %s, and the file's first layer in %s: a file has one CRS", name,
             crs_label(*crs).c_str(), crs_label(*crs_).c_str());
    return nullptr;
  }
  if (const char* encoding = CSLFetchNameValue(options, "ENCODING")) {
    const std::optional<TextEncoding> parsed = parse_encoding(encoding);
    if (!parsed) {
      CPLError(CE_Failure, CPLE_IllegalArg, "VCT: ENCODING=%s: write GBK or UTF-8", encoding);
      return nullptr;
    }
    encoding_ = *parsed;
  }
  std::string code = CSLFetchNameValueDef(options, "FEATURE_CODE", "");
  if (code.empty()) code = std::to_string(9900000001LL + static_cast<long long>(layers_.size()));
  if (code.find_first_of(", \r\n") != std::string::npos) {
    CPLError(CE_Failure, CPLE_IllegalArg, "VCT: FEATURE_CODE=%s holds a comma, a space or a line break", code.c_str());
    return nullptr;
  }
  if (!crs_) {
    crs_.reset(crs->Clone());
    crs_head_ = *head;
  }
  const OGRwkbGeometryType layer_type = flat == wkbMultiPolygon ? wkbPolygon : flat;
  layers_.push_back(std::make_unique<WriteLayer>(table, crs, layer_type, code));
  return layers_.back().get();
}

bool Dataset::write_file() {
  // Each object's BSM: its BSM field where that is a number, else its FID, where these are
  // unique in the file (so FIDs and BSM read back as they were); else 1, 2, ... through the file.
  std::vector<const WriteLayer*> writers;
  bool own = true;
  std::set<std::string> seen;
  for (const auto& layer : layers_) {
    const auto* writer = dynamic_cast<const WriteLayer*>(layer.get());
    writers.push_back(writer);
    for (const std::string& bsm : writer->bsm_values()) own = own && all_digits(bsm) && seen.insert(bsm).second;
  }
  std::vector<OutTable> tables;
  long long next = 1;
  std::set<std::string> codes;
  for (const WriteLayer* writer : writers) {
    std::vector<std::string> bsms;
    for (const std::string& value : writer->bsm_values()) bsms.push_back(own ? value : std::to_string(next++));
    tables.push_back(writer->table(bsms));
    if (!codes.insert(tables.back().code).second) {
      CPLError(CE_Failure, CPLE_AppDefined, "VCT: %s: two layers have the feature code %s", path_.c_str(),
               tables.back().code.c_str());
      return false;
    }
  }
  std::string text = format_file(crs_head_, tables, today());
  if (encoding_ == TextEncoding::Gbk) {
    std::optional<std::string> gbk = recode(text, "UTF-8", "GBK");
    if (!gbk) {
      CPLError(CE_Failure, CPLE_AppDefined,
               "VCT: %s: a name or value holds a character GBK cannot hold: write it as UTF-8 (ENCODING=UTF-8)",
               path_.c_str());
      return false;
    }
    text = std::move(*gbk);
  }
  const std::string temporary = path_ + ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(this) % 1000000);
  VSILFILE* file = VSIFOpenL(temporary.c_str(), "wb");
  if (!file) {
    CPLError(CE_Failure, CPLE_FileIO, "VCT: %s cannot be created", temporary.c_str());
    return false;
  }
  const bool written = VSIFWriteL(text.data(), 1, text.size(), file) == text.size();
  const bool closed = VSIFCloseL(file) == 0;
  if (!written || !closed || VSIRename(temporary.c_str(), path_.c_str()) != 0) {
    VSIUnlink(temporary.c_str());
    CPLError(CE_Failure, CPLE_FileIO, "VCT: %s could not be written in full (a full disk?); nothing was left there",
             path_.c_str());
    return false;
  }
  return true;
}

}  // namespace parklayers::vct
