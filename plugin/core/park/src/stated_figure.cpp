// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/stated_figure.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace parklayers {
namespace {

std::string lower_trimmed(const std::string& text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  std::string out = text.substr(begin, end - begin);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// printf's %.10g (std::to_chars with a precision is specified as it), without printf's cost:
// a figure is read for every row of a layer's checks.
std::string format_number(double value) {
  char buffer[64];
  const std::to_chars_result written =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10);
  return std::string(buffer, written.ptr);
}

}  // namespace

bool Interval::contains(double value) const {
  if (!std::isfinite(value)) return false;
  const bool above_low = low_inclusive ? value >= low : value > low;
  return above_low && (!high || value <= *high);
}

std::optional<double> parse_written_number(const std::string& raw, double* precision) {
  const std::string text = lower_trimmed(raw);
  static const char* const kWords[] = {"zero",    "one",     "two",       "three",    "four",
                                       "five",    "six",     "seven",     "eight",    "nine",
                                       "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                       "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                       "twenty"};
  for (int i = 0; i <= 20; ++i) {
    if (text == kWords[i]) {
      if (precision) *precision = 0;
      return static_cast<double>(i);
    }
  }
  // Digits with optional thousands commas (in groups of three) and an optional decimal part.
  std::string digits;
  size_t i = 0;
  int group = 0;
  bool seen_comma = false;
  for (; i < text.size() && text[i] != '.'; ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      ++group;
      if (seen_comma && group > 3) return std::nullopt;
    } else if (c == ',') {
      if (digits.empty() || (seen_comma && group != 3) || (!seen_comma && group > 3)) {
        return std::nullopt;
      }
      seen_comma = true;
      group = 0;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty() || (seen_comma && group != 3)) return std::nullopt;
  if (digits.size() > 15) return std::nullopt;  // beyond what a double holds exactly
  std::string decimals;
  if (i < text.size()) {  // text[i] == '.'
    decimals = text.substr(i + 1);
    if (decimals.empty() || decimals.size() > 15) return std::nullopt;
    for (char c : decimals) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
  }
  const double value = std::stod(decimals.empty() ? digits : digits + "." + decimals);
  if (precision) {
    if (!decimals.empty()) {
      *precision = 0.5 * std::pow(10.0, -static_cast<double>(decimals.size()));
    } else {
      size_t trailing_zeros = 0;
      for (size_t k = digits.size(); k > 1 && digits[k - 1] == '0'; --k) ++trailing_zeros;
      *precision = 0.5 * std::pow(10.0, static_cast<double>(trailing_zeros));
    }
  }
  return value;
}

std::optional<Qualifier> parse_qualifier(const std::string& raw) {
  const std::string text = lower_trimmed(raw);
  if (text.empty()) return Qualifier::None;
  if (text == "about" || text == "approximately" || text == "around" || text == "some" ||
      text == "约") {
    return Qualifier::About;
  }
  if (text == "nearly" || text == "almost" || text == "近") return Qualifier::Nearly;
  if (text == "over" || text == "exceeding" || text == "more than" || text == "above" ||
      text == "超过") {
    return Qualifier::Over;
  }
  return std::nullopt;
}

const char* qualifier_name(Qualifier qualifier) {
  switch (qualifier) {
    case Qualifier::None: return "";
    case Qualifier::About: return "about";
    case Qualifier::Nearly: return "nearly";
    case Qualifier::Over: return "over";
  }
  return "";
}

FigureReading read_figure(const std::string& value_text, const std::string& qualifier_text,
                          const std::string& unit_text) {
  FigureReading reading;
  const auto unit = parse_unit(unit_text);
  if (!unit) throw std::invalid_argument("unknown unit '" + unit_text + "'");
  const auto qualifier = parse_qualifier(qualifier_text);
  if (!qualifier) throw std::invalid_argument("unknown qualifier '" + qualifier_text + "'");
  double h = 0;
  const auto value = parse_written_number(value_text, &h);
  if (!value) throw std::invalid_argument("'" + value_text + "' is not a number as written");
  reading.value = *value;
  reading.unit = *unit;
  reading.qualifier = *qualifier;
  const bool count = unit_dimension(*unit) == Dimension::Count;
  if (count) {
    if (*value != std::floor(*value)) {
      throw std::invalid_argument("a count must be a whole number, not '" + value_text + "'");
    }
    h = 0;
  }
  reading.precision = h;
  const double v = *value;
  const std::string hs = format_number(h);
  Interval& in = reading.interval;
  switch (*qualifier) {
    case Qualifier::None:
      in.low = v - h;
      in.high = v + h;
      reading.rule = count ? "a count, exact"
                           : "as written: +/- " + hs + ", half a unit of the last significant digit";
      break;
    case Qualifier::About: {
      const double loose = std::max(h, 0.05 * v);
      in.low = v - loose;
      in.high = v + loose;
      reading.rule = "about: +/- " + format_number(loose) +
                     ", the wider of 5 % and the written precision " + hs;
      break;
    }
    case Qualifier::Nearly: {
      const double loose = std::max(h, 0.10 * v);
      in.low = v - loose;
      in.high = v;
      reading.rule = "nearly: at most the figure and at least " + format_number(in.low) +
                     ", the wider of 10 % and the written precision " + hs;
      break;
    }
    case Qualifier::Over:
      in.low = v;
      in.low_inclusive = false;
      in.high.reset();
      reading.rule = "over: more than the figure, no upper bound";
      break;
  }
  return reading;
}

FigureReading read_recorded_figure(const std::string& value_text, Unit unit) {
  double h = 0;
  const auto value = parse_written_number(value_text, &h);
  if (!value) throw std::invalid_argument("'" + value_text + "' is not a number");
  if (value_text.find('.') == std::string::npos) h = 0.5;
  FigureReading reading;
  reading.value = *value;
  reading.precision = h;
  reading.unit = unit;
  reading.interval.low = *value - h;
  reading.interval.high = *value + h;
  reading.rule = "as recorded: +/- " + format_number(h) + ", half a unit of the last digit";
  return reading;
}

FigureReading read_figure_phrase(const std::string& phrase) {
  // qualifier words, then the number, then the unit words.
  std::string rest = lower_trimmed(phrase);
  std::string qualifier;
  for (const char* word : {"approximately", "more than", "exceeding", "around", "nearly",
                           "almost", "about", "above", "over", "some"}) {
    const std::string w = word;
    if (rest.compare(0, w.size(), w) == 0 && rest.size() > w.size() && rest[w.size()] == ' ') {
      qualifier = w;
      rest = lower_trimmed(rest.substr(w.size()));
      break;
    }
  }
  const size_t space = rest.find(' ');
  if (space == std::string::npos) {
    throw std::invalid_argument("'" + phrase + "' has no unit after the number");
  }
  return read_figure(rest.substr(0, space), qualifier, rest.substr(space + 1));
}

}  // namespace parklayers
