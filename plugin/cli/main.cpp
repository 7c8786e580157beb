// SPDX-License-Identifier: GPL-2.0-or-later
// parklayers: the command line of Park Layers. It parses arguments and prints; every rule
// lives in the core library. Each command declares its options in its own file (build.cpp,
// check.cpp, area.cpp, convert.cpp), registered in app.cpp; the usage, the man page and the
// bash completion are generated from those declarations.
//
// Exit statuses: 0 done, 1 a stated-figure check failed, 2 bad input or usage, 3 the output
// could not be written. Each failure is one message of ours on stderr: GDAL's own error lines
// are kept by a GdalErrorLog, never printed. The core's InputError and OutputError already say
// what GDAL said where it matters (GDAL's later lines, while a failed output is dropped, would
// only mislead); any other error gets GDAL's first failure folded in.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/version.h"
#include "parklayers/io/drivers.h"

namespace {

using namespace parklayers::cli;

// Every command with all its options: `parklayers --help`, and with no arguments.
std::string whole_usage(CLI::App& app) { return app.help("", CLI::AppFormatMode::All); }

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

// GDAL's first failure, when the message does not already quote one of GDAL's failures.
std::string with_gdal_failure(const std::string& message, const parklayers::GdalErrorLog& gdal) {
  for (const std::string& failure : gdal.failures()) {
    if (!failure.empty() && message.find(failure) != std::string::npos) return message;
  }
  const std::string first = gdal.first_failure();
  return first.empty() ? message : message + " (GDAL: " + one_line(first) + ")";
}

// A usage error: one line naming what is wrong, and where to read how it goes.
int usage_error(std::string message, const std::string& command) {
  // CLI11's "The following argument..." in our lower case; a name ("INPUT is required") kept.
  if (message.size() > 1 && std::islower(static_cast<unsigned char>(message[1]))) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  std::cerr << "parklayers: error: " << one_line(message) << "; see 'parklayers " << command
            << (command.empty() ? "" : " ") << "--help'\n";
  return kExitBadInput;
}

// `-o=OUT` as `-o OUT`, like `--output=OUT`: CLI11 takes a short option's `=OUT` as the value
// "=OUT". Only before `--`, after which every argument is a positional.
std::vector<std::string> split_short_equals(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  std::vector<std::string> out;
  bool options_end = false;
  for (std::string& arg : args) {
    options_end = options_end || arg == "--";
    if (!options_end && arg.size() > 2 && arg[0] == '-' && std::isalpha(static_cast<unsigned char>(arg[1])) &&
        arg[2] == '=') {
      out.push_back(arg.substr(0, 2));
      out.push_back(arg.substr(3));
    } else {
      out.push_back(std::move(arg));
    }
  }
  return out;
}

const Command* selected(const std::vector<Command>& commands) {
  for (const Command& command : commands) {
    if (command.app->parsed()) return &command;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  // First of all, so that no GDAL line is printed raw, whichever thread raises it.
  parklayers::GdalErrorLog gdal_errors;
  gdal_errors.install();
  // GDAL's drivers and ours (BAOPAN), before anything opens a file.
  parklayers::ensure_drivers_registered();

  const std::unique_ptr<ParklayersApp> parklayers = make_app();
  CLI::App& app = parklayers->app;
  const std::vector<Command>& commands = parklayers->commands;

  if (argc < 2) {
    std::cerr << whole_usage(app);
    return kExitBadInput;
  }
  const std::string first = argv[1];
  if (first == "help") {
    std::cout << whole_usage(app);
    return kExitOk;
  }
  if (first.empty() || first[0] != '-') {
    bool known = false;
    for (const Command& command : commands) known = known || command.app->get_name() == first;
    if (!known) return usage_error("unknown command '" + first + "'", "");
  }

  std::vector<std::string> args = split_short_equals(argc, argv);
  args.erase(args.begin());
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::cout << (selected(commands) ? app.help() : whole_usage(app));
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    const Command* command = selected(commands);
    return usage_error(error.what(), command ? command->app->get_name() : "");
  }
  if (parklayers->version) {
    std::cout << "parklayers " << parklayers::kVersion << "\n";
    return kExitOk;
  }
  const Command* command = selected(commands);
  if (!command) {
    std::cerr << whole_usage(app);
    return kExitBadInput;
  }

  try {
    return command->run();
  } catch (const UsageError& error) {
    return usage_error(error.what(), command->app->get_name());
  } catch (const parklayers::InputError& error) {
    // Several problems may come on several lines: a user sees all of them at once.
    std::cerr << "parklayers: error: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const parklayers::OutputError& error) {
    std::cerr << "parklayers: error: " << one_line(error.what()) << "\n";
    return kExitOutputFailed;
  } catch (const std::exception& error) {
    const std::string message = one_line(with_gdal_failure(error.what(), gdal_errors));
    if (command->writes_output()) {
      std::cerr << "parklayers: error: could not write the output: " << message << "\n";
      return kExitOutputFailed;
    }
    std::cerr << "parklayers: error: " << message << "\n";
    return kExitBadInput;
  }
}
