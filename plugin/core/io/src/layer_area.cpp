// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/layer_area.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <utility>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#ifdef __GLIBC__
#include <malloc.h>  // malloc_trim
#endif

#include "parklayers/gis/area.h"
#include "parklayers/gis/survey_area.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/drivers.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/validity.h"
#include "parklayers/io/format.h"
#include "parklayers/io/input.h"
#include "parklayers/io/output.h"
#include "parklayers/gis/units.h"
#include "parklayers/gis/worker.h"

namespace parklayers {
namespace {

// The copy `area -o` writes: the layer's fields (less earlier area fields, recomputed), then
// area_m2, area_mu, area_ha and with Gauss-Kruger gk_area_m2, gk_crs (the names and types of the
// built park's parcels layer), through the one output module.
class LayerCopy {
 public:
  LayerCopy(OGRLayer& source, const OGRSpatialReference* crs, const SourceName& input,
            const std::string& shown, const LayerAreaOptions& options, bool survey)
      : output_(options.output, options.overwrite, {input.text()}) {
    const std::string driver = options.output_driver.empty() ? driver_for_extension(options.output)
                                                             : options.output_driver;
    if (driver.empty()) {
      throw InputError(Location{options.output, "", -1, "", ""},
                       "unknown output format: use .gpkg, .geojson, .shp, .fgb, .csv, .kml, .gml or .sqlite");
    }
    dataset_ = std::make_unique<OutputDataset>(driver, output_.temp_path(), options.output);
    OutputLayerOptions layer_options;
    layer_options.name = source.GetName();
    layer_options.geometry_type = source.GetLayerDefn()->GetGeomType();
    layer_options.crs = crs;
    layer_options.keep_fid = true;
    layer_options.input = shown;
    layer_options.dropped = {"area_m2", "area_mu", "area_ha"};
    layer_options.added = {{"area_m2", OFTReal}, {"area_mu", OFTReal}, {"area_ha", OFTReal}};
    gk_ = options.gauss_kruger;
    if (gk_) {
      layer_options.dropped.insert(layer_options.dropped.end(), {"gk_area_m2", "gk_crs"});
      layer_options.added.push_back({"gk_area_m2", OFTReal});
      layer_options.added.push_back({"gk_crs", OFTString});
    }
    // The survey's area, after the others, on a layer in a Gauss-Kruger CRS only.
    layer_options.dropped.push_back("survey_area_m2");
    if (survey) {
      survey_index_ = static_cast<int>(layer_options.added.size());
      layer_options.added.push_back({"survey_area_m2", OFTReal});
    }
    layer_ = std::make_unique<OutputLayer>(*dataset_, *source.GetLayerDefn(), layer_options);
  }

  // Takes the feature's geometry (the feature is not used again).
  void write(OGRFeature& in, const MeasuredFeature& measured) {
    OGRFeature& out = layer_->begin(in);
    if (layer_->spatial()) out.SetGeometryDirectly(in.StealGeometry());
    if (const std::optional<double>& area_m2 = measured.area_m2) {
      out.SetField(layer_->added_index(0), *area_m2);
      out.SetField(layer_->added_index(1), m2_to_mu(*area_m2));
      out.SetField(layer_->added_index(2), m2_to_ha(*area_m2));
    }
    if (gk_ && measured.gk_area_m2) {
      out.SetField(layer_->added_index(3), *measured.gk_area_m2);
      out.SetField(layer_->added_index(4), measured.gk_crs.c_str());
    }
    if (survey_index_ >= 0 && measured.survey_area_m2) {
      out.SetField(layer_->added_index(static_cast<size_t>(survey_index_)), *measured.survey_area_m2);
    }
    layer_->end(in);
  }

  // Returns how many texts were cut (a Shapefile's, kept whole in LAYER.long_text.csv).
  long long finish() {
    layer_->finish();  // in the last transaction
    layer_->write_sidecars();
    const long long cut = layer_->texts_cut();
    layer_.reset();
    dataset_->close();
    output_.commit();
    return cut;
  }

 private:
  AtomicOutput output_;
  std::unique_ptr<OutputDataset> dataset_;
  std::unique_ptr<OutputLayer> layer_;
  bool gk_ = false;
  int survey_index_ = -1;  // of survey_area_m2 among the added fields; -1: not written
};

// Features read, measured and written together: large enough to make the hand-over between
// threads cheap, small enough to keep memory flat.
constexpr size_t kBatchSize = 4096;

struct Batch {
  std::vector<OGRFeatureUniquePtr> features;
  std::vector<MeasuredFeature> areas;
  std::vector<std::string> invalid;  // why a feature is skipped (skip_invalid), "" for none
};

bool read_batch(OGRLayer& layer, const InputSource& source, Batch& batch) {
  batch.features.clear();
  while (batch.features.size() < kBatchSize) {
    OGRFeatureUniquePtr feature(layer.GetNextFeature());
    if (!feature) break;
    source.prepare(*feature);
    batch.features.push_back(std::move(feature));
  }
  return !batch.features.empty();
}

}  // namespace

std::string measure_layer(const SourceName& input, const LayerAreaOptions& options,
                          const AreaCallback& on_feature, const LayerCallback& on_layer) {
  MeasuredCallback forward;
  if (on_feature) forward = [&on_feature](const MeasuredFeature& f) { on_feature(f.fid, f.area_m2); };
  return measure_layer_features(input, options, forward, on_layer);
}

FeatureMeasurer::FeatureMeasurer(OGRLayer& layer, const InputSource& source, const SourceName& input,
                                 const LayerAreaOptions& options, std::unique_ptr<OGRSpatialReference> assigned,
                                 size_t workers)
    : declared_crs_(options.declared_crs),
      skip_invalid_(options.skip_invalid),
      shown_(input.display()),  // a database's without its password
      layer_name_(layer.GetName()),
      assigned_(std::move(assigned)) {
  crs_ = source_crs(layer, assigned_.get());
  // --s_srs GCJ02|BD09: measured in WGS 84 longitude/latitude, where the GCJ-02 formulas end;
  // the layer's own CRS may be absent or geographic (web-map data is often labelled WGS 84).
  if (declared_crs_) {
    const std::string problem = declared_crs_problem(*declared_crs_, crs_);
    if (!problem.empty()) throw InputError(Location{shown_, layer_name_, -1, "", ""}, "--s_srs: " + problem);
    wgs84_ = std::make_unique<OGRSpatialReference>();
    wgs84_->SetWellKnownGeogCS("WGS84");
    wgs84_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    declared_layer_crs_ = crs_;
    crs_ = wgs84_.get();
  }
  if (!crs_) {
    throw InputError(Location{shown_, layer_name_, -1, "", ""},
                     no_crs_problem(layer, &source, "its ellipsoid is unknown"));
  }
  // One calculator for each worker, made here, as is the coordinate rule: the layer's CRS, a
  // GDAL object, is read on this thread only.
  try {
    for (size_t i = 0; i < workers; ++i) {
      calculators_.push_back(std::make_unique<AreaCalculator>(*crs_, AreaOptions{options.gauss_kruger}));
    }
    // The survey's rule needs Gauss-Kruger plane coordinates: none for a layer in another CRS
    // (nor for --s_srs, whose coordinates are longitude/latitude).
    if (options.survey && !declared_crs_ && source_gauss_kruger_plane(*crs_)) {
      for (size_t i = 0; i < workers; ++i) survey_calculators_.push_back(std::make_unique<SurveyAreaCalculator>(*crs_));
    }
  } catch (const std::invalid_argument& error) {
    throw InputError(Location{shown_, layer_name_, -1, "", ""}, error.what());
  }
  geos_.resize(workers);
  // (Latitude-first data declared GCJ-02/BD-09 is checked without the lon/lat ranges.)
  latitude_first_ = declared_crs_ && declared_layer_crs_ &&
                    (first_data_axis(*declared_layer_crs_) == OAO_North ||
                     first_data_axis(*declared_layer_crs_) == OAO_South);
  rule_ = coordinate_rule(latitude_first_ ? nullptr : crs_);
}

FeatureMeasurer::~FeatureMeasurer() = default;

std::string FeatureMeasurer::measure(const OGRGeometry* geometry, long long fid, size_t worker,
                                     MeasuredFeature& measured) const {
  measured = MeasuredFeature{};
  measured.fid = fid;
  if (!geometry || geometry->IsEmpty() || !is_polygonal(geometry->getGeometryType())) return "";
  std::unique_ptr<GeosContext>& geos = geos_[worker];
  if (!geos) geos = std::make_unique<GeosContext>();
  // An invalid polygon has no meaningful area: refused, or skipped with --skip-invalid.
  const std::string invalid = invalid_geometry_reason(*geometry, rule_, *geos);
  if (!invalid.empty()) {
    if (!skip_invalid_) throw InputError(Location{shown_, layer_name_, fid, "", ""}, "invalid geometry: " + invalid);
    return "invalid geometry: " + invalid;
  }
  const AreaCalculator& calculator = *calculators_[worker];
  try {
    FeatureArea area;
    if (declared_crs_) {
      // On a copy: the output keeps the geometry as it was read. The layer's CRS is not asked
      // here (not from two threads): latitude_first_ was read once.
      const std::unique_ptr<OGRGeometry> lonlat(geometry->clone());
      if (latitude_first_) lonlat->swapXY();
      transform_geometry(*lonlat, *declared_crs_, ChineseCrs::Wgs84);
      area = calculator.measure_area(*lonlat);
    } else {
      area = calculator.measure_area(*geometry);
    }
    measured.area_m2 = area.area_m2;
    measured.gk_area_m2 = area.gk_area_m2;
    if (area.gk_area_m2) measured.gk_crs = area.gk_zone.crs_name;
    if (!survey_calculators_.empty()) measured.survey_area_m2 = survey_calculators_[worker]->area_m2(*geometry);
  } catch (const std::invalid_argument& error) {
    throw InputError(Location{shown_, layer_name_, fid, "", ""}, error.what());
  }
  return "";
}

std::string measure_layer_features(const SourceName& input, const LayerAreaOptions& options,
                                   const MeasuredCallback& on_feature, const LayerCallback& on_layer) {
  MeasuredFeatureCallback forward;
  if (on_feature) forward = [&on_feature](const MeasuredFeature& f, OGRFeature&) { on_feature(f); };
  return measure_layer_with_features(input, options, forward, on_layer);
}

std::string measure_layer_with_features(const SourceName& input, const LayerAreaOptions& options,
                                        const MeasuredFeatureCallback& on_feature, const LayerCallback& on_layer) {
  ensure_drivers_registered();
  std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);  // refused before the input is opened
  const InputSource source = open_input(input, options.input);
  const std::string shown = input.display();  // a database's without its password
  if (options.on_warning) {
    for (const Problem& warning : source.warnings()) options.on_warning(warning);
  }
  OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
  const std::string layer_name = layer.GetName();
  apply_where(layer, shown, options.input);
  const size_t worker_count = pipeline_workers();
  const FeatureMeasurer measurer(layer, source, input, options, std::move(assigned), worker_count);
  std::vector<std::string> fields_read;
  if (options.on_open) fields_read = options.on_open(layer, *measurer.crs());
  std::unique_ptr<LayerCopy> copy;
  if (!options.output.empty()) {
    // The copy keeps the coordinates as read, so it keeps their CRS (the assigned one with --a_srs).
    copy = std::make_unique<LayerCopy>(layer, measurer.layer_crs(), input, shown, options, measurer.survey());
  } else if (options.input.where.empty() && !source.prepare_reads_attributes()) {
    // Only the geometry is measured (and the fields the caller reads): GDAL need not read the
    // other attributes (the dataset is ours). Not with --where, whose condition reads them, nor
    // where prepare() reads them.
    CPLStringList fields;
    for (int i = 0; i < layer.GetLayerDefn()->GetFieldCount(); ++i) {
      const char* name = layer.GetLayerDefn()->GetFieldDefn(i)->GetNameRef();
      if (std::find(fields_read.begin(), fields_read.end(), name) == fields_read.end()) fields.AddString(name);
    }
    layer.SetIgnoredFields(const_cast<const char**>(fields.List()));
  }
  if (on_layer) on_layer(layer_name);

  // A pipeline (worker.h): a reader thread reads batches, one worker per core measures them,
  // and this thread writes them (and calls back) in reading order. Each worker has its own
  // calculator and GEOS context (PROJ and GEOS objects are used by one thread at a time).
  std::vector<Batch> batches(worker_count + 3);
  PipelineStages stages;
  stages.read = [&](size_t slot) {
    // GDAL's warnings while reading (an unclosed ring, say) are not printed: what is wrong
    // with a feature is reported as an InputError naming it.
    const QuietGdalErrors quiet_reading;
    return read_batch(layer, source, batches[slot]);
  };
  stages.process = [&](size_t slot, size_t worker) {
    Batch& batch = batches[slot];
    // This thread's own handler (GDAL's are per thread): what GDAL says while a projected
    // source is brought to lon/lat is reported as an InputError naming the feature, not printed.
    const QuietGdalErrors quiet_measuring;
    batch.areas.resize(batch.features.size());
    batch.invalid.resize(batch.features.size());
    for (size_t i = 0; i < batch.features.size(); ++i) {
      const OGRFeature& feature = *batch.features[i];
      batch.invalid[i] = measurer.measure(feature.GetGeometryRef(), feature.GetFID(), worker, batch.areas[i]);
    }
  };
  stages.consume = [&](size_t slot) {
    Batch& done = batches[slot];
    for (size_t i = 0; i < done.features.size(); ++i) {
      if (!done.invalid[i].empty()) {
        if (options.on_skipped) {
          options.on_skipped(Problem{Location{shown, layer_name, done.features[i]->GetFID(), "", ""}, done.invalid[i]});
        }
        continue;
      }
      if (on_feature) on_feature(done.areas[i], *done.features[i]);
      if (copy) copy->write(*done.features[i], done.areas[i]);
    }
  };
  layer.ResetReading();
  run_ordered_pipeline(batches.size(), worker_count, stages);
  // The last batches' features go, and their memory back to the system (glibc keeps it in the
  // reader thread's arena otherwise), before the output's spatial index is packed: about 12 MB
  // less peak memory for `area -o` on 2,000,000 parcels.
  std::vector<Batch>().swap(batches);
#ifdef __GLIBC__
  malloc_trim(0);
#endif
  if (copy) {
    const long long cut = copy->finish();
    if (cut > 0 && options.on_warning) {
      std::string stem = std::filesystem::path(options.output).stem().string();
      options.on_warning(Problem{Location{options.output, layer_name, -1, "", ""},
                                 std::to_string(cut) + " texts over 254 bytes were cut in the Shapefile (marked "
                                 "with \u2026); they are in full in " + stem + ".long_text.csv"});
    }
  }
  return layer_name;
}

}  // namespace parklayers
