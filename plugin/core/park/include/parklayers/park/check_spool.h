// SPDX-License-Identifier: GPL-2.0-or-later
// Check rows kept on disk to be passed on later in another order: a sharded table's partitions
// are checked at once, each on its own thread, and their rows are passed on partition after
// partition, each by FID. Memory holds an entry of 24 bytes a row (its keys and place in the
// file); the rows themselves go to a scratch file that is gone when the spool is.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parklayers/park/checks.h"

namespace parklayers {

class CheckSpool {
 public:
  // Throws std::system_error when no scratch file can be made.
  CheckSpool();
  CheckSpool(CheckSpool&&) noexcept;
  CheckSpool& operator=(CheckSpool&&) noexcept;
  ~CheckSpool();

  // Keeps the row and its parcel's name under the keys (a parcel's FID and 0, an overlap's two
  // FIDs). Throws std::system_error when the scratch file cannot be written (a full disk).
  void add(const Check& check, const std::string& name, long long key_a, long long key_b);
  std::size_t size() const { return entries_.size(); }

  // Passes every row on, sorted by its keys (rows of equal keys in the order they were added).
  void replay(const std::function<void(const Check& check, const std::string& name)>& on_row) const;

 private:
  struct Entry {
    long long key_a, key_b;
    std::uint64_t offset;
  };
  struct Close {
    void operator()(std::FILE* file) const;
  };
  std::unique_ptr<std::FILE, Close> file_;
  std::vector<Entry> entries_;
  std::uint64_t written_ = 0;
  std::string buffer_;  // one row's bytes, used again
};

}  // namespace parklayers
