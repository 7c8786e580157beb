// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/source.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#if defined(__GLIBC__)
#include <dlfcn.h>
#include <link.h>
#endif

#include "parklayers/gis/chinese_crs.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/validity.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"

#ifndef PARKLAYERS_SOURCE_GEODATA_DIR
#define PARKLAYERS_SOURCE_GEODATA_DIR ""
#endif
#ifndef PARKLAYERS_INSTALLED_GEODATA_DIR
#define PARKLAYERS_INSTALLED_GEODATA_DIR ""
#endif
#ifndef PARKLAYERS_BINDIR_TO_DATADIR
#define PARKLAYERS_BINDIR_TO_DATADIR ""
#endif
#ifndef PARKLAYERS_PLUGINDIR_TO_DATADIR
#define PARKLAYERS_PLUGINDIR_TO_DATADIR ""
#endif

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// File extensions a layer file may have in a source folder (sidecars like .prj, .shx, .cpg,
// .qml are not layer files).
const std::set<std::string> kLayerExtensions = {".geojson", ".json", ".csv",    ".shp", ".gpkg",
                                                ".fgb",     ".gml",  ".kml",    ".sqlite"};

std::string trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

// The optional column of the spatial layers declaring, feature by feature, the coordinate
// system of the geometry: WGS84 (or empty: the layer's CRS as it is), GCJ02 or BD09 (points
// picked on a Chinese web map). A column rather than a sidecar file, so that it travels with
// the features in every format (a GeoPackage source has no folder to hold a sidecar) and a
// layer may mix surveyed features with ones picked on Amap. Not part of the schema's fields:
// the built park holds every geometry in WGS 84 and so has no use for it.
constexpr const char* kCoordSysField = "coord_sys";

std::optional<ChineseCrs> parse_coord_sys(const std::string& value) {
  if (const std::optional<ChineseCrs> crs = parse_chinese_crs(value)) return crs;
  std::string key;
  for (const char c : value) key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (key == "WGS84" || key == "WGS-84" || key == "WGS 84") return ChineseCrs::Wgs84;
  return std::nullopt;
}

bool parse_integer(const std::string& text, long long* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') {
    // A real number with no fraction ("3.0", as some drivers write integers) is accepted.
    const double real = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !std::isfinite(real) || real != std::floor(real) || std::fabs(real) > 9e15) {
      return false;
    }
    *out = static_cast<long long>(real);
    return true;
  }
  *out = value;
  return true;
}

bool parse_real(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value)) return false;
  *out = value;
  return true;
}

bool geometry_matches(GeometryKind kind, OGRwkbGeometryType type) {
  const OGRwkbGeometryType flat = wkbFlatten(type);
  switch (kind) {
    case GeometryKind::Polygon:
      return flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon ||
             flat == wkbMultiSurface;
    case GeometryKind::Line:
      return flat == wkbLineString || flat == wkbMultiLineString || flat == wkbCircularString ||
             flat == wkbCompoundCurve || flat == wkbMultiCurve;
    case GeometryKind::Point: return flat == wkbPoint || flat == wkbMultiPoint;
    case GeometryKind::None: return true;
  }
  return false;
}

class TableReader {
 public:
  TableReader(const LayerSpec& spec, const std::string& file, OGRLayer& layer, const InputSource& source,
              const OGRSpatialReference* assigned, ProblemList& problems, const GeosContext& geos,
              const ReadOptions& options, std::vector<Problem>& skipped)
      : spec_(spec), file_(file), layer_(layer), source_(source), problems_(problems), geos_(geos),
        options_(options), skipped_(skipped), crs_(parklayers::source_crs(layer, assigned)) {}

  Table read() {
    Table table;
    table.spec = &spec_;
    table.file = file_;
    table.layer = layer_.GetName();
    if (!map_fields(table)) return table;
    if (spec_.geometry != GeometryKind::None) {
      if (!crs_) {
        // (GeoJSON is always EPSG:4326; a Shapefile needs its .prj.)
        problems_.add(table.where(), no_crs_problem(layer_, &source_, "a park layer cannot be measured"));
      } else {
        table.crs.reset(crs_->Clone());
        rule_ = coordinate_rule(crs_);
      }
    }
    std::set<std::string> ids;
    layer_.ResetReading();
    for (auto& feature : layer_) {
      source_.prepare(*feature);
      Row row;
      row.fid = feature->GetFID();
      read_values(table, *feature, row);
      const std::string id = row.values[0].value_or("");
      if (!id.empty() && !ids.insert(id).second) {
        problems_.add(table.where(row, "id"), "duplicate id '" + id + "'");
      }
      if (spec_.geometry != GeometryKind::None) {
        row.geometry.reset(feature->StealGeometry());
        bool skippable = true;
        std::string field;  // where the problem lies: the geometry, or the coord_sys value
        std::string problem = declared_to_wgs84_problem(*feature, row, &field, &skippable);
        if (problem.empty()) problem = check_geometry(row, &skippable);
        if (!problem.empty() && options_.skip_invalid && skippable) {
          skipped_.push_back({table.where(row), problem});
          continue;
        }
        if (!problem.empty()) problems_.add(table.where(row, field), problem);
      }
      table.rows.push_back(std::move(row));
    }
    if (table.rows.empty()) problems_.add(table.where(), "the layer has no features");
    return table;
  }

 private:
  bool map_fields(const Table& table) {
    const OGRFeatureDefn* definition = layer_.GetLayerDefn();
    bool ok = true;
    for (const FieldSpec& field : spec_.fields) {
      const int index = definition->GetFieldIndex(field.name.c_str());
      if (index < 0 && field.required) {
        Location where = table.where();
        where.field = field.name;
        problems_.add(where, "required column is missing");
        ok = false;
      }
      indices_.push_back(index);
    }
    return ok;
  }

  void read_values(const Table& table, const OGRFeature& feature, Row& row) {
    row.values.resize(spec_.fields.size());
    // The id first, so that every later message can name the feature by it.
    for (size_t i = 0; i < spec_.fields.size(); ++i) {
      if (indices_[i] < 0 || !feature.IsFieldSetAndNotNull(indices_[i])) continue;
      std::string value = trim(feature.GetFieldAsString(indices_[i]));
      if (!value.empty()) row.values[i] = std::move(value);
    }
    for (size_t i = 0; i < spec_.fields.size(); ++i) {
      const FieldSpec& field = spec_.fields[i];
      const std::optional<std::string>& value = row.values[i];
      if (!value) {
        if (field.required) problems_.add(table.where(row, field.name), "value is missing");
        continue;
      }
      if (!CPLIsUTF8(value->c_str(), -1)) {
        problems_.add(table.where(row, field.name), "text is not valid UTF-8");
        row.values[i].reset();
        continue;
      }
      if (field.type == FieldType::Integer) {
        long long number = 0;
        if (!parse_integer(*value, &number)) {
          problems_.add(table.where(row, field.name), "'" + *value + "' is not an integer");
        } else if (static_cast<double>(number) < field.min) {
          problems_.add(table.where(row, field.name),
                        *value + " is below the smallest allowed value " + std::to_string(static_cast<long long>(field.min)));
        }
      } else if (field.type == FieldType::Real) {
        double number = 0;
        if (!parse_real(*value, &number)) {
          problems_.add(table.where(row, field.name), "'" + *value + "' is not a number");
        } else if (number < field.min) {
          problems_.add(table.where(row, field.name), *value + " is negative");
        }
      } else if (!field.allowed.empty()) {
        bool known = false;
        std::string list;
        for (const std::string& allowed : field.allowed) {
          known = known || *value == allowed;
          list += (list.empty() ? "" : ", ") + allowed;
        }
        if (!known) {
          problems_.add(table.where(row, field.name),
                        "'" + *value + "' is not one of: " + list);
        }
      }
    }
  }

  // The optional coord_sys column (kCoordSysField): a feature declared GCJ-02 or BD-09 is
  // brought back to WGS 84 here, before it is validated and measured, since the ellipsoidal
  // areas, the overlap and containment checks and the built layers are all WGS 84's. Returns
  // the problem ("" for none): a value that is no system (*field = coord_sys, not skippable),
  // a projected layer (likewise), or coordinates that are not longitude/latitude.
  std::string declared_to_wgs84_problem(const OGRFeature& feature, Row& row, std::string* field,
                                        bool* skippable) const {
    const int index = feature.GetDefnRef()->GetFieldIndex(kCoordSysField);
    if (index < 0 || !feature.IsFieldSetAndNotNull(index) || !row.geometry) return "";
    const std::string value = trim(feature.GetFieldAsString(index));
    if (value.empty()) return "";
    const std::optional<ChineseCrs> declared = parse_coord_sys(value);
    if (!declared) {
      *field = kCoordSysField;
      *skippable = false;
      return "'" + value + "' is not one of: WGS84, GCJ02, BD09 (or empty: the layer's CRS as it is)";
    }
    if (*declared == ChineseCrs::Wgs84) return "";
    const std::string crs_problem = declared_crs_problem(*declared, crs_);
    if (!crs_problem.empty()) {
      *field = kCoordSysField;
      *skippable = false;
      return crs_problem;
    }
    try {
      declared_to_wgs84(*row.geometry, *declared, crs_);
    } catch (const std::invalid_argument& error) {
      return std::string("invalid geometry: ") + error.what();
    }
    return "";
  }

  // The problem of the row's geometry, "" when it is fine. *skippable is false for a problem
  // of the schema (a wrong geometry type), which --skip-invalid does not skip.
  std::string check_geometry(const Row& row, bool* skippable) const {
    const OGRGeometry* geometry = row.geometry.get();
    if (!geometry) return "the feature has no geometry";
    if (!geometry_matches(spec_.geometry, geometry->getGeometryType())) {
      *skippable = false;
      return std::string("geometry is ") + OGRGeometryTypeToName(geometry->getGeometryType()) +
             ", the layer needs " + geometry_kind_name(spec_.geometry);
    }
    // The rule every command applies (validity.h), so that `build` and `area` agree.
    const std::string reason = invalid_geometry_reason(*geometry, rule_, geos_);
    if (!reason.empty()) return "invalid geometry: " + reason;
    if (geometry->IsEmpty()) return "geometry is empty";
    return "";
  }

  const LayerSpec& spec_;
  std::string file_;
  OGRLayer& layer_;
  const InputSource& source_;
  ProblemList& problems_;
  const GeosContext& geos_;
  const ReadOptions& options_;
  std::vector<Problem>& skipped_;
  const OGRSpatialReference* crs_;  // the layer's, or --a_srs's; null: none
  std::vector<int> indices_;
  CoordinateRule rule_;
};

// In a source folder: the one file holding the layer, or "" with a problem added.
std::string find_layer_file(const fs::path& folder, const std::string& layer, ProblemList& problems) {
  std::vector<fs::path> candidates;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const fs::path& path = entry.path();
    if (path.stem() != layer) continue;
    // A table may come as a lone .dbf (a Shapefile set's attribute-only layer); beside a .shp
    // the .dbf is that Shapefile's sidecar.
    const std::string extension = path.extension().string();
    const bool lone_dbf = extension == ".dbf" && !fs::exists(fs::path(path).replace_extension(".shp"));
    if (kLayerExtensions.count(extension) || lone_dbf) candidates.push_back(path);
  }
  if (ec) {
    problems.add(Location{folder.string(), "", -1, "", ""}, "cannot list the folder: " + ec.message());
    return "";
  }
  if (candidates.empty()) {
    problems.add(Location{folder.string(), layer, -1, "", ""},
                 "no file for the layer (expected " + layer + ".geojson, " + layer +
                     ".csv or another format GDAL reads, named " + layer + ".*)");
    return "";
  }
  if (candidates.size() > 1) {
    problems.add(Location{folder.string(), layer, -1, "", ""},
                 "several files for the layer: " + candidates[0].filename().string() + " and " +
                     candidates[1].filename().string());
    return "";
  }
  return candidates[0].string();
}

}  // namespace

std::string Table::text(const Row& row, const std::string& field) const {
  return row.values.at(spec->index_of(field)).value_or("");
}

bool Table::is_null(const Row& row, const std::string& field) const {
  return !row.values.at(spec->index_of(field)).has_value();
}

long long Table::integer(const Row& row, const std::string& field) const {
  long long value = 0;
  parse_integer(text(row, field), &value);
  return value;
}

double Table::real(const Row& row, const std::string& field) const {
  double value = 0;
  parse_real(text(row, field), &value);
  return value;
}

Location Table::where(const Row& row, const std::string& field) const {
  return Location{file, layer, row.fid, row.values.empty() ? "" : row.values[0].value_or(""), field};
}

Table& ParkSource::table(const std::string& layer) {
  return const_cast<Table&>(static_cast<const ParkSource&>(*this).table(layer));
}

const Table& ParkSource::table(const std::string& layer) const {
  if (layer == "parcels") return parcels;
  if (layer == "buildings") return buildings;
  if (layer == "roads") return roads;
  if (layer == "amenities") return amenities;
  if (layer == "tenants") return tenants;
  if (layer == "stated_figures") return stated_figures;
  throw std::out_of_range("no layer " + layer + " in a park source");
}

ParkSource read_park_source(const SourceName& path, const ReadOptions& options) {
  ensure_drivers_registered();
  std::error_code ec;
  if (path.kind() == SourceName::Kind::Missing) {
    throw InputError(Location{path.text(), "", -1, "", ""}, "no such file or folder");
  }

  ParkSource source;
  source.path = path.display();  // what reports and the built park name: no password
  ProblemList problems;
  GeosContext geos;
  // --a_srs: the CRS of every spatial layer of the source (InputError for one PROJ does not know).
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  InputSource dataset;
  // A database ("PG:... schemas=park") or another dataset GDAL names, or a file: one dataset.
  const bool one_dataset = !path.is_folder();
  if (one_dataset) {
    dataset = open_input(path, options.input);
    source.warnings = dataset.warnings();
  }
  for (const LayerSpec& spec : park_schema()) {
    InputSource layer_file;
    const InputSource* holder = &dataset;
    std::string file = source.path;
    OGRLayer* layer = nullptr;
    if (!one_dataset) {
      file = find_layer_file(path.text(), spec.name, problems);
      if (file.empty()) continue;
      if (fs::is_directory(file, ec)) {
        problems.add(Location{file, spec.name, -1, "", ""}, "is a folder, not a file");
        continue;
      }
      try {
        layer_file = open_input(SourceName(file), options.input);  // a file found in the folder
      } catch (const InputError& error) {
        for (const Problem& problem : error.problems()) {
          Location where = problem.where;
          if (where.layer.empty()) where.layer = spec.name;
          problems.add(where, problem.what);
        }
        continue;
      }
      source.warnings.insert(source.warnings.end(), layer_file.warnings().begin(), layer_file.warnings().end());
      holder = &layer_file;
      layer = holder->dataset().GetLayerByName(spec.name.c_str());
      if (!layer && holder->dataset().GetLayerCount() == 1) layer = holder->dataset().GetLayer(0);
    } else {
      layer = holder->dataset().GetLayerByName(spec.name.c_str());
    }
    if (!layer) {
      problems.add(Location{file, spec.name, -1, "", ""},
                   "the source has no layer '" + spec.name + "'" +
                       (path.is_database() ? std::string(" (a park kept in a schema other than public: add "
                                                             "schemas=NAME to the PG: name)")
                                               : std::string()));
      continue;
    }
    QuietGdalErrors quiet;
    source.table(spec.name) =
        TableReader(spec, file, *layer, *holder, assigned.get(), problems, geos, options, source.skipped).read();
  }
  problems.throw_if_any();
  return source;
}

namespace {

// The installed file holding this code, and the path from its folder to the data folder.
struct RunningModule {
  fs::path file;
  const char* to_datadir = "";
};

// Any object of the core: its address tells dladdr which loaded file holds the core.
const char kCoreAnchor = 0;

// The QGIS plugin when the core is linked into a shared object, else the running program;
// nullopt where neither can be found. Standard C++ cannot name the running file: each system has
// its own call (glibc's dladdr1 and Linux's /proc here; Windows' GetModuleFileNameW and macOS's
// _NSGetExecutablePath are neither built nor tested), so elsewhere the caller falls back to the
// install path configured at build time, which holds unless the installed files were moved.
std::optional<RunningModule> running_module() {
#if defined(__GLIBC__)
  // dladdr1 (GNU) gives the link map of the object holding the address: the program's own has an
  // empty name, a shared object's is the path it was loaded from (dladdr alone would give the
  // program's argv[0], a bare name when it was found on PATH).
  Dl_info info{};
  link_map* map = nullptr;
  if (dladdr1(&kCoreAnchor, &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) != 0 && map != nullptr &&
      map->l_name != nullptr && *map->l_name != '\0') {
    std::error_code ec;
    const fs::path file = fs::absolute(map->l_name, ec);
    if (!ec) return RunningModule{file, PARKLAYERS_PLUGINDIR_TO_DATADIR};
  }
#endif
#if defined(__linux__)
  // Linux names the running program's file in /proc, whatever folder it was started from.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return RunningModule{exe, PARKLAYERS_BINDIR_TO_DATADIR};
#endif
  return std::nullopt;
}

}  // namespace

std::string installed_park_path(const std::string& module_file, const std::string& module_dir_to_datadir) {
  return (fs::path(module_file).parent_path() / module_dir_to_datadir / "parklayers" / "geodata" / "anting")
      .lexically_normal()
      .string();
}

std::string bundled_park_path() {
  if (const char* env = std::getenv("PARKLAYERS_GEODATA")) {
    if (*env) return (fs::path(env) / "anting").string();
  }
  std::error_code ec;
  if (const std::optional<RunningModule> module = running_module()) {
    const std::string installed = installed_park_path(module->file.string(), module->to_datadir);
    if (fs::is_directory(installed, ec)) return installed;
  }
  for (const char* base : {PARKLAYERS_SOURCE_GEODATA_DIR, PARKLAYERS_INSTALLED_GEODATA_DIR}) {
    if (*base && fs::is_directory(fs::path(base) / "anting", ec)) return (fs::path(base) / "anting").string();
  }
  return (fs::path(PARKLAYERS_SOURCE_GEODATA_DIR) / "anting").string();
}

}  // namespace parklayers
