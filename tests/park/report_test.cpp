// SPDX-License-Identifier: GPL-2.0-or-later
// The check table and the JSON of `check --json`, parsed back with GDAL's JSON reader.
#include "parklayers/park/report.h"

#include <gtest/gtest.h>

#include <cpl_json.h>

#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "parklayers/park/park.h"
#include "test_support.h"

namespace parklayers {
namespace {

TEST(Report, JsonHasTheDocumentedKeys) {
  const Park park = load_park(SourceName(test::anting_source()));
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(checks_json(park.checks)));
  const CPLJSONObject root = document.GetRoot();
  EXPECT_TRUE(root.GetBool("all_pass", false));
  const CPLJSONArray checks = root.GetArray("checks");
  ASSERT_EQ(checks.Size(), 12);
  for (int i = 0; i < checks.Size(); ++i) {
    for (const char* key : {"id", "subject", "quantity", "stated", "unit", "low", "high", "computed",
                            "method", "status", "source"}) {
      EXPECT_TRUE(checks[i].GetObj(key).IsValid()) << key;
    }
    // The park's land areas are ellipsoidal; what is no measured area has no method.
    if (checks[i].GetString("quantity") == "land_area") {
      EXPECT_EQ(checks[i].GetString("method"), "ellipsoidal") << i;
    } else {
      EXPECT_EQ(checks[i].GetObj("method").GetType(), CPLJSONObject::Type::Null) << i;
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

TEST(Report, JsonKeepsSlashesAndBackslashesAsTheyAre) {
  Check check;
  check.id = "F/1";
  check.source = "https://example.org/a/b";
  check.note = "m2/mu, a backslash \\ and one before a slash \\/ and two \\\\/";
  const std::string text = checks_json({check});
  // No escaped slash is left, and the texts read back exactly as they were.
  EXPECT_EQ(text.find("https:\\/\\/"), std::string::npos) << text;
  EXPECT_NE(text.find("https://example.org/a/b"), std::string::npos) << text;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(text));
  const CPLJSONObject row = document.GetRoot().GetArray("checks")[0];
  EXPECT_EQ(row.GetString("id"), check.id);
  EXPECT_EQ(row.GetString("source"), check.source);
  EXPECT_EQ(row.GetString("note"), check.note);
}

TEST(Report, SummaryExplainsIncompleteOnlyWhenThereIsOne) {
  Check passing;
  passing.status = CheckStatus::Pass;
  EXPECT_EQ(check_table({passing}).find("cannot be verified"), std::string::npos);
  Check open = passing;
  open.status = CheckStatus::Incomplete;
  EXPECT_NE(check_table({passing, open}).find("1 incomplete (cannot be verified"), std::string::npos);
}

TEST(Report, TableHasARowPerFigure) {
  const Park park = load_park(SourceName(test::anting_source()));
  const std::string table = check_table(park.checks);
  EXPECT_NE(table.find("F01  parcel_phase:3"), std::string::npos) << table;
  EXPECT_NE(table.find("13.5 mu"), std::string::npos);
  EXPECT_NE(table.find("nearly 90,000 m2"), std::string::npos);
  EXPECT_NE(table.find("13.45 .. 13.55"), std::string::npos);
  EXPECT_NE(table.find("6 pass, 0 fail, 6 incomplete"), std::string::npos);
  // The method column, beside the computed value: ellipsoidal for land areas, "-" for the rest.
  EXPECT_NE(table.find(" method "), std::string::npos) << table;
  EXPECT_LT(table.find(" computed "), table.find(" method "));
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("F", 0) != 0) continue;
    const bool land = line.find("land_area") != std::string::npos;
    EXPECT_EQ(line.find(" ellipsoidal ") != std::string::npos, land) << line;
    if (!land) {
      EXPECT_NE(line.find(" -  "), std::string::npos) << line;
    }
  }
}

TEST(Report, MethodColumnInBothLanguages) {
  std::vector<Check> checks(4);
  checks[0].id = "1";
  checks[0].subject = "parcel:1";
  checks[0].quantity = "land_area";
  checks[0].value_text = "0.4820";
  checks[0].reading = read_figure("0.4820", "", "ha");
  checks[0].computed = 0.48203;
  checks[0].status = CheckStatus::Pass;
  checks[0].method = AreaMethod::Planar;
  checks[1] = checks[0];
  checks[1].id = "2";
  checks[1].subject = "parcel:2";
  checks[1].method = AreaMethod::Ellipsoidal;
  checks[2] = checks[0];
  checks[2].id = "3";
  checks[2].subject = "parcel:3";
  checks[2].method.reset();
  checks[3] = checks[0];
  checks[3].id = "4";
  checks[3].subject = "parcel:4";
  checks[3].method = AreaMethod::Survey;
  const std::string english = check_table(checks);
  EXPECT_NE(english.find("survey"), std::string::npos) << english;
  EXPECT_NE(english.find("planar"), std::string::npos) << english;
  EXPECT_NE(english.find("ellipsoidal"), std::string::npos) << english;
  const std::string chinese = check_table(checks, Language::Chinese, [](const std::string& subject) {
    return subject == "parcel:1" ? std::string("示例地块") : subject.substr(7);
  });
  for (const char* text : {"面积类型", "平面面积", "椭球面积", "调查椭球面积", "示例地块", "0.4820公顷"}) {
    EXPECT_NE(chinese.find(text), std::string::npos) << text << "\n" << chinese;
  }
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(checks_json(checks)));
  const CPLJSONArray rows = document.GetRoot().GetArray("checks");
  ASSERT_EQ(rows.Size(), 4);
  EXPECT_EQ(rows[3].GetString("method"), "survey");
  EXPECT_EQ(rows[0].GetString("method"), "planar");
  EXPECT_EQ(rows[1].GetString("method"), "ellipsoidal");
  EXPECT_EQ(rows[2].GetObj("method").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(parse_area_method("Planar"), AreaMethod::Planar);
  EXPECT_EQ(parse_area_method("ellipsoidal"), AreaMethod::Ellipsoidal);
  EXPECT_EQ(parse_area_method("Survey"), AreaMethod::Survey);
  EXPECT_EQ(parse_area_method("geodesic"), std::nullopt);
}

TEST(Report, ChineseTableNamesEachSubject) {
  const Park park = load_park(SourceName(test::anting_source()));
  const std::string table = check_table(park.checks, Language::Chinese, park.source);
  for (const char* text : {"编号", "名称", "状态", "三期地块", "三期建筑", "园区", "集中式租赁住房项目", "君赛生物",
                           "用地面积", "13.5亩", "约0.9公顷", "近90,000平方米", "超过2,000套", "4家", "通过", "待核实",
                           "6 项通过，0 项不通过，6 项待核实"}) {
    EXPECT_NE(table.find(text), std::string::npos) << text << "\n" << table;
  }
  // Columns line up on a terminal: a CJK character is two columns wide. "状态" (status) starts
  // at the same column on every row, as "通过"/"待核实" do below it.
  std::vector<size_t> starts;
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("F", 0) != 0 && line.rfind("编号", 0) != 0) continue;  // not the counts line
    size_t width = 0, status = std::string::npos;
    for (size_t i = 0; i < line.size();) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      const size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      for (const char* word : {"状态", "通过", "待核实"}) {
        if (line.compare(i, std::strlen(word), word) == 0 && status == std::string::npos) status = width;
      }
      width += length >= 3 ? 2 : 1;
      i += length;
    }
    if (status != std::string::npos) starts.push_back(status);
  }
  ASSERT_EQ(starts.size(), 13u) << table;  // the header and 12 figures
  for (size_t start : starts) EXPECT_EQ(start, starts[0]) << table;
  // English stays as it was.
  EXPECT_EQ(check_table(park.checks, Language::English, park.source), check_table(park.checks));
}

TEST(Report, SubjectNames) {
  const Park park = load_park(SourceName(test::anting_source()));
  const ParkSource& source = park.source;
  EXPECT_EQ(subject_name("park", source, Language::Chinese), "园区");
  EXPECT_EQ(subject_name("phase:3", source, Language::Chinese), "三期");
  EXPECT_EQ(subject_name("parcel_phase:1", source, Language::Chinese), "一期地块");
  EXPECT_EQ(subject_name("building_phase:2", source, Language::Chinese), "二期建筑");
  EXPECT_EQ(subject_name("parcel:P2", source, Language::Chinese), "二期地块");
  EXPECT_EQ(subject_name("building:B3-1", source, Language::Chinese), "三期1号楼");
  EXPECT_EQ(subject_name("amenity:A1", source, Language::Chinese), "园区食堂");
  EXPECT_EQ(subject_name("tenant:T2", source, Language::Chinese), "杏脉科技");
  EXPECT_EQ(subject_name("tenant:T9", source, Language::Chinese), "T9");  // no such tenant: its id
  EXPECT_EQ(subject_name("tenant:T2", source, Language::English), "Fosun Aitrox");
  EXPECT_EQ(subject_name("parcel_phase:3", source, Language::English), "phase 3 parcels");
  EXPECT_EQ(subject_name("nonsense", source, Language::Chinese), "nonsense");
  EXPECT_EQ(chinese_phase(10), "十期");
  EXPECT_EQ(chinese_phase(12), "十二期");
  EXPECT_EQ(chinese_phase(20), "二十期");
  EXPECT_EQ(chinese_phase(99), "九十九期");
  EXPECT_EQ(chinese_phase(100), "100期");
  EXPECT_EQ(check_status_text(CheckStatus::Fail, Language::Chinese), "不通过");
  EXPECT_EQ(quantity_name("floor_area", Language::Chinese), "建筑面积");
  EXPECT_EQ(parse_language("zh_CN.UTF-8"), Language::Chinese);
  EXPECT_EQ(parse_language("EN"), Language::English);
  EXPECT_EQ(parse_language("fr"), std::nullopt);
}

TEST(Report, IntervalText) {
  EXPECT_EQ(interval_text(read_figure("2,000", "over", "units").interval), "> 2000");
  EXPECT_EQ(interval_text(read_figure("13.5", "", "mu").interval), "13.45 .. 13.55");
}

}  // namespace
}  // namespace parklayers
