// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers build` and the QGIS project in the GeoPackage: the project is written by
// parklayers-qgis-project (plugin/qgis, built where QGIS is installed, through qgis_core), which
// this runs on the built GeoPackage when it finds it. Finding and running a program only: the
// layout is the QGIS side's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parklayers/io/postgres_output.h"

namespace parklayers::cli {

enum class QgisProjectMode {
  Auto,      // when the tool is found; a note when it is not, a warning when it fails
  Required,  // --qgis-project: an error when the tool is missing or fails
  Off,       // --no-qgis-project
};

// A program on the QGIS side (parklayers-qgis-project, parklayers-qgis-report): $ENV_VAR when
// set, else NAME next to this program, else on PATH; empty when there is none.
std::string find_qgis_tool(const std::string& name, const char* env_var);

// parklayers-qgis-project: $PARKLAYERS_QGIS_PROJECT_TOOL, next to this program, or on PATH.
std::string find_qgis_project_tool();

struct ToolRun {
  int exit_code = -1;
  std::string output;  // what it printed on stdout (its stderr, QGIS's start-up messages, is dropped)
};

// Runs the program (no shell) and waits for it.
ToolRun run_qgis_tool(const std::vector<std::string>& argv);

// The last line a tool printed: what it did, or why it failed.
std::string last_line(const std::string& text);

struct QgisProjectResult {
  enum class Outcome { Skipped, Written, ToolMissing, Failed } outcome = Outcome::Skipped;
  std::string message;  // what was done, or why not
};

// Stores the QGIS project in the built GeoPackage. Throws std::runtime_error in Required mode
// when that fails.
QgisProjectResult add_qgis_project(const std::string& geopackage, QgisProjectMode mode);

// `build -o PG:`: the project laid out on the park's GeoPackage with its layers pointed at the
// tables of `schema` in `database` (a PG: name; the password is left out), as .qgz bytes to store
// in the schema's qgis_projects; nullopt, with `result` saying why, when the tool is missing or
// fails (Required mode: throws std::runtime_error instead).
std::optional<StoredProject> postgres_qgis_project(const std::string& geopackage, const std::string& database,
                                                   const std::string& schema, QgisProjectMode mode,
                                                   QgisProjectResult& result);

}  // namespace parklayers::cli
