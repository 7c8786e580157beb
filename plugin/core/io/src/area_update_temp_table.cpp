// SPDX-License-Identifier: GPL-2.0-or-later
// `area --update` on the PostGIS tables whose rows have no one ctid (partitioned, inherited
// from) and on a geometry column that is not PostGIS's: the values COPYed into a temporary table
// while the rows are read, then one UPDATE joined on the primary key.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

#include "area_update_postgres.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/postgres.h"

namespace parklayers::area_update {
namespace {

// One row of the temporary table (fid, area_m2, area_mu, area_ha[, gk_area_m2, gk_crs][,
// survey_area_m2]).
void append_binary_row(std::string& out, long long fid, const MeasuredFeature& feature, bool gauss_kruger,
                       bool survey) {
  const std::optional<double>& m2 = feature.area_m2;
  const std::optional<double> numbers[] = {m2, m2 ? std::optional<double>(m2_to_mu(*m2)) : std::nullopt,
                                           m2 ? std::optional<double>(m2_to_ha(*m2)) : std::nullopt,
                                           feature.gk_area_m2};
  append_big_endian(out, (gauss_kruger ? 6 : 4) + (survey ? 1 : 0), 2);
  append_big_endian(out, 8, 4);
  append_big_endian(out, static_cast<uint64_t>(fid), 8);
  for (int i = 0; i < (gauss_kruger ? 4 : 3); ++i) {
    if (!numbers[i]) {
      append_big_endian(out, 0xffffffffu, 4);  // -1: NULL
      continue;
    }
    uint64_t bits = 0;
    std::memcpy(&bits, &*numbers[i], sizeof bits);
    append_big_endian(out, 8, 4);
    append_big_endian(out, bits, 8);
  }
  if (gauss_kruger) {
    if (feature.gk_area_m2) {
      append_big_endian(out, feature.gk_crs.size(), 4);
      out += feature.gk_crs;
    } else {
      append_big_endian(out, 0xffffffffu, 4);
    }
  }
  if (survey) {
    if (feature.survey_area_m2) {
      uint64_t bits = 0;
      std::memcpy(&bits, &*feature.survey_area_m2, sizeof bits);
      append_big_endian(out, 8, 4);
      append_big_endian(out, bits, 8);
    } else {
      append_big_endian(out, 0xffffffffu, 4);
    }
  }
}

// The rows of a COPY (...) TO STDOUT (FORMAT binary), one at a time, each a list of fields.
class BinaryCopyReader {
 public:
  using Field = PgField;
  using Refusal = PgRefusal;  // for a refusal of the COPY or a failure in it

  // Starts the COPY, one statement (libpq's extended protocol: no second one after a ';').
  BinaryCopyReader(const PgConnection& connection, const std::string& sql, Refusal refusal)
      : connection_(connection), refusal_(std::move(refusal)) {
    const PgResult result(
        PQexecParams(connection_.get(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1));
    if (PQresultStatus(result.get()) != PGRES_COPY_OUT) fail(result.get());
  }
  BinaryCopyReader(const BinaryCopyReader&) = delete;
  BinaryCopyReader& operator=(const BinaryCopyReader&) = delete;

  // The next row's fields, valid until the next call; false after the last row.
  bool next(std::vector<Field>& fields) {
    if (ended_) return false;
    if (!header_read_) read_header();
    if (!fill(pos_ + 2)) malformed();
    const auto count = static_cast<int16_t>(read_big_endian(data_.data() + pos_, 2));
    if (count == -1) {  // the trailer; then the end of the data and the command's status
      pos_ += 2;
      if (fill(pos_ + 1)) malformed();
      ended_ = true;
      return false;
    }
    if (count < 0) malformed();
    // The fields' places as offsets from pos_, which fill() may move; the fields point into the
    // buffer once the whole row is in.
    places_.resize(static_cast<size_t>(count));
    size_t offset = 2;
    for (auto& [start, size] : places_) {
      if (!fill(pos_ + offset + 4)) malformed();
      size = static_cast<int32_t>(read_big_endian(data_.data() + pos_ + offset, 4));
      if (size < -1) malformed();  // -1: NULL
      offset += 4;
      start = offset;
      if (size > 0) {
        offset += static_cast<size_t>(size);
        if (!fill(pos_ + offset)) malformed();
      }
    }
    fields.clear();
    for (const auto& [start, size] : places_) {
      fields.push_back(size < 0 ? Field{nullptr, 0} : Field{data_.data() + pos_ + start, static_cast<size_t>(size)});
    }
    pos_ += offset;
    return true;
  }

 private:
  // Reads until the buffer holds `end` bytes; false when the data ended first. What was read
  // before pos_ may be dropped, pos_ then moving back (`end` with it).
  bool fill(size_t end) {
    while (data_.size() < end) {
      if (copy_done_) return false;
      char* message = nullptr;
      const int size = PQgetCopyData(connection_.get(), &message, 0);
      if (size > 0) {
        if (pos_ > 0) {  // (the server sends a row a message: mostly nothing is kept)
          data_.erase(0, pos_);
          end -= pos_;
          pos_ = 0;
        }
        data_.append(message, static_cast<size_t>(size));
        PQfreemem(message);
        continue;
      }
      copy_done_ = true;
      // -1: the COPY ended, and its result says how; -2: the connection failed.
      const PgResult result(PQgetResult(connection_.get()));
      if (size == -2 || PQresultStatus(result.get()) != PGRES_COMMAND_OK) fail(result.get());
      while (PgResult(PQgetResult(connection_.get()))) {
      }
      return false;
    }
    return true;
  }
  void read_header() {
    if (!fill(kBinaryCopySignature + 8) || std::memcmp(data_.data(), kBinaryCopyHeader, kBinaryCopySignature) != 0) {
      malformed();
    }
    const size_t extension = read_big_endian(data_.data() + kBinaryCopySignature + 4, 4);
    if (!fill(kBinaryCopySignature + 8 + extension)) malformed();
    pos_ = kBinaryCopySignature + 8 + extension;
    header_read_ = true;
  }
  [[noreturn]] void fail(pg_result* result) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    const std::string message = pg_message(connection_.get());
    if (refusal_) refusal_(primary ? primary : message, state ? state : "");
    throw OutputError(connection_.description(), message);
  }
  [[noreturn]] void malformed() const {
    throw OutputError(connection_.description(), "the server's COPY data is not COPY's binary format, or ends early");
  }

  const PgConnection& connection_;
  Refusal refusal_;
  std::string data_;  // what the server sent; read up to pos_
  size_t pos_ = 0;
  std::vector<std::pair<size_t, int32_t>> places_;  // the fields of the row being read
  bool header_read_ = false;
  bool copy_done_ = false;
  bool ended_ = false;
};

// The rows read on a connection of our own by one COPY (SELECT fid, ST_AsBinary(geometry) ...
// [WHERE ...]) TO STDOUT (FORMAT binary), and measured (measure_batches). For the tables whose
// rows are written back by their primary key: the reading ends before the table is altered.
void read_and_measure(const PgConnection& reading, const std::string& select, const SourceName& input,
                      const LayerAreaOptions& options, const FeatureMeasurer& measurer, size_t workers,
                      const AddRow& add, AreaUpdateResult& result) {
  BinaryCopyReader reader(reading, "copy (" + select + ") to stdout (format binary)",
                          where_refusal(input, measurer.layer_name(), options.input.where));
  std::vector<PgField> fields;
  const auto read = [&](PgBatch& batch) {
    while (batch.rows.size() < kBatchSize && reader.next(fields)) {
      if (fields.size() != 2) throw OutputError(reading.description(), "the server's rows are not those asked for");
      add_read_row(batch, nullptr, fields[0], fields[1], reading.description());
    }
    return !batch.rows.empty();
  };
  measure_batches(read, input, options, measurer, false, workers, add, result);
}

}  // namespace

void update_through_temp_table(PgTransaction& transaction, const PgConnection& connection, const PgTable& table,
                               const std::vector<Column>& columns, bool survey, const std::string& alter,
                               const std::string& select, const std::string& fid_column, const SourceName& input,
                               const LayerAreaOptions& options, const FeatureMeasurer* measurer, size_t workers,
                               AreaUpdateResult& result) {
  // The values go into a temporary table while the rows are read (the lock lets the reading
  // connection read), then, that connection closed, the columns are added and one UPDATE joins
  // the temporary table.
  std::unique_ptr<PgConnection> reading;
  if (measurer) reading = std::make_unique<PgConnection>(input.text());
  std::string definition = "create temp table " + std::string(kTempTable) + " (fid bigint";
  std::string names = "fid";
  for (const Column& column : columns) {
    definition += ", " + quote_identifier(column.name) + (column.text ? " text" : " double precision");
    names += ", " + quote_identifier(column.name);
  }
  connection.execute(definition + ") on commit drop");
  const std::string areas = "pg_temp." + std::string(kTempTable);
  transaction.begin_copy("copy " + areas + " (" + names + ") from stdin (format binary)");
  std::string row(kBinaryCopyHeader, sizeof kBinaryCopyHeader - 1);
  const AddRow add = [&](long long id, const RowPlace*, const MeasuredFeature& feature) {
    append_binary_row(row, id, feature, options.gauss_kruger, survey);
    transaction.add_row(row);
    row.clear();
  };
  if (measurer) {
    read_and_measure(*reading, select, input, options, *measurer, workers, add, result);
  } else {
    measure_rows(input, options, add, result);  // GDAL's reading, on its own connection
  }
  reading.reset();
  if (!row.empty()) transaction.add_row(row);  // the header of an empty layer
  row.clear();
  append_big_endian(row, 0xffff, 2);  // the trailer: -1
  transaction.add_row(row);
  transaction.end_copy();

  // Every other connection of ours is closed: the table may now be locked to add the columns.
  if (!alter.empty()) connection.execute(alter);
  connection.execute("analyze " + areas);
  const std::string update =
      set_changed(columns, table.quoted, areas + " as a", "t." + quote_identifier(fid_column) + " = a.fid");
  const PgResult updated(PQexec(connection.get(), update.c_str()));
  if (PQresultStatus(updated.get()) != PGRES_COMMAND_OK) {
    throw OutputError(connection.description(), pg_message(connection.get()));
  }
  result.changed = std::atoll(PQcmdTuples(updated.get()));
  transaction.commit();
}

}  // namespace parklayers::area_update
