// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/postgres.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <libpq-fe.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"

namespace parklayers {
namespace {

constexpr const char* kPrefix = "PG:";

// GDAL's keys in a PG: name that are not libpq's (GDAL's PostgreSQL driver documentation).
bool is_gdal_key(const std::string& key) {
  return key == "schemas" || key == "active_schema" || key == "tables";
}

struct OptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using Options = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

// The name's connection options as libpq parses them (URIs included); null when libpq cannot
// (message in `error`).
Options parse(const std::string& conninfo, std::string& error) {
  char* message = nullptr;
  Options options(PQconninfoParse(conninfo.c_str(), &message));
  if (message != nullptr) {
    error = message;
    PQfreemem(message);
  }
  return options;
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string value_or_env(const Options& options, const char* key, const char* env) {
  if (options) {
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
      if (std::strcmp(o->keyword, key) == 0 && o->val != nullptr && *o->val != '\0') return o->val;
    }
  }
  const char* value = std::getenv(env);
  return value != nullptr ? value : "";
}

std::string describe(const std::string& db, const std::string& host, const std::string& port,
                     const std::string& service) {
  std::string text = "database " + (db.empty() ? std::string("(the default)") : db);
  if (!host.empty()) {
    text += " on " + host + (port.empty() ? "" : ":" + port);
  } else if (!service.empty()) {
    text += " through service " + service;
  }
  return text;
}

}  // namespace

bool is_postgres_name(const std::string& name) {
  return name.size() >= 3 && (name[0] == 'P' || name[0] == 'p') && (name[1] == 'G' || name[1] == 'g') &&
         name[2] == ':';
}

namespace {

// A PG: name split into libpq's connection string and GDAL's own key=value words, which libpq
// would refuse. A URI has no GDAL words.
struct SplitName {
  std::string libpq;
  std::string gdal;
};

SplitName split_name(const std::string& name) {
  const std::string rest = is_postgres_name(name) ? name.substr(std::strlen(kPrefix)) : name;
  SplitName split;
  if (rest.rfind("postgres", 0) == 0 && rest.find("://") != std::string::npos) {
    split.libpq = rest;
    return split;
  }
  size_t pos = 0;
  while (pos < rest.size()) {
    while (pos < rest.size() && rest[pos] == ' ') ++pos;
    size_t end = pos;
    bool quoted = false;
    while (end < rest.size() && (quoted || rest[end] != ' ')) {
      if (rest[end] == '\\' && end + 1 < rest.size()) {
        end += 2;
        continue;
      }
      if (rest[end] == '\'') quoted = !quoted;
      ++end;
    }
    std::string word = rest.substr(pos, end - pos);
    const size_t eq = word.find('=');
    std::string& part = eq != std::string::npos && is_gdal_key(word.substr(0, eq)) ? split.gdal : split.libpq;
    if (!word.empty()) part += (part.empty() ? "" : " ") + word;
    pos = end;
  }
  return split;
}

// The options libpq parsed, written back as key='value' words, leaving out `skip`.
std::string join(const Options& options, const char* skip) {
  std::string out;
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr || (skip != nullptr && std::strcmp(o->keyword, skip) == 0)) continue;
    if (!out.empty()) out += ' ';
    out += std::string(o->keyword) + "=" + quote_value(o->val);
  }
  return out;
}

}  // namespace

std::string quote_value(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

std::string pg_conninfo(const std::string& name) { return split_name(name).libpq; }

std::string pg_name_value(const std::string& name, const std::string& key) {
  const SplitName split = split_name(name);
  if (is_gdal_key(key)) {
    // GDAL's words are key=value without quotes.
    size_t pos = 0;
    while (pos < split.gdal.size()) {
      const size_t end = std::min(split.gdal.find(' ', pos), split.gdal.size());
      const std::string word = split.gdal.substr(pos, end - pos);
      if (word.rfind(key + "=", 0) == 0) return word.substr(key.size() + 1);
      pos = end + 1;
    }
    return "";
  }
  std::string error;
  const Options options = parse(split.libpq, error);
  if (!options) return "";
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (key == o->keyword && o->val != nullptr) return o->val;
  }
  return "";
}

std::string pg_name_without_password(const std::string& name) {
  const SplitName split = split_name(name);
  std::string error;
  const Options options = parse(split.libpq, error);
  if (!options) return std::string(kPrefix) + "(a connection string libpq cannot read)";
  std::string out = join(options, "password");
  if (!split.gdal.empty()) out += (out.empty() ? "" : " ") + split.gdal;
  return kPrefix + out;
}

std::string describe_database(const std::string& name) {
  std::string error;
  const Options options = parse(pg_conninfo(name), error);
  return describe(value_or_env(options, "dbname", "PGDATABASE"), value_or_env(options, "host", "PGHOST"),
                  value_or_env(options, "port", "PGPORT"), value_or_env(options, "service", "PGSERVICE"));
}

void PgConnection::Close::operator()(pg_conn* connection) const { PQfinish(connection); }
void PgResultDeleter::operator()(pg_result* result) const { PQclear(result); }

PgConnection::PgConnection(const std::string& name) : description_(describe_database(name)) {
  connection_.reset(PQconnectdb(pg_conninfo(name).c_str()));
  if (!connection_) throw OutputError(description_, "cannot connect: out of memory");
  // After a connection attempt libpq knows the values it used (service file and environment
  // included): the message names those.
  const char* db = PQdb(connection_.get());
  const char* host = PQhost(connection_.get());
  const char* port = PQport(connection_.get());
  if (db != nullptr && *db != '\0') {
    description_ = describe(db, host != nullptr ? host : "", port != nullptr ? port : "", "");
  }
  if (PQstatus(connection_.get()) != CONNECTION_OK) {
    // libpq's message names the server and user, never the password.
    throw OutputError(description_, "cannot connect: " + trim(PQerrorMessage(connection_.get())));
  }
  PQsetClientEncoding(connection_.get(), "UTF8");
}

PgConnection::~PgConnection() = default;

void PgConnection::execute(const std::string& sql) const {
  const PgResult result(PQexec(connection_.get(), sql.c_str()));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw OutputError(description_, trim(PQerrorMessage(connection_.get())));
  }
}

std::vector<std::vector<std::string>> PgConnection::query(const std::string& sql,
                                                          const std::vector<std::string>& params) const {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  const PgResult result(PQexecParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, 0));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw OutputError(description_, trim(PQerrorMessage(connection_.get())));
  }
  std::vector<std::vector<std::string>> rows(static_cast<size_t>(PQntuples(result.get())));
  const int columns = PQnfields(result.get());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (int c = 0; c < columns; ++c) rows[r].emplace_back(PQgetvalue(result.get(), static_cast<int>(r), c));
  }
  return rows;
}

PgTable pg_table(const PgConnection& connection, const std::string& input, const std::string& layer) {
  std::string schema = pg_name_value(input, "active_schema");
  if (schema.empty()) {
    schema = pg_name_value(input, "schemas");
    schema = schema.substr(0, schema.find(','));
  }
  std::vector<std::string> candidates;
  if (!schema.empty()) candidates.push_back(quote_table(schema, layer));
  if (const size_t dot = layer.find('.'); dot != std::string::npos) {
    candidates.push_back(quote_table(layer.substr(0, dot), layer.substr(dot + 1)));
  }
  candidates.push_back(quote_identifier(layer));
  for (const std::string& candidate : candidates) {
    const auto rows = connection.query(
        "select c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind, c.relhassubclass "
        "from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass($1)",
        {candidate});
    if (!rows.empty()) {
      return PgTable{rows[0][1], rows[0][0], rows[0][2].empty() ? 'r' : rows[0][2][0], rows[0][3] != "f"};
    }
  }
  throw InputError(Location{pg_name_without_password(input), layer, -1, "", ""},
                   "GDAL reads it, but it is no table of the " + connection.description());
}

std::string quote_identifier(const std::string& identifier) {
  std::string quoted = "\"";
  for (char c : identifier) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string quote_table(const std::string& schema, const std::string& table) {
  return schema.empty() ? quote_identifier(table) : quote_identifier(schema) + "." + quote_identifier(table);
}

}  // namespace parklayers
