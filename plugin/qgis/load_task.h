// Building a park's GeoPackage off the interface thread: a QgsTask that runs the core's
// load_park + write_park (or reuses a cached GeoPackage newer than every source file). It
// touches no QGIS layer; finished() reports on the main thread through its signals.
#pragma once

#include <QString>

#include <qgstaskmanager.h>

#include "park_layers.h"  // park_name

namespace parklayers::qgis {

// Where the plugin caches the GeoPackage built from a source: in the QGIS profile folder,
// one file per source and plugin version.
QString cached_geopackage(const QString& source);

// Whether output exists and is newer than every file of source (a folder or one dataset).
bool is_up_to_date(const QString& source, const QString& output);

class BuildParkTask : public QgsTask {
  Q_OBJECT

 public:
  BuildParkTask(const QString& source, const QString& output);

  bool run() override;
  void finished(bool result) override;

 signals:
  // On the main thread. rebuilt is false when the cached GeoPackage was up to date.
  void parkReady(const QString& source, const QString& geopackage, bool rebuilt);
  void parkFailed(const QString& source, const QString& message);

 private:
  QString source_;
  QString output_;
  QString error_;
  bool rebuilt_ = false;
};

}  // namespace parklayers::qgis
