// The stand-ins for POSIX calls (gis/portable.h): mkdtemp's and its standard C++ fallback,
// checked by std::filesystem on what they made; the UTC time against date(1)'s.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "parklayers/gis/portable.h"
#include "test_support.h"

namespace parklayers {
namespace {

namespace fs = std::filesystem;

TEST(Portable, UniqueFoldersAreNewAndDistinct) {
  test::TempDir dir;
  for (auto make : {&make_unique_folder, &make_unique_folder_std}) {
    std::set<std::string> made;
    for (int i = 0; i < 20; ++i) {
      std::string pattern = dir.file(".out-XXXXXX");
      ASSERT_FALSE(make(pattern)) << pattern;
      EXPECT_EQ(pattern.size(), dir.file(".out-XXXXXX").size());
      EXPECT_EQ(pattern.rfind(dir.file(".out-"), 0), 0u);
      EXPECT_NE(pattern.substr(pattern.size() - 6), "XXXXXX");
      EXPECT_TRUE(fs::is_directory(pattern));
      EXPECT_TRUE(fs::is_empty(pattern));
      made.insert(pattern);
    }
    EXPECT_EQ(made.size(), 20u);
  }
  EXPECT_EQ(dir.list().size(), 40u);
}

TEST(Portable, UniqueFolderErrors) {
  test::TempDir dir;
  for (auto make : {&make_unique_folder, &make_unique_folder_std}) {
    std::string no_xs = dir.file("out");
    EXPECT_EQ(make(no_xs), std::errc::invalid_argument);
    std::string missing_parent = dir.file("missing/out-XXXXXX");
    EXPECT_EQ(make(missing_parent), std::errc::no_such_file_or_directory);
    EXPECT_FALSE(fs::exists(dir.file("missing")));
  }
}

// 1700000000 s after the epoch is 2023-11-14 22:13:20 UTC (date -u -d @1700000000).
TEST(Portable, UtcTime) {
  const std::tm tm = utc_time(1700000000);
  EXPECT_EQ(tm.tm_year + 1900, 2023);
  EXPECT_EQ(tm.tm_mon + 1, 11);
  EXPECT_EQ(tm.tm_mday, 14);
  EXPECT_EQ(tm.tm_hour, 22);
  EXPECT_EQ(tm.tm_min, 13);
  EXPECT_EQ(tm.tm_sec, 20);
}

}  // namespace
}  // namespace parklayers
