// SPDX-License-Identifier: GPL-2.0-or-later
// The park source schema: the six layers a park source holds, their fields, types and allowed
// values. Any park can follow it; docs/source-schema.md documents the same table.
// Field names are at most 10 ASCII characters so that a Shapefile set can hold them too.
#pragma once

#include <string>
#include <vector>

namespace parklayers {

enum class FieldType { String, Integer, Real };
enum class GeometryKind { None, Polygon, Line, Point };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::String;
  bool required = false;              // the column must exist and every value be non-empty
  std::vector<std::string> allowed;   // for strings: the values allowed (empty: any)
  double min = 0;                     // for numbers: the smallest value allowed
};

struct LayerSpec {
  std::string name;
  GeometryKind geometry = GeometryKind::None;
  std::vector<FieldSpec> fields;

  // Index of the field in `fields`; throws std::out_of_range for an unknown name.
  size_t index_of(const std::string& field) const;
};

// The layers, in reading order: parcels, buildings, roads, amenities, tenants, stated_figures.
const std::vector<LayerSpec>& park_schema();
const LayerSpec& layer_spec(const std::string& layer);

// A layer of a built park: its name and the description a GeoPackage stores with it.
struct BuiltLayer {
  std::string name;
  GeometryKind geometry = GeometryKind::None;
  std::string description;
};

// The layers a built park holds, in writing order: parcels, buildings, roads, amenities,
// tenants (the source's layers), area_checks (no geometry) and park_boundary. The one list of
// the park's layer names: the writer, the styles, the QGIS layout and the tests read it here.
const std::vector<BuiltLayer>& built_layers();
const std::vector<std::string>& built_layer_names();

const char* field_type_name(FieldType type);
const char* geometry_kind_name(GeometryKind kind);

}  // namespace parklayers
