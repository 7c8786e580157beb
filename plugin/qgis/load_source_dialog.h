// SPDX-License-Identifier: GPL-2.0-or-later
// "Load Park Source…": the dialog to pick a source (a park source folder, a file: a coordinate
// file, a GeoPackage, a DXF, a Shapefile..., or a park kept in a schema of a PostgreSQL database
// through a connection saved in QGIS) and how to read it: the CRS of a source that states none
// (or instead of its own) and the encoding of its texts.
#pragma once

#include <QDialog>

#include "parklayers/io/input.h"

class QComboBox;
class QLabel;
class QRadioButton;
class QgsCoordinateReferenceSystem;
class QgsFileWidget;
class QgsProjectionSelectionWidget;

namespace parklayers::qgis {

// The CRS as the core's --a_srs takes it: its authority code where it has one PROJ knows,
// else its WKT (a user-defined CRS).
std::string assign_crs_text(const QgsCoordinateReferenceSystem& crs);

class LoadSourceDialog : public QDialog {
  Q_OBJECT

 public:
  explicit LoadSourceDialog(QWidget* parent = nullptr);

  // The folder or file, or for a database GDAL's "PG:..." name of the park's schema (which may
  // hold a password: show it through shown_source()).
  QString source() const;
  // The park's name: the schema's for a database, else empty (named after the folder or file).
  QString parkName() const;
  bool isDatabase() const;
  // The CRS and encoding picked, and the CRS field named in the core's messages.
  InputOptions inputOptions() const;

  void accept() override;  // remembers the folder for the next time

 private:
  void setKind();
  // Lists the parks (schemas) of the connection picked, or says why the database refuses.
  void listSchemas();

  QRadioButton* folder_;
  QRadioButton* file_;
  QRadioButton* database_;
  QWidget* path_row_;
  QWidget* database_row_;
  QgsFileWidget* path_;
  QComboBox* connection_;
  QComboBox* schema_;
  QLabel* database_status_;
  QgsProjectionSelectionWidget* crs_;
  QComboBox* encoding_;
};

}  // namespace parklayers::qgis
