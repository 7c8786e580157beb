// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/source_name.h"

#include <cctype>
#include <filesystem>
#include <system_error>
#include <utility>

#include "parklayers/io/postgres.h"

namespace parklayers {
namespace {

namespace fs = std::filesystem;

// A name GDAL opens as it is, with nothing on disk under it: a virtual file, or a driver's
// prefix of two letters or more before a colon (one letter is a Windows drive).
bool is_gdal_name(const std::string& name) {
  if (name.rfind("/vsi", 0) == 0) return true;
  const size_t colon = name.find(':');
  if (colon == std::string::npos || colon < 2) return false;
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

SourceName::Kind classify(const std::string& name) {
  if (name.empty()) return SourceName::Kind::Missing;
  std::error_code ec;
  const fs::file_status status = fs::status(name, ec);
  if (fs::exists(status)) return fs::is_directory(status) ? SourceName::Kind::Folder : SourceName::Kind::File;
  if (is_postgres_name(name)) return SourceName::Kind::Database;
  if (is_gdal_name(name)) return SourceName::Kind::Dataset;
  return SourceName::Kind::Missing;
}

}  // namespace

SourceName::SourceName(std::string text) : text_(std::move(text)), kind_(classify(text_)) {}

std::string SourceName::display() const { return is_database() ? pg_name_without_password(text_) : text_; }

std::string SourceName::stem() const {
  if (is_database()) {
    std::string schema = pg_name_value(text_, "active_schema");
    if (schema.empty()) schema = pg_name_value(text_, "schemas");
    if (schema.find(',') != std::string::npos) schema.clear();
    std::string database = pg_name_value(text_, "dbname");
    if (database.empty()) database = pg_name_value(text_, "service");
    if (database.empty()) database = "database";
    return schema.empty() ? database : database + "_" + schema;
  }
  if (kind_ == Kind::Dataset && text_.rfind("/vsi", 0) != 0) {
    // "WFS:https://host/path?x": the last part of what follows the driver's prefix.
    std::string rest = text_.substr(text_.find(':') + 1);
    rest = rest.substr(0, rest.find_first_of("?#"));
    while (!rest.empty() && rest.back() == '/') rest.pop_back();
    const size_t slash = rest.find_last_of("/:");
    const std::string last = rest.substr(slash == std::string::npos ? 0 : slash + 1);
    return last.empty() ? "source" : fs::path(last).stem().string();
  }
  fs::path path(text_);
  if (path.filename().empty()) path = path.parent_path();  // "folder/"
  return is_folder() ? path.filename().string() : path.stem().string();
}

const char* to_string(SourceName::Kind kind) {
  switch (kind) {
    case SourceName::Kind::File: return "file";
    case SourceName::Kind::Folder: return "folder";
    case SourceName::Kind::Database: return "database";
    case SourceName::Kind::Dataset: return "dataset";
    case SourceName::Kind::Missing: return "missing";
  }
  return "?";
}

}  // namespace parklayers
