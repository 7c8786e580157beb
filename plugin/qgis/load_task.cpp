#include "load_task.h"

#include <exception>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <qgsapplication.h>

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

}  // namespace

QString cached_geopackage(const QString& source) {
  const QString folder = QgsApplication::qgisSettingsDirPath() + QStringLiteral("parklayers");
  const QString version = QString::fromLatin1(kVersion);
  if (is_bundled(source)) return folder + QStringLiteral("/anting_park-%1.gpkg").arg(version);
  const QByteArray key = QFileInfo(source).absoluteFilePath().toUtf8();
  const QString hash =
      QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(10));
  return folder + QStringLiteral("/park-%1-%2.gpkg").arg(hash, version);
}

bool is_up_to_date(const QString& source, const QString& output) {
  const QFileInfo out(output);
  return out.exists() && out.size() > 0 && out.lastModified() > newest_file_time(source);
}

BuildParkTask::BuildParkTask(const QString& source, const QString& output)
    : QgsTask(tr("Building the park %1").arg(park_name(source)), QgsTask::CanCancel),
      source_(source),
      output_(output) {}

bool BuildParkTask::run() {
  setProgress(5);
  if (is_up_to_date(source_, output_)) return true;
  if (!QDir().mkpath(QFileInfo(output_).absolutePath())) {
    error_ = tr("Cannot create the folder %1").arg(QFileInfo(output_).absolutePath());
    return false;
  }
  try {
    const Park park = load_park(source_.toStdString());
    setProgress(60);
    if (isCanceled()) return false;
    WriteOptions options;
    options.overwrite = true;
    write_park(park, output_.toStdString(), options);
    setProgress(100);
    rebuilt_ = true;
    return true;
  } catch (const std::exception& e) {
    error_ = QString::fromStdString(e.what());
  }
  return false;
}

void BuildParkTask::finished(bool result) {
  if (result) {
    emit parkReady(source_, output_, rebuilt_);
  } else {
    emit parkFailed(source_, error_.isEmpty() ? tr("cancelled") : error_);
  }
}

}  // namespace parklayers::qgis
