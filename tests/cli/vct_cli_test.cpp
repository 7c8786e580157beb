// SPDX-License-Identifier: GPL-2.0-or-later
// VCT files (the VCT driver) through `parklayers` as a user runs it: `area` and
// `check --stated TBMJ` on a .vct's DLTB layer (a source of several layers, so --layer), and a
// bad file's message. The file is written here as text (tests/drivers/vct/vct_text.h); the
// references are the shoelace areas of the rings written.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <cpl_json.h>
#include <gtest/gtest.h>

#include "../drivers/vct/vct_text.h"
#include "test_support.h"

namespace parklayers {
namespace {

using vcttest::Spec;

std::string two_decimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// The sample with a point layer beside DLTB, and TBMJ stating each parcel's planar area (parcel 2
// `factor` times it).
Spec survey(double factor) {
  Spec spec = vcttest::sample();
  spec.feature_codes.push_back("2001020000,界址点,Point,JZD");
  spec.table_structure.insert(spec.table_structure.end(), {"JZD,1", "BSM,Int4", "0"});
  spec.points = {"11", "2001020000", "Unknown", "1", "1", "39500010.5,3500020.25", "0"};
  spec.attributes = {"DLTB", "1,1,0101,水田," + two_decimals(vcttest::area(spec.polygons[0].rings)) + ",",
                     "2,2,0201,果园," + two_decimals(vcttest::area(spec.polygons[1].rings) * factor) + ",", "TableEnd"};
  return spec;
}

CPLJSONObject json_of(const test::CommandResult& result) {
  CPLJSONDocument document;
  EXPECT_TRUE(document.LoadMemory(result.out)) << result.out << result.err;
  return document.GetRoot();
}

TEST(VctCli, AreaOfTheDltbLayer) {
  test::TempDir dir;
  const Spec spec = survey(1);
  const std::string path = dir.file("survey.vct");
  test::write_text(path, test::to_gbk(vcttest::text_of(spec)));
  const test::CommandResult result = test::parklayers({"area", path, "--layer", "DLTB", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const CPLJSONArray features = json_of(result).GetArray("features");
  ASSERT_EQ(features.Size(), 2);
  for (int i = 0; i < features.Size(); ++i) {
    const double planar = vcttest::area(spec.polygons[static_cast<size_t>(i)].rings);
    EXPECT_NEAR(features[i].GetDouble("gk_area_m2"), planar, planar * 1e-9) << i;
    EXPECT_EQ(features[i].GetString("gk_crs"), "EPSG:4527");
  }
}

TEST(VctCli, CheckStatedTbmj) {
  test::TempDir dir;
  test::write_text(dir.file("good.vct"), test::to_gbk(vcttest::text_of(survey(1))));
  test::write_text(dir.file("off.vct"), test::to_gbk(vcttest::text_of(survey(1.01))));
  const test::CommandResult good = test::parklayers(
      {"check", dir.file("good.vct"), "--layer", "DLTB", "--stated", "TBMJ", "--method", "planar", "--json"});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  const CPLJSONArray rows = json_of(good).GetArray("checks");
  ASSERT_EQ(rows.Size(), 2);
  for (int i = 0; i < rows.Size(); ++i) EXPECT_EQ(rows[i].GetString("status"), "pass") << rows[i].GetString("note");
  const test::CommandResult off = test::parklayers(
      {"check", dir.file("off.vct"), "--layer", "DLTB", "--stated", "TBMJ", "--method", "planar", "--json"});
  EXPECT_EQ(off.exit_code, 1) << off.out << off.err;
  const CPLJSONArray off_rows = json_of(off).GetArray("checks");
  ASSERT_EQ(off_rows.Size(), 2);
  EXPECT_EQ(off_rows[0].GetString("status"), "pass");
  EXPECT_EQ(off_rows[1].GetString("status"), "fail");
}

TEST(VctCli, ABadFileIsNamedWithItsSectionBsmAndLine) {
  test::TempDir dir;
  Spec spec = survey(1);
  spec.polygons[0].references = "101,-999,0,103";
  const std::string text = vcttest::text_of(spec);
  test::write_text(dir.file("bad.vct"), text);
  const test::CommandResult result = test::parklayers({"area", dir.file("bad.vct"), "--layer", "DLTB", "--json"});
  EXPECT_EQ(result.exit_code, 2);
  const std::string where = "section Polygon, BSM 1, line " + std::to_string(vcttest::line_of(text, "101,-999,0,103"));
  EXPECT_NE(result.err.find("VCT: " + dir.file("bad.vct") + ": " + where + ": the line 999"), std::string::npos)
      << result.err;
  // The driver's own message, not GDAL's failure to open.
  EXPECT_EQ(result.err.find("GDAL cannot open"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace parklayers
