// SPDX-License-Identifier: GPL-2.0-or-later
// `area --update` on a plain PostGIS table: its rows read by a cursor in the update's own
// transaction and written back by their ctid, a chunk at a time through unnest of arrays sent
// in PostgreSQL's binary format.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "area_update_postgres.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/postgres.h"

namespace parklayers::area_update {
namespace {

// A one-dimensional array in PostgreSQL's binary format (its array_recv): the number of
// dimensions, whether it holds NULLs, the element type; the size and lower bound; then each
// element, its length first (-1: NULL).
class BinaryArray {
 public:
  explicit BinaryArray(uint32_t element_type) : element_type_(element_type) {}
  void add(const char* data, size_t size) {
    append_big_endian(elements_, size, 4);
    elements_.append(data, size);
    ++size_;
  }
  void add_null() {
    append_big_endian(elements_, 0xffffffffu, 4);
    has_null_ = true;
    ++size_;
  }
  void add(const std::optional<double>& value) {
    if (!value) return add_null();
    uint64_t bits = 0;
    std::memcpy(&bits, &*value, sizeof bits);
    append_big_endian(elements_, 8, 4);
    append_big_endian(elements_, bits, 8);
    ++size_;
  }
  void clear() {
    elements_.clear();
    size_ = 0;
    has_null_ = false;
  }
  std::string bytes() const {
    std::string out;
    append_big_endian(out, 1, 4);
    append_big_endian(out, has_null_ ? 1 : 0, 4);
    append_big_endian(out, element_type_, 4);
    append_big_endian(out, size_, 4);
    append_big_endian(out, 1, 4);
    return out + elements_;
  }

 private:
  uint32_t element_type_;
  std::string elements_;
  size_t size_ = 0;
  bool has_null_ = false;
};

// Rows fetched from the cursor at a time: measured while the server writes the rows before.
constexpr long kChunkRows = 16384;

}  // namespace

// The areas of a plain table written in place, the table read in the update's own transaction
// (a cursor of its rows' ctid, fid and ST_AsBinary, fetched kChunkRows at a time, in the
// binary format) and written back chunk by chunk, each row found by its ctid:
//   UPDATE t SET ... FROM unnest($1::tid[], $2::float8[], ...) AS a WHERE t.ctid = a.place ...
// While the server writes one chunk, the next one is measured: the measuring (the larger part
// of the work on our side, on every core) runs beside the writing (the larger part of the
// server's), where it used to come first. The ctids stay those read: the transaction holds
// the table against changes from the start.
//
// This replaces, for plain tables, a temporary table filled while GDAL read the table on its own
// connection, then one UPDATE joined to it on the primary key. GDAL's reading (a cursor of text,
// hex EWKB, 500 rows a FETCH, an OGRFeature made of each) could not run inside the transaction
// once ALTER TABLE had locked the table, so nothing could be written before everything was
// measured; and for the one UPDATE the planner chose a hash join on the key, which in work_mem's
// 4 MB splits into batches (32 for 2,000,000 rows) and then writes the rows batch after batch,
// each batch spread over the whole table: with a table larger than shared_buffers every page was
// read and written again for each batch (2.7 million buffer reads against 0.37 million by
// ctid, for the same rows written). Here the rows come in the table's own order and each is
// fetched at its place (a nested loop of TID scans, the planner's hash and merge joins turned
// off for the transaction); no memory grows with the table; JIT is off, its compiling (0.4 s on
// 2,000,000 rows) buying nothing. A failure rolls back what was written, as any failed UPDATE
// does: no row changed, the versions written left to VACUUM.
void update_in_place(PgTransaction& transaction, const PgConnection& connection, const std::string& table,
                     const std::vector<Column>& columns, bool survey, const std::string& select,
                     const SourceName& input,
                     const LayerAreaOptions& options, const FeatureMeasurer& measurer, size_t workers,
                     AreaUpdateResult& result) {
  connection.execute("set local enable_hashjoin = off; set local enable_mergejoin = off; set local jit = off");
  const PgRefusal refusal = where_refusal(input, measurer.layer_name(), options.input.where);
  // One statement each (libpq's extended protocol): a --where cannot end one and start another.
  const auto run = [&](const std::string& sql, int format) {
    PgResult done(PQexecParams(connection.get(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, format));
    const ExecStatusType status = PQresultStatus(done.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(done.get(), PG_DIAG_SQLSTATE);
      const char* primary = PQresultErrorField(done.get(), PG_DIAG_MESSAGE_PRIMARY);
      refusal(primary ? primary : pg_message(connection.get()), state ? state : "");
      throw OutputError(connection.description(), pg_message(connection.get()));
    }
    return done;
  };
  run("declare parklayers_rows no scroll cursor for " + select, 0);

  // The chunk's values as array parameters (element types tid, float8, text; the arrays' types
  // are tid[], float8[], text[]).
  std::vector<BinaryArray> arrays = {BinaryArray(27), BinaryArray(701), BinaryArray(701), BinaryArray(701)};
  std::vector<uint32_t> types = {1010, 1022, 1022, 1022};
  std::string unnest = "unnest($1::tid[], $2::float8[], $3::float8[], $4::float8[]";
  std::string names = "place";
  if (options.gauss_kruger) {
    arrays.insert(arrays.end(), {BinaryArray(701), BinaryArray(25)});
    types.insert(types.end(), {1022, 1009});
    unnest += ", $5::float8[], $6::text[]";
  }
  if (survey) {
    arrays.emplace_back(701);
    types.push_back(1022);
    unnest += ", $" + std::to_string(arrays.size()) + "::float8[]";
  }
  for (const Column& column : columns) names += ", " + quote_identifier(column.name);
  const std::string update = set_changed(columns, table, unnest + ") as a(" + names + ")", "t.ctid = a.place");
  const AddRow add = [&](long long, const RowPlace* place, const MeasuredFeature& feature) {
    const std::optional<double>& m2 = feature.area_m2;
    arrays[0].add(place->data(), place->size());
    arrays[1].add(m2);
    arrays[2].add(m2 ? std::optional<double>(m2_to_mu(*m2)) : std::nullopt);
    arrays[3].add(m2 ? std::optional<double>(m2_to_ha(*m2)) : std::nullopt);
    if (options.gauss_kruger) {
      arrays[4].add(feature.gk_area_m2);
      if (feature.gk_area_m2) {
        arrays[5].add(feature.gk_crs.data(), feature.gk_crs.size());
      } else {
        arrays[5].add_null();
      }
    }
    if (survey) arrays.back().add(feature.survey_area_m2);
  };
  const std::string fetch = "fetch " + std::to_string(kChunkRows) + " from parklayers_rows";
  // Measures the fetched rows into the arrays.
  const auto measure = [&](const PgResult& rows) {
    for (BinaryArray& array : arrays) array.clear();
    pg_result* r = rows.get();
    const int count = PQntuples(r);
    int next = 0;
    const auto read = [&](PgBatch& batch) {
      for (; next < count && batch.rows.size() < kBatchSize; ++next) {
        const auto field = [&](int column) {
          return PQgetisnull(r, next, column) ? PgField{nullptr, 0}
                                              : PgField{PQgetvalue(r, next, column),
                                                      static_cast<size_t>(PQgetlength(r, next, column))};
        };
        const PgField place = field(0);
        add_read_row(batch, &place, field(1), field(2), connection.description());
      }
      return !batch.rows.empty();
    };
    measure_batches(read, input, options, measurer, true, workers, add, result);
  };
  const auto values = [&] {
    std::vector<std::string> bytes;
    for (const BinaryArray& array : arrays) bytes.push_back(array.bytes());
    return bytes;
  };

  PgResult rows = run(fetch, 1);
  if (PQntuples(rows.get()) == 0) return;
  measure(rows);
  for (;;) {
    rows = run(fetch, 1);  // (the connection is free: the chunk before was written)
    transaction.send(update, types, values());
    if (PQntuples(rows.get()) == 0) break;
    measure(rows);  // while the server writes the chunk before
    result.changed += transaction.wait();
  }
  result.changed += transaction.wait();
}

}  // namespace parklayers::area_update
