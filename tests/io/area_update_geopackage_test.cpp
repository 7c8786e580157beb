// SPDX-License-Identifier: GPL-2.0-or-later
// area --update on a GeoPackage (area_update_geopackage.cpp): the values as `area` measures them,
// and the file still a sound GeoPackage by SQLite's own reading (GDAL's validator, the R-tree's
// rows), or left as it was when a feature is bad.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "parklayers/gis/error.h"
#include "parklayers/gis/units.h"
#include "parklayers/io/area_update.h"
#include "test_support.h"

namespace parklayers {
namespace {

// The R-tree's rows, in order, as text: must not change.
std::string rtree_rows(const std::string& gpkg, const std::string& layer) {
  const auto rows = test::run({"/usr/bin/sqlite3", gpkg, "select * from rtree_" + layer + "_geom order by id"});
  EXPECT_EQ(rows.exit_code, 0) << rows.err;
  return rows.out;
}

TEST(AreaUpdateGeoPackage, ValuesAsAreaMeasuresThemAndStillAValidGeoPackage) {
  test::TempDir dir;
  const std::string gpkg = dir.file("parcels.gpkg");
  test::write_square_parcels(gpkg, "parcels", 2000);
  const std::string rtree = rtree_rows(gpkg, "parcels");
  ASSERT_FALSE(rtree.empty());

  LayerAreaOptions options;
  std::map<long long, MeasuredFeature> fresh;
  measure_layer_features(SourceName(gpkg), options, [&fresh](const MeasuredFeature& f) { fresh[f.fid] = f; });
  ASSERT_EQ(fresh.size(), 2000u);

  for (int run = 0; run < 2; ++run) {  // added, then refreshed
    const AreaUpdateResult result = update_layer_areas(SourceName(gpkg), options);
    EXPECT_EQ(result.measured, 2000);
    EXPECT_EQ(result.changed, run == 0 ? 2000 : 0);  // nothing differs the second time
    // Read back by GDAL, which reads a GeoPackage's doubles exactly.
    const GDALDatasetUniquePtr dataset = test::open_dataset(gpkg);
    ASSERT_TRUE(dataset);
    OGRLayer& layer = *dataset->GetLayerByName("parcels");
    size_t seen = 0;
    for (auto& feature : layer) {
      const MeasuredFeature& f = fresh.at(feature->GetFID());
      ASSERT_TRUE(f.area_m2 && f.gk_area_m2);
      EXPECT_EQ(feature->GetFieldAsDouble("area_m2"), *f.area_m2);  // the same doubles
      EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("area_mu"), *f.area_m2 * 15 / 10000);
      EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("area_ha"), *f.area_m2 / 10000);
      EXPECT_EQ(feature->GetFieldAsDouble("gk_area_m2"), *f.gk_area_m2);
      EXPECT_EQ(std::string(feature->GetFieldAsString("gk_crs")), f.gk_crs);
      ++seen;
    }
    EXPECT_EQ(seen, 2000u);
    const auto valid = test::validate_gpkg(gpkg);
    EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
    EXPECT_EQ(rtree_rows(gpkg, "parcels"), rtree);
    EXPECT_EQ(test::gpkg_spatial_index(gpkg, "parcels").check, "ok");
  }
}

TEST(AreaUpdateGeoPackage, LayerOfAnyName) {
  test::TempDir dir;
  const std::string gpkg = dir.file("parcels.gpkg");
  test::write_square_parcels(gpkg, "parklayers_areas", 20);  // the temporary table's name
  const AreaUpdateResult result = update_layer_areas(SourceName(gpkg), {});
  EXPECT_EQ(result.measured, 20);
  EXPECT_EQ(test::sql_value(*test::open_dataset(gpkg), "SELECT count(area_m2) FROM parklayers_areas"), "20");
}

TEST(AreaUpdateGeoPackage, InvalidPolygonLeavesTheFileAsItWas) {
  test::TempDir dir;
  const std::string gpkg = dir.file("parcels.gpkg");
  test::write_square_parcels(gpkg, "parcels", 500);
  // A bow-tie as feature 250, written by sqlite3 through GDAL's SQL dialect-free route: ogr2ogr.
  const auto spoilt = test::run({"/usr/bin/ogrinfo", gpkg, "-q", "-sql",
                                 "UPDATE parcels SET geom = ST_GeomFromText('POLYGON((121.16 31.29, 121.161 31.291, "
                                 "121.161 31.29, 121.16 31.291, 121.16 31.29))', 4326) WHERE fid = 250"});
  ASSERT_EQ(spoilt.exit_code, 0) << spoilt.err;
  const std::string before = test::read_text(gpkg);
  EXPECT_THROW(update_layer_areas(SourceName(gpkg), {}), InputError);
  EXPECT_EQ(test::read_text(gpkg), before);
}

}  // namespace
}  // namespace parklayers
