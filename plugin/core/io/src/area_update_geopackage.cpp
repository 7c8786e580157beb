// SPDX-License-Identifier: GPL-2.0-or-later
// `area --update` on a GeoPackage: GDAL reads the layer while the values go into a TEMP table
// of SQLite; then one transaction adds the columns and runs one UPDATE ... FROM it, joined on
// the primary key.
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <sqlite3.h>

#include "area_update_common.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/postgres.h"

namespace parklayers::area_update {
namespace {

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

}  // namespace

AreaUpdateResult update_geopackage(const SourceName& input, const LayerAreaOptions& options, const TableInfo& info) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(input.text(), ec)) {
    throw InputError(Location{input.text(), info.layer, -1, "", ""},
                     "--update writes into a GeoPackage file on disk, and this is none");
  }
  const std::vector<Column> columns = area_columns(options.gauss_kruger, info.survey);
  const Sqlite db(input.text());
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
        if (!fits) throw column_type_error(input.text(), info.layer, columns[i], type);
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
      if (info.survey) {
        const int last = static_cast<int>(columns.size()) + 1;  // after the fid
        if (feature.survey_area_m2) {
          sqlite3_bind_double(s, last, *feature.survey_area_m2);
        } else {
          sqlite3_bind_null(s, last);
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

}  // namespace parklayers::area_update
