// Checks of a layer of parcels that state their own areas: a land-parcel coordinate file
// (用地红线坐标文件, read by GDAL's BAOPAN driver), or any layer with the same fields. Each
// feature's stated area (field stated_area_ha, text as written: "0.4820") is read with the
// written-precision rule (stated_figure.h: "0.4820" ha accepts 0.48195 to 0.48205) and checked
// against the parcel's area, measured
// - planar (the default): on the source's own Gauss-Kruger plane, the shoelace area of the
//   coordinates as they are (area.h), because that is how a coordinate file's 地块面积 was
//   computed; a source in no Gauss-Kruger CRS is measured in its CGCS2000 3-degree zone;
// - ellipsoidal: on the source's own ellipsoid (Karney), as the park's figures are.
// Each check is a row of the park's check schema (checks.h): subject parcel:<id>, quantity
// land_area, unit ha, with its method.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "parklayers/park/checks.h"

namespace parklayers {

// The fields of a parcel layer (the BAOPAN driver's names): the stated area in hectares as
// written (a String), the parcel's number (地块编号) and name (地块名称). Only the first is
// required: without `id` a parcel is known by its feature id.
inline constexpr const char* kStatedAreaField = "stated_area_ha";
inline constexpr const char* kParcelIdField = "id";
inline constexpr const char* kParcelNameField = "name";

struct StatedParcelOptions {
  std::string layer;  // empty: the source's only layer
  InputOptions input;
  AreaMethod method = AreaMethod::Planar;
  // Invalid polygons are refused; with skip_invalid they are left out and passed to on_skipped.
  bool skip_invalid = false;
  std::function<void(const Problem& skipped)> on_skipped;
  // How the source was read that the user should know (texts read as GB18030).
  std::function<void(const Problem& warning)> on_warning;
};

struct StatedParcelChecks {
  std::string layer;
  std::vector<Check> checks;                  // one per parcel, in the layer's order
  std::map<std::string, std::string> names;  // subject ("parcel:1") -> the parcel's name
};

// Whether `path` is a layer of stated parcels rather than a park source: a file (not a folder)
// that GDAL's BAOPAN driver reads, or whose layer (options.layer, or its only one) has a
// stated_area_ha field. A park source (a folder, or a dataset with the park's layers) is not.
bool is_stated_parcel_source(const std::string& path, const StatedParcelOptions& options);

// Reads the layer and checks every parcel. A parcel whose stated area is empty is incomplete
// (the file states none); one that is not a number as written ("0.48 ha", "abc"), a
// stated_area_ha field that is not text, a missing geometry or an invalid polygon is an
// InputError naming the file, layer, feature and field.
StatedParcelChecks check_stated_parcels(const std::string& path, const StatedParcelOptions& options);

struct Park;
// The layer of stated parcels as a park (park.h) in the built park's shape, for what is made from
// a built park (`report`): its parcels (id, name_zh and name_en from the file's name, phase 0,
// provenance "surveyed" with no stated accuracy, their areas), no other features, the boundary as
// their union, and their checks (check_stated_parcels) as the park's checks. Geometries stay in
// the source's CRS. Throws like check_stated_parcels.
Park stated_parcels_park(const std::string& path, const StatedParcelOptions& options);

}  // namespace parklayers
