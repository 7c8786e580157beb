#include "parklayers/park/stated_parcels.h"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include <ogrsf_frmts.h>

#include "parklayers/gis/area.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/geos.h"
#include "parklayers/gis/units.h"
#include "parklayers/gis/validity.h"
#include "parklayers/park/park.h"
#include "parklayers/park/schema.h"

namespace parklayers {
namespace {

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool is_polygon(const OGRGeometry& geometry) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  return type == wkbPolygon || type == wkbMultiPolygon || type == wkbCurvePolygon || type == wkbMultiSurface;
}

// What the computed value is, in words, for the check's note.
std::string method_note(AreaMethod method, const FeatureArea& area, const Ellipsoid& ellipsoid) {
  if (method == AreaMethod::Ellipsoidal) {
    return "ellipsoidal area (Karney) on the source's ellipsoid" +
           (ellipsoid.name.empty() ? std::string() : " " + ellipsoid.name);
  }
  if (area.gk_zone.source_plane) return "planar area on the source's own plane " + area.gk_zone.crs_name;
  return "planar area in " + area.gk_zone.crs_name +
         ", the CGCS2000 3-degree Gauss-Kruger zone (the source is in no Gauss-Kruger CRS)";
}

}  // namespace

bool is_stated_parcel_source(const std::string& path, const StatedParcelOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return false;
  if (!std::filesystem::exists(path, ec) && !is_dataset_name(path)) return false;
  // Park sources take no layer: a layer named means a layer of parcels.
  if (!options.layer.empty()) return true;
  const QuietGdalErrors quiet;
  const GDALDatasetUniquePtr dataset = open_vector(path, options.input);
  if (!dataset) return false;
  if (GDALDriver* driver = dataset->GetDriver(); driver && EQUAL(driver->GetDescription(), "BAOPAN")) return true;
  if (dataset->GetLayerCount() != 1) return false;
  return dataset->GetLayer(0)->GetLayerDefn()->GetFieldIndex(kStatedAreaField) >= 0;
}

StatedParcelChecks check_stated_parcels(const std::string& input, const StatedParcelOptions& options) {
  const InputSource source = open_input(input, options.input);
  const std::string path = source_display_name(input);  // what messages name
  if (options.on_warning) {
    for (const Problem& warning : source.warnings()) options.on_warning(warning);
  }
  OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
  StatedParcelChecks result;
  result.layer = layer.GetName();
  const Location layer_where{path, result.layer, -1, "", ""};
  apply_where(layer, path, options.input);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  const OGRSpatialReference* crs = source_crs(layer, assigned.get());
  if (!crs) {
    throw InputError(layer_where, no_crs_problem(layer, &source, "neither its plane nor its ellipsoid is known"));
  }
  const OGRFeatureDefn& defn = *layer.GetLayerDefn();
  const int stated_index = defn.GetFieldIndex(kStatedAreaField);
  if (stated_index < 0) {
    throw InputError(Location{path, result.layer, -1, "", kStatedAreaField},
                     "the layer has no stated_area_ha field, so it states no parcel areas to check (a park "
                     "source is checked without --layer)");
  }
  if (defn.GetFieldDefn(stated_index)->GetType() != OFTString) {
    // A number field has lost how the figure was written, and so its precision.
    throw InputError(Location{path, result.layer, -1, "", kStatedAreaField},
                     "stated_area_ha must be text as written (\"0.4820\"): its decimals tell the figure's "
                     "precision, which a number field has lost");
  }
  const int id_index = defn.GetFieldIndex(kParcelIdField);
  const int name_index = defn.GetFieldIndex(kParcelNameField);

  std::unique_ptr<AreaCalculator> calculator;
  try {
    calculator = std::make_unique<AreaCalculator>(*crs, AreaOptions{true});
  } catch (const std::invalid_argument& error) {
    throw InputError(layer_where, error.what());
  }
  const CoordinateRule rule = coordinate_rule(crs);
  const GeosContext geos;
  const std::string file_name = is_dataset_name(input) ? path : std::filesystem::path(path).filename().string();

  ProblemList problems;  // every bad parcel at once
  layer.ResetReading();
  for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
    source.prepare(*feature);
    const long long fid = feature->GetFID();
    const std::string id = id_index >= 0 && feature->IsFieldSetAndNotNull(id_index)
                               ? trimmed(feature->GetFieldAsString(id_index))
                               : std::to_string(fid);
    const Location where{path, result.layer, fid, id, ""};
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty() || !is_polygon(*geometry)) {
      problems.add(where, "the parcel has no polygon geometry");
      continue;
    }
    const std::string invalid = invalid_geometry_reason(*geometry, rule, geos);
    if (!invalid.empty()) {
      if (options.skip_invalid) {
        if (options.on_skipped) options.on_skipped(Problem{where, "invalid geometry: " + invalid});
      } else {
        problems.add(where, "invalid geometry: " + invalid);
      }
      continue;
    }

    Check check;
    check.id = id;
    check.subject = "parcel:" + id;
    check.quantity = "land_area";
    check.as_written = feature->IsFieldSetAndNotNull(stated_index) ? feature->GetFieldAsString(stated_index) : "";
    check.value_text = trimmed(check.as_written);
    check.source = file_name + ", layer " + result.layer;
    check.method = options.method;
    if (name_index >= 0) result.names[check.subject] = trimmed(feature->GetFieldAsString(name_index));
    if (check.value_text.empty()) {
      // Nothing stated: the row still shows the measured area, the figure the file lacks.
      check.reading.unit = Unit::Hectare;
    } else {
      try {
        check.reading = read_figure(check.value_text, "", "ha");
      } catch (const std::invalid_argument& error) {
        problems.add(Location{path, result.layer, fid, id, kStatedAreaField},
                     "the stated area '" + check.as_written + "' is not a number of hectares as written: " +
                         error.what());
        continue;
      }
    }
    FeatureArea area;
    try {
      area = calculator->measure_area(*geometry);
    } catch (const std::invalid_argument& error) {
      problems.add(where, error.what());
      continue;
    }
    const std::optional<double> m2 =
        options.method == AreaMethod::Planar ? area.gk_area_m2 : std::optional<double>(area.area_m2);
    if (!m2) {
      check.note = "no Gauss-Kruger plane fits the parcel (it crosses the antimeridian): no planar area";
    } else {
      check.note = method_note(options.method, area, calculator->ellipsoid());
      check.computed = *m2 / square_metres_per(Unit::Hectare);
      if (check.value_text.empty()) {
        check.note = "the file states no area for this parcel; computed is the " + check.note;
      } else {
        check.deviation = *check.computed - check.reading.value;
        check.status = check.reading.interval.contains(*check.computed) ? CheckStatus::Pass : CheckStatus::Fail;
      }
    }
    result.checks.push_back(std::move(check));
  }
  problems.throw_if_any();
  return result;
}

Park stated_parcels_park(const std::string& input, const StatedParcelOptions& options) {
  StatedParcelChecks checked = check_stated_parcels(input, options);
  // The geometries of the parcels checked (an invalid one skipped is not among them), read again.
  const InputSource source = open_input(input, options.input);
  OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
  apply_where(layer, source_display_name(input), options.input);
  const std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
  const OGRSpatialReference* crs = source_crs(layer, assigned.get());
  const int id_index = layer.GetLayerDefn()->GetFieldIndex(kParcelIdField);
  std::map<std::string, std::unique_ptr<OGRGeometry>> geometries;
  layer.ResetReading();
  for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature; feature.reset(layer.GetNextFeature())) {
    const std::string id = id_index >= 0 && feature->IsFieldSetAndNotNull(id_index)
                               ? trimmed(feature->GetFieldAsString(id_index))
                               : std::to_string(feature->GetFID());
    if (const OGRGeometry* geometry = feature->GetGeometryRef()) geometries[id].reset(geometry->clone());
  }

  Park park;
  park.source.path = source_display_name(input);
  for (const LayerSpec& spec : park_schema()) {
    Table& table = park.source.table(spec.name);
    table.spec = &spec;
    table.file = park.source.path;
    table.layer = spec.name == "parcels" ? checked.layer : spec.name;
  }
  Table& parcels = park.source.parcels;
  if (crs) parcels.crs.reset(crs->Clone());
  const AreaCalculator calculator(*crs, AreaOptions{true});
  GeosContext geos;
  std::vector<GeosGeometry> parts;
  for (const Check& check : checked.checks) {
    const std::string id = check.subject.substr(check.subject.find(':') + 1);
    auto found = geometries.find(id);
    if (found == geometries.end() || !found->second) continue;
    const std::string name = checked.names.count(check.subject) ? checked.names.at(check.subject) : "";
    Row row;
    row.fid = static_cast<long long>(parcels.rows.size()) + 1;
    // id, name_en, name_zh, phase, provenance, accuracy_m, note (schema.cpp)
    row.values = {id, name, name, std::string("0"), std::string("surveyed"), std::nullopt, check.note};
    row.geometry = std::move(found->second);
    park.parcel_areas.push_back(calculator.measure_area(*row.geometry));
    parts.push_back(geos.from_ogr(*row.geometry));
    parcels.rows.push_back(std::move(row));
  }
  if (parcels.rows.empty()) {
    throw InputError(Location{park.source.path, checked.layer, -1, "", ""}, "the layer holds no parcel to report");
  }
  std::vector<const GEOSGeometry*> raw;
  for (const GeosGeometry& g : parts) raw.push_back(g.get());
  park.boundary = geos.to_ogr(*geos.union_all(raw));
  park.boundary->assignSpatialReference(parcels.crs.get());
  park.boundary_area = calculator.measure_area(*park.boundary);
  park.checks = std::move(checked.checks);
  return park;
}

}  // namespace parklayers
