// SPDX-License-Identifier: GPL-2.0-or-later
// The boundary-point table of known parcels written here (a coordinate file with a hole, the same
// parcels in a GeoPackage, and in longitude and latitude): each point's X (northing) and Y
// (easting) against the coordinates written, each distance by hypot on them, the planar area by
// the test's shoelace, the ellipsoidal area by GeographicLib's Planimeter, the projected points
// by PROJ's cs2cs; the words of the table in both languages; and the refusals.
#include "parklayers/park/boundary_points.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "test_support.h"

namespace parklayers {
namespace {

const test::ChinesePlane& kPlane = test::kChinesePlanes[0];  // EPSG:4528, CGCS2000 zone 40, zone in Y

std::string mm(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

// The parcels' table against what was written: (northing, easting) rings, closing point not repeated.
void expect_points(const ParcelPoints& parcel, const test::PlaneParcel& shape, double tolerance_m) {
  ASSERT_EQ(parcel.rings.size(), shape.rings.size());
  int number = 0;
  for (size_t r = 0; r < shape.rings.size(); ++r) {
    const auto& written = shape.rings[r];
    const BoundaryRing& ring = parcel.rings[r];
    EXPECT_EQ(ring.ring, static_cast<int>(r) + 1);
    EXPECT_EQ(ring.hole, r > 0);
    ASSERT_EQ(ring.points.size(), written.size() + 1);
    const int first = number + 1;
    for (size_t i = 0; i <= written.size(); ++i) {
      const auto& [northing, easting] = written[i % written.size()];
      const BoundaryPoint& point = ring.points[i];
      EXPECT_EQ(point.number, i == written.size() ? first : ++number) << "ring " << r << " point " << i;
      EXPECT_NEAR(point.x, northing, tolerance_m);
      EXPECT_NEAR(point.y, easting, tolerance_m);
      if (i == written.size()) {
        EXPECT_FALSE(point.distance_m);
      } else {
        const auto& [next_n, next_e] = written[(i + 1) % written.size()];
        ASSERT_TRUE(point.distance_m);
        EXPECT_NEAR(*point.distance_m, std::hypot(next_n - northing, next_e - easting), 2 * tolerance_m);
      }
    }
  }
}

void expect_plane_parcels(const LayerPoints& layer, const std::vector<test::StatedParcel>& parcels) {
  ASSERT_EQ(layer.parcels.size(), parcels.size());
  for (size_t p = 0; p < parcels.size(); ++p) {
    SCOPED_TRACE("parcel " + parcels[p].id);
    const ParcelPoints& parcel = layer.parcels[p];
    EXPECT_EQ(parcel.id, parcels[p].id);
    EXPECT_EQ(parcel.name_zh, parcels[p].name);
    EXPECT_EQ(parcel.plane, "EPSG:4528");
    EXPECT_FALSE(parcel.projected);
    expect_points(parcel, parcels[p].shape, 1e-9);
    EXPECT_NEAR(parcel.planar_m2, parcels[p].shape.planar_m2, 1e-6);
    EXPECT_NEAR(parcel.ellipsoidal_m2,
                parcels[p].shape.ellipsoidal_m2(kPlane.semi_major, 1.0 / kPlane.inverse_flattening), 1e-3);
    // The planar and ellipsoidal areas differ well beyond rounding 1.3 degrees off the meridian.
    EXPECT_GT(std::fabs(parcel.planar_m2 - parcel.ellipsoidal_m2), 0.5);
  }
  EXPECT_EQ(layer.parcels[1].rings.size(), 2u);  // the parcel with a hole
}

TEST(BoundaryPoints, CoordinateFileWithAHole) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels =
      test::stated_parcels(kPlane.geographic, kPlane.epsg, kPlane.central_meridian);
  test::write_text(dir.file("red.txt"), test::coordinate_file("2000国家大地坐标系", 3, 40, parcels));
  const LayerPoints layer = boundary_points(SourceName(dir.file("red.txt")), InputOptions{}, "");
  EXPECT_FALSE(layer.ellipsoid.empty());
  expect_plane_parcels(layer, parcels);
  // Numbering runs on across the rings: the hole's first point follows the outer ring's last.
  const ParcelPoints& holed = layer.parcels[1];
  EXPECT_EQ(holed.rings[1].points.front().number, static_cast<int>(parcels[1].shape.rings[0].size()) + 1);
}

TEST(BoundaryPoints, GeoPackageLayer) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels =
      test::stated_parcels(kPlane.geographic, kPlane.epsg, kPlane.central_meridian);
  test::write_stated_parcels(dir.file("parcels.gpkg"), kPlane.epsg, parcels);
  expect_plane_parcels(boundary_points(SourceName(dir.file("parcels.gpkg")), InputOptions{}, "parcels"), parcels);
}

// Longitude and latitude: projected to the CGCS2000 3-degree zone of the parcel (CM 120E,
// EPSG:4549, no zone number in Y), checked against cs2cs to the millimetre.
TEST(BoundaryPoints, GeographicLayerIsProjectedToItsZone) {
  test::TempDir dir;
  const test::PlaneParcel shape = test::plane_parcel(4490, 4528, 31.3, 121.3, true);
  test::write_gpkg_layer(
      dir.file("lonlat.gpkg"), "parcels",
      [&](OGRLayer& layer) {
        OGRPolygon polygon;
        for (const test::LatLonRing& ring : shape.lonlat) {
          OGRLinearRing linear;
          for (const auto& [lat, lon] : ring) linear.addPoint(lon, lat);
          linear.closeRings();
          polygon.addRing(&linear);
        }
        OGRFeature feature(layer.GetLayerDefn());
        feature.SetGeometry(&polygon);
        ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
      },
      wkbPolygon, 4490);
  const LayerPoints layer = boundary_points(SourceName(dir.file("lonlat.gpkg")), InputOptions{}, "");
  ASSERT_EQ(layer.parcels.size(), 1u);
  const ParcelPoints& parcel = layer.parcels[0];
  EXPECT_EQ(parcel.plane, "EPSG:4549");
  EXPECT_TRUE(parcel.projected);
  EXPECT_EQ(parcel.id, std::to_string(parcel.fid));  // no id field: the FID
  test::PlaneParcel projected;
  for (const test::LatLonRing& ring : shape.lonlat) projected.rings.push_back(test::cs2cs("EPSG:4490", "EPSG:4549", ring, 4));
  expect_points(parcel, projected, 0.0011);
  EXPECT_NEAR(parcel.ellipsoidal_m2, shape.ellipsoidal_m2(6378137, 1 / 298.257222101), 1e-3);
}

TEST(BoundaryPoints, TablesInEnglishAndChinese) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels =
      test::stated_parcels(kPlane.geographic, kPlane.epsg, kPlane.central_meridian);
  test::write_text(dir.file("red.txt"), test::coordinate_file("2000国家大地坐标系", 3, 40, parcels));
  const LayerPoints layer = boundary_points(SourceName(dir.file("red.txt")), InputOptions{}, "");
  const std::vector<PointTable> en = point_tables(layer, Language::English);
  const std::vector<PointTable> zh = point_tables(layer, Language::Chinese);
  ASSERT_EQ(en.size(), 3u);
  ASSERT_EQ(zh.size(), 3u);
  EXPECT_EQ(en[1].title, "Boundary points of 2 示例地块2");
  EXPECT_EQ(zh[1].title, "界址点成果表：2 示例地块2");
  EXPECT_EQ(en[1].headers, (std::vector<std::string>{"Ring", "Point", "X (m)", "Y (m)", "Distance (m)"}));
  EXPECT_EQ(zh[1].headers, (std::vector<std::string>{"圈号", "界址点号", "X(m)", "Y(m)", "边长(m)"}));
  const auto& outer = parcels[1].shape.rings[0];
  const auto& hole = parcels[1].shape.rings[1];
  // Rows: outer ring (its points and J1 again), then the hole's.
  ASSERT_EQ(en[1].rows.size(), outer.size() + 1 + hole.size() + 1);
  const auto& [n0, e0] = outer[0];
  const auto& [n1, e1] = outer[1];
  EXPECT_EQ(en[1].rows[0], (std::vector<std::string>{"outer", "J1", mm(n0), mm(e0), mm(std::hypot(n1 - n0, e1 - e0))}));
  EXPECT_EQ(zh[1].rows[0][0], "外圈");
  EXPECT_EQ(en[1].rows[outer.size()], (std::vector<std::string>{"", "J1", mm(n0), mm(e0), ""}));
  const std::string hole_first = "J" + std::to_string(outer.size() + 1);
  EXPECT_EQ(en[1].rows[outer.size() + 1][0], "hole 1");
  EXPECT_EQ(zh[1].rows[outer.size() + 1][0], "内圈1");
  EXPECT_EQ(en[1].rows[outer.size() + 1][1], hole_first);
  EXPECT_EQ(en[1].rows.back()[1], hole_first);
  char planar[64];
  std::snprintf(planar, sizeof planar, "Planar area (EPSG:4528): %.2f m2", parcels[1].shape.planar_m2);
  EXPECT_EQ(en[1].areas.rfind(planar, 0), 0u) << en[1].areas;
  std::snprintf(planar, sizeof planar, "平面面积（EPSG:4528）：%.2f 平方米", parcels[1].shape.planar_m2);
  EXPECT_EQ(zh[1].areas.rfind(planar, 0), 0u) << zh[1].areas;
  EXPECT_NE(en[1].note.find("X is the northing and Y the easting"), std::string::npos);
  EXPECT_NE(zh[1].note.find("X 为纵坐标（北），Y 为横坐标（东）"), std::string::npos);
}

// Excel's sheet names hold 31 characters: two layers cut to the same name get two sheets.
TEST(BoundaryPoints, WorkbookSheetsOfLongLayerNames) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels =
      test::stated_parcels(kPlane.geographic, kPlane.epsg, kPlane.central_meridian);
  const std::string gpkg = dir.file("long.gpkg");
  const std::string stem = "parcels_of_the_district_surveyed_in_";  // 36 characters
  test::write_stated_parcels(gpkg, kPlane.epsg, parcels);
  {
    GDALDatasetUniquePtr dataset(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(dataset);
    for (const char* year : {"2019", "2020"}) {
      OGRLayer* layer = dataset->CopyLayer(dataset->GetLayerByName("parcels"), (stem + year).c_str());
      ASSERT_NE(layer, nullptr);
    }
    ASSERT_EQ(dataset->DeleteLayer(0), OGRERR_NONE);
  }
  PointWorkbooks books({SourceName(gpkg)}, dir.file("out"), InputOptions{}, false);
  books.commit();
  ASSERT_EQ(books.files(), std::vector<std::string>{dir.file("out/long.xlsx")});
  GDALDatasetUniquePtr book = test::open_dataset(dir.file("out/long.xlsx"));
  ASSERT_TRUE(book);
  ASSERT_EQ(book->GetLayerCount(), 2);
  EXPECT_EQ(std::string(book->GetLayer(0)->GetName()), stem.substr(0, 31));
  EXPECT_EQ(std::string(book->GetLayer(1)->GetName()), stem.substr(0, 29) + "~2");
  EXPECT_EQ(book->GetLayer(1)->GetFeatureCount(), book->GetLayer(0)->GetFeatureCount());
}

// A refusal names the file and layer (and the feature), and is bad input.
void expect_refused(const std::string& path, const std::string& words) {
  try {
    boundary_points(SourceName(path), InputOptions{}, "");
    ADD_FAILURE() << path << " was not refused";
  } catch (const InputError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find(words), std::string::npos) << what;
  }
}

TEST(BoundaryPoints, RefusesWhatHasNoBoundaryPoints) {
  test::TempDir dir;
  test::write_gpkg_layer(dir.file("empty.gpkg"), "parcels", [](OGRLayer&) {}, wkbPolygon, 4528);
  expect_refused(dir.file("empty.gpkg"), "holds no parcel");
  test::write_gpkg_layer(
      dir.file("roads.gpkg"), "roads",
      [](OGRLayer& layer) {
        OGRLineString line;
        line.addPoint(40500000, 3460000);
        line.addPoint(40500100, 3460000);
        OGRFeature feature(layer.GetLayerDefn());
        feature.SetGeometry(&line);
        ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
      },
      wkbLineString, 4528);
  expect_refused(dir.file("roads.gpkg"), "holds lines");
  // A CSV's WKT column: a polygon, no CRS.
  test::write_text(dir.file("nocrs.csv"),
                   "WKT,id\n\"POLYGON ((40500000 3460000,40500100 3460000,40500100 3460100,40500000 3460000))\",P1\n");
  expect_refused(dir.file("nocrs.csv"), "no CRS");
  // A GeoJSON with a point among the polygons: the feature named.
  test::write_text(dir.file("mixed.geojson"), test::geojson_of_wkt({"POLYGON ((121 31,121.001 31,121.001 31.001,121 31))",
                                                                   "POINT (121 31)"}));
  expect_refused(dir.file("mixed.geojson"), "not a polygon");
}

}  // namespace
}  // namespace parklayers
