// SPDX-License-Identifier: GPL-2.0-or-later
// parklayers-qgis-project: stores a QGIS project in a built park's GeoPackage (QGIS's
// qgis_projects table), laid out as the plugin lays the park out (parklayers_qgis_layout): the
// group named after the park, the layers in order, the core's styles and labels, the relations,
// the project CRS and ellipsoid, the park as the default view, the report sheet as a print
// layout (report_layout.h: "园区报告", or "Park report" with --labels en). Layer paths are relative, so the
// project works wherever the file is copied (under the same file name). Anyone opens it from
// QGIS's browser (GeoPackage > the file > Project), on any system, without the plugin.
//
//   parklayers-qgis-project GPKG [--name NAME] [--labels zh|en]
//   parklayers-qgis-project GPKG --postgres CONNINFO --schema SCHEMA --qgz OUT [--name ...]
//
// The second form is `parklayers build -o PG:...`'s: the project is laid out on the park's
// GeoPackage (where the layers are valid: the tables do not exist yet, they are written in the
// transaction the project goes into), then every layer's source is pointed at the table of the
// same name in SCHEMA through QGIS's postgres provider (CONNINFO: libpq's key=value words, never
// a password: QGIS takes it from PGPASSWORD, ~/.pgpass, a service or its authentication
// database), and the project written to OUT as a .qgz, its name in OUT.name. parklayers stores
// the bytes in SCHEMA.qgis_projects.
//
// Exit status: 0 written, 1 failed, 2 usage.
#include <cstdio>
#include <memory>

#include <QCoreApplication>
#include <QDomDocument>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <gdal_priv.h>

#include <qgsapplication.h>
#include <qgsdatasourceuri.h>
#include <qgsproject.h>
#include <qgsproviderregistry.h>
#include <qgsprojectviewsettings.h>
#include <qgsziputils.h>

#include "park_layers.h"
#include "report_layout.h"

namespace {

using parklayers::LabelLanguage;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

const char* const kUsage =
    "Usage: parklayers-qgis-project GPKG [--name NAME] [--labels zh|en]\n"
    "Stores a QGIS project of the park built into GPKG (by `parklayers build`) in GPKG itself:\n"
    "the park's layers in a group, styled and labelled, with their relations. NAME (default: the\n"
    "park's name) names the group and the project; an earlier project of that name is replaced.\n"
    "Parcels are labelled in Chinese (default) or English.\n"
    "With --postgres CONNINFO --schema SCHEMA --qgz OUT, the layers are pointed at SCHEMA's tables\n"
    "in the database CONNINFO names (libpq key=value words, no password) and the project is written\n"
    "to OUT (.qgz) instead, its name in OUT.name.\n";

// Where a project for the database goes (the --postgres form).
struct PostgresTarget {
  QString conninfo;  // libpq key=value words, without a password
  QString schema;
  QString qgz;
};

// The tool's messages go to stdout (parklayers build shows the last line); stderr is QGIS's.
void print(const QString& text) { std::fputs(text.toLocal8Bit().constData(), stdout); }

// The park's name from the source recorded in the GeoPackage (PARKLAYERS_SOURCE), as the plugin
// names it; else the file's base name.
QString name_of_park(const QString& geopackage) {
  GDALAllRegister();
  const GDALDatasetUniquePtr dataset(
      GDALDataset::Open(geopackage.toLocal8Bit().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  const char* source = dataset ? dataset->GetMetadataItem("PARKLAYERS_SOURCE") : nullptr;
  if (source && *source) return parklayers::qgis::park_name(QString::fromUtf8(source));
  return QFileInfo(geopackage).completeBaseName();
}

// QGIS's URI of a project in a GeoPackage (as QgsGeoPackageProjectStorage::encodeUri makes it).
QString project_uri(const QString& geopackage, const QString& name) {
  QUrl url;
  url.setScheme(QStringLiteral("geopackage"));
  url.setPath(geopackage);
  QUrlQuery query;
  query.addQueryItem(QStringLiteral("projectName"), name);
  url.setQuery(query);
  return QString::fromUtf8(url.toEncoded());
}

// The postgres provider's source of table `table` in the target's schema, for a layer like `layer`.
QString postgres_source(const PostgresTarget& target, const QgsVectorLayer& layer, const QString& table) {
  QgsDataSourceUri uri(target.conninfo);
  uri.setPassword(QString());  // never stored in a project
  const bool spatial = layer.isSpatial();
  uri.setDataSource(target.schema, table, spatial ? QStringLiteral("geom") : QString(), QString(),
                    QStringLiteral("fid"));
  if (spatial) {
    uri.setWkbType(layer.wkbType());
    uri.setSrid(QString::number(layer.crs().postgisSrid()));
  }
  return uri.uri(false);
}

// Writes the project with every layer re-pointed at the database (see the top of the file) to
// target.qgz. Rewrites the project text, where QGIS keeps a layer's source (<maplayer>'s
// <datasource> and <provider>, the layer tree's source and providerKey): QGIS's own API would
// reload each layer from a table that does not exist yet and drop what it cannot validate.
bool write_postgres_project(QgsProject& project, const QString& name, const PostgresTarget& target, QString* error) {
  QHash<QString, QString> sources;  // layer id -> its postgres source
  for (QgsMapLayer* layer : project.mapLayers()) {
    auto* vector = qobject_cast<QgsVectorLayer*>(layer);
    if (!vector) continue;
    const QVariantMap parts = QgsProviderRegistry::instance()->decodeUri(vector->providerType(), vector->source());
    const QString table = parts.value(QStringLiteral("layerName")).toString();
    if (table.isEmpty()) {
      *error = QStringLiteral("the layer %1 names no table").arg(vector->name());
      return false;
    }
    sources.insert(vector->id(), postgres_source(target, *vector, table));
  }
  QTemporaryDir dir;
  if (!dir.isValid()) {
    *error = QStringLiteral("no temporary folder");
    return false;
  }
  const QString qgs = dir.filePath(QStringLiteral("project.qgs"));
  if (!project.write(qgs)) {
    *error = project.error();
    return false;
  }
  QFile file(qgs);
  QDomDocument document;
  if (!file.open(QIODevice::ReadOnly) || !document.setContent(&file, error)) return false;
  file.close();
  int changed = 0;
  const QDomNodeList layers = document.elementsByTagName(QStringLiteral("maplayer"));
  for (int i = 0; i < layers.size(); ++i) {
    QDomElement layer = layers.at(i).toElement();
    const QString id = layer.firstChildElement(QStringLiteral("id")).text();
    if (!sources.contains(id)) continue;
    QDomElement datasource = layer.firstChildElement(QStringLiteral("datasource"));
    QDomElement provider = layer.firstChildElement(QStringLiteral("provider"));
    if (datasource.isNull() || provider.isNull()) continue;
    while (datasource.hasChildNodes()) datasource.removeChild(datasource.firstChild());
    datasource.appendChild(document.createTextNode(sources.value(id)));
    while (provider.hasChildNodes()) provider.removeChild(provider.firstChild());
    provider.appendChild(document.createTextNode(QStringLiteral("postgres")));
    ++changed;
  }
  const QDomNodeList tree = document.elementsByTagName(QStringLiteral("layer-tree-layer"));
  for (int i = 0; i < tree.size(); ++i) {
    QDomElement node = tree.at(i).toElement();
    const QString id = node.attribute(QStringLiteral("id"));
    if (!sources.contains(id)) continue;
    node.setAttribute(QStringLiteral("source"), sources.value(id));
    node.setAttribute(QStringLiteral("providerKey"), QStringLiteral("postgres"));
  }
  // A print layout's references to layers (its map's <Layer source provider name>ID</Layer>): QGIS
  // finds them by id, the source is its fallback, which must not name the temporary GeoPackage.
  const QDomNodeList references = document.elementsByTagName(QStringLiteral("Layer"));
  for (int i = 0; i < references.size(); ++i) {
    QDomElement node = references.at(i).toElement();
    const QString id = node.text();
    if (!sources.contains(id) || !node.hasAttribute(QStringLiteral("source"))) continue;
    node.setAttribute(QStringLiteral("source"), sources.value(id));
    node.setAttribute(QStringLiteral("provider"), QStringLiteral("postgres"));
  }
  if (changed != sources.size()) {
    *error = QStringLiteral("%1 of %2 layers found in the project text").arg(changed).arg(sources.size());
    return false;
  }
  // Inside the .qgz as QGIS names it: the project's own name.
  const QString inner = dir.filePath(QStringLiteral("%1.qgs").arg(QFileInfo(target.qgz).completeBaseName()));
  QFile out(inner);
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(document.toByteArray(2)) < 0) {
    *error = QStringLiteral("cannot write %1").arg(inner);
    return false;
  }
  out.close();
  QFile::remove(target.qgz);
  if (!QgsZipUtils::zip(target.qgz, {inner})) {
    *error = QStringLiteral("cannot write %1").arg(target.qgz);
    return false;
  }
  QFile name_file(target.qgz + QStringLiteral(".name"));
  if (!name_file.open(QIODevice::WriteOnly | QIODevice::Truncate) || name_file.write(name.toUtf8()) < 0) {
    *error = QStringLiteral("cannot write %1.name").arg(target.qgz);
    return false;
  }
  return true;
}

int write_project(const QString& geopackage, QString name, LabelLanguage labels, const PostgresTarget* postgres) {
  if (!QFileInfo(geopackage).isFile()) {
    print(QStringLiteral("parklayers-qgis-project: %1: no such file\n").arg(geopackage));
    return kExitFailed;
  }
  if (name.isEmpty()) name = name_of_park(geopackage);
  QgsProject project;
  project.setFilePathStorage(Qgis::FilePathType::Relative);
  project.setTitle(name);
  QStringList errors;
  const parklayers::qgis::ParkLayerSet park =
      parklayers::qgis::add_park_layers(project, geopackage, name, labels, &errors);
  if (!errors.isEmpty() || !park.parcels) {
    print(QStringLiteral("parklayers-qgis-project: %1\n")
              .arg(errors.isEmpty() ? QStringLiteral("%1 holds no parcels layer").arg(geopackage)
                                    : errors.join(QStringLiteral("\n"))));
    return kExitFailed;
  }
  parklayers::qgis::set_up_project(project, park);
  const QgsReferencedRectangle extent = parklayers::qgis::park_extent(project, park, project.crs());
  if (!extent.isEmpty()) project.viewSettings()->setDefaultViewExtent(extent);
  // The report sheet as a print layout (Project > Layouts), in the labels' language: "园区报告",
  // or "Park report" for --labels en or where no Chinese font is installed. The project is
  // worth storing without it: a warning only.
  QString layout_error;
  const parklayers::Language language =
      labels == LabelLanguage::Chinese ? parklayers::Language::Chinese : parklayers::Language::English;
  if (!parklayers::qgis::add_report_layout(project, park, language, parklayers::qgis::Paper::A4, &layout_error) &&
      (language == parklayers::Language::English ||
       !parklayers::qgis::add_report_layout(project, park, parklayers::Language::English,
                                            parklayers::qgis::Paper::A4, &layout_error))) {
    print(QStringLiteral("parklayers-qgis-project: warning: no report layout: %1\n").arg(layout_error));
  }

  if (postgres) {
    QString error;
    const bool written = write_postgres_project(project, name, *postgres, &error);
    project.clear();
    if (!written) {
      print(QStringLiteral("parklayers-qgis-project: writing %1 failed: %2\n").arg(postgres->qgz, error));
      return kExitFailed;
    }
    std::printf("Laid out the QGIS project \"%s\" for schema %s\n", name.toUtf8().constData(),
                postgres->schema.toUtf8().constData());
    return kExitOk;
  }
  const QString uri = project_uri(geopackage, name);
  const bool written = project.write(uri);
  const QString error = project.error();
  project.clear();  // the layers go before QGIS does
  if (!written) {
    print(QStringLiteral("parklayers-qgis-project: writing %1 failed: %2\n").arg(uri, error));
    return kExitFailed;
  }
  std::printf("Stored the QGIS project \"%s\" in %s\n", name.toUtf8().constData(),
              geopackage.toUtf8().constData());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  // A command-line tool: no display needed. QGIS's prefix (providers, resources) is the one it
  // was built against, not the folder above this program.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  if (qEnvironmentVariableIsEmpty("QGIS_PREFIX_PATH")) qputenv("QGIS_PREFIX_PATH", PARKLAYERS_QGIS_PREFIX);

  QgsApplication app(argc, argv, false);
  QStringList args = QCoreApplication::arguments().mid(1);
  QString geopackage, name;
  LabelLanguage labels = LabelLanguage::Chinese;
  PostgresTarget postgres;
  for (int i = 0; i < args.size(); ++i) {
    const QString& arg = args[i];
    if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    if ((arg == QLatin1String("--postgres") || arg == QLatin1String("--schema") || arg == QLatin1String("--qgz")) &&
        i + 1 < args.size()) {
      QString& slot = arg == QLatin1String("--postgres") ? postgres.conninfo
                      : arg == QLatin1String("--schema") ? postgres.schema
                                                         : postgres.qgz;
      slot = args[++i];
    } else if ((arg == QLatin1String("--name") || arg == QLatin1String("--labels")) && i + 1 < args.size()) {
      const QString value = args[++i];
      if (arg == QLatin1String("--name")) {
        name = value;
      } else if (value == QLatin1String("zh") || value == QLatin1String("en")) {
        labels = value == QLatin1String("zh") ? LabelLanguage::Chinese : LabelLanguage::English;
      } else {
        print(QStringLiteral("parklayers-qgis-project: --labels takes zh or en, not '%1'\n").arg(value));
        return kExitUsage;
      }
    } else if (arg.startsWith(QLatin1Char('-')) || !geopackage.isEmpty()) {
      print(QStringLiteral("parklayers-qgis-project: unexpected argument '%1'\n\n").arg(arg));
      std::fputs(kUsage, stderr);
      return kExitUsage;
    } else {
      geopackage = QFileInfo(arg).absoluteFilePath();
    }
  }
  const bool to_database = !postgres.conninfo.isEmpty() || !postgres.schema.isEmpty() || !postgres.qgz.isEmpty();
  if (geopackage.isEmpty() ||
      (to_database && (postgres.conninfo.isEmpty() || postgres.schema.isEmpty() || postgres.qgz.isEmpty()))) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }

  QgsApplication::initQgis();
  const int status = write_project(geopackage, name, labels, to_database ? &postgres : nullptr);
  QgsApplication::exitQgis();
  return status;
}
