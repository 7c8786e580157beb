// SPDX-License-Identifier: GPL-2.0-or-later
// Processing's area: a copy of any layer with its ellipsoidal and Gauss-Kruger areas in m2, mu and ha
// (like `parklayers area -o`).
#pragma once

#include "park_algorithm.h"

namespace parklayers::qgis {

class AreaAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override;
  QString displayName() const override;
  QStringList tags() const override;
  QString shortHelpString() const override;
  AreaAlgorithm* createInstance() const override;
  void initAlgorithm(const QVariantMap& configuration = QVariantMap()) override;
  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override;
};

}  // namespace parklayers::qgis
