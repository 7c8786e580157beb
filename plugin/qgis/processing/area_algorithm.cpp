// SPDX-License-Identifier: GPL-2.0-or-later
#include "area_algorithm.h"

#include <stdexcept>

#include <qgsprocessingoutputs.h>
#include <qgsprocessingparameters.h>

#include "declared_parameters.h"
#include "parklayers/command/area.h"
#include "parklayers/command/values.h"
#include "parklayers/io/layer_area.h"

namespace parklayers::qgis {
namespace {

const QString kOutput = QStringLiteral("OUTPUT");

}  // namespace

QString AreaAlgorithm::name() const { return QStringLiteral("area"); }
QString AreaAlgorithm::displayName() const { return QObject::tr("Areas in m2, mu and ha"); }
QStringList AreaAlgorithm::tags() const {
  return QObject::tr("area,mu,hectare,ellipsoidal,gauss-kruger,karney,measure").split(QLatin1Char(','));
}
QString AreaAlgorithm::shortHelpString() const {
  return QObject::tr(
      "Writes a copy of a layer with the ellipsoidal area of each polygon (Karney, on the layer's own "
      "ellipsoid) in m2, mu and ha and, beside it, the planar Gauss-Kruger area with its CRS. Like "
      "`parklayers area -o`.");
}
AreaAlgorithm* AreaAlgorithm::createInstance() const { return new AreaAlgorithm(); }

void AreaAlgorithm::initAlgorithm(const QVariantMap&) {
  add_parameters(
      command::area_command(), [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
      [this](const command::ArgumentInfo& input) {
        addInputParameters(described(input), static_cast<int>(QgsProcessing::TypeVectorPolygon));
      });
  addOutput(new QgsProcessingOutputNumber(QStringLiteral("FEATURES"), QObject::tr("Features measured")));
}

QVariantMap AreaAlgorithm::processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                                            QgsProcessingFeedback* feedback) {
  command::AreaArgs args = read_parameters(command::area_command(), *this, parameters, context);
  const auto [input, input_layer] = inputSource(parameters, context);
  LayerAreaOptions options;
  options.layer = input_layer && args.layer.empty() ? input_layer->layer.toStdString() : args.layer;
  options.input = command::input_options(args.a_srs, args.encoding,
                                         both_conditions(input_layer ? input_layer->where : QString(), args.where));
  name_crs_parameter(options.input);
  options.output = parameterAsFileOutput(parameters, kOutput, context).toStdString();
  options.overwrite = true;  // a file destination: QGIS asked before replacing it
  options.gauss_kruger = !args.no_gk;
  options.survey = true;  // survey_area_m2 for a layer in a Gauss-Kruger CRS, as `parklayers area -o`
  std::vector<Problem> warnings;
  options.on_warning = [&warnings](const Problem& warning) { warnings.push_back(warning); };
  long long features = 0;
  try {
    measure_layer(SourceName(input.toStdString()), options, [&features, feedback](long long, std::optional<double>) {
      // Cancelling throws out of the measuring, which then leaves no copy behind.
      if (feedback && feedback->isCanceled()) throw std::runtime_error("cancelled");
      ++features;
    });
  } catch (const std::exception& e) {
    if (feedback && feedback->isCanceled()) return {};
    throw source_error(e, input);
  }
  push_warnings(warnings, feedback);
  if (feedback) feedback->pushInfo(QObject::tr("%1 features measured").arg(features));
  return {{kOutput, QString::fromStdString(options.output)}, {QStringLiteral("FEATURES"), features}};
}

}  // namespace parklayers::qgis
