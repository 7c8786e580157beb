// SPDX-License-Identifier: GPL-2.0-or-later
// What POSIX has and standard C++17 lacks, in one place: on POSIX systems the POSIX call; on
// others (Windows, which has never built Park Layers: docs/windows.md) a fallback in standard
// C++ or the C runtime's equivalent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <system_error>

namespace parklayers {

// gmtime and localtime without their shared static result (several threads may ask).
std::tm utc_time(std::time_t when);
std::tm local_time(std::time_t when);

// A new, empty folder named as `pattern` with its last six characters (XXXXXX) made unique, as
// mkdtemp(3) does; `pattern` is changed to its name. An error code when none can be made.
std::error_code make_unique_folder(std::string& pattern);
// The same in standard C++ only (random names, std::filesystem::create_directory): the
// fallback where there is no mkdtemp, kept here so that it is built and tested everywhere.
std::error_code make_unique_folder_std(std::string& pattern);

// A scratch file for data too large to keep in memory, read back piece by piece. It is made in
// the system's temporary folder (std::filesystem::temp_directory_path: $TMPDIR, else /tmp)
// without a name (Linux's O_TMPFILE) or, where the file system cannot, under a unique name
// (mkstemp(3)) unlinked at once, so nothing is left behind however the process ends; elsewhere
// it is std::tmpfile()'s, removed when closed. Appended to by one
// thread; read at any offset by several threads at once (pread(2), which moves no shared file
// position). Read, not memory-mapped: mapped pages would count in the process's resident memory.
class ScratchFile {
 public:
  // Throws std::system_error naming the folder when no file can be made there.
  ScratchFile();
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  // Appends size bytes. Throws std::system_error (a full disk, say).
  void append(const void* data, std::size_t size);
  // Reads size bytes at offset, all of them before the end. Throws std::system_error.
  void read(std::uint64_t offset, void* data, std::size_t size) const;
  std::uint64_t size() const { return size_; }

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
  std::uint64_t size_ = 0;
};

}  // namespace parklayers
