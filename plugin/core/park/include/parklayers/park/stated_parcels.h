// SPDX-License-Identifier: GPL-2.0-or-later
// Checks of a layer of parcels that state their own areas: a land-parcel coordinate file
// (用地红线坐标文件, read by GDAL's BAOPAN driver), a district's land records (a 三调 layer
// stating 图斑面积 in TBMJ, a cadastre stating areas in mu or ha), any layer with such a field.
// Each feature's stated area is read with the written-precision rule (stated_figure.h: "0.4820"
// ha accepts 0.48195 to 0.48205; a number field as GDAL gives its value, read_recorded_figure) and
// checked against the parcel's area, measured
// - planar (the default): on the source's own Gauss-Kruger plane, the shoelace area of the
//   coordinates as they are (area.h), because that is how a coordinate file's 地块面积 was
//   computed; a source in no Gauss-Kruger CRS is measured in its CGCS2000 3-degree zone;
// - ellipsoidal: on the source's own ellipsoid (Karney), as the park's figures are, and the
//   default for TBMJ on a layer in no Gauss-Kruger CRS;
// - survey: the land survey's own ellipsoidal area (gis/survey_area.h), the rule TBMJ is
//   computed by, and TBMJ's default on a layer in a Gauss-Kruger CRS (the only CRS it takes).
// A parcel that fails its method but lies within its written precision of another method's
// area says so in its note ("matches planar (...)").
// With overlaps, every pair of parcels whose interiors overlap is a row too (quantity overlap),
// found with a spatial index (gis/overlaps.h; on PostGIS by the database, io/layer_overlaps.h).
// Each check is a row of the park's check schema (checks.h): quantity land_area, in the stated
// unit, with its method, and the layer's FIDs of the features it is about.
//
// The layer is read as `area` reads it (io/layer_area.h: a reader thread, a worker per core) and
// each row is passed on as it is made, in reading order: memory does not grow with the layer.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parklayers/gis/error.h"
#include "parklayers/gis/overlaps.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/input.h"
#include "parklayers/park/checks.h"

namespace parklayers {

// The fields of a parcel layer (the BAOPAN driver's names): the stated area in hectares as
// written (a String), the parcel's number (地块编号) and name (地块名称). Only the first is
// required: without an id field a parcel is known by its feature id.
inline constexpr const char* kStatedAreaField = "stated_area_ha";
inline constexpr const char* kParcelNameField = "name";
// The fields that name a parcel, the first present taken: the BAOPAN driver's and the park's
// `id`, a 三调 layer's 标识码 BSM and 图斑编号 TBBH, a cadastre's 地块编号.
inline constexpr const char* kParcelIdFields[] = {"id", "BSM", "TBBH", "地块编号"};

// The unit a stated-area field's name implies: a suffix _ha, _mu or _m2 (any case), or TBMJ (the
// land survey's 图斑面积, in m2); nullopt otherwise.
std::optional<Unit> unit_of_field_name(const std::string& field);

struct StatedParcelOptions {
  std::string layer;  // empty: the source's only layer
  InputOptions input;
  // The field stating each parcel's area (empty: stated_area_ha) and its unit (nullopt: from the
  // field's name, unit_of_field_name; an InputError when the name says none).
  std::string stated_field;
  std::optional<Unit> unit;
  // The field naming each parcel in the rows (empty: the first of kParcelIdFields the layer has).
  std::string id_field;
  // nullopt: planar, but for TBMJ survey on a Gauss-Kruger plane and ellipsoidal elsewhere.
  // Survey on a layer in no Gauss-Kruger CRS is an InputError naming the file and layer.
  std::optional<AreaMethod> method;
  // Overlapping parcels as rows too; a pair fails when it overlaps by more than the tolerance.
  bool overlaps = false;
  double overlap_tolerance_m2 = kDefaultOverlapToleranceM2;
  // Invalid polygons are refused; with skip_invalid they are left out and passed to on_skipped.
  bool skip_invalid = false;
  std::function<void(const Problem& skipped)> on_skipped;
  // How the source was read that the user should know (texts read as GB18030).
  std::function<void(const Problem& warning)> on_warning;
  // A sharded table (io/shards.h): how many partitions are checked at once; 0: all of them, up
  // to the machine's cores.
  int jobs = 0;
};

struct StatedParcelChecks {
  std::string layer;
  std::vector<Check> checks;                  // one per parcel, in the layer's order
  std::map<std::string, std::string> names;  // subject ("parcel:1") -> the parcel's name
};

// Whether `path` is a layer of stated parcels rather than a park source: a file (not a folder)
// that GDAL's BAOPAN driver reads, or one naming a layer or stated field in options, or one
// with a layer stating areas (stated_area_ha or TBMJ; find_stated_layer, or several). A park source (a folder, or a dataset with the
// park's layers) is not.
bool is_stated_parcel_source(const SourceName& path, const StatedParcelOptions& options);

// The layer of a dataset whose parcels state their areas, and the field: among options.layer,
// or every layer when it is empty, the only one with options.stated_field; when that is empty,
// the only one with stated_area_ha, else the only one with TBMJ (a land-survey package: DLTB
// among its other layers). nullopt when none has the field (a park's layers state none), or
// when several have it (the user names one with --layer).
struct StatedLayer {
  std::string layer;
  std::string field;
};
std::optional<StatedLayer> find_stated_layer(const SourceName& path, const StatedParcelOptions& options);

// What a streamed check found, for the summary after the rows.
struct StatedParcelSummary {
  std::string layer;
  std::string stated_field;  // "" when the layer states no area (only overlaps were checked)
  Unit unit = Unit::Hectare;
  long long counts[3] = {0, 0, 0};  // rows by CheckStatus: pass, fail, incomplete
  // Stated values that are no number (their rows incomplete): how many, and the first one.
  long long unreadable = 0;
  Problem first_unreadable;
  bool all_pass() const { return counts[1] == 0; }
};

using StatedCheckCallback = std::function<void(const Check& check, const std::string& name)>;
// Called once the layer is open and its fields known, before the first row.
using StatedLayerCallback = std::function<void(const StatedParcelSummary& layer)>;

// Reads the layer and checks every parcel, passing each row to on_check as it is made, with the
// parcel's name (the name field; "" for none or an overlap), in reading order (then the
// overlaps, ordered by their FIDs). The subject of a parcel's row is
// parcel:<id>, its id the id field's value (else its FID), its fids its FID; an overlap's id is
// "<id A> <id B>", its subject "<FID A> <FID B>". A parcel whose stated area is empty is
// incomplete (the layer states none), and so is one whose value is no number ("0.48 ha", "abc"),
// counted as unreadable. A stated field the layer lacks, a unit that cannot be told, a missing
// geometry or an invalid polygon (unless skip_invalid) is an InputError naming the file, layer,
// feature and field.
StatedParcelSummary stream_stated_parcels(const SourceName& path, const StatedParcelOptions& options,
                                          const StatedCheckCallback& on_check,
                                          const StatedLayerCallback& on_layer = nullptr);

// The same, every row kept (for a park's sheet, the QGIS plugin: layers of a few parcels), with
// the parcels' names (the name field).
StatedParcelChecks check_stated_parcels(const SourceName& path, const StatedParcelOptions& options);

struct Park;
// The layer of stated parcels as a park (park.h) in the built park's shape, for what is made from
// a built park (`report`): its parcels (id, name_zh and name_en from the file's name, phase 0,
// provenance "surveyed" with no stated accuracy, their areas), no other features, the boundary as
// their union, and their checks (check_stated_parcels) as the park's checks. Geometries stay in
// the source's CRS. Throws like check_stated_parcels.
Park stated_parcels_park(const SourceName& path, const StatedParcelOptions& options);

}  // namespace parklayers
