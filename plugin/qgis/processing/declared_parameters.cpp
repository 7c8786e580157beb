// SPDX-License-Identifier: GPL-2.0-or-later
#include "declared_parameters.h"

#include <limits>

#include <QCoreApplication>
#include <QObject>
#include <QStringList>

#include "load_source_dialog.h"  // assign_crs_text
#include "parklayers/io/format.h"

namespace parklayers::qgis {

const QString kOutputConnection = QStringLiteral("OUTPUT_CONNECTION");

namespace {

// The formats Processing's convert offers: files only (a database is OUTPUT_CONNECTION).
// The formats of the features, then the argument's own (convert's XLSX): appended, so that the
// indices saved in models stay those of the formats before.
QStringList format_labels(const command::ArgumentInfo& argument) {
  QStringList names;
  for (Format format : {Format::GeoPackage, Format::GeoJSON, Format::Shapefile, Format::FlatGeobuf, Format::CSV,
                        Format::KML, Format::Baopan}) {
    names.append(QString::fromLatin1(format_name(format)));
  }
  for (const command::Choice& choice : argument.choices) names.append(QString::fromStdString(choice.value));
  return names;
}

QStringList choice_labels(const command::ArgumentInfo& argument) {
  QStringList labels;
  for (const command::Choice& choice : argument.choices) {
    labels.append(QString::fromStdString(choice.label.empty() ? choice.value : choice.label));
  }
  return labels;
}

}  // namespace

QString described(const command::ArgumentInfo& argument) {
  const QByteArray help = QString::fromStdString(argument.help).replace(QLatin1Char('\n'), QLatin1Char(' ')).toUtf8();
  // The declarations are the core's, out of lupdate's sight: their translations are kept by hand
  // in the context parklayers::command of i18n/parklayers_zh_CN.ts, the English as here.
  return QCoreApplication::translate("parklayers::command", help.constData());
}

bool algorithm_reads(const command::ArgumentInfo& argument) {
  switch (argument.kind) {
    case command::Kind::Source:
    case command::Kind::Sources:
    case command::Kind::OutputFile:
    case command::Kind::OutputFolder:
    case command::Kind::Schema:
      return true;
    default:
      return false;
  }
}

void add_parameter(const command::ArgumentInfo& argument, const QVariant& default_value, bool outputs_optional,
                   const AddParameter& add) {
  const QString name = QString::fromStdString(argument.processing);
  const QString description = described(argument);
  QgsProcessingParameterDefinition* parameter = nullptr;
  switch (argument.kind) {
    case command::Kind::Flag:
      parameter = new QgsProcessingParameterBoolean(name, description, default_value.isValid() && default_value.toBool(),
                                                    true);
      break;
    case command::Kind::Text:
      parameter = new QgsProcessingParameterString(name, description, default_value, false, true);
      break;
    case command::Kind::Number:
      parameter = new QgsProcessingParameterNumber(name, description, QgsProcessingParameterNumber::Double,
                                                   default_value, true, 0.0);
      break;
    case command::Kind::Count:
      parameter = new QgsProcessingParameterNumber(name, description, QgsProcessingParameterNumber::Integer,
                                                   default_value, true, 0);
      break;
    case command::Kind::Choice: {
      QVariant index;
      for (int i = 0; i < static_cast<int>(argument.choices.size()); ++i) {
        if (default_value.isValid() && QString::fromStdString(argument.choices[static_cast<size_t>(i)].value) ==
                                           default_value.toString()) {
          index = i;
        }
      }
      parameter = new QgsProcessingParameterEnum(name, description, choice_labels(argument), false, index,
                                                 !index.isValid());
      break;
    }
    case command::Kind::Formats:
      parameter = new QgsProcessingParameterEnum(name, description, format_labels(argument), true, QVariantList{0});
      break;
    case command::Kind::Crs:
      parameter = new QgsProcessingParameterCrs(name, description, QVariant(), true);
      break;
    case command::Kind::OutputFile:
      parameter = new QgsProcessingParameterFileDestination(name, description,
                                                            QString::fromStdString(argument.file_filter), QVariant(),
                                                            outputs_optional || !argument.required);
      break;
    case command::Kind::OutputFolder:
      parameter = new QgsProcessingParameterFolderDestination(name, description, QVariant(),
                                                              outputs_optional || !argument.required);
      break;
    case command::Kind::Schema:
      // Connection names, not connection strings: the password stays in QGIS's settings or auth
      // database, out of Processing's history and logs.
      add(new QgsProcessingParameterProviderConnection(
          kOutputConnection, QObject::tr("…or into a PostgreSQL database: a connection saved in QGIS"),
          QStringLiteral("postgres"), QVariant(), true));
      parameter = new QgsProcessingParameterDatabaseSchema(name, description, kOutputConnection, QVariant(), true);
      break;
    case command::Kind::Source:
    case command::Kind::Sources:
      return;
  }
  parameter->setHelp(QString::fromStdString(argument.details));
  add(parameter);
}

ArgumentValue read_parameter(const command::ArgumentInfo& argument, const QgsProcessingAlgorithm& algorithm,
                             const QVariantMap& parameters, QgsProcessingContext& context) {
  const QString name = QString::fromStdString(argument.processing);
  const QgsProcessingParameterDefinition* definition = algorithm.parameterDefinition(name);
  const QVariant given = parameters.value(name);
  switch (argument.kind) {
    case command::Kind::Flag:
      return QgsProcessingParameters::parameterAsBoolean(definition, parameters, context);
    case command::Kind::Text:
      return QgsProcessingParameters::parameterAsString(definition, parameters, context).trimmed().toStdString();
    case command::Kind::Number:
      if (!given.isValid() || given.isNull()) return std::monostate();
      return QgsProcessingParameters::parameterAsDouble(definition, parameters, context);
    case command::Kind::Count:
      if (!given.isValid() || given.isNull()) return std::monostate();
      return QgsProcessingParameters::parameterAsInt(definition, parameters, context);
    case command::Kind::Choice: {
      // An optional enum left empty keeps the command's own default ("from the field's name").
      if ((!given.isValid() || given.isNull() || given.toString().isEmpty()) && !definition->defaultValue().isValid()) {
        return std::monostate();
      }
      const int index = QgsProcessingParameters::parameterAsEnum(definition, parameters, context);
      if (index < 0 || index >= static_cast<int>(argument.choices.size())) return std::monostate();
      return argument.choices[static_cast<size_t>(index)].value;
    }
    case command::Kind::Formats: {
      std::vector<std::string> names;
      const QStringList labels = format_labels(argument);
      for (int index : QgsProcessingParameters::parameterAsEnums(definition, parameters, context)) {
        names.push_back(labels.value(index).toStdString());
      }
      return names;
    }
    case command::Kind::Crs:
      return assign_crs_text(QgsProcessingParameters::parameterAsCrs(definition, parameters, context));
    default:
      return std::monostate();
  }
}

}  // namespace parklayers::qgis
