// SPDX-License-Identifier: GPL-2.0-or-later
// How figures as written are read into intervals: a table of cases.
#include "parklayers/park/stated_figure.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <limits>

namespace parklayers {
namespace {

struct Case {
  const char* value;
  const char* qualifier;
  const char* unit;
  double low;
  double high;  // infinity: no upper bound
  bool low_inclusive;
};

class ReadFigure : public ::testing::TestWithParam<Case> {};

TEST_P(ReadFigure, Interval) {
  const Case& c = GetParam();
  const FigureReading reading = read_figure(c.value, c.qualifier, c.unit);
  EXPECT_NEAR(reading.interval.low, c.low, 1e-9 * std::fabs(c.low) + 1e-12);
  if (std::isinf(c.high)) {
    EXPECT_FALSE(reading.interval.high.has_value());
  } else {
    ASSERT_TRUE(reading.interval.high.has_value());
    EXPECT_NEAR(*reading.interval.high, c.high, 1e-9 * std::fabs(c.high) + 1e-12);
  }
  EXPECT_EQ(reading.interval.low_inclusive, c.low_inclusive);
  EXPECT_FALSE(reading.rule.empty());
}

constexpr double kNone = std::numeric_limits<double>::infinity();

INSTANTIATE_TEST_SUITE_P(
    Anting, ReadFigure,
    ::testing::Values(Case{"13.5", "", "mu", 13.45, 13.55, true},
                      Case{"0.9", "about", "ha", 0.85, 0.95, true},  // precision 0.05 > 5 %
                      Case{"1.53", "", "ha", 1.525, 1.535, true},
                      Case{"3.73", "", "ha", 3.725, 3.735, true},
                      Case{"25,000", "", "m2", 24500, 25500, true},  // trailing zeros not significant
                      Case{"90,000", "nearly", "m2", 81000, 90000, true},
                      Case{"2,000", "over", "units", 2000, kNone, false},
                      Case{"16,000", "exceeding", "square metres", 16000, kNone, false},
                      Case{"four", "", "firms", 4, 4, true},
                      Case{"24", "", "firms", 24, 24, true},  // counts are exact
                      Case{"24", "", "m2", 23.5, 24.5, true},
                      Case{"1000.0", "", "m2", 999.95, 1000.05, true},
                      Case{"200", "about", "million_yuan", 150, 250, true},  // written +/-50 > 5 %
                      Case{"12,345", "about", "m2", 12345 * 0.95, 12345 * 1.05, true}),
    [](const ::testing::TestParamInfo<Case>& param_info) {
      std::string name = std::string(param_info.param.qualifier) + "_" + param_info.param.value + "_" + param_info.param.unit;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name + "_" + std::to_string(param_info.index);
    });

TEST(ReadFigure, IntervalContains) {
  const FigureReading mu = read_figure("13.5", "", "mu");
  EXPECT_TRUE(mu.interval.contains(13.45));
  EXPECT_TRUE(mu.interval.contains(13.55));
  EXPECT_FALSE(mu.interval.contains(13.56));
  EXPECT_FALSE(mu.interval.contains(std::nan("")));
  const FigureReading over = read_figure("2,000", "over", "units");
  EXPECT_FALSE(over.interval.contains(2000));
  EXPECT_TRUE(over.interval.contains(2001));
  EXPECT_TRUE(over.interval.contains(1e12));
}

TEST(ReadFigure, BadPartsAreNamed) {
  EXPECT_THROW(
      {
        try {
          read_figure("13.5", "", "acres");
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "unknown unit 'acres'");
          throw;
        }
      },
      std::invalid_argument);
  EXPECT_THROW(read_figure("13.5", "roughly-ish", "mu"), std::invalid_argument);
  for (const char* bad : {"", "13,5", "1,00", "1,0000", "12.", ".5", "-3", "1e3", "abc", "1 3", "NaN",
                          "inf", "1234567890123456"}) {
    EXPECT_THROW(read_figure(bad, "", "mu"), std::invalid_argument) << "'" << bad << "'";
  }
  EXPECT_THROW(read_figure("2.5", "", "firms"), std::invalid_argument);  // counts are whole
}

TEST(ParseWrittenNumber, Precision) {
  double h = -1;
  EXPECT_EQ(parse_written_number("13.5", &h), 13.5);
  EXPECT_DOUBLE_EQ(h, 0.05);
  EXPECT_EQ(parse_written_number("25,000", &h), 25000);
  EXPECT_DOUBLE_EQ(h, 500);
  EXPECT_EQ(parse_written_number("0", &h), 0);
  EXPECT_DOUBLE_EQ(h, 0.5);
  EXPECT_EQ(parse_written_number("Four", &h), 4);
  EXPECT_DOUBLE_EQ(h, 0);
  EXPECT_EQ(parse_written_number("1,234,567.25", &h), 1234567.25);
  EXPECT_DOUBLE_EQ(h, 0.005);
}

TEST(ReadFigurePhrase, WholePhrases) {
  const FigureReading about = read_figure_phrase("about 0.9 hectares");
  EXPECT_EQ(about.qualifier, Qualifier::About);
  EXPECT_EQ(about.unit, Unit::Hectare);
  EXPECT_DOUBLE_EQ(about.value, 0.9);
  const FigureReading nearly = read_figure_phrase("nearly 90,000 square metres");
  EXPECT_EQ(nearly.qualifier, Qualifier::Nearly);
  EXPECT_EQ(nearly.unit, Unit::SquareMetre);
  EXPECT_DOUBLE_EQ(nearly.value, 90000);
  const FigureReading more = read_figure_phrase("more than 2,000 units");
  EXPECT_EQ(more.qualifier, Qualifier::Over);
  EXPECT_EQ(read_figure_phrase("13.5 mu").qualifier, Qualifier::None);
  EXPECT_THROW(read_figure_phrase("13.5"), std::invalid_argument);
}

}  // namespace
}  // namespace parklayers
