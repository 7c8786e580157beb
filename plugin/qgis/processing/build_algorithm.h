// SPDX-License-Identifier: GPL-2.0-or-later
// Processing's build: a park source checked and its layers written to a GeoPackage or into a
// PostgreSQL database (like `parklayers build`).
#pragma once

#include "park_algorithm.h"

namespace parklayers::qgis {

class BuildAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override;
  QString displayName() const override;
  QStringList tags() const override;
  QString shortHelpString() const override;
  BuildAlgorithm* createInstance() const override;
  void initAlgorithm(const QVariantMap& configuration = QVariantMap()) override;
  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override;
};

}  // namespace parklayers::qgis
