// SPDX-License-Identifier: GPL-2.0-or-later
// The values arguments take, from their text to the core's types: one rule for the command line
// and Processing alike. A bad value is a UsageError naming the option.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parklayers/command/declaration.h"
#include "parklayers/gis/chinese_crs.h"
#include "parklayers/io/format.h"
#include "parklayers/io/input.h"
#include "parklayers/park/report.h"

namespace parklayers::command {

// --a_srs, --encoding, --where: how any OGR source is read.
InputOptions input_options(const std::string& a_srs, const std::string& encoding, const std::string& where);
std::vector<Format> formats_of(const std::vector<std::string>& names);
// convert -f XLSX (any case): not a format of the features but the boundary-point table
// (park/boundary_points.h), so apart from formats_of.
bool is_xlsx_format(const std::string& name);
// --s_srs: GCJ02 or BD09, returned; any other CRS goes to input.assign_crs, as --a_srs.
std::optional<ChineseCrs> source_crs_of(const std::string& name, InputOptions& input);
Language language_of(const std::string& name);

}  // namespace parklayers::command
