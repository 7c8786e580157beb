// SPDX-License-Identifier: GPL-2.0-or-later
#include "app.h"

namespace parklayers::cli {
namespace {

const char* const kFooter =
    "Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage,\n"
    "3 the output could not be written (full disk, no permission, a database error).\n"
    "Areas are ellipsoidal (Karney 2013, PROJ geod_polygonarea); 1 mu = 10000/15 m2.";

}  // namespace

std::unique_ptr<ParklayersApp> make_app() {
  auto parklayers = std::make_unique<ParklayersApp>();
  CLI::App& app = parklayers->app;
  app.name("parklayers");
  app.description(
      "Park Layers: check a park's stated figures, write its layers for QGIS, measure\n"
      "and convert any OGR source.");
  app.footer(kFooter);
  app.require_subcommand(0, 1);
  app.add_flag("--version", parklayers->version, "Print the version and exit");
  // One line per command, in the order of --help.
  parklayers->commands.push_back(add_build_command(app));
  parklayers->commands.push_back(add_check_command(app));
  parklayers->commands.push_back(add_area_command(app));
  parklayers->commands.push_back(add_convert_command(app));
  parklayers->commands.push_back(add_report_command(app));
  return parklayers;
}

// Where each is read: park/source.cpp (bundled_park_path), cli/qgis_project.cpp
// (find_qgis_project_tool) and cli/report.cpp through find_qgis_tool, and libpq for the PG: names (io/postgres.cpp). A test checks that
// every PARKLAYERS_ variable the code reads is here.
const std::vector<EnvironmentVariable>& documented_environment() {
  static const std::vector<EnvironmentVariable> variables = {
      {"PARKLAYERS_GEODATA",
       "The folder holding the bundled park data (its anting/ folder), instead of the installed one; the "
       "default SOURCE of build and check."},
      {"PARKLAYERS_QGIS_PROJECT_TOOL",
       "The parklayers-qgis-project program build runs to store a QGIS project, instead of the one next to "
       "parklayers or on PATH."},
      {"PARKLAYERS_QGIS_REPORT_TOOL",
       "The parklayers-qgis-report program report runs to lay out and export the sheet, instead of the one next "
       "to parklayers or on PATH."},
      {"PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE",
       "Read by libpq for a PG: name that leaves them out, as psql(1) does."},
  };
  return variables;
}

}  // namespace parklayers::cli
