// parklayers-qgis-project: stores a QGIS project in a built park's GeoPackage (QGIS's
// qgis_projects table), laid out as the plugin lays the park out (parklayers_qgis_layout): the
// group named after the park, the layers in order, the core's styles and labels, the relations,
// the project CRS and ellipsoid, the park as the default view. Layer paths are relative, so the
// project works wherever the file is copied (under the same file name). Anyone opens it from
// QGIS's browser (GeoPackage > the file > Project), on any system, without the plugin.
//
//   parklayers-qgis-project GPKG [--name NAME] [--labels zh|en]
//
// Exit status: 0 written, 1 failed, 2 usage.
#include <cstdio>
#include <memory>

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <gdal_priv.h>

#include <qgsapplication.h>
#include <qgsproject.h>
#include <qgsprojectviewsettings.h>

#include "park_layers.h"

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
    "Parcels are labelled in Chinese (default) or English.\n";

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

int write_project(const QString& geopackage, QString name, LabelLanguage labels) {
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
  for (int i = 0; i < args.size(); ++i) {
    const QString& arg = args[i];
    if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    if ((arg == QLatin1String("--name") || arg == QLatin1String("--labels")) && i + 1 < args.size()) {
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
  if (geopackage.isEmpty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }

  QgsApplication::initQgis();
  const int status = write_project(geopackage, name, labels);
  QgsApplication::exitQgis();
  return status;
}
