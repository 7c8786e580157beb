// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/output.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/format.h"
#include "parklayers/io/gpkg_rtree.h"

namespace parklayers {
namespace {

// dBase limits: a character field holds at most 254 bytes.
constexpr size_t kDbfMaxString = 254;
constexpr int kDbfInitialString = 80;  // GDAL's own width for texts of no stated width
// Shapefile reals are N(24,8): 8 decimals (1e-8 absolute), 15 digits before the point, so an
// area of 2.6e9 m2 or of the whole Earth (5.1e14 m2) fits. GDAL's default N(24,15) leaves 8
// digits before the point and GDAL only warns when a value does not fit; we check instead.
constexpr int kDbfRealWidth = 24;
constexpr int kDbfRealPrecision = 8;
// Less free space than this after a file is closed: the disk is taken as full (see close()).
constexpr std::uintmax_t kFullDiskBytes = 1 << 20;

std::string gdal_message() {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? std::string(": ") + message : std::string();
}

std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// dBase has text, numbers and dates: widths that hold every value, and a type for the rest.
void dbf_field(OGRFieldDefn& field, const std::string& short_name) {
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
    // shrinking with RESIZE=YES at the end is three times slower: GDAL rewrites the DBF
    // record by record.)
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

}  // namespace

// Creates the dataset; a GeoPackage gets kOutputGpkgCacheMb of SQLite page cache, set for this
// thread only, and only if the user has not chosen a cache size.
GDALDatasetUniquePtr create_vector_output(GDALDriver& driver, const std::string& path) {
  const bool gpkg = EQUAL(driver.GetDescription(), "GPKG");
  const std::string previous = CPLGetThreadLocalConfigOption("OGR_SQLITE_CACHE", "");
  const bool set_cache = gpkg && !CPLGetConfigOption("OGR_SQLITE_CACHE", nullptr);
  if (set_cache) CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", std::to_string(kOutputGpkgCacheMb).c_str());
  GDALDatasetUniquePtr dataset(driver.Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (set_cache) CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", previous.empty() ? nullptr : previous.c_str());
  return dataset;
}

OutputDataset::OutputDataset(const std::string& driver, const std::string& temp_path, const std::string& final_path)
    : driver_(driver), temp_path_(temp_path), final_path_(final_path) {
  GDALDriver* gdal_driver = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!gdal_driver) throw InputError(Location{final_path, "", -1, "", ""}, "GDAL has no " + driver + " driver here");
  CPLErrorReset();
  if (driver == "PostgreSQL") {
    // A database exists already; its "staging" is the transaction. GDAL's message is not shown:
    // it may quote the connection string.
    const char* const drivers[] = {"PostgreSQL", nullptr};
    dataset_.reset(GDALDataset::Open(temp_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
    if (!dataset_) throw OutputError(final_path, "cannot be opened for writing");
    one_transaction_ = true;
    if (dataset_->StartTransaction() != OGRERR_NONE) {
      throw OutputError(final_path, "cannot start a transaction" + gdal_message());
    }
    transactions_ = true;
    return;
  }
  dataset_ = create_vector_output(*gdal_driver, temp_path);
  if (!dataset_) throw OutputError(final_path, "cannot be created" + gdal_message());
  transactions_ = dataset_->TestCapability(ODsCTransactions) && dataset_->StartTransaction() == OGRERR_NONE;
}

// Without close() (an exception on the way), the dataset is dropped unchecked: AtomicOutput
// removes the file; a database's open transaction is rolled back (the server does the same for
// a killed process).
OutputDataset::~OutputDataset() {
  if (dataset_ && one_transaction_) {
    QuietGdalErrors quiet;
    dataset_->RollbackTransaction();
  }
}

void OutputDataset::feature_written() {
  if (one_transaction_) return;
  if (transactions_ && ++in_transaction_ >= kFeaturesPerTransaction) {
    if (dataset_->CommitTransaction() != OGRERR_NONE || dataset_->StartTransaction() != OGRERR_NONE) {
      throw OutputError(final_path_, "committing features failed" + gdal_message());
    }
    in_transaction_ = 0;
  }
}

void OutputDataset::close() {
  if (!dataset_) return;
  if (transactions_ && dataset_->CommitTransaction() != OGRERR_NONE) {
    throw OutputError(final_path_, "committing features failed" + gdal_message());
  }
  CPLErrorReset();
  dataset_.reset();
  if (CPLGetLastErrorType() == CE_Failure) throw OutputError(final_path_, "closing failed" + gdal_message());
  if (one_transaction_) return;  // no file
  // GDAL 3.6's text writers (GeoJSON, CSV, KML) do not check their writes: on a full disk they
  // close a cut file without an error. A disk left (nearly) full may hold a cut file, so it is
  // refused; a complete one is then lost too, but never a cut one kept.
  std::error_code ec;
  const std::filesystem::space_info space = std::filesystem::space(std::filesystem::path(temp_path_).parent_path(), ec);
  if (!ec && space.free < kFullDiskBytes) {
    throw OutputError(final_path_, "the disk is full (" + std::to_string(space.free) +
                                       " bytes free), so the file may be incomplete");
  }
}

OutputLayer::OutputLayer(OutputDataset& out, const OGRFeatureDefn& fields, const OutputLayerOptions& options)
    : out_(out), input_(options.input), name_(options.name) {
  const std::string& driver = out.driver();
  const bool csv = driver == "CSV";
  shapefile_ = driver == "ESRI Shapefile";
  keep_fid_ = options.keep_fid || driver == "GPKG" || driver == "PostgreSQL";
  spatial_ = options.geometry_type != wkbNone && !(csv && !options.csv_wkt);

  CPLStringList layer_options;
  // A GeoPackage layer's spatial index is packed once its features are written (finish()).
  const bool pack_index = spatial_ && packs_spatial_index(driver);
  if (pack_index) layer_options.SetNameValue("SPATIAL_INDEX", "NO");
  if (driver == "GPKG" && !options.description.empty()) {
    layer_options.SetNameValue("DESCRIPTION", options.description.c_str());
  }
  if (driver == "GeoJSON") layer_options.SetNameValue("RFC7946", "YES");  // WGS 84, CCW, 7 decimals
  if (shapefile_) layer_options.SetNameValue("ENCODING", "UTF-8");       // and a .cpg saying so
  if (csv) {
    if (spatial_) layer_options.SetNameValue("GEOMETRY", "AS_WKT");
    layer_options.SetNameValue("CREATE_CSVT", "YES");  // field types, for GDAL and QGIS
  }
  if (driver == "FlatGeobuf") layer_options.SetNameValue("SPATIAL_INDEX", "YES");
  if (driver == "PostgreSQL") {
    // As a GeoPackage names them (not GDAL's wkb_geometry/ogc_fid), and the source's field
    // names kept as they are (quoted) rather than laundered to lower case.
    if (!options.schema.empty()) layer_options.SetNameValue("SCHEMA", options.schema.c_str());
    layer_options.SetNameValue("GEOMETRY_NAME", "geom");
    layer_options.SetNameValue("FID", "fid");
    layer_options.SetNameValue("SPATIAL_INDEX", "GIST");
    layer_options.SetNameValue("LAUNDER", "NO");
    if (!options.description.empty()) layer_options.SetNameValue("DESCRIPTION", options.description.c_str());
  }
  if (driver == "BAOPAN" && !options.txt_encoding.empty()) {
    layer_options.SetNameValue("ENCODING", options.txt_encoding.c_str());
  }
  CPLErrorReset();
  layer_ = out.dataset().CreateLayer(name_.c_str(), spatial_ ? const_cast<OGRSpatialReference*>(options.crs) : nullptr,
                                     spatial_ ? options.geometry_type : wkbNone, layer_options.List());
  if (!layer_) throw OutputError(out.final_path(), "creating layer " + name_ + " failed" + gdal_message());
  create_fields(fields, options);
#ifdef PARKLAYERS_PACKED_GPKG_INDEX
  if (pack_index) spatial_index_ = std::make_unique<PackedSpatialIndex>(out.dataset(), *layer_);
#endif
  feature_ = std::make_unique<OGRFeature>(layer_->GetLayerDefn());
  if (driver == "PostgreSQL") {
    // GDAL 3.6's PostgreSQL driver writes a real as GetFieldAsString gives it, with 15
    // significant digits (1e-15 off). Handed over as text with every digit, the float8 column
    // gets the very double the source holds.
    exact_defn_.reset(layer_->GetLayerDefn()->Clone());
    exact_defn_->Reference();
    for (int i = 0; i < exact_defn_->GetFieldCount(); ++i) {
      if (exact_defn_->GetFieldDefn(i)->GetType() == OFTReal) exact_defn_->GetFieldDefn(i)->SetType(OFTString);
    }
    exact_feature_ = std::make_unique<OGRFeature>(exact_defn_.get());
  }
}

void OutputLayer::DefnRelease::operator()(OGRFeatureDefn* defn) const { defn->Release(); }

namespace {

// The shortest text that reads back as exactly `value` (PostgreSQL's float8 input is exact).
std::string exact_real(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[32];
  const std::to_chars_result written = std::to_chars(text, text + sizeof text, value);
  return std::string(text, written.ptr);
}

// `out` copied into `exact` (the same fields, reals as text), its geometry moved over.
void copy_exact(OGRFeature& out, OGRFeature& exact) {
  exact.Reset();
  for (int i = 0; i < out.GetFieldCount(); ++i) {
    if (!out.IsFieldSet(i)) continue;
    if (out.IsFieldNull(i)) {
      exact.SetFieldNull(i);
    } else if (out.GetFieldDefnRef(i)->GetType() == OFTReal) {
      exact.SetField(i, exact_real(out.GetFieldAsDouble(i)).c_str());
    } else {
      exact.SetField(i, out.GetRawFieldRef(i));
    }
  }
  exact.SetFID(out.GetFID());
  for (int g = 0; g < out.GetGeomFieldCount(); ++g) exact.SetGeomFieldDirectly(g, out.StealGeometry(g));
}

}  // namespace

// PackedSpatialIndex is complete here.
OutputLayer::~OutputLayer() = default;

void OutputLayer::create_fields(const OGRFeatureDefn& defn, const OutputLayerOptions& options) {
  // The fields to create: the source's (less the dropped ones), then the added ones.
  std::vector<std::unique_ptr<OGRFieldDefn>> wanted;
  std::vector<int> source_index;
  for (int i = 0; i < defn.GetFieldCount(); ++i) {
    const std::string name = defn.GetFieldDefn(i)->GetNameRef();
    if (std::find(options.dropped.begin(), options.dropped.end(), name) != options.dropped.end()) continue;
    wanted.push_back(std::make_unique<OGRFieldDefn>(defn.GetFieldDefn(i)));
    source_index.push_back(i);
  }
  for (const AddedField& added : options.added) {
    wanted.push_back(std::make_unique<OGRFieldDefn>(added.name.c_str(), added.type));
    source_index.push_back(-1);
  }
  std::vector<std::string> names;
  for (const auto& field : wanted) names.emplace_back(field->GetNameRef());
  const std::vector<std::string> short_names = shapefile_field_names(names);

  map_.assign(defn.GetFieldCount(), -1);
  for (size_t k = 0; k < wanted.size(); ++k) {
    OGRFieldDefn& field = *wanted[k];
    if (shapefile_) dbf_field(field, short_names[k]);
    CPLErrorReset();
    if (layer_->CreateField(&field, TRUE) != OGRERR_NONE) {
      throw OutputError(out_.final_path(), "creating field " + names[k] + " of " + name_ + " failed" + gdal_message());
    }
    const OGRFeatureDefn* created = layer_->GetLayerDefn();
    const int index = created->GetFieldCount() - 1;
    if (source_index[k] >= 0) {
      map_[source_index[k]] = index;
    } else {
      added_index_.push_back(index);
    }
    if (shapefile_) {
      const OGRFieldDefn* made = created->GetFieldDefn(index);
      if (made->GetNameRef() != short_names[k]) {
        throw OutputError(out_.final_path(), "the Shapefile driver renamed field " + names[k] + " to " + made->GetNameRef());
      }
      mapping_.emplace_back(names[k], short_names[k], OGRFieldDefn::GetFieldTypeName(made->GetType()));
      if (made->GetType() == OFTReal) real_fields_.push_back(index);
      if (made->GetType() == OFTString) string_fields_.push_back(index);
      source_of_[index] = names[k];
    }
  }
}

OGRFeature& OutputLayer::begin(const OGRFeature& in) {
  OGRFeature& out = *feature_;
  out.Reset();
  // SetFieldsFrom only reads the source (GDAL declares it non-const), with one exception: a
  // Shapefile's date-times and lists become text through the source feature's string cache,
  // which no other writer reads (they copy fields of the same type, raw).
  if (out.SetFieldsFrom(const_cast<OGRFeature*>(&in), map_.data(), TRUE) != OGRERR_NONE) {
    throw InputError(Location{input_, name_, in.GetFID(), "", ""}, "its fields cannot be copied to " + out_.final_path());
  }
  if (keep_fid_) out.SetFID(in.GetFID());
  return out;
}

void OutputLayer::end(const OGRFeature& in) {
  OGRFeature& out = *feature_;
  if (shapefile_) check_dbf_values(in);
  OGRFeature* written = &out;
  if (exact_feature_) {
    copy_exact(out, *exact_feature_);
    written = exact_feature_.get();
  }
  CPLErrorReset();
  if (layer_->CreateFeature(written) != OGRERR_NONE) {
    throw OutputError(out_.final_path(), "writing feature " + std::to_string(in.GetFID()) + " of " + name_ +
                                             " failed" + gdal_message());
  }
  out_.feature_written();
}

void OutputLayer::write(const OGRFeature& in, const OGRGeometry* geometry) {
  OGRFeature& out = begin(in);
  if (spatial_ && geometry) out.SetGeometry(geometry);
  end(in);
}

void OutputLayer::finish() {
#ifdef PARKLAYERS_PACKED_GPKG_INDEX
  if (!spatial_index_) return;
  try {
    spatial_index_->fill();
  } catch (const InputError&) {
    throw;
  } catch (const OutputError&) {
    throw;
  } catch (const std::runtime_error& error) {  // SQLite's own failures (a full disk)
    throw OutputError(out_.final_path(), error.what());
  }
#endif
}

void OutputLayer::write_sidecars() const {
  if (!shapefile_) return;
  std::string base = out_.temp_path();
  base.erase(base.find_last_of('.'));
  const std::string fields_path = base + ".fields.csv";
  std::ofstream fields(fields_path, std::ios::binary | std::ios::trunc);
  fields << "source_field,shapefile_field,type\n";
  for (const auto& [source, short_name, type] : mapping_) {
    fields << csv_quote(source) << "," << short_name << "," << type << "\n";
  }
  fields.close();
  if (!fields) throw OutputError(out_.final_path(), "cannot write its field list " + fields_path);
  const std::string texts_path = base + ".long_text.csv";
  std::ofstream texts(texts_path, std::ios::binary | std::ios::trunc);
  texts << "fid,id,field,shapefile_field,text\n";
  for (const LongText& text : long_texts_) {
    texts << text.fid << "," << csv_quote(text.id) << "," << csv_quote(text.field) << "," << text.short_name << ","
          << csv_quote(text.text) << "\n";
  }
  texts.close();
  if (!texts) throw OutputError(out_.final_path(), "cannot write its long texts " + texts_path);
}

// The input feature may be shared with other layers' writers, on their threads: it is only
// read, and GetFieldAsString (which caches its text in the feature) runs on a copy.
std::string OutputLayer::feature_id(const OGRFeature& in) const {
  const int id = in.GetFieldIndex("id");
  if (id < 0 || !in.IsFieldSetAndNotNull(id)) return "";
  const std::unique_ptr<OGRFeature> copy(in.Clone());
  return copy->GetFieldAsString(id);
}

// No silent truncation. A text over 254 bytes is cut at a character boundary and marked with
// "…", and kept in full in LAYER.long_text.csv; a number that does not fit is an error.
void OutputLayer::check_dbf_values(const OGRFeature& in) {
  OGRFeature& out = *feature_;
  for (const int index : string_fields_) {
    if (!out.IsFieldSetAndNotNull(index)) continue;
    const std::string text = out.GetFieldAsString(index);
    if (text.size() <= kDbfMaxString) continue;
    static const std::string kMark = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
    size_t cut = kDbfMaxString - kMark.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.SetField(index, (text.substr(0, cut) + kMark).c_str());
    long_texts_.push_back({in.GetFID(), feature_id(in), source_of_.at(index),
                           layer_->GetLayerDefn()->GetFieldDefn(index)->GetNameRef(), text});
  }
  for (const int index : real_fields_) {
    if (!out.IsFieldSetAndNotNull(index)) continue;
    const double value = out.GetFieldAsDouble(index);
    char text[512];
    const int length = std::snprintf(text, sizeof text, "%.*f", kDbfRealPrecision, value);
    if (!std::isfinite(value) || length > kDbfRealWidth) {
      throw InputError(Location{input_, name_, in.GetFID(), feature_id(in), source_of_.at(index)},
                       "the number " + std::string(out.GetFieldAsString(index)) +
                           " does not fit a Shapefile number field (24 characters, 8 decimals)");
    }
  }
}

}  // namespace parklayers
