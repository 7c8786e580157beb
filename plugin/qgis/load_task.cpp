// SPDX-License-Identifier: GPL-2.0-or-later
#include "load_task.h"

#include <exception>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <qgsapplication.h>

#include "database_source.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/park.h"
#include "parklayers/park/source.h"
#include "parklayers/gis/version.h"
#include "parklayers/park/writer.h"

namespace parklayers::qgis {
namespace {

bool is_bundled(const QString& source) {
  return QFileInfo(source).canonicalFilePath() ==
         QFileInfo(QString::fromStdString(bundled_park_path())).canonicalFilePath();
}

QDateTime newest_file_time(const QString& source) {
  const QFileInfo info(source);
  if (!info.isDir()) return info.lastModified();
  QDateTime newest = info.lastModified();
  QDirIterator it(source, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    it.next();
    newest = std::max(newest, it.fileInfo().lastModified());
  }
  return newest;
}

QStringList warning_texts(const std::vector<Problem>& warnings, const QString& source) {
  QStringList texts;
  for (const Problem& warning : warnings) {
    texts.append(without_password(QString::fromStdString(warning.to_string()), source));
  }
  return texts;
}

}  // namespace

QString cached_geopackage(const SourceName& source_name, const InputOptions& input) {
  const QString source = QString::fromStdString(source_name.text());
  const QString folder = QgsApplication::qgisSettingsDirPath() + QStringLiteral("parklayers");
  const QString version = QString::fromLatin1(kVersion);
  const bool as_it_is = input.assign_crs.empty() && input.encoding.empty();
  if (is_bundled(source) && as_it_is) return folder + QStringLiteral("/anting_park-%1.gpkg").arg(version);
  // Another CRS or encoding makes another park: its own GeoPackage.
  // A database by what may be shown of its name: another password is the same park.
  const QString where = source_name.is_database() ? QString::fromStdString(source_name.display())
                                                  : QFileInfo(source).absoluteFilePath();
  const QByteArray key = where.toUtf8() + '\n' +
                         QByteArray::fromStdString(input.assign_crs) + '\n' + QByteArray::fromStdString(input.encoding);
  const QString hash =
      QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(10));
  return folder + QStringLiteral("/park-%1-%2.gpkg").arg(hash, version);
}

bool is_up_to_date(const SourceName& source, const QString& output) {
  // A database keeps no file times to compare with: its park is read again.
  if (source.is_database()) return false;
  const QFileInfo out(output);
  return out.exists() && out.size() > 0 && out.lastModified() > newest_file_time(QString::fromStdString(source.text()));
}

LoadSourceTask::LoadSourceTask(const QString& source, const InputOptions& input, const QString& name)
    : QgsTask(tr("Reading %1").arg(name.isEmpty() ? park_name(source) : name), QgsTask::CanCancel),
      source_name_(source.toStdString()) {
  loaded_.source = source;
  loaded_.name = name;
  loaded_.input = input;
}

bool LoadSourceTask::run() {
  setProgress(5);
  try {
    if (source_name_.is_database()) {
      // A park kept in a schema. Connecting first gives a database that refuses (a wrong
      // password, a server that does not answer) the core's words: host and database only.
      PgConnection(source_name_.text());
      loaded_.kind = SourceKind::Park;
      return buildPark();
    }
    StatedParcelOptions parcels;
    parcels.input = loaded_.input;
    loaded_.kind = source_kind(source_name_, parcels);
    switch (loaded_.kind) {
      case SourceKind::Park:
        return buildPark();
      case SourceKind::StatedParcels: {
        // Planar, as a coordinate file's areas were computed (stated_parcels.h).
        std::vector<Problem> warnings;
        parcels.on_warning = [&warnings](const Problem& warning) { warnings.push_back(warning); };
        loaded_.parcels = check_stated_parcels(source_name_, parcels);
        loaded_.warnings = warning_texts(warnings, loaded_.source);
        // A land-survey package holds other layers beside its parcels: they are shown too.
        for (const std::string& name : spatial_layers(source_name_, loaded_.input)) {
          loaded_.layers.append(QString::fromStdString(name));
        }
        setProgress(100);
        return true;
      }
      case SourceKind::Layers:
        for (const std::string& name : spatial_layers(source_name_, loaded_.input)) {
          loaded_.layers.append(QString::fromStdString(name));
        }
        setProgress(100);
        return true;
    }
  } catch (const std::exception& e) {
    error_ = without_password(QString::fromStdString(e.what()), loaded_.source);
  }
  return false;
}

bool LoadSourceTask::buildPark() {
  loaded_.geopackage = cached_geopackage(source_name_, loaded_.input);
  if (is_up_to_date(source_name_, loaded_.geopackage)) return true;
  if (!QDir().mkpath(QFileInfo(loaded_.geopackage).absolutePath())) {
    error_ = tr("Cannot create the folder %1").arg(QFileInfo(loaded_.geopackage).absolutePath());
    return false;
  }
  ReadOptions read;
  read.input = loaded_.input;
  const Park park = load_park(source_name_, read);
  loaded_.warnings = warning_texts(park.source.warnings, loaded_.source);
  setProgress(60);
  if (isCanceled()) return false;
  WriteOptions options;
  options.overwrite = true;
  write_park(park, loaded_.geopackage.toStdString(), options);
  setProgress(100);
  loaded_.rebuilt = true;
  return true;
}

void LoadSourceTask::finished(bool result) {
  if (result) {
    emit loaded(loaded_);
  } else {
    QString where = shown_source(loaded_.source);
    // The core's words for a database that refuses already name it: the schema is enough.
    if (source_name_.is_database() && !loaded_.name.isEmpty() &&
        error_.contains(QString::fromStdString(describe_database(source_name_.text())))) {
      where = tr("schema %1").arg(loaded_.name);
    }
    emit failed(where, error_.isEmpty() ? tr("cancelled") : error_);
  }
}

}  // namespace parklayers::qgis
