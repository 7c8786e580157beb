// SPDX-License-Identifier: GPL-2.0-or-later
// The area-checks dock: one row per stated figure (figure, subject, stated, computed, method,
// accepted interval, status coloured pass/fail/incomplete), from a park's area_checks table or
// from the core's checks of a layer of stated parcels. Clicking a row selects and zooms to the
// features the figure is about (parcel_phase:3 -> the parcels of phase 3).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <QDockWidget>

#include "parklayers/park/checks.h"

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
  // Shows checks the core made (check_stated_parcels) of the features of `layers` (their
  // parcels: subject parcel:ID is the feature whose id is ID, or whose feature id is, without
  // an id field). `names`: subject -> the parcel's name, shown in the row's tooltip.
  void setChecks(const ParkLayerSet& layers, const std::vector<Check>& checks,
                 const std::map<std::string, std::string>& names);
  int rowCount() const;

 private slots:
  void showSubject(int row);

 private:
  QgsMapCanvas* canvas_;
  ParkLayerSet park_;
  QLabel* summary_;
  QTableWidget* table_;

  struct Row;
  void fill(const QString& name, const std::vector<Row>& rows);
};

}  // namespace parklayers::qgis
