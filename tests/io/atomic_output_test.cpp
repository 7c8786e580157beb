// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/atomic_output.h"

#include <gtest/gtest.h>

#include "parklayers/gis/error.h"
#include "test_support.h"

namespace parklayers {
namespace {

TEST(AtomicOutput, NothingUnderTheFinalNameUntilCommit) {
  test::TempDir dir;
  const std::string final_path = dir.file("out.shp");
  {
    AtomicOutput output(final_path, false);
    test::write_text(output.temp_path(), "shp");
    test::write_text(output.temp_path().substr(0, output.temp_path().size() - 4) + ".dbf", "dbf");
    const auto names = dir.list();
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(names[0].rfind(".parklayers-out.shp-", 0), 0u);  // hidden temporary folder only
    output.commit();
  }
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"out.dbf", "out.shp"}));
  EXPECT_EQ(test::read_text(final_path), "shp");
}

TEST(AtomicOutput, AbandonedOutputLeavesNothing) {
  test::TempDir dir;
  {
    AtomicOutput output(dir.file("out.gpkg"), false);
    test::write_text(output.temp_path(), "half");
  }
  EXPECT_TRUE(dir.list().empty());
}

TEST(AtomicOutput, RefusesExistingInputAndMissingFolder) {
  test::TempDir dir;
  test::write_text(dir.file("in.gpkg"), "input");
  EXPECT_THROW(AtomicOutput(dir.file("in.gpkg"), false), InputError);
  EXPECT_THROW(AtomicOutput(dir.file("in.gpkg"), true, {dir.file("in.gpkg")}), InputError);
  EXPECT_THROW(AtomicOutput(dir.file("no/such/folder/out.gpkg"), false), InputError);
  EXPECT_THROW(AtomicOutput(dir.path(), true), InputError);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"in.gpkg"});
  EXPECT_EQ(test::read_text(dir.file("in.gpkg")), "input");
}

TEST(AtomicOutput, OverwriteReplacesAndDropsStaleSidecars) {
  test::TempDir dir;
  test::write_text(dir.file("out.shp"), "old");
  test::write_text(dir.file("out.cpg"), "LATIN1");
  {
    AtomicOutput output(dir.file("out.shp"), true);
    test::write_text(output.temp_path(), "new");
    output.commit();
  }
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.shp"});
  EXPECT_EQ(test::read_text(dir.file("out.shp")), "new");
}

}  // namespace
}  // namespace parklayers
