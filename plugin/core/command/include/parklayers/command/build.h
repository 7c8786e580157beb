// SPDX-License-Identifier: GPL-2.0-or-later
// `build`: check a park source and write its layers.
#pragma once

#include <string>
#include <vector>

#include "parklayers/command/declaration.h"
#include "parklayers/park/source.h"

namespace parklayers::command {

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
  std::string a_srs;
  std::string encoding;
};

const Declaration<BuildArgs>& build_command();

}  // namespace parklayers::command
