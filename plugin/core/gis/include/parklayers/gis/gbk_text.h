// SPDX-License-Identifier: GPL-2.0-or-later
// UTF-8 and GBK text, as Chinese producers write their files (coordinate files, VCT): naming
// an encoding, telling UTF-8 from GBK, converting between them with nothing skipped or replaced.
#pragma once

#include <optional>
#include <string>

namespace parklayers {

enum class TextEncoding { Utf8, Gbk };
// "UTF-8"/"UTF8" or "GBK"/"CP936"/"GB18030" (GB18030 is written as its GBK part), case-insensitive.
std::optional<TextEncoding> parse_encoding(const std::string& name);
// The text converted between encodings with iconv; nullopt when a byte sequence is invalid in
// `from` or a character has no place in `to` (nothing is skipped or replaced).
std::optional<std::string> recode(const std::string& text, const char* from, const char* to);
bool is_utf8(const std::string& text);

}  // namespace parklayers
