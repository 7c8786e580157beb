// `parklayers convert`: every layer of every input in every format.
#include <iostream>
#include <memory>

#include "cli.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/styles.h"

namespace parklayers::cli {
namespace {

struct ConvertArgs {
  std::vector<std::string> inputs;
  std::string outdir;
  std::vector<std::string> formats;
  std::string t_srs;
  std::string s_srs;
  InputOptions input;
  bool csv_wkt = false;
  std::string txt_encoding;
  bool overwrite = false;
  bool quiet = false;
  std::string schema;
};

int run_convert(const ConvertArgs& a) {
  ConvertOptions options;
  options.formats = formats_of(a.formats);
  options.target_crs = a.t_srs;
  options.input = a.input;
  options.source_crs = source_crs_of(a.s_srs, options.input);
  options.overwrite = a.overwrite;
  options.csv_wkt = a.csv_wkt;
  options.txt_encoding = a.txt_encoding;
  options.default_style = default_style_for;
  options.schema = a.schema;
  const bool to_database = is_postgres_name(a.outdir);
  if (!a.schema.empty() && !to_database) throw UsageError("--schema is for -f PostgreSQL -o PG:...");
  TermProgress bar;
  if (!a.quiet) options.progress = [&bar](double done) { bar(done); };
  const ConvertResult result = convert(a.inputs, a.outdir, options);
  print_warnings(result.warnings);
  if (!a.quiet) {
    for (const ConvertedLayer& layer : result.layers) {
      std::cout << layer.input << ": " << layer.layer << ": " << layer.features << " features\n";
    }
    if (to_database) {
      std::cout << "Wrote " << result.tables.size() << " tables into " << describe_database(a.outdir) << "\n";
    } else {
      std::cout << "Wrote " << result.files.size() << " files in " << a.outdir << "\n";
    }
  }
  return kExitOk;
}

}  // namespace

Command add_convert_command(CLI::App& parklayers) {
  auto a = std::make_shared<ConvertArgs>();
  CLI::App* convert = parklayers.add_subcommand(
      "convert",
      "Every layer of every INPUT (any OGR source) in every FORMAT, each input read once:\n"
      "OUTDIR/STEM.gpkg (all layers, QGIS styles) and OUTDIR/STEM/LAYER.geojson|.shp|.fgb|\n"
      ".csv|.kml (+ LAYER.qml styles). Outputs appear only when all are complete; existing\n"
      "ones are kept unless --overwrite. A progress bar goes to stderr unless -q.");
  convert->add_option("INPUT", a->inputs, "Any OGR sources")->type_name("")->required();
  convert
      ->add_option("-o,--output", a->outdir,
                   "The folder to write in; with -f PostgreSQL the database, PG:\"dbname=... host=...\"")
      ->type_name("OUTDIR")
      ->required();
  add_formats_option(*convert, a->formats,
                     "GPKG, GeoJSON, \"ESRI Shapefile\" (SHP), FlatGeobuf, CSV, KML or BAOPAN (the Chinese land-parcel\n"
                     "coordinate file, LAYER.txt: needs a Chinese Gauss-Kruger CRS); repeat it for several;\n"
                     "or PostgreSQL alone (each input into a schema of -o PG:..., one transaction)");
  convert
      ->add_option("--schema", a->schema,
                   "-f PostgreSQL: every input into this schema (default: a schema per input, named as its STEM)")
      ->type_name("NAME");
  convert->get_option("-f")->required();
  convert
      ->add_option("--t_srs", a->t_srs,
                   "The output CRS: EPSG:4326, EPSG:4490, EPSG:4549, anything PROJ knows, or GCJ02/BD09\n"
                   "(default: each layer's own, or WGS 84 with --s_srs)")
      ->type_name("CRS");
  add_source_crs_option(*convert, a->s_srs);
  add_input_options(*convert, a->input);
  convert->add_flag("--csv-wkt", a->csv_wkt, "CSV outputs get a WKT column with the geometry (default: attributes only)");
  convert
      ->add_option("--txt-encoding", a->txt_encoding,
                   "BAOPAN: the encoding of the coordinate files written, UTF-8 (default) or GBK")
      ->type_name("UTF-8|GBK")
      ->check(CLI::IsMember({"UTF-8", "GBK"}, CLI::ignore_case));
  convert->add_flag("--overwrite", a->overwrite, "Replace outputs (with -f PostgreSQL, schemas) that exist");
  add_quiet_flag(*convert, a->quiet);
  convert->footer("Exit status: 0 done, 2 bad input or usage, 3 the output could not be written.");
  return {convert, [a] { return run_convert(*a); }, [] { return true; }};
}

}  // namespace parklayers::cli
