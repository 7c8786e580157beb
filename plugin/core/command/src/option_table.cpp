// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/command/option_table.h"

#include <stdexcept>

namespace parklayers::command {
namespace {

// The text of a table cell: one line, its bars escaped.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += ' ';
    } else if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out;
}

std::string sentence(std::string text) {
  if (!text.empty() && text.back() != '.') text += '.';
  return text;
}

// `-o OUT`, `--output OUT`; a positional as it is.
std::string spelled(const ArgumentInfo& argument) {
  std::string out;
  size_t start = 0;
  while (start <= argument.names.size()) {
    const size_t comma = argument.names.find(',', start);
    const std::string name =
        argument.names.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string term = name;
    if (!argument.value_name.empty() && name[0] == '-') term += " " + argument.value_name;
    if (argument.kind == Kind::Sources || argument.kind == Kind::Formats) term += " ...";
    out += (out.empty() ? "`" : ", `") + cell(term) + "`";
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string begin_marker(const std::string& name) {
  return "<!-- options of " + name + ": made from its declaration by parklayers-docgen; change them there -->";
}
std::string end_marker(const std::string& name) { return "<!-- end of the options of " + name + " -->"; }

}  // namespace

std::string option_table(const CommandInfo& command) {
  std::string out = "| option | meaning |\n|---|---|\n";
  for (const ArgumentInfo* argument : command.arguments) {
    std::string meaning = sentence(cell(argument->help));
    if (argument->required) meaning += " Required.";
    for (const Exclusion& exclusion : command.exclusions) {
      if (exclusion.first == argument->names) meaning += " Not with `" + exclusion.second + "`.";
    }
    if (!argument->details.empty()) meaning += " " + cell(argument->details);
    out += "| " + spelled(*argument) + " | " + meaning + " |\n";
  }
  return out;
}

std::string with_option_tables(const std::string& markdown) {
  std::string out = markdown;
  for (const CommandInfo& command : all_commands()) {
    const std::string begin = begin_marker(command.name);
    const std::string end = end_marker(command.name);
    const size_t from = out.find(begin);
    const size_t to = from == std::string::npos ? std::string::npos : out.find(end, from);
    if (to == std::string::npos) {
      throw std::runtime_error("no option table of " + command.name + " between " + begin + " and " + end);
    }
    const size_t body = from + begin.size();
    out.replace(body, to - body, "\n" + option_table(command));
  }
  return out;
}

}  // namespace parklayers::command
