// SPDX-License-Identifier: GPL-2.0-or-later
// `area`: the ellipsoidal (and Gauss-Kruger) area of every polygon of any OGR source.
#pragma once

#include <string>

#include "parklayers/command/declaration.h"

namespace parklayers::command {

struct AreaArgs {
  std::string input;
  std::string layer;
  std::string s_srs;
  std::string output;
  bool overwrite = false;
  bool json = false;
  bool skip_invalid = false;
  bool no_gk = false;
  bool update = false;
  std::string a_srs;
  std::string encoding;
  std::string where;
  int jobs = 0;
};

const Declaration<AreaArgs>& area_command();

}  // namespace parklayers::command
