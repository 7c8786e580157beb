// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/report.h"

namespace parklayers::command {

const Declaration<ReportArgs>& report_command() {
  static const Declaration<ReportArgs> declaration = [] {
    using A = ReportArgs;
    Declaration<A> d;
    d.name = "report";
    d.description =
        "Write the park and its checks as a PDF map sheet: page 1 the map (the park's layers\n"
        "styled as in QGIS, parcels labelled with name and area in mu, legend, scale bar, north\n"
        "arrow, CRS, centre), then every stated figure checked (wording, accepted interval,\n"
        "computed value, method, status) with the sources cited, and how good the geometry is\n"
        "(modelled or surveyed, positional accuracy), the date, the version and the input.\n"
        "Needs parklayers-qgis-report (built with the QGIS plugin where QGIS is installed) next\n"
        "to parklayers or on PATH; without it the command exits with status 2.";
    d.footer =
        "Exit status: 0 written, all checks pass (or are incomplete); 1 written, a stated-figure\n"
        "check failed; 2 bad input or usage (a source with no stated figures, no Chinese font\n"
        "for --lang zh, no parklayers-qgis-report); 3 the output could not be written.";
    ArgumentInfo source;
    source.names = "SOURCE";
    source.kind = Kind::Source;
    source.help =
        "What `check` takes: a park source folder (default: the bundled Anting park), a\n"
        "built GeoPackage, a coordinate file, or a PostGIS park (PG:\"... schemas=NAME\")";
    source.details =
        "A built park is read as it is and never changed; a coordinate file's or another layer's parcels are drawn "
        "as \"Surveyed; positional accuracy not stated\".";
    source.processing = "SOURCE";
    d.arguments.push_back(argument<A>(source, &A::source));
    ArgumentInfo output;
    output.names = "-o,--output";
    output.value_name = "OUT.pdf";
    output.kind = Kind::OutputFile;
    output.help = "The PDF to write";
    output.required = true;
    output.processing = "OUTPUT";
    output.file_filter = "PDF (*.pdf)";
    d.arguments.push_back(argument<A>(output, &A::output));
    ArgumentInfo paper;
    paper.names = "--paper";
    paper.value_name = "A4|A3";
    paper.kind = Kind::Choice;
    paper.choices = {{"A4", ""}, {"A3", ""}};
    paper.help = "Paper size, landscape (default A4)";
    paper.processing = "PAPER";
    d.arguments.push_back(argument<A>(paper, &A::paper));
    ArgumentInfo png;
    png.names = "--png";
    png.kind = Kind::Flag;
    png.help = "Also write each page as a PNG next to OUT: OUT's name with -1.png, -2.png...";
    d.arguments.push_back(argument<A>(png, &A::png));
    ArgumentInfo points;
    points.names = "--points";
    points.kind = Kind::Flag;
    points.help =
        "After the sheet, each parcel's boundary-point table (界址点成果表): its points J1, J2... with X\n"
        "(northing) and Y (easting) to the millimetre and the distance to the next point, and its\n"
        "planar and ellipsoidal areas";
    points.details =
        "On the layer's own Gauss-Kruger plane; a layer in longitude and latitude (or another projection) is "
        "projected to the CGCS2000 3-degree zone of each parcel, which the table names. See "
        "[boundary-point tables](coordinate-files.md#boundary-point-tables).";
    points.processing = "POINTS";
    d.arguments.push_back(argument<A>(points, &A::points));
    ArgumentInfo overwrite = overwrite_argument("Replace OUT (and its PNGs) if they exist");
    overwrite.processing.clear();  // Processing's file picker asks before replacing a file
    d.arguments.push_back(argument<A>(overwrite, &A::overwrite));
    d.arguments.push_back(
        argument<A>(layer_argument("The layer of parcels to report (when the source has several)"), &A::layer));
    d.arguments.push_back(argument<A>(skip_invalid_argument(), &A::skip_invalid));
    ArgumentInfo lang = lang_argument();
    lang.help =
        "The language of every word on the sheet: en (the default) or zh, set in a font with\n"
        "Chinese characters, embedded";
    lang.processing = "LANGUAGE";
    d.arguments.push_back(argument<A>(lang, &A::lang));
    d.arguments.push_back(argument<A>(a_srs_argument(), &A::a_srs));
    d.arguments.push_back(argument<A>(encoding_argument(), &A::encoding));
    d.arguments.push_back(argument<A>(where_argument(), &A::where));
    return d;
  }();
  return declaration;
}

}  // namespace parklayers::command
