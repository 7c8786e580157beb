// SPDX-License-Identifier: GPL-2.0-or-later
// The Park Layers QGIS plugin: a "Park Layers" menu under Vector and a toolbar with the load,
// check, export and report actions, the area-checks dock, the Processing provider and the expression
// functions. Interface code only: every rule and computation is the core library's.
#pragma once

#include <memory>

#include <QObject>
#include <QPointer>

#include <qgisplugin.h>

#include "park_layers.h"
#include "parklayers/io/input.h"

class QAction;
class QToolBar;
class QTranslator;
class QgisInterface;

namespace parklayers::qgis {

class CheckDock;
class ExpressionFunctions;
class ParkLayersProvider;
struct LoadedSource;

class ParkLayersPlugin : public QObject, public QgisPlugin {
  Q_OBJECT

 public:
  explicit ParkLayersPlugin(QgisInterface* iface);
  ~ParkLayersPlugin() override;

  void initGui() override;
  void unload() override;

 private slots:
  void loadBundledPark();
  void loadParkSource();
  void showChecks();
  void exportPark();
  void printReport();
  void setLabelsInChinese(bool chinese);

 private:
  // Reads any source (a park, a layer of stated parcels, other layers) in a task.
  // name: the park's, when the source does not say it (a database's schema).
  void loadSource(const QString& source, const InputOptions& input = {}, const QString& name = {});
  void onLoaded(const LoadedSource& loaded);
  void onParkReady(const LoadedSource& loaded);
  void onStatedParcelsReady(const LoadedSource& loaded);
  void onLayersReady(const LoadedSource& loaded);
  void onLoadFailed(const QString& source, const QString& message);
  QAction* addAction(const QString& object_name, const QString& text, const QString& tip);
  LabelLanguage labelLanguage() const;

  QgisInterface* iface_;
  QString menu_;  // the submenu of Vector, translated
  QPointer<QTranslator> translator_;
  QList<QAction*> actions_;
  QPointer<QToolBar> toolbar_;
  QPointer<CheckDock> dock_;
  QPointer<ParkLayersProvider> provider_;
  std::unique_ptr<ExpressionFunctions> functions_;
  ParkLayerSet park_;
  QString source_;        // the last park source loaded (a database's may hold its password)
  QString source_name_;   // its name when the source does not say it (a database's schema)
  InputOptions input_;    // and how it was read (exported with the same)
  bool busy_ = false;
  bool show_checks_when_loaded_ = false;
  bool report_when_loaded_ = false;
};

}  // namespace parklayers::qgis
