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

namespace {

// `text` with what lies between `begin` and `end` made by `make`; false when `begin` is not there.
bool replace_between(std::string& text, const std::string& begin, const std::string& end, const std::string& made) {
  const size_t from = text.find(begin);
  if (from == std::string::npos) return false;
  const size_t to = text.find(end, from);
  if (to == std::string::npos) throw std::runtime_error(begin + " is not followed by " + end);
  const size_t body = from + begin.size();
  text.replace(body, to - body, "\n" + made);
  return true;
}

const char* const kProcessingBegin =
    "<!-- Processing parameters: made from the declarations by parklayers-docgen; change them there -->";
const char* const kProcessingEnd = "<!-- end of the Processing parameters -->";

}  // namespace

std::string processing_table(const std::vector<CommandInfo>& commands) {
  std::string out = "| algorithm | parameter | as on the command line | meaning |\n|---|---|---|---|\n";
  for (const CommandInfo& command : commands) {
    for (const ArgumentInfo* argument : command.arguments) {
      if (argument->processing.empty() || argument->kind == Kind::Source || argument->kind == Kind::Sources) continue;
      const std::string names = argument->names.substr(argument->names.rfind(',') + 1);
      out += "| " + command.name + " | `" + argument->processing + "` | `" + names + "` | " +
             sentence(cell(argument->help)) + " |\n";
    }
  }
  return out;
}

std::string with_option_tables(const std::string& markdown) {
  std::string out = markdown;
  bool any = replace_between(out, kProcessingBegin, kProcessingEnd, processing_table(all_commands()));
  for (const CommandInfo& command : all_commands()) {
    const bool found = replace_between(out, begin_marker(command.name), end_marker(command.name), option_table(command));
    if (!found && out.find("<!-- options of ") != std::string::npos) {
      throw std::runtime_error("no option table of " + command.name + " between " + begin_marker(command.name) +
                               " and " + end_marker(command.name));
    }
    any = any || found;
  }
  if (!any) throw std::runtime_error("no table made from the declarations: no " + begin_marker("build") + " nor " +
                                     kProcessingBegin);
  return out;
}

}  // namespace parklayers::command
