// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/schema.h"

#include <stdexcept>

namespace parklayers {
namespace {

std::vector<LayerSpec> make_schema() {
  const FieldSpec id{"id", FieldType::String, true, {}, 0};
  const FieldSpec name_en{"name_en", FieldType::String, false, {}, 0};
  const FieldSpec name_zh{"name_zh", FieldType::String, false, {}, 0};
  const FieldSpec provenance{"provenance", FieldType::String, true,
                             {"modelled", "surveyed", "published"}, 0};
  const FieldSpec accuracy{"accuracy_m", FieldType::Real, true, {}, 0};
  const FieldSpec note{"note", FieldType::String, false, {}, 0};
  const FieldSpec phase{"phase", FieldType::Integer, true, {}, 1};

  std::vector<LayerSpec> layers;
  layers.push_back({"parcels", GeometryKind::Polygon,
                    {id, name_en, name_zh, phase, provenance, accuracy, note}});
  layers.push_back({"buildings", GeometryKind::Polygon,
                    {id, name_en, name_zh,
                     {"parcel_id", FieldType::String, true, {}, 0},
                     phase,
                     {"storeys", FieldType::Integer, false, {}, 1},
                     {"gfa_m2", FieldType::Real, true, {}, 0},
                     {"use", FieldType::String, false, {}, 0},
                     provenance, accuracy, note}});
  layers.push_back({"roads", GeometryKind::Line,
                    {id, name_en, name_zh, {"kind", FieldType::String, true, {}, 0}, provenance,
                     accuracy, note}});
  layers.push_back({"amenities", GeometryKind::Point,
                    {id, name_en, name_zh,
                     {"kind", FieldType::String, true, {}, 0},
                     {"status", FieldType::String, true, {"existing", "planned"}, 0},
                     {"capacity", FieldType::Integer, false, {}, 0},
                     {"cap_text", FieldType::String, false, {}, 0},
                     provenance, accuracy, note}});
  layers.push_back({"tenants", GeometryKind::None,
                    {id, name_en, name_zh,
                     {"legal_en", FieldType::String, false, {}, 0},
                     {"legal_zh", FieldType::String, false, {}, 0},
                     {"bldg_id", FieldType::String, false, {}, 0},
                     {"phases", FieldType::String, false, {}, 0},
                     {"summary", FieldType::String, false, {}, 0},
                     {"provenance", FieldType::String, true, {"modelled", "surveyed", "published"}, 0},
                     {"source_id", FieldType::String, false, {}, 0},
                     note}});
  layers.push_back({"stated_figures", GeometryKind::None,
                    {id,
                     {"subject", FieldType::String, true, {}, 0},
                     {"quantity", FieldType::String, true, {}, 0},
                     {"value", FieldType::String, true, {}, 0},
                     {"qualifier", FieldType::String, false, {}, 0},
                     {"unit", FieldType::String, true, {}, 0},
                     {"as_written", FieldType::String, false, {}, 0},
                     {"title", FieldType::String, true, {}, 0},
                     {"publisher", FieldType::String, true, {}, 0},
                     {"date", FieldType::String, false, {}, 0},
                     {"url", FieldType::String, false, {}, 0},
                     note}});
  return layers;
}

}  // namespace

size_t LayerSpec::index_of(const std::string& field) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return i;
  }
  throw std::out_of_range("layer " + name + " has no field " + field);
}

const std::vector<LayerSpec>& park_schema() {
  static const std::vector<LayerSpec> schema = make_schema();
  return schema;
}

const std::vector<BuiltLayer>& built_layers() {
  static const std::vector<BuiltLayer> layers = {
      {"parcels", GeometryKind::Polygon, "Parcels of the park by phase"},
      {"buildings", GeometryKind::Polygon, "Buildings with storeys and gross floor area; area_* is the footprint"},
      {"roads", GeometryKind::Line, "Roads along and inside the park"},
      {"amenities", GeometryKind::Point, "Amenities, existing and planned"},
      {"tenants", GeometryKind::None, "Tenants, keyed to buildings by bldg_id"},
      {"area_checks", GeometryKind::None,
       "Each stated figure, the interval it was read as, the value computed from the park and the result"},
      {"park_boundary", GeometryKind::Polygon, "The park's outline: the union of its parcels"},
  };
  return layers;
}

const std::vector<std::string>& built_layer_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const BuiltLayer& layer : built_layers()) out.push_back(layer.name);
    return out;
  }();
  return names;
}

const LayerSpec& layer_spec(const std::string& layer) {
  for (const LayerSpec& spec : park_schema()) {
    if (spec.name == layer) return spec;
  }
  throw std::out_of_range("no layer " + layer + " in the park schema");
}

const char* field_type_name(FieldType type) {
  switch (type) {
    case FieldType::String: return "text";
    case FieldType::Integer: return "integer";
    case FieldType::Real: return "number";
  }
  return "?";
}

const char* geometry_kind_name(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::None: return "none";
    case GeometryKind::Polygon: return "Polygon or MultiPolygon";
    case GeometryKind::Line: return "LineString or MultiLineString";
    case GeometryKind::Point: return "Point or MultiPoint";
  }
  return "?";
}

}  // namespace parklayers
