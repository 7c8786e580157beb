// SPDX-License-Identifier: GPL-2.0-or-later
// parklayers(1), as built (parklayers.1.gz) and as man-db renders it: every command, option and
// positional that the built program's --help prints, in the right section; no groff or man
// warning with the command line lintian runs; gzipped as lintian wants; dated and versioned
// reproducibly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"
#include "usage_text.h"

namespace parklayers {
namespace {

using test::lines_of;

const std::string kManPage = PARKLAYERS_TEST_MAN_PAGE;  // parklayers.1.gz

// man-db's rendering of the page, as a user reads it on an 80-column terminal.
std::string rendered() {
  const test::CommandResult man =
      test::run({"/usr/bin/env", "LC_ALL=C.UTF-8", "MANWIDTH=80", PARKLAYERS_TEST_MAN, "-l", kManPage});
  EXPECT_EQ(man.exit_code, 0) << man.err;
  return man.out;
}

// The rendered page's sections (NAME, SYNOPSIS, ...) and the subsections of COMMANDS.
struct Sections {
  std::map<std::string, std::vector<std::string>> sections;
  std::map<std::string, std::vector<std::string>> commands;
};

Sections sections_of(const std::string& page) {
  Sections out;
  std::string section;
  std::string command;
  for (const std::string& line : lines_of(page)) {
    if (!line.empty() && line[0] != ' ' && line.find("PARKLAYERS(1)") == std::string::npos &&
        line.find("parklayers ") != 0) {
      section = line;
      command.clear();
      continue;
    }
    if (section == "COMMANDS" && line.size() > 3 && line.compare(0, 3, "   ") == 0 && line[3] != ' ') {
      command = line.substr(3);
      continue;
    }
    out.sections[section].push_back(line);
    if (!command.empty()) out.commands[command].push_back(line);
  }
  return out;
}

// The option names of the entries of a rendered option list: "       -o, --output OUT" (and
// "       --json Print the checks as JSON", where groff puts a short term beside its text),
// each first in its section or after a blank line (a text line may start with an option it names).
std::set<std::string> listed_options(const std::vector<std::string>& lines) {
  std::set<std::string> names;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if ((i > 0 && !lines[i - 1].empty()) || line.compare(0, 8, "       -") != 0) continue;
    std::istringstream words(line);
    for (std::string word; words >> word && word[0] == '-';) {
      if (word.back() == ',') word.pop_back();
      names.insert(word);
    }
  }
  return names;
}

std::set<std::string> listed_positionals(const std::vector<std::string>& lines, const std::set<std::string>& names) {
  std::set<std::string> found;
  for (const std::string& line : lines) {
    for (const std::string& name : names) {
      if (line.compare(0, 7 + name.size() + 1, "       " + name + " ") == 0 || line == "       " + name) {
        found.insert(name);
      }
    }
  }
  return found;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST(ManPage, NamesEveryCommandAndOptionOfTheHelp) {
  const Sections page = sections_of(rendered());
  const std::vector<std::string> commands = test::help_commands();
  ASSERT_GE(commands.size(), 4u);
  // The four commands' options and positionals were read from their help (the reference).
  EXPECT_EQ(test::help_positionals("convert"), std::set<std::string>({"INPUT"}));
  EXPECT_EQ(test::help_options("check").count("--lang"), 1u);
  std::set<std::string> documented;
  for (const auto& [name, lines] : page.commands) documented.insert(name);
  EXPECT_EQ(documented, std::set<std::string>(commands.begin(), commands.end()));

  EXPECT_EQ(listed_options(page.sections.at("OPTIONS")), test::help_options(""));
  const std::string synopsis = joined(page.sections.at("SYNOPSIS"));
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    EXPECT_NE(synopsis.find("parklayers " + command + " [OPTIONS]"), std::string::npos) << synopsis;
    const std::set<std::string> options = test::help_options(command);
    EXPECT_TRUE(options.count("--help")) << "the help was not read";
    EXPECT_EQ(listed_options(page.commands.at(command)), options);
    const std::set<std::string> positionals = test::help_positionals(command);
    EXPECT_EQ(listed_positionals(page.commands.at(command), positionals), positionals);
  }
}

// The man page's texts are the help's: a Chinese term in check's help, the exit statuses of
// the program's footer.
TEST(ManPage, SaysWhatTheHelpSays) {
  const std::string page = rendered();
  const test::CommandResult check = test::parklayers({"check", "--help"});
  ASSERT_NE(check.out.find("地块面积"), std::string::npos) << check.out;
  const Sections sections = sections_of(page);
  EXPECT_NE(joined(sections.commands.at("check")).find("地块面积"), std::string::npos);

  const std::string exit = joined(sections.sections.at("EXIT STATUS"));
  const std::regex status(R"(^       ([0-9])  +(.+)$)");
  std::map<std::string, std::string> statuses;
  for (const std::string& line : lines_of(exit)) {
    std::smatch match;
    if (std::regex_match(line, match, status)) statuses[match[1]] = match[2];
  }
  EXPECT_EQ(statuses.size(), 4u) << exit;
  EXPECT_EQ(statuses["0"], "done");
  EXPECT_EQ(statuses["1"], "a stated-figure check failed");
  EXPECT_EQ(statuses["2"], "bad input or usage");
  const test::CommandResult top = test::parklayers({"--help"});
  EXPECT_NE(top.out.find("Exit status: 0 done, 1 a stated-figure check failed, 2 bad input or usage"),
            std::string::npos);
}

// What lintian runs on a man page (its manpages check): not a line on stderr.
TEST(ManPage, RendersWithoutWarnings) {
  const test::CommandResult man =
      test::run({"/usr/bin/env", "LC_ALL=C.UTF-8", "MANROFFSEQ=", "MANWIDTH=80", PARKLAYERS_TEST_MAN, "--warnings",
                 "-E", "UTF-8", "-l", kManPage});
  EXPECT_EQ(man.exit_code, 0);
  EXPECT_EQ(man.err, "");
  EXPECT_GT(man.out.size(), 5000u);
}

// The variables the code reads by name, with getenv or as the override of a QGIS tool
// (find_qgis_tool), are all in ENVIRONMENT.
TEST(ManPage, DocumentsTheEnvironmentTheCodeReads) {
  const std::string environment = joined(sections_of(rendered()).sections.at("ENVIRONMENT"));
  const std::regex getenv_call(R"re((?:getenv\(|find_qgis_tool\([^,()]+, )"(PARKLAYERS_[A-Z_]+)"\))re");
  std::set<std::string> read;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/plugin")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".cpp") continue;
    const std::string code = test::read_text(entry.path().string());
    for (std::sregex_iterator it(code.begin(), code.end(), getenv_call), end; it != end; ++it) read.insert((*it)[1]);
  }
  EXPECT_GE(read.size(), 3u);
  for (const std::string& name : read) EXPECT_NE(environment.find("       " + name + "\n"), std::string::npos) << name;
}

// gzip -9n: no timestamp nor name in the header, the highest compression (lintian's
// package-contains-timestamped-gzip and manpage-not-compressed-with-max-compression); gzip
// itself reads it back to the roff the build wrote.
TEST(ManPage, IsGzippedAsDebianWants) {
  std::ifstream file(kManPage, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);
  EXPECT_EQ(bytes[3] & 0x08, 0) << "a file name is stored";
  EXPECT_EQ(bytes.substr(4, 4), std::string(4, '\0')) << "a timestamp is stored";
  EXPECT_EQ(bytes[8], 2) << "not gzip -9";
  const test::CommandResult gunzip = test::run({"/usr/bin/env", "gzip", "-dc", kManPage});
  ASSERT_EQ(gunzip.exit_code, 0) << gunzip.err;
  const std::string roff = gunzip.out;
  EXPECT_EQ(roff, test::read_text(kManPage.substr(0, kManPage.size() - 3)));
  EXPECT_EQ(roff.find("\n.TH PARKLAYERS 1 "), roff.find('\n'));
}

// .TH: the version `parklayers --version` prints, the date SOURCE_DATE_EPOCH says; the same
// bytes on every run.
TEST(ManPage, DatedBySourceDateEpoch) {
  test::TempDir dir;
  const std::string version = test::parklayers({"--version"}).out;
  ASSERT_EQ(version.rfind("parklayers ", 0), 0u);
  for (const std::string& file : {dir.file("a.1"), dir.file("b.1")}) {
    const test::CommandResult docgen =
        test::run({"/usr/bin/env", "SOURCE_DATE_EPOCH=1700000000", PARKLAYERS_TEST_DOCGEN, "man", file});
    ASSERT_EQ(docgen.exit_code, 0) << docgen.err;
  }
  const std::string page = test::read_text(dir.file("a.1"));
  EXPECT_EQ(page, test::read_text(dir.file("b.1")));
  // 1700000000 s after the epoch: 2023-11-14 22:13:20 UTC.
  EXPECT_NE(page.find("\n.TH PARKLAYERS 1 2023-11-14 \"" + version.substr(0, version.size() - 1) + "\""),
            std::string::npos)
      << page.substr(0, 200);
}

}  // namespace
}  // namespace parklayers
