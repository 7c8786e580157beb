// SPDX-License-Identifier: GPL-2.0-or-later
// find_layer_overlaps on files: a cadastre written by the test (a grid sharing its corners, with
// overlaps planted where the test knows them); the areas against GEOS's intersection of each
// pair, read back through GDAL, measured by AreaCalculator (whose areas area_test holds to
// Planimeter). Invalid geometry is refused or skipped as `area` does it.
#include "parklayers/io/layer_overlaps.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/area.h"
#include "parklayers/gis/error.h"
#include "parklayers/gis/geos.h"
#include "layer_overlaps_results.h"
#include "test_support.h"

namespace parklayers {
namespace {

using test::FidPair;
using test::fids_of;
using test::overlaps;

// The reference area of each pair: GEOS's intersection of the two features as GDAL reads them,
// measured by AreaCalculator in the layer's CRS.
std::map<FidPair, double> reference_areas(const std::string& path, const std::set<FidPair>& pairs) {
  const GDALDatasetUniquePtr dataset = test::open_dataset(path);
  OGRLayer* layer = dataset->GetLayer(0);
  const AreaCalculator calculator(*layer->GetSpatialRef());
  const GeosContext geos;
  std::map<FidPair, double> areas;
  for (const auto& [a, b] : pairs) {
    const OGRFeatureUniquePtr fa(layer->GetFeature(a)), fb(layer->GetFeature(b));
    const GeosGeometry ga = geos.from_ogr(*fa->GetGeometryRef()), gb = geos.from_ogr(*fb->GetGeometryRef());
    areas[{a, b}] = calculator.area_m2(*geos.to_ogr(*geos.intersection(*ga, *gb)));
  }
  return areas;
}

// Adds a feature of WKT to the first layer of a GeoPackage, with a fid of its own.
void add_feature(const std::string& path, long long fid, const char* wkt) {
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayer(0);
  OGRFeature feature(layer->GetLayerDefn());
  OGRGeometry* geometry = nullptr;
  ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry), OGRERR_NONE);
  feature.SetGeometryDirectly(geometry);
  feature.SetFID(fid);
  ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
}

TEST(LayerOverlaps, TiledGeoPackageGivesThePlantedPairsAndTheirAreas) {
  test::TempDir dir;
  const std::string path = dir.file("cadastre.gpkg");
  const std::set<FidPair> planted = test::write_tiled_parcels(path, 80, 0.01);
  ASSERT_GT(planted.size(), 100u);
  const std::vector<OverlapPair> pairs = overlaps(path);
  ASSERT_EQ(fids_of(pairs), std::vector<FidPair>(planted.begin(), planted.end()));  // sorted, each once
  const std::map<FidPair, double> reference = reference_areas(path, planted);
  for (const OverlapPair& pair : pairs) {
    const double expected = reference.at({pair.fid_a, pair.fid_b});
    EXPECT_NEAR(pair.area_m2, expected, 1e-9 * expected) << pair.fid_a << " " << pair.fid_b;
    EXPECT_GT(pair.area_m2, kDefaultOverlapToleranceM2);
  }
}

TEST(LayerOverlaps, WhereSelectsTheFeaturesCompared) {
  test::TempDir dir;
  const std::string path = dir.file("cadastre.gpkg");
  const std::set<FidPair> planted = test::write_tiled_parcels(path, 40, 0.03, 2);
  LayerOverlapOptions options;
  options.input.where = "fid < 2000";
  std::vector<FidPair> expected;
  for (const FidPair& pair : planted) {
    if (pair.second < 2000) expected.push_back(pair);
  }
  ASSERT_FALSE(expected.empty());
  ASSERT_LT(expected.size(), planted.size());
  EXPECT_EQ(fids_of(overlaps(path, options)), expected);
}

TEST(LayerOverlaps, InvalidGeometryIsRefusedNamingItOrSkipped) {
  test::TempDir dir;
  const std::string path = dir.file("cadastre.gpkg");
  const std::set<FidPair> planted = test::write_tiled_parcels(path, 20, 0.05, 3);
  // A bow tie over the first cells.
  add_feature(path, 5000, "POLYGON ((540000 3460000,540060 3460060,540060 3460000,540000 3460060,540000 3460000))");
  try {
    overlaps(path);
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("cadastre.gpkg"), std::string::npos) << what;
    EXPECT_NE(what.find("layer 'parcels'"), std::string::npos) << what;
    EXPECT_NE(what.find("feature 5000"), std::string::npos) << what;
    EXPECT_NE(what.find("invalid geometry: Self-intersection"), std::string::npos) << what;
  }
  LayerOverlapOptions options;
  options.skip_invalid = true;
  std::vector<Problem> skipped;
  options.on_skipped = [&skipped](const Problem& problem) { skipped.push_back(problem); };
  EXPECT_EQ(fids_of(overlaps(path, options)), std::vector<FidPair>(planted.begin(), planted.end()));
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].where.fid, 5000);
  EXPECT_NE(skipped[0].what.find("invalid geometry"), std::string::npos);
}

TEST(LayerOverlaps, FeaturesThatAreNoPolygonsAreLeftOut) {
  test::TempDir dir;
  const std::string path = dir.file("mixed.gpkg");
  test::write_gpkg_layer(
      path, "mixed",
      [](OGRLayer& layer) {
        for (const char* wkt : {"POLYGON ((540000 3460000,540100 3460000,540100 3460100,540000 3460100,540000 3460000))",
                                "POLYGON ((540050 3460050,540150 3460050,540150 3460150,540050 3460150,540050 3460050))",
                                "LINESTRING (540000 3460000,540200 3460200)", "POINT (540060 3460060)"}) {
          OGRFeature feature(layer.GetLayerDefn());
          OGRGeometry* geometry = nullptr;
          ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry), OGRERR_NONE);
          feature.SetGeometryDirectly(geometry);
          ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
        }
        OGRFeature empty(layer.GetLayerDefn());  // no geometry at all
        ASSERT_EQ(layer.CreateFeature(&empty), OGRERR_NONE);
      },
      wkbUnknown, 4549);
  const std::vector<OverlapPair> pairs = overlaps(path);
  ASSERT_EQ(fids_of(pairs), (std::vector<FidPair>{{1, 2}}));
  EXPECT_NEAR(pairs[0].area_m2 / 2500, 1, 1e-3);  // 50 m x 50 m in the plane, within its scale
}

TEST(LayerOverlaps, ALayerWithoutCrsIsRefused) {
  test::TempDir dir;
  test::write_text(dir.file("plane.csv"),
                   "WKT,id\n\"POLYGON ((0 0,10 0,10 10,0 10,0 0))\",1\n\"POLYGON ((5 5,15 5,15 15,5 15,5 5))\",2\n");
  try {
    overlaps(dir.file("plane.csv"));
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("has no CRS"), std::string::npos) << error.what();
  }
  LayerOverlapOptions options;
  options.input.assign_crs = "EPSG:4549";
  EXPECT_EQ(fids_of(overlaps(dir.file("plane.csv"), options)).size(), 1u);
}

using test::TmpdirAs;

TEST(LayerOverlaps, TheScratchFileLeavesNothingBehindAndItsFailureIsAnOutputError) {
  test::TempDir data, scratch;
  const std::string path = data.file("cadastre.gpkg");
  test::write_tiled_parcels(path, 20, 0.05, 4);
  add_feature(path, 5000, "POLYGON ((540000 3460000,540060 3460060,540060 3460000,540000 3460060,540000 3460000))");
  {
    const TmpdirAs tmpdir(scratch.path());
    EXPECT_THROW(overlaps(path), InputError);  // the bow tie, after the finder began
    LayerOverlapOptions options;
    options.skip_invalid = true;
    EXPECT_FALSE(overlaps(path, options).empty());
    EXPECT_TRUE(scratch.list().empty());
  }
  const TmpdirAs tmpdir(scratch.file("missing"));
  try {
    overlaps(path);
    ADD_FAILURE() << "no OutputError";
  } catch (const OutputError& error) {
    EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace parklayers
