// SPDX-License-Identifier: GPL-2.0-or-later
// Outputs that cannot be written: a full disk and a folder without write permission. The
// command exits 3 with one message of ours (no raw GDAL error line), and leaves nothing behind.
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

// Runs `parklayers ARGS` with OUT a folder on a fresh 256 KB tmpfs, in a mount namespace of its
// own (so nothing stays mounted), and lists that folder afterwards. Needs root (CI runs as
// root); skips elsewhere.
struct FullDiskRun {
  test::CommandResult command;
  std::string listing;  // every name left on the small disk, hidden ones too
};

bool can_mount() {
  if (geteuid() != 0) return false;
  return test::run({"/usr/bin/unshare", "-m", "/bin/sh", "-c", "mount -t tmpfs -o size=256k tmpfs /mnt && umount /mnt"}).exit_code == 0;
}

FullDiskRun on_full_disk(const test::TempDir& dir, const std::string& args) {
  const std::string mount_point = dir.file("small");
  fs::create_directory(mount_point);
  const std::string script = "mount -t tmpfs -o size=256k tmpfs '" + mount_point + "' || exit 99\n" +
                             "'" + PARKLAYERS_TEST_EXE + "' " + args + "\nstatus=$?\n" +
                             "ls -A '" + mount_point + "' > '" + dir.file("listing.txt") + "'\nexit $status\n";
  FullDiskRun run;
  run.command = test::run({"/usr/bin/unshare", "-m", "/bin/sh", "-c", script});
  run.listing = test::read_text(dir.file("listing.txt"));
  return run;
}

void expect_one_message_of_ours(const test::CommandResult& result) {
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_EQ(result.err.find("ERROR"), std::string::npos) << result.err;  // GDAL's raw lines
  EXPECT_EQ(result.err.rfind("parklayers: ", 0), 0u) << result.err;
  size_t lines = 0;
  for (const char c : result.err) lines += c == '\n';
  EXPECT_EQ(lines, 1u) << result.err;
}

// 20,000 small parcels: a GeoPackage copy of several MB, far more than the disk holds.
TEST(OutputFailure, AreaOnAFullDiskExits3AndLeavesNothing) {
  if (!can_mount()) GTEST_SKIP() << "needs root to mount a small tmpfs";
  test::TempDir dir;
  test::write_square_parcels(dir.file("in.gpkg"), "parcels", 20000);
  for (const char* out : {"out.gpkg", "out.shp", "out.geojson"}) {
    const FullDiskRun run = on_full_disk(dir, "area '" + dir.file("in.gpkg") + "' -o '" + dir.file("small") + "/" +
                                                  out + "'");
    SCOPED_TRACE(out);
    expect_one_message_of_ours(run.command);
    EXPECT_NE(run.command.err.find(std::string("small/") + out), std::string::npos) << run.command.err;
    EXPECT_EQ(run.listing, "") << run.listing;
  }
}

TEST(OutputFailure, ConvertAndBuildOnAFullDiskExit3AndLeaveNothing) {
  if (!can_mount()) GTEST_SKIP() << "needs root to mount a small tmpfs";
  test::TempDir dir;
  test::write_square_parcels(dir.file("in.gpkg"), "parcels", 20000);
  const FullDiskRun convert = on_full_disk(
      dir, "convert '" + dir.file("in.gpkg") + "' -o '" + dir.file("small") + "/out' -f GPKG -f GeoJSON -f SHP -q");
  expect_one_message_of_ours(convert.command);
  EXPECT_EQ(convert.listing, "") << convert.listing;
  // The bundled park in three formats: about 0.5 MB.
  const FullDiskRun build = on_full_disk(dir, "build -o '" + dir.file("small") + "' -f GPKG -f GeoJSON -f SHP -q");
  expect_one_message_of_ours(build.command);
  EXPECT_EQ(build.listing, "") << build.listing;
}

// No permission to write in the output's folder: exit 3 too (root ignores permissions, so this
// runs as an ordinary user only).
TEST(OutputFailure, ReadOnlyFolderExits3) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes regardless of permissions";
  test::TempDir dir;
  test::write_square_parcels(dir.file("in.gpkg"), "parcels", 10);
  fs::create_directory(dir.file("ro"));
  fs::permissions(dir.file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  const test::CommandResult result = test::parklayers({"area", dir.file("in.gpkg"), "-o", dir.file("ro/out.gpkg")});
  fs::permissions(dir.file("ro"), fs::perms::owner_all);
  expect_one_message_of_ours(result);
  EXPECT_TRUE(fs::is_empty(dir.file("ro")));
}

}  // namespace
}  // namespace parklayers
