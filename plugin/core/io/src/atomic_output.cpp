// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/atomic_output.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "parklayers/gis/error.h"
#include "parklayers/gis/portable.h"

namespace fs = std::filesystem;

namespace parklayers {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

AtomicOutput::AtomicOutput(const std::string& final_path, bool overwrite,
                           const std::vector<std::string>& inputs)
    : final_path_(final_path), overwrite_(overwrite) {
  const Location where{final_path, "", -1, "", ""};
  for (const std::string& input : inputs) {
    if (same_file(input, final_path)) throw InputError(where, "the output would replace its own input");
  }
  std::error_code ec;
  const fs::path target(final_path);
  if (target.filename().empty()) throw InputError(where, "the output needs a file name");
  if (fs::is_directory(target, ec)) throw InputError(where, "the output is a folder, not a file");
  if (fs::exists(target, ec) && !overwrite) {
    throw InputError(where, "the output exists; add --overwrite to replace it");
  }
  fs::path folder = target.parent_path();
  if (folder.empty()) folder = ".";
  if (!fs::is_directory(folder, ec)) {
    throw InputError(where, "the output folder " + folder.string() + " does not exist");
  }
  std::string pattern = (folder / (kHiddenPrefix + target.filename().string() + "-XXXXXX")).string();
  if (const std::error_code made = make_unique_folder(pattern)) {
    throw OutputError(final_path, "cannot create a temporary folder in " + folder.string() + ": " + made.message());
  }
  temp_dir_ = pattern;
  temp_path_ = (fs::path(temp_dir_) / target.filename()).string();
}

AtomicOutput::~AtomicOutput() {
  if (!temp_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }
}

void AtomicOutput::commit() {
  const fs::path folder = fs::path(final_path_).parent_path().empty()
                              ? fs::path(".")
                              : fs::path(final_path_).parent_path();
  const fs::path target(final_path_);
  std::error_code ec;
  // A Shapefile's older sidecars (say a .cpg the new output does not have) must not survive.
  if (overwrite_ && target.extension() == ".shp") {
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".fields.csv",
                            ".long_text.csv"}) {
      fs::path old = target;
      old.replace_extension(ext);
      if (!fs::exists(fs::path(temp_dir_) / old.filename(), ec)) fs::remove(old, ec);
    }
  }
  // The main file last, so that readers looking for it find its sidecars in place.
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(temp_dir_)) files.push_back(entry.path());
  std::stable_partition(files.begin(), files.end(),
                        [&](const fs::path& p) { return p.filename() != target.filename(); });
  for (const fs::path& file : files) {
    fs::rename(file, folder / file.filename(), ec);
    if (ec) {
      throw OutputError(final_path_, "cannot move the finished output into place: " + ec.message());
    }
  }
  fs::remove_all(temp_dir_, ec);
  temp_dir_.clear();
  committed_ = true;
}

StagedFolder::StagedFolder(const std::string& final_dir) : final_(final_dir) {
  std::error_code ec;
  if (fs::is_directory(final_dir, ec)) {
    work_ = final_dir;
    return;
  }
  const fs::path target(final_dir);
  std::string pattern = (target.parent_path() / (kHiddenPrefix + target.filename().string() + "-XXXXXX")).string();
  if (const std::error_code made = make_unique_folder(pattern)) {
    throw OutputError(final_dir, "cannot create a temporary folder beside it: " + made.message());
  }
  work_ = pattern;
  staged_ = true;
}

StagedFolder::~StagedFolder() {
  if (staged_ && !committed_) {
    std::error_code ec;
    fs::remove_all(work_, ec);
  }
}

void StagedFolder::commit() {
  if (staged_) {
    std::error_code ec;
    fs::rename(work_, final_, ec);
    if (ec) throw OutputError(final_, "cannot move the finished folder into place: " + ec.message());
  }
  committed_ = true;
}

CreatedFolder::CreatedFolder(const std::string& dir) : dir_(dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (fs::exists(dir, ec)) throw InputError(Location{dir, "", -1, "", ""}, "the output folder is a file");
  const fs::path parent = fs::path(dir).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    throw InputError(Location{dir, "", -1, "", ""}, "the folder " + parent.string() + " does not exist");
  }
  if (!fs::create_directory(dir, ec)) throw OutputError(dir, "cannot create the output folder: " + ec.message());
  created_ = true;
}

CreatedFolder::~CreatedFolder() {
  std::error_code ec;
  if (created_ && !kept_ && fs::is_empty(dir_, ec)) fs::remove(dir_, ec);
}

}  // namespace parklayers
