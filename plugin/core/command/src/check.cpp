// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/check.h"

#include "parklayers/command/values.h"
#include "parklayers/gis/units.h"
#include "parklayers/park/checks.h"

namespace parklayers::command {

const Declaration<CheckArgs>& check_command() {
  static const Declaration<CheckArgs> declaration = [] {
    using A = CheckArgs;
    Declaration<A> d;
    d.name = "check";
    d.description =
        "Check a park source against its stated figures, or a land-parcel coordinate file (or\n"
        "any layer with a stated_area_ha or TBMJ field) against the areas it states, and print\n"
        "the result. Invalid geometries are refused unless --skip-invalid.";
    d.footer =
        "Exit status: 0 all checks pass (or are incomplete), 1 a stated-figure or overlap check\n"
        "failed, 2 bad input or usage, 3 a database could not be reached.";
    ArgumentInfo source;
    source.names = "SOURCE";
    source.kind = Kind::Source;
    source.help =
        "The park source folder (default: the bundled Anting park), a coordinate file, or any\n"
        "layer of parcels stating their areas (a district's land records)";
    source.details =
        "A park source is a folder of layer files or one dataset (see [the source schema](source-schema.md)); the "
        "environment variable `PARKLAYERS_GEODATA` names another geodata folder. A layer of parcels may be in any "
        "OGR source or PostGIS (`PG:...`, see [databases as sources](#databases-as-sources)).";
    source.processing = "SOURCE";
    d.arguments.push_back(argument<A>(source, &A::source));
    d.arguments.push_back(
        argument<A>(layer_argument("The layer of parcels to check (when the source has several)"), &A::layer));
    ArgumentInfo stated;
    stated.names = "--stated";
    stated.value_name = "FIELD";
    stated.help =
        "The field stating each parcel's area (default stated_area_ha; TBMJ for a 三调 layer):\n"
        "text as written, or a number field, whose last digit sets the precision";
    stated.details =
        "`stated_area_ha` is the coordinate-file driver's field. A field the layer lacks is bad input (exit 2), "
        "the message listing the layer's fields.";
    stated.processing = "STATED";
    d.arguments.push_back(argument<A>(stated, &A::stated));
    ArgumentInfo unit;
    unit.names = "--unit";
    unit.value_name = "m2|mu|ha";
    unit.kind = Kind::Choice;
    unit.choices = {{"m2", ""}, {"mu", ""}, {"ha", ""}};
    unit.help = "The unit of the stated areas (default: from the field's name: _ha, _mu, _m2, TBMJ m2)";
    unit.details = "The name's suffix in any case; a name that says none needs `--unit` (exit 2 without).";
    unit.processing = "UNIT";
    d.arguments.push_back(argument<A>(unit, &A::unit));
    ArgumentInfo id;
    id.names = "--id";
    id.value_name = "FIELD";
    id.help =
        "The field naming each parcel in the rows (default: the first of id, BSM, TBBH, 地块编号;\n"
        "else the FID)";
    id.processing = "ID";
    d.arguments.push_back(argument<A>(id, &A::id));
    ArgumentInfo method;
    method.names = "--method";
    method.value_name = "planar|ellipsoidal|survey";
    method.kind = Kind::Choice;
    method.choices = {{"planar", ""}, {"ellipsoidal", ""}, {"survey", ""}};
    method.help =
        "How the parcels' areas are measured: planar (the default for a layer of parcels: on\n"
        "its own Gauss-Kruger plane, as a coordinate file's 地块面积 were computed), ellipsoidal\n"
        "(Karney's, as the park's figures) or survey (the land survey's own rule, the default\n"
        "for TBMJ on a Gauss-Kruger plane; TBMJ in any other CRS is checked ellipsoidal)";
    method.details =
        "Planar is the shoelace area of the coordinates on the layer's own plane (its datum, its 3- or 6-degree "
        "zone), holes subtracted; a layer in no Gauss-Kruger CRS is measured in its CGCS2000 3-degree zone. That "
        "is the coordinate-analytic method a 地块面积 was computed with. Ellipsoidal is Karney's on the layer's "
        "own ellipsoid (CGCS2000: GRS80; Xian 1980: IAG 75; Beijing 1954: Krassowsky). Survey is the rule the "
        "land survey states 图斑椭球面积 (TBMJ) by: the plane coordinates to 4 decimals, edges over 70 m "
        "divided, each point to latitude and longitude, an ellipsoidal trapezoid per edge, the result to 2 "
        "decimals (see [areas and coordinate systems](areas-and-crs.md#the-land-surveys-ellipsoidal-area)); "
        "only for a layer in a Gauss-Kruger CRS (another is refused, exit 2). A parcel that fails but matches "
        "another method's area within its written precision says so in its note (`matches planar`).";
    method.processing = "METHOD";
    d.arguments.push_back(argument<A>(method, &A::method));
    ArgumentInfo overlaps;
    overlaps.names = "--overlaps";
    overlaps.kind = Kind::Flag;
    overlaps.help =
        "Also check that no two parcels overlap: a row for every pair whose interiors overlap,\n"
        "found with a spatial index (on PostGIS, by the database)";
    overlaps.processing = "OVERLAPS";
    d.arguments.push_back(argument<A>(overlaps, &A::overlaps));
    ArgumentInfo tolerance;
    tolerance.names = "--overlap-tolerance";
    tolerance.value_name = "M2";
    tolerance.kind = Kind::Number;
    tolerance.cli_checked = true;
    tolerance.help =
        "The overlap in m2 up to which a pair passes (default 0.01: rounding slivers along a\n"
        "shared edge)";
    tolerance.processing = "OVERLAP_TOLERANCE";
    d.arguments.push_back(argument<A>(tolerance, &A::overlap_tolerance));
    ArgumentInfo json;
    json.names = "--json";
    json.kind = Kind::Flag;
    json.help = "Print the checks as JSON";
    json.details = "One document, a row a line, written as the rows are made (below).";
    d.arguments.push_back(argument<A>(json, &A::json));
    ArgumentInfo failed_only;
    failed_only.names = "--failed-only";
    failed_only.kind = Kind::Flag;
    failed_only.help = "Print only the rows that fail (the summary still counts every row)";
    d.arguments.push_back(argument<A>(failed_only, &A::failed_only));
    d.arguments.push_back(argument<A>(skip_invalid_argument(), &A::skip_invalid));
    d.arguments.push_back(argument<A>(lang_argument(), &A::lang));
    d.arguments.push_back(argument<A>(a_srs_argument(), &A::a_srs));
    d.arguments.push_back(argument<A>(encoding_argument(), &A::encoding));
    ArgumentInfo where = where_argument();
    where.details =
        "A layer of parcels only: a park's layers refer to each other by id, so select features before, with "
        "`convert --where`. For example `--where \"id = 'P3'\"`.";
    d.arguments.push_back(argument<A>(where, &A::where));
    d.arguments.push_back(argument<A>(jobs_argument(), &A::jobs));
    return d;
  }();
  return declaration;
}

StatedParcelOptions stated_parcel_options(const CheckArgs& args) {
  StatedParcelOptions parcels;
  if (!args.method.empty()) {
    parcels.method = parse_area_method(args.method);
    if (!parcels.method) throw UsageError("--method takes planar, ellipsoidal or survey, not '" + args.method + "'");
  }
  parcels.layer = args.layer;
  parcels.input = input_options(args.a_srs, args.encoding, args.where);
  parcels.stated_field = args.stated;
  parcels.id_field = args.id;
  parcels.overlaps = args.overlaps;
  parcels.overlap_tolerance_m2 = args.overlap_tolerance;
  parcels.skip_invalid = args.skip_invalid;
  parcels.jobs = args.jobs;
  if (!args.unit.empty()) {
    parcels.unit = parse_unit(args.unit);
    if (!parcels.unit || unit_dimension(*parcels.unit) != Dimension::Area) {
      throw UsageError("--unit takes m2, mu or ha, not '" + args.unit + "'");
    }
  }
  return parcels;
}

bool takes_layer_of_parcels(const CheckArgs& args) {
  return !args.unit.empty() || !args.id.empty() || args.overlaps;
}

}  // namespace parklayers::command
