// SPDX-License-Identifier: GPL-2.0-or-later
// A source's name, classified once where the user's text arrives (the command line's argument,
// the QGIS plugin's path or connection) and handed down as this value: the core asks it what it
// names instead of parsing the text again on the way.
//
// The kinds, in the order they are told apart:
//   File, Folder  something exists on disk under the name (whatever it looks like: a file
//                 called "PG:x" in the current folder is a file)
//   Database      a PostgreSQL database as GDAL names it, "PG:..." (any case; postgres.h)
//   Dataset       another name GDAL opens as it is: a virtual file ("/vsizip/a.zip/b.shp") or a
//                 connection string with a driver's prefix of two letters or more
//                 ("WFS:https://...", "postgresql://..."), so never a Windows drive ("C:/x")
//   Missing       none of these: a typo, which reading reports as "no such file or folder"
// A Database or Dataset is opened by GDAL as it is, none of the files' rules applying.
#pragma once

#include <string>

namespace parklayers {

class SourceName {
 public:
  enum class Kind { File, Folder, Database, Dataset, Missing };

  // An empty name (Missing): for a value to be given later.
  SourceName() = default;
  // Classifies `text` now: the kinds File, Folder and Missing are what the disk holds at this
  // moment.
  explicit SourceName(std::string text);

  // The name as the user gave it and as GDAL opens it: a database's with its password, so never
  // for a message (display()).
  const std::string& text() const { return text_; }
  Kind kind() const { return kind_; }

  bool is_database() const { return kind_ == Kind::Database; }
  // Opened by GDAL as it is: a Database or a Dataset.
  bool is_dataset() const { return kind_ == Kind::Database || kind_ == Kind::Dataset; }
  bool is_file() const { return kind_ == Kind::File; }
  bool is_folder() const { return kind_ == Kind::Folder; }
  bool exists_on_disk() const { return kind_ == Kind::File || kind_ == Kind::Folder; }

  // How messages, reports and outputs name the source: a database's name without its password
  // (postgres.h: pg_name_without_password), any other as it is.
  std::string display() const;

  // A file stem for what is written from the source: a path's stem (a folder's name); a
  // database's name (with its schema when schemas= or active_schema= names one), never a
  // password; the last part of another dataset's name.
  std::string stem() const;

 private:
  std::string text_;
  Kind kind_ = Kind::Missing;
};

// "file", "folder", "database", "dataset", "missing": for tests and debugging output.
const char* to_string(SourceName::Kind kind);

}  // namespace parklayers
