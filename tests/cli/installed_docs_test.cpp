// SPDX-License-Identifier: GPL-2.0-or-later
// Where `cmake --install` puts parklayers(1) and the bash completion, found the way users find
// them: man-db by the page's name under MANPATH, bash-completion's loader by the command's
// name under XDG_DATA_DIRS.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace parklayers {
namespace {

TEST(InstalledDocs, ManAndBashCompletionFindThem) {
  test::TempDir dir;
  const std::string prefix = dir.file("usr");
  const test::CommandResult install =
      test::run({PARKLAYERS_TEST_CMAKE, "--install", PARKLAYERS_TEST_BINARY_DIR, "--prefix", prefix});
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;

  const test::CommandResult man = test::run(
      {"/usr/bin/env", "MANPATH=" + prefix + "/share/man", PARKLAYERS_TEST_MAN, "-w", "parklayers"});
  EXPECT_EQ(man.exit_code, 0) << man.err;
  EXPECT_EQ(man.out, prefix + "/share/man/man1/parklayers.1.gz\n");

  const test::CommandResult bash = test::run(
      {PARKLAYERS_TEST_BASH, "--norc", "--noprofile", "-c",
       "source \"$1\" && XDG_DATA_DIRS=\"$2\" && __load_completion parklayers && complete -p parklayers", "bash",
       PARKLAYERS_TEST_BASH_COMPLETION_LOADER, prefix + "/share"});
  EXPECT_EQ(bash.exit_code, 0) << bash.err;
  EXPECT_EQ(bash.out, "complete -F _parklayers parklayers\n");
  EXPECT_EQ(test::read_text(prefix + "/share/bash-completion/completions/parklayers"),
            test::read_text(PARKLAYERS_TEST_COMPLETION));
}

}  // namespace
}  // namespace parklayers
