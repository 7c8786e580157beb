// SPDX-License-Identifier: GPL-2.0-or-later
#include "convert_plan.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/input.h"
#include "parklayers/io/layer_styles.h"
#include "parklayers/io/output.h"
#include "parklayers/io/postgres.h"

namespace fs = std::filesystem;

namespace parklayers::conversion {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// A file-per-layer format with geometry, which gets a LAYER.qml beside it.
bool is_spatial_format(Format format) {
  return format != Format::GeoPackage && format != Format::CSV && format != Format::PostgreSQL;
}

std::vector<Format> unique_formats(const std::vector<Format>& formats) {
  std::vector<Format> out;
  for (Format format : formats) {
    if (std::find(out.begin(), out.end(), format) == out.end()) out.push_back(format);
  }
  return out;
}

}  // namespace

bool has_format(const std::vector<Format>& formats, Format format) {
  return std::find(formats.begin(), formats.end(), format) != formats.end();
}

// Opens every input and decides every output path, without reading a feature.
std::vector<InputPlan> make_plan(const std::vector<SourceName>& inputs, const std::string& outdir,
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
    plan.path = inputs[i].display();  // what messages name: a database without its password
    GDALDataset& dataset = plan.source.dataset();
    if (dataset.GetLayerCount() == 0) throw InputError(at(plan.path), "the source has no layer");
    plan.protected_files = plan.source.files();

    plan.stem = safe_file_stem(options.names.empty() ? inputs[i].stem() : options.names[i]);
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

}  // namespace parklayers::conversion
