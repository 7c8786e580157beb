// SPDX-License-Identifier: GPL-2.0-or-later
// Ellipsoidal areas of every feature of any OGR layer (the `parklayers area` command), streamed:
// one feature at a time is read, measured and passed on or written, so memory does not grow
// with the layer. With an output, the job of QGIS's "Add geometry attributes": a copy of the
// layer with area_m2, area_mu and area_ha added (and gk_area_m2, gk_crs with Gauss-Kruger on).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/validity.h"
#include "parklayers/io/input.h"

namespace parklayers {

class AreaCalculator;
class SurveyAreaCalculator;
class GeosContext;

struct LayerAreaOptions {
  std::string layer;         // empty: the source's only layer (an error if it has several)
  InputOptions input;        // --encoding, --a_srs, --where
  std::string output;        // empty: no copy written
  std::string output_driver; // empty: from the output's extension
  bool overwrite = false;
  // --s_srs GCJ02|BD09: the coordinates are GCJ-02 or BD-09 longitude/latitude, whatever
  // (geographic) CRS the layer states; they are brought back to WGS 84 and measured on its
  // ellipsoid (chinese_crs.h). A copy (output) keeps the geometry as it was read.
  std::optional<ChineseCrs> declared_crs;
  // Invalid polygons (invalid_geometry_reason in source.h) are refused by default; with
  // skip_invalid they are left out of the areas and the copy, and passed to on_skipped.
  bool skip_invalid = false;
  std::function<void(const Problem& skipped)> on_skipped;
  // What a user should know of the source (texts read as GB18030) and of the copy (texts cut in
  // a Shapefile, kept whole beside it).
  std::function<void(const Problem& warning)> on_warning;
  // The planar Gauss-Kruger area of each feature (area.h: on the source's own plane when its
  // CRS is Gauss-Kruger, else in the feature's CGCS2000 3-degree zone), beside the
  // ellipsoidal one: on by default; `--no-gk` turns it off.
  bool gauss_kruger = true;
  // A sharded table (shards.h): how many partitions are worked on at once; 0: all of them, up
  // to the machine's cores.
  int jobs = 0;
  // The land survey's own ellipsoidal area of each feature too (gis/survey_area.h), when the
  // layer's CRS is a Gauss-Kruger plane; nothing for a layer in any other CRS. Off by default:
  // it costs about what the ellipsoidal area does.
  bool survey = false;
  // Called once the layer is picked and its CRS known, before the first feature is read (on the
  // calling thread): the caller may look at the layer's fields and throw. Returns the attribute
  // fields the caller reads from each feature (MeasuredFeatureCallback); with no output, GDAL is
  // told to leave the others out.
  std::function<std::vector<std::string>(OGRLayer& layer, const OGRSpatialReference& crs)> on_open;
};

// What is known of one feature after measuring it.
struct MeasuredFeature {
  long long fid = -1;
  std::optional<double> area_m2;     // ellipsoidal; nullopt: no polygonal geometry
  std::optional<double> gk_area_m2;  // planar GK; nullopt also when GK is off or no zone fits
                                     // (a feature across the antimeridian)
  std::string gk_crs;                // the plane's CRS ("EPSG:4549"), "" when gk_area_m2 is nullopt
  // The survey's area (m2, 2 decimals), with options.survey on a layer in a Gauss-Kruger CRS.
  std::optional<double> survey_area_m2;
};
using MeasuredCallback = std::function<void(const MeasuredFeature& feature)>;
// The same, with the feature as read (its geometry, and the fields on_open asked for).
using MeasuredFeatureCallback = std::function<void(const MeasuredFeature& measured, OGRFeature& feature)>;

// Called for each feature: its FID and its area in m2 (nullopt for features with no
// polygonal geometry).
using AreaCallback = std::function<void(long long fid, std::optional<double> area_m2)>;

// Called once, before the first feature, with the layer's name.
using LayerCallback = std::function<void(const std::string& layer)>;

// Measures (and with options.output writes) the layer; returns the layer's name. Throws
// InputError naming the file, layer and feature of bad input (the first one in reading order).
// The layer is read on a thread of its own and measured on one thread per core; the callbacks
// run on the calling thread, in reading order.
std::string measure_layer(const SourceName& input, const LayerAreaOptions& options,
                          const AreaCallback& on_feature, const LayerCallback& on_layer = nullptr);

// The same, reporting the Gauss-Kruger area and zone too (with options.gauss_kruger). The
// copy (options.output) then also gets the fields gk_area_m2 and gk_crs.
std::string measure_layer_features(const SourceName& input, const LayerAreaOptions& options,
                                   const MeasuredCallback& on_feature, const LayerCallback& on_layer = nullptr);

// The same, each measured feature passed on with the feature itself (before a copy takes its
// geometry).
std::string measure_layer_with_features(const SourceName& input, const LayerAreaOptions& options,
                                        const MeasuredFeatureCallback& on_feature,
                                        const LayerCallback& on_layer = nullptr);

// How measure_layer_features measures each feature, for a reader of its own (area --update
// reads a PostGIS table on a connection of its own, not through GDAL): what the layer's CRS and
// the options say is read once, then each geometry is measured on a worker thread, exactly as
// measure_layer_features measures it.
class FeatureMeasurer {
 public:
  // Reads the layer's CRS (or `assigned`, assigned_crs(options.input), or WGS 84 for --s_srs
  // GCJ02|BD09) and makes one calculator for each of `workers` threads. Throws InputError
  // naming `input` and the layer as measure_layer does (no CRS, no ellipsoid, --s_srs
  // refused). The layer is read here only: it may be closed afterwards, but for crs() and
  // layer_crs().
  FeatureMeasurer(OGRLayer& layer, const InputSource& source, const SourceName& input,
                  const LayerAreaOptions& options, std::unique_ptr<OGRSpatialReference> assigned,
                  std::size_t workers);
  ~FeatureMeasurer();
  FeatureMeasurer(const FeatureMeasurer&) = delete;
  FeatureMeasurer& operator=(const FeatureMeasurer&) = delete;

  // Measures one feature's geometry (null, empty or not polygonal: no area) on worker `worker`
  // (0 to workers - 1, each on one thread at a time) into `measured` (its fid set to `fid`).
  // Returns "" when measured, else why the feature is skipped (an invalid polygon with
  // skip_invalid); throws InputError naming the feature otherwise. The calling thread keeps
  // GDAL quiet meanwhile (QuietGdalErrors): what GDAL says is reported in the exception.
  std::string measure(const OGRGeometry* geometry, long long fid, std::size_t worker,
                      MeasuredFeature& measured) const;

  // The CRS the coordinates are measured in, and the one a copy keeps (the layer's own with
  // --s_srs GCJ02|BD09): the layer's, valid while it is open, or --a_srs's.
  const OGRSpatialReference* crs() const { return crs_; }
  const OGRSpatialReference* layer_crs() const { return declared_crs_ ? declared_layer_crs_ : crs_; }
  const std::string& layer_name() const { return layer_name_; }
  // Whether each feature gets its survey area (options.survey, on a Gauss-Kruger plane).
  bool survey() const { return !survey_calculators_.empty(); }

 private:
  std::optional<ChineseCrs> declared_crs_;
  bool skip_invalid_ = false;
  std::string shown_;
  std::string layer_name_;
  std::unique_ptr<OGRSpatialReference> assigned_;
  const OGRSpatialReference* crs_ = nullptr;
  const OGRSpatialReference* declared_layer_crs_ = nullptr;
  std::unique_ptr<OGRSpatialReference> wgs84_;
  bool latitude_first_ = false;
  CoordinateRule rule_;
  std::vector<std::unique_ptr<AreaCalculator>> calculators_;
  std::vector<std::unique_ptr<SurveyAreaCalculator>> survey_calculators_;  // empty: no survey area
  // One GEOS context per worker, made on its thread when first needed.
  mutable std::vector<std::unique_ptr<GeosContext>> geos_;
};

}  // namespace parklayers
