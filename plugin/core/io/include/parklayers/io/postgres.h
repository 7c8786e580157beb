// SPDX-License-Identifier: GPL-2.0-or-later
// PostgreSQL/PostGIS names and connections: what every command needs to read from or write to
// a database without ever showing its password.
//
// A database is named as GDAL names it, "PG:" followed by a libpq connection string
// ("PG:host=db.example port=5432 dbname=parks user=gis", "PG:service=parks", or
// "PG:postgresql://gis@db.example/parks"); what it leaves out comes from libpq's environment
// (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGSERVICE, ~/.pg_service.conf, ~/.pgpass), as for GDAL,
// psql and QGIS.
#pragma once

#include <memory>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace parklayers {

// Whether GDAL's name `name` is a PostgreSQL database ("PG:...", any case).
bool is_postgres_name(const std::string& name);

// The libpq connection string of a "PG:..." name (the part after "PG:"). GDAL's own keys in it
// (schemas=, active_schema=, tables=) are left out: libpq does not know them.
std::string pg_conninfo(const std::string& name);

// `value` quoted for a libpq key=value connection string ('a b' -> 'a b', quotes and backslashes
// escaped).
std::string quote_value(const std::string& value);

// The value of `key` in the name: one of libpq's keys (dbname, host, password...) or GDAL's
// (schemas, active_schema, tables), as written in it (not from libpq's environment); "" if absent.
std::string pg_name_value(const std::string& name, const std::string& key);

// The name with any password taken out: what may be shown, logged or stored (in a QGIS project).
std::string pg_name_without_password(const std::string& name);

// "database parks on db.example:5432" (or "... through service parks"), from the name and libpq's
// environment: the words every message about a database uses, never its password or user.
std::string describe_database(const std::string& name);

// A libpq connection, closed on destruction.
class PgConnection {
 public:
  // Connects to the database GDAL's `name` names. Throws OutputError (exit 3) naming the host
  // and database only, with libpq's reason (a wrong password, a server that does not answer).
  explicit PgConnection(const std::string& name);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  pg_conn* get() const { return connection_.get(); }
  // What messages call it: describe_database(name).
  const std::string& description() const { return description_; }

  // Runs SQL without parameters (a statement made of quoted identifiers only); throws
  // OutputError with the server's message.
  void execute(const std::string& sql) const;
  // Runs SQL with $1, $2, ... bound to `params` as text (never pasted into the SQL); returns the
  // rows, each a vector of texts (NULL as ""). Throws OutputError with the server's message.
  std::vector<std::vector<std::string>> query(const std::string& sql,
                                              const std::vector<std::string>& params = {}) const;

 private:
  struct Close {
    void operator()(pg_conn* connection) const;
  };
  std::unique_ptr<pg_conn, Close> connection_;
  std::string description_;
};

// The table GDAL's layer name stands for: schema.table when the name has a schema (schema.table,
// or the schema the PG: name's active_schema= or schemas= picks), else the table the
// connection's search_path finds. Throws InputError naming the input (its password left out)
// and layer when the connection finds no such table.
struct PgTable {
  std::string quoted;      // "schema"."table", always with its schema: never a temporary table of the same name
  std::string oid;
  char kind = 'r';         // pg_class.relkind: 'r' a plain table, 'p' a partitioned one, ...
  bool inherited = false;  // other tables inherit from it (or did): its rows include theirs
};
PgTable pg_table(const PgConnection& connection, const std::string& input, const std::string& layer);

// A result of libpq, cleared on destruction.
struct PgResultDeleter {
  void operator()(pg_result* result) const;
};
using PgResult = std::unique_ptr<pg_result, PgResultDeleter>;

// `identifier` quoted for SQL ("a""b"): names from data or options are never pasted as they are.
std::string quote_identifier(const std::string& identifier);
// schema.table from a --layer (`table` or `schema.table`), each part quoted.
std::string quote_table(const std::string& schema, const std::string& table);

}  // namespace parklayers
