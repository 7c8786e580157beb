#include "processing_provider.h"

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <sstream>
#include <string>

#include <QDir>
#include <QFile>
#include <QIcon>
#include <QTemporaryDir>

#include <qgsexception.h>
#include <qgslayoutpagecollection.h>
#include <qgsprintlayout.h>
#include <qgsprocessingalgorithm.h>
#include <qgsprocessingfeedback.h>
#include <qgsprocessingoutputs.h>
#include <qgsprocessingparameters.h>
#include <qgsvectorlayer.h>

#include "database_source.h"
#include "load_source_dialog.h"  // assign_crs_text
#include "report_layout.h"
#include "parklayers/io/atomic_output.h"
#include "parklayers/io/postgres.h"
#include "parklayers/park/park.h"
#include "parklayers/park/report.h"
#include "parklayers/park/sheet.h"
#include "parklayers/park/source.h"
#include "parklayers/park/stated_parcels.h"
#include "parklayers/park/writer.h"
#include "parklayers/io/convert.h"

namespace parklayers::qgis {
namespace {

const QString kSource = QStringLiteral("SOURCE");
const QString kOutput = QStringLiteral("OUTPUT");
const QString kReport = QStringLiteral("REPORT");
const QString kSourceFile = QStringLiteral("SOURCE_FILE");
const QString kSourceCrs = QStringLiteral("SOURCE_CRS");
const QString kEncoding = QStringLiteral("ENCODING");
const QString kMethod = QStringLiteral("METHOD");
const QString kLayer = QStringLiteral("LAYER");
const QString kStated = QStringLiteral("STATED");
const QString kUnit = QStringLiteral("UNIT");
const QString kOverlaps = QStringLiteral("OVERLAPS");
const QString kWhere = QStringLiteral("WHERE");
const QString kTxtEncoding = QStringLiteral("TXT_ENCODING");
const QString kConnection = QStringLiteral("CONNECTION");
const QString kSchema = QStringLiteral("SCHEMA");
const QString kSourceLayer = QStringLiteral("SOURCE_LAYER");
const QString kInput = QStringLiteral("INPUT");
const QString kInputLayer = QStringLiteral("INPUT_LAYER");
const QString kPostgres = QStringLiteral("postgres");
const QString kOutputConnection = QStringLiteral("OUTPUT_CONNECTION");
const QString kOutputSchema = QStringLiteral("OUTPUT_SCHEMA");
const QString kOverwrite = QStringLiteral("OVERWRITE");
const QString kTables = QStringLiteral("TABLES");
const QString kLanguage = QStringLiteral("LANGUAGE");
const QString kPaper = QStringLiteral("PAPER");

// OUTPUT_CONNECTION and OUTPUT_SCHEMA: a database to write into instead of files.
void add_database_output_parameters(const std::function<void(QgsProcessingParameterDefinition*)>& add,
                                    const QString& schema_description) {
  add(new QgsProcessingParameterProviderConnection(
      kOutputConnection, QObject::tr("…or into a PostgreSQL database: a connection saved in QGIS"), kPostgres,
      QVariant(), true));
  add(new QgsProcessingParameterDatabaseSchema(kOutputSchema, schema_description, kOutputConnection, QVariant(),
                                               true));
}

// GDAL's name of the database OUTPUT_CONNECTION names, or empty when none is given.
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
  return QgsProcessingParameters::parameterAsSchema(algorithm.parameterDefinition(kOutputSchema), parameters, context)
      .trimmed();
}

QString joined(const std::vector<std::string>& texts) {
  QStringList list;
  for (const std::string& text : texts) list.append(QString::fromStdString(text));
  return list.join(QLatin1Char(';'));
}

// The source of a layer parameter as the core reads it; nullopt when none is given. A layer of
// a provider the core cannot read (a memory layer, a web service) is refused.
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

// Both conditions, for a layer's own filter and the WHERE parameter.
std::string both_conditions(const QString& first, const QString& second) {
  if (first.trimmed().isEmpty()) return second.trimmed().toStdString();
  if (second.trimmed().isEmpty()) return first.trimmed().toStdString();
  return QStringLiteral("(%1) AND (%2)").arg(first.trimmed(), second.trimmed()).toStdString();
}

// The core's message, with any password a library quoted in it hidden.
QgsProcessingException source_error(const std::exception& e, const QString& source) {
  return QgsProcessingException(without_password(QString::fromStdString(e.what()), source));
}

// The parameters every algorithm reads its sources with: SOURCE_CRS (--a_srs), ENCODING.
void add_input_parameters(const std::function<void(QgsProcessingParameterDefinition*)>& add) {
  add(new QgsProcessingParameterCrs(
      kSourceCrs, QObject::tr("CRS of a source that states none (or instead of its own)"), QVariant(), true));
  add(new QgsProcessingParameterString(
      kEncoding, QObject::tr("Encoding of its texts (e.g. GBK; default: as the files say, else UTF-8 or GBK)"),
      QVariant(), false, true));
}

InputOptions input_options(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                           QgsProcessingContext& context) {
  InputOptions input;
  input.assign_crs = assign_crs_text(
      QgsProcessingParameters::parameterAsCrs(algorithm.parameterDefinition(kSourceCrs), parameters, context));
  input.encoding = QgsProcessingParameters::parameterAsString(algorithm.parameterDefinition(kEncoding), parameters, context)
                       .trimmed()
                       .toStdString();
  input.assign_crs_hint = QObject::tr("with the parameter SOURCE_CRS").toStdString();
  return input;
}

void push_warnings(const std::vector<Problem>& warnings, QgsProcessingFeedback* feedback) {
  if (!feedback) return;
  for (const Problem& warning : warnings) feedback->pushWarning(QString::fromStdString(warning.to_string()));
}

// Base of the algorithms: the park source parameter, loading it with progress and the check
// counts as outputs.
class ParkAlgorithm : public QgsProcessingAlgorithm {
 public:
  QString group() const override { return QObject::tr("Park"); }
  QString groupId() const override { return QStringLiteral("park"); }
  QIcon icon() const override { return QIcon(QStringLiteral(PARKLAYERS_PLUGIN_ICON)); }

 protected:
  // SOURCE, a folder, or SOURCE_FILE, a file (which wins when given): QGIS 3.22's file
  // parameter picks either a file or a folder, never both. Then SOURCE_CRS and ENCODING.
  void addSourceParameters(const QString& file_description) {
    addParameter(new QgsProcessingParameterFile(
        kSource, QObject::tr("Park source folder (one file per layer; default: the bundled Anting park)"),
        QgsProcessingParameterFile::Folder, QString(), QString::fromStdString(bundled_park_path()), true));
    addParameter(new QgsProcessingParameterFile(kSourceFile, file_description, QgsProcessingParameterFile::File,
                                                QString(), QVariant(), true));
    // Connection names, not connection strings: the password stays in QGIS's settings or auth
    // database, out of Processing's history and logs.
    addParameter(new QgsProcessingParameterProviderConnection(
        kConnection, QObject::tr("…or a PostgreSQL connection saved in QGIS (a park built into a schema)"), kPostgres,
        QVariant(), true));
    addParameter(new QgsProcessingParameterDatabaseSchema(kSchema, QObject::tr("Schema of the park in that database"),
                                                          kConnection, QVariant(), true));
    add_input_parameters([this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); });
  }

  // The file, the park in a database's schema, or the folder. A database's name may hold its
  // password: messages show shown_source() of it.
  QString sourcePath(const QVariantMap& parameters, QgsProcessingContext& context) const {
    QString source = parameterAsFile(parameters, kSourceFile, context);
    const QString connection =
        QgsProcessingParameters::parameterAsConnectionName(parameterDefinition(kConnection), parameters, context);
    if (!connection.isEmpty()) {
      if (!source.isEmpty()) {
        throw QgsProcessingException(QObject::tr("Give SOURCE_FILE or CONNECTION, not both"));
      }
      const QString schema =
          QgsProcessingParameters::parameterAsSchema(parameterDefinition(kSchema), parameters, context);
      if (schema.isEmpty()) {
        throw QgsProcessingException(QObject::tr("CONNECTION %1: give the SCHEMA the park is in").arg(connection));
      }
      QString error;
      const QString database = connection_database(connection, &error);
      if (database.isEmpty()) throw QgsProcessingException(error);
      return park_in_schema(database, schema);
    }
    if (source.isEmpty()) source = parameterAsFile(parameters, kSource, context);
    if (source.isEmpty()) source = QString::fromStdString(bundled_park_path());
    return source;
  }

  void addCheckOutputs() {
    addOutput(new QgsProcessingOutputNumber(QStringLiteral("PASSED"), QObject::tr("Checks passed")));
    addOutput(new QgsProcessingOutputNumber(QStringLiteral("FAILED"), QObject::tr("Checks failed")));
    addOutput(new QgsProcessingOutputNumber(QStringLiteral("INCOMPLETE"), QObject::tr("Checks incomplete")));
    addOutput(new QgsProcessingOutputBoolean(QStringLiteral("ALL_PASS"),
                                             QObject::tr("Every check passes or is incomplete")));
  }

  Park load(const QString& source, const QVariantMap& parameters, QgsProcessingContext& context,
            QgsProcessingFeedback* feedback) const {
    if (feedback) {
      feedback->pushInfo(QObject::tr("Reading and checking %1").arg(shown_source(source)));
      feedback->setProgress(5);
    }
    try {
      ReadOptions options;
      options.input = input_options(*this, parameters, context);
      Park park = load_park(source.toStdString(), options);
      push_warnings(park.source.warnings, feedback);
      if (feedback) feedback->setProgress(60);
      return park;
    } catch (const std::exception& e) {
      throw source_error(e, source);
    }
  }

  static QVariantMap report(const std::vector<Check>& checks, QgsProcessingFeedback* feedback) {
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
                                       QString::fromStdString(check.quantity),
                                       QString::fromStdString(check.value_text))
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
};

class BuildAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override { return QStringLiteral("build"); }
  QString displayName() const override { return QObject::tr("Build park GeoPackage"); }
  QStringList tags() const override {
    return QObject::tr("park,parcels,area,mu,hectare,geopackage,check").split(QLatin1Char(','));
  }
  QString shortHelpString() const override {
    return QObject::tr(
        "Checks a park source (parcels, buildings, roads, amenities, tenants, stated figures) and "
        "writes its layers, with ellipsoidal areas in m2, mu and ha, the area checks and the park "
        "boundary, to a GeoPackage. Like `parklayers build`.");
  }
  BuildAlgorithm* createInstance() const override { return new BuildAlgorithm(); }

  void initAlgorithm(const QVariantMap& = QVariantMap()) override {
    addSourceParameters(QObject::tr("…or a park dataset (a GeoPackage with the park's layers; instead of the folder)"));
    addParameter(new QgsProcessingParameterFileDestination(
        kOutput, QObject::tr("Built park"), QObject::tr("GeoPackage (*.gpkg);;SQLite (*.sqlite)"), QVariant(), true));
    add_database_output_parameters(
        [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
        QObject::tr("Schema to build the park into (default: anting_park for the bundled park, else the source "
                    "folder's name)"));
    addParameter(new QgsProcessingParameterBoolean(
        kOverwrite, QObject::tr("Replace the schema if it exists (a database output)"), false));
    addOutput(new QgsProcessingOutputString(kTables, QObject::tr("Tables written")));
    addCheckOutputs();
  }

  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override {
    const Park park = load(sourcePath(parameters, context), parameters, context, feedback);
    if (feedback && feedback->isCanceled()) return {};
    const QString database = output_database(*this, parameters, context);
    if (!database.isEmpty()) {
      // Into the database, in one transaction: tables, styles in public.layer_styles (the
      // laid-out QGIS project is `parklayers build -o PG:`'s, through parklayers-qgis-project).
      PostgresParkOptions options;
      options.schema = output_schema(*this, parameters, context).toStdString();
      options.overwrite = parameterAsBool(parameters, kOverwrite, context);
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
        feedback->pushInfo(
            QObject::tr("Wrote %1 tables into %2").arg(written.tables.size()).arg(shown_source(database)));
      }
      QVariantMap results = report(park.checks, feedback);
      results.insert(kTables, joined(written.tables));
      return results;
    }
    const QString output = parameterAsFileOutput(parameters, kOutput, context);
    if (output.isEmpty()) throw QgsProcessingException(QObject::tr("Give OUTPUT or OUTPUT_CONNECTION"));
    try {
      WriteOptions options;
      options.overwrite = true;
      write_park(park, output.toStdString(), options);
    } catch (const std::exception& e) {
      throw QgsProcessingException(QString::fromStdString(e.what()));
    }
    if (feedback) feedback->setProgress(100);
    QVariantMap results = report(park.checks, feedback);
    results.insert(kOutput, output);
    return results;
  }
};

class CheckAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override { return QStringLiteral("check"); }
  QString displayName() const override { return QObject::tr("Check park against stated figures"); }
  QStringList tags() const override {
    return QObject::tr("park,parcels,area,mu,hectare,check,stated").split(QLatin1Char(','));
  }
  QString shortHelpString() const override {
    return QObject::tr(
        "Checks a park source against the figures its sources state (\"13.5 mu\", \"nearly "
        "90,000 m2\"), or a land-parcel coordinate file (坐标报盘, or any layer with a "
        "stated_area_ha field) against the parcel areas it states, and reports each as pass, fail or "
        "incomplete; optionally writes the checks as JSON. A coordinate file's parcels are measured "
        "planar by default, on its own Gauss-Kruger plane, as its areas were computed; a park's "
        "figures only ellipsoidal. Like `parklayers check`.");
  }
  CheckAlgorithm* createInstance() const override { return new CheckAlgorithm(); }

  void initAlgorithm(const QVariantMap& = QVariantMap()) override {
    addSourceParameters(QObject::tr("…or a file: a coordinate file (.txt), a layer of parcels stating their "
                                    "areas, or a park dataset (instead of the folder)"));
    addParameter(new QgsProcessingParameterEnum(
        kMethod, QObject::tr("How parcel areas are measured (default: planar for a coordinate file, ellipsoidal "
                             "for a park)"),
        {QStringLiteral("planar"), QStringLiteral("ellipsoidal")}, false, QVariant(), true));
    addParameter(new QgsProcessingParameterString(
        kLayer, QObject::tr("Layer of parcels (when the file has several; a table, schema.table, in a database)"),
        QVariant(), false, true));
    addParameter(new QgsProcessingParameterVectorLayer(
        kSourceLayer, QObject::tr("…or a layer of the project stating its parcel areas (a file's, a PostgreSQL table)"),
        {static_cast<int>(QgsProcessing::TypeVectorPolygon)}, QVariant(), true));
    addParameter(new QgsProcessingParameterString(
        kStated, QObject::tr("Field stating each parcel's area (default stated_area_ha; TBMJ for a 三调 layer)"),
        QVariant(), false, true));
    addParameter(new QgsProcessingParameterEnum(
        kUnit, QObject::tr("Unit of the stated areas (default: from the field's name: _ha, _mu, _m2, TBMJ m2)"),
        {QStringLiteral("m2"), QStringLiteral("mu"), QStringLiteral("ha")}, false, QVariant(), true));
    addParameter(new QgsProcessingParameterBoolean(
        kOverlaps, QObject::tr("Also check that no two parcels overlap (a spatial index; on PostGIS, the database's)"),
        false, true));
    addParameter(new QgsProcessingParameterFileDestination(kReport, QObject::tr("Checks as JSON"),
                                                           QObject::tr("JSON (*.json)"), QVariant(), true,
                                                           false));
    addCheckOutputs();
  }

  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override {
    const std::optional<LayerSource> layer = layer_parameter(*this, parameters, kSourceLayer, context);
    const QString source = layer ? layer->dataset : sourcePath(parameters, context);
    std::optional<AreaMethod> method;
    const QVariant method_value = parameters.value(kMethod);
    if (method_value.isValid() && !method_value.isNull() && !method_value.toString().isEmpty()) {
      method = parameterAsEnum(parameters, kMethod, context) == 0 ? AreaMethod::Planar : AreaMethod::Ellipsoidal;
    }
    StatedParcelOptions parcels;
    parcels.layer = parameterAsString(parameters, kLayer, context).toStdString();
    parcels.input = input_options(*this, parameters, context);
    if (layer) {
      if (parcels.layer.empty()) parcels.layer = layer->layer.toStdString();
      parcels.input.where = layer->where.toStdString();
    }
    parcels.method = method;
    parcels.stated_field = parameterAsString(parameters, kStated, context).trimmed().toStdString();
    const QVariant unit_value = parameters.value(kUnit);
    if (unit_value.isValid() && !unit_value.isNull() && !unit_value.toString().isEmpty()) {
      static const Unit kUnits[] = {Unit::SquareMetre, Unit::Mu, Unit::Hectare};
      parcels.unit = kUnits[parameterAsEnum(parameters, kUnit, context)];
    }
    parcels.overlaps = parameterAsBoolean(parameters, kOverlaps, context);
    std::vector<Check> checks;
    bool parcels_source = false;
    try {
      parcels_source = parcels.overlaps || is_stated_parcel_source(source.toStdString(), parcels);
      if (parcels_source) {
        if (feedback) {
          feedback->pushInfo(
              QObject::tr("Checking the parcels of %1 against their stated areas").arg(shown_source(source)));
        }
        std::vector<Problem> warnings;
        parcels.on_warning = [&warnings](const Problem& warning) { warnings.push_back(warning); };
        checks = check_stated_parcels(source.toStdString(), parcels).checks;
        push_warnings(warnings, feedback);
      }
    } catch (const std::exception& e) {
      throw source_error(e, source);
    }
    if (!parcels_source && layer) {
      throw QgsProcessingException(
          QObject::tr("%1: layer %2 states no parcel areas (no stated_area_ha field)").arg(kSourceLayer, layer->name));
    }
    if (!parcels_source) {
      if (method && !park_checks_accept(*method)) {
        throw QgsProcessingException(
            QObject::tr("The planar method is for a layer of parcels stating their areas (a coordinate file); a "
                        "park's stated figures are checked against ellipsoidal areas"));
      }
      checks = load(source, parameters, context, feedback).checks;
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
};

// The park and its checks as a PDF map sheet: the layout of report_layout.h on the park built
// from the source (like `parklayers report`).
class ReportAlgorithm : public ParkAlgorithm {
 public:
  QString name() const override { return QStringLiteral("report"); }
  QString displayName() const override { return QObject::tr("Park report sheet (PDF)"); }
  QStringList tags() const override {
    return QObject::tr("park,report,pdf,map,sheet,layout,check,stated").split(QLatin1Char(','));
  }
  QString shortHelpString() const override {
    return QObject::tr(
        "Writes the park and its checks as a PDF map sheet: the styled map with legend, scale bar and "
        "north arrow, every stated figure checked with its status and sources, and how good the "
        "geometry is, in English or Chinese. The source is a park (a folder, a park dataset, a built "
        "park GeoPackage, a schema of a database) or a coordinate file. Like `parklayers report`.");
  }
  // Print layouts are laid out and exported on the main thread.
  Flags flags() const override { return ParkAlgorithm::flags() | FlagNoThreading; }
  ReportAlgorithm* createInstance() const override { return new ReportAlgorithm(); }

  void initAlgorithm(const QVariantMap& = QVariantMap()) override {
    addSourceParameters(QObject::tr("…or a file: a built park GeoPackage, a park dataset or a coordinate file "
                                    "(instead of the folder)"));
    addParameter(new QgsProcessingParameterEnum(kLanguage, QObject::tr("Language of the sheet"),
                                                {QStringLiteral("English"), QStringLiteral("中文")}, false, 0));
    addParameter(new QgsProcessingParameterEnum(kPaper, QObject::tr("Paper (landscape)"),
                                                {QStringLiteral("A4"), QStringLiteral("A3")}, false, 0));
    addParameter(
        new QgsProcessingParameterFileDestination(kOutput, QObject::tr("Report sheet"), QObject::tr("PDF (*.pdf)")));
    addCheckOutputs();
  }

  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override {
    const QString source = sourcePath(parameters, context);
    const QString pdf = parameterAsFileOutput(parameters, kOutput, context);
    const Language language = parameterAsEnum(parameters, kLanguage, context) == 1 ? Language::Chinese
                                                                                    : Language::English;
    const Paper paper = parameterAsEnum(parameters, kPaper, context) == 1 ? Paper::A3 : Paper::A4;
    const QTemporaryDir work;
    if (!work.isValid()) throw QgsProcessingException(QObject::tr("Cannot make a temporary folder"));
    const QString gpkg = work.filePath(QStringLiteral("park.gpkg"));
    try {
      StatedParcelOptions parcels;
      parcels.input = input_options(*this, parameters, context);
      parcels.on_warning = [feedback](const Problem& warning) { push_warnings({warning}, feedback); };
      write_sheet_park(source.toStdString(), gpkg.toStdString(), parcels,
                       [&] { return load(source, parameters, context, feedback); });
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
    QgsPrintLayout* layout = lay_out_report(project, gpkg, language, paper, &error);
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
    results.insert(kOutput, pdf);
    return results;
  }
};

// Every layer of any OGR source written to several formats, optionally in another CRS: the
// core's convert (like `parklayers convert`).
class ConvertAlgorithm : public QgsProcessingAlgorithm {
 public:
  QString name() const override { return QStringLiteral("convert"); }
  QString displayName() const override { return QObject::tr("Convert to several formats"); }
  QString group() const override { return QObject::tr("Park"); }
  QString groupId() const override { return QStringLiteral("park"); }
  QIcon icon() const override { return QIcon(QStringLiteral(PARKLAYERS_PLUGIN_ICON)); }
  QStringList tags() const override {
    return QObject::tr("convert,export,geojson,shapefile,flatgeobuf,csv,kml,geopackage,baopan,coordinate file")
        .split(QLatin1Char(','));
  }
  QString shortHelpString() const override {
    return QObject::tr(
        "Writes every layer of a vector source (a built park GeoPackage, a folder, any OGR "
        "dataset, a coordinate file, a DXF) in each chosen format into the output folder, "
        "optionally reprojected. BAOPAN is the land-parcel coordinate file (坐标报盘 TXT): its "
        "layers must be in a Chinese Gauss-Kruger CRS (give one as the target CRS). Outputs appear "
        "only when the whole conversion succeeds. Like `parklayers convert`.");
  }
  ConvertAlgorithm* createInstance() const override { return new ConvertAlgorithm(); }

  void initAlgorithm(const QVariantMap& = QVariantMap()) override {
    addParameter(new QgsProcessingParameterFile(kInput, QObject::tr("Input dataset"), QgsProcessingParameterFile::File,
                                                QString(), QVariant(), true));
    addParameter(new QgsProcessingParameterVectorLayer(
        kInputLayer, QObject::tr("…or a layer of the project (a file's, a PostgreSQL table), with its filter"),
        {static_cast<int>(QgsProcessing::TypeVector)}, QVariant(), true));
    addParameter(new QgsProcessingParameterEnum(QStringLiteral("FORMATS"), QObject::tr("Formats"),
                                                formatNames(), true, QVariantList{0}));
    addParameter(new QgsProcessingParameterCrs(QStringLiteral("TARGET_CRS"), QObject::tr("Target CRS"),
                                               QVariant(), true));
    add_input_parameters([this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); });
    addParameter(new QgsProcessingParameterString(
        kWhere, QObject::tr("Only the features where (an OGR SQL condition)"), QVariant(), false, true));
    addParameter(new QgsProcessingParameterEnum(kTxtEncoding, QObject::tr("Encoding of coordinate files written"),
                                                {QStringLiteral("UTF-8"), QStringLiteral("GBK")}, false, 0));
    addParameter(new QgsProcessingParameterBoolean(QStringLiteral("OVERWRITE"),
                                                   QObject::tr("Replace existing outputs"), false));
    addParameter(new QgsProcessingParameterFolderDestination(kOutput, QObject::tr("Output folder"), QVariant(), true));
    add_database_output_parameters(
        [this](QgsProcessingParameterDefinition* parameter) { addParameter(parameter); },
        QObject::tr("Schema to write every layer into (default: a schema per input, named after it; FORMATS "
                    "is then not used)"));
    addOutput(new QgsProcessingOutputString(kTables, QObject::tr("Tables written")));
    addOutput(new QgsProcessingOutputString(QStringLiteral("FILES"), QObject::tr("Files written")));
  }

  QVariantMap processAlgorithm(const QVariantMap& parameters, QgsProcessingContext& context,
                               QgsProcessingFeedback* feedback) override {
    const std::optional<LayerSource> input_layer = layer_parameter(*this, parameters, kInputLayer, context);
    const QString input = input_layer ? input_layer->dataset : parameterAsFile(parameters, kInput, context);
    if (input.isEmpty()) throw QgsProcessingException(QObject::tr("Give INPUT or INPUT_LAYER"));
    if (input_layer && !parameterAsFile(parameters, kInput, context).isEmpty()) {
      throw QgsProcessingException(QObject::tr("Give INPUT or INPUT_LAYER, not both"));
    }
    const QString database = output_database(*this, parameters, context);
    const QString folder = database.isEmpty() ? parameterAsString(parameters, kOutput, context) : database;
    if (folder.isEmpty()) throw QgsProcessingException(QObject::tr("Give OUTPUT or OUTPUT_CONNECTION"));
    ConvertOptions options;
    options.input = input_options(*this, parameters, context);
    const QString where = parameterAsString(parameters, kWhere, context);
    options.input.where = both_conditions(input_layer ? input_layer->where : QString(), where);
    // A table's outputs are named after it (a database has no file name to take).
    if (input_layer) options.names = {input_layer->name.toStdString()};
    if (parameterAsEnum(parameters, kTxtEncoding, context) == 1) options.txt_encoding = "GBK";
    const QStringList names = formatNames();
    for (int index : parameterAsEnums(parameters, QStringLiteral("FORMATS"), context)) {
      if (const auto format = parse_format(names.value(index).toStdString())) options.formats.push_back(*format);
    }
    if (!database.isEmpty()) {
      // One transaction into the database: no files in the same run.
      options.formats = {Format::PostgreSQL};
      options.schema = output_schema(*this, parameters, context).toStdString();
    }
    const QgsCoordinateReferenceSystem crs = parameterAsCrs(parameters, QStringLiteral("TARGET_CRS"), context);
    if (crs.isValid()) options.target_crs = crs.toWkt(QgsCoordinateReferenceSystem::WKT_PREFERRED).toStdString();
    options.overwrite = parameterAsBool(parameters, QStringLiteral("OVERWRITE"), context);
    options.progress = [feedback](double done) {
      if (!feedback) return;
      // Cancelling throws out of the conversion, which then leaves no output behind.
      if (feedback->isCanceled()) throw std::runtime_error("cancelled");
      feedback->setProgress(100.0 * done);
    };
    if (database.isEmpty()) QDir().mkpath(folder);
    ConvertResult result;
    try {
      result = convert({input.toStdString()}, folder.toStdString(), options);
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
        feedback->pushInfo(
            QObject::tr("Wrote %1 tables into %2").arg(result.tables.size()).arg(shown_source(database)));
      }
      return {{kTables, joined(result.tables)}};
    }
    return {{kOutput, folder}, {QStringLiteral("FILES"), files.join(QLatin1Char(';'))}};
  }

 private:
  static QStringList formatNames() {
    QStringList names;
    for (Format format : {Format::GeoPackage, Format::GeoJSON, Format::Shapefile, Format::FlatGeobuf,
                          Format::CSV, Format::KML, Format::Baopan}) {
      names.append(QString::fromLatin1(format_name(format)));
    }
    return names;
  }
};

}  // namespace

ParkLayersProvider::ParkLayersProvider(QObject* parent) : QgsProcessingProvider(parent) {}

QString ParkLayersProvider::id() const { return QStringLiteral("parklayers"); }
QString ParkLayersProvider::name() const { return QStringLiteral(PARKLAYERS_PLUGIN_NAME); }
QString ParkLayersProvider::longName() const {
  return QStringLiteral("%1 %2").arg(name(), QStringLiteral(PARKLAYERS_PLUGIN_VERSION));
}
QIcon ParkLayersProvider::icon() const { return QIcon(QStringLiteral(PARKLAYERS_PLUGIN_ICON)); }
QString ParkLayersProvider::helpId() const { return QStringLiteral("parklayers"); }

void ParkLayersProvider::loadAlgorithms() {
  addAlgorithm(new BuildAlgorithm());
  addAlgorithm(new CheckAlgorithm());
  addAlgorithm(new ConvertAlgorithm());
  addAlgorithm(new ReportAlgorithm());
}

}  // namespace parklayers::qgis
