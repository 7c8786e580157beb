// SPDX-License-Identifier: GPL-2.0-or-later
// `convert`: every layer of every input in every format.
#pragma once

#include <string>
#include <vector>

#include "parklayers/command/declaration.h"
#include "parklayers/io/convert.h"

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

// -f's names as convert takes them: the formats of the features (formats_of), and XLSX, each
// input's boundary-point workbook (park/boundary_points.h), apart.
struct ConvertFormats {
  std::vector<Format> formats;
  bool point_workbooks = false;
};
ConvertFormats convert_formats_of(const std::vector<std::string>& names);

// What `convert` runs, on the command line and in Processing alike: options.formats' outputs
// (io/convert.h) and, with point_workbooks, each input's boundary-point workbook, every input
// read and checked for both before anything is written; the workbooks' warnings among the
// result's. A UsageError for the workbooks with a database output or with --t_srs or --s_srs
// (the points are listed on each layer's own plane).
ConvertResult run_convert(const ConvertArgs& args, const std::vector<SourceName>& inputs, const std::string& outdir,
                          const ConvertOptions& options, bool point_workbooks);

}  // namespace parklayers::command
