// SPDX-License-Identifier: GPL-2.0-or-later
#include "expression_functions.h"

#include <qgscoordinatereferencesystem.h>
#include <qgsdistancearea.h>
#include <qgsexpression.h>
#include <qgsexpressioncontext.h>
#include <qgsexpressionfunction.h>
#include <qgsgeometry.h>
#include <qgsproject.h>

#include "parklayers/gis/units.h"

namespace parklayers::qgis {
namespace {

class AreaFunction : public QgsExpressionFunction {
 public:
  AreaFunction(const QString& name, double square_metres_per_unit, const QString& unit_words)
      : QgsExpressionFunction(
            name, QgsExpressionFunction::ParameterList{QgsExpressionFunction::Parameter(QStringLiteral("geometry"))},
            QStringLiteral("Park Layers"),
            QObject::tr("<h3>%1(geometry)</h3>"
                        "<div class=\"description\">The ellipsoidal area of a polygon geometry in %2, "
                        "computed on the project's ellipsoid (on the ellipsoid of the layer's CRS when "
                        "the project measures planimetrically). 1 mu = 10000/15 m², 1 ha = 15 mu. "
                        "Points and lines have area 0. The geometry is in the CRS of the current layer "
                        "(or of the project, outside a layer).</div>"
                        "<h4>Example</h4><div class=\"examples\"><ul><li>%1($geometry)</li>"
                        "<li>format_number(%1($geometry), 2) || ' %3'</li></ul></div>")
                .arg(name, unit_words, name.mid(5))),
        square_metres_per_unit_(square_metres_per_unit) {}

  QVariant func(const QVariantList& values, const QgsExpressionContext* context, QgsExpression* parent,
                const QgsExpressionNodeFunction*) override {
    const QVariant value = values.value(0);
    if (value.isNull()) return QVariant();
    if (!value.canConvert<QgsGeometry>()) {
      parent->setEvalErrorString(QObject::tr("%1: the argument is not a geometry").arg(name()));
      return QVariant();
    }
    const QgsGeometry geometry = value.value<QgsGeometry>();
    if (geometry.isNull()) return QVariant();
    if (geometry.type() != QgsWkbTypes::PolygonGeometry) return 0.0;

    const QgsCoordinateReferenceSystem crs = crs_of(context);
    if (!crs.isValid()) {
      parent->setEvalErrorString(
          QObject::tr("%1: the geometry's CRS is unknown (evaluate it on a layer)").arg(name()));
      return QVariant();
    }
    QString ellipsoid = context ? context->variable(QStringLiteral("project_ellipsoid")).toString() : QString();
    if (ellipsoid.isEmpty() || ellipsoid == geoNone()) ellipsoid = crs.ellipsoidAcronym();

    QgsDistanceArea calculator;
    calculator.setSourceCrs(crs, QgsProject::instance()->transformContext());
    // setEllipsoid returns false for names it does not know (e.g. "CGCS2000") and would then
    // measure planar square degrees: refuse instead.
    if (!calculator.setEllipsoid(ellipsoid) || !calculator.willUseEllipsoid()) {
      parent->setEvalErrorString(
          QObject::tr("%1: QGIS does not know the ellipsoid \"%2\"").arg(name(), ellipsoid));
      return QVariant();
    }
    return calculator.measureArea(geometry) / square_metres_per_unit_;
  }

 private:
  static QString geoNone() { return QStringLiteral("NONE"); }

  static QgsCoordinateReferenceSystem crs_of(const QgsExpressionContext* context) {
    if (!context) return {};
    const QVariant layer_crs = context->variable(QStringLiteral("_layer_crs"));
    if (layer_crs.canConvert<QgsCoordinateReferenceSystem>()) {
      const auto crs = layer_crs.value<QgsCoordinateReferenceSystem>();
      if (crs.isValid()) return crs;
    }
    for (const char* variable : {"layer_crs", "project_crs"}) {
      const QString authid = context->variable(QString::fromLatin1(variable)).toString();
      if (!authid.isEmpty()) {
        const QgsCoordinateReferenceSystem crs(authid);
        if (crs.isValid()) return crs;
      }
    }
    return {};
  }

  double square_metres_per_unit_;
};

}  // namespace

ExpressionFunctions::ExpressionFunctions() {
  functions_.push_back(std::make_unique<AreaFunction>(QStringLiteral("area_mu"), kSquareMetresPerMu,
                                                      QObject::tr("mu (亩)")));
  functions_.push_back(std::make_unique<AreaFunction>(QStringLiteral("area_ha"), kSquareMetresPerHectare,
                                                      QObject::tr("hectares")));
  for (const auto& function : functions_) QgsExpression::registerFunction(function.get(), false);
}

ExpressionFunctions::~ExpressionFunctions() {
  for (const auto& function : functions_) QgsExpression::unregisterFunction(function->name());
}

}  // namespace parklayers::qgis
