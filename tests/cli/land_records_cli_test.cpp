// SPDX-License-Identifier: GPL-2.0-or-later
// `parklayers check --overlaps` on land records, as a user runs it: a grid of rectangular
// parcels on the CGCS2000 Gauss-Kruger plane of 120E (EPSG:4549), neighbours sharing their edges
// (no overlap), two planted overlaps (a 3 m strip and a sliver of 0.005 m2), every parcel stating
// its planar area in m2. The expected overlaps are the intersection rectangles: their shoelace
// area bounds the ellipsoidal one, Planimeter's on their corners brought to latitude/longitude
// by cs2cs gives it. The same layer loaded into PostGIS with GDAL's ogr2ogr gives the same rows.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

struct Rect {
  double west, south, east, north;
  std::vector<test::PlaneXY> corners() const { return {{west, south}, {east, south}, {east, north}, {west, north}}; }
  double planar_m2() const { return test::shoelace_area(corners()); }
  double ellipsoidal_m2() const {
    std::vector<std::pair<double, double>> northing_easting;
    for (const test::PlaneXY& c : corners()) northing_easting.emplace_back(c.y, c.x);
    return std::abs(test::planimeter_area(test::cs2cs("EPSG:4549", "EPSG:4490", northing_easting, 12), 6378137,
                                          1 / 298.257222101));
  }
};

constexpr int kColumns = 4, kRows = 3;
constexpr double kWest = 614000, kSouth = 3466000, kWidth = 50, kHeight = 40;

// The parcels: cell (row, column) is feature row * kColumns + column + 1. Parcel 6 (row 1,
// column 1) reaches 3 m into parcel 7; parcel 1's north edge is 0.1 mm into parcel 5.
std::vector<Rect> parcels() {
  std::vector<Rect> rects;
  for (int r = 0; r < kRows; ++r) {
    for (int c = 0; c < kColumns; ++c) {
      rects.push_back({kWest + kWidth * c, kSouth + kHeight * r, kWest + kWidth * (c + 1), kSouth + kHeight * (r + 1)});
    }
  }
  rects[5].east += 3;
  rects[0].north += 0.0001;
  return rects;
}

std::string fixed2(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

void write_parcels(const std::string& path) {
  const std::vector<Rect> rects = parcels();
  test::write_gpkg_layer(path, "zd", [&](OGRLayer& layer) {
    test::add_field(layer, "ZDDM", OFTString);
    test::add_field(layer, "area_m2", OFTString);
    for (size_t i = 0; i < rects.size(); ++i) {
      OGRFeature feature(layer.GetLayerDefn());
      feature.SetField("ZDDM", ("310114-" + std::to_string(100 + i)).c_str());
      feature.SetField("area_m2", fixed2(rects[i].planar_m2()).c_str());
      OGRLinearRing ring;
      for (const test::PlaneXY& c : rects[i].corners()) ring.addPoint(c.x, c.y);
      ring.closeRings();
      OGRPolygon polygon;
      polygon.addRing(&ring);
      feature.SetGeometry(&polygon);
      ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
    }
  }, wkbPolygon, 4549);
}

CPLJSONArray rows_of(const test::CommandResult& result) {
  CPLJSONDocument document;
  EXPECT_TRUE(document.LoadMemory(result.out)) << result.out.substr(0, 500) << result.err;
  return document.GetRoot().GetArray("checks");
}

// The overlap rows, after the parcels' rows.
std::vector<CPLJSONObject> overlaps_of(const CPLJSONArray& rows) {
  std::vector<CPLJSONObject> overlaps;
  for (int i = 0; i < rows.Size(); ++i) {
    if (rows[i].GetString("quantity") == "overlap") overlaps.push_back(rows[i]);
  }
  return overlaps;
}

TEST(CheckOverlapsCli, PlantedOverlapsAreFoundAndTouchingNeighboursAreNot) {
  test::TempDir dir;
  write_parcels(dir.file("zd.gpkg"));
  const test::CommandResult result =
      test::parklayers({"check", dir.file("zd.gpkg"), "--stated", "area_m2", "--id", "ZDDM", "--overlaps", "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;  // the 3 m strip fails
  const CPLJSONArray rows = rows_of(result);
  ASSERT_EQ(rows.Size(), kRows * kColumns + 2);
  for (int i = 0; i < kRows * kColumns; ++i) {
    EXPECT_EQ(rows[i].GetString("quantity"), "land_area");
    EXPECT_EQ(rows[i].GetString("status"), "pass") << rows[i].GetString("note");
  }
  const std::vector<CPLJSONObject> overlaps = overlaps_of(rows);
  ASSERT_EQ(overlaps.size(), 2u);
  const std::vector<Rect> rects = parcels();
  // In the order of the fids: the sliver (1, 5), then the strip (6, 7).
  const Rect sliver{kWest, kSouth + kHeight, kWest + kWidth, rects[0].north};
  const Rect strip{kWest + 2 * kWidth, kSouth + kHeight, rects[5].east, kSouth + 2 * kHeight};
  const struct {
    const CPLJSONObject& row;
    long long a, b;
    Rect rect;
    const char* status;
  } expected[] = {{overlaps[0], 1, 5, sliver, "pass"}, {overlaps[1], 6, 7, strip, "fail"}};
  for (const auto& e : expected) {
    EXPECT_EQ(e.row.GetString("subject"), std::to_string(e.a) + " " + std::to_string(e.b));
    EXPECT_EQ(e.row.GetString("id"), "310114-" + std::to_string(99 + e.a) + " 310114-" + std::to_string(99 + e.b));
    const CPLJSONArray fids = e.row.GetArray("fids");
    ASSERT_EQ(fids.Size(), 2);
    EXPECT_EQ(fids[0].ToLong(), e.a);
    EXPECT_EQ(fids[1].ToLong(), e.b);
    EXPECT_EQ(e.row.GetString("method"), "ellipsoidal");
    EXPECT_EQ(e.row.GetString("status"), e.status);
    const double computed = e.row.GetDouble("computed");
    const double planar = e.rect.planar_m2();
    // The plane's scale 614 km east is 1.00018 squared: the ellipsoid's area is smaller.
    EXPECT_LT(computed, planar);
    EXPECT_GT(computed, planar / 1.001);
    // Planimeter prints areas to 5 decimals (-p 10): the reference is good to 1e-5 m2.
    EXPECT_NEAR(computed, e.rect.ellipsoidal_m2(), 1e-5) << e.row.GetString("subject");
  }
  // A tolerance below the sliver fails it too; --failed-only then prints the two overlaps alone.
  const test::CommandResult strict = test::parklayers({"check", dir.file("zd.gpkg"), "--stated", "area_m2", "--overlaps",
                                                      "--overlap-tolerance", "0.001", "--failed-only", "--json"});
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  const CPLJSONArray failed = rows_of(strict);
  ASSERT_EQ(failed.Size(), 2);
  EXPECT_EQ(failed[0].GetString("subject"), "1 5");
  EXPECT_EQ(failed[0].GetString("status"), "fail");
}

TEST(CheckOverlapsCli, OverlapsAloneOnALayerThatStatesNoArea) {
  test::TempDir dir;
  write_parcels(dir.file("zd.gpkg"));
  // No stated_area_ha: --overlaps alone checks the layer for overlaps; the table shows them.
  const test::CommandResult result = test::parklayers({"check", dir.file("zd.gpkg"), "--overlaps"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("6 7"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("overlap"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("1 pass, 1 fail, 0 incomplete"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("land_area"), std::string::npos) << result.out;
}

TEST(CheckOverlapsCli, PostgisGivesTheSameRows) {
  test::TempDir dir;
  write_parcels(dir.file("zd.gpkg"));
  const test::PgTestDatabase db;
  const test::CommandResult loaded = test::run({"/usr/bin/ogr2ogr", "-f", "PostgreSQL", db.gdal_name(),
                                                dir.file("zd.gpkg"), "-nln", "cadastre_zd", "-lco", "GEOMETRY_NAME=geom",
                                                "-lco", "FID=fid"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  const std::vector<std::string> options = {"--stated", "area_m2", "--id", "ZDDM", "--overlaps", "--json"};
  std::vector<std::string> from_file = {"check", dir.file("zd.gpkg")};
  std::vector<std::string> from_database = {"check", db.gdal_name(), "--layer", "cadastre_zd"};
  from_file.insert(from_file.end(), options.begin(), options.end());
  from_database.insert(from_database.end(), options.begin(), options.end());
  const test::CommandResult file = test::parklayers(from_file);
  const test::CommandResult database = test::parklayers(from_database);
  EXPECT_EQ(file.exit_code, 1) << file.err;
  EXPECT_EQ(database.exit_code, 1) << database.err;
  const CPLJSONArray a = rows_of(file);
  const CPLJSONArray b = rows_of(database);
  ASSERT_EQ(a.Size(), b.Size());
  for (int i = 0; i < a.Size(); ++i) {
    for (const char* key : {"id", "subject", "quantity", "as_written", "method", "status"}) {
      EXPECT_EQ(a[i].GetString(key), b[i].GetString(key)) << key << " of row " << i;
    }
    EXPECT_EQ(a[i].GetArray("fids").Format(CPLJSONObject::PrettyFormat::Plain),
              b[i].GetArray("fids").Format(CPLJSONObject::PrettyFormat::Plain));
    const double computed = a[i].GetDouble("computed");
    EXPECT_NEAR(b[i].GetDouble("computed"), computed, 1e-9 * std::max(1.0, computed)) << "row " << i;
  }
  // The database's password is never printed (this one has none; the rows name the database).
  EXPECT_NE(b[0].GetString("source").find("cadastre_zd"), std::string::npos) << b[0].GetString("source");
}

}  // namespace
}  // namespace parklayers
