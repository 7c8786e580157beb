// SPDX-License-Identifier: GPL-2.0-or-later
// A PostgreSQL database as an output (convert -f PostgreSQL, build -o PG:): each input into a
// schema, everything in one transaction on GDAL's connection, so that the database shows the
// whole result or nothing of it (a failure, an exception or a killed process rolls back; an
// existing schema stays as it was). Besides the tables (output.h), what QGIS reads from a
// database goes into the same transaction: default styles in public.layer_styles and a project
// in the schema's qgis_projects table, both with QGIS 3.22's own table definitions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parklayers/io/layer_styles.h"
#include "parklayers/io/output.h"

namespace parklayers {

// Before anything is written: connects (OutputError, exit 3, naming host and database only,
// for a wrong password or a server that does not answer) and refuses an existing schema
// without overwrite (InputError, exit 2, naming it). Schemas are compared as PostgreSQL
// names them (exactly, quoted).
void check_postgres_output(const std::string& database, const std::vector<std::string>& schemas, bool overwrite);

// A QGIS project (a .qgz file's bytes) to store in SCHEMA.qgis_projects under `name`.
struct StoredProject {
  std::string schema;
  std::string name;
  std::string qgz;
};

// The transaction. The constructor connects, starts it, and (re)creates the schemas: with
// overwrite an existing one is dropped with everything in it first, without it an existing one
// is an InputError (checked again inside the transaction, against a schema made meanwhile).
class PostgresOutput {
 public:
  PostgresOutput(const std::string& database, const std::vector<std::string>& schemas, bool overwrite);
  ~PostgresOutput();
  PostgresOutput(const PostgresOutput&) = delete;
  PostgresOutput& operator=(const PostgresOutput&) = delete;

  // Where the layers are written (OutputLayer with OutputLayerOptions::schema).
  OutputDataset& dataset() { return *dataset_; }
  // What messages call the database (describe_database).
  const std::string& description() const { return description_; }

  // The schema's comment (the source's metadata: tool version, source).
  void comment_schema(const std::string& schema, const std::string& comment);
  // Default styles of the schema's tables in public.layer_styles (created when missing), each
  // row useasdefault for its table; the rows the table had for this schema are replaced.
  void write_styles(const std::string& schema, const std::vector<LayerStyleRow>& rows);
  // The project into SCHEMA.qgis_projects (created when missing), replacing one of that name.
  void store_project(const StoredProject& project);
  // Commits. Without it, the destructor rolls everything back.
  void commit();

 private:
  void execute(const std::string& sql);
  std::string current_database();

  std::string description_;
  std::unique_ptr<OutputDataset> dataset_;
  std::string catalog_;
};

// `literal` as an SQL string constant ('it''s'; E'...' with doubled backslashes when it has
// one), as libpq's PQescapeLiteral makes it: for the statements that take no parameters
// (COMMENT ON), where a value cannot be bound.
std::string quote_literal(const std::string& literal);

}  // namespace parklayers
