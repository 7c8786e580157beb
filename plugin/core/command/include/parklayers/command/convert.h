// SPDX-License-Identifier: GPL-2.0-or-later
// `convert`: every layer of every input in every format.
#pragma once

#include <string>
#include <vector>

#include "parklayers/command/declaration.h"

namespace parklayers::command {

struct ConvertArgs {
  std::vector<std::string> inputs;
  std::string outdir;
  std::vector<std::string> formats;
  std::string t_srs;
  std::string s_srs;
  std::string a_srs;
  std::string encoding;
  std::string where;
  bool csv_wkt = false;
  std::string txt_encoding;
  bool overwrite = false;
  bool quiet = false;
  std::string schema;
};

const Declaration<ConvertArgs>& convert_command();

}  // namespace parklayers::command
