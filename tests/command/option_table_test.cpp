// SPDX-License-Identifier: GPL-2.0-or-later
// The option tables of docs/commands.md as made from a declaration: a row per argument in its
// order, the help then the details, bars escaped, required and exclusive arguments said; the
// tables replaced between their markers and nothing else touched.
#include "parklayers/command/option_table.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace parklayers::command {
namespace {

struct Args {
  std::string input;
  std::string output;
  bool json = false;
  std::string lang;
};

Declaration<Args> example() {
  Declaration<Args> d;
  d.name = "example";
  ArgumentInfo input;
  input.names = "INPUT";
  input.kind = Kind::Source;
  input.help = "Any OGR source";
  input.required = true;
  d.arguments.push_back(argument<Args>(input, &Args::input));
  ArgumentInfo output;
  output.names = "-o,--output";
  output.value_name = "OUT";
  output.help = "Write a copy,\nhere";
  output.details = "See `area`.";
  d.arguments.push_back(argument<Args>(output, &Args::output));
  ArgumentInfo json;
  json.names = "--json";
  json.kind = Kind::Flag;
  json.help = "Print JSON.";
  d.arguments.push_back(argument<Args>(json, &Args::json));
  ArgumentInfo lang;
  lang.names = "--lang";
  lang.value_name = "en|zh";
  lang.help = "A language (a|b)";
  d.arguments.push_back(argument<Args>(lang, &Args::lang));
  d.exclusions = {{"--json", "-o"}};
  return d;
}

TEST(OptionTable, ARowPerArgumentWithItsHelpThenDetails) {
  EXPECT_EQ(option_table(example().info()),
            "| option | meaning |\n"
            "|---|---|\n"
            "| `INPUT` | Any OGR source. Required. |\n"
            "| `-o OUT`, `--output OUT` | Write a copy, here. See `area`. |\n"
            "| `--json` | Print JSON. Not with `-o`. |\n"
            "| `--lang en\\|zh` | A language (a\\|b). |\n");
}

TEST(OptionTable, ChangedHelpIsTheTablesText) {
  Declaration<Args> changed = example();
  changed.arguments[1].help = "Another text";
  EXPECT_NE(option_table(changed.info()).find("| `-o OUT`, `--output OUT` | Another text. See `area`. |"),
            std::string::npos);
}

TEST(OptionTable, EveryCommandsTableReplacedBetweenItsMarkersOnly) {
  std::string page = "# Commands\n";
  for (const CommandInfo& command : all_commands()) {
    page += "## " + command.name + "\n\nBefore.\n\n<!-- options of " + command.name +
            ": made from its declaration by parklayers-docgen; change them there -->\n| old | table |\n"
            "<!-- end of the options of " +
            command.name + " -->\n\nAfter.\n";
  }
  const std::string made = with_option_tables(page);
  for (const CommandInfo& command : all_commands()) {
    EXPECT_NE(made.find("change them there -->\n" + option_table(command) + "<!-- end of the options of " +
                        command.name + " -->\n\nAfter."),
              std::string::npos)
        << command.name;
  }
  EXPECT_EQ(made.find("| old | table |"), std::string::npos);
  EXPECT_EQ(with_option_tables(made), made);  // made again, the same
}

TEST(OptionTable, ProcessingParametersARowEachWithTheirOptionsHelp) {
  Declaration<Args> d = example();
  d.arguments[1].processing = "OUTPUT";
  d.arguments[3].processing = "LANGUAGE";
  d.arguments[0].processing = "INPUT";  // the source: the algorithms' own parameters
  EXPECT_EQ(processing_table({d.info()}),
            "| algorithm | parameter | as on the command line | meaning |\n"
            "|---|---|---|---|\n"
            "| example | `OUTPUT` | `--output` | Write a copy, here. |\n"
            "| example | `LANGUAGE` | `--lang` | A language (a\\|b). |\n");
  const std::string page = with_option_tables(
      "# Plugin\n<!-- Processing parameters: made from the declarations by parklayers-docgen; change them there -->\n"
      "<!-- end of the Processing parameters -->\n");
  EXPECT_NE(page.find("| check | `STATED` | `--stated` | The field stating each parcel's area"), std::string::npos);
  EXPECT_EQ(page.find("`--json`"), std::string::npos);  // the command line's alone
}

TEST(OptionTable, ACommandWithoutItsMarkersIsAnError) {
  try {
    with_option_tables("# Commands\n");
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("<!-- options of build:"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace parklayers::command
