// SPDX-License-Identifier: GPL-2.0-or-later
// The five commands' declarations are whole: each argument named once, with help, a value name
// where it takes one, choices where it is a choice, a Processing name used once; the fields they
// fill are the options structs' own (a default in the struct is the command's default).
#include "parklayers/command/declaration.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "parklayers/command/area.h"
#include "parklayers/command/build.h"
#include "parklayers/command/check.h"
#include "parklayers/command/convert.h"
#include "parklayers/command/report.h"

namespace parklayers::command {
namespace {

TEST(Declaration, FiveCommandsInTheOrderOfHelp) {
  std::vector<std::string> names;
  for (const CommandInfo& command : all_commands()) names.push_back(command.name);
  EXPECT_EQ(names, (std::vector<std::string>{"build", "check", "area", "convert", "report"}));
}

TEST(Declaration, EveryArgumentWhole) {
  for (const CommandInfo& command : all_commands()) {
    EXPECT_FALSE(command.description.empty()) << command.name;
    EXPECT_NE(command.footer.find("Exit status"), std::string::npos) << command.name;
    std::set<std::string> names;
    std::set<std::string> processing;
    for (const ArgumentInfo* argument : command.arguments) {
      const std::string where = command.name + " " + argument->names;
      EXPECT_TRUE(names.insert(argument->names).second) << where << " declared twice";
      EXPECT_FALSE(argument->help.empty()) << where;
      const bool positional = argument->names[0] != '-';
      if (argument->kind != Kind::Flag && !positional) {
        EXPECT_FALSE(argument->value_name.empty()) << where;
      }
      if (argument->kind == Kind::Choice) {
        ASSERT_FALSE(argument->choices.empty()) << where;
        std::string listed;
        for (const Choice& choice : argument->choices) listed += (listed.empty() ? "" : "|") + choice.value;
        EXPECT_EQ(argument->value_name, listed) << where << ": the usage lists the choices";
      }
      if (!argument->processing.empty()) {
        EXPECT_TRUE(processing.insert(argument->processing).second) << where << ": " << argument->processing;
      }
    }
    for (const Exclusion& exclusion : command.exclusions) {
      EXPECT_TRUE(names.count(exclusion.first) || exclusion.first == "-o") << command.name << " " << exclusion.first;
    }
  }
}

TEST(Declaration, DefaultsAreTheOptionsStructs) {
  EXPECT_EQ(CheckArgs{}.source, bundled_park_path());
  EXPECT_DOUBLE_EQ(CheckArgs{}.overlap_tolerance, kDefaultOverlapToleranceM2);
  EXPECT_EQ(ReportArgs{}.paper, "A4");
  EXPECT_EQ(ReportArgs{}.lang, "en");
  // Each field is bound once: two arguments filling one field would each overwrite the other.
  const Declaration<CheckArgs>& check = check_command();
  for (size_t i = 0; i < check.arguments.size(); ++i) {
    for (size_t j = i + 1; j < check.arguments.size(); ++j) {
      EXPECT_FALSE(check.arguments[i].field == check.arguments[j].field)
          << check.arguments[i].names << " and " << check.arguments[j].names;
    }
  }
  EXPECT_EQ(check.find("--stated")->processing, "STATED");
  EXPECT_EQ(check.find("--nothing"), nullptr);
}

}  // namespace
}  // namespace parklayers::command
