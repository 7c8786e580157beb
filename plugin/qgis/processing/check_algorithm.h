// SPDX-License-Identifier: GPL-2.0-or-later
// Processing's check: a park source against its stated figures, or a layer of parcels against the
// areas it states (like `parklayers check`).
#pragma once

#include "park_algorithm.h"

namespace parklayers::qgis {

class CheckAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override;
  QString displayName() const override;
  QStringList tags() const override;
  QString shortHelpString() const override;
  CheckAlgorithm* createInstance() const override;
  void initAlgorithm(const QVariantMap& configuration = QVariantMap()) override;
  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override;
};

}  // namespace parklayers::qgis
