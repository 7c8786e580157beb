#include "parklayers/io/area_update.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <libpq-fe.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/units.h"
#include "parklayers/gis/worker.h"
#include "parklayers/io/drivers.h"
#include "parklayers/io/input.h"
#include "parklayers/io/postgres.h"

namespace parklayers {
namespace {

// The temporary table the values go into before the one UPDATE.
constexpr const char* kTempTable = "parklayers_areas";

struct Column {
  const char* name;
  bool text;  // gk_crs; the others are double precision
};

std::vector<Column> area_columns(bool gauss_kruger) {
  std::vector<Column> columns = {{"area_m2", false}, {"area_mu", false}, {"area_ha", false}};
  if (gauss_kruger) columns.insert(columns.end(), {{"gk_area_m2", false}, {"gk_crs", true}});
  return columns;
}

// What GDAL says of the table before anything is written: its driver, name and primary key.
struct TableInfo {
  std::string driver;
  std::string layer;
  std::string fid_column;
};

TableInfo inspect(const std::string& input, const LayerAreaOptions& options) {
  const std::string shown = source_display_name(input);
  const InputSource source = open_input(input, options.input);
  GDALDriver* driver = source.dataset().GetDriver();
  TableInfo info;
  info.driver = driver ? driver->GetDescription() : "";
  if (info.driver != "PostgreSQL" && info.driver != "GPKG") {
    throw InputError(Location{shown, "", -1, "", ""},
                     "--update writes the areas into a PostGIS or GeoPackage table only, and this source is " +
                         (info.driver.empty() ? std::string("of no driver GDAL names") : info.driver) +
                         ": write a copy with the areas with -o instead");
  }
  OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
  info.layer = layer.GetName();
  info.fid_column = layer.GetFIDColumn();
  if (info.fid_column.empty()) {
    throw InputError(Location{shown, info.layer, -1, "", ""},
                     "the table has no primary key (GDAL's FID column) to write the areas back by: give it one, "
                     "e.g. ALTER TABLE ... ADD COLUMN fid bigserial PRIMARY KEY");
  }
  for (const Column& column : area_columns(true)) {
    if (info.fid_column == column.name) {
      throw InputError(Location{shown, info.layer, -1, "", column.name}, "is the table's primary key");
    }
  }
  return info;
}

InputError column_type_error(const std::string& shown, const std::string& layer, const Column& column,
                             const std::string& type) {
  return InputError(Location{shown, layer, -1, "", column.name},
                    "exists as " + type + ", and --update writes " + (column.text ? "text" : "double precision") +
                        " there: rename or drop the column, or name another table");
}

// ---- PostgreSQL ---------------------------------------------------------------------------

// COPY's binary format (PostgreSQL's documentation, "COPY: Binary Format"): the doubles go to the
// server as their 8 bytes, neither printed here nor parsed there.
constexpr char kBinaryCopyHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";  // signature, flags, extension
constexpr size_t kBinaryCopySignature = 11;

void append_big_endian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint64_t read_big_endian(const char* data, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<unsigned char>(data[i]);
  return value;
}

// A row's place in its table (its ctid) in PostgreSQL's binary format: block and offset.
using RowPlace = std::array<char, 6>;

// One row of the temporary table (fid, area_m2, area_mu, area_ha[, gk_area_m2, gk_crs]).
void append_binary_row(std::string& out, long long fid, const MeasuredFeature& feature, bool gauss_kruger) {
  const std::optional<double>& m2 = feature.area_m2;
  const std::optional<double> numbers[] = {m2, m2 ? std::optional<double>(m2_to_mu(*m2)) : std::nullopt,
                                           m2 ? std::optional<double>(m2_to_ha(*m2)) : std::nullopt,
                                           feature.gk_area_m2};
  append_big_endian(out, gauss_kruger ? 6 : 4, 2);
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
}

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

// libpq's last message on the connection, without its final newline.
std::string pg_message(pg_conn* connection) {
  std::string message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// The transaction of the update on our own libpq connection: rolled back (a COPY in progress
// ended first, a statement in progress waited for) unless committed.
class PgTransaction {
 public:
  explicit PgTransaction(const PgConnection& connection) : connection_(connection) { connection_.execute("begin"); }
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
    connection_.execute("commit");
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
  std::string buffer_;
  bool in_copy_ = false;
  bool sent_ = false;
  bool committed_ = false;
};

// The rows of a COPY (...) TO STDOUT (FORMAT binary), one at a time, each a list of fields.
class BinaryCopyReader {
 public:
  struct Field {
    const char* data;  // null: NULL
    size_t size;
  };
  // Called with the server's message (its first line) and SQLSTATE when it refuses the COPY or
  // fails in it, to throw what the caller makes of it; an OutputError with the message follows
  // otherwise.
  using Refusal = std::function<void(const std::string& message, const std::string& sqlstate)>;

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

// What our own reading selects as the layer's geometry: the column's WKB, by PostGIS's
// ST_AsBinary (of the schema PostGIS is in) for its geometry and geography types, or NULL for
// a layer without one. Empty for a column of another type that GDAL reads as geometry (WKB in
// a bytea, where PostGIS is not installed): GDAL reads that one.
std::string wkb_of(const PgConnection& connection, const PgTable& table, const std::string& column) {
  if (column.empty()) return "null::bytea";
  const auto rows = connection.query(
      "select t.typname, quote_ident(n.nspname) from pg_attribute a join pg_type t on t.oid = a.atttypid "
      "join pg_namespace n on n.oid = t.typnamespace "
      "where a.attrelid = $1::oid and a.attname = $2 and a.attnum > 0 and not a.attisdropped",
      {table.oid, column});
  if (rows.empty() || (rows[0][0] != "geometry" && rows[0][0] != "geography")) return "";
  return rows[0][1] + ".ST_AsBinary(" + quote_identifier(column) + ")";
}

// A row as it is written back: its primary key, its place (ctid) when written back by it, and
// its values.
using AddRow = std::function<void(long long fid, const RowPlace* place, const MeasuredFeature& feature)>;

// Measures the layer through GDAL's reading, as `area` does, and hands every row to add: the
// measured ones, and those skipped with --skip-invalid as NULL (not a value left from an earlier
// update).
void measure_rows(const std::string& input, const LayerAreaOptions& options, const AddRow& add,
                  AreaUpdateResult& result) {
  LayerAreaOptions measuring = options;
  measuring.on_skipped = [&](const Problem& skipped) {
    add(skipped.where.fid, nullptr, MeasuredFeature{});
    ++result.nulls;
    if (options.on_skipped) options.on_skipped(skipped);
  };
  measure_layer_features(input, measuring, [&](const MeasuredFeature& feature) {
    add(feature.fid, nullptr, feature);
    ++(feature.area_m2 ? result.measured : result.nulls);
  });
}

// Rows read, measured and written together (as layer_area.cpp's batches).
constexpr size_t kBatchSize = 4096;

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
void measure_batches(const std::function<bool(PgBatch&)>& read, const std::string& input,
                     const LayerAreaOptions& options, const FeatureMeasurer& measurer, bool by_place, size_t workers,
                     const AddRow& add, AreaUpdateResult& result) {
  const std::string shown = source_display_name(input);
  const std::string& layer = measurer.layer_name();
  std::vector<PgBatch> batches(workers + 3);
  PipelineStages stages;
  stages.read = [&](size_t slot) {
    PgBatch& batch = batches[slot];
    batch.rows.clear();
    batch.wkb.clear();
    return read(batch);
  };
  stages.process = [&](size_t slot, size_t worker) {
    PgBatch& batch = batches[slot];
    // This thread's own handler (GDAL's are per thread): what GDAL says is reported in the
    // InputError naming the feature, not printed.
    const QuietGdalErrors quiet;
    batch.areas.resize(batch.rows.size());
    batch.invalid.resize(batch.rows.size());
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      const PgRow& row = batch.rows[i];
      OGRGeometryUniquePtr geometry;
      if (row.has_geometry) {
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkb(batch.wkb.data() + row.wkb_offset, nullptr, &parsed, row.wkb_size) !=
            OGRERR_NONE) {
          delete parsed;
          throw InputError(Location{shown, layer, row.fid, "", ""}, "its geometry is no WKB GDAL can read");
        }
        geometry.reset(parsed);
      }
      batch.invalid[i] = measurer.measure(geometry.get(), row.fid, worker, batch.areas[i]);
    }
  };
  stages.consume = [&](size_t slot) {
    const PgBatch& batch = batches[slot];
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      const PgRow& row = batch.rows[i];
      const RowPlace* place = by_place ? &row.place : nullptr;
      if (!batch.invalid[i].empty()) {
        add(row.fid, place, MeasuredFeature{});
        ++result.nulls;
        if (options.on_skipped) options.on_skipped(Problem{Location{shown, layer, row.fid, "", ""}, batch.invalid[i]});
        continue;
      }
      add(row.fid, place, batch.areas[i]);
      ++(batch.areas[i].area_m2 ? result.measured : result.nulls);
    }
  };
  run_ordered_pipeline(batches.size(), workers, stages);
}

// A row as read (its place when written back by it, its fid and WKB, in the binary format)
// added to the batch.
using Field = BinaryCopyReader::Field;
void add_read_row(PgBatch& batch, const Field* place, const Field& fid, const Field& wkb, const std::string& connection) {
  if (!fid.data || fid.size != 8 || (place && (!place->data || place->size != RowPlace().size()))) {
    throw OutputError(connection, "the server's rows are not those asked for");
  }
  PgRow& row = batch.rows.emplace_back();
  row.fid = static_cast<long long>(read_big_endian(fid.data, 8));
  if (place) std::memcpy(row.place.data(), place->data, row.place.size());
  row.has_geometry = wkb.data != nullptr;
  row.wkb_offset = batch.wkb.size();
  row.wkb_size = wkb.size;
  if (wkb.data) batch.wkb.append(wkb.data, wkb.size);
}

// What a refusal of the server while reading is: with --where, a condition it cannot plan or
// run (no such column, a text it cannot cast) is the user's to fix (InputError); a missing
// privilege, and anything else, is the database's (OutputError).
BinaryCopyReader::Refusal where_refusal(const std::string& input, const std::string& layer, const std::string& where) {
  return [input, layer, where](const std::string& message, const std::string& sqlstate) {
    const bool of_the_condition =
        sqlstate.rfind("22", 0) == 0 || (sqlstate.rfind("42", 0) == 0 && sqlstate != "42501");
    if (!where.empty() && of_the_condition) {
      throw InputError(Location{source_display_name(input), layer, -1, "", ""}, "--where " + where + ": " + message);
    }
  };
}

// The rows read on a connection of our own by one COPY (SELECT fid, ST_AsBinary(geometry) ...
// [WHERE ...]) TO STDOUT (FORMAT binary), and measured (measure_batches). For the tables whose
// rows are written back by their primary key: the reading ends before the table is altered.
void read_and_measure(const PgConnection& reading, const std::string& select, const std::string& input,
                      const LayerAreaOptions& options, const FeatureMeasurer& measurer, size_t workers,
                      const AddRow& add, AreaUpdateResult& result) {
  BinaryCopyReader reader(reading, "copy (" + select + ") to stdout (format binary)",
                          where_refusal(input, measurer.layer_name(), options.input.where));
  std::vector<BinaryCopyReader::Field> fields;
  const auto read = [&](PgBatch& batch) {
    while (batch.rows.size() < kBatchSize && reader.next(fields)) {
      if (fields.size() != 2) throw OutputError(reading.description(), "the server's rows are not those asked for");
      add_read_row(batch, nullptr, fields[0], fields[1], reading.description());
    }
    return !batch.rows.empty();
  };
  measure_batches(read, input, options, measurer, false, workers, add, result);
}

// The UPDATE of `table` (as t) from the values `from` (as a, with the columns' names) joined by
// `join`, for the rows whose values differ: an UPDATE writes a new version of every row it
// touches, with its index entries, so rows whose values are already those (a refresh) are left
// alone.
std::string set_changed(const std::vector<Column>& columns, const std::string& table, const std::string& from,
                        const std::string& join) {
  std::string set, ours, theirs;
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string name = quote_identifier(columns[i].name);
    set += std::string(i ? ", " : "") + name + " = a." + name;
    ours += std::string(i ? ", " : "") + "t." + name;
    theirs += std::string(i ? ", " : "") + "a." + name;
  }
  return "update " + table + " as t set " + set + " from " + from + " where " + join + " and (" + ours +
         ") is distinct from (" + theirs + ")";
}

// Rows fetched from the cursor at a time: measured while the server writes the rows before.
constexpr long kChunkRows = 16384;

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
                     const std::vector<Column>& columns, const std::string& select, const std::string& input,
                     const LayerAreaOptions& options, const FeatureMeasurer& measurer, size_t workers,
                     AreaUpdateResult& result) {
  connection.execute("set local enable_hashjoin = off; set local enable_mergejoin = off; set local jit = off");
  const BinaryCopyReader::Refusal refusal = where_refusal(input, measurer.layer_name(), options.input.where);
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
          return PQgetisnull(r, next, column) ? Field{nullptr, 0}
                                              : Field{PQgetvalue(r, next, column),
                                                      static_cast<size_t>(PQgetlength(r, next, column))};
        };
        const Field place = field(0);
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

AreaUpdateResult update_postgres(const std::string& input, const LayerAreaOptions& options, const TableInfo& info) {
  const std::string shown = source_display_name(input);
  const std::vector<Column> columns = area_columns(options.gauss_kruger);
  const PgConnection connection(input);
  // The server's notices (ANALYZE's, say) are not for the user's terminal.
  PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
  PgTransaction transaction(connection);
  const PgTable table = pg_table(connection, input, info.layer);
  // From here to the commit the table's rows stay as they are read: other sessions may read the
  // table (until columns are added), but their changes, and another --update, wait. The areas
  // written are then those of the geometries at the commit, and each row is still where it was
  // read (its ctid).
  if (table.kind == 'r' || table.kind == 'p') {
    connection.execute("lock table " + table.quoted + " in share row exclusive mode");
  }

  // Columns of another type are refused before anything is read.
  const auto existing = connection.query(
      "select attname, format_type(atttypid, atttypmod) from pg_attribute "
      "where attrelid = $1::oid and attnum > 0 and not attisdropped",
      {table.oid});
  std::string alter;
  for (const Column& column : columns) {
    bool missing = true;
    for (const auto& row : existing) {
      if (row[0] != column.name) continue;
      missing = false;
      const bool fits = column.text ? row[1] == "text" || row[1].rfind("character varying", 0) == 0
                                    : row[1] == "double precision";
      if (!fits) throw column_type_error(shown, info.layer, column, row[1]);
    }
    if (missing) {
      alter += std::string(alter.empty() ? "alter table " + table.quoted : ",") + " add column " +
               quote_identifier(column.name) + (column.text ? " text" : " double precision");
    }
  }

  // What GDAL makes of the layer (its CRS, its geometry column), read once, its connection
  // closed again before the table is altered.
  const size_t workers = pipeline_workers();
  std::unique_ptr<FeatureMeasurer> measurer;
  std::string wkb;
  {
    std::unique_ptr<OGRSpatialReference> assigned = assigned_crs(options.input);
    const InputSource source = open_input(input, options.input);
    OGRLayer& layer = pick_layer(source.dataset(), input, options.layer);
    wkb = wkb_of(connection, table, layer.GetGeometryColumn());
    if (!wkb.empty()) {
      if (options.on_warning) {
        for (const Problem& warning : source.warnings()) options.on_warning(warning);
      }
      measurer = std::make_unique<FeatureMeasurer>(layer, source, input, options, std::move(assigned), workers);
    }
  }
  AreaUpdateResult result;
  result.layer = info.layer;
  // GDAL hands a PostgreSQL layer's --where to the server as it is: it is SQL here too.
  const std::string where = options.input.where.empty() ? "" : " where (" + options.input.where + ")";
  const std::string fid = quote_identifier(info.fid_column) + "::bigint";

  // A plain table's rows are read in the transaction and written back in place (by ctid).
  if (measurer && table.kind == 'r' && !table.inherited) {
    if (!alter.empty()) connection.execute(alter);
    update_in_place(transaction, connection, table.quoted, columns,
                    "select ctid, " + fid + ", " + wkb + " from " + table.quoted + where, input, options, *measurer,
                    workers, result);
    transaction.commit();
    return result;
  }

  // The rows of a partitioned table or of one that others inherit from (a ctid per table) are
  // joined on the primary key, and those GDAL reads (a geometry that is not PostGIS's) are
  // read on another connection: the values go into a temporary table while the rows are read
  // (the lock lets that connection read), then, that connection closed, the columns are added
  // and one UPDATE joins the temporary table.
  std::unique_ptr<PgConnection> reading;
  std::string select;
  if (measurer) {
    reading = std::make_unique<PgConnection>(input);
    select = "select " + fid + ", " + wkb + " from " + table.quoted + where;
  }
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
    append_binary_row(row, id, feature, options.gauss_kruger);
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
      set_changed(columns, table.quoted, areas + " as a", "t." + quote_identifier(info.fid_column) + " = a.fid");
  const PgResult updated(PQexec(connection.get(), update.c_str()));
  if (PQresultStatus(updated.get()) != PGRES_COMMAND_OK) {
    throw OutputError(connection.description(), pg_message(connection.get()));
  }
  result.changed = std::atoll(PQcmdTuples(updated.get()));
  transaction.commit();
  return result;
}

// ---- GeoPackage ---------------------------------------------------------------------------

struct SqliteClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalize {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalize>;

void refuse_geometry_function(sqlite3_context* context, int, sqlite3_value**) {
  sqlite3_result_error(context, "parklayers: a GeoPackage trigger on the geometry fired during --update", -1);
}

class Sqlite {
 public:
  explicit Sqlite(const std::string& path) : path_(path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    db_.reset(db);
    if (rc != SQLITE_OK) fail("cannot open it to write");
    sqlite3_busy_timeout(db, 10000);
    // The GeoPackage's R-tree triggers name GDAL's SQL functions, which SQLite must find to
    // prepare an UPDATE even where the triggers' WHEN clauses keep them from firing (only
    // non-geometry columns change, the primary key never). Here they refuse to run: should a
    // trigger fire all the same, the transaction fails instead of leaving the index wrong.
    for (const char* function : {"ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY", "ST_GeometryType",
                                 "ST_SRID", "GPKG_IsAssignable"}) {
      for (int arguments : {1, 2}) {
        sqlite3_create_function_v2(db, function, arguments, SQLITE_UTF8, nullptr, &refuse_geometry_function, nullptr,
                                   nullptr, nullptr);
      }
    }
  }
  void execute(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string what = message ? message : sqlite3_errmsg(db_.get());
      sqlite3_free(message);
      throw OutputError(path_, what);
    }
  }
  Statement prepare(const std::string& sql) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) fail("SQLite");
    return Statement(statement);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw OutputError(path_, what + ": " + (db_ ? sqlite3_errmsg(db_.get()) : "out of memory"));
  }
  sqlite3* get() const { return db_.get(); }

 private:
  std::string path_;
  std::unique_ptr<sqlite3, SqliteClose> db_;
};

// Rolls back an open transaction unless committed.
class SqliteTransaction {
 public:
  SqliteTransaction(const Sqlite& db, const char* begin) : db_(db) { db_.execute(begin); }
  ~SqliteTransaction() {
    if (!committed_) sqlite3_exec(db_.get(), "rollback", nullptr, nullptr, nullptr);
  }
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit() {
    db_.execute("commit");
    committed_ = true;
  }

 private:
  const Sqlite& db_;
  bool committed_ = false;
};

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

AreaUpdateResult update_geopackage(const std::string& input, const LayerAreaOptions& options, const TableInfo& info) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(input, ec)) {
    throw InputError(Location{input, info.layer, -1, "", ""},
                     "--update writes into a GeoPackage file on disk, and this is none");
  }
  const std::vector<Column> columns = area_columns(options.gauss_kruger);
  const Sqlite db(input);
  // main.: the file's table, never a TEMP one of the same name.
  const std::string table = "main." + quote_identifier(info.layer);

  std::vector<bool> missing(columns.size(), true);
  {
    const Statement existing = db.prepare("select name, type from pragma_table_info(?, 'main')");
    sqlite3_bind_text(existing.get(), 1, info.layer.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(existing.get()) == SQLITE_ROW) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(existing.get(), 0));
      const unsigned char* type_text = sqlite3_column_text(existing.get(), 1);
      const std::string type = upper(type_text ? reinterpret_cast<const char*>(type_text) : "");
      for (size_t i = 0; i < columns.size(); ++i) {
        if (name != columns[i].name) continue;
        missing[i] = false;
        const bool fits = columns[i].text ? type == "TEXT" || type.rfind("TEXT(", 0) == 0
                                          : type == "REAL" || type == "DOUBLE" || type == "FLOAT";
        if (!fits) throw column_type_error(input, info.layer, columns[i], type);
      }
    }
  }

  // The values go into a TEMP table (SQLite's temp database, not the file) while GDAL reads the
  // file through its own connection: the GeoPackage itself is not written until GDAL is done.
  std::string definition = "create temp table " + std::string(kTempTable) + " (fid integer primary key";
  std::string placeholders = "?";
  for (const Column& column : columns) {
    definition += ", " + quote_identifier(column.name) + (column.text ? " text" : " real");
    placeholders += ", ?";
  }
  db.execute(definition + ")");
  AreaUpdateResult result;
  result.layer = info.layer;
  {
    SqliteTransaction temp(db, "begin");
    const Statement insert =
        db.prepare("insert or replace into temp." + std::string(kTempTable) + " values (" + placeholders + ")");
    const AddRow add = [&](long long fid, const RowPlace*, const MeasuredFeature& feature) {
      sqlite3_stmt* s = insert.get();
      sqlite3_bind_int64(s, 1, fid);
      const std::optional<double>& m2 = feature.area_m2;
      const std::optional<double> values[] = {m2, m2 ? std::optional<double>(m2_to_mu(*m2)) : std::nullopt,
                                              m2 ? std::optional<double>(m2_to_ha(*m2)) : std::nullopt,
                                              feature.gk_area_m2};
      for (int i = 0; i < (options.gauss_kruger ? 4 : 3); ++i) {
        if (values[i]) {
          sqlite3_bind_double(s, i + 2, *values[i]);
        } else {
          sqlite3_bind_null(s, i + 2);
        }
      }
      if (options.gauss_kruger) {
        if (feature.gk_area_m2) {
          sqlite3_bind_text(s, 6, feature.gk_crs.c_str(), -1, SQLITE_TRANSIENT);
        } else {
          sqlite3_bind_null(s, 6);
        }
      }
      if (sqlite3_step(s) != SQLITE_DONE) db.fail("SQLite");
      sqlite3_reset(s);
    };
    measure_rows(input, options, add, result);
    temp.commit();
  }

  // GDAL's dataset is closed: one transaction on the file. Only non-geometry columns change, so
  // the R-tree's triggers (AFTER UPDATE OF the geometry column) do not fire.
  SqliteTransaction transaction(db, "begin immediate");
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!missing[i]) continue;
    db.execute("alter table " + table + " add column " + quote_identifier(columns[i].name) +
               (columns[i].text ? " TEXT" : " REAL"));
  }
  // Both tables by aliases, whatever the layer is called.
  std::string update = "update " + table + " as target set ";
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string name = quote_identifier(columns[i].name);
    update += std::string(i ? ", " : "") + name + " = areas." + name;
  }
  update += " from temp." + std::string(kTempTable) + " as areas where target." +
            quote_identifier(info.fid_column) + " = areas.fid and (";
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string name = quote_identifier(columns[i].name);
    update += std::string(i ? " or " : "") + "target." + name + " is not areas." + name;  // a refresh: changed only
  }
  db.execute(update + ")");
  result.changed = sqlite3_changes(db.get());
  {
    const Statement changed = db.prepare(
        "update gpkg_contents set last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "where lower(table_name) = lower(?)");
    sqlite3_bind_text(changed.get(), 1, info.layer.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(changed.get()) != SQLITE_DONE) db.fail("SQLite");
  }
  transaction.commit();
  return result;
}

}  // namespace

AreaUpdateResult update_layer_areas(const std::string& input, const LayerAreaOptions& options) {
  if (!options.output.empty()) throw std::invalid_argument("update_layer_areas writes no copy: no output");
  ensure_drivers_registered();
  const TableInfo info = inspect(input, options);
  if (info.driver == "PostgreSQL") return update_postgres(input, options, info);
  return update_geopackage(input, options, info);
}

}  // namespace parklayers
