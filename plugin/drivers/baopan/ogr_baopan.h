// SPDX-License-Identifier: GPL-2.0-or-later
// The BAOPAN driver's OGR classes, private to the driver as GDAL's ogr_<driver>.h are: the
// dataset, its two layers (one read from a file, every 地块 held in memory since files are
// small; one being written, its 地块 buffered and the file written at close) and the driver's
// entry points. The format itself, without OGR, is baopan_format.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "baopan_format.h"

namespace parklayers::baopan {

// The fields, in order (the driver's fixed interface).
constexpr const char* kFieldId = "id";                  // 地块编号
constexpr const char* kFieldName = "name";              // 地块名称
constexpr const char* kFieldUse = "use";                // 地块用途
constexpr const char* kFieldStatedArea = "stated_area_ha";  // 地块面积, as written
constexpr const char* kFieldPointCount = "point_count"; // 界址点数
constexpr const char* kFieldSheet = "sheet";            // 图幅号
constexpr const char* kFieldLandClass = "land_class";   // 地类编码

// The layer's CRS: the EPSG code, x = easting (GIS order).
OGRSpatialReference* new_layer_crs(int epsg);

constexpr const char* kDriverName = "BAOPAN";

// Whether GDAL's open info holds a coordinate file (both section names, UTF-8 or GBK).
int identify(GDALOpenInfo* info);
// GDAL's Open: a coordinate file read-only; update access is refused with a CE_Failure.
GDALDataset* open(GDALOpenInfo* info);
// GDAL's Create: a .txt of one layer, or a folder of a LAYER.txt per layer.
GDALDataset* create(const char* name, int x_size, int y_size, int bands, GDALDataType type, char** options);

class ReadLayer final : public OGRLayer, public OGRGetNextFeatureThroughRaw<ReadLayer> {
  DEFINE_GET_NEXT_FEATURE_THROUGH_RAW(ReadLayer)

 public:
  ReadLayer(const std::string& name, const File& file, const ChineseGkCrs& crs);
  ~ReadLayer() override;

  void ResetReading() override { next_ = 0; }
  OGRFeatureDefn* GetLayerDefn() override { return defn_; }
  OGRFeature* GetFeature(GIntBig fid) override;
  GIntBig GetFeatureCount(int force) override;
  int TestCapability(const char* capability) override;

 private:
  OGRFeature* GetNextRawFeature();

  OGRFeatureDefn* defn_ = nullptr;
  OGRSpatialReference* crs_ = nullptr;
  std::vector<std::unique_ptr<OGRFeature>> features_;
  size_t next_ = 0;
};

class WriteLayer final : public OGRLayer {
 public:
  // The layer's type is `type` when that is wkbUnknown (GDAL's "any"; each feature must still be
  // one polygon), else Polygon: what a Polygon or MultiPolygon layer is written as and reads
  // back as.
  WriteLayer(const std::string& name, const std::string& path, const ChineseGkCrs& crs, Encoding encoding,
             OGRwkbGeometryType type);
  ~WriteLayer() override;

  void ResetReading() override {}
  OGRFeature* GetNextFeature() override { return nullptr; }
  OGRFeatureDefn* GetLayerDefn() override { return defn_; }
  OGRErr CreateField(OGRFieldDefn* field, int approx_ok) override;
  int TestCapability(const char* capability) override;

  // Writes the file; false after a CE_Failure naming the file and what failed.
  bool write_file() const;

 protected:
  OGRErr ICreateFeature(OGRFeature* feature) override;

 private:
  std::string text_of(const OGRFeature& feature, const char* field) const;

  OGRFeatureDefn* defn_ = nullptr;
  OGRSpatialReference* crs_ = nullptr;
  std::string path_;
  ChineseGkCrs gk_;
  Encoding encoding_;
  std::vector<OutParcel> parcels_;
};

class Dataset final : public GDALDataset {
 public:
  // Read: the file's one layer.
  explicit Dataset(std::unique_ptr<ReadLayer> layer);
  // Write: `path` is a .txt (one layer) or a folder (a LAYER.txt per layer).
  Dataset(const std::string& path, bool single_file);
  ~Dataset() override;

  int GetLayerCount() override { return static_cast<int>(layers_.size()); }
  OGRLayer* GetLayer(int index) override;
  int TestCapability(const char* capability) override;

 protected:
  OGRLayer* ICreateLayer(const char* name, OGRSpatialReference* crs, OGRwkbGeometryType type,
                         char** options) override;

 private:
  std::vector<std::unique_ptr<OGRLayer>> layers_;
  std::string path_;
  bool single_file_ = true;
  bool writable_ = false;
};

}  // namespace parklayers::baopan
