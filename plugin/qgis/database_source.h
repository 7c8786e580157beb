// SPDX-License-Identifier: GPL-2.0-or-later
// PostgreSQL as QGIS knows it, named as the core reads it: a connection saved in QGIS (Browser ›
// PostgreSQL, its name only in settings and Processing's history) or a layer of QGIS's postgres
// provider, turned into GDAL's "PG:" + libpq connection string, its authentication configuration
// expanded through QGIS's auth manager. Such a name may hold a password: anything shown goes
// through shown_source() (the core's describe_database).
#pragma once

#include <optional>

#include <QString>
#include <QStringList>

class QgsDataSourceUri;
class QgsMapLayer;

namespace parklayers::qgis {

// The names of the PostgreSQL connections saved in QGIS, sorted.
QStringList postgres_connections();

// GDAL's name of the database a QGIS data source URI connects to ("PG:dbname='parks'
// host=... user=... password=..."; service= as QGIS keeps it), authcfg expanded.
QString uri_database(const QgsDataSourceUri& uri);

// GDAL's name of the database the saved connection `connection` connects to; empty, with
// *error set, when QGIS has no such connection.
QString connection_database(const QString& connection, QString* error = nullptr);

// The park kept in `schema` of `database`: the name with GDAL's schemas= key, as the core reads
// a park built into a schema.
QString park_in_schema(const QString& database, const QString& schema);

// A layer of the project as the core reads it: the dataset and the layer (--layer).
struct LayerSource {
  QString dataset;  // a file, or a "PG:..." name restricted to the layer's table (tables=)
  QString layer;    // the layer's name in it; "schema.table" for a PostgreSQL table
  QString name;     // what outputs made from it are called after: the file's or the table's name
  QString where;    // the layer's filter (its subset string), as --where takes it; empty: every feature
};

// The source of a layer of QGIS's ogr provider (a file and its layer) or postgres provider (a
// table); nullopt for other providers (a memory layer, a web service).
std::optional<LayerSource> layer_source(const QgsMapLayer& layer);

// What a message may say of a source: a database's description ("database parks on
// db.example:5432"), with the schema of a park kept in one; a path as it is.
QString shown_source(const QString& source);

// `message` with the source's password, if the message repeats it, replaced by asterisks: a
// last guard for messages from GDAL or libpq that quote a connection string.
QString without_password(const QString& message, const QString& source);

}  // namespace parklayers::qgis
