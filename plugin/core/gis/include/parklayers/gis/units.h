// SPDX-License-Identifier: GPL-2.0-or-later
// Units of the stated figures and the conversions between area units.
// 1 mu (亩) = 10000/15 m2 exactly; 1 ha = 10000 m2 = 15 mu.
#pragma once

#include <optional>
#include <string>

namespace parklayers {

inline constexpr double kSquareMetresPerMu = 10000.0 / 15.0;
inline constexpr double kSquareMetresPerHectare = 10000.0;

inline double m2_to_mu(double m2) { return m2 / kSquareMetresPerMu; }
inline double m2_to_ha(double m2) { return m2 / kSquareMetresPerHectare; }

enum class Unit { SquareMetre, Mu, Hectare, MillionYuan, Firms, Units };

enum class Dimension { Area, Money, Count };

// Accepts the spellings a source may use: "m2", "m²", "square metres", "mu", "亩", "ha",
// "hectares", "million_yuan", "firms", "units". Case-insensitive. nullopt when unknown.
std::optional<Unit> parse_unit(const std::string& text);
// The canonical spelling, as written in stated_figures.csv.
const char* unit_symbol(Unit unit);
Dimension unit_dimension(Unit unit);
// For area units: how many square metres one unit is.
double square_metres_per(Unit area_unit);

}  // namespace parklayers
