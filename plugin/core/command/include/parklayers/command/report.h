// SPDX-License-Identifier: GPL-2.0-or-later
// `report`: the park and its checks as a PDF map sheet.
#pragma once

#include <string>

#include "parklayers/command/declaration.h"
#include "parklayers/park/source.h"

namespace parklayers::command {

struct ReportArgs {
  std::string source = bundled_park_path();
  std::string output;
  std::string lang = "en";
  std::string paper = "A4";
  bool png = false;
  bool points = false;  // the boundary-point table of each parcel after the sheet
  bool overwrite = false;
  bool skip_invalid = false;
  std::string layer;  // of a coordinate file or another layer of stated parcels
  std::string a_srs;
  std::string encoding;
  std::string where;
};

const Declaration<ReportArgs>& report_command();

}  // namespace parklayers::command
