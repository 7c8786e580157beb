// SPDX-License-Identifier: GPL-2.0-or-later
// Text files of Chinese producers (coordinate files, VCT): UTF-8 or GBK/GB18030. iconv directly
// rather than CPLRecode, which skips what it cannot convert with a warning: a byte that is neither
// UTF-8 nor GB18030 must be an error naming its line, and a name GBK cannot hold must not vanish
// from a file. Shared by the BAOPAN and VCT drivers.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>

#include <cpl_string.h>
// glibc has iconv; Windows needs GNU libiconv (unbuilt there: docs/windows.md).
#if __has_include(<iconv.h>)
#include <iconv.h>
#else
#error "the BAOPAN and VCT drivers need iconv.h (GNU libiconv where the C library has none): see docs/windows.md"
#endif

#include "parklayers/gis/gbk_text.h"

namespace parklayers {
namespace {

struct IconvCloser {
  void operator()(void* handle) const { iconv_close(static_cast<iconv_t>(handle)); }
};
using IconvHandle = std::unique_ptr<void, IconvCloser>;

}  // namespace

std::optional<TextEncoding> parse_encoding(const std::string& name) {
  std::string key = name;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (key == "UTF-8" || key == "UTF8") return TextEncoding::Utf8;
  if (key == "GBK" || key == "CP936" || key == "GB18030") return TextEncoding::Gbk;
  return std::nullopt;
}

std::optional<std::string> recode(const std::string& text, const char* from, const char* to) {
  const iconv_t opened = iconv_open(to, from);
  if (opened == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const IconvHandle handle(opened);
  std::string out;
  std::string in = text;  // iconv's input pointer is not const
  char* in_ptr = in.data();
  size_t in_left = in.size();
  char buffer[4096];
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof buffer;
    const size_t done = iconv(static_cast<iconv_t>(handle.get()), &in_ptr, &in_left, &out_ptr, &out_left);
    out.append(buffer, static_cast<size_t>(out_ptr - buffer));
    if (done == static_cast<size_t>(-1) && errno != E2BIG) return std::nullopt;  // EILSEQ, EINVAL
  }
  char* out_ptr = buffer;
  size_t out_left = sizeof buffer;
  if (iconv(static_cast<iconv_t>(handle.get()), nullptr, nullptr, &out_ptr, &out_left) == static_cast<size_t>(-1)) {
    return std::nullopt;
  }
  out.append(buffer, static_cast<size_t>(out_ptr - buffer));
  return out;
}

bool is_utf8(const std::string& text) { return CPLIsUTF8(text.data(), static_cast<int>(text.size())) != 0; }

}  // namespace parklayers
