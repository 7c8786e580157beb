// "Load Park Source…": the dialog to pick a source (a park source folder, or a file: a
// coordinate file, a GeoPackage, a DXF, a Shapefile...) and how to read it: the CRS of a source
// that states none (or instead of its own) and the encoding of its texts.
#pragma once

#include <QDialog>

#include "parklayers/io/input.h"

class QComboBox;
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

  QString source() const;
  // The CRS and encoding picked, and the CRS field named in the core's messages.
  InputOptions inputOptions() const;

  void accept() override;  // remembers the folder for the next time

 private:
  void setPickingFolder(bool folder);

  QRadioButton* folder_;
  QRadioButton* file_;
  QgsFileWidget* path_;
  QgsProjectionSelectionWidget* crs_;
  QComboBox* encoding_;
};

}  // namespace parklayers::qgis
