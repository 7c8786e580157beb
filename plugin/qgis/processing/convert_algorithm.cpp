// SPDX-License-Identifier: GPL-2.0-or-later
#include "convert_algorithm.h"

#include <stdexcept>

#include <QDir>

#include <qgsprocessingoutputs.h>
#include <qgsprocessingparameters.h>

#include "declared_parameters.h"
#include "parklayers/command/convert.h"
#include "parklayers/command/values.h"
#include "parklayers/io/convert.h"

namespace parklayers::qgis {
namespace {

const QString kOutput = QStringLiteral("OUTPUT");

}  // namespace

QString ConvertAlgorithm::name() const { return QStringLiteral("convert"); }
QString ConvertAlgorithm::displayName() const { return QObject::tr("Convert to several formats"); }
QStringList ConvertAlgorithm::tags() const {
  return QObject::tr("convert,export,geojson,shapefile,flatgeobuf,csv,kml,geopackage,baopan,coordinate file")
      .split(QLatin1Char(','));
}
QString ConvertAlgorithm::shortHelpString() const {
  return QObject::tr(
      "Writes every layer of a vector source (a built park GeoPackage, a folder, any OGR "
      "dataset, a coordinate file, a DXF) in each chosen format into the output folder, "
      "optionally reprojected. BAOPAN is the land-parcel coordinate file (坐标报盘 TXT): its "
      "layers must be in a Chinese Gauss-Kruger CRS (give one as the target CRS). Outputs appear "
      "only when the whole conversion succeeds. Like `parklayers convert`.");
}
ConvertAlgorithm* ConvertAlgorithm::createInstance() const { return new ConvertAlgorithm(); }

void ConvertAlgorithm::initAlgorithm(const QVariantMap&) {
  add_parameters(
      command::convert_command(), [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
      [this](const command::ArgumentInfo&) {
        addInputParameters(QObject::tr("Input dataset"), static_cast<int>(QgsProcessing::TypeVector));
      });
  addOutput(new QgsProcessingOutputString(kTables, QObject::tr("Tables written")));
  addOutput(new QgsProcessingOutputString(QStringLiteral("FILES"), QObject::tr("Files written")));
}

QVariantMap ConvertAlgorithm::processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                                               QgsProcessingFeedback* feedback) {
  const command::ConvertArgs args = read_parameters(command::convert_command(), *this, parameters, context);
  const auto [input, input_layer] = inputSource(parameters, context);
  const QString database = output_database(*this, parameters, context);
  const QString folder = database.isEmpty() ? parameterAsString(parameters, kOutput, context) : database;
  if (folder.isEmpty()) throw QgsProcessingException(QObject::tr("Give OUTPUT or OUTPUT_CONNECTION"));
  ConvertOptions options;
  options.input = command::input_options(args.a_srs, args.encoding,
                                         both_conditions(input_layer ? input_layer->where : QString(), args.where));
  name_crs_parameter(options.input);
  // A table's outputs are named after it (a database has no file name to take).
  if (input_layer) options.names = {input_layer->name.toStdString()};
  if (args.txt_encoding == "GBK") options.txt_encoding = "GBK";
  options.csv_wkt = args.csv_wkt;
  command::ConvertFormats formats;
  try {
    formats = command::convert_formats_of(args.formats);
  } catch (const std::exception& e) {
    throw QgsProcessingException(QString::fromStdString(e.what()));
  }
  options.formats = formats.formats;
  if (!database.isEmpty()) {
    // One transaction into the database: no files in the same run.
    options.formats = {Format::PostgreSQL};
    options.schema = output_schema(*this, parameters, context).toStdString();
  }
  options.target_crs = args.t_srs;
  options.overwrite = args.overwrite;
  options.progress = [feedback](double done) {
    if (!feedback) return;
    // Cancelling throws out of the conversion, which then leaves no output behind.
    if (feedback->isCanceled()) throw std::runtime_error("cancelled");
    feedback->setProgress(100.0 * done);
  };
  if (database.isEmpty()) QDir().mkpath(folder);
  ConvertResult result;
  try {
    result = command::run_convert(args, {SourceName(input.toStdString())}, folder.toStdString(), options,
                                  formats.point_workbooks);
  } catch (const std::exception& e) {
    if (feedback && feedback->isCanceled()) return {};
    throw source_error(e, input);
  }
  QStringList files;
  for (const std::string& file : result.files) files.append(QString::fromStdString(file));
  if (feedback) {
    push_warnings(result.warnings, feedback);
    for (const ConvertedLayer& layer : result.layers) {
      feedback->pushInfo(QObject::tr("%1: %2 features").arg(QString::fromStdString(layer.layer)).arg(layer.features));
    }
  }
  if (!database.isEmpty()) {
    if (feedback) {
      feedback->pushInfo(QObject::tr("Wrote %1 tables into %2").arg(result.tables.size()).arg(shown_source(database)));
    }
    return {{kTables, joined(result.tables)}};
  }
  return {{kOutput, folder}, {QStringLiteral("FILES"), files.join(QLatin1Char(';'))}};
}

}  // namespace parklayers::qgis
