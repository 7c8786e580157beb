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

// Features read, transformed and handed to the writers together (convert_input), and the
// batches in flight at most: memory stays flat, at a few MB.
constexpr size_t kFeaturesPerBatch = 1024;
constexpr size_t kBatchesInFlight = 8;
std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Location at(const std::string& file, const std::string& layer = "") { return Location{file, layer, -1, "", ""}; }

// A file-per-layer format with geometry, which gets a LAYER.qml beside it.
bool is_spatial_format(Format format) {
  return format != Format::GeoPackage && format != Format::CSV && format != Format::PostgreSQL;
}

// One layer file to write: its extension decides the driver and options.
struct LayerJob {
  std::string extension;
};

struct LayerPlan {
  OGRLayer* layer = nullptr;
  std::string name;
  std::string table;  // PostgreSQL: the table it becomes in the schema
  std::string stem;
  bool spatial = false;
  std::optional<std::string> style;  // the default style (ConvertOptions::default_style)
  std::optional<std::string> qml;    // the style as a LAYER.qml sidecar
  std::vector<LayerJob> jobs;      // file-per-layer outputs, one per distinct extension
};

struct InputPlan {
  std::string path;
  std::string stem;
  InputSource source;
  std::vector<std::string> protected_files;  // the input's own files: never an output
  std::vector<LayerPlan> layers;
  std::string gpkg_path;                     // empty: no GPKG requested
  std::string folder;                        // OUTDIR/STEM, for the file-per-layer formats
  bool needs_folder = false;
  std::string schema;                        // PostgreSQL: the schema of its tables
};

bool has_format(const std::vector<Format>& formats, Format format) {
  return std::find(formats.begin(), formats.end(), format) != formats.end();
}

std::vector<Format> unique_formats(const std::vector<Format>& formats) {
  std::vector<Format> out;
  for (Format format : formats) {
    if (std::find(out.begin(), out.end(), format) == out.end()) out.push_back(format);
  }
  return out;
}

// Opens every input and decides every output path, without reading a feature.
std::vector<InputPlan> make_plan(const std::vector<std::string>& inputs, const std::string& outdir,
                                 const ConvertOptions& options) {
  ensure_drivers_registered();
  if (inputs.empty()) throw InputError(at(""), "no input to convert");
  if (options.formats.empty()) throw InputError(at(outdir), "no output format given");
  if (!options.names.empty() && options.names.size() != inputs.size()) {
    throw std::invalid_argument("ConvertOptions::names needs one name per input");
  }
  const std::vector<Format> formats = unique_formats(options.formats);
  // A database is one transaction, files are files: one run writes one or the other.
  const bool postgres = has_format(formats, Format::PostgreSQL);
  if (postgres && formats.size() > 1) {
    throw InputError(at(""), "-f PostgreSQL cannot be mixed with file formats in one run: convert twice");
  }
  if (postgres && !is_postgres_name(outdir)) {
    throw InputError(at(outdir), "-f PostgreSQL writes into a database: give -o PG:\"dbname=... host=...\"");
  }
  if (!postgres && is_postgres_name(outdir)) {
    throw InputError(at(pg_name_without_password(outdir)), "a database output needs -f PostgreSQL");
  }
  std::map<std::string, std::set<std::string>> schema_layers;  // PostgreSQL: tables per schema
  const bool any_folder_format =
      std::any_of(formats.begin(), formats.end(),
                  [](Format f) { return f != Format::GeoPackage && f != Format::PostgreSQL; });
  const bool gpkg = std::find(formats.begin(), formats.end(), Format::GeoPackage) != formats.end();
  const bool spatial_file_format = std::any_of(formats.begin(), formats.end(), is_spatial_format);

  std::vector<InputPlan> plans;
  std::set<std::string> stems;
  for (size_t i = 0; i < inputs.size(); ++i) {
    InputPlan plan;
    plan.source = open_input(inputs[i], options.input);
    plan.path = source_display_name(inputs[i]);  // what messages name: a database without its password
    GDALDataset& dataset = plan.source.dataset();
    if (dataset.GetLayerCount() == 0) throw InputError(at(plan.path), "the source has no layer");
    plan.protected_files = plan.source.files();

    plan.stem = safe_file_stem(options.names.empty() ? source_stem(inputs[i]) : options.names[i]);
    if (postgres) plan.schema = options.schema.empty() ? plan.stem : options.schema;
    // Into one schema (--schema), inputs of the same name are fine; their layers may not clash.
    if (!(postgres && !options.schema.empty()) && !stems.insert(lower(plan.stem)).second) {
      throw InputError(at(plan.path), "another input has the same name '" + plan.stem +
                                          "', so their outputs would collide: convert them separately");
    }
    if (gpkg) plan.gpkg_path = (fs::path(outdir) / (plan.stem + ".gpkg")).string();
    plan.folder = (fs::path(outdir) / plan.stem).string();
    plan.needs_folder = any_folder_format;

    std::set<std::string> layer_stems;
    for (auto&& layer : dataset.GetLayers()) {
      // QGIS's own tables (a built park's layer_styles): not park data; the styles are rewritten.
      if (is_qgis_table(layer->GetName())) continue;
      LayerPlan lp;
      lp.layer = layer;
      apply_where(*layer, plan.path, options.input);
      lp.name = layer->GetName();
      // A layer named "schema.table" (a table of a database) becomes `table` in the output's
      // schema: GDAL's PostgreSQL driver would take the part before the dot as the schema.
      lp.table = postgres && lp.name.find('.') != std::string::npos ? lp.name.substr(lp.name.find('.') + 1) : lp.name;
      if (postgres && !schema_layers[plan.schema].insert(lp.table).second) {
        throw InputError(at(plan.path, lp.name), "another layer of this name goes into schema " +
                                                     quote_identifier(plan.schema) +
                                                     ": convert the inputs into schemas of their own (no --schema)");
      }
      lp.spatial = layer->GetLayerDefn()->GetGeomFieldCount() > 0 && layer->GetGeomType() != wkbNone;
      // Two layers whose names differ only in unsafe characters or case get _2, _3, ...
      const std::string base = safe_file_stem(lp.name);
      lp.stem = base;
      for (int n = 2; !layer_stems.insert(lower(lp.stem)).second; ++n) lp.stem = base + "_" + std::to_string(n);
      if (options.default_style) lp.style = options.default_style(*layer);
      if (spatial_file_format && lp.spatial) lp.qml = lp.style;
      for (Format format : formats) {
        const std::string ext = layer_extension(format, lp.spatial);
        if (ext.empty()) continue;
        const bool seen = std::any_of(lp.jobs.begin(), lp.jobs.end(),
                                      [&](const LayerJob& job) { return job.extension == ext; });
        if (!seen) lp.jobs.push_back({ext});
      }
      plan.layers.push_back(std::move(lp));
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

std::vector<std::string> output_paths(const std::vector<InputPlan>& plans) {
  std::vector<std::string> paths;
  for (const InputPlan& plan : plans) {
    if (!plan.gpkg_path.empty()) paths.push_back(plan.gpkg_path);
    if (!plan.needs_folder) continue;
    for (const LayerPlan& layer : plan.layers) {
      const fs::path base = fs::path(plan.folder) / layer.stem;
      for (const LayerJob& job : layer.jobs) {
        paths.push_back(base.string() + "." + job.extension);
        for (const std::string& ext : sidecar_extensions(job.extension)) paths.push_back(base.string() + "." + ext);
      }
      if (layer.qml) paths.push_back(base.string() + ".qml");
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

// Every output is checked before any is written, and every problem is reported at once.
void check_outputs(const std::vector<InputPlan>& plans, const std::vector<std::string>& paths, bool overwrite) {
  ProblemList problems;
  for (const std::string& path : paths) {
    for (const InputPlan& plan : plans) {
      for (const std::string& input : plan.protected_files) {
        if (same_file(input, path)) problems.add(at(path), "the output would replace its input " + input);
      }
    }
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      problems.add(at(path), "a folder has the output's name");
    } else if (!overwrite && fs::exists(path, ec)) {
      problems.add(at(path), "the output exists; add --overwrite to replace it");
    }
  }
  for (const InputPlan& plan : plans) {
    std::error_code ec;
    if (plan.needs_folder && fs::exists(plan.folder, ec) && !fs::is_directory(plan.folder, ec)) {
      problems.add(at(plan.folder), "exists and is not a folder");
    }
  }
  problems.throw_if_any();
}

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

std::vector<std::string> planned_outputs(const std::vector<std::string>& inputs, const std::string& outdir,
                                         const ConvertOptions& options) {
  return output_paths(make_plan(inputs, outdir, options));
}

ConvertResult convert(const std::vector<std::string>& inputs, const std::string& outdir,
                      const ConvertOptions& options) {
  const Target target = parse_target(options.target_crs);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  std::vector<InputPlan> plans = make_plan(inputs, outdir, options);
  const std::vector<std::string> paths = output_paths(plans);
  check_outputs(plans, paths, options.overwrite);
  const bool to_database = has_format(options.formats, Format::PostgreSQL);
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
