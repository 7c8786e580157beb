// SPDX-License-Identifier: GPL-2.0-or-later
// What the Processing algorithms share: the group and icon, the source parameters a park is
// read from (a folder, a file, a park in a database's schema), reading it with progress, the
// check counts as outputs, and the core's errors as Processing's.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <qgsprocessingalgorithm.h>
#include <qgsexception.h>
#include <qgsprocessingfeedback.h>

#include "database_source.h"
#include "parklayers/command/declaration.h"
#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "parklayers/park/park.h"

namespace parklayers::qgis {

extern const QString kSourceFile;
extern const QString kConnection;
extern const QString kSchema;
extern const QString kTables;

// GDAL's name of the database OUTPUT_CONNECTION names, or empty when none is given.
QString output_database(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                        QgsProcessingContext& context);
QString output_schema(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                      QgsProcessingContext& context);
QString joined(const std::vector<std::string>& texts);

// The source of a layer parameter as the core reads it; nullopt when none is given. A layer of
// a provider the core cannot read (a memory layer, a web service) is refused.
std::optional<LayerSource> layer_parameter(const QgsProcessingAlgorithm& algorithm, const QVariantMap& parameters,
                                           const QString& name, QgsProcessingContext& context);
// Both conditions, for a layer's own filter and the WHERE parameter.
std::string both_conditions(const QString& first, const std::string& second);
// The core's message, with any password a library quoted in it hidden.
QgsProcessingException source_error(const std::exception& e, const QString& source);
void push_warnings(const std::vector<Problem>& warnings, QgsProcessingFeedback* feedback);
// How a message tells a Processing user to give a source its CRS.
void name_crs_parameter(InputOptions& input);

class ParkAlgorithm : public QgsProcessingAlgorithm {
 public:
  QString group() const override;
  QString groupId() const override;
  QIcon icon() const override;

 protected:
  // SOURCE, a folder, or SOURCE_FILE, a file (which wins when given): QGIS 3.22's file
  // parameter picks either a file or a folder, never both. Then CONNECTION and SCHEMA.
  void addSourceParameters(const command::ArgumentInfo& source, const QString& file_description);
  // The file, the park in a database's schema, or the folder. A database's name may hold its
  // password: messages show shown_source() of it.
  QString sourcePath(const QVariantMap& parameters, QgsProcessingContext& context) const;
  // INPUT, a dataset, or INPUT_LAYER, a layer of the project (a file's, a PostgreSQL table) with
  // its filter: for the algorithms that read any OGR source.
  void addInputParameters(const QString& description, int layer_type);
  // The dataset given, and the layer of the project when that is it: one of the two, not both.
  std::pair<QString, std::optional<LayerSource>> inputSource(const QVariantMap& parameters,
                                                             QgsProcessingContext& context) const;
  void addCheckOutputs();
  Park load(const QString& source, const InputOptions& input, QgsProcessingFeedback* feedback) const;
  static QVariantMap report(const std::vector<Check>& checks, QgsProcessingFeedback* feedback);
};

}  // namespace parklayers::qgis
