// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/postgres_output.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/io/postgres.h"

namespace parklayers {
namespace {

// QGIS 3.22's definitions (QgsPostgresProviderMetadata::saveStyle and
// QgsPostgresUtils::createProjectsTable), so that QGIS reads our rows and adds its own.
constexpr const char* kLayerStylesTable =
    "CREATE TABLE IF NOT EXISTS public.layer_styles(id SERIAL PRIMARY KEY,f_table_catalog varchar,"
    "f_table_schema varchar,f_table_name varchar,f_geometry_column varchar,styleName text,styleQML xml,"
    "styleSLD xml,useAsDefault boolean,description text,owner varchar(63) DEFAULT CURRENT_USER,ui xml,"
    "update_time timestamp DEFAULT CURRENT_TIMESTAMP,type varchar)";
// PostgreSQL's NAMEDATALEN - 1.
constexpr size_t kMaxIdentifierBytes = 63;
constexpr const char* kProjectsTable = "(name TEXT PRIMARY KEY, metadata JSONB, content BYTEA)";

std::string gdal_message() {
  const char* message = CPLGetLastErrorMsg();
  return message && *message ? std::string(": ") + message : std::string();
}

}  // namespace

std::string quote_literal(const std::string& literal) {
  const bool backslash = literal.find('\\') != std::string::npos;
  std::string quoted = backslash ? " E'" : "'";
  for (const char c : literal) {
    if (c == '\'' || c == '\\') quoted += c;
    quoted += c;
  }
  return quoted + "'";
}

void check_postgres_output(const std::string& database, const std::vector<std::string>& schemas, bool overwrite) {
  const PgConnection connection(database);
  if (connection.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").empty()) {
    throw OutputError(connection.description(), "has no PostGIS: run CREATE EXTENSION postgis in it first");
  }
  ProblemList problems;
  for (const std::string& schema : schemas) {
    if (schema.empty()) {
      problems.add(Location{connection.description(), "", -1, "", ""}, "an empty schema name");
      continue;
    }
    // PostgreSQL would cut a longer name, and then replace or refuse another schema than named.
    if (schema.size() > kMaxIdentifierBytes) {
      problems.add(Location{connection.description(), "", -1, "", ""},
                   "the schema name " + quote_identifier(schema) + " is longer than PostgreSQL's " +
                       std::to_string(kMaxIdentifierBytes) + " bytes");
      continue;
    }
    if (!overwrite && !connection.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}).empty()) {
      problems.add(Location{connection.description(), "", -1, "", ""},
                   "the schema " + quote_identifier(schema) + " exists; add --overwrite to replace it");
    }
  }
  problems.throw_if_any();
}

PostgresOutput::PostgresOutput(const std::string& database, const std::vector<std::string>& schemas, bool overwrite)
    : description_(describe_database(database)) {
  check_postgres_output(database, schemas, overwrite);
  // COPY rather than one INSERT per row: GDAL's default for new tables, said out loud.
  if (!CPLGetConfigOption("PG_USE_COPY", nullptr)) CPLSetConfigOption("PG_USE_COPY", "YES");
  dataset_ = std::make_unique<OutputDataset>("PostgreSQL", database, description_);
  catalog_ = current_database();
  for (const std::string& schema : schemas) {
    // Inside the transaction: the old schema stays for everyone else until the commit. Without
    // overwrite, CREATE SCHEMA fails on one made since the check.
    if (overwrite) execute("DROP SCHEMA IF EXISTS " + quote_identifier(schema) + " CASCADE");
    execute("CREATE SCHEMA " + quote_identifier(schema));
  }
}

PostgresOutput::~PostgresOutput() = default;

void PostgresOutput::execute(const std::string& sql) {
  CPLErrorReset();
  OGRLayer* result = dataset_->dataset().ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) dataset_->dataset().ReleaseResultSet(result);
  if (CPLGetLastErrorType() == CE_Failure) throw OutputError(description_, "failed" + gdal_message());
}

std::string PostgresOutput::current_database() {
  CPLErrorReset();
  OGRLayer* result = dataset_->dataset().ExecuteSQL("SELECT current_database()", nullptr, nullptr);
  std::string name;
  if (result) {
    const OGRFeatureUniquePtr row(result->GetNextFeature());
    if (row) name = row->GetFieldAsString(0);
    dataset_->dataset().ReleaseResultSet(result);
  }
  if (name.empty()) throw OutputError(description_, "cannot read the database's name" + gdal_message());
  return name;
}

void PostgresOutput::comment_schema(const std::string& schema, const std::string& comment) {
  execute("COMMENT ON SCHEMA " + quote_identifier(schema) + " IS " + quote_literal(comment));
}

void PostgresOutput::write_styles(const std::string& schema, const std::vector<LayerStyleRow>& rows) {
  if (rows.empty()) {
    // No style to write: QGIS's table is not made for nothing, but older rows still go.
    QuietGdalErrors quiet;
    if (!dataset_->dataset().GetLayerByName("public.layer_styles")) return;
  }
  execute(kLayerStylesTable);
  // QGIS writes the QML as an XML document (XMLPARSE(DOCUMENT ...)); ours starts with a DOCTYPE,
  // which the default XML option (content) refuses. For this transaction only.
  execute("SET LOCAL xmloption TO DOCUMENT");
  GDALDataset& db = dataset_->dataset();
  OGRLayer* table = db.GetLayerByName("public.layer_styles");
  if (!table) throw OutputError(description_, "cannot open public.layer_styles" + gdal_message());
  const OGRFeatureDefn& defn = *table->GetLayerDefn();
  for (const char* column : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "stylename",
                             "styleqml", "useasdefault", "description"}) {
    if (defn.GetFieldIndex(column) < 0) {
      throw OutputError(description_, std::string("public.layer_styles is not QGIS's table: it has no column ") + column);
    }
  }
  // The schema's older rows (it was just created, so they describe tables that are gone). Compared
  // here rather than in a WHERE clause: the names are never pasted into SQL.
  std::vector<GIntBig> old_rows;
  table->ResetReading();
  for (auto&& row : *table) {
    if (schema == row->GetFieldAsString("f_table_schema") && catalog_ == row->GetFieldAsString("f_table_catalog")) {
      old_rows.push_back(row->GetFID());
    }
  }
  for (const GIntBig fid : old_rows) {
    CPLErrorReset();
    if (table->DeleteFeature(fid) != OGRERR_NONE) {
      throw OutputError(description_, "removing an older style of schema " + quote_identifier(schema) + " failed" +
                                          gdal_message());
    }
  }
  for (const LayerStyleRow& row : rows) {
    OGRFeature feature(table->GetLayerDefn());
    feature.SetField("f_table_catalog", catalog_.c_str());
    feature.SetField("f_table_schema", schema.c_str());
    feature.SetField("f_table_name", row.table.c_str());
    feature.SetField("f_geometry_column", row.geometry_column.c_str());
    feature.SetField("stylename", row.table.c_str());
    feature.SetField("styleqml", row.qml.c_str());
    feature.SetField("useasdefault", 1);
    feature.SetField("description", "Park Layers default style");
    CPLErrorReset();
    if (table->CreateFeature(&feature) != OGRERR_NONE) {
      throw OutputError(description_, "writing the style of " + quote_table(schema, row.table) + " failed" +
                                          gdal_message());
    }
  }
  // COPY still open on the table is ended by the next statement or the commit.
}

void PostgresOutput::store_project(const StoredProject& project) {
  // The schema was created in this transaction: its qgis_projects table is new, so there is no
  // older project to replace.
  const std::string table = quote_table(project.schema, "qgis_projects");
  execute("CREATE TABLE IF NOT EXISTS " + table + kProjectsTable);
  OGRLayer* layer = dataset_->dataset().GetLayerByName((project.schema + ".qgis_projects").c_str());
  if (!layer) throw OutputError(description_, "cannot open " + table + gdal_message());
  OGRFeature feature(layer->GetLayerDefn());
  const int content = feature.GetFieldIndex("content");
  if (content < 0 || feature.GetFieldDefnRef(content)->GetType() != OFTBinary) {
    throw OutputError(description_, table + " is not QGIS's table");
  }
  feature.SetField("name", project.name.c_str());
  feature.SetField(content, static_cast<int>(project.qgz.size()),
                   reinterpret_cast<const GByte*>(project.qgz.data()));
  CPLErrorReset();
  if (layer->CreateFeature(&feature) != OGRERR_NONE) {
    throw OutputError(description_, "storing the QGIS project in " + table + " failed" + gdal_message());
  }
  // What QGIS writes as the project's metadata, made by the server (no value pasted).
  execute("UPDATE " + table +
          " SET metadata = jsonb_build_object('last_modified_time', (now() AT TIME ZONE 'utc')::text, "
          "'last_modified_user', current_user::text)");
}

void PostgresOutput::commit() {
  // A statement before COMMIT ends GDAL's open COPY and reports its failure: a COMMIT of a
  // transaction that failed is answered with a rollback, not an error.
  execute("SELECT 1");
  dataset_->close();
}

}  // namespace parklayers
