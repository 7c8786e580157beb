// SPDX-License-Identifier: GPL-2.0-or-later
#include "plugin.h"

#include <QAction>
#include <QFileInfo>
#include <QLocale>
#include <QIcon>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>

#include <qgisinterface.h>
#include <qgsapplication.h>
#include <qgsmapcanvas.h>
#include <qgsmessagebar.h>
#include <qgsprintlayout.h>
#include <qgsprocessingregistry.h>
#include <qgsproject.h>
#include <qgssettings.h>

#include "check_dock.h"
#include "export_dialog.h"
#include "expression_functions.h"
#include "load_source_dialog.h"
#include "load_task.h"
#include "processing_provider.h"
#include "report_layout.h"
#include "source_layers.h"
#include "parklayers/io/drivers.h"
#include "parklayers/park/source.h"

namespace parklayers::qgis {
namespace {

const QString kName = QStringLiteral(PARKLAYERS_PLUGIN_NAME);
const QString kDescription = QStringLiteral(PARKLAYERS_PLUGIN_DESCRIPTION);
const QString kCategory = QStringLiteral(PARKLAYERS_PLUGIN_CATEGORY);
const QString kVersion = QStringLiteral(PARKLAYERS_PLUGIN_VERSION);
const QString kIcon = QStringLiteral(PARKLAYERS_PLUGIN_ICON);
// Labels in Chinese (name_zh, 亩) or English (name_en, mu); unset: Chinese when QGIS runs in
// Chinese.
const QString kChineseLabelsKey = QStringLiteral("parklayers/labelsInChinese");

bool is_chinese_locale() { return QgsApplication::locale().startsWith(QLatin1String("zh")); }

void zoom_to(QgsMapCanvas& canvas, const QgsReferencedRectangle& extent) {
  if (extent.isEmpty()) return;
  canvas.setExtent(extent);
  canvas.refresh();
}

void zoom_to_park(QgsMapCanvas& canvas, const ParkLayerSet& park) {
  zoom_to(canvas, park_extent(*QgsProject::instance(), park, canvas.mapSettings().destinationCrs()));
}

}  // namespace

ParkLayersPlugin::ParkLayersPlugin(QgisInterface* iface)
    : QgisPlugin(kName, kDescription, kCategory, kVersion, QgisPlugin::UI), iface_(iface) {
  // The interface in QGIS's language (Settings > Options > General > Locale), when the plugin
  // has a translation for it; the .qm files are compiled in.
  // QgsApplication::locale() is "zh_CN" when set in QGIS, "zh" when it follows the system's;
  // QTranslator looks up parklayers_zh_CN.qm for either.
  auto* translator = new QTranslator(this);
  if (translator->load(QLocale(QgsApplication::locale()), QStringLiteral("parklayers"), QStringLiteral("_"),
                       QStringLiteral(":/parklayers/i18n"))) {
    QCoreApplication::installTranslator(translator);
    translator_ = translator;
  } else {
    delete translator;
  }
}

ParkLayersPlugin::~ParkLayersPlugin() {
  if (translator_) QCoreApplication::removeTranslator(translator_);
}

LabelLanguage ParkLayersPlugin::labelLanguage() const {
  return QgsSettings().value(kChineseLabelsKey, is_chinese_locale()).toBool() ? LabelLanguage::Chinese
                                                                               : LabelLanguage::English;
}

void ParkLayersPlugin::setLabelsInChinese(bool chinese) {
  QgsSettings().setValue(kChineseLabelsKey, chinese);
  set_parcel_labels(park_, labelLanguage());
}

QAction* ParkLayersPlugin::addAction(const QString& object_name, const QString& text, const QString& tip) {
  auto* action = new QAction(QIcon(kIcon), text, iface_->mainWindow());
  action->setObjectName(object_name);
  action->setToolTip(tip);
  action->setStatusTip(tip);
  iface_->addPluginToVectorMenu(menu_, action);
  actions_.append(action);
  return action;
}

void ParkLayersPlugin::initGui() {
  // Our BAOPAN driver in QGIS's own GDAL, so that "Add Vector Layer" opens coordinate files
  // (a no-op when GDAL loaded ogr_BAOPAN.so from its plugin folder).
  parklayers::ensure_drivers_registered();
  menu_ = tr("Park Layers");
  QAction* load = addAction(QStringLiteral("parkLayersLoadAction"), tr("Load Anting Park"),
                            tr("Build (or reuse) the GeoPackage of the bundled Anting park and add "
                               "its layers, styled, to the project"));
  QAction* load_source = addAction(QStringLiteral("parkLayersLoadSourceAction"), tr("Load Park Source…"),
                                   tr("Build and add a park from a source you pick, or check the parcel "
                                      "areas of a land-parcel coordinate file"));
  QAction* check = addAction(QStringLiteral("parkLayersCheckAction"), tr("Area Checks"),
                             tr("Show each stated figure beside its computed value"));
  QAction* exporting = addAction(QStringLiteral("parkLayersExportAction"), tr("Export Park…"),
                                 tr("Write the park's layers in other formats and CRSs"));
  connect(load, &QAction::triggered, this, &ParkLayersPlugin::loadBundledPark);
  connect(load_source, &QAction::triggered, this, &ParkLayersPlugin::loadParkSource);
  connect(check, &QAction::triggered, this, &ParkLayersPlugin::showChecks);
  connect(exporting, &QAction::triggered, this, &ParkLayersPlugin::exportPark);
  QAction* report = addAction(QStringLiteral("parkLayersReportAction"), tr("Print Report…"),
                              tr("Open the park's report (the map and the checks of its stated figures) "
                                 "in the layout designer, to adjust, print or export"));
  connect(report, &QAction::triggered, this, &ParkLayersPlugin::printReport);
  QAction* chinese = addAction(QStringLiteral("parkLayersChineseLabelsAction"), tr("Labels in Chinese"),
                               tr("Label parcels with their Chinese names (name_zh) and areas in 亩 "
                                  "instead of English names and mu"));
  chinese->setCheckable(true);
  chinese->setChecked(labelLanguage() == LabelLanguage::Chinese);
  connect(chinese, &QAction::toggled, this, &ParkLayersPlugin::setLabelsInChinese);

  toolbar_ = iface_->addToolBar(menu_);
  toolbar_->setObjectName(QStringLiteral("parkLayersToolBar"));
  toolbar_->addAction(load);
  toolbar_->addAction(check);
  toolbar_->addAction(exporting);
  toolbar_->addAction(report);

  dock_ = new CheckDock(iface_->mapCanvas(), iface_->mainWindow());
  iface_->addDockWidget(Qt::RightDockWidgetArea, dock_);
  dock_->hide();

  provider_ = new ParkLayersProvider();
  if (!QgsApplication::processingRegistry()->addProvider(provider_)) provider_ = nullptr;
  functions_ = std::make_unique<ExpressionFunctions>();
}

void ParkLayersPlugin::unload() {
  functions_.reset();
  if (provider_) QgsApplication::processingRegistry()->removeProvider(provider_);  // deletes it
  if (dock_) {
    iface_->removeDockWidget(dock_);
    delete dock_;
  }
  for (QAction* action : actions_) {
    iface_->removePluginVectorMenu(menu_, action);
    delete action;
  }
  actions_.clear();
  delete toolbar_;
}

void ParkLayersPlugin::loadBundledPark() { loadSource(QString::fromStdString(bundled_park_path())); }

void ParkLayersPlugin::loadParkSource() {
  LoadSourceDialog dialog(iface_->mainWindow());
  if (dialog.exec() != QDialog::Accepted) return;
  const QString source = dialog.source();
  if (source.isEmpty()) {
    iface_->messageBar()->pushWarning(menu_, dialog.isDatabase()
                                                 ? tr("Pick a saved PostgreSQL connection and a schema.")
                                                 : tr("Pick a folder or a file."));
    return;
  }
  loadSource(source, dialog.inputOptions(), dialog.parkName());
}

void ParkLayersPlugin::loadSource(const QString& source, const InputOptions& input, const QString& name) {
  if (busy_) {
    iface_->messageBar()->pushInfo(menu_, tr("A park is being built; wait for it to finish."));
    return;
  }
  busy_ = true;
  auto* task = new LoadSourceTask(source, input, name);
  connect(task, &LoadSourceTask::loaded, this, &ParkLayersPlugin::onLoaded, Qt::DirectConnection);
  connect(task, &LoadSourceTask::failed, this, &ParkLayersPlugin::onLoadFailed);
  QgsApplication::taskManager()->addTask(task);
}

void ParkLayersPlugin::onLoaded(const LoadedSource& loaded) {
  busy_ = false;
  if (!loaded.warnings.isEmpty()) iface_->messageBar()->pushInfo(menu_, loaded.warnings.join(QLatin1Char('\n')));
  switch (loaded.kind) {
    case SourceKind::Park:
      onParkReady(loaded);
      break;
    case SourceKind::StatedParcels:
      onStatedParcelsReady(loaded);
      break;
    case SourceKind::Layers:
      onLayersReady(loaded);
      break;
  }
  show_checks_when_loaded_ = false;
  report_when_loaded_ = false;
}

void ParkLayersPlugin::onParkReady(const LoadedSource& loaded) {
  source_ = loaded.source;
  source_name_ = loaded.name;
  input_ = loaded.input;
  QStringList errors;
  QgsProject* project = QgsProject::instance();
  const bool new_project = project->mapLayers().isEmpty();
  park_ = add_park_layers(*project, loaded.geopackage, loaded.name.isEmpty() ? park_name(loaded.source) : loaded.name,
                          labelLanguage(), &errors);
  // After QGIS's own set-up for a first layer (the layer-tree bridge sets the project's CRS and
  // extent from it on the next turn of the event loop). A report asked for before the park was
  // loaded is laid out after that too: its map is drawn in the project's CRS.
  QTimer::singleShot(0, this, [this, new_project, report = report_when_loaded_] {
    if (new_project) set_up_project(*QgsProject::instance(), park_);
    zoom_to_park(*iface_->mapCanvas(), park_);
    if (report) printReport();
  });
  if (dock_) dock_->setPark(park_);
  if (!errors.isEmpty()) {
    iface_->messageBar()->pushWarning(menu_, errors.join(QLatin1Char('\n')));
  } else {
    iface_->messageBar()->pushSuccess(menu_, (loaded.rebuilt ? tr("Built %1 into %2") : tr("Loaded %1 from %2"))
                                                 .arg(park_.name, loaded.geopackage));
  }
  if (show_checks_when_loaded_ && dock_) dock_->show();
}

void ParkLayersPlugin::onStatedParcelsReady(const LoadedSource& loaded) {
  QStringList errors;
  const QString parcels_layer = QString::fromStdString(loaded.parcels.layer);
  const QList<QgsVectorLayer*> layers =
      add_source_layers(*QgsProject::instance(), loaded.source,
                        loaded.layers.isEmpty() ? QStringList{parcels_layer} : loaded.layers, loaded.input, &errors);
  ParkLayerSet parcels;
  parcels.name = QFileInfo(loaded.source).fileName();
  for (QgsVectorLayer* layer : layers) {
    // add_source_layers names a layer by its source's layer name (and its geometry type when it
    // splits one): the checked layer is the one opened from that name.
    if (layer->name() == parcels_layer || (!parcels.parcels && layer->name().startsWith(parcels_layer + QStringLiteral(" (")))) {
      parcels.parcels = layer;
    }
  }
  if (!parcels.parcels && !layers.isEmpty()) parcels.parcels = layers.first();
  int counts[3] = {0, 0, 0};
  for (const Check& check : loaded.parcels.checks) {
    counts[check.status == CheckStatus::Pass ? 0 : check.status == CheckStatus::Fail ? 1 : 2]++;
  }
  if (dock_) {
    dock_->setChecks(parcels, loaded.parcels.checks, loaded.parcels.names);
    dock_->show();
    dock_->raise();
  }
  QTimer::singleShot(0, this, [this, layers] {
    zoom_to(*iface_->mapCanvas(),
            layers_extent(*QgsProject::instance(), layers, iface_->mapCanvas()->mapSettings().destinationCrs()));
  });
  if (!errors.isEmpty()) iface_->messageBar()->pushWarning(menu_, errors.join(QLatin1Char('\n')));
  const QString summary = tr("%1: %2 parcels checked against their stated areas: %3 pass, %4 fail, %5 incomplete")
                              .arg(parcels.name)
                              .arg(loaded.parcels.checks.size())
                              .arg(counts[0])
                              .arg(counts[1])
                              .arg(counts[2]);
  if (counts[1] > 0) {
    iface_->messageBar()->pushWarning(menu_, summary);
  } else {
    iface_->messageBar()->pushSuccess(menu_, summary);
  }
}

void ParkLayersPlugin::onLayersReady(const LoadedSource& loaded) {
  QStringList errors;
  const QList<QgsVectorLayer*> layers =
      add_source_layers(*QgsProject::instance(), loaded.source, loaded.layers, loaded.input, &errors);
  QTimer::singleShot(0, this, [this, layers] {
    zoom_to(*iface_->mapCanvas(),
            layers_extent(*QgsProject::instance(), layers, iface_->mapCanvas()->mapSettings().destinationCrs()));
  });
  if (!errors.isEmpty()) iface_->messageBar()->pushWarning(menu_, errors.join(QLatin1Char('\n')));
  iface_->messageBar()->pushInfo(
      menu_, tr("%1 is not a park source (it has no parcels layer) and states no parcel areas: its layers "
                "are added as they are, with nothing to check.")
                 .arg(QFileInfo(loaded.source).fileName()));
}

void ParkLayersPlugin::onLoadFailed(const QString& source, const QString& message) {
  busy_ = false;
  show_checks_when_loaded_ = false;
  report_when_loaded_ = false;
  iface_->messageBar()->pushCritical(menu_, tr("%1: %2").arg(source, message));
}

void ParkLayersPlugin::showChecks() {
  if (!dock_) return;
  if (!park_.checks && dock_->rowCount() == 0) {
    // Nothing loaded yet: load the bundled park, then show its checks.
    show_checks_when_loaded_ = true;
    loadBundledPark();
    return;
  }
  dock_->show();
  dock_->raise();
}

void ParkLayersPlugin::exportPark() {
  const QString source = source_.isEmpty() ? QString::fromStdString(bundled_park_path()) : source_;
  ExportDialog dialog(iface_->mainWindow());
  if (dialog.exec() != QDialog::Accepted) return;
  if (dialog.formats().isEmpty() || dialog.folder().isEmpty()) {
    iface_->messageBar()->pushWarning(menu_, tr("Pick at least one format and a folder."));
    return;
  }
  auto* task = new ExportTask(source, source_.isEmpty() ? InputOptions{} : input_, dialog.folder(), dialog.formats(),
                              dialog.crs(), source_.isEmpty() ? QString() : source_name_);
  connect(task, &ExportTask::exported, this, [this](const QStringList& files) {
    iface_->messageBar()->pushSuccess(menu_, tr("Exported %n file(s): %1", nullptr, static_cast<int>(files.size()))
                                                 .arg(files.join(QStringLiteral(", "))));
  });
  connect(task, &ExportTask::exportFailed, this, [this](const QString& message) {
    iface_->messageBar()->pushCritical(menu_, tr("Export failed: %1").arg(message));
  });
  QgsApplication::taskManager()->addTask(task);
}

void ParkLayersPlugin::printReport() {
  if (!park_.parcels) {
    // No park in the project (none loaded, or its layers removed): load the last park source,
    // else the bundled park, then open its report.
    report_when_loaded_ = true;
    if (source_.isEmpty()) {
      loadBundledPark();
    } else {
      loadSource(source_, input_, source_name_);
    }
    return;
  }
  // The sheet in the language of the parcels' labels, which its map shows.
  const Language language = labelLanguage() == LabelLanguage::Chinese ? Language::Chinese : Language::English;
  QString error;
  QgsPrintLayout* layout = add_report_layout(*QgsProject::instance(), park_, language, Paper::A4, &error);
  if (!layout) {
    iface_->messageBar()->pushCritical(menu_, tr("No report for %1: %2").arg(park_.name, error));
    return;
  }
  iface_->openLayoutDesigner(layout);
}

}  // namespace parklayers::qgis

// The entry points QGIS looks up in a C++ plugin.
QGISEXTERN QgisPlugin* classFactory(QgisInterface* iface) {
  return new parklayers::qgis::ParkLayersPlugin(iface);
}
QGISEXTERN const QString* name() { return &parklayers::qgis::kName; }
QGISEXTERN const QString* description() { return &parklayers::qgis::kDescription; }
QGISEXTERN const QString* category() { return &parklayers::qgis::kCategory; }
QGISEXTERN int type() { return QgisPlugin::UI; }
QGISEXTERN const QString* version() { return &parklayers::qgis::kVersion; }
QGISEXTERN const QString* icon() { return &parklayers::qgis::kIcon; }
QGISEXTERN void unload(QgisPlugin* plugin) { delete plugin; }
