#include "parklayers/atomic_output.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "parklayers/error.h"

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
  std::string pattern = (folder / (".parklayers-" + target.filename().string() + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    throw InputError(where, "cannot create a temporary folder in " + folder.string());
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
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx"}) {
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
      throw InputError(Location{final_path_, "", -1, "", ""},
                       "cannot move the finished output into place: " + ec.message());
    }
  }
  fs::remove_all(temp_dir_, ec);
  temp_dir_.clear();
  committed_ = true;
}

}  // namespace parklayers
