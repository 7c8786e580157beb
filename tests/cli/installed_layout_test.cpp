// SPDX-License-Identifier: GPL-2.0-or-later
// The program installed elsewhere: copied with the bundled park into CMake's install layout
// (GNUInstallDirs' bin and share under a temporary prefix) and run from the build folder, it
// reads the park installed beside it, not the source tree's nor the configured prefix's.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_support.h"

namespace parklayers {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

TEST(InstalledLayout, CheckReadsTheParkInstalledBesideTheProgram) {
  TempDir prefix;
  const fs::path bin = fs::path(prefix.path()) / PARKLAYERS_TEST_BINDIR;
  const fs::path park = fs::path(prefix.path()) / PARKLAYERS_TEST_DATADIR / "parklayers" / "geodata" / "anting";
  fs::create_directories(bin);
  fs::create_directories(park.parent_path());
  fs::copy_file(PARKLAYERS_TEST_EXE, bin / "parklayers");
  fs::copy(test::anting_source(), park, fs::copy_options::recursive);
  const std::string program = (bin / "parklayers").string();

  // The same checks as the build's own program reading the source tree.
  const test::CommandResult intact = test::run({program, "check"});
  const test::CommandResult uninstalled = test::parklayers({"check"});
  EXPECT_EQ(intact.exit_code, 0) << intact.out << intact.err;
  EXPECT_EQ(uninstalled.exit_code, 0) << uninstalled.out << uninstalled.err;
  EXPECT_NE(intact.out.find("parcel_phase:3"), std::string::npos) << intact.out;
  EXPECT_EQ(intact.out, uninstalled.out);

  // Only the installed copy lacks the tenants: the error proves which park was read.
  fs::remove(park / "tenants.csv");
  const test::CommandResult broken = test::run({program, "check"});
  EXPECT_EQ(broken.exit_code, 2) << broken.out << broken.err;
  EXPECT_NE(broken.err.find(park.string()), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("layer 'tenants': no file for the layer"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace parklayers
