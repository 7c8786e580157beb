// SPDX-License-Identifier: GPL-2.0-or-later
// A conversion killed midway leaves no half-written output: `parklayers area IN -o
// OUT.gpkg` on a GeoPackage of 300,000 polygons is sent SIGKILL once it has started writing.
// Under the final name there must then be nothing (only, at most, the hidden .parklayers-*
// temporary folder), and an OUT that existed before (replaced with --overwrite) must still be
// the old, intact file.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

constexpr int kPolygons = 300000;

// A GeoPackage of `count` small squares (about 30 m a side) near Anting, in WGS 84.
void write_polygons(const std::string& path, int count) {
  ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRLayer* layer = dataset->CreateLayer("plots", &wgs84, wkbPolygon, nullptr);
  ASSERT_TRUE(layer);
  OGRFieldDefn name("name", OFTString);
  ASSERT_EQ(layer->CreateField(&name), OGRERR_NONE);
  ASSERT_EQ(dataset->StartTransaction(), OGRERR_NONE);
  OGRFeature feature(layer->GetLayerDefn());
  constexpr double kSide = 0.0003;
  for (int i = 0; i < count; ++i) {
    const double x = 121.0 + (i % 1000) * kSide * 1.5;
    const double y = 31.0 + (i / 1000) * kSide * 1.5;
    OGRLinearRing ring;
    ring.addPoint(x, y);
    ring.addPoint(x + kSide, y);
    ring.addPoint(x + kSide, y + kSide);
    ring.addPoint(x, y + kSide);
    ring.closeRings();
    OGRPolygon polygon;
    polygon.addRing(&ring);
    feature.SetFID(OGRNullFID);
    feature.SetField("name", ("plot " + std::to_string(i)).c_str());
    feature.SetGeometry(&polygon);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  ASSERT_EQ(dataset->CommitTransaction(), OGRERR_NONE);
}

long long feature_count(const std::string& path) {
  ensure_gdal_registered();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset || dataset->GetLayerCount() != 1) return -1;
  return dataset->GetLayer(0)->GetFeatureCount();
}

// The hidden temporary folder's output file in `folder` has begun to be written.
bool writing_started(const std::string& folder) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().filename().string().rfind(".parklayers-", 0) != 0) continue;
    for (const auto& file : fs::directory_iterator(entry.path(), ec)) {
      if (file.is_regular_file(ec) && file.file_size(ec) > 0) return true;
    }
  }
  return false;
}

// Runs parklayers with the arguments and kills it with SIGKILL once it has started writing the
// output, at least 0.3 s after the start.
void kill_midway(const std::vector<std::string>& args, const std::string& out_folder) {
  const auto start = std::chrono::steady_clock::now();
  test::kill_parklayers_when(args, [&](pid_t) {
    return writing_started(out_folder) && std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300);
  });
}

// The process has a file open that was in `folder` and is unlinked (Linux's /proc/PID/fd).
bool holds_deleted_file_in(pid_t pid, const std::string& folder) {
  std::error_code ec;
  const std::string prefix = fs::weakly_canonical(folder, ec).string() + "/";
  for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const std::string target = fs::read_symlink(fd.path(), ec).string();
    if (ec) continue;
    if (target.rfind(prefix, 0) == 0 && target.size() > 10 && target.compare(target.size() - 10, 10, " (deleted)") == 0) {
      return true;
    }
  }
  return false;
}

// Names in the folder other than the hidden temporary folders a kill may leave.
std::vector<std::string> visible(const test::TempDir& dir) {
  std::vector<std::string> names;
  for (const std::string& name : dir.list()) {
    if (name.rfind(".parklayers-", 0) != 0) names.push_back(name);
  }
  return names;
}

// One test, so that the 300,000 polygons are written once.
TEST(KilledOutput, LeavesNoHalfWrittenFile) {
  test::TempDir input_dir;
  const std::string input = input_dir.file("plots.gpkg");
  write_polygons(input, kPolygons);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_EQ(feature_count(input), kPolygons);

  {
    SCOPED_TRACE("a new output");
    test::TempDir out;
    kill_midway({"area", input, "-o", out.file("areas.gpkg")}, out.path());
    EXPECT_EQ(visible(out), std::vector<std::string>{});
    EXPECT_FALSE(fs::exists(out.file("areas.gpkg")));
  }
  {
    SCOPED_TRACE("an old output replaced with --overwrite");
    test::TempDir out;
    const std::string target = out.file("areas.gpkg");
    // The old output: a small, complete one.
    write_polygons(input_dir.file("few.gpkg"), 10);
    const auto first = test::parklayers({"area", input_dir.file("few.gpkg"), "-o", target});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const std::string before = test::read_text(target);
    ASSERT_EQ(feature_count(target), 10);

    kill_midway({"area", input, "-o", target, "--overwrite"}, out.path());
    EXPECT_EQ(visible(out), std::vector<std::string>{"areas.gpkg"});
    EXPECT_EQ(test::read_text(target), before) << "the old output was changed";
    EXPECT_EQ(feature_count(target), 10);
  }
  {
    SCOPED_TRACE("check --overlaps, whose scratch file of coordinates is in TMPDIR");
    test::TempDir scratch;
    const test::TmpdirAs tmpdir(scratch.path());
    std::vector<std::string> seen;
    // Killed once it holds its scratch file open: made in TMPDIR without a name there.
    test::kill_parklayers_when({"check", input, "--overlaps", "--json"}, [&](pid_t pid) {
      if (seen.empty()) seen = scratch.list();
      return holds_deleted_file_in(pid, scratch.path());
    });
    // Nothing in TMPDIR, during the run or after.
    EXPECT_EQ(seen, std::vector<std::string>{});
    EXPECT_EQ(scratch.list(), std::vector<std::string>{});
  }
  // The input is untouched too.
  EXPECT_EQ(feature_count(input), kPolygons);
}

}  // namespace
}  // namespace parklayers
