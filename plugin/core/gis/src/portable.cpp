// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/portable.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <unistd.h>  // mkdtemp, mkstemp (POSIX.1-2008; glibc and macOS declare them in stdlib.h or unistd.h), pread
#define PARKLAYERS_HAVE_POSIX 1
#else
#include <mutex>
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

#ifdef PARKLAYERS_HAVE_POSIX

struct ScratchFile::Handle {
  int fd = -1;
  ~Handle() {
    if (fd >= 0) close(fd);
  }
};

ScratchFile::ScratchFile() : handle_(std::make_unique<Handle>()) {
  std::error_code ec;
  const std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
  if (ec) {
    const char* tmpdir = std::getenv("TMPDIR");
    throw std::system_error(ec, std::string("no temporary folder for a scratch file") +
                                    (tmpdir ? std::string(" ($TMPDIR is ") + tmpdir + ")" : std::string()));
  }
#ifdef O_TMPFILE
  // Never a name in the folder, not even for a moment; not inherited by the programs a command starts.
  handle_->fd = open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (handle_->fd >= 0) return;
  // EOPNOTSUPP (and EISDIR on kernels before 3.11): a file system without it, so a name after all.
#endif
  std::string pattern = (folder / "parklayers-scratch-XXXXXX").string();
  handle_->fd = mkstemp(pattern.data());
  if (handle_->fd < 0) {
    throw std::system_error(errno, std::generic_category(), "cannot make a scratch file in " + folder.string());
  }
  unlink(pattern.c_str());  // the open descriptor keeps it until closed
  fcntl(handle_->fd, F_SETFD, FD_CLOEXEC);  // not inherited by the programs a command starts
}

void ScratchFile::append(const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = write(handle_->fd, bytes, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot write the scratch file");
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
    size_ += static_cast<std::uint64_t>(written);
  }
}

void ScratchFile::read(std::uint64_t offset, void* data, std::size_t size) const {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = pread(handle_->fd, bytes, size, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "cannot read the scratch file");
    }
    if (got == 0) throw std::system_error(std::make_error_code(std::errc::io_error), "the scratch file ended early");
    bytes += got;
    size -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
}

#else

// Standard C only: std::tmpfile's file (in a folder of the C runtime's choosing), read and
// written through one stream position, so reads take turns.
struct ScratchFile::Handle {
  std::FILE* file = nullptr;
  std::mutex mutex;
  ~Handle() {
    if (file) std::fclose(file);
  }
};

ScratchFile::ScratchFile() : handle_(std::make_unique<Handle>()) {
  handle_->file = std::tmpfile();
  if (!handle_->file) throw std::system_error(errno, std::generic_category(), "cannot make a scratch file");
}

void ScratchFile::append(const void* data, std::size_t size) {
  const std::lock_guard<std::mutex> lock(handle_->mutex);
  if (std::fseek(handle_->file, 0, SEEK_END) != 0 || std::fwrite(data, 1, size, handle_->file) != size) {
    throw std::system_error(errno, std::generic_category(), "cannot write the scratch file");
  }
  size_ += size;
}

void ScratchFile::read(std::uint64_t offset, void* data, std::size_t size) const {
  const std::lock_guard<std::mutex> lock(handle_->mutex);
  if (offset + size > size_ || std::fflush(handle_->file) != 0 ||
      std::fseek(handle_->file, static_cast<long>(offset), SEEK_SET) != 0 ||
      std::fread(data, 1, size, handle_->file) != size) {
    throw std::system_error(std::make_error_code(std::errc::io_error), "cannot read the scratch file");
  }
}

#endif

ScratchFile::~ScratchFile() = default;

}  // namespace parklayers
