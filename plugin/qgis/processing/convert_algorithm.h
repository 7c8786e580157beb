// SPDX-License-Identifier: GPL-2.0-or-later
// Processing's convert: every layer of any OGR source written in several formats, or into a
// PostgreSQL database, optionally in another CRS (like `parklayers convert`).
#pragma once

#include "park_algorithm.h"

namespace parklayers::qgis {

class ConvertAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override;
  QString displayName() const override;
  QStringList tags() const override;
  QString shortHelpString() const override;
  ConvertAlgorithm* createInstance() const override;
  void initAlgorithm(const QVariantMap& configuration = QVariantMap()) override;
  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override;
};

}  // namespace parklayers::qgis
