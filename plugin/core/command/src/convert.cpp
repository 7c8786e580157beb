// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/convert.h"

#include <memory>

#include "parklayers/command/values.h"
#include "parklayers/park/boundary_points.h"

namespace parklayers::command {

const Declaration<ConvertArgs>& convert_command() {
  static const Declaration<ConvertArgs> declaration = [] {
    using A = ConvertArgs;
    Declaration<A> d;
    d.name = "convert";
    d.description =
        "Every layer of every INPUT (any OGR source) in every FORMAT, each input read once:\n"
        "OUTDIR/STEM.gpkg (all layers, QGIS styles) and OUTDIR/STEM/LAYER.geojson|.shp|.fgb|\n"
        ".csv|.kml (+ LAYER.qml styles). Outputs appear only when all are complete; existing\n"
        "ones are kept unless --overwrite. A progress bar goes to stderr unless -q.";
    d.footer = "Exit status: 0 done, 2 bad input or usage, 3 the output could not be written.";
    ArgumentInfo inputs;
    inputs.names = "INPUT";
    inputs.kind = Kind::Sources;
    inputs.help = "Any OGR sources";
    inputs.details = "A built park GeoPackage, a folder, another park's data, a coordinate file, a DXF, a database.";
    inputs.required = true;
    inputs.processing = "INPUT";
    d.arguments.push_back(argument<A>(inputs, &A::inputs));
    ArgumentInfo output;
    output.names = "-o,--output";
    output.value_name = "OUTDIR";
    output.kind = Kind::OutputFolder;
    output.help = "The folder to write in; with -f PostgreSQL the database, PG:\"dbname=... host=...\"";
    output.required = true;
    output.processing = "OUTPUT";
    d.arguments.push_back(argument<A>(output, &A::outdir));
    ArgumentInfo formats = formats_argument(
        "GPKG, GeoJSON, \"ESRI Shapefile\" (SHP), FlatGeobuf, CSV, KML or BAOPAN (the Chinese land-parcel\n"
        "coordinate file, LAYER.txt: needs a Chinese Gauss-Kruger CRS); repeat it for several;\n"
        "or PostgreSQL alone (each input into a schema of -o PG:..., one transaction); XLSX: the\n"
        "boundary-point table (界址点成果表)");
    // Beyond the formats of the features (io/format.h): Processing offers it too.
    formats.choices = {{"XLSX", ""}};
    formats.details =
        "Names in any case; `PostGIS` and `PG` also name PostgreSQL, which is written in a run of its own, not "
        "with files. `XLSX` writes not the features but each input's boundary-point table, OUTDIR/STEM.xlsx, a "
        "sheet per polygon layer (see [boundary-point tables](coordinate-files.md#boundary-point-tables)).";
    formats.required = true;
    d.arguments.push_back(argument<A>(formats, &A::formats));
    ArgumentInfo schema;
    schema.names = "--schema";
    schema.value_name = "NAME";
    schema.kind = Kind::Schema;
    schema.help = "-f PostgreSQL: every input into this schema (default: a schema per input, named as its STEM)";
    schema.details = "Two layers of the same name are refused before anything is written.";
    schema.processing = "OUTPUT_SCHEMA";
    d.arguments.push_back(argument<A>(schema, &A::schema));
    ArgumentInfo t_srs;
    t_srs.names = "--t_srs";
    t_srs.value_name = "CRS";
    t_srs.kind = Kind::Crs;
    t_srs.help =
        "The output CRS: EPSG:4326, EPSG:4490, EPSG:4549, anything PROJ knows, or GCJ02/BD09\n"
        "(default: each layer's own, or WGS 84 with --s_srs)";
    t_srs.details =
        "GeoJSON is always WGS 84. Area fields are copied, not recomputed, so they stay ellipsoidal.";
    t_srs.processing = "TARGET_CRS";
    d.arguments.push_back(argument<A>(t_srs, &A::t_srs));
    d.arguments.push_back(argument<A>(s_srs_argument(), &A::s_srs));
    d.arguments.push_back(argument<A>(a_srs_argument(), &A::a_srs));
    d.arguments.push_back(argument<A>(encoding_argument(), &A::encoding));
    d.arguments.push_back(argument<A>(where_argument(), &A::where));
    ArgumentInfo csv_wkt;
    csv_wkt.names = "--csv-wkt";
    csv_wkt.kind = Kind::Flag;
    csv_wkt.help = "CSV outputs get a WKT column with the geometry (default: attributes only)";
    csv_wkt.processing = "CSV_WKT";
    d.arguments.push_back(argument<A>(csv_wkt, &A::csv_wkt));
    ArgumentInfo txt;
    txt.names = "--txt-encoding";
    txt.value_name = "UTF-8|GBK";
    txt.kind = Kind::Choice;
    txt.choices = {{"UTF-8", ""}, {"GBK", ""}};
    txt.cli_checked = true;
    txt.help = "BAOPAN: the encoding of the coordinate files written, UTF-8 (default) or GBK";
    txt.details = "GBK for land-approval systems that read GBK only.";
    txt.processing = "TXT_ENCODING";
    d.arguments.push_back(argument<A>(txt, &A::txt_encoding));
    d.arguments.push_back(argument<A>(
        overwrite_argument("Replace outputs (with -f PostgreSQL, schemas) that exist"), &A::overwrite));
    d.arguments.push_back(argument<A>(quiet_argument(), &A::quiet));
    return d;
  }();
  return declaration;
}

ConvertFormats convert_formats_of(const std::vector<std::string>& names) {
  ConvertFormats result;
  std::vector<std::string> features;
  for (const std::string& name : names) {
    if (is_xlsx_format(name)) {
      result.point_workbooks = true;
    } else {
      features.push_back(name);
    }
  }
  result.formats = formats_of(features);
  return result;
}

ConvertResult run_convert(const ConvertArgs& args, const std::vector<SourceName>& inputs, const std::string& outdir,
                          const ConvertOptions& options, bool point_workbooks) {
  std::unique_ptr<PointWorkbooks> workbooks;
  if (point_workbooks) {
    for (const Format format : options.formats) {
      if (format == Format::PostgreSQL) throw UsageError("-f XLSX writes files: it cannot go with -o PG:...");
    }
    if (!args.t_srs.empty() || !args.s_srs.empty()) {
      throw UsageError("-f XLSX lists the points on each layer's own Gauss-Kruger plane (or its CGCS2000 zone); "
                       "--t_srs and --s_srs do not apply: convert to a GeoPackage first");
    }
    workbooks = std::make_unique<PointWorkbooks>(inputs, outdir, options.input, options.overwrite);
  }
  ConvertResult result;
  if (!options.formats.empty()) result = convert(inputs, outdir, options);
  if (workbooks) {
    workbooks->commit();
    result.files.insert(result.files.end(), workbooks->files().begin(), workbooks->files().end());
    result.warnings.insert(result.warnings.begin(), workbooks->warnings().begin(), workbooks->warnings().end());
  }
  return result;
}

}  // namespace parklayers::command
