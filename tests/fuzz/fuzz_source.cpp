// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the source reader and the park built from it. A copy of the bundled Anting
// source is made once; each input's first byte picks one of its six layer files, the rest of
// the input replaces that file, and load_park reads the folder. Bad input must be refused with
// parklayers::InputError; any other exception, a crash, a leak or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <cpl_error.h>

#include "parklayers/gis/error.h"
#include "parklayers/park/park.h"

namespace fs = std::filesystem;

namespace {

const char* const kFiles[] = {"parcels.geojson", "buildings.geojson", "roads.geojson",
                              "amenities.geojson", "tenants.csv", "stated_figures.csv"};
constexpr size_t kFileCount = sizeof kFiles / sizeof kFiles[0];

struct Workspace {
  fs::path folder;
  std::vector<std::string> originals;  // the bundled files' bytes, in the order of kFiles
  ~Workspace() {
    std::error_code ec;
    if (!folder.empty()) fs::remove_all(folder.parent_path(), ec);
  }
};

Workspace& workspace() {
  static Workspace space = [] {
    Workspace w;
    std::string pattern = (fs::temp_directory_path() / "parklayers-fuzz-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    w.folder = fs::path(pattern) / "anting";
    fs::create_directory(w.folder);
    for (const char* name : kFiles) {
      std::ifstream in(fs::path(PARKLAYERS_FUZZ_ANTING) / name, std::ios::binary);
      w.originals.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (w.originals.back().empty()) std::abort();
    }
    return w;
  }();
  return space;
}

void write_file(const fs::path& path, const char* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  CPLSetErrorHandler(CPLQuietErrorHandler);
  workspace();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Workspace& w = workspace();
  // A clean folder each time: GDAL may have left side files (a .gfs, say) beside an input.
  std::error_code ec;
  fs::remove_all(w.folder, ec);
  fs::create_directory(w.folder);
  const size_t pick = data[0] % kFileCount;
  for (size_t i = 0; i < kFileCount; ++i) {
    if (i == pick) {
      write_file(w.folder / kFiles[i], reinterpret_cast<const char*>(data + 1), size - 1);
    } else {
      write_file(w.folder / kFiles[i], w.originals[i].data(), w.originals[i].size());
    }
  }
  try {
    parklayers::load_park(parklayers::SourceName(w.folder.string()));
  } catch (const parklayers::InputError&) {
  }
  return 0;
}
