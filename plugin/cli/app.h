// SPDX-License-Identifier: GPL-2.0-or-later
// The whole command line of parklayers, declared once: the program's description, footer,
// --version and every command. main.cpp parses with it; parklayers-docgen walks the same tree
// to write the man page and the bash completion, so that a command or option added here (or
// in its command's file) is in --help, parklayers(1) and the completion alike.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli.h"

namespace parklayers::cli {

struct ParklayersApp {
  CLI::App app;
  std::vector<Command> commands;
  bool version = false;  // --version
};

// Not movable (CLI::App keeps pointers into itself and into the commands' arguments).
std::unique_ptr<ParklayersApp> make_app();

// An environment variable parklayers reads, for the man page's ENVIRONMENT.
struct EnvironmentVariable {
  const char* name;
  const char* description;
};
const std::vector<EnvironmentVariable>& documented_environment();

}  // namespace parklayers::cli
