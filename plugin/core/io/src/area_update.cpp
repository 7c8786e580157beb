#include "parklayers/io/area_update.h"

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
#include <vector>

#include <libpq-fe.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/baopan_driver.h"
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

void append_big_endian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

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

// The transaction of the update on our own libpq connection: rolled back (a COPY in progress
// ended first) unless committed.
class PgTransaction {
 public:
  explicit PgTransaction(const PgConnection& connection) : connection_(connection) { connection_.execute("begin"); }
  ~PgTransaction() {
    if (committed_) return;
    pg_conn* c = connection_.get();
    if (in_copy_) {
      PQputCopyEnd(c, "parklayers: the update was abandoned");
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
  [[noreturn]] void fail() const {
    std::string message = PQerrorMessage(connection_.get());
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw OutputError(connection_.description(), message);
  }

  const PgConnection& connection_;
  std::string buffer_;
  bool in_copy_ = false;
  bool committed_ = false;
};

// Measures the layer as `area` does and hands every row to add(fid, feature): the measured ones,
// and those skipped with --skip-invalid as NULL (not a value left from an earlier update).
void measure_rows(const std::string& input, const LayerAreaOptions& options,
                  const std::function<void(long long, const MeasuredFeature&)>& add, AreaUpdateResult& result) {
  LayerAreaOptions measuring = options;
  measuring.on_skipped = [&](const Problem& skipped) {
    add(skipped.where.fid, MeasuredFeature{});
    ++result.nulls;
    if (options.on_skipped) options.on_skipped(skipped);
  };
  measure_layer_features(input, measuring, [&](const MeasuredFeature& feature) {
    add(feature.fid, feature);
    ++(feature.area_m2 ? result.measured : result.nulls);
  });
}

AreaUpdateResult update_postgres(const std::string& input, const LayerAreaOptions& options, const TableInfo& info) {
  const std::string shown = source_display_name(input);
  const std::vector<Column> columns = area_columns(options.gauss_kruger);
  const PgConnection connection(input);
  // The server's notices (ANALYZE's, say) are not for the user's terminal.
  PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
  PgTransaction transaction(connection);
  const auto [table, oid] = pg_table(connection, input, info.layer);

  // Columns of another type are refused before anything is read.
  const auto existing = connection.query(
      "select attname, format_type(atttypid, atttypmod) from pg_attribute "
      "where attrelid = $1::oid and attnum > 0 and not attisdropped",
      {oid});
  std::vector<bool> missing(columns.size(), true);
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& column = columns[i];
    for (const auto& row : existing) {
      if (row[0] != column.name) continue;
      missing[i] = false;
      const bool fits = column.text ? row[1] == "text" || row[1].rfind("character varying", 0) == 0
                                    : row[1] == "double precision";
      if (!fits) throw column_type_error(shown, info.layer, column, row[1]);
    }
  }

  std::string definition = "create temp table " + std::string(kTempTable) + " (fid bigint";
  std::string names = "fid";
  for (const Column& column : columns) {
    definition += ", " + quote_identifier(column.name) + (column.text ? " text" : " double precision");
    names += ", " + quote_identifier(column.name);
  }
  connection.execute(definition + ") on commit drop");

  // The rows stream into the temporary table while GDAL reads the layer on its own connection
  // (which only reads: no lock here stands in its way).
  AreaUpdateResult result;
  result.layer = info.layer;
  transaction.begin_copy("copy " + std::string(kTempTable) + " (" + names + ") from stdin (format binary)");
  std::string row(kBinaryCopyHeader, sizeof kBinaryCopyHeader - 1);
  const auto add = [&](long long fid, const MeasuredFeature& feature) {
    append_binary_row(row, fid, feature, options.gauss_kruger);
    transaction.add_row(row);
    row.clear();
  };
  measure_rows(input, options, add, result);
  if (!row.empty()) transaction.add_row(row);  // the header of an empty layer
  row.clear();
  append_big_endian(row, 0xffff, 2);  // the trailer: -1
  transaction.add_row(row);
  transaction.end_copy();

  // GDAL's connection is closed: the table may now be locked to add the columns.
  connection.execute("analyze " + std::string(kTempTable));
  std::string alter;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!missing[i]) continue;
    alter += std::string(alter.empty() ? "alter table " + table : ",") + " add column " +
             quote_identifier(columns[i].name) + (columns[i].text ? " text" : " double precision");
  }
  if (!alter.empty()) connection.execute(alter);
  std::string update = "update " + table + " as t set ";
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string name = quote_identifier(columns[i].name);
    update += std::string(i ? ", " : "") + name + " = a." + name;
  }
  // Rows whose values are already those (a refresh) are not written again: an UPDATE writes a
  // new version of every row it touches, with its index entries.
  std::string ours, theirs;
  for (size_t i = 0; i < columns.size(); ++i) {
    ours += std::string(i ? ", " : "") + "t." + quote_identifier(columns[i].name);
    theirs += std::string(i ? ", " : "") + "a." + quote_identifier(columns[i].name);
  }
  update += " from " + std::string(kTempTable) + " as a where t." + quote_identifier(info.fid_column) +
            " = a.fid and (" + ours + ") is distinct from (" + theirs + ")";
  {
    const PgResult updated(PQexec(connection.get(), update.c_str()));
    if (PQresultStatus(updated.get()) != PGRES_COMMAND_OK) {
      std::string message = PQerrorMessage(connection.get());
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      throw OutputError(connection.description(), message);
    }
    result.changed = std::atoll(PQcmdTuples(updated.get()));
  }
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
    const auto add = [&](long long fid, const MeasuredFeature& feature) {
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
