// SPDX-License-Identifier: GPL-2.0-or-later
// A command's Processing parameters, made from its declaration (parklayers/command): the
// declared help is the parameter's description, its choices the enum's options, the options
// struct's own default the parameter's. Reading them back fills the same options struct the
// command line fills. The source and the outputs are the algorithms' own (a folder, a file, a
// layer of the project, a connection saved in QGIS): they call add_source for the source.
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <QString>
#include <QVariant>

#include <qgsprocessingalgorithm.h>
#include <qgsprocessingcontext.h>
#include <qgsprocessingparameters.h>

#include "parklayers/command/declaration.h"

namespace parklayers::qgis {

extern const QString kOutputConnection;  // OUTPUT_CONNECTION, beside an argument of kind Schema

using AddParameter = std::function<void(QgsProcessingParameterDefinition*)>;

// The declared help as one line, Processing's description.
QString described(const command::ArgumentInfo& argument);

// The parameter of an argument, or nullptr for the source (the algorithm's own). `outputs_optional`:
// the command writes files or into a database, so neither output is required.
void add_parameter(const command::ArgumentInfo& argument, const QVariant& default_value, bool outputs_optional,
                   const AddParameter& add);

// What the user gave for an argument; monostate when an optional one was left empty.
using ArgumentValue = std::variant<std::monostate, std::string, bool, double, int, std::vector<std::string>>;
ArgumentValue read_parameter(const command::ArgumentInfo& argument, const QgsProcessingAlgorithm& algorithm,
                             const QVariantMap& parameters, QgsProcessingContext& context);

// Whether the algorithm reads the argument itself (the source, the outputs).
bool algorithm_reads(const command::ArgumentInfo& argument);

template <class Args>
void add_parameters(const command::Declaration<Args>& declaration, const AddParameter& add,
                    const std::function<void(const command::ArgumentInfo&)>& add_source) {
  const Args defaults{};
  bool outputs_optional = false;
  for (const command::Argument<Args>& argument : declaration.arguments) {
    if (argument.kind == command::Kind::Schema && !argument.processing.empty()) outputs_optional = true;
  }
  for (const command::Argument<Args>& argument : declaration.arguments) {
    if (argument.processing.empty()) continue;
    if (argument.kind == command::Kind::Source || argument.kind == command::Kind::Sources) {
      add_source(argument);
      continue;
    }
    const QVariant default_value = std::visit(
        [&](auto field) -> QVariant {
          const auto& value = defaults.*field;
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::string>) {
            return value.empty() ? QVariant() : QVariant(QString::fromStdString(value));
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            return QVariant();
          } else {
            return QVariant(value);
          }
        },
        argument.field);
    add_parameter(argument, default_value, outputs_optional, add);
  }
}

// The options struct as the parameters fill it; the source and the outputs are left for the
// algorithm to read.
template <class Args>
Args read_parameters(const command::Declaration<Args>& declaration, const QgsProcessingAlgorithm& algorithm,
                     const QVariantMap& parameters, QgsProcessingContext& context) {
  Args args{};
  for (const command::Argument<Args>& argument : declaration.arguments) {
    if (argument.processing.empty() || algorithm_reads(argument)) continue;
    const ArgumentValue value = read_parameter(argument, algorithm, parameters, context);
    std::visit(
        [&](auto field) {
          auto& target = args.*field;
          using T = std::decay_t<decltype(target)>;
          if (const T* given = std::get_if<T>(&value)) target = *given;
        },
        argument.field);
  }
  return args;
}

}  // namespace parklayers::qgis
