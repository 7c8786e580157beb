// SPDX-License-Identifier: GPL-2.0-or-later
// The bash completion of parklayers, as built, loaded in a real bash and called as bash calls
// it (COMP_WORDS, COMP_CWORD): commands and each command's options are those the built
// program's --help prints; fixed values (--lang, -f, --method...) are offered; paths are
// completed, and a PG: name is left alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"
#include "usage_text.h"

namespace parklayers {
namespace {

// COMPREPLY for the words of a command line being typed, the last one the word under the
// cursor ("" after a space), completed in the folder `cwd`.
std::set<std::string> complete(const std::vector<std::string>& words, const std::string& cwd = "/") {
  std::vector<std::string> argv = {PARKLAYERS_TEST_BASH, "--norc", "--noprofile", "-c",
                                   "cd \"$2\" && source \"$1\" && COMP_WORDS=(\"${@:3}\") && "
                                   "COMP_CWORD=$(($# - 3)) && _parklayers && printf '%s\\n' \"${COMPREPLY[@]}\"",
                                   "bash", PARKLAYERS_TEST_COMPLETION, cwd};
  argv.insert(argv.end(), words.begin(), words.end());
  const test::CommandResult bash = test::run(argv);
  EXPECT_EQ(bash.exit_code, 0) << bash.err;
  EXPECT_EQ(bash.err, "");
  std::set<std::string> replies;
  for (const std::string& line : test::lines_of(bash.out)) {
    if (!line.empty()) replies.insert(line);
  }
  return replies;
}

using Words = std::set<std::string>;

TEST(BashCompletion, Commands) {
  EXPECT_EQ(complete({"parklayers", "ch"}), Words({"check"}));
  const std::vector<std::string> commands = test::help_commands();
  ASSERT_GE(commands.size(), 4u);
  EXPECT_EQ(complete({"parklayers", ""}), Words(commands.begin(), commands.end()));
  EXPECT_EQ(complete({"parklayers", "-"}), test::help_options(""));
}

TEST(BashCompletion, EachCommandsOptionsAreItsHelps) {
  EXPECT_EQ(complete({"parklayers", "check", "--lan"}), Words({"--lang"}));
  EXPECT_EQ(complete({"parklayers", "check", "--la"}), Words({"--lang", "--layer"}));
  for (const std::string& command : test::help_commands()) {
    SCOPED_TRACE(command);
    const std::set<std::string> options = test::help_options(command);
    EXPECT_TRUE(options.count("--help")) << "the help was not read";
    EXPECT_EQ(complete({"parklayers", command, "-"}), options);
    // After a positional and an option with its value, still the command's.
    EXPECT_EQ(complete({"parklayers", command, "in.gpkg", "--encoding", "GBK", "-"}), options);
  }
}

TEST(BashCompletion, FixedValues) {
  EXPECT_EQ(complete({"parklayers", "check", "--lang", ""}), Words({"en", "zh"}));
  EXPECT_EQ(complete({"parklayers", "build", "--lang", "z"}), Words({"zh"}));
  // --lang=z: bash splits the word at '='.
  EXPECT_EQ(complete({"parklayers", "check", "--lang", "=", ""}), Words({"en", "zh"}));
  EXPECT_EQ(complete({"parklayers", "check", "--lang", "=", "z"}), Words({"zh"}));
  EXPECT_EQ(complete({"parklayers", "check", "--method", ""}), Words({"planar", "ellipsoidal", "survey"}));
  EXPECT_EQ(complete({"parklayers", "convert", "x", "--txt-encoding", ""}), Words({"UTF-8", "GBK"}));
  EXPECT_EQ(complete({"parklayers", "area", "x", "--s_srs", ""}), Words({"GCJ02", "BD09"}));
  // A free value (a CRS, a name, SQL): nothing offered, not the command's options.
  EXPECT_EQ(complete({"parklayers", "convert", "x", "--t_srs", ""}), Words());
}

// -f offers every output format, each one the program takes (and the help names), the same for
// build and convert.
TEST(BashCompletion, Formats) {
  const std::set<std::string> formats = complete({"parklayers", "convert", "x", "-f", ""});
  EXPECT_EQ(formats,
            Words({"GPKG", "GeoJSON", "Shapefile", "FlatGeobuf", "CSV", "KML", "BAOPAN", "PostgreSQL"}));
  EXPECT_EQ(complete({"parklayers", "build", "-f", ""}), formats);
  const std::string help = test::parklayers({"convert", "--help"}).out;
  test::TempDir dir;
  for (const std::string& format : formats) {
    SCOPED_TRACE(format);
    EXPECT_NE(help.find(format), std::string::npos);
    const test::CommandResult convert =
        test::parklayers({"convert", dir.file("missing.geojson"), "-o", dir.file("out"), "-f", format, "-q"});
    EXPECT_EQ(convert.exit_code, 2);
    EXPECT_EQ(convert.err.find("unknown format"), std::string::npos) << convert.err;
  }
  const test::CommandResult unknown =
      test::parklayers({"convert", dir.file("missing.geojson"), "-o", dir.file("out"), "-f", "NOPE", "-q"});
  EXPECT_NE(unknown.err.find("unknown format"), std::string::npos) << unknown.err;
}

// Sources and outputs are paths; a PG:"dbname=..." name (split by bash at ':') is not.
TEST(BashCompletion, PathsButNotDatabases) {
  test::TempDir dir;
  test::write_text(dir.file("parcels.gpkg"), "");
  test::write_text(dir.file("dbname=parks"), "");
  std::filesystem::create_directory(dir.file("park source"));
  EXPECT_EQ(complete({"parklayers", "check", "par"}, dir.path()), Words({"parcels.gpkg", "park source"}));
  EXPECT_EQ(complete({"parklayers", "area", "parcels.gpkg", "-o", "par"}, dir.path()),
            Words({"parcels.gpkg", "park source"}));
  EXPECT_EQ(complete({"parklayers", "convert", "x", "-o", "dbn"}, dir.path()), Words({"dbname=parks"}));
  EXPECT_EQ(complete({"parklayers", "convert", "x", "-o", "PG", ":", "dbn"}, dir.path()), Words());
  EXPECT_EQ(complete({"parklayers", "convert", "x", "-o", "PG", ":"}, dir.path()), Words());
  EXPECT_EQ(complete({"parklayers", "area", "PG", ":", "dbn"}, dir.path()), Words());
}

}  // namespace
}  // namespace parklayers
