// SPDX-License-Identifier: GPL-2.0-or-later
// Output that appears whole or not at all. Everything is written into a hidden temporary
// folder beside the final path and moved into place by commit(); until then no file exists
// under a final name, and a failure or an exception removes the temporary folder. (A killed
// process can leave only a hidden ".parklayers-*" folder, never a half-written output.)
#pragma once

#include <string>
#include <vector>

namespace parklayers {

class AtomicOutput {
 public:
  // Throws InputError if final_path exists and !overwrite, if its folder does not exist, or
  // if it is one of the protected input paths; OutputError if the temporary folder cannot be
  // made (no permission).
  AtomicOutput(const std::string& final_path, bool overwrite,
               const std::vector<std::string>& inputs = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Where to write: same file name as the final path, inside the temporary folder.
  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  // Moves every file written in the temporary folder next to the final path (for a Shapefile:
  // .shp, .shx, .dbf, .prj, .cpg together), replacing older ones, then removes the folder.
  void commit();

 private:
  std::string final_path_;
  std::string temp_dir_;
  std::string temp_path_;
  bool overwrite_ = false;
  bool committed_ = false;
};

// A folder that appears whole or not at all (convert's OUTDIR/STEM): a new one is built under a
// hidden name beside it and renamed into place by commit(); an existing one is written into as
// it is (each file in it is an AtomicOutput of its own). Without commit() a new folder is
// removed with everything in it.
class StagedFolder {
 public:
  explicit StagedFolder(const std::string& final_dir);
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  // Where to write the folder's files until commit().
  const std::string& work() const { return work_; }
  void commit();

 private:
  std::string final_;
  std::string work_;
  bool staged_ = false;
  bool committed_ = false;
};

// An output folder created when missing (convert's OUTDIR) and removed again, if still empty,
// unless keep() was called.
class CreatedFolder {
 public:
  explicit CreatedFolder(const std::string& dir);
  ~CreatedFolder();
  CreatedFolder(const CreatedFolder&) = delete;
  CreatedFolder& operator=(const CreatedFolder&) = delete;
  void keep() { kept_ = true; }

 private:
  std::string dir_;
  bool created_ = false;
  bool kept_ = false;
};

// The prefix of every temporary file and folder Park Layers writes beside an output.
constexpr const char* kHiddenPrefix = ".parklayers-";

// True if the two paths name the same existing file (or the same path when not existing).
bool same_file(const std::string& a, const std::string& b);

}  // namespace parklayers
