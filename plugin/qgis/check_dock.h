// The area-checks dock: one row per stated figure (figure, subject, stated, computed, accepted
// interval, status coloured pass/fail/incomplete). Clicking a row selects and zooms to the
// features the figure is about (parcel_phase:3 -> the parcels of phase 3).
#pragma once

#include <QDockWidget>

#include "park_layers.h"

class QLabel;
class QTableWidget;
class QgsMapCanvas;

namespace parklayers::qgis {

class CheckDock : public QDockWidget {
  Q_OBJECT

 public:
  CheckDock(QgsMapCanvas* canvas, QWidget* parent = nullptr);

  // Reads the park's area_checks table into the dock.
  void setPark(const ParkLayerSet& park);
  int rowCount() const;

 private slots:
  void showSubject(int row);

 private:
  QgsMapCanvas* canvas_;
  ParkLayerSet park_;
  QLabel* summary_;
  QTableWidget* table_;
};

}  // namespace parklayers::qgis
