// SPDX-License-Identifier: GPL-2.0-or-later
// Processing's report: the park and its checks as a PDF map sheet, laid out with report_layout.h
// on the park built from the source (like `parklayers report`).
#pragma once

#include "park_algorithm.h"

namespace parklayers::qgis {

class ReportAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override;
  QString displayName() const override;
  QStringList tags() const override;
  QString shortHelpString() const override;
  // Print layouts are laid out and exported on the main thread.
  Flags flags() const override;
  ReportAlgorithm* createInstance() const override;
  void initAlgorithm(const QVariantMap& configuration = QVariantMap()) override;
  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override;
};

}  // namespace parklayers::qgis
