// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers convert` and `build -f` as a user runs them: the progress bar, GCJ-02 inputs, a
// conversion killed midway.
#include "parklayers/io/convert.h"
#include "parklayers/io/layer_styles.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/gis/gdal_util.h"
#include "parklayers/park/park.h"
#include "parklayers/park/styles.h"
#include "parklayers/park/writer.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace parklayers {
namespace {

const std::vector<Format> kAllFormats = {Format::GeoPackage, Format::GeoJSON, Format::Shapefile,
                                         Format::FlatGeobuf, Format::CSV,     Format::KML};

TEST(ConvertCli, ProgressBarLayoutAndBuildFormats) {
  test::TempDir dir;
  const test::CommandResult built =
      test::parklayers({"build", "-o", dir.file("b"), "-f", "GPKG", "-f", "GeoJSON", "-f", "SHP", "-q"});
  // build's exit status is that of its checks (0 or 1); 2 would be an error.
  ASSERT_LT(built.exit_code, 2) << built.err;
  EXPECT_EQ(test::feature_count(dir.file("b/anting_park.gpkg"), "parcels"), 3);
  EXPECT_EQ(test::feature_count(dir.file("b/anting_park/parcels.geojson")), 3);
  EXPECT_EQ(test::feature_count(dir.file("b/anting_park/parcels.shp")), 3);
  for (const std::string& name : test::file_tree(dir.file("b"))) EXPECT_EQ(name.find(".parklayers-"), std::string::npos);
  // The texts cut in the Shapefile are the park source's, not the hidden GeoPackage's.
  EXPECT_NE(built.err.find(test::anting_source() + ": layer 'buildings': 2 texts over 254 bytes were cut"),
            std::string::npos)
      << built.err;
  EXPECT_EQ(built.err.find(".parklayers-"), std::string::npos) << built.err;

  const test::CommandResult converted = test::parklayers(
      {"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("c"), "-f", "FlatGeobuf", "-f", "KML"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_NE(converted.err.find("0...10...20...30...40...50...60...70...80...90...100 - done."), std::string::npos)
      << converted.err;
  EXPECT_EQ(test::feature_count(dir.file("c/anting_park/amenities.fgb")), 8);
  const test::CommandResult again = test::parklayers(
      {"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("c"), "-f", "FlatGeobuf", "-q"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--overwrite"), std::string::npos);
  const test::CommandResult quiet = test::parklayers(
      {"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("c"), "-f", "FlatGeobuf", "-q", "--overwrite"});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(test::parklayers({"convert", dir.file("b/anting_park.gpkg"), "-o", dir.file("d"), "-f", "DXF"}).exit_code, 2);
  EXPECT_EQ(test::parklayers({"convert", dir.file("b/anting_park.gpkg"), "-f", "GPKG"}).exit_code, 2);
}

// Every vertex of every feature of a vector file's first layer, in order: (x, y) pairs.
std::vector<std::vector<std::pair<double, double>>> vertices(const std::string& path) {
  struct Collect : OGRDefaultConstGeometryVisitor {
    std::vector<std::pair<double, double>> points;
    using OGRDefaultConstGeometryVisitor::visit;
    void visit(const OGRPoint* point) override { points.emplace_back(point->getX(), point->getY()); }
  };
  std::vector<std::vector<std::pair<double, double>>> out;
  GDALDatasetUniquePtr dataset = test::open_dataset(path);
  EXPECT_TRUE(dataset) << path;
  if (!dataset) return out;
  for (auto& feature : *dataset->GetLayer(0)) {
    Collect collect;
    if (const OGRGeometry* geometry = feature->GetGeometryRef()) geometry->accept(&collect);
    out.push_back(collect.points);
  }
  return out;
}

// The largest coordinate difference between two files of the same features; infinity when
// their features or vertices do not pair up.
double max_vertex_difference(const std::string& a, const std::string& b) {
  const auto va = vertices(a), vb = vertices(b);
  if (va.size() != vb.size() || va.empty()) return HUGE_VAL;
  double worst = 0;
  for (size_t f = 0; f < va.size(); ++f) {
    if (va[f].size() != vb[f].size()) return HUGE_VAL;
    for (size_t i = 0; i < va[f].size(); ++i) {
      worst = std::max({worst, std::fabs(va[f][i].first - vb[f][i].first), std::fabs(va[f][i].second - vb[f][i].second)});
    }
  }
  return worst;
}

// geodata/anting/web/ holds the park in GCJ-02 for Chinese web maps, made by the tool itself
// (geodata/tools/make_anting_web.sh): regenerating gives the committed coordinates.
TEST(ConvertCli, ShippedGcj02GeoJsonIsReproducible) {
  test::TempDir dir;
  const std::string script = std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/geodata/tools/make_anting_web.sh";
  const test::CommandResult made = test::run({"/bin/sh", script, PARKLAYERS_TEST_EXE, dir.file("web")});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string committed = test::anting_source() + "/web/";
  for (const char* layer : {"parcels", "buildings", "roads", "amenities", "park_boundary"}) {
    const std::string name = std::string(layer) + "_gcj02.geojson";
    EXPECT_LE(max_vertex_difference(dir.file("web/" + name), committed + name), 1e-7) << name;
    // It is GCJ-02: about 480 m (0.0045 degrees of longitude) from the WGS 84 source.
    if (std::string(layer) != "park_boundary") {
      const auto shifted = vertices(committed + name);
      const auto source = vertices(test::anting_source() + "/" + layer + ".geojson");
      ASSERT_FALSE(shifted.empty());
      EXPECT_NEAR(shifted[0][0].first - source[0][0].first, 0.0045, 0.0005) << name;
    }
  }
}

// --s_srs GCJ02 undoes --t_srs GCJ02: the shipped GCJ-02 parcels come back to the source's
// WGS 84 coordinates (both rounded to 7 decimals, hence 1.5e-7), in EPSG:4326.
TEST(ConvertCli, DeclaredGcj02SourceComesBackToWgs84) {
  test::TempDir dir;
  const std::string input = test::anting_source() + "/web/parcels_gcj02.geojson";
  const test::CommandResult converted =
      test::parklayers({"convert", input, "-o", dir.file("out"), "-f", "GeoJSON", "-f", "GPKG", "--s_srs", "GCJ02", "-q"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  EXPECT_LE(max_vertex_difference(dir.file("out/parcels_gcj02/parcels.geojson"), test::anting_source() + "/parcels.geojson"),
            1.5e-7);
  GDALDatasetUniquePtr gpkg = test::open_dataset(dir.file("out/parcels_gcj02.gpkg"));
  ASSERT_TRUE(gpkg);
  const OGRSpatialReference* crs = gpkg->GetLayer(0)->GetSpatialRef();
  ASSERT_TRUE(crs);
  EXPECT_STREQ(crs->GetAuthorityCode(nullptr), "4326");
  EXPECT_LE(max_vertex_difference(dir.file("out/parcels_gcj02.gpkg"), test::anting_source() + "/parcels.geojson"), 1.5e-7);
  // A layer in metres cannot be GCJ-02.
  const test::CommandResult projected = test::parklayers(
      {"convert", input, "-o", dir.file("gk"), "-f", "GPKG", "--t_srs", "EPSG:4549", "-q"});
  ASSERT_EQ(projected.exit_code, 0) << projected.err;
  const test::CommandResult refused = test::parklayers(
      {"convert", dir.file("gk/parcels_gcj02.gpkg"), "-o", dir.file("x"), "-f", "GPKG", "--s_srs", "GCJ02", "-q"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--s_srs: GCJ02 declares longitude/latitude degrees"), std::string::npos) << refused.err;
  EXPECT_EQ(test::parklayers({"convert", input, "-o", dir.file("y"), "-f", "GPKG", "--s_srs", "GCJ-2"}).exit_code, 2);
}

TEST(ConvertCli, KilledMidwayLeavesNoFileUnderAFinalName) {
  test::TempDir dir;
  constexpr int kFeatures = 300000;
  test::write_gpkg_layer(dir.file("big.gpkg"), "points", [](OGRLayer& layer) {
    test::add_field(layer, "name", OFTString);
    test::add_field(layer, "value", OFTReal);
    OGRFeature f(layer.GetLayerDefn());
    for (int i = 0; i < kFeatures; ++i) {
      f.SetFID(OGRNullFID);
      f.SetField("name", ("point " + std::to_string(i)).c_str());
      f.SetField("value", i * 0.5);
      f.SetGeometryDirectly(new OGRPoint(121.0 + (i % 1000) * 1e-4, 31.0 + (i / 1000) * 1e-4));
      ASSERT_EQ(layer.CreateFeature(&f), OGRERR_NONE);
    }
  }, wkbPoint);
  const std::string outdir = dir.file("out");
  fs::create_directory(outdir);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(PARKLAYERS_TEST_EXE, PARKLAYERS_TEST_EXE, "convert", dir.file("big.gpkg").c_str(), "-o", outdir.c_str(),
          "-f", "GPKG", "-f", "GeoJSON", "-f", "SHP", "-f", "FlatGeobuf", "-f", "CSV", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Killed once it has started writing (a slow start, under a sanitizer say, is waited for).
  std::set<std::string> during;
  for (int waited = 0; during.empty() && waited < 30000; waited += 20) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    during = test::file_tree(outdir);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the conversion ended before it was killed: make the input larger";
  EXPECT_FALSE(during.empty()) << "nothing was being written when it was killed";
  // Only hidden temporaries: nothing under OUTDIR/big.gpkg or OUTDIR/big/.
  for (const std::string& name : test::file_tree(outdir)) {
    EXPECT_EQ(name.rfind(".parklayers-", 0), 0u) << name;
  }
  // A new run replaces nothing it should not and completes.
  const test::CommandResult rerun =
      test::parklayers({"convert", dir.file("big.gpkg"), "-o", outdir, "-f", "FlatGeobuf", "-q"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(test::feature_count(dir.file("out/big/points.fgb")), kFeatures);
}

}  // namespace
}  // namespace parklayers
