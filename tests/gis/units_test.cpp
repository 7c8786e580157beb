// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/units.h"

#include <gtest/gtest.h>

namespace parklayers {
namespace {

TEST(Units, MuAndHectare) {
  EXPECT_DOUBLE_EQ(m2_to_mu(9000.0), 13.5);  // the third phase: 13.5 mu = 9,000 m2
  EXPECT_DOUBLE_EQ(m2_to_ha(9000.0), 0.9);
  EXPECT_DOUBLE_EQ(m2_to_mu(10000.0), 15.0);  // 1 ha = 15 mu
  EXPECT_NEAR(kSquareMetresPerMu, 666.6667, 1e-4);
}

TEST(Units, SpellingsAreRead) {
  EXPECT_EQ(parse_unit("m2"), Unit::SquareMetre);
  EXPECT_EQ(parse_unit("square metres"), Unit::SquareMetre);
  EXPECT_EQ(parse_unit("Square Meters"), Unit::SquareMetre);
  EXPECT_EQ(parse_unit("亩"), Unit::Mu);
  EXPECT_EQ(parse_unit("hectares"), Unit::Hectare);
  EXPECT_EQ(parse_unit("million_yuan"), Unit::MillionYuan);
  EXPECT_EQ(parse_unit("million yuan"), Unit::MillionYuan);
  EXPECT_FALSE(parse_unit("acres").has_value());
  EXPECT_FALSE(parse_unit("").has_value());
}

TEST(Units, DimensionsAndFactors) {
  EXPECT_EQ(unit_dimension(Unit::Mu), Dimension::Area);
  EXPECT_EQ(unit_dimension(Unit::Firms), Dimension::Count);
  EXPECT_EQ(unit_dimension(Unit::MillionYuan), Dimension::Money);
  EXPECT_DOUBLE_EQ(square_metres_per(Unit::Hectare), 10000.0);
  EXPECT_THROW(square_metres_per(Unit::Units), std::logic_error);
  for (Unit unit : {Unit::SquareMetre, Unit::Mu, Unit::Hectare, Unit::MillionYuan, Unit::Firms, Unit::Units}) {
    EXPECT_EQ(parse_unit(unit_symbol(unit)), unit);
  }
}

}  // namespace
}  // namespace parklayers
