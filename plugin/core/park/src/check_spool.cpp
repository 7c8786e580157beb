// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/check_spool.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace parklayers {
namespace {

// The row's bytes: numbers as they are in memory (the file is read back by this process only),
// texts and lists after their lengths.
template <class T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}
void put_text(std::string& out, const std::string& text) {
  put(out, static_cast<std::uint64_t>(text.size()));
  out += text;
}
void put_optional(std::string& out, const std::optional<double>& value) {
  put(out, static_cast<char>(value.has_value()));
  if (value) put(out, *value);
}

class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    T value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof value);
    pos_ += sizeof value;
    return value;
  }
  std::string text() {
    const auto size = get<std::uint64_t>();
    std::string out = bytes_.substr(pos_, size);
    pos_ += size;
    return out;
  }
  std::optional<double> optional() {
    if (!get<char>()) return std::nullopt;
    return get<double>();
  }

 private:
  const std::string& bytes_;
  std::size_t pos_ = 0;
};

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

}  // namespace

void CheckSpool::Close::operator()(std::FILE* file) const { std::fclose(file); }

CheckSpool::CheckSpool() : file_(std::tmpfile()) {
  if (!file_) fail("a scratch file for the check rows");
}
CheckSpool::CheckSpool(CheckSpool&&) noexcept = default;
CheckSpool& CheckSpool::operator=(CheckSpool&&) noexcept = default;
CheckSpool::~CheckSpool() = default;

void CheckSpool::add(const Check& check, const std::string& name, long long key_a, long long key_b) {
  std::string& out = buffer_;
  out.clear();
  put(out, std::uint64_t{0});  // the row's size, set below
  for (const std::string* text : {&check.id, &check.subject, &check.quantity, &check.value_text, &check.as_written,
                                  &check.reading.rule, &check.note, &check.source, &check.url, &name}) {
    put_text(out, *text);
  }
  put(out, check.reading.value);
  put(out, check.reading.precision);
  put(out, static_cast<int>(check.reading.qualifier));
  put(out, static_cast<int>(check.reading.unit));
  put(out, check.reading.interval.low);
  put_optional(out, check.reading.interval.high);
  put(out, static_cast<char>(check.reading.interval.low_inclusive));
  put_optional(out, check.computed);
  put_optional(out, check.deviation);
  put(out, static_cast<int>(check.method ? static_cast<int>(*check.method) : -1));
  put(out, static_cast<int>(check.status));
  put(out, static_cast<std::uint64_t>(check.fids.size()));
  for (long long fid : check.fids) put(out, fid);
  const std::uint64_t size = out.size();
  std::memcpy(out.data(), &size, sizeof size);
  if (std::fwrite(out.data(), 1, out.size(), file_.get()) != out.size()) fail("writing the check rows' scratch file");
  entries_.push_back(Entry{key_a, key_b, written_});
  written_ += size;
}

void CheckSpool::replay(const std::function<void(const Check& check, const std::string& name)>& on_row) const {
  if (std::fflush(file_.get()) != 0) fail("writing the check rows' scratch file");
  std::vector<Entry> order = entries_;
  std::stable_sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    return a.key_a != b.key_a ? a.key_a < b.key_a : a.key_b < b.key_b;
  });
  std::string bytes;
  Check check;
  for (const Entry& entry : order) {
    std::uint64_t size = 0;
    if (fseeko(file_.get(), static_cast<off_t>(entry.offset), SEEK_SET) != 0 ||
        std::fread(&size, sizeof size, 1, file_.get()) != 1) {
      fail("reading the check rows' scratch file");
    }
    bytes.resize(size - sizeof size);
    if (!bytes.empty() && std::fread(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
      fail("reading the check rows' scratch file");
    }
    Reader in(bytes);
    for (std::string* text : {&check.id, &check.subject, &check.quantity, &check.value_text, &check.as_written,
                              &check.reading.rule, &check.note, &check.source, &check.url}) {
      *text = in.text();
    }
    const std::string name = in.text();
    check.reading.value = in.get<double>();
    check.reading.precision = in.get<double>();
    check.reading.qualifier = static_cast<Qualifier>(in.get<int>());
    check.reading.unit = static_cast<Unit>(in.get<int>());
    check.reading.interval.low = in.get<double>();
    check.reading.interval.high = in.optional();
    check.reading.interval.low_inclusive = in.get<char>() != 0;
    check.computed = in.optional();
    check.deviation = in.optional();
    const int method = in.get<int>();
    check.method = method < 0 ? std::nullopt : std::optional<AreaMethod>(static_cast<AreaMethod>(method));
    check.status = static_cast<CheckStatus>(in.get<int>());
    check.fids.resize(in.get<std::uint64_t>());
    for (long long& fid : check.fids) fid = in.get<long long>();
    on_row(check, name);
  }
}

}  // namespace parklayers
