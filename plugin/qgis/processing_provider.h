// SPDX-License-Identifier: GPL-2.0-or-later
// The Processing provider "parklayers": build and check a park source from the toolbox, batch
// mode and the graphical modeler. Progress and cancellation go through QgsProcessingFeedback.
#pragma once

#include <qgsprocessingprovider.h>

namespace parklayers::qgis {

class ParkLayersProvider : public QgsProcessingProvider {
  Q_OBJECT

 public:
  explicit ParkLayersProvider(QObject* parent = nullptr);

  QString id() const override;
  QString name() const override;
  QString longName() const override;
  QIcon icon() const override;
  QString helpId() const override;

 protected:
  void loadAlgorithms() override;
};

}  // namespace parklayers::qgis
