// SPDX-License-Identifier: GPL-2.0-or-later
#include "build_algorithm.h"

#include <qgsprocessingoutputs.h>

#include "declared_parameters.h"
#include "parklayers/command/build.h"
#include "parklayers/command/values.h"
#include "parklayers/io/convert.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/writer.h"

namespace parklayers::qgis {

QString BuildAlgorithm::name() const { return QStringLiteral("build"); }
QString BuildAlgorithm::displayName() const { return QObject::tr("Build park GeoPackage"); }
QStringList BuildAlgorithm::tags() const {
  return QObject::tr("park,parcels,area,mu,hectare,geopackage,check").split(QLatin1Char(','));
}
QString BuildAlgorithm::shortHelpString() const {
  return QObject::tr(
      "Checks a park source (parcels, buildings, roads, amenities, tenants, stated figures) and "
      "writes its layers, with ellipsoidal areas in m2, mu and ha, the area checks and the park "
      "boundary, to a GeoPackage. Like `parklayers build`.");
}
BuildAlgorithm* BuildAlgorithm::createInstance() const { return new BuildAlgorithm(); }

void BuildAlgorithm::initAlgorithm(const QVariantMap&) {
  add_parameters(
      command::build_command(), [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
      [this](const command::ArgumentInfo& source) {
        addSourceParameters(
            source, QObject::tr("…or a park dataset (a GeoPackage with the park's layers; instead of the folder)"));
      });
  addOutput(new QgsProcessingOutputString(kTables, QObject::tr("Tables written")));
  addCheckOutputs();
}

QVariantMap BuildAlgorithm::processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                                             QgsProcessingFeedback* feedback) {
  const command::BuildArgs args = read_parameters(command::build_command(), *this, parameters, context);
  InputOptions input = command::input_options(args.a_srs, args.encoding, {});
  name_crs_parameter(input);
  const Park park = load(sourcePath(parameters, context), input, feedback);
  if (feedback && feedback->isCanceled()) return {};
  const QString database = output_database(*this, parameters, context);
  if (!database.isEmpty()) {
    // Into the database, in one transaction: tables, styles in public.layer_styles (the
    // laid-out QGIS project is `parklayers build -o PG:`'s, through parklayers-qgis-project).
    PostgresParkOptions options;
    options.schema = output_schema(*this, parameters, context).toStdString();
    options.overwrite = args.overwrite;
    options.progress = [feedback](double done) {
      if (feedback) feedback->setProgress(60.0 + 40.0 * done);
    };
    ConvertResult written;
    try {
      written = write_park_postgres(park, database.toStdString(), options);
    } catch (const std::exception& e) {
      throw source_error(e, database);
    }
    if (feedback) {
      feedback->pushInfo(QObject::tr("Wrote %1 tables into %2").arg(written.tables.size()).arg(shown_source(database)));
    }
    QVariantMap results = report(park.checks, feedback);
    results.insert(kTables, joined(written.tables));
    return results;
  }
  const QString output = parameterAsFileOutput(parameters, QStringLiteral("OUTPUT"), context);
  if (output.isEmpty()) throw QgsProcessingException(QObject::tr("Give OUTPUT or OUTPUT_CONNECTION"));
  try {
    WriteOptions options;
    options.overwrite = true;  // a file destination: QGIS asked before replacing it
    write_park(park, output.toStdString(), options);
  } catch (const std::exception& e) {
    throw QgsProcessingException(QString::fromStdString(e.what()));
  }
  if (feedback) feedback->setProgress(100);
  QVariantMap results = report(park.checks, feedback);
  results.insert(QStringLiteral("OUTPUT"), output);
  return results;
}

}  // namespace parklayers::qgis
