// SPDX-License-Identifier: GPL-2.0-or-later
// A command's CLI11 subcommand, made from its declaration (parklayers/command): each argument
// bound to its field of the command's options struct, with the declaration's help.
#pragma once

#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>

#include "parklayers/command/declaration.h"

namespace parklayers::cli {

template <class Args>
CLI::App* add_declared(CLI::App& parklayers, const command::Declaration<Args>& declaration, Args& args) {
  CLI::App* app = parklayers.add_subcommand(declaration.name, declaration.description);
  for (const command::Argument<Args>& argument : declaration.arguments) {
    CLI::Option* option = std::visit(
        [&](auto field) -> CLI::Option* {
          auto& value = args.*field;
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, bool>) {
            return app->add_flag(argument.names, value, argument.help);
          } else {
            return app->add_option(argument.names, value, argument.help);
          }
        },
        argument.field);
    if (argument.kind != command::Kind::Flag) option->type_name(argument.value_name);
    // One value per -f, so that `-f GPKG INPUT` leaves INPUT an input.
    if (argument.kind == command::Kind::Formats) option->allow_extra_args(false);
    if (argument.required) option->required();
    if (argument.cli_checked && (argument.kind == command::Kind::Number || argument.kind == command::Kind::Count)) {
      option->check(CLI::NonNegativeNumber);
    }
    if (argument.cli_checked && argument.kind == command::Kind::Choice) {
      std::vector<std::string> values;
      for (const command::Choice& choice : argument.choices) values.push_back(choice.value);
      option->check(CLI::IsMember(values, CLI::ignore_case));
    }
  }
  for (const command::Exclusion& exclusion : declaration.exclusions) {
    app->get_option(exclusion.first)->excludes(app->get_option(exclusion.second));
  }
  app->footer(declaration.footer);
  return app;
}

}  // namespace parklayers::cli
