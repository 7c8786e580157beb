// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/units.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace parklayers {

std::optional<Unit> parse_unit(const std::string& text) {
  std::string key;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == '-') continue;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const std::pair<const char*, Unit> kSpellings[] = {
      {"m2", Unit::SquareMetre},          {"m²", Unit::SquareMetre},
      {"sqm", Unit::SquareMetre},         {"squaremetres", Unit::SquareMetre},
      {"squaremeters", Unit::SquareMetre}, {"squaremetre", Unit::SquareMetre},
      {"squaremeter", Unit::SquareMetre}, {"平方米", Unit::SquareMetre},
      {"mu", Unit::Mu},                   {"亩", Unit::Mu},
      {"ha", Unit::Hectare},              {"hectare", Unit::Hectare},
      {"hectares", Unit::Hectare},        {"公顷", Unit::Hectare},
      {"millionyuan", Unit::MillionYuan}, {"firms", Unit::Firms},
      {"firm", Unit::Firms},              {"companies", Unit::Firms},
      {"units", Unit::Units},             {"unit", Unit::Units},
  };
  for (const auto& [spelling, unit] : kSpellings) {
    if (key == spelling) return unit;
  }
  return std::nullopt;
}

const char* unit_symbol(Unit unit) {
  switch (unit) {
    case Unit::SquareMetre: return "m2";
    case Unit::Mu: return "mu";
    case Unit::Hectare: return "ha";
    case Unit::MillionYuan: return "million_yuan";
    case Unit::Firms: return "firms";
    case Unit::Units: return "units";
  }
  return "?";
}

Dimension unit_dimension(Unit unit) {
  switch (unit) {
    case Unit::SquareMetre:
    case Unit::Mu:
    case Unit::Hectare: return Dimension::Area;
    case Unit::MillionYuan: return Dimension::Money;
    case Unit::Firms:
    case Unit::Units: return Dimension::Count;
  }
  return Dimension::Count;
}

double square_metres_per(Unit area_unit) {
  switch (area_unit) {
    case Unit::SquareMetre: return 1.0;
    case Unit::Mu: return kSquareMetresPerMu;
    case Unit::Hectare: return kSquareMetresPerHectare;
    default: throw std::logic_error("square_metres_per: not an area unit");
  }
}

}  // namespace parklayers
