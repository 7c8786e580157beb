#include "parklayers/layer_area.h"

#include <filesystem>
#include <memory>
#include <stdexcept>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/area.h"
#include "parklayers/atomic_output.h"
#include "parklayers/error.h"
#include "parklayers/gdal_util.h"
#include "parklayers/units.h"

namespace parklayers {
namespace {

// Features written between commits: GDAL's ogr2ogr groups 100,000 too (-gt).
constexpr long long kFeaturesPerTransaction = 100000;

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

class LayerCopy {
 public:
  LayerCopy(OGRLayer& source, const std::string& input, const LayerAreaOptions& options)
      : output_(options.output, options.overwrite, {input}) {
    std::string driver_name = options.output_driver.empty() ? driver_for_extension(options.output)
                                                            : options.output_driver;
    const Location where{options.output, "", -1, "", ""};
    if (driver_name.empty()) {
      throw InputError(where, "unknown output format: use .gpkg, .geojson, .shp, .fgb, .csv, "
                              ".kml, .gml or .sqlite");
    }
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    if (!driver) throw InputError(where, "GDAL has no " + driver_name + " driver here");
    dataset_.reset(driver->Create(output_.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset_) throw std::runtime_error("creating " + options.output + " failed: " + CPLGetLastErrorMsg());

    CPLStringList layer_options;
    if (driver_name == "ESRI Shapefile") layer_options.SetNameValue("ENCODING", "UTF-8");
    if (driver_name == "GeoJSON") layer_options.SetNameValue("RFC7946", "YES");
    if (driver_name == "CSV") layer_options.SetNameValue("GEOMETRY", "AS_WKT");
    OGRFeatureDefn* in_defn = source.GetLayerDefn();
    layer_ = dataset_->CreateLayer(source.GetName(), source.GetSpatialRef(), in_defn->GetGeomType(),
                                   layer_options.List());
    if (!layer_) throw std::runtime_error("creating the output layer failed: " + std::string(CPLGetLastErrorMsg()));

    field_map_.resize(in_defn->GetFieldCount(), -1);
    for (int i = 0; i < in_defn->GetFieldCount(); ++i) {
      const std::string name = in_defn->GetFieldDefn(i)->GetNameRef();
      if (name == "area_m2" || name == "area_mu" || name == "area_ha") continue;  // recomputed
      if (layer_->CreateField(in_defn->GetFieldDefn(i)) != OGRERR_NONE) {
        throw std::runtime_error("creating field " + name + " failed: " + CPLGetLastErrorMsg());
      }
      field_map_[i] = layer_->GetLayerDefn()->GetFieldCount() - 1;
    }
    for (const char* name : {"area_m2", "area_mu", "area_ha"}) {
      OGRFieldDefn field(name, OFTReal);
      if (layer_->CreateField(&field) != OGRERR_NONE) {
        throw std::runtime_error(std::string("creating field ") + name + " failed");
      }
    }
    const OGRFeatureDefn* out_defn = layer_->GetLayerDefn();
    area_fields_[0] = out_defn->GetFieldIndex("area_m2");
    area_fields_[1] = out_defn->GetFieldIndex("area_mu");
    area_fields_[2] = out_defn->GetFieldIndex("area_ha");
    out_feature_ = std::make_unique<OGRFeature>(layer_->GetLayerDefn());
    transactions_ = dataset_->TestCapability(ODsCTransactions);
    if (transactions_) dataset_->StartTransaction();
  }

  void write(OGRFeature& in, std::optional<double> area_m2) {
    OGRFeature& out = *out_feature_;
    out.Reset();
    out.SetFrom(&in, field_map_.data(), TRUE);
    out.SetFID(in.GetFID());
    if (area_m2) {
      out.SetField(area_fields_[0], *area_m2);
      out.SetField(area_fields_[1], m2_to_mu(*area_m2));
      out.SetField(area_fields_[2], m2_to_ha(*area_m2));
    }
    if (layer_->CreateFeature(&out) != OGRERR_NONE) {
      throw std::runtime_error("writing feature " + std::to_string(in.GetFID()) + " failed: " +
                               CPLGetLastErrorMsg());
    }
    if (transactions_ && ++in_transaction_ >= kFeaturesPerTransaction) {
      dataset_->CommitTransaction();
      dataset_->StartTransaction();
      in_transaction_ = 0;
    }
  }

  void finish() {
    if (transactions_ && dataset_->CommitTransaction() != OGRERR_NONE) {
      throw std::runtime_error("committing the output failed: " + std::string(CPLGetLastErrorMsg()));
    }
    out_feature_.reset();
    CPLErrorReset();
    dataset_.reset();
    if (CPLGetLastErrorType() == CE_Failure) {
      throw std::runtime_error("closing the output failed: " + std::string(CPLGetLastErrorMsg()));
    }
    output_.commit();
  }

 private:
  AtomicOutput output_;
  GDALDatasetUniquePtr dataset_;
  OGRLayer* layer_ = nullptr;
  std::vector<int> field_map_;
  int area_fields_[3] = {-1, -1, -1};
  std::unique_ptr<OGRFeature> out_feature_;
  bool transactions_ = false;
  long long in_transaction_ = 0;
};

bool is_polygonal(OGRwkbGeometryType type) {
  const OGRwkbGeometryType flat = wkbFlatten(type);
  return OGR_GT_IsSurface(flat) || flat == wkbMultiPolygon || flat == wkbMultiSurface ||
         flat == wkbGeometryCollection || flat == wkbPolyhedralSurface || flat == wkbTIN;
}

}  // namespace

std::string measure_layer(const std::string& input, const LayerAreaOptions& options,
                          const AreaCallback& on_feature, const LayerCallback& on_layer) {
  ensure_gdal_registered();
  const Location where{input, options.layer, -1, "", ""};
  if (!std::filesystem::exists(input)) throw InputError(where, "no such file or folder");
  GDALDatasetUniquePtr dataset;
  {
    QuietGdalErrors quiet;
    dataset = open_vector(input);
    if (!dataset) throw InputError(where, "GDAL cannot open it as a vector source: " + quiet.message());
  }
  OGRLayer& layer = pick_layer(*dataset, input, options.layer);
  const std::string layer_name = layer.GetName();
  const OGRSpatialReference* crs = layer.GetSpatialRef();
  if (!crs) {
    throw InputError(Location{input, layer_name, -1, "", ""},
                     "the layer has no CRS, so its ellipsoid is unknown");
  }
  std::unique_ptr<AreaCalculator> calculator;
  try {
    calculator = std::make_unique<AreaCalculator>(*crs, AreaOptions{false});
  } catch (const std::invalid_argument& error) {
    throw InputError(Location{input, layer_name, -1, "", ""}, error.what());
  }
  std::unique_ptr<LayerCopy> copy;
  if (!options.output.empty()) copy = std::make_unique<LayerCopy>(layer, input, options);

  if (on_layer) on_layer(layer_name);
  layer.ResetReading();
  for (auto& feature : layer) {
    std::optional<double> area;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (geometry && !geometry->IsEmpty() && is_polygonal(geometry->getGeometryType())) {
      try {
        area = calculator->area_m2(*geometry);
      } catch (const std::invalid_argument& error) {
        throw InputError(Location{input, layer_name, feature->GetFID(), "", ""}, error.what());
      }
    }
    if (on_feature) on_feature(feature->GetFID(), area);
    if (copy) copy->write(*feature, area);
  }
  if (copy) copy->finish();
  return layer_name;
}

}  // namespace parklayers
