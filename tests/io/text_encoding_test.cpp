// SPDX-License-Identifier: GPL-2.0-or-later
// Telling UTF-8 from GB18030 (GBK) by the bytes; the GB18030 bytes come from GDAL's CPLRecode
// (iconv), not from the code under test.
#include "parklayers/io/text_encoding.h"

#include <gtest/gtest.h>

#include <cpl_string.h>

namespace parklayers {
namespace {

std::string to_gb18030(const char* utf8) {
  char* recoded = CPLRecode(utf8, CPL_ENC_UTF8, "GB18030");
  std::string out = recoded;
  CPLFree(recoded);
  return out;
}

TEST(TextEncoding, Gb18030BytesAreRecognised) {
  for (const char* text : {"安亭国际医疗产业园", "一期地块 P1", "宝安公路", "ASCII only", "€ 12", "é"}) {
    const std::string bytes = to_gb18030(text);
    EXPECT_TRUE(is_gb18030(bytes)) << text;
  }
  // A four-byte sequence: U+0080 is 0x81 0x30 0x81 0x30.
  EXPECT_EQ(to_gb18030("\xC2\x80"), "\x81\x30\x81\x30");
  EXPECT_TRUE(is_gb18030("\x81\x30\x81\x30"));
}

TEST(TextEncoding, WhatIsNotGb18030) {
  EXPECT_FALSE(is_gb18030("Caf\xE9"));            // Latin-1: a lead byte at the end
  EXPECT_FALSE(is_gb18030("Caf\xE9 M\xFCller"));  // a lead byte before a space
  EXPECT_FALSE(is_gb18030("\x80"));               // never a lead byte
  EXPECT_FALSE(is_gb18030("\xFF\x41"));
  EXPECT_FALSE(is_gb18030("\x81\x30\x81"));       // a cut four-byte sequence
}

TEST(TextEncoding, GuessFromEveryText) {
  using Result = TextEncodingGuess::Result;
  TextEncodingGuess ascii;
  ascii.add("id");
  ascii.add("P1");
  EXPECT_EQ(ascii.result(), Result::Ascii);

  TextEncodingGuess utf8;
  utf8.add("P1");
  utf8.add("安亭");
  EXPECT_EQ(utf8.result(), Result::Utf8);
  EXPECT_FALSE(utf8.settled());

  TextEncodingGuess gbk;
  gbk.add(to_gb18030("安亭国际医疗产业园"));
  gbk.add(to_gb18030("宝安公路"));
  EXPECT_EQ(gbk.result(), Result::Gb18030);

  TextEncodingGuess latin1;
  latin1.add("Caf\xE9 M\xFC" "ller");
  EXPECT_EQ(latin1.result(), Result::Unknown);
  EXPECT_TRUE(latin1.settled());

  // One text GBK, another UTF-8 that is not GB18030: no one encoding fits both.
  TextEncodingGuess mixed;
  mixed.add(to_gb18030("安亭"));
  EXPECT_EQ(mixed.result(), Result::Gb18030);
  mixed.add("安");  // UTF-8 0xE5 0xAE 0x89: a pair, then a lead byte with nothing after it
  EXPECT_EQ(mixed.result(), Result::Unknown);
}

TEST(TextEncoding, Utf8Names) {
  for (const char* name : {"UTF-8", "utf8", "UTF_8", "65001"}) EXPECT_TRUE(is_utf8_name(name)) << name;
  for (const char* name : {"GBK", "CP936", "GB18030", ""}) EXPECT_FALSE(is_utf8_name(name)) << name;
}

}  // namespace
}  // namespace parklayers
