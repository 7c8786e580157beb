// SPDX-License-Identifier: GPL-2.0-or-later
// gdal_util: the GDAL helpers; SQL text quoted so that names from data stay names; GDAL's
// errors kept by GdalErrorLog instead of printed, from any thread.
#include "parklayers/gis/gdal_util.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "test_support.h"

namespace parklayers {
namespace {

// A new, empty GeoPackage.
GDALDatasetUniquePtr gpkg(const std::string& path) {
  ensure_gdal_registered();
  return GDALDatasetUniquePtr(
      GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
}

TEST(GdalUtil, SqlLiteralsComeBackAsTheText) {
  EXPECT_EQ(sql_literal("parcels"), "'parcels'");
  EXPECT_EQ(sql_literal("it's"), "'it''s'");
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDatasetUniquePtr dataset =
      gpkg(dir.file("sql.gpkg"));
  ASSERT_TRUE(dataset);
  for (const std::string text : {"安亭's \"parcels\"", "'); DROP TABLE gpkg_contents; --", "''", ""}) {
    const std::string sql = "SELECT " + sql_literal(text);
    EXPECT_EQ(test::sql_value(*dataset, sql.c_str()), text) << text;
  }
}

TEST(GdalUtil, SqlIdentifiersNameTheTable) {
  EXPECT_EQ(sql_identifier("parcels"), "\"parcels\"");
  EXPECT_EQ(sql_identifier("a\"b"), "\"a\"\"b\"");
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDatasetUniquePtr dataset =
      gpkg(dir.file("sql.gpkg"));
  ASSERT_TRUE(dataset);
  for (const std::string name : {"安亭's \"parcels\"", "x\"; DROP TABLE gpkg_contents; --"}) {
    dataset->ExecuteSQL(("CREATE TABLE " + sql_identifier(name) + " (v INTEGER)").c_str(), nullptr, nullptr);
    dataset->ExecuteSQL(("INSERT INTO " + sql_identifier(name) + " VALUES (7)").c_str(), nullptr, nullptr);
    EXPECT_EQ(test::sql_value(*dataset, ("SELECT v FROM " + sql_identifier(name)).c_str()), "7") << name;
    EXPECT_EQ(test::sql_value(*dataset, ("SELECT COUNT(*) FROM sqlite_master WHERE name = " + sql_literal(name)).c_str()), "1")
        << name;
  }
  EXPECT_EQ(test::sql_value(*dataset, "SELECT COUNT(*) FROM gpkg_contents"), "0");  // still there
}

TEST(GdalErrorLog, KeepsFailuresAndDropsWarnings) {
  GdalErrorLog log;
  log.install();
  testing::internal::CaptureStderr();
  CPLError(CE_Warning, CPLE_AppDefined, "a warning");
  CPLError(CE_Failure, CPLE_FileIO, "first failure");
  CPLError(CE_Failure, CPLE_AppDefined, "second failure");
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "");  // nothing of GDAL's own on stderr
  EXPECT_EQ(log.first_failure(), "first failure");
  EXPECT_EQ(log.failures(), (std::vector<std::string>{"first failure", "second failure"}));
  log.clear();
  EXPECT_EQ(log.first_failure(), "");
}

TEST(GdalErrorLog, PushedHandlersComeFirst) {
  GdalErrorLog log;
  log.install();
  {
    QuietGdalErrors quiet;
    CPLError(CE_Failure, CPLE_AppDefined, "handled by the caller");
    EXPECT_EQ(quiet.message(), "handled by the caller");
  }
  EXPECT_EQ(log.first_failure(), "");
  CPLError(CE_Failure, CPLE_AppDefined, "after the pop");
  EXPECT_EQ(log.first_failure(), "after the pop");
}

TEST(GdalErrorLog, FromManyThreadsKeepsABoundedList) {
  GdalErrorLog log;
  log.install();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 200; ++i) CPLError(CE_Failure, CPLE_AppDefined, "failure %d", i);
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(log.failures().size(), GdalErrorLog::kKept);
  EXPECT_EQ(log.first_failure(), "failure 0");
}

TEST(GdalErrorLog, RestoresTheHandlerItReplaced) {
  CPLErrorHandler before = CPLSetErrorHandler(CPLQuietErrorHandler);
  {
    GdalErrorLog log;
    log.install();
    GdalErrorLog second;
    EXPECT_THROW(second.install(), std::logic_error);  // one at a time
  }
  EXPECT_EQ(CPLSetErrorHandler(before), &CPLQuietErrorHandler);
}

}  // namespace
}  // namespace parklayers
