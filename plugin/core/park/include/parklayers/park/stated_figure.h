// SPDX-License-Identifier: GPL-2.0-or-later
// A figure as a source states it ("13.5 mu", "about 0.9 ha", "nearly 90,000 m2", "over 2,000
// units") read into the interval of values it accepts.
//
// How a figure is read:
// - The written precision h is half a unit of its last significant digit: "13.5" -> 0.05,
//   "1.53" -> 0.005, "25,000" -> 500 (trailing zeros of a whole number are not significant),
//   "24" -> 0.5. Counts (firms, units) are whole numbers and exact: h = 0.
// - no qualifier: [v - h, v + h]                 "13.5 mu" accepts 13.45 to 13.55 mu
// - about/approximately/around: [v - L, v + L]  with L = max(h, 5 % of v): a rounded figure
// - nearly/almost: [v - max(h, 10 % of v), v]     just under the figure, not above it
// - over/exceeding/more than: (v, no upper bound) strictly above the figure
#pragma once

#include <optional>
#include <string>

#include "parklayers/gis/units.h"

namespace parklayers {

enum class Qualifier { None, About, Nearly, Over };

struct Interval {
  double low = 0;
  std::optional<double> high;  // nullopt: no upper bound
  bool low_inclusive = true;

  bool contains(double value) const;
};

struct FigureReading {
  double value = 0;       // the number as written, in the figure's unit
  double precision = 0;   // h, half a unit of the last significant digit
  Qualifier qualifier = Qualifier::None;
  Unit unit = Unit::SquareMetre;
  Interval interval;      // in the figure's unit
  std::string rule;       // how the interval was read, in words
};

// Reads a number as written: "13.5", "25,000", "2,000", "0.9", or a word from "one" to
// "twenty" ("four"). nullopt if it is none of these. Sets *precision to h (see above), or 0
// for a word.
std::optional<double> parse_written_number(const std::string& text, double* precision);

// nullopt when the qualifier is not one of the known words (empty is Qualifier::None).
std::optional<Qualifier> parse_qualifier(const std::string& text);
const char* qualifier_name(Qualifier qualifier);

// Reads a stated figure from its three written parts. Throws std::invalid_argument with a
// message saying which part is wrong.
FigureReading read_figure(const std::string& value_text, const std::string& qualifier_text,
                          const std::string& unit_text);

// Reads a number a field records, as GDAL gives its value ("1234.56" for a real, "1200" for an
// integer): no qualifier, the precision half a unit of its last written digit, where a whole
// number's last digit is its units (a record's trailing zeros are digits, not rounding: 1200 m2
// accepts 1199.5 to 1200.5). Throws std::invalid_argument when the text is no number.
FigureReading read_recorded_figure(const std::string& value_text, Unit unit);

// Reads a whole phrase such as "about 0.9 hectares" or "nearly 90,000 square metres".
FigureReading read_figure_phrase(const std::string& phrase);

}  // namespace parklayers
