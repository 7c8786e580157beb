// parklayers: the command line of Park Layers. It parses arguments and prints; every rule
// lives in the core library. Each command declares its options in its own file (build.cpp,
// check.cpp, area.cpp, convert.cpp); the usage is generated from those declarations.
//
// Exit statuses: 0 done, 1 a stated-figure check failed, 2 bad input or usage, 3 the output
// could not be written. Each failure is one message of ours on stderr: GDAL's own error lines
// are kept by a GdalErrorLog, never printed. The core's InputError and OutputError already say
// what GDAL said where it matters (GDAL's later lines, while a failed output is dropped, would
// only mislead); any other error gets GDAL's first failure folded in.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/gis/version.h"
#include "parklayers/io/baopan_driver.h"

namespace {

using namespace parklayers::cli;

const char* const kFooter =
    "Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage,\n"
    "3 the output could not be written (full disk, no permission, a database error).\n"
    "Areas are ellipsoidal (Karney 2013, PROJ geod_polygonarea); 1 mu = 10000/15 m2.";

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

  CLI::App app("Park Layers: check a park's stated figures, write its layers for QGIS, measure\n"
               "and convert any OGR source.",
               "parklayers");
  app.footer(kFooter);
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "Print the version and exit");
  const std::vector<Command> commands = {add_build_command(app), add_check_command(app), add_area_command(app),
                                         add_convert_command(app), add_report_command(app)};

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
  if (version) {
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
