// SPDX-License-Identifier: GPL-2.0-or-later
// Expression functions in a "Park Layers" group: area_mu(geometry) and area_ha(geometry),
// ellipsoidal areas on the project's ellipsoid (or, when the project measures planimetrically,
// the ellipsoid of the layer's CRS), so labels, the field calculator and forms speak mu.
#pragma once

#include <memory>
#include <vector>

class QgsExpressionFunction;

namespace parklayers::qgis {

// Registers the functions while alive; unregisters them when destroyed.
class ExpressionFunctions {
 public:
  ExpressionFunctions();
  ~ExpressionFunctions();
  ExpressionFunctions(const ExpressionFunctions&) = delete;
  ExpressionFunctions& operator=(const ExpressionFunctions&) = delete;

 private:
  std::vector<std::unique_ptr<QgsExpressionFunction>> functions_;
};

}  // namespace parklayers::qgis
