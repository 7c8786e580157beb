// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace parklayers {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t plain = 0;  // where the run of characters that need no escape began
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out += escaped;
      }
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

std::string json_string(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

void append_json_number(std::string& out, const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) {
    out += "null";
    return;
  }
  // printf's %.15g, without printf's cost (a fifth of `area --json` on 200,000 parcels).
  char buffer[32];
  const std::to_chars_result written =
      std::to_chars(buffer, buffer + sizeof buffer, *value, std::chars_format::general, 15);
  out.append(buffer, written.ptr);
}

std::string json_number(double value) {
  std::string out;
  append_json_number(out, value);
  return out;
}

std::string json_number(const std::optional<double>& value) {
  std::string out;
  append_json_number(out, value);
  return out;
}

}  // namespace parklayers
