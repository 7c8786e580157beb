// SPDX-License-Identifier: GPL-2.0-or-later
// Check rows kept on disk and passed on by their keys: every field comes back as it went in.
#include "parklayers/park/check_spool.h"

#include <gtest/gtest.h>

#include <vector>

namespace parklayers {
namespace {

Check row(long long fid, bool overlap) {
  Check check;
  check.id = "J-" + std::to_string(fid);
  check.subject = overlap ? std::to_string(fid) + " " + std::to_string(fid + 1) : "parcel:J-" + std::to_string(fid);
  check.quantity = overlap ? "overlap" : "land_area";
  check.value_text = "0.4820";
  check.as_written = " 0.4820 ";
  check.reading.value = 0.482;
  check.reading.precision = 0.00005;
  check.reading.qualifier = Qualifier::About;
  check.reading.unit = Unit::Hectare;
  check.reading.interval.low = 0.48195;
  check.reading.interval.high = overlap ? std::optional<double>() : std::optional<double>(0.48205);
  check.reading.interval.low_inclusive = false;
  check.reading.rule = "as written, 地块面积";
  check.computed = overlap ? std::optional<double>() : std::optional<double>(0.1 * static_cast<double>(fid) + 1e-13);
  check.deviation = -2.5e-7;
  check.method = overlap ? std::optional<AreaMethod>() : std::optional<AreaMethod>(AreaMethod::Planar);
  check.status = overlap ? CheckStatus::Fail : CheckStatus::Pass;
  check.note = "note " + std::to_string(fid);
  check.source = "a.txt, layer 地块";
  check.url = "";
  check.fids = overlap ? std::vector<long long>{fid, fid + 1} : std::vector<long long>{fid};
  return check;
}

void expect_same(const Check& a, const Check& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.quantity, b.quantity);
  EXPECT_EQ(a.value_text, b.value_text);
  EXPECT_EQ(a.as_written, b.as_written);
  EXPECT_EQ(a.reading.value, b.reading.value);
  EXPECT_EQ(a.reading.precision, b.reading.precision);
  EXPECT_EQ(a.reading.qualifier, b.reading.qualifier);
  EXPECT_EQ(a.reading.unit, b.reading.unit);
  EXPECT_EQ(a.reading.interval.low, b.reading.interval.low);
  EXPECT_EQ(a.reading.interval.high, b.reading.interval.high);
  EXPECT_EQ(a.reading.interval.low_inclusive, b.reading.interval.low_inclusive);
  EXPECT_EQ(a.reading.rule, b.reading.rule);
  EXPECT_EQ(a.computed, b.computed);
  EXPECT_EQ(a.deviation, b.deviation);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.fids, b.fids);
}

TEST(CheckSpool, RowsComeBackWholeSortedByTheirKeys) {
  CheckSpool spool;
  const std::vector<long long> added = {42, 7, 1000000000007LL, 7, 3};
  for (size_t i = 0; i < added.size(); ++i) {
    const bool overlap = i == 3;  // (7, 8) after parcel 7
    spool.add(row(added[i], overlap), "name " + std::to_string(i), added[i], overlap ? added[i] + 1 : 0);
  }
  EXPECT_EQ(spool.size(), 5u);
  std::vector<std::pair<Check, std::string>> out;
  spool.replay([&](const Check& check, const std::string& name) { out.emplace_back(check, name); });
  ASSERT_EQ(out.size(), 5u);
  const std::vector<std::pair<long long, size_t>> expected = {{3, 4}, {7, 1}, {7, 3}, {42, 0}, {1000000000007LL, 2}};
  for (size_t i = 0; i < out.size(); ++i) {
    const auto& [fid, index] = expected[i];
    expect_same(out[i].first, row(fid, index == 3));
    EXPECT_EQ(out[i].second, "name " + std::to_string(index));
  }
  // A second replay gives the same.
  size_t again = 0;
  spool.replay([&](const Check&, const std::string&) { ++again; });
  EXPECT_EQ(again, 5u);
}

TEST(CheckSpool, AnEmptySpoolPassesNothingOn) {
  const CheckSpool spool;
  spool.replay([](const Check&, const std::string&) { ADD_FAILURE(); });
}

}  // namespace
}  // namespace parklayers
