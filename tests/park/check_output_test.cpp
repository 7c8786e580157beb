// SPDX-License-Identifier: GPL-2.0-or-later
// The check writers: the table's columns and widths, the JSON document read back by GDAL's JSON
// reader, for a few rows and for more than the table measures its widths from.
#include "parklayers/park/check_output.h"

#include <gtest/gtest.h>

#include <cpl_json.h>

#include <sstream>
#include <string>
#include <vector>

#include "parklayers/park/stated_figure.h"

namespace parklayers {
namespace {

Check feature_row(long long fid, const std::string& stated, double computed_ha) {
  Check check;
  check.fids = {fid};
  check.id = "P" + std::to_string(fid);
  check.subject = "parcel:" + check.id;
  check.quantity = "land_area";
  check.value_text = stated;
  check.as_written = stated;
  check.reading = read_figure(stated, "", "ha");
  check.computed = computed_ha;
  check.deviation = computed_ha - check.reading.value;
  check.method = AreaMethod::Planar;
  check.status = check.reading.interval.contains(computed_ha) ? CheckStatus::Pass : CheckStatus::Fail;
  check.note = "planar area \"on\" the source's own plane\n";
  check.source = "a.gpkg, layer parcels";
  return check;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CheckOutput, TableOfFeaturesShowsFidAndTwoMoreDecimalsThanStated) {
  std::ostringstream out;
  CheckTableWriter table(out, Language::English, CheckRows::Features);
  CheckCounts counts;
  const Check pass = feature_row(1, "0.4820", 0.482012345);
  const Check fail = feature_row(27, "1.53", 1.6);
  for (const Check& check : {pass, fail}) {
    table.add(check);
    counts.add(check.status);
  }
  table.finish(counts);
  const std::vector<std::string> lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 4u) << out.str();
  EXPECT_EQ(lines[0], "fid  id   quantity   stated     accepted            computed  method  status");
  EXPECT_EQ(lines[1], "1    P1   land_area  0.4820 ha  0.48195 .. 0.48205  0.482012  planar  pass");
  EXPECT_EQ(lines[2], "27   P27  land_area  1.53 ha    1.525 .. 1.535      1.6000    planar  fail");
  EXPECT_EQ(lines[3], "1 pass, 1 fail, 0 incomplete");
}

TEST(CheckOutput, ChineseTableNamesEachFeature) {
  std::ostringstream out;
  CheckTableWriter table(out, Language::Chinese, CheckRows::Features);
  table.add(feature_row(3, "0.4820", 0.4820), "示例地块");
  CheckCounts counts;
  counts.add(CheckStatus::Pass);
  table.finish(counts);
  for (const char* text : {"FID", "编号", "名称", "示例地块", "用地面积", "0.4820公顷", "平面面积", "通过", "1 项通过"}) {
    EXPECT_NE(out.str().find(text), std::string::npos) << text << "\n" << out.str();
  }
}

TEST(CheckOutput, RowsBeyondTheFirstThousandKeepTheirWidths) {
  std::ostringstream out;
  CheckTableWriter table(out, Language::English, CheckRows::Features);
  CheckCounts counts;
  const std::size_t rows = CheckTableWriter::kTableWidthRows + 500;
  for (std::size_t i = 1; i <= rows; ++i) {
    const Check check = feature_row(static_cast<long long>(i), "0.4820", 0.4820);
    table.add(check);
    counts.add(check.status);
  }
  // Before finish, the first rows and those after them are out already: the writer holds none.
  const std::size_t written = lines_of(out.str()).size();
  EXPECT_EQ(written, rows + 1);
  table.finish(counts);
  const std::vector<std::string> lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), rows + 2);
  // Every row's "land_area" starts in the same column: the width of the first 1,000 rows' ids
  // ("P1000") held for the wider later ones ("P1500" is as wide).
  const std::size_t column = lines[1].find("land_area");
  for (std::size_t i = 1; i <= rows; ++i) EXPECT_EQ(lines[i].find("land_area"), column) << lines[i];
  EXPECT_EQ(lines.back(), std::to_string(rows) + " pass, 0 fail, 0 incomplete");
}

TEST(CheckOutput, JsonIsOneDocumentReadBackRowForRow) {
  std::ostringstream out;
  CheckJsonWriter json(out);
  CheckCounts counts;
  std::vector<Check> checks;
  for (long long fid = 1; fid <= 2500; ++fid) {
    checks.push_back(feature_row(fid, fid % 7 ? "0.4820" : "0.50", 0.4820));
    json.add(checks.back());
    counts.add(checks.back().status);
  }
  Check overlap;
  overlap.fids = {3, 9};
  overlap.subject = "3 9";
  overlap.id = "P3 P9";
  overlap.quantity = "overlap";
  overlap.computed = 12.5;
  json.add(overlap);
  counts.add(overlap.status);
  json.finish(counts);
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(out.str()));
  const CPLJSONArray rows = document.GetRoot().GetArray("checks");
  ASSERT_EQ(rows.Size(), 2501);
  for (int i = 0; i < 2500; ++i) {
    const Check& check = checks[static_cast<std::size_t>(i)];
    ASSERT_EQ(rows[i].GetArray("fids")[0].ToLong(), check.fids[0]);
    EXPECT_EQ(rows[i].GetString("status"), check_status_name(check.status));
    EXPECT_DOUBLE_EQ(rows[i].GetDouble("stated"), check.reading.value);
    EXPECT_DOUBLE_EQ(rows[i].GetDouble("low"), check.reading.interval.low);
    EXPECT_EQ(rows[i].GetString("note"), check.note);  // quotes and a newline escaped
  }
  const CPLJSONObject last = rows[2500];
  EXPECT_EQ(last.GetArray("fids").Size(), 2);
  EXPECT_EQ(last.GetString("subject"), "3 9");
  EXPECT_EQ(last.GetObj("stated").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(last.GetObj("method").GetType(), CPLJSONObject::Type::Null);
  const CPLJSONObject summary = document.GetRoot().GetObj("summary");
  EXPECT_EQ(summary.GetLong("pass"), counts.pass);
  EXPECT_EQ(summary.GetLong("fail"), counts.fail);
  EXPECT_EQ(summary.GetLong("incomplete"), 1);
  EXPECT_FALSE(document.GetRoot().GetBool("all_pass", true));
}

TEST(CheckOutput, NoRowsIsStillADocumentAndATable) {
  std::ostringstream json_out, table_out;
  CheckJsonWriter json(json_out);
  json.finish(CheckCounts{});
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(json_out.str())) << json_out.str();
  EXPECT_EQ(document.GetRoot().GetArray("checks").Size(), 0);
  EXPECT_TRUE(document.GetRoot().GetBool("all_pass", false));
  CheckTableWriter table(table_out, Language::English, CheckRows::Figures);
  table.finish(CheckCounts{});
  EXPECT_EQ(table_out.str(), "id  subject  quantity  stated  accepted  computed  method  status\n0 pass, 0 fail, 0 incomplete\n");
}

}  // namespace
}  // namespace parklayers
