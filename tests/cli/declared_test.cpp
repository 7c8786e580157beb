// SPDX-License-Identifier: GPL-2.0-or-later
// The CLI11 subcommands made from the declarations: the help of every declared argument is in
// the program's --help as declared; a declaration changed is the --help changed; the values
// parsed land in the options struct's fields, the struct's defaults kept when not given.
#include "declared.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parklayers/command/area.h"
#include "parklayers/command/check.h"
#include "parklayers/command/convert.h"
#include "test_support.h"

namespace parklayers::cli {
namespace {

TEST(Declared, TheProgramsHelpSaysWhatEachDeclarationSays) {
  for (const command::CommandInfo& command : command::all_commands()) {
    const test::CommandResult help = test::run({PARKLAYERS_TEST_EXE, command.name, "--help"});
    ASSERT_EQ(help.exit_code, 0) << help.err;
    // CLI11 indents the help's continuation lines; each declared line is there as written.
    size_t lines = 0;
    for (const command::ArgumentInfo* argument : command.arguments) {
      size_t start = 0;
      while (start < argument->help.size()) {
        const size_t end = argument->help.find('\n', start);
        const std::string line = argument->help.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_NE(help.out.find(line), std::string::npos) << command.name << " " << argument->names << ": " << line;
        ++lines;
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
    EXPECT_GT(lines, command.arguments.size() - 1) << command.name;
    EXPECT_NE(help.out.find(command.footer.substr(0, command.footer.find('\n'))), std::string::npos) << command.name;
  }
}

TEST(Declared, AChangedHelpIsTheHelpPrinted) {
  command::Declaration<command::CheckArgs> changed = command::check_command();
  for (auto& argument : changed.arguments) {
    if (argument.names == "--stated") argument.help = "Where the area is written, said once";
  }
  CLI::App app("parklayers");
  command::CheckArgs args;
  CLI::App* check = add_declared(app, changed, args);
  const std::string help = check->help();
  EXPECT_NE(help.find("Where the area is written, said once"), std::string::npos) << help;
  EXPECT_EQ(help.find("The field stating each parcel's area"), std::string::npos) << help;
}

TEST(Declared, ValuesFillTheFieldsAndDefaultsStay) {
  CLI::App app("parklayers");
  command::CheckArgs check_args;
  add_declared(app, command::check_command(), check_args);
  command::ConvertArgs convert_args;
  add_declared(app, command::convert_command(), convert_args);
  app.parse("parklayers check a.txt --stated TBMJ --unit mu --overlaps --overlap-tolerance 0.5", true);
  EXPECT_EQ(check_args.source, "a.txt");
  EXPECT_EQ(check_args.stated, "TBMJ");
  EXPECT_EQ(check_args.unit, "mu");
  EXPECT_TRUE(check_args.overlaps);
  EXPECT_DOUBLE_EQ(check_args.overlap_tolerance, 0.5);
  EXPECT_EQ(check_args.lang, "en");
  EXPECT_TRUE(convert_args.inputs.empty());

  CLI::App other("parklayers");
  command::ConvertArgs convert;
  add_declared(other, command::convert_command(), convert);
  other.parse("parklayers convert a.gpkg b.shp -f GPKG -f SHP -o out --txt-encoding gbk", true);
  EXPECT_EQ(convert.inputs, (std::vector<std::string>{"a.gpkg", "b.shp"}));
  EXPECT_EQ(convert.formats, (std::vector<std::string>{"GPKG", "SHP"}));
  EXPECT_EQ(convert.outdir, "out");
  EXPECT_EQ(convert.txt_encoding, "gbk");
}

TEST(Declared, ExclusionsAndChecksHold) {
  CLI::App app("parklayers");
  command::AreaArgs area;
  add_declared(app, command::area_command(), area);
  EXPECT_THROW(app.parse("parklayers area a.gpkg --update -o b.gpkg", true), CLI::ExcludesError);
  CLI::App again("parklayers");
  command::CheckArgs check;
  add_declared(again, command::check_command(), check);
  EXPECT_THROW(again.parse("parklayers check a.txt --overlap-tolerance -1", true), CLI::ValidationError);
}

}  // namespace
}  // namespace parklayers::cli
