// SPDX-License-Identifier: GPL-2.0-or-later
// Reading a source off the interface thread: a QgsTask that finds what the source holds
// (source_kind.h) and, for a park, runs the core's load_park + write_park (or reuses a cached
// GeoPackage newer than every source file; a park kept in a database is read again each time); for a layer of stated parcels, the core's checks of
// them; for other layers, their names. It touches no QGIS layer; finished() reports on the main
// thread through its signals.
#pragma once

#include <QString>
#include <QStringList>

#include <qgstaskmanager.h>

#include "park_layers.h"  // park_name
#include "parklayers/io/input.h"
#include "parklayers/park/source_kind.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers::qgis {

// Where the plugin caches the GeoPackage built from a source read with these options: in the
// QGIS profile folder, one file per source, assigned CRS, encoding and plugin version.
QString cached_geopackage(const SourceName& source, const InputOptions& input = {});

// Whether output exists and is newer than every file of source (a folder or one dataset).
bool is_up_to_date(const SourceName& source, const QString& output);

// What a LoadSourceTask read.
struct LoadedSource {
  QString source;              // may hold a database's password: show shown_source(source)
  QString name;                // the park's name when the source's own does not say it (a schema)
  InputOptions input;
  SourceKind kind = SourceKind::Park;
  QString geopackage;          // Park: the built (or reused) GeoPackage
  bool rebuilt = false;        // Park: false when the cached GeoPackage was up to date
  StatedParcelChecks parcels;  // StatedParcels: the checks, and parcels.layer
  QStringList layers;          // Layers, StatedParcels: the spatial layers to show
  QStringList warnings;        // how the source was read (texts read as GB18030)
};

class LoadSourceTask : public QgsTask {
  Q_OBJECT

 public:
  // name: the park's name, for a source that does not say it (a database's schema).
  LoadSourceTask(const QString& source, const InputOptions& input, const QString& name = {});

  bool run() override;
  void finished(bool result) override;

 signals:
  // On the main thread (direct connections only: LoadedSource is no registered metatype).
  void loaded(const parklayers::qgis::LoadedSource& source);
  // source: what may be shown of it (shown_source); message: never the password.
  void failed(const QString& source, const QString& message);

 private:
  bool buildPark();
  SourceName source_name_;  // loaded_.source, classified once when the task is made
  LoadedSource loaded_;
  QString error_;
};

}  // namespace parklayers::qgis
