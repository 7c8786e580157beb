// SPDX-License-Identifier: GPL-2.0-or-later
// What `parklayers --help` and `parklayers CMD --help` print, read back from the built program:
// the reference the man page and the bash completion are held to.
#pragma once

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace parklayers::test {

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The commands under "Subcommands:" of `parklayers --help` (a name alone on its line).
inline std::vector<std::string> help_commands() {
  const CommandResult help = parklayers({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  std::vector<std::string> commands;
  bool in_commands = false;
  for (const std::string& line : lines_of(help.out)) {
    if (line == "Subcommands:") in_commands = true;
    if (in_commands && !line.empty() && line.find(' ') == std::string::npos && line.back() != ':') {
      commands.push_back(line);
    }
  }
  return commands;
}

// Every option name ("-o", "--output") on an option's first line ("  -o,--output OUT  ...") of
// `parklayers CMD --help`, or of `parklayers --help` before its subcommands for "".
inline std::set<std::string> help_options(const std::string& command) {
  const CommandResult help = command.empty() ? parklayers({"--help"}) : parklayers({command, "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  std::set<std::string> names;
  for (const std::string& line : lines_of(help.out)) {
    if (line == "Subcommands:") break;
    if (line.size() < 3 || line.compare(0, 3, "  -") != 0) continue;
    std::istringstream names_part(line.substr(2, line.find(' ', 2) - 2));
    for (std::string name; std::getline(names_part, name, ',');) names.insert(name);
  }
  return names;
}

// The positionals ("  SOURCE  ...") under "Positionals:" of `parklayers CMD --help`.
inline std::set<std::string> help_positionals(const std::string& command) {
  const CommandResult help = parklayers({command, "--help"});
  std::set<std::string> names;
  bool in_positionals = false;
  for (const std::string& line : lines_of(help.out)) {
    if (line.empty() || line.back() == ':') in_positionals = line == "Positionals:";
    if (in_positionals && line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ') {
      names.insert(line.substr(2, line.find(' ', 2) - 2));
    }
  }
  return names;
}

}  // namespace parklayers::test
