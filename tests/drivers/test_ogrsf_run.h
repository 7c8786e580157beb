// SPDX-License-Identifier: GPL-2.0-or-later
// GDAL's driver test test_ogrsf as our drivers' tests run it (tests/drivers/*/..._test_ogrsf_test):
// the program with GDAL_DRIVER_PATH set to the plugin's folder, its verdict read from its output.
// The including test defines PARKLAYERS_TEST_OGRSF (the program, empty when it was not built),
// PARKLAYERS_TEST_OGRSF_MISSING (why not) and PARKLAYERS_TEST_GDAL_PLUGIN_DIR.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.h"

namespace parklayers::test {

// Whether test_ogrsf was built; if not, the test fails saying what is missing (never a skip).
inline bool test_ogrsf_built() {
  if (std::string(PARKLAYERS_TEST_OGRSF).empty()) {
    ADD_FAILURE() << PARKLAYERS_TEST_OGRSF_MISSING;
    return false;
  }
  return true;
}

// test_ogrsf with the built plugin.
inline CommandResult test_ogrsf(std::vector<std::string> args) {
  args.insert(args.begin(),
              {"/usr/bin/env", "GDAL_DRIVER_PATH=" PARKLAYERS_TEST_GDAL_PLUGIN_DIR, PARKLAYERS_TEST_OGRSF});
  return run(args);
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// What test_ogrsf and GDAL's error handler print when something is wrong: test_ogrsf's FAILURE
// and ERROR lines (stdout), CPLError's "ERROR n:" and "Warning n:" (stderr).
inline void expect_clean(const CommandResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
  for (const std::string& line : lines_of(result.out)) {
    for (const char* word : {"FAILURE", "ERROR", "WARNING", "Warning"}) {
      EXPECT_EQ(line.find(word), std::string::npos) << line;
    }
  }
}

}  // namespace parklayers::test
