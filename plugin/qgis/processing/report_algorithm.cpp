// SPDX-License-Identifier: GPL-2.0-or-later
#include "report_algorithm.h"

#include <QTemporaryDir>

#include <qgsprintlayout.h>
#include <qgsproject.h>

#include "declared_parameters.h"
#include "parklayers/command/report.h"
#include "parklayers/command/values.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/park/sheet.h"
#include "parklayers/park/stated_parcels.h"
#include "report_layout.h"

namespace parklayers::qgis {

QString ReportAlgorithm::name() const { return QStringLiteral("report"); }
QString ReportAlgorithm::displayName() const { return QObject::tr("Park report sheet (PDF)"); }
QStringList ReportAlgorithm::tags() const {
  return QObject::tr("park,report,pdf,map,sheet,layout,check,stated").split(QLatin1Char(','));
}
QString ReportAlgorithm::shortHelpString() const {
  return QObject::tr(
      "Writes the park and its checks as a PDF map sheet: the styled map with legend, scale bar and "
      "north arrow, every stated figure checked with its status and sources, and how good the "
      "geometry is, in English or Chinese. The source is a park (a folder, a park dataset, a built "
      "park GeoPackage, a schema of a database) or a coordinate file. Like `parklayers report`.");
}
QgsProcessingAlgorithm::Flags ReportAlgorithm::flags() const { return ParkAlgorithm::flags() | FlagNoThreading; }
ReportAlgorithm* ReportAlgorithm::createInstance() const { return new ReportAlgorithm(); }

void ReportAlgorithm::initAlgorithm(const QVariantMap&) {
  add_parameters(
      command::report_command(), [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
      [this](const command::ArgumentInfo& source) {
        addSourceParameters(source, QObject::tr("…or a file: a built park GeoPackage, a park dataset or a coordinate "
                                                "file (instead of the folder)"));
      });
  addCheckOutputs();
}

QVariantMap ReportAlgorithm::processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                                              QgsProcessingFeedback* feedback) {
  const command::ReportArgs args = read_parameters(command::report_command(), *this, parameters, context);
  const QString source = sourcePath(parameters, context);
  const QString pdf = parameterAsFileOutput(parameters, QStringLiteral("OUTPUT"), context);
  const Language language = command::language_of(args.lang);
  const Paper paper = args.paper == "A3" ? Paper::A3 : Paper::A4;
  const QTemporaryDir work;
  if (!work.isValid()) throw QgsProcessingException(QObject::tr("Cannot make a temporary folder"));
  const QString gpkg = work.filePath(QStringLiteral("park.gpkg"));
  try {
    StatedParcelOptions parcels;
    parcels.layer = args.layer;
    parcels.input = command::input_options(args.a_srs, args.encoding, args.where);
    name_crs_parameter(parcels.input);
    parcels.on_warning = [feedback](const Problem& warning) { push_warnings({warning}, feedback); };
    write_sheet_park(SourceName(source.toStdString()), gpkg.toStdString(), parcels, [&] {
      if (!args.where.empty()) {
        throw QgsProcessingException(
            QObject::tr("WHERE selects parcels of a coordinate file; a park's layers refer to each other by id, so "
                        "select features before, with convert's WHERE"));
      }
      return load(source, parcels.input, feedback);
    });
  } catch (const QgsProcessingException&) {
    throw;
  } catch (const std::exception& e) {
    throw source_error(e, source);
  }
  if (feedback) {
    if (feedback->isCanceled()) return {};
    feedback->pushInfo(QObject::tr("Laying out the sheet"));
    feedback->setProgress(70);
  }
  QgsProject project;
  QString error;
  QgsPrintLayout* layout = lay_out_report(project, gpkg, language, paper, &error, args.points);
  bool written = false;
  if (layout) {
    try {
      // Whole or not at all, like every output of Park Layers.
      AtomicOutput output(pdf.toStdString(), /*overwrite=*/true, {source.toStdString()});
      written = export_report(*layout, QString::fromStdString(output.temp_path()), QString(), &error);
      if (written) output.commit();
    } catch (const std::exception& e) {
      error = QString::fromStdString(e.what());
      written = false;
    }
  }
  project.clear();  // the layout and the layers, before the park's GeoPackage is removed
  if (!written) throw QgsProcessingException(error);
  if (feedback) feedback->setProgress(100);
  std::vector<Check> checks;
  try {
    checks = read_sheet_facts(gpkg.toStdString()).checks;
  } catch (const std::exception& e) {
    throw QgsProcessingException(QString::fromStdString(e.what()));
  }
  QVariantMap results = report(checks, feedback);
  results.insert(QStringLiteral("OUTPUT"), pdf);
  return results;
}

}  // namespace parklayers::qgis
