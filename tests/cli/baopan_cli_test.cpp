// SPDX-License-Identifier: GPL-2.0-or-later
// Coordinate files (坐标报盘 TXT, the BAOPAN driver) through `parklayers` as a user runs it:
// convert to and from them, --txt-encoding, a CRS that cannot be written, a bad file, area.
// The files are written here as text; outputs are reopened with GDAL and read as text.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <cpl_json.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "parklayers/io/drivers.h"
#include "test_support.h"

namespace parklayers {
namespace {

struct Corner {
  double north, east;  // X, Y as the file writes them
};
struct Parcel {
  std::string id, name;
  std::vector<std::vector<Corner>> rings;  // closed
};

double shoelace(const std::vector<Corner>& ring) {
  double twice = 0;
  const Corner o = ring.front();
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    twice += (ring[i].east - o.east) * (ring[i + 1].north - o.north) -
             (ring[i + 1].east - o.east) * (ring[i].north - o.north);
  }
  return std::fabs(twice) / 2;
}

std::string ha(const Parcel& parcel) {
  double area = 0;
  for (size_t k = 0; k < parcel.rings.size(); ++k) area += (k == 0 ? 1 : -1) * shoelace(parcel.rings[k]);
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", area / 10000.0);
  return text;
}

std::vector<Parcel> parcels() {
  return {
      {"6", "示例地块",
       {{{3466120.5, 40613040.25}, {3466180.625, 40613040.25}, {3466185.125, 40613120.5}, {3466120.5, 40613120.5},
         {3466120.5, 40613040.25}}}},
      {"7", "带孔地块",
       {{{3466300.0, 40613000.0}, {3466400.0, 40613000.0}, {3466400.0, 40613130.0}, {3466300.0, 40613130.0},
         {3466300.0, 40613000.0}},
        {{3466320.0, 40613020.0}, {3466350.0, 40613020.0}, {3466350.0, 40613060.0}, {3466320.0, 40613060.0},
         {3466320.0, 40613020.0}}}},
  };
}

// The file as a land office writes it: GBK-free UTF-8 here, CRLF, the stated areas the
// shoelace areas in ha to 4 decimals.
std::string red_file(const std::vector<Parcel>& list) {
  std::string out = "[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n投影类型=高斯克吕格\r\n计量单位=米\r\n带号=40\r\n"
                    "[地块坐标]\r\n";
  for (const Parcel& parcel : list) {
    size_t count = 0;
    for (const auto& ring : parcel.rings) count += ring.size();
    out += std::to_string(count) + "," + ha(parcel) + "," + parcel.id + "," + parcel.name + ",面,,工业用地,,@\r\n";
    int n = 1;
    for (size_t k = 0; k < parcel.rings.size(); ++k) {
      for (const Corner& c : parcel.rings[k]) {
        char line[128];
        std::snprintf(line, sizeof line, "J%d,%zu,%.3f,%.3f\r\n", n++, k + 1, c.north, c.east);
        out += line;
      }
    }
  }
  return out;
}

// Every vertex of every feature, fields id, name and stated_area_ha, as the layer holds them.
void expect_same_parcels(const std::string& path, const std::vector<Parcel>& list) {
  ensure_drivers_registered();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(dataset) << path << ": " << CPLGetLastErrorMsg();
  OGRLayer* layer = dataset->GetLayer(0);
  ASSERT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(list.size()));
  for (const Parcel& parcel : list) {
    OGRFeatureUniquePtr feature(layer->GetNextFeature());
    ASSERT_TRUE(feature);
    EXPECT_STREQ(feature->GetFieldAsString("id"), parcel.id.c_str());
    EXPECT_STREQ(feature->GetFieldAsString("name"), parcel.name.c_str());
    EXPECT_STREQ(feature->GetFieldAsString("stated_area_ha"), ha(parcel).c_str()) << path;
    const OGRPolygon* polygon = feature->GetGeometryRef()->toPolygon();
    ASSERT_EQ(polygon->getNumInteriorRings() + 1, static_cast<int>(parcel.rings.size()));
    for (size_t k = 0; k < parcel.rings.size(); ++k) {
      const OGRLinearRing* ring =
          k == 0 ? polygon->getExteriorRing() : polygon->getInteriorRing(static_cast<int>(k) - 1);
      ASSERT_EQ(ring->getNumPoints(), static_cast<int>(parcel.rings[k].size()));
      for (int i = 0; i < ring->getNumPoints(); ++i) {
        EXPECT_NEAR(ring->getX(i), parcel.rings[k][static_cast<size_t>(i)].east, 0.001);
        EXPECT_NEAR(ring->getY(i), parcel.rings[k][static_cast<size_t>(i)].north, 0.001);
      }
    }
  }
}

TEST(BaopanCli, ConvertsToGpkgAndBack) {
  test::TempDir dir;
  const std::vector<Parcel> list = parcels();
  test::write_text(dir.file("red.txt"), red_file(list));
  const test::CommandResult to_gpkg = test::parklayers({"convert", dir.file("red.txt"), "-o", dir.file("g"), "-f", "GPKG", "-q"});
  ASSERT_EQ(to_gpkg.exit_code, 0) << to_gpkg.err;
  expect_same_parcels(dir.file("g/red.gpkg"), list);

  // The GeoPackage keeps EPSG:4528, so no --t_srs is needed.
  const test::CommandResult to_txt =
      test::parklayers({"convert", dir.file("g/red.gpkg"), "-o", dir.file("t"), "-f", "BAOPAN", "-q"});
  ASSERT_EQ(to_txt.exit_code, 0) << to_txt.err;
  const std::string text = test::read_text(dir.file("t/red/red.txt"));
  EXPECT_TRUE(CPLIsUTF8(text.c_str(), -1));
  EXPECT_NE(text.find("带号=40\r\n"), std::string::npos);
  expect_same_parcels(dir.file("t/red/red.txt"), list);

  // GBK on request.
  const test::CommandResult gbk = test::parklayers(
      {"convert", dir.file("g/red.gpkg"), "-o", dir.file("k"), "-f", "BAOPAN", "--txt-encoding", "GBK", "-q"});
  ASSERT_EQ(gbk.exit_code, 0) << gbk.err;
  const std::string bytes = test::read_text(dir.file("k/red/red.txt"));
  EXPECT_FALSE(CPLIsUTF8(bytes.c_str(), -1));
  char* decoded = CPLRecode(bytes.c_str(), "GBK", CPL_ENC_UTF8);
  EXPECT_NE(std::string(decoded).find("带孔地块"), std::string::npos);
  CPLFree(decoded);
  expect_same_parcels(dir.file("k/red/red.txt"), list);
  EXPECT_EQ(test::parklayers({"convert", dir.file("g/red.gpkg"), "-o", dir.file("x"), "-f", "BAOPAN",
                              "--txt-encoding", "Big5", "-q"})
                .exit_code,
            2);
}

TEST(BaopanCli, NeedsAChineseGaussKrugerCrs) {
  test::TempDir dir;
  test::write_square_parcels(dir.file("wgs.gpkg"), "squares", 3);
  const test::CommandResult refused =
      test::parklayers({"convert", dir.file("wgs.gpkg"), "-o", dir.file("o"), "-f", "BAOPAN", "-q"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("EPSG:4326"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--t_srs"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("squares"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("o")));  // nothing written
  const test::CommandResult converted = test::parklayers(
      {"convert", dir.file("wgs.gpkg"), "-o", dir.file("o"), "-f", "BAOPAN", "--t_srs", "EPSG:4549", "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  ensure_drivers_registered();
  EXPECT_EQ(test::feature_count(dir.file("o/wgs/squares.txt")), 3);
}

TEST(BaopanCli, BadFileExits2NamingFileParcelAndLine) {
  test::TempDir dir;
  std::vector<Parcel> list = parcels();
  list[1].rings[0].back().east += 0.5;  // the outer ring of 地块 7 no longer closes
  const std::string path = dir.file("bad.txt");
  const std::string bytes = red_file(list);
  test::write_text(path, bytes);
  const int line = 7 + 1 + 5 + 1 + 5;  // header, 地块 6, 地块 7's header, its 5th point
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"convert", path, "-o", dir.file("o"), "-f", "GPKG", "-q"},
        std::vector<std::string>{"area", path, "--json"}}) {
    const test::CommandResult result = test::parklayers(args);
    EXPECT_EQ(result.exit_code, 2) << args[0];
    EXPECT_NE(result.err.find(path + ": 地块 7, line " + std::to_string(line) + ": ring 圈号 1 does not close"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("GDAL cannot open"), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("o")));  // nothing written
  EXPECT_EQ(test::read_text(path), bytes);
}

TEST(BaopanCli, AreaOfACoordinateFile) {
  test::TempDir dir;
  const std::vector<Parcel> list = parcels();
  test::write_text(dir.file("red.txt"), red_file(list));
  const test::CommandResult result = test::parklayers({"area", dir.file("red.txt"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const CPLJSONDocument json = [&] {
    CPLJSONDocument doc;
    EXPECT_TRUE(doc.LoadMemory(result.out));
    return doc;
  }();
  const CPLJSONArray features = json.GetRoot().GetArray("features");
  ASSERT_EQ(features.Size(), static_cast<int>(list.size()));
  for (int i = 0; i < features.Size(); ++i) {
    // The Gauss-Kruger area is measured on the file's own plane (zone 40 with its prefix):
    // the planar area of the file's own numbers.
    double planar = 0;
    for (size_t k = 0; k < list[i].rings.size(); ++k) planar += (k == 0 ? 1 : -1) * shoelace(list[i].rings[k]);
    EXPECT_NEAR(features[i].GetDouble("gk_area_m2"), planar, planar * 1e-9);
    EXPECT_EQ(features[i].GetString("gk_crs"), "EPSG:4528");
  }
}

}  // namespace
}  // namespace parklayers
