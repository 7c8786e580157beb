// SPDX-License-Identifier: GPL-2.0-or-later
#include "processing_provider.h"

#include <QIcon>

#include "processing/area_algorithm.h"
#include "processing/build_algorithm.h"
#include "processing/check_algorithm.h"
#include "processing/convert_algorithm.h"
#include "processing/report_algorithm.h"

namespace parklayers::qgis {

ParkLayersProvider::ParkLayersProvider(QObject* parent) : QgsProcessingProvider(parent) {}

QString ParkLayersProvider::id() const { return QStringLiteral("parklayers"); }
QString ParkLayersProvider::name() const { return QStringLiteral(PARKLAYERS_PLUGIN_NAME); }
QString ParkLayersProvider::longName() const {
  return QStringLiteral("%1 %2").arg(name(), QStringLiteral(PARKLAYERS_PLUGIN_VERSION));
}
QIcon ParkLayersProvider::icon() const { return QIcon(QStringLiteral(PARKLAYERS_PLUGIN_ICON)); }
QString ParkLayersProvider::helpId() const { return QStringLiteral("parklayers"); }

void ParkLayersProvider::loadAlgorithms() {
  addAlgorithm(new AreaAlgorithm());
  addAlgorithm(new BuildAlgorithm());
  addAlgorithm(new CheckAlgorithm());
  addAlgorithm(new ConvertAlgorithm());
  addAlgorithm(new ReportAlgorithm());
}

}  // namespace parklayers::qgis
