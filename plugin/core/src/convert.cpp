#include "parklayers/convert.h"

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

#include "parklayers/atomic_output.h"
#include "parklayers/chinese_crs.h"
#include "parklayers/error.h"
#include "parklayers/gdal_util.h"
#include "parklayers/gpkg_rtree.h"
#include "parklayers/park.h"
#include "parklayers/styles.h"
#include "parklayers/worker.h"
#include "parklayers/writer.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// Features written between commits of a GeoPackage: GDAL's ogr2ogr groups 100,000 too (-gt).
constexpr long long kFeaturesPerTransaction = 100000;
// Features read, transformed and handed to the writers together (convert_input), and the
// batches in flight at most: memory stays flat, at a few MB.
constexpr size_t kFeaturesPerBatch = 1024;
constexpr size_t kBatchesInFlight = 8;
// dBase limits: a character field holds at most 254 bytes, a field name 10.
constexpr size_t kDbfMaxString = 254;
constexpr int kDbfInitialString = 80;  // GDAL's own width for texts of no stated width
constexpr size_t kDbfMaxName = 10;
// Shapefile reals are N(24,8): 8 decimals (1e-8 absolute), 15 digits before the point, so an
// area of 2.6e9 m2 or of the whole Earth (5.1e14 m2) fits. GDAL's default N(24,15) leaves 8
// digits before the point and GDAL only warns when a value does not fit; we check instead.
constexpr int kDbfRealWidth = 24;
constexpr int kDbfRealPrecision = 8;
constexpr const char* kHiddenPrefix = ".parklayers-";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Location at(const std::string& file, const std::string& layer = "") { return Location{file, layer, -1, "", ""}; }

bool is_spatial_format(Format format) {
  return format != Format::GeoPackage && format != Format::CSV;
}

// The extension of the file a layer is written to, for the file-per-layer formats.
std::string layer_extension(Format format, bool spatial) {
  switch (format) {
    case Format::GeoPackage: return "";
    // RFC 7946 and FlatGeobuf have no place for a table without geometry: CSV it is.
    case Format::GeoJSON: return spatial ? "geojson" : "csv";
    case Format::FlatGeobuf: return spatial ? "fgb" : "csv";
    case Format::Shapefile: return spatial ? "shp" : "dbf";
    case Format::CSV: return "csv";  // with a WKT column or not: the same file
    case Format::KML: return "kml";
  }
  return "";
}

// The files GDAL writes beside a main file, which an existing output may have too.
std::vector<std::string> sidecar_extensions(const std::string& extension) {
  if (extension == "shp") return {"shx", "dbf", "prj", "cpg", "fields.csv", "long_text.csv"};
  if (extension == "dbf") return {"cpg", "fields.csv", "long_text.csv"};
  if (extension == "csv") return {"csvt"};
  return {};
}

// One layer file to write: its extension decides the driver and options.
struct LayerJob {
  std::string extension;
};

struct LayerPlan {
  OGRLayer* layer = nullptr;
  std::string name;
  std::string stem;
  bool spatial = false;
  std::optional<std::string> qml;  // the default style, when it applies to this layer
  std::vector<LayerJob> jobs;      // file-per-layer outputs, one per distinct extension
};

struct InputPlan {
  std::string path;
  std::string stem;
  GDALDatasetUniquePtr dataset;
  std::vector<std::string> protected_files;  // the input's own files: never an output
  std::vector<LayerPlan> layers;
  std::string gpkg_path;                     // empty: no GPKG requested
  std::string folder;                        // OUTDIR/STEM, for the file-per-layer formats
  bool needs_folder = false;
};

bool has_fields(OGRLayer& layer, const std::vector<std::string>& fields) {
  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (const std::string& field : fields) {
    if (defn->GetFieldIndex(field.c_str()) < 0) return false;
  }
  return true;
}

std::string input_stem(const std::string& input) {
  fs::path path(input);
  if (path.filename().empty()) path = path.parent_path();  // "folder/"
  if (fs::is_directory(path)) return path.filename().string();
  return path.stem().string();
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
  ensure_gdal_registered();
  if (inputs.empty()) throw InputError(at(""), "no input to convert");
  if (options.formats.empty()) throw InputError(at(outdir), "no output format given");
  if (!options.names.empty() && options.names.size() != inputs.size()) {
    throw std::invalid_argument("ConvertOptions::names needs one name per input");
  }
  const std::vector<Format> formats = unique_formats(options.formats);
  const bool any_folder_format =
      std::any_of(formats.begin(), formats.end(), [](Format f) { return f != Format::GeoPackage; });
  const bool gpkg = std::find(formats.begin(), formats.end(), Format::GeoPackage) != formats.end();
  const bool spatial_file_format = std::any_of(formats.begin(), formats.end(), is_spatial_format);

  std::vector<InputPlan> plans;
  std::set<std::string> stems;
  for (size_t i = 0; i < inputs.size(); ++i) {
    InputPlan plan;
    plan.path = inputs[i];
    if (!fs::exists(plan.path)) throw InputError(at(plan.path), "no such file or folder");
    {
      QuietGdalErrors quiet;
      plan.dataset = open_vector(plan.path);
      if (!plan.dataset) {
        throw InputError(at(plan.path), "GDAL cannot open it as a vector source: " + quiet.message());
      }
    }
    if (plan.dataset->GetLayerCount() == 0) throw InputError(at(plan.path), "the source has no layer");
    plan.protected_files.push_back(plan.path);
    const CPLStringList files(plan.dataset->GetFileList());
    for (int f = 0; f < files.size(); ++f) plan.protected_files.emplace_back(files[f]);

    plan.stem = safe_file_stem(options.names.empty() ? input_stem(plan.path) : options.names[i]);
    if (!stems.insert(lower(plan.stem)).second) {
      throw InputError(at(plan.path), "another input has the same name '" + plan.stem +
                                          "', so their outputs would collide: convert them separately");
    }
    if (gpkg) plan.gpkg_path = (fs::path(outdir) / (plan.stem + ".gpkg")).string();
    plan.folder = (fs::path(outdir) / plan.stem).string();
    plan.needs_folder = any_folder_format;

    std::set<std::string> layer_stems;
    for (auto&& layer : plan.dataset->GetLayers()) {
      // QGIS's own tables (a built park's layer_styles): not park data; the styles are rewritten.
      if (is_qgis_table(layer->GetName())) continue;
      LayerPlan lp;
      lp.layer = layer;
      lp.name = layer->GetName();
      lp.spatial = layer->GetLayerDefn()->GetGeomFieldCount() > 0 && layer->GetGeomType() != wkbNone;
      // Two layers whose names differ only in unsafe characters or case get _2, _3, ...
      const std::string base = safe_file_stem(lp.name);
      lp.stem = base;
      for (int n = 2; !layer_stems.insert(lower(lp.stem)).second; ++n) lp.stem = base + "_" + std::to_string(n);
      if (const auto qml = default_qml(lp.name); qml && has_fields(*layer, style_fields(lp.name))) lp.qml = qml;
      for (Format format : formats) {
        const std::string ext = layer_extension(format, lp.spatial);
        if (ext.empty()) continue;
        const bool seen = std::any_of(lp.jobs.begin(), lp.jobs.end(),
                                      [&](const LayerJob& job) { return job.extension == ext; });
        if (!seen) lp.jobs.push_back({ext});
      }
      if (!spatial_file_format || !lp.spatial) lp.qml.reset();
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

// OUTDIR/STEM for the layer files. A new folder is built under a hidden name and renamed
// into place by commit(), so a failed conversion does not leave even an empty folder.
class OutputFolder {
 public:
  explicit OutputFolder(const std::string& final_dir) : final_(final_dir) {
    std::error_code ec;
    if (fs::is_directory(final_, ec)) {
      work_ = final_;
      return;
    }
    std::string pattern = (final_.parent_path() / (kHiddenPrefix + final_.filename().string() + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw InputError(at(final_dir), "cannot create a temporary folder beside it");
    work_ = pattern;
    staged_ = true;
  }
  ~OutputFolder() {
    if (staged_ && !committed_) {
      std::error_code ec;
      fs::remove_all(work_, ec);
    }
  }
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  fs::path work() const { return work_; }
  void commit() {
    if (staged_) {
      std::error_code ec;
      fs::rename(work_, final_, ec);
      if (ec) throw InputError(at(final_.string()), "cannot move the finished folder into place: " + ec.message());
    }
    committed_ = true;
  }

 private:
  fs::path final_;
  fs::path work_;
  bool staged_ = false;
  bool committed_ = false;
};

// OUTDIR itself, created when missing and removed again if the conversion fails.
class CreatedDir {
 public:
  explicit CreatedDir(const std::string& dir) : dir_(dir) {
    std::error_code ec;
    if (fs::is_directory(dir_, ec)) return;
    if (fs::exists(dir_, ec)) throw InputError(at(dir), "the output folder is a file");
    if (!fs::create_directory(dir_, ec)) {
      throw InputError(at(dir), "cannot create the output folder: " + ec.message());
    }
    created_ = true;
  }
  ~CreatedDir() {
    std::error_code ec;
    if (created_ && !kept_ && fs::is_empty(dir_, ec)) fs::remove(dir_, ec);
  }
  CreatedDir(const CreatedDir&) = delete;
  CreatedDir& operator=(const CreatedDir&) = delete;
  void keep() { kept_ = true; }

 private:
  fs::path dir_;
  bool created_ = false;
  bool kept_ = false;
};

// Everything written but not yet moved into place. Files are committed before folders; on an
// exception the members' destructors remove every temporary (files first, declared last).
struct Pending {
  std::vector<std::unique_ptr<OutputFolder>> folders;
  std::vector<std::unique_ptr<AtomicOutput>> files;
  std::vector<std::string> final_paths;

  void commit() {
    for (auto& file : files) file->commit();
    for (auto& folder : folders) folder->commit();
  }
};

void ok(OGRErr err, const std::string& what) {
  if (err != OGRERR_NONE) throw std::runtime_error(what + " failed: " + CPLGetLastErrorMsg());
}

std::string driver_for(const std::string& extension) {
  if (extension == "gpkg") return "GPKG";
  if (extension == "geojson") return "GeoJSON";
  if (extension == "shp" || extension == "dbf") return "ESRI Shapefile";
  if (extension == "fgb") return "FlatGeobuf";
  if (extension == "csv") return "CSV";
  // LIBKML reads and writes the KML schema (typed ExtendedData); the older KML driver is the
  // fallback where GDAL was built without libkml.
  if (extension == "kml") {
    return GetGDALDriverManager()->GetDriverByName("LIBKML") ? "LIBKML" : "KML";
  }
  return "";
}

// An output dataset (a GeoPackage of every layer, or one layer file) under its temporary name.
class OutputDataset {
 public:
  OutputDataset(AtomicOutput& output, const std::string& extension) : output_(output), extension_(extension) {
    const std::string driver_name = driver_for(extension);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
    if (!driver) throw InputError(at(output.final_path()), "GDAL has no " + driver_name + " driver here");
    dataset_ = create_vector_output(*driver, output.temp_path());
    if (!dataset_) throw std::runtime_error("creating " + output.final_path() + " failed: " + CPLGetLastErrorMsg());
    transactions_ = extension == "gpkg" && dataset_->StartTransaction() == OGRERR_NONE;
  }

  GDALDataset& dataset() { return *dataset_; }
  const std::string& extension() const { return extension_; }
  const AtomicOutput& output() const { return output_; }

  void feature_written() {
    if (transactions_ && ++in_transaction_ >= kFeaturesPerTransaction) {
      ok(dataset_->CommitTransaction(), "committing " + output_.final_path());
      ok(dataset_->StartTransaction(), "starting a transaction in " + output_.final_path());
      in_transaction_ = 0;
    }
  }

  void close() {
    if (!dataset_) return;
    if (transactions_) ok(dataset_->CommitTransaction(), "committing " + output_.final_path());
    // GDAL 3.6 reports errors of the final flush only through the error state.
    CPLErrorReset();
    dataset_.reset();
    if (CPLGetLastErrorType() == CE_Failure) {
      throw std::runtime_error("closing " + output_.final_path() + " failed: " + CPLGetLastErrorMsg());
    }
  }

 private:
  AtomicOutput& output_;
  std::string extension_;
  GDALDatasetUniquePtr dataset_;
  bool transactions_ = false;
  long long in_transaction_ = 0;
};

std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// One output layer: fields mapped from the source layer, features copied into it.
class LayerWriter {
 public:
  LayerWriter(OutputDataset& out, OGRLayer& source, const std::string& input,
              const OGRSpatialReference* crs, bool csv_wkt)
      : out_(out), input_(input), layer_name_(source.GetName()) {
    const std::string& ext = out.extension();
    shapefile_ = ext == "shp" || ext == "dbf";
    keep_fid_ = ext == "gpkg";
    const bool source_spatial = source.GetLayerDefn()->GetGeomFieldCount() > 0 && source.GetGeomType() != wkbNone;
    spatial_ = source_spatial && ext != "dbf" && !(ext == "csv" && !csv_wkt);

    CPLStringList options;
    // A GeoPackage layer's spatial index is packed once its features are written (finish()).
    if (ext == "gpkg") options.SetNameValue("SPATIAL_INDEX", "NO");
    if (ext == "geojson") options.SetNameValue("RFC7946", "YES");  // WGS 84, CCW, 7 decimals
    if (shapefile_) {
      options.SetNameValue("ENCODING", "UTF-8");  // and a .cpg saying so
    }
    if (ext == "csv") {
      if (spatial_) options.SetNameValue("GEOMETRY", "AS_WKT");
      options.SetNameValue("CREATE_CSVT", "YES");  // field types, for GDAL and QGIS
    }
    if (ext == "fgb") options.SetNameValue("SPATIAL_INDEX", "YES");
    const OGRwkbGeometryType type = spatial_ ? source.GetGeomType() : wkbNone;
    layer_ = out.dataset().CreateLayer(layer_name_.c_str(), spatial_ ? const_cast<OGRSpatialReference*>(crs) : nullptr,
                                       type, options.List());
    if (!layer_) {
      throw std::runtime_error("creating layer " + layer_name_ + " in " + out.output().final_path() +
                               " failed: " + CPLGetLastErrorMsg());
    }
    create_fields(*source.GetLayerDefn());
    if (ext == "gpkg" && spatial_) spatial_index_ = std::make_unique<PackedSpatialIndex>(out.dataset(), *layer_);
    feature_ = std::make_unique<OGRFeature>(layer_->GetLayerDefn());
  }

  OGRLayer& layer() { return *layer_; }

  void write(OGRFeature& in, const OGRGeometry* geometry) {
    OGRFeature& out = *feature_;
    out.Reset();
    if (out.SetFieldsFrom(&in, map_.data(), TRUE) != OGRERR_NONE) {
      throw std::runtime_error("copying the fields of feature " + std::to_string(in.GetFID()) + " failed");
    }
    if (keep_fid_) out.SetFID(in.GetFID());
    if (spatial_ && geometry) out.SetGeometry(geometry);
    if (shapefile_) check_dbf_values(in);
    CPLErrorReset();
    if (layer_->CreateFeature(&out) != OGRERR_NONE) {
      throw InputError(where(in, ""), "cannot be written to " + out_.output().final_path() + ": " + CPLGetLastErrorMsg());
    }
    out_.feature_written();
  }

  // After the last feature, on the thread that wrote them.
  void finish() {
    if (spatial_index_) spatial_index_->fill();
  }

  // The Shapefile's sidecars, beside it: LAYER.fields.csv, the field name mapping, and
  // LAYER.long_text.csv, every text longer than a DBF field holds, in full (only a header when
  // there is none, so that an older one never survives an --overwrite).
  void write_shapefile_sidecars(const fs::path& shapefile) const {
    fs::path path = shapefile;
    path.replace_extension(".fields.csv");
    std::ofstream fields(path, std::ios::binary | std::ios::trunc);
    fields << "source_field,shapefile_field,type\n";
    for (const auto& [source, short_name, type] : mapping_) {
      fields << csv_quote(source) << "," << short_name << "," << type << "\n";
    }
    if (!fields) throw std::runtime_error("cannot write " + path.string());
    path.replace_extension().replace_extension(".long_text.csv");
    std::ofstream texts(path, std::ios::binary | std::ios::trunc);
    texts << "fid,id,field,shapefile_field,text\n";
    for (const LongText& text : long_texts_) {
      texts << text.fid << "," << csv_quote(text.id) << "," << csv_quote(text.field) << "," << text.short_name
            << "," << csv_quote(text.text) << "\n";
    }
    if (!texts) throw std::runtime_error("cannot write " + path.string());
  }

  long long texts_cut() const { return static_cast<long long>(long_texts_.size()); }

 private:
  std::unique_ptr<PackedSpatialIndex> spatial_index_;

  void create_fields(const OGRFeatureDefn& defn) {
    map_.assign(defn.GetFieldCount(), -1);
    std::vector<std::string> names;
    for (int i = 0; i < defn.GetFieldCount(); ++i) names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    const std::vector<std::string> short_names = shapefile_field_names(names);
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
      OGRFieldDefn field(defn.GetFieldDefn(i));
      if (shapefile_) dbf_field(field, short_names[i]);
      if (layer_->CreateField(&field, TRUE) != OGRERR_NONE) {
        throw std::runtime_error("creating field " + names[i] + " of " + layer_name_ + " in " +
                                 out_.output().final_path() + " failed: " + CPLGetLastErrorMsg());
      }
      const OGRFeatureDefn* created = layer_->GetLayerDefn();
      map_[i] = created->GetFieldCount() - 1;
      if (shapefile_) {
        const OGRFieldDefn* made = created->GetFieldDefn(map_[i]);
        if (made->GetNameRef() != short_names[i]) {
          throw std::runtime_error("the Shapefile driver renamed field " + names[i] + " to " + made->GetNameRef());
        }
        mapping_.emplace_back(names[i], short_names[i], OGRFieldDefn::GetFieldTypeName(made->GetType()));
        if (made->GetType() == OFTReal) real_fields_.push_back(map_[i]);
        if (made->GetType() == OFTString) string_fields_.push_back(map_[i]);
        source_of_[map_[i]] = names[i];
      }
    }
  }

  // dBase has text, numbers and dates: widths that hold every value, and a type for the rest.
  static void dbf_field(OGRFieldDefn& field, const std::string& short_name) {
    field.SetName(short_name.c_str());
    field.SetSubType(OFSTNone);
    switch (field.GetType()) {
      // GDAL's own widths; it widens a field for a longer value (an integer of 10 or more
      // digits is read back as Integer64, of 19 or more as Real).
      case OFTInteger: field.SetWidth(9); field.SetPrecision(0); break;
      case OFTInteger64: field.SetWidth(18); field.SetPrecision(0); break;
      case OFTReal: field.SetWidth(kDbfRealWidth); field.SetPrecision(kDbfRealPrecision); break;
      case OFTDate: break;
      // GDAL widens a text field as longer values come, to 254 bytes. (Starting at 254 and
      // shrinking with RESIZE=YES at the end made the Shapefile take three times ogr2ogr's
      // time on 200,000 parcels: GDAL rewrites the DBF record by record.)
      case OFTString:
        field.SetWidth(field.GetWidth() > 0 ? std::min(field.GetWidth(), static_cast<int>(kDbfMaxString))
                                            : kDbfInitialString);
        break;
      // A DBF date has no time: date-times, times, lists and binaries are written as text
      // (ISO 8601 for times), rather than cut.
      default:
        field.SetType(OFTString);
        field.SetWidth(kDbfInitialString);
        break;
    }
  }

  // The input feature is shared with the other formats' writers, on their threads: it is only
  // read, and GetFieldAsString (which caches its text in the feature) runs on a copy. The one
  // exception is SetFieldsFrom in the Shapefile writer turning a date-time or list into text
  // (dbf_field): GDAL formats it through the shared feature's cache, which no other writer
  // reads (they copy fields of the same type, raw).
  Location where(const OGRFeature& in, const std::string& field) const {
    Location location{input_, layer_name_, in.GetFID(), "", field};
    const int id = in.GetFieldIndex("id");
    if (id >= 0 && in.IsFieldSetAndNotNull(id)) {
      const std::unique_ptr<OGRFeature> copy(in.Clone());
      location.feature_id = copy->GetFieldAsString(id);
    }
    return location;
  }

  // No silent truncation. A text over 254 bytes is cut at a character boundary and marked
  // with "…", and kept in full in LAYER.long_text.csv; a number that does not fit is an error.
  void check_dbf_values(const OGRFeature& in) {
    OGRFeature& out = *feature_;
    for (const int index : string_fields_) {
      if (!out.IsFieldSetAndNotNull(index)) continue;
      const std::string text = out.GetFieldAsString(index);
      if (text.size() <= kDbfMaxString) continue;
      static const std::string kMark = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
      size_t cut = kDbfMaxString - kMark.size();
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      out.SetField(index, (text.substr(0, cut) + kMark).c_str());
      const Location location = where(in, source_of_.at(index));
      long_texts_.push_back({in.GetFID(), location.feature_id, source_of_.at(index),
                             layer_->GetLayerDefn()->GetFieldDefn(index)->GetNameRef(), text});
    }
    for (const int index : real_fields_) {
      if (!out.IsFieldSetAndNotNull(index)) continue;
      const double value = out.GetFieldAsDouble(index);
      char text[512];
      const int length = std::snprintf(text, sizeof text, "%.*f", kDbfRealPrecision, value);
      if (!std::isfinite(value) || length > kDbfRealWidth) {
        throw InputError(where(in, source_of_.at(index)),
                         "the number " + std::string(out.GetFieldAsString(index)) +
                             " does not fit a Shapefile number field (24 characters, 8 decimals)");
      }
    }
  }

  OutputDataset& out_;
  std::string input_;
  std::string layer_name_;
  OGRLayer* layer_ = nullptr;
  bool shapefile_ = false;
  bool keep_fid_ = false;
  bool spatial_ = false;
  std::vector<int> map_;
  std::vector<int> real_fields_, string_fields_;
  std::map<int, std::string> source_of_;
  std::vector<std::tuple<std::string, std::string, std::string>> mapping_;
  struct LongText {
    long long fid;
    std::string id, field, short_name, text;
  };
  std::vector<LongText> long_texts_;
  std::unique_ptr<OGRFeature> feature_;
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

// Reads one input once, writing each feature to every requested output.
void convert_input(InputPlan& plan, const ConvertOptions& options, const Target& target, Pending& pending,
                   Progress& progress, ConvertResult& result) {
  // The GeoPackage of every layer.
  std::unique_ptr<OutputDataset> gpkg;
  if (!plan.gpkg_path.empty()) {
    pending.files.push_back(std::make_unique<AtomicOutput>(plan.gpkg_path, options.overwrite, plan.protected_files));
    pending.final_paths.push_back(plan.gpkg_path);
    gpkg = std::make_unique<OutputDataset>(*pending.files.back(), "gpkg");
    if (char** metadata = plan.dataset->GetMetadata()) gpkg->dataset().SetMetadata(metadata);
  }
  OutputFolder* folder = nullptr;
  if (plan.needs_folder) {
    pending.folders.push_back(std::make_unique<OutputFolder>(plan.folder));
    folder = pending.folders.back().get();
  }
  std::vector<LayerStyleRow> styles;

  for (LayerPlan& lp : plan.layers) {
    OGRLayer& source = *lp.layer;
    const OGRSpatialReference* source_crs = source.GetSpatialRef();
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
    if (to_crs && lp.spatial) {
      if (!source_crs) {
        throw InputError(at(plan.path, lp.name), "the layer has no CRS, so it cannot be transformed to --t_srs");
      }
      if (!source_crs->IsSame(to_crs)) {
        QuietGdalErrors quiet;
        transform.reset(OGRCreateCoordinateTransformation(source_crs, to_crs));
        if (!transform) {
          throw InputError(at(plan.path, lp.name), "no transformation to --t_srs: " + quiet.message());
        }
      }
    }
    const OGRSpatialReference* out_crs = to_crs ? to_crs : source_crs;

    std::vector<std::unique_ptr<OutputDataset>> files;
    std::vector<std::unique_ptr<LayerWriter>> writers;
    if (gpkg) {
      writers.push_back(
          std::make_unique<LayerWriter>(*gpkg, source, plan.path, out_crs, options.csv_wkt));
      if (lp.spatial && default_qml(lp.name) && has_fields(source, style_fields(lp.name))) {
        styles.push_back({writers.back()->layer().GetName(), writers.back()->layer().GetGeometryColumn(),
                          *default_qml(lp.name)});
      }
    }
    std::vector<std::pair<LayerWriter*, std::string>> shapefiles;
    for (const LayerJob& job : lp.jobs) {
      const std::string final_path = (folder->work() / (lp.stem + "." + job.extension)).string();
      pending.files.push_back(std::make_unique<AtomicOutput>(final_path, options.overwrite, plan.protected_files));
      pending.final_paths.push_back((fs::path(plan.folder) / (lp.stem + "." + job.extension)).string());
      files.push_back(std::make_unique<OutputDataset>(*pending.files.back(), job.extension));
      writers.push_back(std::make_unique<LayerWriter>(*files.back(), source, plan.path, out_crs, options.csv_wkt));
      if (job.extension == "shp" || job.extension == "dbf") {
        shapefiles.emplace_back(writers.back().get(), pending.files.back()->temp_path());
      }
    }
    if (lp.qml) {
      const std::string final_path = (folder->work() / (lp.stem + ".qml")).string();
      pending.files.push_back(std::make_unique<AtomicOutput>(final_path, options.overwrite, plan.protected_files));
      pending.final_paths.push_back((fs::path(plan.folder) / (lp.stem + ".qml")).string());
      std::ofstream qml(pending.files.back()->temp_path(), std::ios::binary | std::ios::trunc);
      qml << *lp.qml;
      if (!qml) throw std::runtime_error("cannot write " + final_path);
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
    for (const auto& [writer, path] : shapefiles) {
      writer->write_shapefile_sidecars(path);
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

std::optional<Format> parse_format(const std::string& name) {
  const std::string key = lower(name);
  if (key == "gpkg" || key == "geopackage") return Format::GeoPackage;
  if (key == "geojson") return Format::GeoJSON;
  if (key == "esri shapefile" || key == "shapefile" || key == "shp") return Format::Shapefile;
  if (key == "flatgeobuf" || key == "fgb") return Format::FlatGeobuf;
  if (key == "csv") return Format::CSV;
  if (key == "kml") return Format::KML;
  return std::nullopt;
}

const char* format_name(Format format) {
  switch (format) {
    case Format::GeoPackage: return "GPKG";
    case Format::GeoJSON: return "GeoJSON";
    case Format::Shapefile: return "ESRI Shapefile";
    case Format::FlatGeobuf: return "FlatGeobuf";
    case Format::CSV: return "CSV";
    case Format::KML: return "KML";
  }
  return "?";
}

const char* format_names() { return "GPKG, GeoJSON, \"ESRI Shapefile\" (or SHP), FlatGeobuf, CSV, KML"; }

std::string safe_file_stem(const std::string& name) {
  std::string out;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unsafe = c < 0x20 || c == 0x7f || std::strchr("/\\:*?\"<>|", ch) != nullptr;
    out += unsafe ? '_' : ch;
  }
  // No hidden files, no "." or "..": leading dots and spaces go.
  const size_t start = out.find_first_not_of(". ");
  out = start == std::string::npos ? "" : out.substr(start);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  // At most 200 bytes, cut on a UTF-8 character boundary (file names are 255 bytes at most,
  // and suffixes such as ".fields.csv" must still fit).
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  // Our own temporaries start with ".parklayers-", which a leading dot can no longer make.
  return out.empty() ? "layer" : out;
}

std::vector<std::string> shapefile_field_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const std::string& name : names) {
    std::string ascii;
    for (const char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalnum(c) || ch == '_') ascii += ch;
      else if (c < 0x80 || (c & 0xC0) == 0xC0) ascii += '_';  // one '_' per character
    }
    if (ascii.find_first_not_of('_') == std::string::npos) ascii = "field";
    if (ascii.size() > kDbfMaxName) ascii.resize(kDbfMaxName);
    std::string candidate = ascii;
    for (int n = 2; used.count(lower(candidate)); ++n) {
      const std::string suffix = "_" + std::to_string(n);
      candidate = ascii.substr(0, std::min(ascii.size(), kDbfMaxName - suffix.size())) + suffix;
    }
    used.insert(lower(candidate));
    out.push_back(candidate);
  }
  return out;
}

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
  std::vector<InputPlan> plans = make_plan(inputs, outdir, options);
  const std::vector<std::string> paths = output_paths(plans);
  check_outputs(plans, paths, options.overwrite);

  long long total = 0;
  for (InputPlan& plan : plans) {
    for (LayerPlan& layer : plan.layers) total += std::max<GIntBig>(0, layer.layer->GetFeatureCount(FALSE));
  }
  CreatedDir created(outdir);
  ConvertResult result;
  Progress progress(options.progress, total);
  {
    Pending pending;
    for (InputPlan& plan : plans) convert_input(plan, options, target, pending, progress, result);
    pending.commit();
  }
  created.keep();
  progress.finish();
  // Every file that is now under its final name (sidecars included).
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::exists(path, ec)) result.files.push_back(path);
  }
  return result;
}

ConvertResult convert_park(const Park& park, const std::string& outdir, const std::string& stem,
                           ConvertOptions options) {
  // The park is written as write_park writes it, into a hidden folder removed on return; the
  // conversion then reads it like any other input.
  struct HiddenDir {
    std::string path;
    ~HiddenDir() {
      std::error_code ec;
      if (!path.empty()) fs::remove_all(path, ec);
    }
  } hidden;
  std::error_code ec;
  const fs::path parent = fs::is_directory(outdir, ec) ? fs::path(outdir) : fs::temp_directory_path();
  std::string pattern = (parent / (std::string(kHiddenPrefix) + "build-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw InputError(at(outdir), "cannot create a temporary folder");
  hidden.path = pattern;
  const std::string gpkg = (fs::path(hidden.path) / (safe_file_stem(stem) + ".gpkg")).string();
  write_park(park, gpkg);
  options.names = {stem};
  return convert({gpkg}, outdir, options);
}

}  // namespace parklayers
