// The check table and the JSON of `check --json`, parsed back with GDAL's JSON reader.
#include "parklayers/report.h"

#include <gtest/gtest.h>

#include <cpl_json.h>

#include "parklayers/park.h"
#include "test_support.h"

namespace parklayers {
namespace {

TEST(Report, JsonHasTheDocumentedKeys) {
  const Park park = load_park(test::anting_source());
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(checks_json(park.checks)));
  const CPLJSONObject root = document.GetRoot();
  EXPECT_TRUE(root.GetBool("all_pass", false));
  const CPLJSONArray checks = root.GetArray("checks");
  ASSERT_EQ(checks.Size(), 12);
  for (int i = 0; i < checks.Size(); ++i) {
    for (const char* key : {"id", "subject", "quantity", "stated", "unit", "low", "high", "computed",
                            "status", "source"}) {
      EXPECT_TRUE(checks[i].GetObj(key).IsValid()) << key;
    }
  }
  const CPLJSONObject f01 = checks[0];
  EXPECT_EQ(f01.GetString("id"), "F01");
  EXPECT_DOUBLE_EQ(f01.GetDouble("stated"), 13.5);
  EXPECT_DOUBLE_EQ(f01.GetDouble("low"), 13.45);
  EXPECT_NEAR(f01.GetDouble("computed"), 13.5, 1e-4);
  EXPECT_EQ(f01.GetString("status"), "pass");
  EXPECT_EQ(f01.GetString("unit"), "mu");
  // "over 2,000 units": no upper bound, nothing computed.
  const CPLJSONObject f09 = checks[8];
  EXPECT_EQ(f09.GetObj("high").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(f09.GetObj("computed").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(f09.GetString("status"), "incomplete");
}

TEST(Report, TableHasARowPerFigure) {
  const Park park = load_park(test::anting_source());
  const std::string table = check_table(park.checks);
  EXPECT_NE(table.find("F01  parcel_phase:3"), std::string::npos) << table;
  EXPECT_NE(table.find("13.5 mu"), std::string::npos);
  EXPECT_NE(table.find("nearly 90,000 m2"), std::string::npos);
  EXPECT_NE(table.find("13.45 .. 13.55"), std::string::npos);
  EXPECT_NE(table.find("6 pass, 0 fail, 6 incomplete"), std::string::npos);
}

TEST(Report, IntervalText) {
  EXPECT_EQ(interval_text(read_figure("2,000", "over", "units").interval), "> 2000");
  EXPECT_EQ(interval_text(read_figure("13.5", "", "mu").interval), "13.45 .. 13.55");
}

}  // namespace
}  // namespace parklayers
