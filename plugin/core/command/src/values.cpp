// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/values.h"

#include <cctype>

#include "parklayers/gis/error.h"

namespace parklayers::command {

InputOptions input_options(const std::string& a_srs, const std::string& encoding, const std::string& where) {
  InputOptions input;
  input.assign_crs = a_srs;
  input.encoding = encoding;
  input.where = where;
  return input;
}

std::vector<Format> formats_of(const std::vector<std::string>& names) {
  std::vector<Format> formats;
  for (const std::string& name : names) {
    const std::optional<Format> format = parse_format(name);
    if (!format) throw UsageError("unknown format '" + name + "'; use " + format_names());
    formats.push_back(*format);
  }
  return formats;
}

bool is_xlsx_format(const std::string& name) {
  if (name.size() != 4) return false;
  std::string upper;
  for (const char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "XLSX";
}

std::optional<ChineseCrs> source_crs_of(const std::string& name, InputOptions& input) {
  try {
    return apply_source_crs_option(name, input);
  } catch (const InputError& error) {
    throw UsageError(error.problems().empty() ? error.what() : error.problems().front().what);
  }
}

Language language_of(const std::string& name) {
  const std::optional<Language> language = parse_language(name);
  if (!language) throw UsageError("--lang takes en or zh, not '" + name + "'");
  return *language;
}

}  // namespace parklayers::command
