// SPDX-License-Identifier: GPL-2.0-or-later
// The stand-ins for POSIX calls (gis/portable.h): mkdtemp's and its standard C++ fallback,
// checked by std::filesystem on what they made; the UTC time against date(1)'s; the scratch
// file read back from several threads, with nothing left in its folder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

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

using test::TmpdirAs;

TEST(Portable, ScratchFileIsReadBackAndLeavesNothingBehind) {
  test::TempDir dir;
  const TmpdirAs tmpdir(dir.path());
  std::vector<double> written(300000);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> value(-1e6, 1e6);
  for (double& v : written) v = value(rng);
  {
    ScratchFile file;
    EXPECT_TRUE(dir.list().empty());  // unlinked at once
    for (size_t start = 0; start < written.size(); start += 1000) {
      file.append(&written[start], 1000 * sizeof(double));
    }
    ASSERT_EQ(file.size(), written.size() * sizeof(double));
    // Random pieces read by four threads at once.
    std::vector<std::thread> readers;
    std::vector<int> wrong(4, 0);
    for (int t = 0; t < 4; ++t) {
      readers.emplace_back([&, t] {
        std::mt19937_64 own(static_cast<unsigned long long>(t));
        std::uniform_int_distribution<size_t> start(0, written.size() - 100);
        double got[100];
        for (int i = 0; i < 2000; ++i) {
          const size_t s = start(own);
          file.read(s * sizeof(double), got, sizeof got);
          for (size_t k = 0; k < 100; ++k) wrong[static_cast<size_t>(t)] += got[k] != written[s + k];
        }
      });
    }
    for (std::thread& reader : readers) reader.join();
    EXPECT_EQ(wrong, std::vector<int>(4, 0));
    double past[2];
    EXPECT_THROW(file.read(file.size() - sizeof(double), past, sizeof past), std::system_error);
  }
  EXPECT_TRUE(dir.list().empty());
}

TEST(Portable, ScratchFileErrorNamesTheFolder) {
  test::TempDir dir;
  const TmpdirAs tmpdir(dir.file("missing"));
  try {
    ScratchFile file;
    FAIL() << "no error";
  } catch (const std::system_error& error) {
    EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace parklayers
