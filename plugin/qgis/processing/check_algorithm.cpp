// SPDX-License-Identifier: GPL-2.0-or-later
#include "check_algorithm.h"

#include <QFile>

#include <qgsprocessingparameters.h>

#include "declared_parameters.h"
#include "parklayers/command/check.h"
#include "parklayers/park/checks.h"
#include "parklayers/park/report.h"
#include "parklayers/park/stated_parcels.h"

namespace parklayers::qgis {
namespace {

const QString kSourceLayer = QStringLiteral("SOURCE_LAYER");
const QString kReport = QStringLiteral("REPORT");

}  // namespace

QString CheckAlgorithm::name() const { return QStringLiteral("check"); }
QString CheckAlgorithm::displayName() const { return QObject::tr("Check park against stated figures"); }
QStringList CheckAlgorithm::tags() const {
  return QObject::tr("park,parcels,area,mu,hectare,check,stated").split(QLatin1Char(','));
}
QString CheckAlgorithm::shortHelpString() const {
  return QObject::tr(
      "Checks a park source against the figures its sources state (\"13.5 mu\", \"nearly "
      "90,000 m2\"), or a land-parcel coordinate file (坐标报盘, or any layer with a "
      "stated_area_ha field) against the parcel areas it states, and reports each as pass, fail or "
      "incomplete; optionally writes the checks as JSON. A coordinate file's parcels are measured "
      "planar by default, on its own Gauss-Kruger plane, as its areas were computed; a park's "
      "figures only ellipsoidal. Like `parklayers check`.");
}
CheckAlgorithm* CheckAlgorithm::createInstance() const { return new CheckAlgorithm(); }

void CheckAlgorithm::initAlgorithm(const QVariantMap&) {
  add_parameters(
      command::check_command(), [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
      [this](const command::ArgumentInfo& source) {
        addSourceParameters(source, QObject::tr("…or a file: a coordinate file (.txt), a layer of parcels stating "
                                                "their areas, or a park dataset (instead of the folder)"));
        addParameter(new QgsProcessingParameterVectorLayer(
            kSourceLayer,
            QObject::tr("…or a layer of the project stating its parcel areas (a file's, a PostgreSQL table)"),
            {static_cast<int>(QgsProcessing::TypeVectorPolygon)}, QVariant(), true));
      });
  addParameter(new QgsProcessingParameterFileDestination(kReport, QObject::tr("Checks as JSON"),
                                                         QObject::tr("JSON (*.json)"), QVariant(), true, false));
  addCheckOutputs();
}

QVariantMap CheckAlgorithm::processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                                             QgsProcessingFeedback* feedback) {
  command::CheckArgs args = read_parameters(command::check_command(), *this, parameters, context);
  const std::optional<LayerSource> layer = layer_parameter(*this, parameters, kSourceLayer, context);
  const QString source = layer ? layer->dataset : sourcePath(parameters, context);
  if (layer) {
    if (args.layer.empty()) args.layer = layer->layer.toStdString();
    args.where = both_conditions(layer->where, args.where);
  }
  std::vector<Check> checks;
  bool parcels_source = false;
  const SourceName source_name(source.toStdString());  // classified once
  try {
    StatedParcelOptions parcels = command::stated_parcel_options(args);
    name_crs_parameter(parcels.input);
    parcels_source = command::takes_layer_of_parcels(args) || is_stated_parcel_source(source_name, parcels);
    if (parcels_source) {
      if (feedback) {
        feedback->pushInfo(
            QObject::tr("Checking the parcels of %1 against their stated areas").arg(shown_source(source)));
      }
      std::vector<Problem> warnings;
      parcels.on_warning = [&warnings](const Problem& warning) { warnings.push_back(warning); };
      checks = check_stated_parcels(source_name, parcels).checks;
      push_warnings(warnings, feedback);
    } else if (layer) {
      throw QgsProcessingException(
          QObject::tr("%1: layer %2 states no parcel areas (no stated_area_ha field)").arg(kSourceLayer, layer->name));
    } else {
      if (parcels.method && !park_checks_accept(*parcels.method)) {
        throw QgsProcessingException(
            QObject::tr("The planar and survey methods are for a layer of parcels stating their areas (a coordinate "
                        "file, land records); a park's stated figures are checked against ellipsoidal areas"));
      }
      if (!args.where.empty()) {
        throw QgsProcessingException(
            QObject::tr("WHERE selects parcels of a coordinate file; a park's layers refer to each other by id, so "
                        "select features before, with convert's WHERE"));
      }
      checks = load(source, parcels.input, feedback).checks;
    }
  } catch (const QgsProcessingException&) {
    throw;
  } catch (const std::exception& e) {
    throw source_error(e, source);
  }
  if (feedback && feedback->isCanceled()) return {};
  QVariantMap results = report(checks, feedback);
  const QString json_path = parameterAsFileOutput(parameters, kReport, context);
  if (!json_path.isEmpty()) {
    QFile file(json_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
      throw QgsProcessingException(QObject::tr("Cannot write %1").arg(json_path));
    }
    file.write(QByteArray::fromStdString(checks_json(checks)));
    results.insert(kReport, json_path);
  }
  if (feedback) feedback->setProgress(100);
  return results;
}

}  // namespace parklayers::qgis
