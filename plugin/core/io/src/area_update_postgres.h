// SPDX-License-Identifier: GPL-2.0-or-later
// What the two PostGIS routes of `area --update` share (area_update_postgres.cpp): the update's
// transaction on our own libpq connection, the binary format the values travel in, the rows
// read measured on worker threads, and the UPDATE that writes only changed rows. The routes:
// update_in_place (area_update_ctid.cpp) and update_through_temp_table
// (area_update_temp_table.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

#include "area_update_common.h"
#include "parklayers/io/layer_area.h"
#include "parklayers/io/postgres.h"
#include "parklayers/io/postgres_output.h"

namespace parklayers::area_update {

// COPY's binary format (PostgreSQL's documentation, "COPY: Binary Format"): the doubles go to the
// server as their 8 bytes, neither printed here nor parsed there.
inline constexpr char kBinaryCopyHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";  // signature, flags, extension
inline constexpr size_t kBinaryCopySignature = 11;

inline void append_big_endian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

inline uint64_t read_big_endian(const char* data, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<unsigned char>(data[i]);
  return value;
}

// libpq's last message on the connection, without its final newline.
std::string pg_message(pg_conn* connection);

// The transaction of the update on our own libpq connection: rolled back (a COPY in progress
// ended first, a statement in progress waited for) unless committed.
class PgTransaction {
 public:
  // With `prepare_as`, commit() prepares the transaction under that name (PREPARE TRANSACTION,
  // two-phase commit) for whoever commits every shard's at once (area_update_sharded.cpp).
  explicit PgTransaction(const PgConnection& connection, std::string prepare_as = "")
      : connection_(connection), prepare_as_(std::move(prepare_as)) {
    connection_.execute("begin");
  }
  ~PgTransaction() {
    if (committed_) return;
    pg_conn* c = connection_.get();
    if (in_copy_) PQputCopyEnd(c, "parklayers: the update was abandoned");
    if (in_copy_ || sent_) {
      while (PgResult(PQgetResult(c))) {
      }
    }
    PgResult(PQexec(c, "rollback"));
  }
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  void begin_copy(const std::string& sql) {
    const PgResult result(PQexec(connection_.get(), sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COPY_IN) fail();
    in_copy_ = true;
  }
  void add_row(const std::string& line) {
    buffer_ += line;
    if (buffer_.size() >= (1u << 20)) flush();
  }
  void end_copy() {
    flush();
    pg_conn* c = connection_.get();
    if (PQputCopyEnd(c, nullptr) != 1) fail();
    in_copy_ = false;
    bool ok = true;
    for (PgResult result(PQgetResult(c)); result; result.reset(PQgetResult(c))) {
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) ok = false;
    }
    if (!ok) fail();
  }
  // Sends a statement with parameters in the binary format, not waiting for the server to run
  // it; wait() then returns how many rows it changed.
  void send(const std::string& sql, const std::vector<uint32_t>& types, const std::vector<std::string>& values) {
    std::vector<const char*> data;
    std::vector<int> sizes;
    for (const std::string& value : values) {
      data.push_back(value.data());
      sizes.push_back(static_cast<int>(value.size()));
    }
    const std::vector<int> binary(values.size(), 1);
    if (PQsendQueryParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()), types.data(), data.data(),
                          sizes.data(), binary.data(), 0) != 1) {
      fail();
    }
    sent_ = true;
  }
  long long wait() {
    if (!sent_) return 0;
    sent_ = false;
    long long changed = 0;
    bool ok = true;
    pg_conn* c = connection_.get();
    for (PgResult result(PQgetResult(c)); result; result.reset(PQgetResult(c))) {
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) ok = false;
      changed += std::atoll(PQcmdTuples(result.get()));
    }
    if (!ok) fail();
    return changed;
  }
  void commit() {
    connection_.execute(prepare_as_.empty() ? std::string("commit")
                                            : "prepare transaction " + quote_literal(prepare_as_));
    committed_ = true;
  }

 private:
  void flush() {
    if (buffer_.empty()) return;
    if (PQputCopyData(connection_.get(), buffer_.data(), static_cast<int>(buffer_.size())) != 1) fail();
    buffer_.clear();
  }
  [[noreturn]] void fail() const { throw OutputError(connection_.description(), pg_message(connection_.get())); }

  const PgConnection& connection_;
  const std::string prepare_as_;
  std::string buffer_;
  bool in_copy_ = false;
  bool sent_ = false;
  bool committed_ = false;
};

// A field of a row the server sent in the binary format.
struct PgField {
  const char* data;  // null: NULL
  size_t size;
};

// Called with the server's message (its first line) and SQLSTATE when it refuses a statement
// that reads the rows, or fails in it, to throw what the caller makes of it; an OutputError with
// the message follows otherwise.
using PgRefusal = std::function<void(const std::string& message, const std::string& sqlstate)>;

// What our own reading selects as the layer's geometry: the column's WKB, by PostGIS's
// ST_AsBinary (of the schema PostGIS is in) for its geometry and geography types, or NULL for
// a layer without one. Empty for a column of another type that GDAL reads as geometry (WKB in
// a bytea, where PostGIS is not installed): GDAL reads that one.
std::string wkb_of(const PgConnection& connection, const PgTable& table, const std::string& column);

// Rows read, measured and written together (as layer_area.cpp's batches).
inline constexpr size_t kBatchSize = 4096;

struct PgRow {
  long long fid = -1;
  RowPlace place{};
  bool has_geometry = false;
  size_t wkb_offset = 0;  // in PgBatch::wkb
  size_t wkb_size = 0;
};

struct PgBatch {
  std::string wkb;  // the rows' geometries as read, one after another
  std::vector<PgRow> rows;
  std::vector<MeasuredFeature> areas;
  std::vector<std::string> invalid;  // why a row is skipped (skip_invalid), "" for none
};

// Measures the rows read(batch) gives, batch after batch until it returns false, as `area`
// measures them (the same FeatureMeasurer, in the same pipeline of worker threads: read on one
// thread, measured on the workers, handed to add in reading order on this one), skipped ones
// as NULL.
void measure_batches(const std::function<bool(PgBatch&)>& read, const SourceName& input,
                     const LayerAreaOptions& options, const FeatureMeasurer& measurer, bool by_place, size_t workers,
                     const AddRow& add, AreaUpdateResult& result);

// A row as read (its place when written back by it, its fid and WKB, in the binary format)
// added to the batch.
void add_read_row(PgBatch& batch, const PgField* place, const PgField& fid, const PgField& wkb,
                  const std::string& connection);

// What a refusal of the server while reading is: with --where, a condition it cannot plan or
// run (no such column, a text it cannot cast) is the user's to fix (InputError); a missing
// privilege, and anything else, is the database's (OutputError).
PgRefusal where_refusal(const SourceName& input, const std::string& layer, const std::string& where);

// The ALTER TABLE adding the area columns `table` lacks ("" when it has them all). Throws
// InputError (column_type_error) for one it has of another type.
std::string add_missing_columns(const PgConnection& connection, const PgTable& table,
                                const std::vector<Column>& columns, const std::string& shown,
                                const std::string& layer);

// The UPDATE of `table` (as t) from the values `from` (as a, with the columns' names) joined by
// `join`, for the rows whose values differ: an UPDATE writes a new version of every row it
// touches, with its index entries, so rows whose values are already those (a refresh) are left
// alone.
std::string set_changed(const std::vector<Column>& columns, const std::string& table, const std::string& from,
                        const std::string& join);

// The areas of a plain table written in place, read in the update's own transaction by a cursor
// (ctid, fid, ST_AsBinary; `select`) and written back chunk by chunk, each row found by its ctid
// (area_update_ctid.cpp, which says why). `survey`: the columns end with survey_area_m2.
void update_in_place(PgTransaction& transaction, const PgConnection& connection, const std::string& table,
                     const std::vector<Column>& columns, bool survey, const std::string& select,
                     const SourceName& input,
                     const LayerAreaOptions& options, const FeatureMeasurer& measurer, size_t workers,
                     AreaUpdateResult& result);

// The values of the other tables (partitioned, inherited from, a geometry GDAL reads) put into a
// temporary table while the rows are read, then written by one UPDATE joined on the primary key
// (area_update_temp_table.cpp). `select` reads the rows' fid and WKB on a connection of its own
// when `measurer` is given; without it GDAL reads them. `alter` adds the missing columns ("" when
// none are), run once every other connection is closed. `survey`: the columns end with
// survey_area_m2.
void update_through_temp_table(PgTransaction& transaction, const PgConnection& connection, const PgTable& table,
                               const std::vector<Column>& columns, bool survey, const std::string& alter,
                               const std::string& select, const std::string& fid_column, const SourceName& input,
                               const LayerAreaOptions& options, const FeatureMeasurer* measurer, size_t workers,
                               AreaUpdateResult& result);

}  // namespace parklayers::area_update
