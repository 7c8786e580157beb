// `parklayers build`: check a park source and write its layers.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/source.h"
#include "parklayers/park/writer.h"
#include "qgis_project.h"

namespace parklayers::cli {
namespace {

struct BuildArgs {
  std::string source = bundled_park_path();
  std::string output;  // empty: anting_park.gpkg, or . with -f
  std::vector<std::string> formats;
  bool overwrite = false;
  bool quiet = false;
  bool skip_invalid = false;
  std::string lang = "en";
  bool qgis_project = false;
  bool no_qgis_project = false;
  std::string schema;
  InputOptions input;
};

// `build -o PG:...`: the park into a schema of the database.
int run_build_postgres(const BuildArgs& a, const std::vector<Format>& formats) {
  if (formats.size() > 1 || (formats.size() == 1 && formats[0] != Format::PostgreSQL)) {
    throw UsageError("-o PG:... writes the park into the database: -f takes no file format with it");
  }
  const Language language = language_of(a.lang);
  // A bad source is refused before the database is touched.
  const Park park = load_park(a.source, a.skip_invalid, a.input);
  const QgisProjectMode mode = a.qgis_project      ? QgisProjectMode::Required
                               : a.no_qgis_project ? QgisProjectMode::Off
                                                   : QgisProjectMode::Auto;
  QgisProjectResult project;
  PostgresParkOptions options;
  options.schema = a.schema;
  options.overwrite = a.overwrite;
  options.project = [&](const std::string& gpkg, const std::string& schema) {
    return postgres_qgis_project(gpkg, a.output, schema, mode, project);
  };
  TermProgress bar;
  if (!a.quiet) options.progress = [&bar](double done) { bar(done); };
  const ConvertResult result = write_park_postgres(park, a.output, options);
  print_warnings(result.warnings);
  if (project.outcome == QgisProjectResult::Outcome::Failed) {
    std::cerr << "parklayers: warning: " << project.message << "\n";
  }
  if (!a.quiet) {
    std::cout << check_table(park.checks, language, park.source);
    std::cout << "Wrote " << result.tables.size() << " tables into " << describe_database(a.output) << " from "
              << a.source << "\n";
    if (project.outcome == QgisProjectResult::Outcome::Written) {
      std::cout << project.message << "\n";
    } else if (project.outcome == QgisProjectResult::Outcome::ToolMissing) {
      std::cout << "Note: " << project.message << "\n";
    }
  }
  return exit_for(park.checks);
}

int run_build(const BuildArgs& a) {
  const std::vector<Format> formats = formats_of(a.formats);
  if (is_postgres_name(a.output)) return run_build_postgres(a, formats);
  if (std::find(formats.begin(), formats.end(), Format::PostgreSQL) != formats.end()) {
    throw UsageError("-f PostgreSQL: give the database as -o PG:\"dbname=... host=...\" (no -f needed)");
  }
  if (!a.schema.empty()) throw UsageError("--schema is for a database output (-o PG:...)");
  const std::string out = !a.output.empty() ? a.output : formats.empty() ? "anting_park.gpkg" : ".";
  const Language language = language_of(a.lang);
  const Park park = load_park(a.source, a.skip_invalid, a.input);
  QgisProjectResult project;  // the QGIS project stored in a plain GeoPackage
  if (formats.empty()) {
    WriteOptions options;
    options.overwrite = a.overwrite;
    write_park(park, out, options);
    project = add_qgis_project(out, a.qgis_project      ? QgisProjectMode::Required
                                    : a.no_qgis_project ? QgisProjectMode::Off
                                                        : QgisProjectMode::Auto);
    if (project.outcome == QgisProjectResult::Outcome::Failed) {
      std::cerr << "parklayers: warning: " << project.message << "\n";
    }
  } else {
    ConvertOptions options;
    options.formats = formats;
    options.overwrite = a.overwrite;
    TermProgress bar;
    if (!a.quiet) options.progress = [&bar](double done) { bar(done); };
    std::filesystem::path folder(a.source);
    if (folder.filename().empty()) folder = folder.parent_path();
    print_warnings(convert_park(park, out, folder.filename().string() + "_park", options).warnings);
  }
  if (!a.quiet) {
    std::cout << check_table(park.checks, language, park.source);
    std::cout << "Wrote " << out << " from " << a.source << "\n";
    if (project.outcome == QgisProjectResult::Outcome::Written) {
      std::cout << project.message << "\n";
    } else if (project.outcome == QgisProjectResult::Outcome::ToolMissing) {
      std::cout << "Note: " << project.message << "\n";
    }
  }
  return exit_for(park.checks);
}

}  // namespace

Command add_build_command(CLI::App& parklayers) {
  auto a = std::make_shared<BuildArgs>();
  CLI::App* build = parklayers.add_subcommand(
      "build",
      "Check a park source and write its layers (parcels, buildings, roads, amenities,\n"
      "tenants, area_checks, park_boundary) to OUT, a GeoPackage with QGIS default styles.\n"
      "Prints the checks. When parklayers-qgis-project (built with the QGIS plugin) is next\n"
      "to parklayers or on PATH, it stores a laid-out QGIS project in OUT too.\n"
      "With -f, OUT is a folder and the park is written in each FORMAT there as `convert`\n"
      "lays it out, named after SOURCE's folder (anting_park.gpkg, anting_park/).\n"
      "With -o PG:\"dbname=... host=...\", the park goes into a schema of that PostGIS database\n"
      "(tables, QGIS styles in public.layer_styles, the QGIS project), all in one transaction.");
  build->add_option("SOURCE", a->source, "The park source folder (default: the bundled Anting park)")->type_name("");
  build->add_option("-o,--output", a->output,
                    "The GeoPackage to write (default anting_park.gpkg); with -f, the folder (default .)")
      ->type_name("OUT");
  add_formats_option(*build, a->formats,
                     "Write the park in FORMAT instead of one GeoPackage, laid out as `convert` lays it out "
                     "(repeatable)");
  build
      ->add_option("--schema", a->schema,
                   "With -o PG:...: the schema to write (default anting_park for the bundled park, else the\n"
                   "source folder's name)")
      ->type_name("NAME");
  build->add_flag("--overwrite", a->overwrite, "Replace OUT (with -o PG:..., the schema) if it exists");
  add_skip_invalid_flag(*build, a->skip_invalid);
  add_quiet_flag(*build, a->quiet);
  add_lang_option(*build, a->lang);
  add_input_options(*build, a->input, /*with_where=*/false);
  CLI::Option* with = build->add_flag("--qgis-project", a->qgis_project,
                                      "Store the QGIS project in OUT; an error when parklayers-qgis-project is missing");
  CLI::Option* without = build->add_flag("--no-qgis-project", a->no_qgis_project, "Do not store a QGIS project");
  with->excludes(without);
  build->footer("Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage,\n"
                "3 the output could not be written.");
  return {build, [a] { return run_build(*a); }, [] { return true; }};
}

}  // namespace parklayers::cli
