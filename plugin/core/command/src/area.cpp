// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/area.h"

namespace parklayers::command {

const Declaration<AreaArgs>& area_command() {
  static const Declaration<AreaArgs> declaration = [] {
    using A = AreaArgs;
    Declaration<A> d;
    d.name = "area";
    d.description =
        "Ellipsoidal area of every polygon feature of any OGR source; with -o, a copy of the\n"
        "layer with area_m2, area_mu and area_ha added; with --json, the areas as JSON.\n"
        "Beside it, the planar Gauss-Kruger area (gk_area_m2, with its CRS in gk_crs): on the\n"
        "source's own plane when it is in a Gauss-Kruger CRS (EPSG:4528, 2364, 2416...), else in\n"
        "the feature's CGCS2000 3-degree zone.";
    d.footer =
        "One of -o, --json (or both) and --update.\n"
        "Areas are ellipsoidal (Karney 2013, PROJ geod_polygonarea); 1 mu = 10000/15 m2.\n"
        "Exit status: 0 done, 2 bad input or usage, 3 the output (with --update the table) could\n"
        "not be written, or a database could not be reached.";
    ArgumentInfo input;
    input.names = "INPUT";
    input.kind = Kind::Source;
    input.help = "Any OGR source";
    input.details =
        "GeoPackage, GeoJSON, Shapefile, FlatGeobuf, ..., or a database or other GDAL dataset name: "
        "`\"PG:dbname=cadastre\"` (see [databases as sources](#databases-as-sources)).";
    input.required = true;
    input.processing = "INPUT";
    d.arguments.push_back(argument<A>(input, &A::input));
    d.arguments.push_back(
        argument<A>(layer_argument("The layer to measure (needed when the source has several)"), &A::layer));
    d.arguments.push_back(argument<A>(s_srs_argument(), &A::s_srs));
    d.arguments.push_back(argument<A>(a_srs_argument(), &A::a_srs));
    d.arguments.push_back(argument<A>(encoding_argument(), &A::encoding));
    d.arguments.push_back(argument<A>(where_argument(), &A::where));
    ArgumentInfo output;
    output.names = "-o,--output";
    output.value_name = "OUT";
    output.kind = Kind::OutputFile;
    output.help = "Write a copy of the layer with the areas added; its format from its extension";
    output.details =
        "The fields `area_m2`, `area_mu`, `area_ha`, `gk_area_m2` and `gk_crs` (the job of QGIS's \"Add geometry "
        "attributes\"), and `survey_area_m2` for a source in a Gauss-Kruger CRS; `.gpkg`, `.geojson`, `.shp`, "
        "`.fgb`, `.csv`, `.kml`, `.gml`, `.sqlite`.";
    output.processing = "OUTPUT";
    output.file_filter =
        "GeoPackage (*.gpkg);;GeoJSON (*.geojson);;ESRI Shapefile (*.shp);;FlatGeobuf (*.fgb);;CSV (*.csv)";
    d.arguments.push_back(argument<A>(output, &A::output));
    ArgumentInfo overwrite = overwrite_argument("Replace OUT if it exists");
    overwrite.processing.clear();  // Processing's file picker asks before replacing a file
    d.arguments.push_back(argument<A>(overwrite, &A::overwrite));
    ArgumentInfo json;
    json.names = "--json";
    json.kind = Kind::Flag;
    json.help = "Print the areas as JSON on stdout";
    json.details =
        "`{\"layer\": NAME, \"features\": [{\"fid\", \"area_m2\", \"area_mu\", \"area_ha\", \"gk_area_m2\", "
        "\"gk_crs\", \"survey_area_m2\"}, ...]}`, streamed as features are measured; `survey_area_m2` (the land "
        "survey's own ellipsoidal area) only for a source in a Gauss-Kruger CRS.";
    d.arguments.push_back(argument<A>(json, &A::json));
    d.arguments.push_back(argument<A>(skip_invalid_argument(), &A::skip_invalid));
    ArgumentInfo no_gk;
    no_gk.names = "--no-gk";
    no_gk.kind = Kind::Flag;
    no_gk.help = "Leave out the Gauss-Kruger area (gk_area_m2, gk_crs)";
    no_gk.processing = "NO_GK";
    d.arguments.push_back(argument<A>(no_gk, &A::no_gk));
    ArgumentInfo update;
    update.names = "--update";
    update.kind = Kind::Flag;
    update.help =
        "Write the areas into the table itself (a PostGIS table, PG:..., or a GeoPackage layer):\n"
        "area_m2, area_mu, area_ha (and gk_area_m2, gk_crs; survey_area_m2 on a Gauss-Kruger\n"
        "plane) added or refreshed, in one transaction";
    update.details = "See [areas in place](#areas-in-place-area---update).";
    d.arguments.push_back(argument<A>(update, &A::update));
    d.arguments.push_back(argument<A>(jobs_argument(), &A::jobs));
    d.exclusions = {{"--update", "-o"}, {"--update", "--json"}};
    return d;
  }();
  return declaration;
}

}  // namespace parklayers::command
