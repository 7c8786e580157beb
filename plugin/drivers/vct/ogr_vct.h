// SPDX-License-Identifier: GPL-2.0-or-later
// The VCT driver's OGR classes, private to the driver as GDAL's ogr_<driver>.h are: the dataset
// (a file read, one layer per FeatureCode table; or one being written at close), its layers (one
// read, its features built at open since the file is read whole; one being written, its objects
// buffered) and the driver's entry points. The format itself, without OGR, is vct_format.h.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "vct_format.h"

namespace parklayers::vct {

constexpr const char* kDriverName = "VCT";
// An annotation layer's fields after its table's.
constexpr const char* kFieldText = "TEXT";
constexpr const char* kFieldAngle = "ANGLE";

int identify(GDALOpenInfo* info);
// GDAL's Open: read-only; update access is refused with a CE_Failure.
GDALDataset* open(GDALOpenInfo* info);
// GDAL's Create: one .vct file, written when the dataset is closed.
GDALDataset* create(const char* name, int x_size, int y_size, int bands, GDALDataType type, char** options);

// The polygon its rings make (vct_geometry.cpp): a Polygon, or a MultiPolygon of several outer rings.
std::unique_ptr<OGRGeometry> polygon_of(const std::vector<std::vector<XY>>& rings, bool swap_xy);

class ReadLayer;
// The layers of a parsed file (vct_layer.cpp): one per FeatureCode table, then one without
// geometry per TableStructure table no FeatureCode names; features joined with their Attribute
// rows by BSM. Throws FormatError.
std::vector<std::unique_ptr<ReadLayer>> layers_of(const std::string& file, const Document& document, const VctCrs& crs);

class ReadLayer final : public OGRLayer, public OGRGetNextFeatureThroughRaw<ReadLayer> {
  DEFINE_GET_NEXT_FEATURE_THROUGH_RAW(ReadLayer)

 public:
  // Takes the defn (one reference); its features are added with add().
  ReadLayer(OGRFeatureDefn* defn, OGRSpatialReference* crs);
  ~ReadLayer() override;

  void ResetReading() override { next_ = 0; }
  OGRFeatureDefn* GetLayerDefn() override { return defn_; }
  OGRFeature* GetFeature(GIntBig fid) override;
  GIntBig GetFeatureCount(int force) override;
  int TestCapability(const char* capability) override;

  void add(std::unique_ptr<OGRFeature> feature) { features_.push_back(std::move(feature)); }
  std::vector<std::unique_ptr<OGRFeature>>& features() { return features_; }
  // Indexes the features by FID once all are added.
  void index();

 private:
  OGRFeature* GetNextRawFeature();

  OGRFeatureDefn* defn_ = nullptr;
  OGRSpatialReference* crs_ = nullptr;
  std::vector<std::unique_ptr<OGRFeature>> features_;
  std::unordered_map<GIntBig, size_t> by_fid_;
  size_t next_ = 0;
};

class WriteLayer final : public OGRLayer {
 public:
  // `type`: wkbPoint, wkbLineString, or wkbPolygon or wkbUnknown for polygons.
  WriteLayer(const std::string& name, const OGRSpatialReference* crs, OGRwkbGeometryType type, const std::string& code);
  ~WriteLayer() override;

  void ResetReading() override {}
  OGRFeature* GetNextFeature() override { return nullptr; }
  OGRFeatureDefn* GetLayerDefn() override { return defn_; }
  OGRErr CreateField(OGRFieldDefn* field, int approx_ok) override;
  int TestCapability(const char* capability) override;

  // The table to write; `bsms` gives each object's BSM (in order).
  OutTable table(const std::vector<std::string>& bsms) const;
  // Each feature's BSM to be: its BSM field where that is a number, else its FID; in order.
  const std::vector<std::string>& bsm_values() const { return bsm_values_; }

 protected:
  OGRErr ICreateFeature(OGRFeature* feature) override;

 private:
  // Buffers the object with the feature's values.
  void add(OGRFeature& feature, GIntBig fid, OutObject object);

  OGRFeatureDefn* defn_ = nullptr;
  OGRSpatialReference* crs_ = nullptr;
  std::string code_;
  Kind kind_ = Kind::Polygon;
  std::vector<OutObject> objects_;
  std::vector<std::string> bsm_values_;
};

class Dataset final : public GDALDataset {
 public:
  // Read: the file's layers.
  explicit Dataset(std::vector<std::unique_ptr<ReadLayer>> layers);
  // Write: `path` is written when closed.
  Dataset(const std::string& path, TextEncoding encoding);
  ~Dataset() override;

  int GetLayerCount() override { return static_cast<int>(layers_.size()); }
  OGRLayer* GetLayer(int index) override;
  int TestCapability(const char* capability) override;

 protected:
  OGRLayer* ICreateLayer(const char* name, OGRSpatialReference* crs, OGRwkbGeometryType type, char** options) override;

 private:
  // Writes the file (a temporary one renamed into place); false after a CE_Failure.
  bool write_file();

  std::vector<std::unique_ptr<OGRLayer>> layers_;
  std::string path_;
  TextEncoding encoding_ = TextEncoding::Gbk;
  bool writable_ = false;
  std::unique_ptr<OGRSpatialReference> crs_;  // the file's one CRS, from its first layer
  std::vector<std::pair<std::string, std::string>> crs_head_;
};

}  // namespace parklayers::vct
