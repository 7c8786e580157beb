// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers build`: check a park source and write its layers.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli.h"
#include "declared.h"
#include "parklayers/command/build.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/source.h"
#include "parklayers/park/writer.h"
#include "qgis_project.h"

namespace parklayers::cli {
namespace {

using command::BuildArgs;

// `build -o PG:...`: the park into a schema of the database.
int run_build_postgres(const BuildArgs& a, const std::vector<Format>& formats) {
  if (formats.size() > 1 || (formats.size() == 1 && formats[0] != Format::PostgreSQL)) {
    throw UsageError("-o PG:... writes the park into the database: -f takes no file format with it");
  }
  const Language language = language_of(a.lang);
  // A bad source is refused before the database is touched.
  const SourceName source(a.source);  // classified once, here where the command line gives it
  const Park park = load_park(source, a.skip_invalid, command::input_options(a.a_srs, a.encoding, {}));
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
              << source.display() << "\n";
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
  const Park park = load_park(SourceName(a.source), a.skip_invalid, command::input_options(a.a_srs, a.encoding, {}));
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
    std::cout << "Wrote " << out << " from " << park.source.path << "\n";  // a database without its password
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
  CLI::App* build = add_declared(parklayers, command::build_command(), *a);
  return {build, [a] { return run_build(*a); }, [] { return true; }};
}

}  // namespace parklayers::cli
