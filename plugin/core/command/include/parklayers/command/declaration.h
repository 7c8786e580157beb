// SPDX-License-Identifier: GPL-2.0-or-later
// A command declared once: its name, description and arguments (type, default, choices, help),
// each bound to the field of the options struct it fills. The command line builds its CLI11
// subcommand from it (plugin/cli/declared.h), the QGIS plugin its Processing parameters
// (plugin/qgis/processing/declared_parameters.h), parklayers-docgen the man page, the bash
// completion and the option tables of docs/commands.md (option_table.h). So an option's help
// is written here and nowhere else. No CLI11, no Qt: plain data.
#pragma once

#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace parklayers::command {

// A value the user gave that the declarations cannot judge (an unknown format, a language):
// the command line exits 2, Processing raises it as the algorithm's error.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Kind {
  Flag,          // present or not
  Text,          // free text: a field, a layer, an encoding, an SQL condition
  Number,        // a real number, not negative
  Count,         // a whole number, not negative
  Choice,        // one of `choices`
  Formats,       // -f: repeatable, each a format name
  Crs,           // anything PROJ knows (Processing: a CRS picker)
  Source,        // the source read: a path, a folder or a database name (Processing: the plugin's source parameters)
  Sources,       // several of them
  OutputFile,    // a file written (Processing: a file destination with `file_filter`)
  OutputFolder,  // a folder written into
  Schema,        // a database schema written into (Processing: a schema of OUTPUT_CONNECTION)
};

struct Choice {
  std::string value;  // what the command line takes
  std::string label;  // what Processing lists (empty: the value)
};

// What a tool built from the declarations needs to know of an argument, whatever it fills.
struct ArgumentInfo {
  std::string names;       // CLI11's spelling: "SOURCE", "-o,--output", "--stated"
  std::string value_name;  // the value's placeholder in usage: FIELD, m2|mu|ha (empty for flags)
  Kind kind = Kind::Text;
  // One or two sentences: --help, parklayers(1), the Processing parameter's description and
  // the option table of docs/commands.md. Line breaks are where --help breaks the lines.
  std::string help;
  // More for docs/commands.md alone: examples, links, what happens at the edges.
  std::string details;
  std::vector<Choice> choices;
  bool required = false;
  // The command line checks the value itself (CLI11): choices, in any case, or a number not
  // negative. Otherwise the command's own conversion judges it, with its own message.
  bool cli_checked = false;
  // The Processing parameter's name; empty when the argument is the command line's alone
  // (--json, --quiet: Processing has its own outputs and log).
  std::string processing;
  std::string file_filter;  // OutputFile: Qt's filter for Processing's file picker
  std::string default_text; // for the docs and the man page: the default when the field's own is not it
};

template <class Args>
using Field =
    std::variant<std::string Args::*, bool Args::*, double Args::*, int Args::*, std::vector<std::string> Args::*>;

template <class Args>
struct Argument : ArgumentInfo {
  Field<Args> field;
};

// Two arguments that cannot be given together ("--update", "-o").
struct Exclusion {
  std::string first;
  std::string second;
};

struct CommandInfo {
  std::string name;
  std::string description;  // --help's paragraph; Processing's short help
  std::string footer;       // exit statuses and notes, after the options in --help
  std::vector<const ArgumentInfo*> arguments;
  std::vector<Exclusion> exclusions;
};

template <class Args>
struct Declaration {
  std::string name;
  std::string description;
  std::string footer;
  std::vector<Argument<Args>> arguments;
  std::vector<Exclusion> exclusions;

  CommandInfo info() const {
    CommandInfo info{name, description, footer, {}, exclusions};
    for (const Argument<Args>& argument : arguments) info.arguments.push_back(&argument);
    return info;
  }
  const Argument<Args>* find(const std::string& names) const {
    for (const Argument<Args>& argument : arguments) {
      if (argument.names == names) return &argument;
    }
    return nullptr;
  }
};

// The arguments several commands take, declared once here, each bound to the given field.
template <class Args>
Argument<Args> argument(ArgumentInfo info, Field<Args> field) {
  Argument<Args> made;
  static_cast<ArgumentInfo&>(made) = std::move(info);
  made.field = field;
  return made;
}

ArgumentInfo a_srs_argument();
ArgumentInfo encoding_argument();
ArgumentInfo where_argument();
ArgumentInfo s_srs_argument();
ArgumentInfo lang_argument();
ArgumentInfo quiet_argument();
ArgumentInfo skip_invalid_argument();
ArgumentInfo overwrite_argument(const std::string& help);
ArgumentInfo formats_argument(const std::string& help);
ArgumentInfo layer_argument(const std::string& help);
// --jobs N: how many partitions of a sharded table are worked on at once.
ArgumentInfo jobs_argument();

// Every command, in the order of --help: for parklayers-docgen and the tests.
std::vector<CommandInfo> all_commands();

}  // namespace parklayers::command
