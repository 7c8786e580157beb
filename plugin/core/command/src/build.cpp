// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/build.h"

namespace parklayers::command {

const Declaration<BuildArgs>& build_command() {
  static const Declaration<BuildArgs> declaration = [] {
    using A = BuildArgs;
    Declaration<A> d;
    d.name = "build";
    d.description =
        "Check a park source and write its layers (parcels, buildings, roads, amenities,\n"
        "tenants, area_checks, park_boundary) to OUT, a GeoPackage with QGIS default styles.\n"
        "Prints the checks. When parklayers-qgis-project (built with the QGIS plugin) is next\n"
        "to parklayers or on PATH, it stores a laid-out QGIS project in OUT too.\n"
        "With -f, OUT is a folder and the park is written in each FORMAT there as `convert`\n"
        "lays it out, named after SOURCE's folder (anting_park.gpkg, anting_park/).\n"
        "With -o PG:\"dbname=... host=...\", the park goes into a schema of that PostGIS database\n"
        "(tables, QGIS styles in public.layer_styles, the QGIS project), all in one transaction.";
    d.footer =
        "Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage,\n"
        "3 the output could not be written.";
    ArgumentInfo source;
    source.names = "SOURCE";
    source.kind = Kind::Source;
    source.help = "The park source folder (default: the bundled Anting park)";
    source.details =
        "Or one dataset holding the park's layers (see [the source schema](source-schema.md)). The environment "
        "variable `PARKLAYERS_GEODATA` names another geodata folder.";
    source.processing = "SOURCE";
    d.arguments.push_back(argument<A>(source, &A::source));
    ArgumentInfo output;
    output.names = "-o,--output";
    output.value_name = "OUT";
    output.kind = Kind::OutputFile;
    output.help = "The GeoPackage to write (default anting_park.gpkg); with -f, the folder (default .)";
    output.details = "A `.sqlite` name is also accepted; `PG:...` writes the park into a database (below).";
    output.processing = "OUTPUT";
    output.file_filter = "GeoPackage (*.gpkg);;SQLite (*.sqlite)";
    d.arguments.push_back(argument<A>(output, &A::output));
    ArgumentInfo formats = formats_argument(
        "Write the park in FORMAT instead of one GeoPackage, laid out as `convert` lays it out (repeatable)");
    formats.details = "The outputs are named after the source folder: `anting_park.gpkg` and `anting_park/` for the "
                      "bundled park.";
    formats.processing.clear();  // Processing's build writes the GeoPackage; convert writes the formats
    d.arguments.push_back(argument<A>(formats, &A::formats));
    ArgumentInfo schema;
    schema.names = "--schema";
    schema.value_name = "NAME";
    schema.kind = Kind::Schema;
    schema.help =
        "With -o PG:...: the schema to write (default anting_park for the bundled park, else the\n"
        "source folder's name)";
    schema.processing = "OUTPUT_SCHEMA";
    d.arguments.push_back(argument<A>(schema, &A::schema));
    d.arguments.push_back(
        argument<A>(overwrite_argument("Replace OUT (with -o PG:..., the schema) if it exists"), &A::overwrite));
    ArgumentInfo skip_invalid = skip_invalid_argument();
    skip_invalid.details += " A skipped parcel still fails the buildings that stand on it.";
    d.arguments.push_back(argument<A>(skip_invalid, &A::skip_invalid));
    d.arguments.push_back(argument<A>(quiet_argument(), &A::quiet));
    d.arguments.push_back(argument<A>(lang_argument(), &A::lang));
    d.arguments.push_back(argument<A>(a_srs_argument(), &A::a_srs));
    d.arguments.push_back(argument<A>(encoding_argument(), &A::encoding));
    ArgumentInfo with;
    with.names = "--qgis-project";
    with.kind = Kind::Flag;
    with.help = "Store the QGIS project in OUT; an error when parklayers-qgis-project is missing";
    d.arguments.push_back(argument<A>(with, &A::qgis_project));
    ArgumentInfo without;
    without.names = "--no-qgis-project";
    without.kind = Kind::Flag;
    without.help = "Do not store a QGIS project";
    d.arguments.push_back(argument<A>(without, &A::no_qgis_project));
    d.exclusions = {{"--qgis-project", "--no-qgis-project"}};
    return d;
  }();
  return declaration;
}

}  // namespace parklayers::command
