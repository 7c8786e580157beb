// SPDX-License-Identifier: GPL-2.0-or-later
// GDAL's own driver test, test_ogrsf (built by tests/drivers/baopan from the installed GDAL's
// source), on the VCT plugin as GDAL loads it (GDAL_DRIVER_PATH): read-only on the VCT files of
// tests/fuzz/corpus/vct, with and without its full spatial filter tests, and the write path with
// -driver. Its verdict is its output: exit status 0, and no FAILURE, ERROR or WARNING line.
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

struct CorpusFile {
  const char* name;
  const char* what;
  std::vector<const char*> layers;
};

void PrintTo(const CorpusFile& file, std::ostream* out) { *out << file.name; }

// Files of tests/fuzz/corpus/vct, written by hand from the format's facts.
const CorpusFile kFiles[] = {
    {"indirect_gbk.vct", "GBK, CRLF, indirect polygons with a reversed line and a hole, zone in Y", {"DLTB"}},
    {"direct_utf8.vct", "UTF-8, LF, direct polygons with a hole, Xian 1980 6-degree", {"DLTB"}},
    {"layers_utf8_bom.vct",
     "UTF-8 BOM, points, annotations, a MultiPolygon, a table without geometry",
     {"DLTB", "JZD", "ZJ", "QSDW"}},
};

class VctTestOgrsf : public ::testing::TestWithParam<CorpusFile> {};

TEST_P(VctTestOgrsf, PassesOnTheFile) {
  if (!test_ogrsf_built()) return;
  const std::string path = std::string(PARKLAYERS_TEST_VCT_CORPUS) + "/" + GetParam().name;
  SCOPED_TRACE(GetParam().what);
  for (const bool full_spatial_filter : {false, true}) {
    SCOPED_TRACE(full_spatial_filter ? "-ro -fsf" : "-ro");
    std::vector<std::string> args = {"-ro"};
    if (full_spatial_filter) args.push_back("-fsf");
    args.push_back(path);
    const test::CommandResult result = test_ogrsf(args);
    expect_clean(result);
    EXPECT_NE(result.out.find("INFO: Open of `" + path + "' using driver `VCT' successful.\n"), std::string::npos)
        << result.out;
    for (const char* layer : GetParam().layers) {
      EXPECT_NE(result.out.find(std::string("INFO: Testing layer ") + layer + ".\n"), std::string::npos)
          << layer << "\n"
          << result.out;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(CorpusFiles, VctTestOgrsf, ::testing::ValuesIn(kFiles),
                         [](const ::testing::TestParamInfo<CorpusFile>& param_info) {
                           const std::string name = param_info.param.name;
                           return name.substr(0, name.size() - 4);  // without .vct
                         });

// -driver: test_ogrsf creates datasets in /vsimem with layers of every geometry type (the
// polygon ones taken), fields of every type and features, closes them and opens them again.
// Its layers come without a CRS, so the layer creation option SRS gives one.
TEST(VctTestOgrsfDriver, CreatesWritesAndReopensWithSrs) {
  if (!test_ogrsf_built()) return;
  test::TempDir dir;
  const test::CommandResult result =
      test_ogrsf({"-driver", "VCT", "-lco", "SRS=EPSG:4549", "-log", dir.file("calls.log")});
  expect_clean(result);
  EXPECT_EQ(result.out, "INFO: TestCreate(VCT).\n");
  const std::string calls = test::read_text(dir.file("calls.log"));
  for (const char* call : {"poLayer->CreateField(&oFieldStr)", "poLayer->CreateFeature(poFeature)",
                           "GDALOpenEx(osFilename, GDAL_OF_VECTOR"}) {
    EXPECT_NE(calls.find(call), std::string::npos) << call;
  }
}

}  // namespace
}  // namespace parklayers
