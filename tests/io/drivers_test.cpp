// SPDX-License-Identifier: GPL-2.0-or-later
// drivers: GDAL's drivers and ours registered once, and what Park Layers tells its users about
// BAOPAN (which files are coordinate files; why a CRS cannot be written, with --t_srs).
#include "parklayers/io/drivers.h"

#include <string>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include "parklayers/gis/gdal_util.h"
#include "test_support.h"

namespace parklayers {
namespace {

TEST(Drivers, GdalsAndBaopanRegisteredOnce) {
  ensure_drivers_registered();
  ensure_drivers_registered();
  GDALDriverManager* manager = GetGDALDriverManager();
  int baopan = 0;
  for (int i = 0; i < manager->GetDriverCount(); ++i) baopan += EQUAL(manager->GetDriver(i)->GetDescription(), "BAOPAN");
  EXPECT_EQ(baopan, 1);
  // GDAL's own, too.
  EXPECT_TRUE(manager->GetDriverByName("GPKG"));
  EXPECT_TRUE(manager->GetDriverByName("ESRI Shapefile"));
}

TEST(Drivers, BaopanIdentifiesCoordinateFilesByContent) {
  test::TempDir dir;
  // A .txt without both section names is not one; a coordinate file under any name is.
  test::write_text(dir.file("notes.txt"), "[属性描述]\r\n坐标系=2000国家大地坐标系\r\n");
  test::write_text(dir.file("red.dat"),
                   "[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n带号=40\r\n[地块坐标]\r\n"
                   "4,0.0100,1,a,面,,,,@\r\nJ1,1,3466000.000,40613000.000\r\nJ2,1,3466000.000,40613010.000\r\n"
                   "J3,1,3466010.000,40613010.000\r\nJ1,1,3466000.000,40613000.000\r\n");
  EXPECT_FALSE(baopan_identifies(dir.file("notes.txt")));
  EXPECT_FALSE(baopan_identifies(dir.file("missing.txt")));
  EXPECT_TRUE(baopan_identifies(dir.file("red.dat")));
  // Asked after a failed open, it leaves GDAL's last error (the message to show) as it was.
  CPLErrorSetState(CE_Failure, CPLE_AppDefined, "red.txt: 地块 7, line 19: ring 圈号 1 does not close");
  EXPECT_TRUE(baopan_identifies(dir.file("red.dat")));
  EXPECT_STREQ(CPLGetLastErrorMsg(), "red.txt: 地块 7, line 19: ring 圈号 1 does not close");
  EXPECT_EQ(CPLGetLastErrorType(), CE_Failure);
  // The same answer as GDAL's open: the file opens with BAOPAN.
  GDALDatasetUniquePtr dataset(GDALDataset::Open(dir.file("red.dat").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_TRUE(dataset);
  EXPECT_STREQ(dataset->GetDriver()->GetDescription(), "BAOPAN");
}

TEST(Drivers, BaopanCrsProblemSaysToGiveTSrs) {
  OGRSpatialReference cgcs2000_zone40;
  ASSERT_EQ(cgcs2000_zone40.importFromEPSG(4528), OGRERR_NONE);
  EXPECT_EQ(baopan_crs_problem(&cgcs2000_zone40), "");
  OGRSpatialReference wgs84;
  ASSERT_EQ(wgs84.importFromEPSG(4326), OGRERR_NONE);
  EXPECT_EQ(baopan_crs_problem(&wgs84),
            "is in WGS 84 (EPSG:4326), which is not a Chinese Gauss-Kruger CRS (CGCS2000, Xian 1980 or Beijing "
            "1954, 3- or 6-degree zones): give one with --t_srs EPSG:n (ogr2ogr: -t_srs), e.g. EPSG:4528 (CGCS2000 "
            "3-degree zone 40, zone in Y) or EPSG:4549 (CGCS2000 3-degree, CM 120E)");
  EXPECT_EQ(baopan_crs_problem(nullptr).rfind("has no CRS, and a coordinate file needs a Chinese Gauss-Kruger CRS", 0),
            0u);
}

}  // namespace
}  // namespace parklayers
