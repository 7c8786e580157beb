// SPDX-License-Identifier: GPL-2.0-or-later
// The words of the report sheet, read from a park built by the writer, against the park's own
// checks and source (what check computes) and the stated figures file.
#include "parklayers/park/sheet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "parklayers/gis/error.h"
#include "parklayers/gis/version.h"
#include "parklayers/park/park.h"
#include "parklayers/park/writer.h"
#include "test_support.h"

namespace parklayers {
namespace {

struct Built {
  test::TempDir dir;
  Park park = load_park(SourceName(test::anting_source()));
  std::string gpkg = dir.file("park.gpkg");
  Built() { write_park(park, gpkg); }
};

const SheetRow& row_of(const Sheet& sheet, const std::string& id) {
  for (const SheetRow& row : sheet.rows) {
    if (row.id == id) return row;
  }
  ADD_FAILURE() << "no row " << id;
  static const SheetRow none;
  return none;
}

TEST(Sheet, EnglishRowsAreTheParksChecks) {
  const Built built;
  const SheetFacts facts = read_sheet_facts(built.gpkg);
  ASSERT_EQ(facts.checks.size(), built.park.checks.size());
  EXPECT_TRUE(facts.bundled);
  const Sheet sheet = make_sheet(facts, Language::English, "2026-12-01");
  EXPECT_EQ(sheet.title, "Anting International Medical Industry Park");
  ASSERT_EQ(sheet.rows.size(), built.park.checks.size());
  ASSERT_EQ(sheet.headers.size(), 8u);
  for (size_t i = 0; i < sheet.rows.size(); ++i) {
    EXPECT_EQ(sheet.rows[i].id, built.park.checks[i].id);
    EXPECT_EQ(sheet.rows[i].status_code, built.park.checks[i].status) << sheet.rows[i].id;
    EXPECT_EQ(sheet.rows[i].status, check_status_name(built.park.checks[i].status));
  }
  const SheetRow& f01 = row_of(sheet, "F01");
  EXPECT_EQ(f01.figure, "land area: 13.5 mu");
  EXPECT_EQ(f01.accepted, "13.45 .. 13.55 mu");
  EXPECT_EQ(f01.method, "ellipsoidal");
  EXPECT_EQ(f01.status, "pass");
  EXPECT_EQ(f01.subject, "phase 3 parcels");
  // The computed value as check computed it, to six digits.
  char computed[32];
  std::snprintf(computed, sizeof computed, "%.6g mu", *built.park.checks[0].computed);
  EXPECT_EQ(f01.computed, computed);
  // A tenant named from the tenants table.
  EXPECT_EQ(row_of(sheet, "F12").subject, "Juncell Therapeutics");
  EXPECT_EQ(row_of(sheet, "F05").status, "incomplete");
  EXPECT_NE(sheet.summary.find(" fail"), std::string::npos);
}

TEST(Sheet, SourcesAreCitedOnceEach) {
  const Built built;
  const Sheet sheet = make_sheet(read_sheet_facts(built.gpkg), Language::English, "2026-12-01");
  std::set<std::string> distinct;
  for (const Check& check : built.park.checks) distinct.insert(check.source);
  ASSERT_EQ(sheet.sources.size(), distinct.size());
  EXPECT_EQ(sheet.sources[0].rfind("[1] SHINE, 2025-06-10, \"Anting medical industry park", 0), 0u) << sheet.sources[0];
  EXPECT_EQ(row_of(sheet, "F01").source, "[1]");
  EXPECT_EQ(row_of(sheet, "F10").source, "[2]");
  EXPECT_EQ(row_of(sheet, "F12").source, "[3]");
}

TEST(Sheet, ProvenanceDateVersionAndInput) {
  const Built built;
  const SheetFacts facts = read_sheet_facts(built.gpkg);
  // Every feature of the bundled park is modelled: its parcels to 2 km, the worst (an amenity off
  // the park) to the largest accuracy_m in the source.
  double worst = 0;
  for (const Table* table : {&built.park.source.parcels, &built.park.source.buildings, &built.park.source.roads,
                             &built.park.source.amenities}) {
    for (const Row& row : table->rows) {
      EXPECT_EQ(table->text(row, "provenance"), "modelled");
      worst = std::max(worst, table->real(row, "accuracy_m"));
    }
  }
  EXPECT_EQ(facts.provenance, "modelled");
  ASSERT_TRUE(facts.accuracy_m && facts.worst_m);
  EXPECT_EQ(*facts.accuracy_m, 2000.0);
  EXPECT_EQ(*facts.worst_m, worst);
  EXPECT_EQ(worst, 5000.0);
  const Sheet en = make_sheet(facts, Language::English, "2026-12-01");
  EXPECT_EQ(en.provenance, "Modelled, not surveyed: positions ±2 km, some up to ±5 km.");
  EXPECT_EQ(en.made, std::string("Made 2026-12-01 by Park Layers ") + kVersion + " from " + built.park.source.path);
  const Sheet zh = make_sheet(facts, Language::Chinese, "2026-12-01");
  EXPECT_EQ(zh.provenance, "模拟绘制，非实测：位置误差 ±2 千米，个别达 ±5 千米。");
  EXPECT_EQ(zh.title, "安亭国际医疗产业园");
}

TEST(Sheet, ChineseWords) {
  const Built built;
  const Sheet sheet = make_sheet(read_sheet_facts(built.gpkg), Language::Chinese, "2026-12-01");
  const SheetRow& f01 = row_of(sheet, "F01");
  EXPECT_EQ(f01.figure, "用地面积 13.5亩");
  EXPECT_EQ(f01.accepted, "13.45 .. 13.55 亩");
  EXPECT_EQ(f01.method, "椭球面积");
  EXPECT_EQ(f01.status, "通过");
  EXPECT_EQ(f01.subject, "三期地块");
  EXPECT_EQ(row_of(sheet, "F02").accepted.substr(row_of(sheet, "F02").accepted.size() - 6), "公顷");
  EXPECT_EQ(row_of(sheet, "F05").status, "待核实");
  EXPECT_EQ(sheet.headers[0], "编号");
}

TEST(Sheet, FailingFigureIsFail) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "F01,parcel_phase:3,land_area,13.5,,mu,13.5 mu",
                        "F01,parcel_phase:3,land_area,12.5,,mu,12.5 mu");
  write_park(load_park(SourceName(source)), dir.file("park.gpkg"));
  const Sheet sheet = make_sheet(read_sheet_facts(dir.file("park.gpkg")), Language::Chinese, "2026-12-01");
  EXPECT_EQ(row_of(sheet, "F01").status, "不通过");
  EXPECT_EQ(row_of(sheet, "F01").status_code, CheckStatus::Fail);
  EXPECT_NE(sheet.summary.find("1 项不通过"), std::string::npos) << sheet.summary;
  EXPECT_EQ(sheet.title, "anting");
}

TEST(Sheet, NotABuiltPark) {
  EXPECT_THROW(read_sheet_facts(test::anting_source() + "/parcels.geojson"), InputError);
  EXPECT_THROW(read_sheet_facts("/nonexistent/park.gpkg"), InputError);
  EXPECT_FALSE(is_built_park(SourceName(test::anting_source())));  // a park source folder: built first
  EXPECT_FALSE(is_built_park(SourceName(test::anting_source() + "/parcels.geojson")));
  EXPECT_FALSE(is_built_park(SourceName("/nonexistent/park.gpkg")));
  EXPECT_FALSE(is_built_park(SourceName("PG:dbname=parks")));  // a database is never taken for a file
  const Built built;
  EXPECT_TRUE(is_built_park(SourceName(built.gpkg)));
}

// Each kind of source becomes a built park: a built one copied byte for byte (and left as it
// was), a park source built with the caller's reading, a layer of stated parcels with its checks.
TEST(Sheet, WriteSheetParkFromEachKindOfSource) {
  const Built built;
  const std::string before = test::read_text(built.gpkg);
  int loaded = 0;
  const auto load = [&loaded] {
    ++loaded;
    return load_park(SourceName(test::anting_source()));
  };
  const std::string copy = built.dir.file("copy.gpkg");
  write_sheet_park(SourceName(built.gpkg), copy, {}, load);
  EXPECT_EQ(loaded, 0);
  EXPECT_EQ(test::read_text(copy), before);
  EXPECT_EQ(test::read_text(built.gpkg), before);

  const std::string from_source = built.dir.file("from_source.gpkg");
  write_sheet_park(SourceName(test::anting_source()), from_source, {}, load);
  EXPECT_EQ(loaded, 1);
  EXPECT_EQ(read_sheet_facts(from_source).checks.size(), built.park.checks.size());

  std::vector<test::StatedParcel> parcels = test::stated_parcels(4490, 4528, 120);
  const std::string layer = built.dir.file("parcels.gpkg");
  test::write_stated_parcels(layer, 4528, parcels);
  const std::string from_parcels = built.dir.file("from_parcels.gpkg");
  write_sheet_park(SourceName(layer), from_parcels, {}, load);
  EXPECT_EQ(loaded, 1);
  const SheetFacts facts = read_sheet_facts(from_parcels);
  ASSERT_EQ(facts.checks.size(), parcels.size());
  for (const Check& check : facts.checks) EXPECT_EQ(check.status, CheckStatus::Pass) << check.id;
}

TEST(Sheet, WordsOfTheMapPage) {
  EXPECT_EQ(provenance_text("surveyed", 0.5, Language::English), "Surveyed: positions ±0.5 m.");
  EXPECT_EQ(provenance_text("surveyed", std::nullopt, Language::English),
            "Surveyed; positional accuracy not stated.");
  EXPECT_EQ(provenance_text("", 1.0, Language::English), "");
  EXPECT_EQ(centre_text(121.18512, 31.31015, Language::English), "Centre: 31.3102° N, 121.1851° E");
  EXPECT_EQ(centre_text(121.18512, 31.31015, Language::Chinese), "中心点：北纬 31.3102°，东经 121.1851°");
  EXPECT_EQ(layer_title("parcels", Language::Chinese), "地块");
  EXPECT_EQ(legend_label("Phase 3", Language::Chinese), "三期");
  EXPECT_EQ(legend_label("Phase 3", Language::English), "Phase 3");
  EXPECT_EQ(legend_label("4-6 storeys", Language::Chinese), "4-6 层");
  EXPECT_EQ(legend_label("canteen (planned)", Language::Chinese), "食堂（规划）");
  EXPECT_EQ(legend_label("Other phase", Language::Chinese), "其他期");
  EXPECT_EQ(legend_label("something else", Language::Chinese), "something else");
  EXPECT_EQ(park_title(SourceName("PG:dbname=parks schemas=anting_park"), false, Language::English), "anting_park");
  // The three statuses are told apart by colour too.
  const Rgb pass = status_colour(CheckStatus::Pass), fail = status_colour(CheckStatus::Fail),
            incomplete = status_colour(CheckStatus::Incomplete);
  EXPECT_GT(pass.g, pass.r);
  EXPECT_GT(fail.r, fail.g);
  EXPECT_NE(incomplete.g, fail.g);
}

}  // namespace
}  // namespace parklayers
