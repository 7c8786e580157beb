// SPDX-License-Identifier: GPL-2.0-or-later
// The encoding of a source's texts when the source does not say it: a Shapefile without .cpg
// (or a code page in its .dbf), a CSV. Chinese tools write such files in GBK as often as in
// UTF-8; GDAL then reads GBK bytes as ISO-8859-1 (garbled, but valid UTF-8) or passes them
// through (invalid UTF-8, which no output may hold). The raw bytes tell the two apart.
#pragma once

#include <string>
#include <string_view>

namespace parklayers {

// Whether the bytes are well-formed GB18030 (of which GBK and GB2312 are subsets): ASCII, two-
// byte pairs (lead 0x81-0xFE, trail 0x40-0x7E or 0x80-0xFE) and four-byte sequences (0x81-0xFE,
// 0x30-0x39, 0x81-0xFE, 0x30-0x39). Latin-1 text is often not (a lone accented letter at the end
// of a text, or before a space, is no pair).
bool is_gb18030(std::string_view text);

// What the raw texts of a source are, from every text added.
class TextEncodingGuess {
 public:
  enum class Result { Ascii, Utf8, Gb18030, Unknown };

  void add(std::string_view text);
  Result result() const;
  // Enough has been seen for result() to stay what it is (some text is neither).
  bool settled() const { return !utf8_ && !gb18030_; }

 private:
  bool non_ascii_ = false;
  bool utf8_ = true;
  bool gb18030_ = true;
};

// The name GDAL's CPLRecode (iconv) knows for GB18030, the encoding GBK texts are read as.
constexpr const char* kGb18030 = "GB18030";

// Whether an encoding name says UTF-8 ("UTF-8", "utf8", "65001").
bool is_utf8_name(const std::string& name);

}  // namespace parklayers
