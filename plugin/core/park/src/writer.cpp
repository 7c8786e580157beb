// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/writer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ctime>
#include <stdexcept>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/portable.h"
#include "parklayers/gis/units.h"
#include "parklayers/gis/version.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/format.h"
#include "parklayers/io/layer_styles.h"
#include "parklayers/io/output.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/schema.h"
#include "parklayers/park/source.h"
#include "parklayers/park/styles.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

OGRFieldType ogr_type(FieldType type) {
  switch (type) {
    case FieldType::String: return OFTString;
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Real: return OFTReal;
  }
  return OFTString;
}

// The area fields of the measured layers, after the schema's fields.
void add_area_fields(OGRFeatureDefn& defn) {
  for (const char* name : {"area_m2", "area_mu", "area_ha", "perim_m", "gk_area_m2"}) {
    OGRFieldDefn field(name, OFTReal);
    defn.AddFieldDefn(&field);
  }
  OGRFieldDefn gk_crs("gk_crs", OFTString);
  defn.AddFieldDefn(&gk_crs);
}

// A feature definition owned for its scope (GDAL counts its references).
using FeatureDefnPtr = std::unique_ptr<OGRFeatureDefn, void (*)(OGRFeatureDefn*)>;
FeatureDefnPtr table_definition(const std::string& name) {
  auto* defn = new OGRFeatureDefn(name.c_str());
  defn->Reference();
  defn->SetGeomType(wkbNone);  // the geometry is the output layer's
  return FeatureDefnPtr(defn, [](OGRFeatureDefn* d) { d->Release(); });
}

void add_field(OGRFeatureDefn& defn, const char* name, OGRFieldType type) {
  OGRFieldDefn field(name, type);
  defn.AddFieldDefn(&field);
}

void set_area_fields(OGRFeature& feature, const FeatureArea& area) {
  feature.SetField("area_m2", area.area_m2);
  feature.SetField("area_mu", m2_to_mu(area.area_m2));
  feature.SetField("area_ha", m2_to_ha(area.area_m2));
  feature.SetField("perim_m", area.perimeter_m);
  if (area.gk_area_m2) {
    feature.SetField("gk_area_m2", *area.gk_area_m2);
    feature.SetField("gk_crs", area.gk_zone.crs_name.c_str());
  }
}

void set_optional(OGRFeature& feature, const char* field, const std::optional<double>& value) {
  if (value) {
    feature.SetField(field, *value);
  } else {
    feature.SetFieldNull(feature.GetFieldIndex(field));
  }
}

OGRwkbGeometryType layer_geometry_type(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Polygon: return wkbMultiPolygon;
    case GeometryKind::Line: return wkbMultiLineString;
    case GeometryKind::Point: return wkbPoint;
    case GeometryKind::None: return wkbNone;
  }
  return wkbUnknown;
}

std::unique_ptr<OGRGeometry> for_layer(const OGRGeometry& geometry, GeometryKind kind) {
  std::unique_ptr<OGRGeometry> copy(geometry.clone());
  if (copy->hasCurveGeometry()) copy.reset(copy->getLinearGeometry());
  if (kind == GeometryKind::Polygon) copy.reset(OGRGeometryFactory::forceToMultiPolygon(copy.release()));
  if (kind == GeometryKind::Line) copy.reset(OGRGeometryFactory::forceToMultiLineString(copy.release()));
  return copy;
}

// Writes the park's seven layers (schema.h: built_layers) through the output module.
class ParkWriter {
 public:
  ParkWriter(OutputDataset& out, const Park& park) : out_(out), park_(park) {}

  void write() {
    write_source_layer(park_.source.parcels, &park_.parcel_areas);
    write_source_layer(park_.source.buildings, &park_.building_areas);
    write_source_layer(park_.source.roads, nullptr);
    write_source_layer(park_.source.amenities, nullptr);
    write_source_layer(park_.source.tenants, nullptr);
    write_checks();
    write_boundary();
  }

 private:
  // A layer of the built park, its fields defined by `defn`; the description from the schema.
  std::unique_ptr<OutputLayer> create_layer(const std::string& name, const OGRFeatureDefn& defn) {
    const BuiltLayer& built = *std::find_if(built_layers().begin(), built_layers().end(),
                                            [&](const BuiltLayer& layer) { return layer.name == name; });
    OutputLayerOptions options;
    options.name = name;
    options.geometry_type = layer_geometry_type(built.geometry);
    options.crs = park_.source.parcels.crs.get();
    options.description = built.description;
    options.input = park_.source.path;
    return std::make_unique<OutputLayer>(out_, defn, options);
  }

  void write_source_layer(const Table& table, const std::vector<FeatureArea>* areas) {
    const LayerSpec& spec = *table.spec;
    const FeatureDefnPtr owner = table_definition(spec.name);
    OGRFeatureDefn* defn = owner.get();
    for (const FieldSpec& field : spec.fields) add_field(*defn, field.name.c_str(), ogr_type(field.type));
    if (areas) add_area_fields(*defn);
    const std::unique_ptr<OutputLayer> layer = create_layer(spec.name, *defn);
    for (size_t i = 0; i < table.rows.size(); ++i) {
      const Row& row = table.rows[i];
      OGRFeature feature(defn);
      for (size_t f = 0; f < spec.fields.size(); ++f) {
        const FieldSpec& field = spec.fields[f];
        const int index = static_cast<int>(f);
        if (!row.values[f]) {
          feature.SetFieldNull(index);
        } else if (field.type == FieldType::Integer) {
          feature.SetField(index, static_cast<GIntBig>(table.integer(row, field.name)));
        } else if (field.type == FieldType::Real) {
          feature.SetField(index, table.real(row, field.name));
        } else {
          feature.SetField(index, row.values[f]->c_str());
        }
      }
      if (areas) set_area_fields(feature, areas->at(i));
      const std::unique_ptr<OGRGeometry> geometry = row.geometry ? for_layer(*row.geometry, spec.geometry) : nullptr;
      layer->write(feature, geometry.get());
    }
    layer->finish();
  }

  void write_checks() {
    const FeatureDefnPtr owner = table_definition("area_checks");
    OGRFeatureDefn* defn = owner.get();
    for (const char* name : {"id", "subject", "quantity", "as_written", "qualifier", "unit"}) {
      add_field(*defn, name, OFTString);
    }
    for (const char* name : {"stated", "low", "high", "computed", "deviation"}) add_field(*defn, name, OFTReal);
    add_field(*defn, "low_incl", OFTInteger);
    for (const char* name : {"method", "status", "rule", "note", "source", "url"}) add_field(*defn, name, OFTString);
    const std::unique_ptr<OutputLayer> layer = create_layer("area_checks", *defn);
    for (const Check& check : park_.checks) {
      OGRFeature feature(defn);
      feature.SetField("id", check.id.c_str());
      feature.SetField("subject", check.subject.c_str());
      feature.SetField("quantity", check.quantity.c_str());
      feature.SetField("as_written", check.as_written.c_str());
      feature.SetField("qualifier", qualifier_name(check.reading.qualifier));
      feature.SetField("unit", unit_symbol(check.reading.unit));
      feature.SetField("stated", check.reading.value);
      feature.SetField("low", check.reading.interval.low);
      set_optional(feature, "high", check.reading.interval.high);
      set_optional(feature, "computed", check.computed);
      set_optional(feature, "deviation", check.deviation);
      feature.SetField("low_incl", check.reading.interval.low_inclusive ? 1 : 0);
      if (check.method) {
        feature.SetField("method", area_method_name(*check.method));
      } else {
        feature.SetFieldNull(feature.GetFieldIndex("method"));
      }
      feature.SetField("status", check_status_name(check.status));
      feature.SetField("rule", check.reading.rule.c_str());
      feature.SetField("note", check.note.c_str());
      feature.SetField("source", check.source.c_str());
      if (check.url.empty()) {
        feature.SetFieldNull(feature.GetFieldIndex("url"));
      } else {
        feature.SetField("url", check.url.c_str());
      }
      layer->write(feature, nullptr);
    }
  }

  void write_boundary() {
    const FeatureDefnPtr owner = table_definition("park_boundary");
    OGRFeatureDefn* defn = owner.get();
    add_field(*defn, "parcels", OFTInteger);
    add_field(*defn, "provenance", OFTString);
    add_area_fields(*defn);
    const std::unique_ptr<OutputLayer> layer = create_layer("park_boundary", *defn);
    OGRFeature feature(defn);
    feature.SetField("parcels", static_cast<int>(park_.source.parcels.rows.size()));
    // The outline is as good as the worst of its parcels.
    std::string provenance = "surveyed";
    for (const Row& row : park_.source.parcels.rows) {
      if (park_.source.parcels.text(row, "provenance") == "modelled") provenance = "modelled";
    }
    feature.SetField("provenance", provenance.c_str());
    set_area_fields(feature, park_.boundary_area);
    const std::unique_ptr<OGRGeometry> geometry = for_layer(*park_.boundary, GeometryKind::Polygon);
    layer->write(feature, geometry.get());
    layer->finish();
  }

  OutputDataset& out_;
  const Park& park_;
};

// QGIS's default styles of the styled layers, as rows of the GeoPackage's layer_styles table:
// any QGIS opens the plain built GeoPackage styled and labelled, without our plugin.
void write_default_styles(GDALDataset& dataset) {
  std::vector<LayerStyleRow> rows;
  for (const std::string& name : styled_layer_names()) {
    OGRLayer* layer = dataset.GetLayerByName(name.c_str());
    const std::optional<std::string> qml = default_qml(name);
    if (layer && qml) rows.push_back({name, layer->GetGeometryColumn(), *qml});
  }
  write_layer_styles(dataset, rows);
}

// A hidden temporary folder, removed with everything in it on destruction.
struct HiddenDir {
  std::string path;
  HiddenDir(const fs::path& parent, const std::string& shown_as) {
    std::string pattern = (parent / (std::string(kHiddenPrefix) + "build-XXXXXX")).string();
    if (make_unique_folder(pattern)) throw OutputError(shown_as, "cannot create a temporary folder");
    path = pattern;
  }
  ~HiddenDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  HiddenDir(const HiddenDir&) = delete;
  HiddenDir& operator=(const HiddenDir&) = delete;
};

// What is said of the hidden GeoPackage is said of the park's source.
void name_source(ConvertResult& result, const std::string& gpkg, const std::string& source) {
  for (Problem& warning : result.warnings) {
    if (warning.where.file == gpkg) warning.where.file = source;
  }
  for (ConvertedLayer& layer : result.layers) {
    if (layer.input == gpkg) layer.input = source;
  }
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  const std::tm tm = utc_time(now);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

void write_park(const Park& park, const std::string& out_path, const WriteOptions& options) {
  ensure_drivers_registered();
  std::string driver = options.driver;
  if (driver.empty()) {
    driver = driver_for_extension(out_path);
    if (driver.empty()) driver = "GPKG";
  }
  if (driver != "GPKG" && driver != "SQLite") {
    throw InputError(Location{out_path, "", -1, "", ""},
                     "a built park is one dataset of seven layers: write it as a GeoPackage "
                     "(.gpkg) or SQLite (.sqlite) file, not " + driver);
  }
  std::vector<std::string> inputs{park.source.path};
  for (const LayerSpec& spec : park_schema()) inputs.push_back(park.source.table(spec.name).file);
  AtomicOutput output(out_path, options.overwrite, inputs);
  OutputDataset dataset(driver, output.temp_path(), out_path);
  ParkWriter(dataset, park).write();
  if (driver == "GPKG") write_default_styles(dataset.dataset());
  dataset.dataset().SetMetadataItem("PARKLAYERS_VERSION", kVersion);
  dataset.dataset().SetMetadataItem("PARKLAYERS_SOURCE", park.source.path.c_str());
  dataset.dataset().SetMetadataItem("PARKLAYERS_BUILT_AT", utc_now().c_str());
  dataset.dataset().SetMetadataItem("PARKLAYERS_AREA_METHOD",
                                    "ellipsoidal, Karney (2013) via PROJ geod_polygonarea; gk_area_m2 is "
                                    "planar, on the source's own Gauss-Kruger plane when its CRS is one, else in the CGCS2000 "
                                    "3-degree Gauss-Kruger zone (gk_crs names it)");
  dataset.close();
  output.commit();
}

ConvertResult convert_park(const Park& park, const std::string& outdir, const std::string& stem,
                           ConvertOptions options) {
  // The park is written as write_park writes it, into a hidden folder removed on return; the
  // conversion then reads it like any other input.
  std::error_code ec;
  const HiddenDir hidden(fs::is_directory(outdir, ec) ? fs::path(outdir) : fs::temp_directory_path(), outdir);
  const std::string gpkg = (fs::path(hidden.path) / (safe_file_stem(stem) + ".gpkg")).string();
  write_park(park, gpkg);
  options.names = {stem};
  if (!options.default_style) options.default_style = default_style_for;
  ConvertResult result = convert({SourceName(gpkg)}, outdir, options);  // the file just written
  name_source(result, gpkg, park.source.path);
  return result;
}

std::string default_park_schema(const std::string& source_path) {
  std::error_code ec;
  if (fs::equivalent(source_path, bundled_park_path(), ec)) return "anting_park";
  fs::path folder(source_path);
  if (folder.filename().empty()) folder = folder.parent_path();
  return folder.filename().string();
}

ConvertResult write_park_postgres(const Park& park, const std::string& database, const PostgresParkOptions& options) {
  const std::string schema = options.schema.empty() ? default_park_schema(park.source.path) : options.schema;
  // Refused early, before the GeoPackage and the project are made: a server that does not
  // answer, a wrong password, an existing schema without overwrite.
  check_postgres_output(database, {schema}, options.overwrite);
  const HiddenDir hidden(fs::temp_directory_path(), describe_database(database));
  const std::string gpkg = (fs::path(hidden.path) / (safe_file_stem(schema) + ".gpkg")).string();
  write_park(park, gpkg);
  ConvertOptions convert_options;
  convert_options.formats = {Format::PostgreSQL};
  convert_options.names = {schema};
  convert_options.schema = schema;
  convert_options.overwrite = options.overwrite;
  convert_options.default_style = default_style_for;
  convert_options.progress = options.progress;
  if (options.project) convert_options.qgis_project = options.project(gpkg, schema);
  ConvertResult result = convert({SourceName(gpkg)}, database, convert_options);
  name_source(result, gpkg, park.source.path);
  return result;
}

}  // namespace parklayers
