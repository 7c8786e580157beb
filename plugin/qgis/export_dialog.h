// SPDX-License-Identifier: GPL-2.0-or-later
// Export: a dialog to pick the formats, the CRS and the folder, and the task that runs the
// core's export (convert_park: GeoPackage, GeoJSON, Shapefile, FlatGeobuf, CSV, KML) off the
// interface thread. Without the core's convert module it writes the GeoPackage only.
#pragma once

#include <QDialog>
#include <QStringList>

#include <qgstaskmanager.h>

#include "parklayers/io/input.h"

class QListWidget;
class QgsFileWidget;
class QgsProjectionSelectionWidget;

namespace parklayers::qgis {

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ExportDialog(QWidget* parent = nullptr);

  QString folder() const;
  QStringList formats() const;  // as parse_format reads them
  QString crs() const;          // authid; empty: keep the park's CRS

 private:
  QgsFileWidget* folder_;
  QListWidget* formats_;
  QgsProjectionSelectionWidget* crs_ = nullptr;
};

class ExportTask : public QgsTask {
  Q_OBJECT

 public:
  // input: how the park source was read (its assigned CRS and encoding); name: the park's, for
  // the files written (empty: after the source's folder or file; a database's schema otherwise).
  ExportTask(const QString& source, const InputOptions& input, const QString& folder, const QStringList& formats,
             const QString& crs, const QString& name = {});

  bool run() override;
  void finished(bool result) override;

 signals:
  void exported(const QStringList& files);
  void exportFailed(const QString& message);

 private:
  QString source_, folder_, crs_, name_, error_;
  InputOptions input_;
  QStringList formats_, files_;
};

}  // namespace parklayers::qgis
