// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/convert.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "convert_plan.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/drivers.h"
#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/transformation_accuracy.h"
#include "parklayers/io/input.h"
#include "parklayers/io/layer_styles.h"
#include "parklayers/io/output.h"
#include "parklayers/io/postgres.h"
#include "parklayers/io/postgres_output.h"
#include "parklayers/gis/worker.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

using conversion::at;
using conversion::InputPlan;
using conversion::LayerJob;
using conversion::LayerPlan;

// Features read, transformed and handed to the writers together (convert_input), and the
// batches in flight at most: memory stays flat, at a few MB.
constexpr size_t kFeaturesPerBatch = 1024;
constexpr size_t kBatchesInFlight = 8;

// Everything written but not yet moved into place. Files are committed before folders; on an
// exception the members' destructors remove every temporary (files first, declared last).
struct Pending {
  std::vector<std::unique_ptr<StagedFolder>> folders;
  std::vector<std::unique_ptr<AtomicOutput>> files;
  std::vector<std::string> final_paths;

  void commit() {
    for (auto& file : files) file->commit();
    for (auto& folder : folders) folder->commit();
  }
};

// --t_srs: a CRS PROJ knows, or a non-PROJ target applied on top of WGS 84.
struct Target {
  std::unique_ptr<OGRSpatialReference> crs;  // null: keep each layer's CRS
  NonProjTarget non_proj = NonProjTarget::None;
  // WGS 84 lon/lat: where --s_srs GCJ02|BD09 data lands when no --t_srs is given.
  OGRSpatialReference wgs84;
};

Target parse_target(const std::string& text) {
  Target target;
  target.wgs84.SetWellKnownGeogCS("WGS84");
  target.wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (text.empty()) return target;
  target.non_proj = non_proj_target(text);
  if (target.non_proj != NonProjTarget::None && !non_proj_target_available(target.non_proj)) {
    throw InputError(at(""), "--t_srs " + text + ": not available in this build");
  }
  target.crs = std::make_unique<OGRSpatialReference>();
  const std::string definition = target.non_proj == NonProjTarget::None ? text : "EPSG:4326";
  QuietGdalErrors quiet;
  if (target.crs->SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
    throw InputError(at(""), "--t_srs " + text + ": not a CRS PROJ knows (" + quiet.message() + ")");
  }
  // Longitude/easting first, as GIS files store them, whatever the EPSG axis order.
  target.crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return target;
}

class Progress {
 public:
  Progress(const std::function<void(double)>& callback, long long total) : callback_(callback), total_(total) {
    if (callback_) callback_(0.0);
  }
  void feature() {
    ++done_;
    if (callback_ && total_ > 0 && done_ % 1000 == 0) callback_(std::min(1.0, double(done_) / double(total_)));
  }
  void finish() {
    if (callback_) callback_(1.0);
  }

 private:
  const std::function<void(double)>& callback_;
  long long total_ = 0;
  long long done_ = 0;
};

// What a conversion into PostgreSQL writes besides the tables, per schema, once every input is
// written (inputs may share a schema).
struct PostgresExtras {
  std::map<std::string, std::vector<LayerStyleRow>> styles;
  std::map<std::string, std::string> comments;
};

// The source's metadata (a built park's tool version and source) as the schema's comment.
std::string metadata_text(GDALDataset& dataset) {
  std::string text;
  if (char** metadata = dataset.GetMetadata()) {
    for (char** item = metadata; *item; ++item) text += std::string(text.empty() ? "" : "\n") + *item;
  }
  return text;
}

// Reads one input once, writing each feature to every requested output.
void convert_input(InputPlan& plan, const ConvertOptions& options, const Target& target,
                   const OGRSpatialReference* assigned, Pending& pending, Progress& progress, ConvertResult& result,
                   PostgresOutput* postgres, PostgresExtras& extras) {
  if (postgres) {
    const std::string comment = metadata_text(plan.source.dataset());
    std::string& all = extras.comments[plan.schema];
    if (!comment.empty()) all += (all.empty() ? "" : "\n") + comment;
  }
  // The GeoPackage of every layer.
  std::unique_ptr<OutputDataset> gpkg;
  if (!plan.gpkg_path.empty()) {
    pending.files.push_back(std::make_unique<AtomicOutput>(plan.gpkg_path, options.overwrite, plan.protected_files));
    pending.final_paths.push_back(plan.gpkg_path);
    gpkg = std::make_unique<OutputDataset>("GPKG", pending.files.back()->temp_path(), plan.gpkg_path);
    if (char** metadata = plan.source.dataset().GetMetadata()) gpkg->dataset().SetMetadata(metadata);
  }
  StagedFolder* folder = nullptr;
  if (plan.needs_folder) {
    pending.folders.push_back(std::make_unique<StagedFolder>(plan.folder));
    folder = pending.folders.back().get();
  }
  std::vector<LayerStyleRow> styles;

  for (LayerPlan& lp : plan.layers) {
    OGRLayer& source = *lp.layer;
    const OGRSpatialReference* source_crs = parklayers::source_crs(source, assigned);
    const OGRSpatialReference* layer_crs = source_crs;  // as the file states it
    // --s_srs GCJ02|BD09: each geometry is first brought back to WGS 84 in the layer's own
    // geographic CRS (or WGS 84 when it states none), and the output is WGS 84 unless --t_srs
    // says otherwise: GCJ-02 data written out under its own label would be 480 m off again.
    const bool declared = options.source_crs && *options.source_crs != ChineseCrs::Wgs84 && lp.spatial;
    const OGRSpatialReference* to_crs = target.crs.get();
    if (declared) {
      const std::string problem = declared_crs_problem(*options.source_crs, source_crs);
      if (!problem.empty()) throw InputError(at(plan.path, lp.name), "--s_srs: " + problem);
      if (!source_crs) source_crs = &target.wgs84;
      if (!to_crs) to_crs = &target.wgs84;
    }
    std::unique_ptr<OGRCoordinateTransformation> transform;
    // Where positions move between datums: here to --t_srs, and in GDAL's GeoJSON and KML
    // drivers to WGS 84. Each move PROJ cannot make exactly is said (transformation_accuracy.h).
    std::vector<std::pair<const OGRSpatialReference*, const OGRSpatialReference*>> moves;
    if (to_crs && lp.spatial) {
      if (!source_crs) {
        throw InputError(at(plan.path, lp.name),
                         no_crs_problem(source, &plan.source, "it cannot be transformed to --t_srs"));
      }
      if (!source_crs->IsSame(to_crs)) {
        QuietGdalErrors quiet;
        transform.reset(OGRCreateCoordinateTransformation(source_crs, to_crs));
        if (!transform) {
          throw InputError(at(plan.path, lp.name), "no transformation to --t_srs: " + quiet.message());
        }
        if (!declared) moves.emplace_back(source_crs, to_crs);
      }
    }
    const OGRSpatialReference* out_crs = to_crs ? to_crs : source_crs;
    const bool wgs84_format = std::any_of(lp.jobs.begin(), lp.jobs.end(), [](const LayerJob& job) {
      return job.extension == "geojson" || job.extension == "kml";
    });
    if (lp.spatial && wgs84_format) {
      // GeoJSON (RFC 7946) and KML hold WGS 84 longitude/latitude: coordinates of no known CRS
      // cannot be brought there.
      if (!out_crs) {
        throw InputError(at(plan.path, lp.name),
                         no_crs_problem(source, &plan.source, "it cannot be written as GeoJSON or KML (WGS 84)"));
      }
      if (!out_crs->IsSame(&target.wgs84)) moves.emplace_back(out_crs, &target.wgs84);
    }
    for (const auto& [from, to] : moves) {
      const std::string approximate = approximate_transformation(*from, *to);
      if (approximate.empty()) continue;
      result.warnings.push_back({Location{plan.path, lp.name, -1, "", ""},
                                 "the output positions are approximate: " + approximate +
                                     " (areas are unaffected: parklayers measures them on the source's own "
                                     "ellipsoid and plane)"});
      break;
    }

    OutputLayerOptions layer_options;
    layer_options.name = lp.name;
    layer_options.geometry_type = lp.spatial ? source.GetGeomType() : wkbNone;
    layer_options.crs = out_crs;
    layer_options.csv_wkt = options.csv_wkt;
    layer_options.txt_encoding = options.txt_encoding;
    layer_options.input = plan.path;
    layer_options.schema = plan.schema;
    // A GeoPackage layer's description (a built park's) becomes the table's comment.
    if (const char* description = source.GetMetadataItem("DESCRIPTION"); postgres && description) {
      layer_options.description = description;
    }
    std::vector<std::unique_ptr<OutputDataset>> files;
    std::vector<std::unique_ptr<OutputLayer>> writers;
    if (postgres) {
      OutputLayerOptions table_options = layer_options;
      table_options.name = lp.table;
      writers.push_back(std::make_unique<OutputLayer>(postgres->dataset(), *source.GetLayerDefn(), table_options));
      if (lp.spatial && lp.style) extras.styles[plan.schema].push_back({lp.table, "geom", *lp.style});
      result.tables.push_back(quote_table(plan.schema, lp.table));
    }
    if (gpkg) {
      writers.push_back(std::make_unique<OutputLayer>(*gpkg, *source.GetLayerDefn(), layer_options));
      if (lp.spatial && lp.style) {
        styles.push_back({writers.back()->layer().GetName(), writers.back()->layer().GetGeometryColumn(), *lp.style});
      }
    }
    for (const LayerJob& job : lp.jobs) {
      if (job.extension == "txt" && !baopan_crs_problem(out_crs).empty()) {
        throw InputError(at(plan.path, lp.name), "BAOPAN: the layer " + baopan_crs_problem(out_crs));
      }
    }
    for (const LayerJob& job : lp.jobs) {
      const std::string file_name = lp.stem + "." + job.extension;
      const std::string final_path = (fs::path(plan.folder) / file_name).string();
      pending.files.push_back(std::make_unique<AtomicOutput>((fs::path(folder->work()) / file_name).string(),
                                                             options.overwrite, plan.protected_files));
      pending.final_paths.push_back(final_path);
      files.push_back(std::make_unique<OutputDataset>(driver_for_extension(file_name),
                                                      pending.files.back()->temp_path(), final_path));
      writers.push_back(std::make_unique<OutputLayer>(*files.back(), *source.GetLayerDefn(), layer_options));
    }
    if (lp.qml) {
      const std::string final_path = (fs::path(plan.folder) / (lp.stem + ".qml")).string();
      pending.files.push_back(std::make_unique<AtomicOutput>((fs::path(folder->work()) / (lp.stem + ".qml")).string(),
                                                             options.overwrite, plan.protected_files));
      pending.final_paths.push_back(final_path);
      std::ofstream qml(pending.files.back()->temp_path(), std::ios::binary | std::ios::trunc);
      qml << *lp.qml;
      qml.close();
      if (!qml) throw OutputError(final_path, "cannot be written");
    }

    // The one read loop: each feature read and transformed once, on this thread, in batches;
    // every format's writer writes every batch on a thread of its own (worker.h: run_fan_out),
    // up to kBatchesInFlight batches behind the reading, so that the slowest format (GeoJSON)
    // keeps a core while the others share the other.
    long long count = 0;
    std::vector<std::vector<OGRFeatureUniquePtr>> batches(kBatchesInFlight);
    FanOutStages stages;
    stages.read = [&](size_t slot) {
      std::vector<OGRFeatureUniquePtr>& batch = batches[slot];
      batch.clear();
      while (batch.size() < kFeaturesPerBatch) {
        OGRFeatureUniquePtr read(source.GetNextFeature());
        if (!read) break;
        plan.source.prepare(*read);
        batch.push_back(std::move(read));
      }
      for (OGRFeatureUniquePtr& feature : batch) {
        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry && declared) {
          try {
            declared_to_wgs84(*geometry, *options.source_crs, layer_crs);
          } catch (const std::invalid_argument& error) {
            throw InputError(Location{plan.path, lp.name, feature->GetFID(), "", ""},
                             std::string("--s_srs ") + chinese_crs_name(*options.source_crs) + ": " + error.what());
          }
        }
        if (geometry && transform && geometry->transform(transform.get()) != OGRERR_NONE) {
          throw InputError(Location{plan.path, lp.name, feature->GetFID(), "", ""},
                           "cannot transform the geometry to --t_srs " + options.target_crs);
        }
        if (geometry && target.non_proj != NonProjTarget::None) {
          try {
            apply_non_proj_target(target.non_proj, *geometry);
          } catch (const std::invalid_argument& error) {
            throw InputError(Location{plan.path, lp.name, feature->GetFID(), "", ""}, error.what());
          }
        }
        ++count;
        progress.feature();
      }
      return !batch.empty();
    };
    stages.consume = [&](size_t w, size_t slot) {
      if (w >= writers.size()) return;  // a layer with no writer is still read through
      for (const OGRFeatureUniquePtr& feature : batches[slot]) writers[w]->write(*feature, feature->GetGeometryRef());
    };
    stages.finish = [&](size_t w) {
      if (w < writers.size()) writers[w]->finish();
    };
    source.ResetReading();
    run_fan_out(batches.size(), std::max<size_t>(writers.size(), 1), stages);
    for (const auto& writer : writers) {
      writer->write_sidecars();
      if (writer->texts_cut() > 0) {
        result.warnings.push_back(
            {Location{plan.path, lp.name, -1, "", ""},
             std::to_string(writer->texts_cut()) + " texts over 254 bytes were cut in the Shapefile (marked "
             "with \u2026); they are in full in " + lp.stem + ".long_text.csv"});
      }
    }
    writers.clear();
    for (auto& file : files) file->close();
    result.layers.push_back({plan.path, lp.name, count});
  }
  if (gpkg) {
    write_layer_styles(gpkg->dataset(), styles);
    gpkg->close();
  }
}

}  // namespace

NonProjTarget non_proj_target(const std::string& name) {
  const std::optional<ChineseCrs> crs = parse_chinese_crs(name);
  if (crs == ChineseCrs::Gcj02) return NonProjTarget::GCJ02;
  if (crs == ChineseCrs::Bd09) return NonProjTarget::BD09;
  return NonProjTarget::None;
}

// The hook where a target PROJ does not know is applied, vertex by vertex, to a geometry
// already transformed to WGS 84 lon/lat; the formulas live in chinese_crs.cpp.
void apply_non_proj_target(NonProjTarget target, OGRGeometry& geometry) {
  switch (target) {
    case NonProjTarget::None: return;
    case NonProjTarget::GCJ02: transform_geometry(geometry, ChineseCrs::Wgs84, ChineseCrs::Gcj02); return;
    case NonProjTarget::BD09: transform_geometry(geometry, ChineseCrs::Wgs84, ChineseCrs::Bd09); return;
  }
}

bool non_proj_target_available(NonProjTarget /*target*/) { return true; }

std::vector<std::string> planned_outputs(const std::vector<SourceName>& inputs, const std::string& outdir,
                                         const ConvertOptions& options) {
  return conversion::output_paths(conversion::make_plan(inputs, outdir, options));
}

ConvertResult convert(const std::vector<SourceName>& inputs, const std::string& outdir,
                      const ConvertOptions& options) {
  const Target target = parse_target(options.target_crs);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  std::vector<InputPlan> plans = conversion::make_plan(inputs, outdir, options);
  const std::vector<std::string> paths = conversion::output_paths(plans);
  conversion::check_outputs(plans, paths, options.overwrite);
  const bool to_database = conversion::has_format(options.formats, Format::PostgreSQL);
  std::vector<std::string> schemas;
  for (const InputPlan& plan : plans) {
    if (to_database && std::find(schemas.begin(), schemas.end(), plan.schema) == schemas.end()) {
      schemas.push_back(plan.schema);
    }
  }
  if (options.qgis_project && std::find(schemas.begin(), schemas.end(), options.qgis_project->schema) == schemas.end()) {
    throw std::invalid_argument("ConvertOptions::qgis_project: its schema is not one the conversion writes");
  }

  long long total = 0;
  for (InputPlan& plan : plans) {
    for (LayerPlan& layer : plan.layers) total += std::max<GIntBig>(0, layer.layer->GetFeatureCount(FALSE));
  }
  // Connects, checks the schemas and starts the transaction, after every input has opened.
  std::unique_ptr<PostgresOutput> postgres;
  if (to_database) postgres = std::make_unique<PostgresOutput>(outdir, schemas, options.overwrite);
  std::optional<CreatedFolder> created;
  if (!to_database) created.emplace(outdir);
  ConvertResult result;
  for (const InputPlan& plan : plans) {
    result.warnings.insert(result.warnings.end(), plan.source.warnings().begin(), plan.source.warnings().end());
  }
  Progress progress(options.progress, total);
  {
    Pending pending;
    PostgresExtras extras;
    for (InputPlan& plan : plans) {
      convert_input(plan, options, target, assigned.get(), pending, progress, result, postgres.get(), extras);
    }
    if (postgres) {
      for (const auto& [schema, comment] : extras.comments) {
        if (!comment.empty()) postgres->comment_schema(schema, comment);
      }
      for (const std::string& schema : schemas) postgres->write_styles(schema, extras.styles[schema]);
      if (options.qgis_project) postgres->store_project(*options.qgis_project);
      postgres->commit();
    }
    pending.commit();
  }
  if (created) created->keep();
  progress.finish();
  // Every file that is now under its final name (sidecars included).
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::exists(path, ec)) result.files.push_back(path);
  }
  return result;
}

}  // namespace parklayers
