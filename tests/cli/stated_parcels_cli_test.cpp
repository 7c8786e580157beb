// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers check` and `area` on layers of parcels stating their areas, as users run them:
// land-parcel coordinate files written as text by the tests (UTF-8 and GBK) and GeoPackages
// with their fields, in every Chinese datum and zone width, the parcels made in lon/lat and
// projected by PROJ's cs2cs (test_support); the planar
// reference is the shoelace of the written coordinates, the ellipsoidal one Planimeter's on the
// datum's ellipsoid.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

using Plane = test::ChinesePlane;
constexpr const auto& kPlanes = test::kChinesePlanes;

CPLJSONArray json_array(const std::string& text, const char* key) {
  CPLJSONDocument document;
  EXPECT_TRUE(document.LoadMemory(text)) << text;
  return document.GetRoot().GetArray(key);
}

// area --json and check --json of a layer of stated parcels in `plane`: the planar area on the
// layer's own plane (shoelace of its coordinates), the ellipsoidal one on the datum's ellipsoid
// (Planimeter), and, the stated areas being the planar ones, every check row planar and passing.
void expect_measured_and_passing(const std::string& file, const Plane& plane,
                                 const std::vector<test::StatedParcel>& parcels) {
  const std::string crs = "EPSG:" + std::to_string(plane.epsg);
  const test::CommandResult area = test::parklayers({"area", file, "--json"});
  ASSERT_EQ(area.exit_code, 0) << area.err;
  const CPLJSONArray features = json_array(area.out, "features");
  ASSERT_EQ(features.Size(), 3);
  for (int i = 0; i < 3; ++i) {
    const test::PlaneParcel& shape = parcels[static_cast<size_t>(i)].shape;
    EXPECT_EQ(features[i].GetString("gk_crs"), crs);
    EXPECT_NEAR(features[i].GetDouble("gk_area_m2"), shape.planar_m2, 1e-7 * shape.planar_m2) << crs << " " << i;
    const double ellipsoidal = shape.ellipsoidal_m2(plane.semi_major, 1 / plane.inverse_flattening);
    EXPECT_NEAR(features[i].GetDouble("area_m2"), ellipsoidal, 1e-6 * ellipsoidal) << crs << " " << i;
  }
  const test::CommandResult passed = test::parklayers({"check", file, "--json"});
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;
  const CPLJSONArray rows = json_array(passed.out, "checks");
  ASSERT_EQ(rows.Size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rows[i].GetString("subject"), "parcel:" + parcels[static_cast<size_t>(i)].id);
    EXPECT_EQ(rows[i].GetString("quantity"), "land_area");
    EXPECT_EQ(rows[i].GetString("unit"), "ha");
    EXPECT_EQ(rows[i].GetString("method"), "planar");
    EXPECT_EQ(rows[i].GetString("status"), "pass") << rows[i].GetString("note");
  }
}

class StatedParcelsCli : public ::testing::TestWithParam<Plane> {};

TEST_P(StatedParcelsCli, AreaAgreesAndCheckPassesThenFails) {
  const Plane& plane = GetParam();
  test::TempDir dir;
  std::vector<test::StatedParcel> parcels = test::stated_parcels(plane.geographic, plane.epsg, plane.central_meridian);
  const std::string file = dir.file("parcels.gpkg");
  test::write_stated_parcels(file, plane.epsg, parcels);
  expect_measured_and_passing(file, plane, parcels);

  // One stated area 1 % off: a fail row and exit 1.
  parcels[1].stated = test::hectares(parcels[1].shape.planar_m2 * 1.01);
  test::write_stated_parcels(dir.file("one_off.gpkg"), plane.epsg, parcels);
  const test::CommandResult failed = test::parklayers({"check", dir.file("one_off.gpkg")});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("2 pass, 1 fail"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("planar"), std::string::npos) << failed.out;
}

INSTANTIATE_TEST_SUITE_P(ChineseFamilies, StatedParcelsCli, ::testing::ValuesIn(kPlanes),
                         [](const ::testing::TestParamInfo<Plane>& param_info) {
                           return "EPSG_" + std::to_string(param_info.param.epsg);
                         });

// The coordinate files are read by the BAOPAN driver (parklayers/io/drivers.h): these
// tests are built where it is.
#if __has_include("parklayers/io/drivers.h")
// A coordinate file's CRS as its header states it.
struct CoordinateFileCase {
  const char* datum;  // 坐标系
  int zone_width;     // 几度分带
  int zone;           // 带号
  Plane plane;        // the plane GDAL reads it in (zone number in Y, or by central meridian)
  bool gbk;
};

const CoordinateFileCase kCoordinateFiles[] = {
    {"2000国家大地坐标系", 3, 40, kPlanes[0], false}, {"2000国家大地坐标系", 3, 40, kPlanes[1], true},
    {"2000国家大地坐标系", 6, 21, kPlanes[2], true},  {"2000国家大地坐标系", 6, 21, kPlanes[3], false},
    {"1980西安坐标系", 3, 40, kPlanes[4], true},      {"1980西安坐标系", 3, 40, kPlanes[5], false},
    {"1980西安坐标系", 6, 21, kPlanes[6], false},     {"1980西安坐标系", 6, 21, kPlanes[7], true},
    {"1954北京坐标系", 3, 40, kPlanes[8], false},     {"1954北京坐标系", 3, 40, kPlanes[9], true},
    {"1954北京坐标系", 6, 21, kPlanes[10], true},     {"1954北京坐标系", 6, 21, kPlanes[11], false},
};

class CoordinateFileCli : public ::testing::TestWithParam<CoordinateFileCase> {};

TEST_P(CoordinateFileCli, AreaAgreesAndCheckPassesThenFails) {
  // The file is written as text by the test, CRLF, in UTF-8 or GBK, a parcel with a hole.
  const CoordinateFileCase& c = GetParam();
  const Plane& plane = c.plane;
  test::TempDir dir;
  std::vector<test::StatedParcel> parcels = test::stated_parcels(plane.geographic, plane.epsg, plane.central_meridian);
  const auto write = [&](const std::string& name) {
    const std::string text = test::coordinate_file(c.datum, c.zone_width, c.zone, parcels);
    test::write_text(dir.file(name), c.gbk ? test::to_gbk(text) : text);
    return dir.file(name);
  };
  const std::string file = write("红线.txt");
  expect_measured_and_passing(file, plane, parcels);

  // The names come through the file's encoding.
  const test::CommandResult zh = test::parklayers({"check", file, "--lang", "zh"});
  EXPECT_EQ(zh.exit_code, 0) << zh.err;
  for (const char* text : {"示例地块2", "平面面积", "3 项通过"}) {
    EXPECT_NE(zh.out.find(text), std::string::npos) << text << "\n" << zh.out;
  }
  const test::CommandResult ellipsoidal = test::parklayers({"check", file, "--method", "ellipsoidal", "--json"});
  const CPLJSONArray ellipsoidal_rows = json_array(ellipsoidal.out, "checks");
  ASSERT_EQ(ellipsoidal_rows.Size(), 3) << ellipsoidal.err;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ellipsoidal_rows[i].GetString("method"), "ellipsoidal");

  parcels[1].stated = test::hectares(parcels[1].shape.planar_m2 * 1.01);
  const test::CommandResult failed = test::parklayers({"check", write("one_off.txt")});
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("2 pass, 1 fail"), std::string::npos) << failed.out;
}

INSTANTIATE_TEST_SUITE_P(EveryDatumAndZone, CoordinateFileCli, ::testing::ValuesIn(kCoordinateFiles),
                         [](const ::testing::TestParamInfo<CoordinateFileCase>& param_info) {
                           return "EPSG_" + std::to_string(param_info.param.plane.epsg) +
                                  (param_info.param.gbk ? "_GBK" : "_UTF8");
                         });
#endif  // the BAOPAN driver

TEST(StatedParcelsCli, MethodLanguageAndJsonSchema) {
  test::TempDir dir;
  const std::string file = dir.file("parcels.gpkg");
  test::write_stated_parcels(file, 2364, test::stated_parcels(4610, 2364, 120));
  // --method ellipsoidal: every row says so (and fails: 1.3 degrees off the meridian the plane
  // is 0.02 % larger than the ellipsoid, more than "0.4820" allows).
  const test::CommandResult ellipsoidal = test::parklayers({"check", file, "--method", "ellipsoidal", "--json"});
  EXPECT_EQ(ellipsoidal.exit_code, 1) << ellipsoidal.err;
  const CPLJSONArray rows = json_array(ellipsoidal.out, "checks");
  ASSERT_EQ(rows.Size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rows[i].GetString("method"), "ellipsoidal");
    for (const char* key : {"id", "subject", "quantity", "stated", "unit", "low", "high", "computed", "status", "source"}) {
      EXPECT_TRUE(rows[i].GetObj(key).IsValid()) << key;
    }
  }
  // --lang zh: the Chinese table with the method and each parcel's name.
  const test::CommandResult zh = test::parklayers({"check", file, "--lang", "zh"});
  EXPECT_EQ(zh.exit_code, 0) << zh.err;
  for (const char* text : {"面积类型", "平面面积", "示例地块2", "用地面积", "公顷", "3 项通过"}) {
    EXPECT_NE(zh.out.find(text), std::string::npos) << text << "\n" << zh.out;
  }
  const test::CommandResult zh_ellipsoidal = test::parklayers({"check", file, "--lang", "zh", "--method", "ellipsoidal"});
  EXPECT_NE(zh_ellipsoidal.out.find("椭球面积"), std::string::npos) << zh_ellipsoidal.out;
  // --layer names the layer of parcels.
  EXPECT_EQ(test::parklayers({"check", file, "--layer", "parcels"}).exit_code, 0);
  const test::CommandResult no_layer = test::parklayers({"check", file, "--layer", "nothing"});
  EXPECT_EQ(no_layer.exit_code, 2);
  EXPECT_NE(no_layer.err.find("nothing"), std::string::npos) << no_layer.err;
}

TEST(StatedParcelsCli, WhereSelectsParcels) {
  test::TempDir dir;
  const std::string file = dir.file("parcels.gpkg");
  std::vector<test::StatedParcel> parcels = test::stated_parcels(4490, 4528, 120);
  parcels[0].stated = test::hectares(parcels[0].shape.planar_m2 * 1.01);  // fails, unless left out
  test::write_stated_parcels(file, 4528, parcels);
  EXPECT_EQ(test::parklayers({"check", file}).exit_code, 1);
  const std::string others = "id <> '" + parcels[0].id + "'";
  const test::CommandResult selected = test::parklayers({"check", file, "--where", others, "--json"});
  EXPECT_EQ(selected.exit_code, 0) << selected.err;
  const CPLJSONArray rows = json_array(selected.out, "checks");
  ASSERT_EQ(rows.Size(), 2);
  EXPECT_EQ(rows[0].GetString("subject"), "parcel:" + parcels[1].id);
  // A park's layers are not selected one by one.
  const test::CommandResult park = test::parklayers({"check", "--where", "1 = 1"});
  EXPECT_EQ(park.exit_code, 2);
  EXPECT_NE(park.err.find("convert --where"), std::string::npos) << park.err;
}

TEST(StatedParcelsCli, UsageErrors) {
  // A park's figures are ellipsoidal: --method planar on a park source is refused.
  const test::CommandResult planar_park = test::parklayers({"check", "--method", "planar"});
  EXPECT_EQ(planar_park.exit_code, 2);
  EXPECT_NE(planar_park.err.find("ellipsoidal"), std::string::npos) << planar_park.err;
  EXPECT_TRUE(planar_park.out.empty());
  const test::CommandResult ellipsoidal_park = test::parklayers({"check", "--method", "ellipsoidal", "--json"});
  EXPECT_EQ(ellipsoidal_park.exit_code, 0) << ellipsoidal_park.err;
  const test::CommandResult unknown = test::parklayers({"check", "--method", "geodesic"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("planar, ellipsoidal or survey"), std::string::npos) << unknown.err;
  // The survey's rule is for land records' TBMJ, not a park's figures.
  const test::CommandResult survey_park = test::parklayers({"check", "--method", "survey"});
  EXPECT_EQ(survey_park.exit_code, 2);
  EXPECT_NE(survey_park.err.find("--method survey is for a layer of parcels"), std::string::npos) << survey_park.err;
}

TEST(StatedParcelsCli, AStatedAreaThatIsNoNumberIsIncompleteAndCounted) {
  test::TempDir dir;
  std::vector<test::StatedParcel> parcels = test::stated_parcels(4490, 4528, 120);
  parcels[2].stated = "约0.5";
  test::write_stated_parcels(dir.file("bad.gpkg"), 4528, parcels);
  const test::CommandResult result = test::parklayers({"check", dir.file("bad.gpkg"), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;  // incomplete neither passes nor fails
  const CPLJSONArray rows = json_array(result.out, "checks");
  ASSERT_EQ(rows.Size(), 3);
  EXPECT_EQ(rows[2].GetString("status"), "incomplete");
  EXPECT_EQ(rows[2].GetString("as_written"), "约0.5");
  EXPECT_NE(rows[2].GetString("note").find("'约0.5'"), std::string::npos) << rows[2].GetString("note");
  for (const char* text : {"1 stated area is not a number", "bad.gpkg", "parcels", "stated_area_ha", "约0.5"}) {
    EXPECT_NE(result.err.find(text), std::string::npos) << text << "\n" << result.err;
  }
}

TEST(StatedParcelsCli, CheckStreamsWithFlatMemory) {
  // The rows are printed as they are made: the peak memory of `check --json` on 200,000 parcels
  // stays near that on 20,000, past what the reading and measuring hold in flight.
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine; the main build measures it.
  GTEST_SKIP() << "peak memory is not the program's own under AddressSanitizer";
#endif
  test::TempDir dir;
  const auto peak_kb = [&dir](int count, const std::vector<std::string>& options) {
    const std::string file = dir.file("parcels_" + std::to_string(count) + ".gpkg");
    if (!std::ifstream(file)) {
      test::write_square_parcels(file, "parcels", count);
      GDALDatasetUniquePtr dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
      EXPECT_TRUE(dataset);
      dataset->ExecuteSQL("ALTER TABLE parcels ADD COLUMN stated_area_ha TEXT", nullptr, nullptr);
      dataset->ExecuteSQL("UPDATE parcels SET stated_area_ha = '0.3'", nullptr, nullptr);
    }
    std::vector<std::string> argv = {"/usr/bin/time", "-f", "%M", "-o", dir.file("peak"), PARKLAYERS_TEST_EXE, "check", file};
    argv.insert(argv.end(), options.begin(), options.end());
    const test::CommandResult run = test::run(argv);
    EXPECT_EQ(run.exit_code, 1) << run.err;  // squares of 0.1 ha: "0.3" fails them all
    const std::string counts = options.empty() ? "0 pass, " + std::to_string(count) + " fail"
                                               : "\"pass\": 0, \"fail\": " + std::to_string(count);
    EXPECT_NE(run.out.find(counts), std::string::npos) << run.out.substr(run.out.size() - 300);
    // GNU time's last line (a line before it says the exit status was not 0).
    std::string peak = test::read_text(dir.file("peak"));
    while (!peak.empty() && peak.back() == '\n') peak.pop_back();
    return std::atol(peak.substr(peak.rfind('\n') + 1).c_str());
  };
  for (const std::vector<std::string>& options : {std::vector<std::string>{}, std::vector<std::string>{"--json"}}) {
    const long small = peak_kb(20000, options);
    const long large = peak_kb(200000, options);
    EXPECT_GT(small, 0);
    EXPECT_LT(large, small + 20 * 1024) << "peak " << small << " kB on 20,000 parcels, " << large << " kB on 200,000";
  }
}

// A layer of land records: the stated areas under another field, in a unit its name does not
// say, the rows named by another field.
class LandRecordsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    parcels = test::stated_parcels(4490, 4528, 120);
    parcels[1].stated = test::hectares(parcels[1].shape.planar_m2 * 1.01);  // 1 % over: fails
    test::write_gpkg_layer(file(), "dkxx", [&](OGRLayer& layer) {
      test::add_field(layer, "DKBH", OFTString);
      test::add_field(layer, "DKMJ", OFTString);
      for (const test::StatedParcel& parcel : parcels) {
        OGRFeature feature(layer.GetLayerDefn());
        feature.SetField("DKBH", ("DK-" + parcel.id).c_str());
        feature.SetField("DKMJ", parcel.stated.c_str());
        OGRGeometry* geometry = nullptr;
        const std::string wkt = parcel.shape.wkt();
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE);
        feature.SetGeometryDirectly(geometry);
        ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
      }
    }, wkbPolygon, 4528);
  }
  std::string file() const { return dir.file("records.gpkg"); }

  test::TempDir dir;
  std::vector<test::StatedParcel> parcels;
};

TEST_F(LandRecordsCli, StatedFieldUnitAndIdFromTheOptions) {
  const test::CommandResult result =
      test::parklayers({"check", file(), "--stated", "DKMJ", "--unit", "ha", "--id", "DKBH", "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(result.out)) << result.out;
  const CPLJSONArray rows = document.GetRoot().GetArray("checks");
  ASSERT_EQ(rows.Size(), 3);
  for (int i = 0; i < 3; ++i) {
    const test::StatedParcel& parcel = parcels[static_cast<size_t>(i)];
    EXPECT_EQ(rows[i].GetString("id"), "DK-" + parcel.id);
    const CPLJSONArray fids = rows[i].GetArray("fids");
    ASSERT_EQ(fids.Size(), 1);
    EXPECT_EQ(fids[0].ToLong(), i + 1);
    EXPECT_EQ(rows[i].GetString("unit"), "ha");
    EXPECT_NEAR(rows[i].GetDouble("computed") * 10000, parcel.shape.planar_m2, 1e-7 * parcel.shape.planar_m2);
    EXPECT_EQ(rows[i].GetString("status"), i == 1 ? "fail" : "pass") << rows[i].GetString("note");
  }
  const CPLJSONObject summary = document.GetRoot().GetObj("summary");
  EXPECT_EQ(summary.GetLong("pass"), 2);
  EXPECT_EQ(summary.GetLong("fail"), 1);
  EXPECT_EQ(summary.GetLong("incomplete"), 0);
  EXPECT_FALSE(document.GetRoot().GetBool("all_pass", true));
}

TEST_F(LandRecordsCli, FailedOnlyPrintsTheFailingRowsAndCountsThemAll) {
  const test::CommandResult json =
      test::parklayers({"check", file(), "--stated", "DKMJ", "--unit", "ha", "--failed-only", "--json"});
  EXPECT_EQ(json.exit_code, 1) << json.err;
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(json.out)) << json.out;
  const CPLJSONArray rows = document.GetRoot().GetArray("checks");
  ASSERT_EQ(rows.Size(), 1);
  EXPECT_EQ(rows[0].GetString("id"), "2");  // no field of the default names: the FID
  EXPECT_EQ(document.GetRoot().GetObj("summary").GetLong("pass"), 2);
  // The table: its header, the one failing row, the counts of all.
  const test::CommandResult table = test::parklayers({"check", file(), "--stated", "DKMJ", "--unit", "ha", "--failed-only"});
  EXPECT_EQ(table.exit_code, 1) << table.err;
  EXPECT_EQ(table.out.rfind("fid", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("\n2 "), std::string::npos) << table.out;  // the FID of the failing row
  EXPECT_EQ(table.out.find("pass\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("2 pass, 1 fail, 0 incomplete"), std::string::npos) << table.out;
}

TEST_F(LandRecordsCli, BadFieldsAndUnitsExit2) {
  const test::CommandResult no_unit = test::parklayers({"check", file(), "--stated", "DKMJ"});
  EXPECT_EQ(no_unit.exit_code, 2);
  EXPECT_NE(no_unit.err.find("--unit"), std::string::npos) << no_unit.err;
  EXPECT_TRUE(no_unit.out.empty()) << no_unit.out;
  const test::CommandResult no_field = test::parklayers({"check", file(), "--stated", "TBMJ"});
  EXPECT_EQ(no_field.exit_code, 2);
  for (const char* text : {"records.gpkg", "dkxx", "TBMJ", "DKBH, DKMJ"}) {
    EXPECT_NE(no_field.err.find(text), std::string::npos) << text << "\n" << no_field.err;
  }
  const test::CommandResult bad_unit = test::parklayers({"check", file(), "--stated", "DKMJ", "--unit", "acre"});
  EXPECT_EQ(bad_unit.exit_code, 2);
  EXPECT_NE(bad_unit.err.find("m2, mu or ha"), std::string::npos) << bad_unit.err;
  const test::CommandResult money = test::parklayers({"check", file(), "--stated", "DKMJ", "--unit", "million_yuan"});
  EXPECT_EQ(money.exit_code, 2);
}

}  // namespace
}  // namespace parklayers
