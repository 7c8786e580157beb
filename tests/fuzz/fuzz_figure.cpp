// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: the stated-figure parser. The input is split at its first two newlines
// into value, qualifier and unit for read_figure, and read whole by read_figure_phrase. Bad
// text must be refused with std::invalid_argument; a reading must be a sane interval.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "parklayers/park/stated_figure.h"

namespace {

void check_reading(const parklayers::FigureReading& reading) {
  const parklayers::Interval& in = reading.interval;
  if (!std::isfinite(reading.value) || !std::isfinite(reading.precision) || reading.precision < 0 ||
      !std::isfinite(in.low) || (in.high && (!std::isfinite(*in.high) || *in.high < in.low)) ||
      reading.rule.empty()) {
    std::abort();
  }
  // A figure is inside its own interval, except "over", which excludes it.
  if (reading.qualifier != parklayers::Qualifier::Over && !in.contains(reading.value)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const size_t first = text.find('\n');
  const size_t second = first == std::string::npos ? std::string::npos : text.find('\n', first + 1);
  try {
    if (second != std::string::npos) {
      check_reading(parklayers::read_figure(text.substr(0, first),
                                            text.substr(first + 1, second - first - 1),
                                            text.substr(second + 1)));
    }
  } catch (const std::invalid_argument&) {
  }
  try {
    check_reading(parklayers::read_figure_phrase(text));
  } catch (const std::invalid_argument&) {
  }
  double precision = 0;
  if (const auto number = parklayers::parse_written_number(text, &precision)) {
    if (!std::isfinite(*number) || *number < 0) std::abort();
  }
  return 0;
}
