// SPDX-License-Identifier: GPL-2.0-or-later
#include "database_source.h"

#include <memory>

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <qgsabstractproviderconnection.h>
#include <qgsdatasourceuri.h>
#include <qgsmaplayer.h>
#include <qgsprovidermetadata.h>
#include <qgsproviderregistry.h>
#include <qgsvectorlayer.h>

#include "parklayers/io/postgres.h"

namespace parklayers::qgis {
namespace {

const QString kPostgres = QStringLiteral("postgres");

// The value of GDAL's key (schemas=, tables=) in a PG: name; empty when absent.
QString gdal_key(const QString& name, const QString& key) {
  const QRegularExpression word(QStringLiteral("(?:^|[\\s:])%1=(\\S+)").arg(key));
  const QRegularExpressionMatch match = word.match(name);
  return match.hasMatch() ? match.captured(1) : QString();
}

}  // namespace

QStringList postgres_connections() {
  QgsProviderMetadata* metadata = QgsProviderRegistry::instance()->providerMetadata(kPostgres);
  if (!metadata) return {};
  QStringList names;
  try {
    // Re-read from the settings: a connection saved since the last call is listed too.
    names = metadata->connections(false).keys();
  } catch (const QgsProviderConnectionException&) {
    return {};
  }
  names.sort(Qt::CaseInsensitive);
  return names;
}

QString uri_database(const QgsDataSourceUri& uri) {
  // connectionInfo(true) is libpq's key='value' form QGIS itself connects with: the
  // authentication configuration (authcfg) is replaced by the user and password it holds.
  return QStringLiteral("PG:") + uri.connectionInfo(true);
}

QString connection_database(const QString& connection, QString* error) {
  QgsProviderMetadata* metadata = QgsProviderRegistry::instance()->providerMetadata(kPostgres);
  std::unique_ptr<QgsAbstractProviderConnection> saved;
  try {
    if (metadata) saved.reset(metadata->createConnection(connection));
  } catch (const QgsProviderConnectionException&) {
    saved.reset();
  }
  if (!saved || !postgres_connections().contains(connection)) {
    if (error) {
      *error = QCoreApplication::translate("parklayers::qgis::DatabaseSource",
                                           "QGIS has no PostgreSQL connection named %1")
                   .arg(connection);
    }
    return {};
  }
  return uri_database(QgsDataSourceUri(saved->uri()));
}

QString park_in_schema(const QString& database, const QString& schema) {
  return database + QStringLiteral(" schemas=") + schema;
}

std::optional<LayerSource> layer_source(const QgsMapLayer& layer) {
  const auto* vector = qobject_cast<const QgsVectorLayer*>(&layer);
  const QString provider = layer.providerType();
  LayerSource source;
  if (vector) source.where = vector->subsetString();
  if (provider == kPostgres) {
    const QgsDataSourceUri uri(layer.source());
    // A layer made of a query has no table to read.
    if (uri.table().isEmpty() || uri.table().startsWith(QLatin1Char('('))) return std::nullopt;
    const QString schema = uri.schema().isEmpty() ? QStringLiteral("public") : uri.schema();
    source.layer = schema + QLatin1Char('.') + uri.table();
    // GDAL then reads that table only, rather than listing the whole database, and of a table
    // with several geometry columns the one the layer shows (GDAL keeps the layer's name).
    const QString column = uri.geometryColumn();
    const QString geometry = column.isEmpty() ? QString() : QStringLiteral("(%1)").arg(column);
    source.dataset = uri_database(uri) + QStringLiteral(" tables=") + source.layer + geometry;
    source.name = uri.table();
    return source;
  }
  if (provider == QLatin1String("ogr")) {
    const QVariantMap parts = QgsProviderRegistry::instance()->decodeUri(provider, layer.source());
    source.dataset = parts.value(QStringLiteral("path")).toString();
    source.layer = parts.value(QStringLiteral("layerName")).toString();
    if (source.dataset.isEmpty()) return std::nullopt;
    source.name = source.layer.isEmpty() ? QFileInfo(source.dataset).completeBaseName() : source.layer;
    return source;
  }
  return std::nullopt;
}

QString shown_source(const QString& source) {
  if (!is_postgres_name(source.toStdString())) return source;
  const QString database = QString::fromStdString(describe_database(source.toStdString()));
  const QString schema = gdal_key(source, QStringLiteral("schemas"));
  if (!schema.isEmpty()) {
    return QCoreApplication::translate("parklayers::qgis::DatabaseSource", "schema %1 in %2").arg(schema, database);
  }
  const QString table = gdal_key(source, QStringLiteral("tables"));
  if (!table.isEmpty()) {
    return QCoreApplication::translate("parklayers::qgis::DatabaseSource", "table %1 in %2").arg(table, database);
  }
  return database;
}

QString without_password(const QString& message, const QString& source) {
  if (!is_postgres_name(source.toStdString())) return message;
  const QString password = QgsDataSourceUri(QString::fromStdString(pg_conninfo(source.toStdString()))).password();
  // A password of a letter or two would garble the message more than it hides.
  if (password.size() < 3) return message;
  QString safe = message;
  return safe.replace(password, QStringLiteral("********"));
}

}  // namespace parklayers::qgis
