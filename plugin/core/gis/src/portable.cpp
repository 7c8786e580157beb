#include "parklayers/gis/portable.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <random>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>  // mkdtemp (POSIX.1-2008; glibc and macOS declare it in stdlib.h or unistd.h)
#define PARKLAYERS_HAVE_POSIX 1
#endif

namespace parklayers {

std::tm utc_time(std::time_t when) {
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &when);  // the C runtime's, arguments the other way round from C11's Annex K
#else
  gmtime_r(&when, &tm);
#endif
  return tm;
}

std::tm local_time(std::time_t when) {
  std::tm tm{};
#if defined(_WIN32)
  localtime_s(&tm, &when);
#else
  localtime_r(&when, &tm);
#endif
  return tm;
}

std::error_code make_unique_folder(std::string& pattern) {
#ifdef PARKLAYERS_HAVE_POSIX
  if (pattern.size() < 6 || pattern.compare(pattern.size() - 6, 6, "XXXXXX") != 0) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  if (!mkdtemp(pattern.data())) return {errno, std::generic_category()};
  return {};
#else
  return make_unique_folder_std(pattern);
#endif
}

std::error_code make_unique_folder_std(std::string& pattern) {
  if (pattern.size() < 6 || pattern.compare(pattern.size() - 6, 6, "XXXXXX") != 0) {
    return std::make_error_code(std::errc::invalid_argument);
  }
  static const char kLetters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device seed;
  std::mt19937 random(seed());
  std::uniform_int_distribution<size_t> letter(0, sizeof kLetters - 2);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = pattern;
    for (size_t i = name.size() - 6; i < name.size(); ++i) name[i] = kLetters[letter(random)];
    std::error_code ec;
    // create_directory is false, without an error, when the name exists: try another.
    if (std::filesystem::create_directory(name, ec)) {
      pattern = name;
      return {};
    }
    if (ec) return ec;
  }
  return std::make_error_code(std::errc::file_exists);
}

}  // namespace parklayers
