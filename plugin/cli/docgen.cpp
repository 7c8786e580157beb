// SPDX-License-Identifier: GPL-2.0-or-later
// parklayers-docgen: writes parklayers(1) in roff and the bash completion of parklayers from
// the command line's own declarations (make_app), so that neither can drift from --help. Built,
// not installed: the build runs it (plugin/cli/CMakeLists.txt).
//
//   parklayers-docgen man FILE    the man page, dated SOURCE_DATE_EPOCH when set, else today
//   parklayers-docgen bash FILE   the completion script, loaded by bash-completion as parklayers
//   parklayers-docgen commands-md FILE          FILE (docs/commands.md) with its option tables
//                                               made again from the declarations
//   parklayers-docgen commands-md --check FILE  exit 1 when FILE's tables are not those
//   parklayers-docgen declarations FILE         the declarations as JSON (the QGIS test compares
//                                               the Processing parameters with them)
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app.h"
#include "parklayers/command/option_table.h"
#include "parklayers/gis/json.h"
#include "parklayers/gis/portable.h"
#include "parklayers/gis/version.h"
#include "parklayers/io/format.h"

namespace {

using parklayers::cli::ParklayersApp;

// What the value of an option is, from its type name: "en|zh" (or a CLI::IsMember check) lists
// literal values; a placeholder says what the value stands for. The placeholders here are the
// values that are not paths; any other (OUT, OUTDIR, PDF...) is completed as a path, as bash
// completes by default.
enum class ValueKind { Free, Path, Format };
const std::map<std::string, ValueKind> kPlaceholders = {
    {"FORMAT", ValueKind::Format}, {"CRS", ValueKind::Free}, {"NAME", ValueKind::Free}, {"SQL", ValueKind::Free},
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// The type name as declared: CLI11 appends a validator's description (":{UTF-8,GBK}").
std::string declared_type(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  return type.substr(0, type.find(':'));
}

// How an option's value is completed: literal words, or a kind.
struct Values {
  std::vector<std::string> words;
  ValueKind kind = ValueKind::Free;
};

// The names -f takes, one per format: the name users see, or its last word when that has a
// space and the core takes the word alone ("ESRI Shapefile": Shapefile).
std::vector<std::string> format_words() {
  using parklayers::Format;
  std::vector<std::string> words;
  for (Format format : {Format::GeoPackage, Format::GeoJSON, Format::Shapefile, Format::FlatGeobuf, Format::CSV,
                        Format::KML, Format::Baopan, Format::PostgreSQL}) {
    std::string name = parklayers::format_name(format);
    if (name.find(' ') != std::string::npos) name = name.substr(name.rfind(' ') + 1);
    if (parklayers::parse_format(name) != format) {
      throw std::runtime_error("no one-word name for the format " + std::string(parklayers::format_name(format)));
    }
    words.push_back(name);
  }
  return words;
}

// The values a CLI::IsMember check allows, from the description CLI11 appends to the type
// name ("UTF-8|GBK:{UTF-8,GBK}").
std::vector<std::string> member_values(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const size_t open = type.find(":{");
  if (open == std::string::npos || type.back() != '}') return {};
  return split(type.substr(open + 2, type.size() - open - 3), ',');
}

Values values_of(const CLI::Option& option) {
  Values values;
  if (option.get_positional()) {
    values.kind = ValueKind::Path;
    return values;
  }
  values.words = member_values(option);
  if (!values.words.empty()) return values;
  const std::vector<std::string> alternatives = split(declared_type(option), '|');
  for (const std::string& alternative : alternatives) {
    const auto placeholder = kPlaceholders.find(alternative);
    if (placeholder != kPlaceholders.end()) {
      if (placeholder->second != ValueKind::Free) values.kind = placeholder->second;
    } else if (alternatives.size() > 1) {
      values.words.push_back(alternative);
    } else {
      values.kind = ValueKind::Path;
    }
  }
  if (values.kind == ValueKind::Format) {
    for (const std::string& word : format_words()) values.words.push_back(word);
  }
  return values;
}

// --- roff -------------------------------------------------------------------------------

// Text for a roff text line or macro argument: backslashes and hyphens escaped, a quote or
// backquote kept as typed (groff would curl them). UTF-8 passes through (man-db runs preconv).
std::string roff_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\e"; break;
      case '-': out += "\\-"; break;
      case '`': out += "\\(ga"; break;
      case '\'': out += "\\(aq"; break;
      default: out += c;
    }
  }
  return out;
}

// A paragraph of text lines: a line starting with a dot or quote would be a request.
std::string roff_lines(const std::string& text) {
  std::string out;
  std::vector<std::string> lines;
  for (const std::string& line : split(text, '\n')) {
    // A list cut at the terminal's width ("a|.b|\n.c") is one word again.
    if (!lines.empty() && !lines.back().empty() && lines.back().back() == '|') {
      lines.back() += line;
    } else {
      lines.push_back(line);
    }
  }
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    const std::string escaped = roff_escape(line);
    if (escaped[0] == '.' || escaped[0] == '\'') out += "\\&";
    out += escaped + "\n";
  }
  return out;
}

std::string bold(const std::string& text) { return "\\fB" + roff_escape(text) + "\\fR"; }
std::string italic(const std::string& text) { return "\\fI" + roff_escape(text) + "\\fR"; }

bool repeatable(const CLI::Option& option) { return option.get_expected_max() > 1; }

std::vector<const CLI::Option*> positionals(const CLI::App& app) {
  return app.get_options([](const CLI::Option* option) { return option->get_positional(); });
}

std::vector<const CLI::Option*> options(const CLI::App& app) {
  return app.get_options([](const CLI::Option* option) { return option->nonpositional(); });
}

// "-o, --output" (bold) and its value (italic), as the term of an option's paragraph.
std::string option_term(const CLI::Option& option) {
  std::string term;
  for (const std::string& name : option.get_snames()) term += (term.empty() ? "" : ", ") + bold("-" + name);
  for (const std::string& name : option.get_lnames()) term += (term.empty() ? "" : ", ") + bold("--" + name);
  const std::string type = declared_type(option);
  if (!type.empty()) term += " " + italic(type);
  if (repeatable(option)) term += " ...";
  return term;
}

std::string option_notes(const CLI::Option& option) {
  std::string notes;
  if (!option.get_default_str().empty()) notes += " Default: " + option.get_default_str() + ".";
  if (option.get_required()) notes += " Required.";
  std::string excluded;
  for (const CLI::Option* other : option.get_excludes()) {
    excluded += (excluded.empty() ? "" : ", ") + other->get_name();
  }
  if (!excluded.empty()) notes += " Not with " + excluded + ".";
  return notes;
}

std::string option_paragraph(const CLI::Option& option) {
  std::string out = ".TP\n";
  out += option.get_positional() ? italic(option.get_name()) + "\n" : option_term(option) + "\n";
  std::string text = option.get_description();
  const std::string notes = option_notes(option);
  if (!notes.empty() && !text.empty() && text.back() != '.') text += '.';
  out += roff_lines(text + notes);
  return out;
}

// The usage line of a command, as CLI11 writes it: parklayers build [OPTIONS] [SOURCE].
std::string synopsis(const CLI::App& command) {
  std::string out = bold("parklayers " + command.get_name()) + " [" + italic("OPTIONS") + "]";
  for (const CLI::Option* positional : positionals(command)) {
    std::string name = italic(positional->get_name()) + (repeatable(*positional) ? " ..." : "");
    out += " " + (positional->get_required() ? name : "[" + name + "]");
  }
  return out;
}

// The footer's "Exit status: 0 done, 1 ..., 2 ...." sentence as (status, meaning) pairs, and
// the rest of the footer.
struct Footer {
  std::vector<std::pair<std::string, std::string>> statuses;
  std::string rest;
};

Footer parse_footer(const std::string& footer) {
  const std::string lead = "Exit status: ";
  const size_t begin = footer.find(lead);
  if (begin == std::string::npos) throw std::runtime_error("the footer of parklayers states no exit status");
  size_t end = footer.find(".\n", begin);
  end = end == std::string::npos ? footer.size() - 1 : end;
  std::string sentence = footer.substr(begin + lead.size(), end - begin - lead.size());
  for (char& c : sentence) c = c == '\n' ? ' ' : c;
  Footer parsed;
  parsed.rest = footer.substr(0, begin) + (end + 2 < footer.size() ? footer.substr(end + 2) : "");
  // "0 done, 1 a stated-figure check failed, ...": a status is a digit after ", " or the start.
  size_t at = 0;
  while (at < sentence.size()) {
    if (!std::isdigit(static_cast<unsigned char>(sentence[at]))) {
      throw std::runtime_error("unexpected exit status text: " + sentence.substr(at));
    }
    const size_t space = sentence.find(' ', at);
    size_t next = at;
    do {
      next = sentence.find(", ", next + 1);
    } while (next != std::string::npos && !std::isdigit(static_cast<unsigned char>(sentence[next + 2])));
    parsed.statuses.emplace_back(sentence.substr(at, space - at),
                                 sentence.substr(space + 1, (next == std::string::npos ? sentence.size() : next) - space - 1));
    at = next == std::string::npos ? sentence.size() : next + 2;
  }
  return parsed;
}

std::string man_date() {
  std::time_t when = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    when = static_cast<std::time_t>(std::stoll(epoch));
  }
  const std::tm utc = parklayers::utc_time(when);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
  return date;
}

std::string man_page(const ParklayersApp& parklayers) {
  const CLI::App& app = parklayers.app;
  std::ostringstream out;
  out << ".\\\" Written by parklayers-docgen from the command line's declarations: do not edit.\n";
  out << ".TH PARKLAYERS 1 " << man_date() << " \"parklayers " << parklayers::kVersion << "\" \"User Commands\"\n";
  // Option and program names are not to be hyphenated at a line's end, nor spaced out.
  out << ".nh\n.ad l\n";

  // "Park Layers: check ..., measure\nand convert any OGR source." as the whatis line.
  std::string summary = app.get_description();
  summary = summary.substr(summary.find(": ") == std::string::npos ? 0 : summary.find(": ") + 2);
  for (char& c : summary) c = c == '\n' ? ' ' : c;
  if (!summary.empty() && summary.back() == '.') summary.pop_back();
  out << ".SH NAME\nparklayers \\- " << roff_escape(summary) << "\n";

  out << ".SH SYNOPSIS\n" << bold("parklayers") << " [" << bold("--help") << "|" << bold("--version") << "]\n";
  for (const parklayers::cli::Command& command : parklayers.commands) out << ".br\n" << synopsis(*command.app) << "\n";

  const Footer footer = parse_footer(app.get_footer());
  out << ".SH DESCRIPTION\n" << roff_lines(app.get_description());
  if (!footer.rest.empty()) out << ".PP\n" << roff_lines(footer.rest);
  out << ".SH OPTIONS\n";
  for (const CLI::Option* option : options(app)) out << option_paragraph(*option);

  out << ".SH COMMANDS\n";
  for (const parklayers::cli::Command& command : parklayers.commands) {
    const CLI::App& sub = *command.app;
    out << ".SS " << roff_escape(sub.get_name()) << "\n" << synopsis(sub) << "\n.PP\n" << roff_lines(sub.get_description());
    for (const CLI::Option* option : positionals(sub)) out << option_paragraph(*option);
    for (const CLI::Option* option : options(sub)) out << option_paragraph(*option);
    if (!sub.get_footer().empty()) out << ".PP\n" << roff_lines(sub.get_footer());
  }

  out << ".SH EXIT STATUS\n";
  for (const auto& [status, meaning] : footer.statuses) out << ".TP\n" << bold(status) << "\n" << roff_lines(meaning);

  out << ".SH ENVIRONMENT\n";
  for (const parklayers::cli::EnvironmentVariable& variable : parklayers::cli::documented_environment()) {
    out << ".TP\n" << bold(variable.name) << "\n" << roff_lines(variable.description);
  }
  out << ".SH FILES\n.TP\n" << italic(PARKLAYERS_INSTALLED_DATA_DIR "/geodata/anting") << "\n"
      << roff_lines("The bundled park source (the Anting park), the default SOURCE of build and check.");
  out << ".SH SEE ALSO\n" << bold("ogr2ogr") << "(1), " << bold("qgis") << "(1)\n";
  return out.str();
}

// --- bash -------------------------------------------------------------------------------

std::string words(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& word : list) out += (out.empty() ? "" : " ") + word;
  return out;
}

// A word list inside single quotes; no name we declare has a quote.
std::string quoted(const std::vector<std::string>& list) {
  const std::string text = words(list);
  if (text.find('\'') != std::string::npos) throw std::runtime_error("a quote in a completion word: " + text);
  return "'" + text + "'";
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : options(app)) {
    for (const std::string& name : option->get_snames()) names.push_back("-" + name);
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

std::string option_patterns(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.get_snames()) names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) names.push_back("--" + name);
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : "|") + name;
  return out;
}

std::string bash_completion(const ParklayersApp& parklayers) {
  std::ostringstream out;
  std::vector<std::string> commands;
  for (const parklayers::cli::Command& command : parklayers.commands) commands.push_back(command.app->get_name());
  out << "# bash completion for parklayers(1), written by parklayers-docgen from the command line's\n"
         "# declarations: do not edit. Self-contained (no bash-completion helpers needed).\n\n"
         "# Paths; a PG:\"dbname=...\" name is left alone.\n"
         "_parklayers_paths()\n"
         "{\n"
         "    local cur=$1\n"
         "    [[ $cur == [Pp][Gg]:* ]] && return\n"
         "    compopt -o filenames 2>/dev/null\n"
         "    mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
         "}\n\n"
         "_parklayers()\n"
         "{\n"
         "    local cur=${COMP_WORDS[COMP_CWORD]} prev=\"\" command=\"\" i\n"
         "    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
         "    COMPREPLY=()\n"
         "    # --opt=value: bash splits it at '=' (COMP_WORDBREAKS); PG:name at ':'.\n"
         "    if [[ $cur == = ]]; then\n"
         "        cur=\"\"\n"
         "    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
         "        prev=${COMP_WORDS[COMP_CWORD - 2]}\n"
         "    fi\n"
         "    if [[ $cur == : || $prev == : ]]; then\n"
         "        return\n"
         "    fi\n"
         "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "        case ${COMP_WORDS[i]} in\n"
         "            " << [&] {
           std::string patterns;
           for (const std::string& name : commands) patterns += (patterns.empty() ? "" : "|") + name;
           return patterns;
         }() << ")\n"
         "                command=${COMP_WORDS[i]}\n"
         "                break\n"
         "                ;;\n"
         "        esac\n"
         "    done\n"
         "    case $command in\n"
         "        \"\")\n"
         "            if [[ $cur == -* ]]; then\n"
         "                mapfile -t COMPREPLY < <(compgen -W " << quoted(option_names(parklayers.app)) << " -- \"$cur\")\n"
         "            else\n"
         "                mapfile -t COMPREPLY < <(compgen -W " << quoted(commands) << " -- \"$cur\")\n"
         "            fi\n"
         "            ;;\n";
  for (const parklayers::cli::Command& command : parklayers.commands) {
    const CLI::App& sub = *command.app;
    out << "        " << sub.get_name() << ")\n"
        << "            case $prev in\n";
    for (const CLI::Option* option : options(sub)) {
      if (option->get_expected_max() == 0) continue;  // a flag
      const Values values = values_of(*option);
      out << "                " << option_patterns(*option) << ")\n";
      if (!values.words.empty()) {
        out << "                    mapfile -t COMPREPLY < <(compgen -W " << quoted(values.words) << " -- \"$cur\")\n";
      } else if (values.kind == ValueKind::Path) {
        out << "                    _parklayers_paths \"$cur\"\n";
      }
      out << "                    return\n"
          << "                    ;;\n";
    }
    out << "            esac\n"
        << "            if [[ $cur == -* ]]; then\n"
        << "                mapfile -t COMPREPLY < <(compgen -W " << quoted(option_names(sub)) << " -- \"$cur\")\n";
    if (!positionals(sub).empty()) {
      out << "            else\n"
          << "                _parklayers_paths \"$cur\"\n";
    }
    out << "            fi\n"
        << "            ;;\n";
  }
  out << "    esac\n"
         "}\n"
         "complete -F _parklayers parklayers\n";
  return out.str();
}

}  // namespace

// {"check": [{"names", "processing", "help", "details"}, ...], ...}
std::string declarations_json() {
  using parklayers::json_string;
  std::string out = "{";
  for (const parklayers::command::CommandInfo& command : parklayers::command::all_commands()) {
    out += (out.size() > 1 ? ",\n" : "\n") + json_string(command.name) + ": [";
    bool first = true;
    for (const parklayers::command::ArgumentInfo* argument : command.arguments) {
      out += std::string(first ? "" : ",") + "\n  {\"names\": " + json_string(argument->names) +
             ", \"processing\": " + json_string(argument->processing) + ", \"help\": " + json_string(argument->help) +
             ", \"details\": " + json_string(argument->details) + "}";
      first = false;
    }
    out += "]";
  }
  return out + "\n}\n";
}

// docs/commands.md: its option tables rewritten in place, or (--check) compared.
int commands_md(const std::string& path, bool check) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string made = parklayers::command::with_option_tables(text);
  if (made == text) return 0;
  if (check) {
    size_t at = 0;
    while (at < text.size() && at < made.size() && text[at] == made[at]) ++at;
    const size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    const size_t from = line_start == std::string::npos ? 0 : line_start + 1;
    std::cerr << "parklayers-docgen: " << path << " says something else than the declarations (--help) from line "
              << 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(from), '\n') << ":\n  "
              << text.substr(from, text.find('\n', from) - from) << "\nwhere the declarations make\n  "
              << made.substr(from, made.find('\n', from) - from)
              << "\nRun parklayers-docgen commands-md " << path << " to write their tables.\n";
    return 1;
  }
  std::ofstream out(path, std::ios::binary);
  out << made;
  out.close();
  if (!out) throw std::runtime_error("could not write " + path);
  return 0;
}

int main(int argc, char** argv) {
  const std::string what = argc >= 3 ? argv[1] : "";
  try {
    if (what == "commands-md" && (argc == 3 || (argc == 4 && std::string(argv[2]) == "--check"))) {
      return commands_md(argv[argc - 1], argc == 4);
    }
  } catch (const std::exception& error) {
    std::cerr << "parklayers-docgen: " << error.what() << "\n";
    return 1;
  }
  if (argc != 3 || (what != "man" && what != "bash" && what != "declarations")) {
    std::cerr << "usage: parklayers-docgen man|bash|declarations FILE\n       parklayers-docgen commands-md [--check] FILE\n";
    return 2;
  }
  try {
    const std::unique_ptr<ParklayersApp> parklayers = parklayers::cli::make_app();
    const std::string text = what == "man"            ? man_page(*parklayers)
                             : what == "declarations" ? declarations_json()
                                                      : bash_completion(*parklayers);
    const std::filesystem::path path(argv[2]);
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary);
    file << text;
    file.close();
    if (!file) throw std::runtime_error(std::string("could not write ") + argv[2]);
  } catch (const std::exception& error) {
    std::cerr << "parklayers-docgen: " << error.what() << "\n";
    std::remove(argv[2]);
    return 1;
  }
  return 0;
}
