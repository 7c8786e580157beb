// SPDX-License-Identifier: GPL-2.0-or-later
// json: strings escaped per RFC 8259, numbers as printf's %.15g would write them.
#include "parklayers/gis/json.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>

#include <gtest/gtest.h>

namespace parklayers {
namespace {

std::string printf_15g(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

TEST(Json, NumbersAreWrittenAsPrintfWould) {
  for (const double value : {0.0, -0.0, 1.0, 9000.02, 13.5, 0.9, 15300.0345678901234, 1e-7, 1.5e-300,
                             123456789012345678.0, 1e21, -2.5, 666.666666666667, 0.1 + 0.2,
                             std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()}) {
    EXPECT_EQ(json_number(value), printf_15g(value)) << value;
  }
  // Areas in m2, mu and ha over many magnitudes, drawn at random (seeded).
  std::mt19937_64 rng(20261125);
  std::uniform_real_distribution<double> exponent(-12, 16), sign(-1, 1);
  for (int i = 0; i < 100000; ++i) {
    const double value = std::copysign(std::pow(10.0, exponent(rng)), sign(rng));
    ASSERT_EQ(json_number(value), printf_15g(value)) << i;
  }
}

TEST(Json, NonFiniteNumbersAndMissingValuesAreNull) {
  EXPECT_EQ(json_number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(std::optional<double>()), "null");
  EXPECT_EQ(json_number(std::optional<double>(9000.5)), "9000.5");
}

TEST(Json, NumbersAppendedAreTheNumbersWritten) {
  std::string line = "{\"a\": ";
  append_json_number(line, 9000.02);
  line += ", \"b\": ";
  append_json_number(line, std::nullopt);
  line += ", \"c\": ";
  append_json_number(line, std::numeric_limits<double>::infinity());
  line += ", \"d\": ";
  append_json_number(line, 1.0 / 3.0);
  EXPECT_EQ(line, "{\"a\": 9000.02, \"b\": null, \"c\": null, \"d\": 0.333333333333333");
}

TEST(Json, StringsAreEscaped) {
  EXPECT_EQ(json_string("parcels"), "\"parcels\"");
  EXPECT_EQ(json_string("安亭 \"P3\"\\"), "\"安亭 \\\"P3\\\"\\\\\"");
  EXPECT_EQ(json_string("a\nb\tc\r"), "\"a\\nb\\tc\\r\"");
  EXPECT_EQ(json_string(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
}

}  // namespace
}  // namespace parklayers
