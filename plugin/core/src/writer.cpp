#include "parklayers/writer.h"

#include <cmath>
#include <ctime>
#include <stdexcept>

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include "parklayers/atomic_output.h"
#include "parklayers/gdal_util.h"
#include "parklayers/styles.h"
#include "parklayers/units.h"
#include "parklayers/version.h"

namespace parklayers {
namespace {

void ok(OGRErr err, const std::string& what) {
  if (err != OGRERR_NONE) {
    const char* message = CPLGetLastErrorMsg();
    throw std::runtime_error(what + " failed" + (message && *message ? std::string(": ") + message : ""));
  }
}

OGRFieldType ogr_type(FieldType type) {
  switch (type) {
    case FieldType::String: return OFTString;
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Real: return OFTReal;
  }
  return OFTString;
}

void add_field(OGRLayer& layer, const std::string& name, OGRFieldType type) {
  OGRFieldDefn field(name.c_str(), type);
  ok(layer.CreateField(&field), "creating field " + name + " of layer " + layer.GetName());
}

void add_area_fields(OGRLayer& layer) {
  add_field(layer, "area_m2", OFTReal);
  add_field(layer, "area_mu", OFTReal);
  add_field(layer, "area_ha", OFTReal);
  add_field(layer, "perim_m", OFTReal);
  add_field(layer, "gk_area_m2", OFTReal);
  add_field(layer, "gk_crs", OFTString);
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

class ParkWriter {
 public:
  ParkWriter(GDALDataset& dataset, const Park& park, const std::string& driver)
      : dataset_(dataset), park_(park), driver_(driver) {}

  void write() {
    write_source_layer(park_.source.parcels, &park_.parcel_areas, "Parcels of the park by phase");
    write_source_layer(park_.source.buildings, &park_.building_areas,
                       "Buildings with storeys and gross floor area; area_* is the footprint");
    write_source_layer(park_.source.roads, nullptr, "Bao'an Highway and the park's roads");
    write_source_layer(park_.source.amenities, nullptr, "Amenities, existing and planned");
    write_source_layer(park_.source.tenants, nullptr, "Tenants, keyed to buildings by bldg_id");
    write_checks();
    write_boundary();
  }

 private:
  OGRLayer& create_layer(const std::string& name, OGRwkbGeometryType type,
                         const std::string& description) {
    CPLStringList options;
    if (driver_ == "GPKG") {
      options.SetNameValue("DESCRIPTION", description.c_str());
      options.SetNameValue("SPATIAL_INDEX", type == wkbNone ? nullptr : "YES");
    }
    OGRSpatialReference* crs = type == wkbNone ? nullptr : park_.source.parcels.crs.get();
    OGRLayer* layer = dataset_.CreateLayer(name.c_str(), crs, type, options.List());
    if (!layer) throw std::runtime_error("creating layer " + name + " failed: " + CPLGetLastErrorMsg());
    return *layer;
  }

  void write_source_layer(const Table& table, const std::vector<FeatureArea>* areas,
                          const std::string& description) {
    const LayerSpec& spec = *table.spec;
    OGRLayer& layer = create_layer(spec.name, layer_geometry_type(spec.geometry), description);
    for (const FieldSpec& field : spec.fields) add_field(layer, field.name, ogr_type(field.type));
    if (areas) add_area_fields(layer);
    for (size_t i = 0; i < table.rows.size(); ++i) {
      const Row& row = table.rows[i];
      OGRFeature feature(layer.GetLayerDefn());
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
      if (row.geometry) feature.SetGeometryDirectly(for_layer(*row.geometry, spec.geometry).release());
      ok(layer.CreateFeature(&feature), "writing feature " + std::to_string(row.fid) + " of " + spec.name);
    }
  }

  void write_checks() {
    OGRLayer& layer = create_layer("area_checks", wkbNone,
                                   "Each stated figure, the interval it was read as, the value "
                                   "computed from the park and the result");
    for (const char* name : {"id", "subject", "quantity", "as_written", "qualifier", "unit"}) {
      add_field(layer, name, OFTString);
    }
    for (const char* name : {"stated", "low", "high", "computed", "deviation"}) add_field(layer, name, OFTReal);
    for (const char* name : {"low_incl", "status", "rule", "note", "source", "url"}) {
      add_field(layer, name, std::string(name) == "low_incl" ? OFTInteger : OFTString);
    }
    for (const Check& check : park_.checks) {
      OGRFeature feature(layer.GetLayerDefn());
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
      feature.SetField("status", check_status_name(check.status));
      feature.SetField("rule", check.reading.rule.c_str());
      feature.SetField("note", check.note.c_str());
      feature.SetField("source", check.source.c_str());
      if (check.url.empty()) {
        feature.SetFieldNull(feature.GetFieldIndex("url"));
      } else {
        feature.SetField("url", check.url.c_str());
      }
      ok(layer.CreateFeature(&feature), "writing area check " + check.id);
    }
  }

  void write_boundary() {
    OGRLayer& layer = create_layer("park_boundary", wkbMultiPolygon,
                                   "The park's outline: the union of its parcels");
    add_field(layer, "parcels", OFTInteger);
    add_field(layer, "provenance", OFTString);
    add_area_fields(layer);
    OGRFeature feature(layer.GetLayerDefn());
    feature.SetField("parcels", static_cast<int>(park_.source.parcels.rows.size()));
    // The outline is as good as the worst of its parcels.
    std::string provenance = "surveyed";
    for (const Row& row : park_.source.parcels.rows) {
      if (park_.source.parcels.text(row, "provenance") == "modelled") provenance = "modelled";
    }
    feature.SetField("provenance", provenance.c_str());
    set_area_fields(feature, park_.boundary_area);
    feature.SetGeometryDirectly(for_layer(*park_.boundary, GeometryKind::Polygon).release());
    ok(layer.CreateFeature(&feature), "writing the park boundary");
  }

  GDALDataset& dataset_;
  const Park& park_;
  std::string driver_;
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

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

const std::vector<std::string>& built_layer_names() {
  static const std::vector<std::string> names = {"parcels",  "buildings",   "roads",        "amenities",
                                                 "tenants",  "area_checks", "park_boundary"};
  return names;
}

void write_park(const Park& park, const std::string& out_path, const WriteOptions& options) {
  ensure_gdal_registered();
  std::string driver_name = options.driver;
  if (driver_name.empty()) {
    driver_name = driver_for_extension(out_path);
    if (driver_name.empty()) driver_name = "GPKG";
  }
  if (driver_name != "GPKG" && driver_name != "SQLite") {
    throw InputError(Location{out_path, "", -1, "", ""},
                     "a built park is one dataset of seven layers: write it as a GeoPackage "
                     "(.gpkg) or SQLite (.sqlite) file, not " + driver_name);
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw std::runtime_error("GDAL has no " + driver_name + " driver");

  std::vector<std::string> inputs{park.source.path};
  for (const char* layer : {"parcels", "buildings", "roads", "amenities", "tenants", "stated_figures"}) {
    inputs.push_back(park.source.table(layer).file);
  }
  AtomicOutput output(out_path, options.overwrite, inputs);
  {
    GDALDatasetUniquePtr dataset(driver->Create(output.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) throw std::runtime_error("creating " + out_path + " failed: " + CPLGetLastErrorMsg());
    const bool transaction = dataset->StartTransaction() == OGRERR_NONE;
    ParkWriter(*dataset, park, driver_name).write();
    if (driver_name == "GPKG") write_default_styles(*dataset);
    if (transaction) ok(dataset->CommitTransaction(), "committing " + out_path);
    dataset->SetMetadataItem("PARKLAYERS_VERSION", kVersion);
    dataset->SetMetadataItem("PARKLAYERS_SOURCE", park.source.path.c_str());
    dataset->SetMetadataItem("PARKLAYERS_BUILT_AT", utc_now().c_str());
    dataset->SetMetadataItem("PARKLAYERS_AREA_METHOD",
                             "ellipsoidal, Karney (2013) via PROJ geod_polygonarea; gk_area_m2 is "
                             "planar in the CGCS2000 3-degree Gauss-Kruger zone");
    // GDAL 3.6 reports errors of the final flush only through the error state.
    CPLErrorReset();
    dataset.reset();
    if (CPLGetLastErrorType() == CE_Failure) {
      throw std::runtime_error("closing " + out_path + " failed: " + CPLGetLastErrorMsg());
    }
  }
  output.commit();
}

}  // namespace parklayers
