// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/input.h"

#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/cn_gauss_kruger.h"
#include "parklayers/gis/error.h"
#include "parklayers/io/cad.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/postgres.h"
#include "parklayers/io/text_encoding.h"

namespace parklayers {
namespace {

// A GDAL configuration option set on this thread while alive (GDAL 3.9's CPLConfigOptionSetter).
class ThreadConfigOption {
 public:
  ThreadConfigOption(const char* key, const std::string& value) : key_(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) old_ = old;
    CPLSetThreadLocalConfigOption(key, value.c_str());
  }
  ~ThreadConfigOption() { CPLSetThreadLocalConfigOption(key_, old_ ? old_->c_str() : nullptr); }
  ThreadConfigOption(const ThreadConfigOption&) = delete;
  ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

 private:
  const char* key_;
  std::optional<std::string> old_;
};

std::string driver_name(const std::string& path) {
  ensure_drivers_registered();
  QuietGdalErrors quiet;
  GDALDriverH driver = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr);
  return driver ? GDALGetDriverShortName(driver) : "";
}

GDALDatasetUniquePtr open_with(const std::string& path, const CPLStringList& open_options) {
  return GDALDatasetUniquePtr(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options.List()));
}

GDALDatasetUniquePtr open_with_encoding(const std::string& path, const std::string& encoding) {
  CPLStringList open_options;
  open_options.SetNameValue("ENCODING", encoding.c_str());
  return open_with(path, open_options);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string gb18030_warning() {
  return "its texts are not UTF-8 and no .cpg says their encoding: read as GB18030 (GBK); give "
         "--encoding NAME if that is wrong";
}

std::string unknown_encoding_problem() {
  return "its texts are neither all UTF-8 nor all GB18030 (GBK), and no .cpg says their encoding: give it "
         "with --encoding NAME";
}

// A Shapefile whose .cpg is missing and whose .dbf states no code page (or ISO-8859-1, GDAL's
// default mark): GDAL passes its bytes through or reads them as ISO-8859-1. Its raw texts (the
// ENCODING="" open option: no recoding) decide: UTF-8, else GB18030 with a warning.
GDALDatasetUniquePtr open_shapefile(const std::string& path, std::vector<Problem>& warnings) {
  GDALDatasetUniquePtr dataset = open_vector(path);
  if (!dataset || dataset->GetLayerCount() != 1) return dataset;
  OGRLayer& layer = *dataset->GetLayer(0);
  const char* cpg = layer.GetMetadataItem("CPG_VALUE", "SHAPEFILE");
  const char* ldid_value = layer.GetMetadataItem("LDID_VALUE", "SHAPEFILE");
  const int ldid = ldid_value ? std::atoi(ldid_value) : 0;
  if (cpg || (ldid != 0 && ldid != 87)) return dataset;  // GDAL knows the encoding

  GDALDatasetUniquePtr raw = open_with_encoding(path, "");
  if (!raw || raw->GetLayerCount() != 1) return dataset;
  OGRLayer& raw_layer = *raw->GetLayer(0);
  const OGRFeatureDefn& definition = *raw_layer.GetLayerDefn();
  CPLStringList ignored;
  std::vector<int> texts;
  ignored.AddString("OGR_GEOMETRY");
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    const OGRFieldDefn& field = *definition.GetFieldDefn(i);
    if (field.GetType() == OFTString) {
      texts.push_back(i);
    } else {
      ignored.AddString(field.GetNameRef());
    }
  }
  TextEncodingGuess guess;
  Location first_neither{path, layer.GetName(), -1, "", ""};  // where the texts stop fitting either
  for (int i = 0; i < definition.GetFieldCount(); ++i) guess.add(definition.GetFieldDefn(i)->GetNameRef());
  raw_layer.SetIgnoredFields(const_cast<const char**>(ignored.List()));
  for (auto& feature : raw_layer) {
    for (int i : texts) {
      if (guess.settled()) break;
      if (feature->IsFieldSetAndNotNull(i)) guess.add(feature->GetFieldAsString(i));
      if (guess.settled()) {
        first_neither.fid = feature->GetFID();
        first_neither.field = definition.GetFieldDefn(i)->GetNameRef();
      }
    }
    if (guess.settled()) break;
  }
  switch (guess.result()) {
    case TextEncodingGuess::Result::Ascii: return dataset;
    case TextEncodingGuess::Result::Utf8: return open_with_encoding(path, "UTF-8");
    case TextEncodingGuess::Result::Gb18030:
      warnings.push_back({Location{path, layer.GetName(), -1, "", ""}, gb18030_warning()});
      return open_with_encoding(path, kGb18030);
    case TextEncodingGuess::Result::Unknown:
      // An ISO-8859-1 mark in the .dbf: GDAL's reading stands (any byte is ISO-8859-1).
      if (ldid == 87) return dataset;
      throw InputError(first_neither, unknown_encoding_problem());
  }
  return dataset;
}

// The files GDAL reads beside a CSV.
const char* const kCsvSidecars[] = {".csvt", ".prj", ".CSVT", ".PRJ"};

// The encoding of a CSV's texts: --encoding, else a .cpg beside it, else "" (to be guessed).
std::string csv_encoding(const std::string& path, const InputOptions& options) {
  if (!options.encoding.empty()) return options.encoding;
  std::filesystem::path cpg(path);
  cpg.replace_extension(".cpg");
  std::error_code ec;
  return std::filesystem::is_regular_file(cpg, ec) ? trim(read_file(cpg.string())) : "";
}

// GDAL's message with the name's password, if it repeats it, taken out.
std::string without_password(std::string message, const SourceName& name) {
  const std::string password = name.is_database() ? pg_name_value(name.text(), "password") : "";
  if (password.empty()) return message;
  for (size_t at = message.find(password); at != std::string::npos; at = message.find(password, at)) {
    message.replace(at, password.size(), "(password)");
  }
  return message;
}

}  // namespace

GDALDatasetUniquePtr open_vector(const std::string& path, const InputOptions& options) {
  ensure_drivers_registered();
  CPLStringList open_options;
  if (!options.encoding.empty()) open_options.SetNameValue("ENCODING", options.encoding.c_str());
  return GDALDatasetUniquePtr(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, open_options.List()));
}

std::unique_ptr<OGRSpatialReference> assigned_crs(const InputOptions& options) {
  if (options.assign_crs.empty()) return nullptr;
  auto crs = std::make_unique<OGRSpatialReference>();
  QuietGdalErrors quiet;
  if (crs->SetFromUserInput(options.assign_crs.c_str()) != OGRERR_NONE) {
    throw InputError(Location{}, "--a_srs " + options.assign_crs + ": not a CRS PROJ knows (" + quiet.message() + ")");
  }
  crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return crs;
}

const OGRSpatialReference* source_crs(OGRLayer& layer, const OGRSpatialReference* assigned) {
  return assigned ? assigned : layer.GetSpatialRef();
}

void apply_where(OGRLayer& layer, const std::string& shown, const InputOptions& options) {
  if (options.where.empty()) return;
  QuietGdalErrors quiet;
  if (layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
    throw InputError(Location{shown, layer.GetName(), -1, "", ""},
                     "--where " + options.where + ": GDAL cannot use it (" + quiet.message() + ")");
  }
}

std::string open_failure(const std::string& path, const QuietGdalErrors& quiet) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "is a folder that GDAL cannot read as a vector source";
  if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0) return "the file is empty";
  const std::string extension = fs::path(path).extension().string();
  std::string what = extension == ".geojson" || extension == ".json"
                         ? "not valid GeoJSON (truncated, or not JSON)"
                         : "GDAL cannot open it as a vector file";
  const char* last = CPLGetLastErrorMsg();
  if (last && *last) what += ": " + quiet.message();
  return what;
}

InputSource::~InputSource() {
  dataset_.reset();  // before the copy it reads
  if (!memory_copy_.empty()) VSIRmdirRecursive(memory_copy_.c_str());
}

void InputSource::prepare(OGRFeature& feature) const {
  if (close_dxf_lines_) close_dxf_line(feature);
}

InputSource open_input(const SourceName& input, const InputOptions& options) {
  namespace fs = std::filesystem;
  const std::string& path = input.text();
  const Location where{path, "", -1, "", ""};
  std::error_code ec;
  if (input.is_dataset()) {
    // Opened by GDAL as it is (a database, a virtual file): none of the files' rules apply.
    InputSource source;
    source.assign_crs_hint_ = options.assign_crs_hint;
    const Location shown{input.display(), "", -1, "", ""};
    QuietGdalErrors quiet;
    source.dataset_ = open_vector(path, options);
    if (source.dataset_) return source;
    if (input.is_database()) {
      // libpq's own reason (a wrong password, a server that does not answer) as an OutputError
      // naming the host and database only; GDAL's message may quote the connection string.
      const PgConnection reachable(path);
      throw InputError(shown, "GDAL cannot open the " + reachable.description() + ": " +
                                  without_password(quiet.message(), input));
    }
    const std::string reason = without_password(quiet.message(), input);
    throw InputError(shown, "GDAL cannot open it" + (reason.empty() ? std::string() : ": " + reason));
  }
  if (!input.exists_on_disk()) throw InputError(where, "no such file or folder");
  if (fs::is_regular_file(path, ec) && is_dwg(path)) {
    throw InputError(where,
                     "a DWG drawing, which GDAL reads only with the ODA libraries this build lacks: save it as "
                     "DXF in the CAD program (Save As, AutoCAD DXF) and give the .dxf");
  }
  InputSource source;
  source.assign_crs_hint_ = options.assign_crs_hint;
  source.files_.push_back(path);
  const std::string driver = fs::is_regular_file(path, ec) ? driver_name(path) : "";
  QuietGdalErrors quiet;
  if (driver == "DXF") {
    // --encoding, else UTF-8 for AutoCAD 2007's format on (cad.h), else GDAL's reading.
    const std::string encoding = !options.encoding.empty() ? options.encoding : dxf_is_utf8(path) ? "UTF-8" : "";
    std::optional<ThreadConfigOption> dxf_encoding;
    if (!encoding.empty()) dxf_encoding.emplace("DXF_ENCODING", encoding);
    CPLStringList open_options;
    if (kGdalClosesDxfLines) open_options.SetNameValue("CLOSED_LINE_AS_POLYGON", "YES");
    source.close_dxf_lines_ = !kGdalClosesDxfLines;
    source.dataset_ = open_with(path, open_options);
  } else if (driver == "ESRI Shapefile" && options.encoding.empty()) {
    source.dataset_ = open_shapefile(path, source.warnings_);
  } else if (driver == "CSV") {
    // GDAL takes every CSV as UTF-8 (its CSV driver has no ENCODING option): one that is not is
    // recoded into memory, with the files GDAL reads beside it, and read from there.
    source.dataset_ = open_vector(path);
    if (!source.dataset_) throw InputError(where, open_failure(path, quiet));
    std::string encoding = csv_encoding(path, options);
    const std::string bytes = read_file(path);
    if (encoding.empty()) {
      TextEncodingGuess guess;
      size_t start = 0;
      int line = 0;
      while (start < bytes.size() && !guess.settled()) {
        size_t end = bytes.find('\n', start);
        if (end == std::string::npos) end = bytes.size();
        guess.add(std::string_view(bytes).substr(start, end - start));
        start = end + 1;
        ++line;
      }
      if (guess.result() == TextEncodingGuess::Result::Unknown) {
        throw InputError(where, "line " + std::to_string(line) + ": " + unknown_encoding_problem());
      }
      if (guess.result() == TextEncodingGuess::Result::Gb18030) {
        encoding = kGb18030;
        source.warnings_.push_back({where, gb18030_warning()});
      }
    }
    if (!encoding.empty() && !is_utf8_name(encoding)) {
      char* recoded = CPLRecode(bytes.c_str(), encoding.c_str(), CPL_ENC_UTF8);
      const std::string text = recoded ? recoded : "";
      CPLFree(recoded);
      if (!CPLIsUTF8(text.c_str(), -1) || (text.empty() && !bytes.empty())) {
        throw InputError(where, "its texts cannot be read as " + encoding + (quiet.message().empty() ? "" : " (" + quiet.message() + ")"));
      }
      static std::atomic<unsigned> copies{0};
      source.memory_copy_ = "/vsimem/parklayers-recoded-" + std::to_string(++copies);
      VSIMkdir(source.memory_copy_.c_str(), 0755);
      const auto write = [&](const std::string& name, const std::string& content) {
        const std::string target = source.memory_copy_ + "/" + name;
        VSILFILE* file = VSIFOpenL(target.c_str(), "wb");
        if (!file) return;
        VSIFWriteL(content.data(), 1, content.size(), file);
        VSIFCloseL(file);
      };
      const fs::path file(path);
      write(file.filename().string(), text);
      for (const char* extension : kCsvSidecars) {
        fs::path sidecar = file;
        sidecar.replace_extension(extension);
        if (fs::is_regular_file(sidecar, ec)) {
          write(sidecar.filename().string(), read_file(sidecar.string()));
          source.files_.push_back(sidecar.string());
        }
      }
      source.dataset_.reset();
      source.dataset_ = open_vector(source.memory_copy_ + "/" + file.filename().string());
    }
  } else {
    source.dataset_ = open_vector(path, options);
  }
  // BAOPAN's and VCT's own messages already name the file, and the 地块 or object and the line.
  if (!source.dataset_ && (baopan_identifies(path) || vct_identifies(path))) throw InputError(Location{}, quiet.message());
  if (!source.dataset_) throw InputError(where, open_failure(path, quiet));
  if (source.memory_copy_.empty()) {
    const CPLStringList files(source.dataset_->GetFileList());
    for (int f = 0; f < files.size(); ++f) source.files_.emplace_back(files[f]);
  }
  return source;
}

std::string no_crs_problem(OGRLayer& layer, const InputSource* source, const std::string& consequence) {
  const std::string hint = source ? source->assign_crs_hint() : InputOptions{}.assign_crs_hint;
  std::string problem = "the layer has no CRS, so " + consequence + ": give it one " + hint;
  layer.ResetReading();
  for (auto& feature : layer) {
    if (source) source->prepare(*feature);
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) continue;
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    const std::string suggestion = suggest_chinese_gk(envelope.MinX, envelope.MinY);
    if (!suggestion.empty()) problem += " (the first coordinate " + suggestion + ")";
    break;
  }
  layer.ResetReading();
  return problem;
}

std::optional<ChineseCrs> apply_source_crs_option(const std::string& s_srs, InputOptions& options) {
  if (s_srs.empty()) return std::nullopt;
  if (const std::optional<ChineseCrs> web_map = parse_chinese_crs(s_srs)) return web_map;
  {
    OGRSpatialReference crs;
    QuietGdalErrors quiet;
    if (crs.SetFromUserInput(s_srs.c_str()) != OGRERR_NONE) {
      throw InputError(Location{}, "--s_srs " + s_srs + ": neither GCJ02, BD09 nor a CRS PROJ knows (" +
                                       quiet.message() + ")");
    }
  }
  if (!options.assign_crs.empty() && options.assign_crs != s_srs) {
    throw InputError(Location{}, "--s_srs " + s_srs + " and --a_srs " + options.assign_crs +
                                     " both say the source's CRS: give one");
  }
  options.assign_crs = s_srs;
  return std::nullopt;
}

OGRLayer& pick_layer(GDALDataset& dataset, const SourceName& input, const std::string& name) {
  const std::string shown = input.display();
  // For a message: the first layers' names (a database may hold thousands of tables, and GDAL
  // lists them only when asked).
  const auto layer_names = [&dataset] {
    constexpr int kNamesShown = 50;
    std::string names;
    for (int i = 0; i < dataset.GetLayerCount() && i < kNamesShown; ++i) {
      names += (names.empty() ? "" : ", ") + std::string(dataset.GetLayer(i)->GetName());
    }
    if (dataset.GetLayerCount() > kNamesShown) {
      names += " and " + std::to_string(dataset.GetLayerCount() - kNamesShown) + " more";
    }
    return names;
  };
  if (!name.empty()) {
    OGRLayer* layer = nullptr;
    {
      const QuietGdalErrors quiet;  // the PostgreSQL driver's complaint about a missing table
      layer = dataset.GetLayerByName(name.c_str());
    }
    if (layer) return *layer;
    const std::string names = layer_names();
    if (input.is_database()) {
      throw InputError(Location{shown, name, -1, "", ""},
                       "no such table in the " + describe_database(input.text()) +
                           (names.empty() ? " (it has no tables GDAL reads)"
                                          : "; its tables (schema.table outside public): " + names));
    }
    throw InputError(Location{shown, name, -1, "", ""},
                     "no such layer" + (names.empty() ? std::string() : "; the layers: " + names));
  }
  if (dataset.GetLayerCount() == 1) return *dataset.GetLayer(0);
  throw InputError(Location{shown, "", -1, "", ""},
                   dataset.GetLayerCount() == 0 ? "the source has no layer"
                                                : "the source has several layers (" + layer_names() +
                                                      "): name one with --layer");
}

}  // namespace parklayers
