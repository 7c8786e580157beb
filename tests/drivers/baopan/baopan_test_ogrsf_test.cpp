// SPDX-License-Identifier: GPL-2.0-or-later
// GDAL's own driver test, test_ogrsf (apps/test_ogrsf.cpp of the installed GDAL's source, built
// by this folder's CMakeLists.txt), on the BAOPAN plugin as GDAL loads it (GDAL_DRIVER_PATH):
// read-only on coordinate files of every kind, with and without its full spatial filter tests,
// and the write path with -driver. Its verdict is its output: exit status 0, and no FAILURE,
// ERROR or WARNING line.
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../test_ogrsf_run.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::expect_clean;
using test::test_ogrsf;
using test::test_ogrsf_built;

std::string last_line(const std::string& text) {
  const std::vector<std::string> lines = test::lines_of(text);
  return lines.empty() ? "" : lines.back();
}

struct CorpusFile {
  const char* name;
  const char* what;
};

// Files of tests/fuzz/corpus/baopan, written as land offices write them. (line_record.txt is
// left out: its 线 record is skipped with a GDAL warning, by design.)
const CorpusFile kFiles[] = {
    {"gbk_crlf.txt", "GBK, CRLF, two 地块, zone in Y"},
    {"triangle_gbk_lf.txt", "GBK, LF, a triangle"},
    {"utf8_lf_hole.txt", "UTF-8, LF, two 地块, a hole"},
    {"utf8_crlf_zone_prefix.txt", "UTF-8, CRLF, zone in Y"},
    {"utf8_bom.txt", "UTF-8 with a BOM"},
    {"no_zone_line.txt", "zone in Y, no 带号 line"},
    {"cm_by_zone_number.txt", "no zone in Y: by central meridian from 带号"},
    {"six_degree_xian80.txt", "Xian 1980, 6-degree zones"},
    {"six_degree_beijing54_cm.txt", "Beijing 1954, 6-degree, by central meridian"},
};

// Named by the file in test names and messages.
void PrintTo(const CorpusFile& file, std::ostream* out) { *out << file.name; }

class BaopanTestOgrsf : public ::testing::TestWithParam<CorpusFile> {};

TEST_P(BaopanTestOgrsf, PassesOnTheFile) {
  if (!test_ogrsf_built()) return;
  const std::string path = std::string(PARKLAYERS_TEST_BAOPAN_CORPUS) + "/" + GetParam().name;
  SCOPED_TRACE(GetParam().what);
  const std::string stem = std::string(GetParam().name).substr(0, std::string(GetParam().name).size() - 4);
  for (const bool full_spatial_filter : {false, true}) {
    SCOPED_TRACE(full_spatial_filter ? "-ro -fsf" : "-ro");
    std::vector<std::string> args = {"-ro"};
    if (full_spatial_filter) args.push_back("-fsf");
    args.push_back(path);
    const test::CommandResult result = test_ogrsf(args);
    expect_clean(result);
    // Opened by BAOPAN, its one layer tested to the end.
    EXPECT_NE(result.out.find("INFO: Open of `" + path + "' using driver `BAOPAN' successful.\n"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("INFO: Testing layer " + stem + ".\n"), std::string::npos) << result.out;
    EXPECT_EQ(last_line(result.out), "INFO: TestVirtualIO successful.") << result.out;
  }
}

INSTANTIATE_TEST_SUITE_P(CorpusFiles, BaopanTestOgrsf, ::testing::ValuesIn(kFiles),
                         [](const ::testing::TestParamInfo<CorpusFile>& param_info) {
                           const std::string name = param_info.param.name;
                           return name.substr(0, name.size() - 4);  // without .txt
                         });

// -driver: test_ogrsf creates datasets in /vsimem, a layer of every geometry type in each, with
// fields of every type and features, closes them and opens them again. It creates its layers
// without a CRS, so the layer creation option SRS gives one; EPSG:4549 (by central meridian)
// because its features lie at (0 0), which no zone-in-Y CRS can hold. Its log (-log) names each
// call it made: the write path ran (CreateField, CreateFeature, and the written file reopened).
TEST(BaopanTestOgrsfDriver, CreatesWritesAndReopensWithSrs) {
  if (!test_ogrsf_built()) return;
  test::TempDir dir;
  const test::CommandResult result =
      test_ogrsf({"-driver", "BAOPAN", "-lco", "SRS=EPSG:4549", "-log", dir.file("calls.log")});
  expect_clean(result);
  EXPECT_EQ(result.out, "INFO: TestCreate(BAOPAN).\n");
  const std::string calls = test::read_text(dir.file("calls.log"));
  for (const char* call : {"poLayer->CreateField(&oFieldStr)", "poLayer->CreateFeature(poFeature)",
                           "GDALOpenEx(osFilename, GDAL_OF_VECTOR"}) {
    EXPECT_NE(calls.find(call), std::string::npos) << call;
  }
}

// The control: without SRS every CreateLayer is refused (no CRS), so test_ogrsf makes no field
// and no feature, and its output alone would not tell.
TEST(BaopanTestOgrsfDriver, WithoutSrsNoLayerIsCreated) {
  if (!test_ogrsf_built()) return;
  test::TempDir dir;
  const test::CommandResult result = test_ogrsf({"-driver", "BAOPAN", "-log", dir.file("calls.log")});
  expect_clean(result);
  EXPECT_EQ(result.out, "INFO: TestCreate(BAOPAN).\n");
  const std::string calls = test::read_text(dir.file("calls.log"));
  EXPECT_NE(calls.find("poDS->CreateLayer("), std::string::npos);
  EXPECT_EQ(calls.find("CreateFeature"), std::string::npos);
}

}  // namespace
}  // namespace parklayers
