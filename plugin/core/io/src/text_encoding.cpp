// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/text_encoding.h"

#include <algorithm>
#include <cctype>

#include <cpl_string.h>

namespace parklayers {

bool is_gb18030(std::string_view text) {
  const auto byte = [&text](size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto in = [](unsigned char c, unsigned char low, unsigned char high) { return c >= low && c <= high; };
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (!in(lead, 0x81, 0xFE) || i + 1 >= text.size()) return false;
    const unsigned char second = byte(i + 1);
    if (in(second, 0x40, 0x7E) || in(second, 0x80, 0xFE)) {
      i += 2;
      continue;
    }
    if (!in(second, 0x30, 0x39) || i + 3 >= text.size()) return false;
    if (!in(byte(i + 2), 0x81, 0xFE) || !in(byte(i + 3), 0x30, 0x39)) return false;
    i += 4;
  }
  return true;
}

void TextEncodingGuess::add(std::string_view text) {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return;
  non_ascii_ = true;
  // CPLIsUTF8 takes a length, so a text need not end in NUL.
  if (utf8_ && !CPLIsUTF8(text.data(), static_cast<int>(text.size()))) utf8_ = false;
  if (gb18030_ && !is_gb18030(text)) gb18030_ = false;
}

TextEncodingGuess::Result TextEncodingGuess::result() const {
  if (!non_ascii_) return Result::Ascii;
  if (utf8_) return Result::Utf8;  // GBK text that is also valid UTF-8 is too rare to weigh
  if (gb18030_) return Result::Gb18030;
  return Result::Unknown;
}

bool is_utf8_name(const std::string& name) {
  std::string key;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return key == "UTF8" || key == "65001";
}

}  // namespace parklayers
