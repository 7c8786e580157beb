// SPDX-License-Identifier: GPL-2.0-or-later
#include "park_algorithm.h"

#include <sstream>

#include <QIcon>

#include <qgsprocessingoutputs.h>
#include <qgsprocessingparameters.h>
#include <qgsvectorlayer.h>

#include "declared_parameters.h"
#include "parklayers/park/report.h"
#include "parklayers/park/source.h"

namespace parklayers::qgis {

const QString kSourceFile = QStringLiteral("SOURCE_FILE");
const QString kConnection = QStringLiteral("CONNECTION");
const QString kSchema = QStringLiteral("SCHEMA");
const QString kTables = QStringLiteral("TABLES");

QString output_database(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                        QgsProcessingContext& context) {
  const QString connection = QgsProcessingParameters::parameterAsConnectionName(
      algorithm.parameterDefinition(kOutputConnection), parameters, context);
  if (connection.isEmpty()) return {};
  QString error;
  const QString database = connection_database(connection, &error);
  if (database.isEmpty()) throw QgsProcessingException(error);
  return database;
}

QString output_schema(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                      QgsProcessingContext& context) {
  return QgsProcessingParameters::parameterAsSchema(algorithm.parameterDefinition(QStringLiteral("OUTPUT_SCHEMA")),
                                                    parameters, context)
      .trimmed();
}

QString joined(const std::vector<std::string>& texts) {
  QStringList list;
  for (const std::string& text : texts) list.append(QString::fromStdString(text));
  return list.join(QLatin1Char(';'));
}

std::optional<LayerSource> layer_parameter(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                                           const QString& name, QgsProcessingContext& context) {
  QgsMapLayer* layer = QgsProcessingParameters::parameterAsVectorLayer(algorithm.parameterDefinition(name), parameters,
                                                                       context);
  if (!layer) return std::nullopt;
  std::optional<LayerSource> source = layer_source(*layer);
  if (!source) {
    throw QgsProcessingException(
        QObject::tr("%1: layer %2 is neither a file nor a PostgreSQL table (its provider is %3)")
            .arg(name, layer->name(), layer->providerType()));
  }
  return source;
}

std::string both_conditions(const QString& first, const std::string& second) {
  const QString other = QString::fromStdString(second).trimmed();
  if (first.trimmed().isEmpty()) return other.toStdString();
  if (other.isEmpty()) return first.trimmed().toStdString();
  return QStringLiteral("(%1) AND (%2)").arg(first.trimmed(), other).toStdString();
}

QgsProcessingException source_error(const std::exception& e, const QString& source) {
  return QgsProcessingException(without_password(QString::fromStdString(e.what()), source));
}

void push_warnings(const std::vector<Problem>& warnings, QgsProcessingFeedback* feedback) {
  if (!feedback) return;
  for (const Problem& warning : warnings) feedback->pushWarning(QString::fromStdString(warning.to_string()));
}

void name_crs_parameter(InputOptions& input) {
  input.assign_crs_hint = QObject::tr("with the parameter SOURCE_CRS").toStdString();
}

QString ParkAlgorithm::group() const { return QObject::tr("Park"); }
QString ParkAlgorithm::groupId() const { return QStringLiteral("park"); }
QIcon ParkAlgorithm::icon() const { return QIcon(QStringLiteral(PARKLAYERS_PLUGIN_ICON)); }

void ParkAlgorithm::addSourceParameters(const command::ArgumentInfo& source, const QString& file_description) {
  auto* folder = new QgsProcessingParameterFile(QString::fromStdString(source.processing), described(source),
                                                QgsProcessingParameterFile::Folder, QString(),
                                                QString::fromStdString(bundled_park_path()), true);
  folder->setHelp(QString::fromStdString(source.details));
  addParameter(folder);
  addParameter(new QgsProcessingParameterFile(kSourceFile, file_description, QgsProcessingParameterFile::File,
                                              QString(), QVariant(), true));
  // Connection names, not connection strings: the password stays in QGIS's settings or auth
  // database, out of Processing's history and logs.
  addParameter(new QgsProcessingParameterProviderConnection(
      kConnection, QObject::tr("…or a PostgreSQL connection saved in QGIS (a park built into a schema)"),
      QStringLiteral("postgres"), QVariant(), true));
  addParameter(new QgsProcessingParameterDatabaseSchema(kSchema, QObject::tr("Schema of the park in that database"),
                                                        kConnection, QVariant(), true));
}

QString ParkAlgorithm::sourcePath(const QVariantMap& parameters, QgsProcessingContext& context) const {
  QString source = parameterAsFile(parameters, kSourceFile, context);
  const QString connection =
      QgsProcessingParameters::parameterAsConnectionName(parameterDefinition(kConnection), parameters, context);
  if (!connection.isEmpty()) {
    if (!source.isEmpty()) throw QgsProcessingException(QObject::tr("Give SOURCE_FILE or CONNECTION, not both"));
    const QString schema = QgsProcessingParameters::parameterAsSchema(parameterDefinition(kSchema), parameters, context);
    if (schema.isEmpty()) {
      throw QgsProcessingException(QObject::tr("CONNECTION %1: give the SCHEMA the park is in").arg(connection));
    }
    QString error;
    const QString database = connection_database(connection, &error);
    if (database.isEmpty()) throw QgsProcessingException(error);
    return park_in_schema(database, schema);
  }
  if (source.isEmpty()) source = parameterAsFile(parameters, QStringLiteral("SOURCE"), context);
  if (source.isEmpty()) source = QString::fromStdString(bundled_park_path());
  return source;
}

void ParkAlgorithm::addInputParameters(const QString& description, int layer_type) {
  addParameter(new QgsProcessingParameterFile(QStringLiteral("INPUT"), description, QgsProcessingParameterFile::File,
                                              QString(), QVariant(), true));
  addParameter(new QgsProcessingParameterVectorLayer(
      QStringLiteral("INPUT_LAYER"),
      QObject::tr("…or a layer of the project (a file's, a PostgreSQL table), with its filter"), {layer_type},
      QVariant(), true));
}

std::pair<QString, std::optional<LayerSource>> ParkAlgorithm::inputSource(const QVariantMap& parameters,
                                                                          QgsProcessingContext& context) const {
  const std::optional<LayerSource> layer = layer_parameter(*this, parameters, QStringLiteral("INPUT_LAYER"), context);
  const QString file = parameterAsFile(parameters, QStringLiteral("INPUT"), context);
  if (layer && !file.isEmpty()) throw QgsProcessingException(QObject::tr("Give INPUT or INPUT_LAYER, not both"));
  const QString input = layer ? layer->dataset : file;
  if (input.isEmpty()) throw QgsProcessingException(QObject::tr("Give INPUT or INPUT_LAYER"));
  return {input, layer};
}

void ParkAlgorithm::addCheckOutputs() {
  addOutput(new QgsProcessingOutputNumber(QStringLiteral("PASSED"), QObject::tr("Checks passed")));
  addOutput(new QgsProcessingOutputNumber(QStringLiteral("FAILED"), QObject::tr("Checks failed")));
  addOutput(new QgsProcessingOutputNumber(QStringLiteral("INCOMPLETE"), QObject::tr("Checks incomplete")));
  addOutput(new QgsProcessingOutputBoolean(QStringLiteral("ALL_PASS"),
                                           QObject::tr("Every check passes or is incomplete")));
}

Park ParkAlgorithm::load(const QString& source, const InputOptions& input, QgsProcessingFeedback* feedback) const {
  if (feedback) {
    feedback->pushInfo(QObject::tr("Reading and checking %1").arg(shown_source(source)));
    feedback->setProgress(5);
  }
  try {
    ReadOptions options;
    options.input = input;
    Park park = load_park(SourceName(source.toStdString()), options);
    push_warnings(park.source.warnings, feedback);
    if (feedback) feedback->setProgress(60);
    return park;
  } catch (const std::exception& e) {
    throw source_error(e, source);
  }
}

QVariantMap ParkAlgorithm::report(const std::vector<Check>& checks, QgsProcessingFeedback* feedback) {
  int counts[3] = {0, 0, 0};
  for (const Check& check : checks) {
    counts[check.status == CheckStatus::Pass ? 0 : check.status == CheckStatus::Fail ? 1 : 2]++;
  }
  if (feedback) {
    std::istringstream lines(check_table(checks));
    for (std::string line; std::getline(lines, line);) feedback->pushCommandInfo(QString::fromStdString(line));
    for (const Check& check : checks) {
      if (check.status != CheckStatus::Fail) continue;
      feedback->reportError(QObject::tr("%1 (%2 %3) fails: stated %4, computed %5 %6")
                                .arg(QString::fromStdString(check.id), QString::fromStdString(check.subject),
                                     QString::fromStdString(check.quantity), QString::fromStdString(check.value_text))
                                .arg(check.computed.value_or(0.0))
                                .arg(QString::fromLatin1(unit_symbol(check.reading.unit))),
                            false);
    }
  }
  return {{QStringLiteral("PASSED"), counts[0]},
          {QStringLiteral("FAILED"), counts[1]},
          {QStringLiteral("INCOMPLETE"), counts[2]},
          {QStringLiteral("ALL_PASS"), all_pass(checks)}};
}

}  // namespace parklayers::qgis
