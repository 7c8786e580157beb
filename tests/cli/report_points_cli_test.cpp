// SPDX-License-Identifier: GPL-2.0-or-later
// The boundary-point table as a user gets it: `report --points` read back from the PDF with
// pdftotext (English and Chinese; a coordinate file with a hole and a GeoPackage layer) and
// `convert -f XLSX` read back with GDAL (a sheet per layer), each point's X, Y and distance
// against the coordinates the test wrote and hypot on them; the refusals (exit 2, nothing
// written).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "test_support.h"

namespace parklayers {
namespace {

const test::ChinesePlane& kPlane = test::kChinesePlanes[0];  // EPSG:4528, zone 40 in Y

std::string mm(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

// pdftotext -layout's text with every run of blanks made one space.
std::string pdf_words(const std::string& pdf) {
  const test::CommandResult text = test::run({"/usr/bin/pdftotext", "-layout", pdf, "-"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  std::string out;
  for (const char c : text.out) {
    const bool blank = c == ' ' || c == '\t';
    if (blank && !out.empty() && out.back() == ' ') continue;
    out += blank ? ' ' : c;
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The rows "J<n> X Y distance" of every ring of the parcels, as the test computes them from the
// coordinates it wrote; numbering runs across a parcel's rings, each ring closed by its first.
struct ExpectedRow {
  std::string point;
  double x, y;
  std::optional<double> distance;
};
std::vector<ExpectedRow> expected_rows(const test::PlaneParcel& shape) {
  std::vector<ExpectedRow> rows;
  int number = 0;
  for (const auto& ring : shape.rings) {
    const int first = number + 1;
    for (size_t i = 0; i <= ring.size(); ++i) {
      const auto& [n, e] = ring[i % ring.size()];
      ExpectedRow row{"J" + std::to_string(i == ring.size() ? first : ++number), n, e, std::nullopt};
      if (i < ring.size()) {
        const auto& [n2, e2] = ring[(i + 1) % ring.size()];
        row.distance = std::hypot(n2 - n, e2 - e);
      }
      rows.push_back(row);
    }
  }
  return rows;
}

void expect_rows_in_pdf(const std::string& text, const std::vector<test::StatedParcel>& parcels) {
  for (const test::StatedParcel& parcel : parcels) {
    for (const ExpectedRow& row : expected_rows(parcel.shape)) {
      const std::string line = row.point + " " + mm(row.x) + " " + mm(row.y) + (row.distance ? " " + mm(*row.distance) : "");
      EXPECT_TRUE(contains(text, line)) << "parcel " << parcel.id << ": " << line;
    }
  }
}

std::vector<test::StatedParcel> known_parcels() {
  return test::stated_parcels(kPlane.geographic, kPlane.epsg, kPlane.central_meridian);
}

TEST(ReportPointsCli, CoordinateFileInEnglishAndChinese) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels = known_parcels();
  ASSERT_EQ(parcels[1].shape.rings.size(), 2u);  // the one with a hole
  test::write_text(dir.file("red.txt"), test::coordinate_file("2000国家大地坐标系", 3, 40, parcels));

  const test::CommandResult en = test::parklayers({"report", dir.file("red.txt"), "--points", "-o", dir.file("en.pdf")});
  ASSERT_EQ(en.exit_code, 0) << en.out << en.err;
  const std::string text = pdf_words(dir.file("en.pdf"));
  EXPECT_TRUE(contains(text, "Boundary points of 2 示例地块2") || contains(text, "Boundary points of 2")) << text;
  EXPECT_TRUE(contains(text, "Point X (m) Y (m) Distance (m)")) << text;
  expect_rows_in_pdf(text, parcels);
  char planar[96];
  std::snprintf(planar, sizeof planar, "Planar area (EPSG:4528): %.2f m2", parcels[1].shape.planar_m2);
  EXPECT_TRUE(contains(text, planar)) << planar << "\n" << text;
  std::snprintf(planar, sizeof planar, "%.2f m2",
                parcels[1].shape.ellipsoidal_m2(kPlane.semi_major, 1 / kPlane.inverse_flattening));
  EXPECT_TRUE(contains(text, planar)) << planar;
  EXPECT_TRUE(contains(text, "X is the northing and Y the easting")) << text;

  const test::CommandResult zh =
      test::parklayers({"report", dir.file("red.txt"), "--points", "--lang", "zh", "-o", dir.file("zh.pdf")});
  ASSERT_EQ(zh.exit_code, 0) << zh.out << zh.err;
  const std::string chinese = pdf_words(dir.file("zh.pdf"));
  EXPECT_TRUE(contains(chinese, "X(m) Y(m)")) << chinese;
  EXPECT_TRUE(contains(chinese, "EPSG:4528")) << chinese;
  expect_rows_in_pdf(chinese, parcels);

  // Without --points the sheet has no table.
  ASSERT_EQ(test::parklayers({"report", dir.file("red.txt"), "-o", dir.file("plain.pdf")}).exit_code, 0);
  EXPECT_FALSE(contains(pdf_words(dir.file("plain.pdf")), "Boundary points of"));
}

TEST(ReportPointsCli, GeoPackageLayer) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels = known_parcels();
  test::write_stated_parcels(dir.file("parcels.gpkg"), kPlane.epsg, parcels);
  const test::CommandResult result =
      test::parklayers({"report", dir.file("parcels.gpkg"), "--points", "-o", dir.file("parcels.pdf")});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  expect_rows_in_pdf(pdf_words(dir.file("parcels.pdf")), parcels);
}

// One sheet per layer: a GeoPackage with two layers of parcels, and a table that is left out.
TEST(ReportPointsCli, ConvertXlsxHasASheetPerLayer) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels = known_parcels();
  const std::string gpkg = dir.file("two.gpkg");
  test::write_stated_parcels(gpkg, kPlane.epsg, parcels);
  {
    // A second layer holding the holed parcel alone, and a table without geometry.
    GDALDatasetUniquePtr dataset(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(dataset);
    OGRLayer* parcels_layer = dataset->GetLayerByName("parcels");
    OGRLayer* second = dataset->CreateLayer("地块二", parcels_layer->GetSpatialRef(), wkbPolygon, nullptr);
    ASSERT_NE(second, nullptr);
    test::add_field(*second, "id", OFTString);
    OGRFeature feature(second->GetLayerDefn());
    feature.SetField("id", "H1");
    OGRGeometry* geometry = nullptr;
    const std::string wkt = parcels[1].shape.wkt();
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry), OGRERR_NONE);
    feature.SetGeometryDirectly(geometry);
    ASSERT_EQ(second->CreateFeature(&feature), OGRERR_NONE);
    ASSERT_NE(dataset->CreateLayer("notes", nullptr, wkbNone, nullptr), nullptr);
  }
  const test::CommandResult result = test::parklayers({"convert", gpkg, "-o", dir.file("out"), "-f", "xlsx", "-q"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const std::string xlsx = dir.file("out/two.xlsx");
  GDALDatasetUniquePtr book = test::open_dataset(xlsx);
  ASSERT_TRUE(book);
  EXPECT_STREQ(book->GetDriver()->GetDescription(), "XLSX");
  ASSERT_EQ(book->GetLayerCount(), 2);
  EXPECT_STREQ(book->GetLayer(0)->GetName(), "parcels");
  EXPECT_STREQ(book->GetLayer(1)->GetName(), "地块二");

  const auto expect_sheet = [](OGRLayer& sheet, const std::vector<std::pair<std::string, const test::PlaneParcel*>>& wanted) {
    OGRFeatureUniquePtr row;
    for (const auto& [id, shape] : wanted) {
      bool first = true;
      for (const ExpectedRow& expected : expected_rows(*shape)) {
        row.reset(sheet.GetNextFeature());
        ASSERT_TRUE(row) << id << " " << expected.point;
        EXPECT_STREQ(row->GetFieldAsString("parcel"), id.c_str());
        EXPECT_STREQ(row->GetFieldAsString("point"), expected.point.c_str());
        EXPECT_NEAR(row->GetFieldAsDouble("x_m"), expected.x, 5e-4) << expected.point;
        EXPECT_NEAR(row->GetFieldAsDouble("y_m"), expected.y, 5e-4) << expected.point;
        const int distance = row->GetFieldIndex("distance_m");
        if (expected.distance) {
          EXPECT_NEAR(row->GetFieldAsDouble(distance), *expected.distance, 5e-4) << expected.point;
        } else {
          EXPECT_FALSE(row->IsFieldSetAndNotNull(distance)) << expected.point;
        }
        const int planar = row->GetFieldIndex("planar_area_m2");
        if (first) {
          EXPECT_NEAR(row->GetFieldAsDouble(planar), shape->planar_m2, 0.005);
          EXPECT_STREQ(row->GetFieldAsString("plane"), "EPSG:4528");
          EXPECT_NEAR(row->GetFieldAsDouble("ellipsoidal_area_m2"),
                      shape->ellipsoidal_m2(kPlane.semi_major, 1 / kPlane.inverse_flattening), 0.005);
        } else {
          EXPECT_FALSE(row->IsFieldSetAndNotNull(planar));
        }
        first = false;
      }
    }
    row.reset(sheet.GetNextFeature());
    EXPECT_FALSE(row);
  };
  expect_sheet(*book->GetLayer(0), {{parcels[0].id, &parcels[0].shape},
                                    {parcels[1].id, &parcels[1].shape},
                                    {parcels[2].id, &parcels[2].shape}});
  expect_sheet(*book->GetLayer(1), {{"H1", &parcels[1].shape}});

  // With another format in the same run, both are written; an existing workbook needs --overwrite.
  const test::CommandResult again = test::parklayers({"convert", gpkg, "-o", dir.file("out"), "-f", "XLSX", "-q"});
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_TRUE(contains(again.err, "two.xlsx")) << again.err;
  const test::CommandResult both = test::parklayers(
      {"convert", dir.file("two.gpkg"), "-o", dir.file("out2"), "-f", "XLSX", "-f", "GeoJSON", "-q"});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("out2/two.xlsx")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out2/two/parcels.geojson")));
}

TEST(ReportPointsCli, ConvertXlsxOfACoordinateFile) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels = known_parcels();
  test::write_text(dir.file("red.txt"), test::coordinate_file("2000国家大地坐标系", 3, 40, parcels));
  const test::CommandResult result = test::parklayers({"convert", dir.file("red.txt"), "-o", dir.file("out"), "-f", "XLSX"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  GDALDatasetUniquePtr book = test::open_dataset(dir.file("out/red.xlsx"));
  ASSERT_TRUE(book);
  ASSERT_EQ(book->GetLayerCount(), 1);
  OGRLayer& sheet = *book->GetLayer(0);
  long long rows = 0;
  for (const test::StatedParcel& parcel : parcels) rows += static_cast<long long>(expected_rows(parcel.shape).size());
  EXPECT_EQ(sheet.GetFeatureCount(), rows);
  // The holed parcel's hole starts after its outer ring's points, ring 2.
  const std::vector<ExpectedRow> holed = expected_rows(parcels[1].shape);
  const ExpectedRow& hole_first = holed[parcels[1].shape.rings[0].size() + 1];
  bool found = false;
  for (OGRFeatureUniquePtr row(sheet.GetNextFeature()); row; row.reset(sheet.GetNextFeature())) {
    if (std::string(row->GetFieldAsString("parcel")) != parcels[1].id) continue;
    if (std::string(row->GetFieldAsString("point")) != hole_first.point) continue;
    // Its first row (the hole's closing row repeats the point, with no distance).
    if (found) {
      EXPECT_FALSE(row->IsFieldSetAndNotNull(row->GetFieldIndex("distance_m")));
      continue;
    }
    found = true;
    EXPECT_EQ(row->GetFieldAsInteger("ring"), 2);
    EXPECT_NEAR(row->GetFieldAsDouble("x_m"), hole_first.x, 5e-4);
    EXPECT_NEAR(row->GetFieldAsDouble("y_m"), hole_first.y, 5e-4);
    EXPECT_NEAR(row->GetFieldAsDouble("distance_m"), *hole_first.distance, 5e-4);
  }
  EXPECT_TRUE(found);
}

// Bad input: exit 2 with the file and layer named, nothing written, not even OUTDIR.
TEST(ReportPointsCli, RefusalsWriteNothing) {
  test::TempDir dir;
  test::write_gpkg_layer(dir.file("empty.gpkg"), "parcels", [](OGRLayer&) {}, wkbPolygon, 4528);
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
  test::write_text(dir.file("nocrs.csv"),
                   "WKT,id\n\"POLYGON ((40500000 3460000,40500100 3460000,40500100 3460100,40500000 3460000))\",P1\n");
  const struct {
    const char* file;
    const char* words;
  } cases[] = {{"empty.gpkg", "holds no parcel"}, {"roads.gpkg", "no layer of polygons"}, {"nocrs.csv", "no CRS"}};
  for (const auto& c : cases) {
    const test::CommandResult result =
        test::parklayers({"convert", dir.file(c.file), "-o", dir.file("out"), "-f", "XLSX", "-f", "GPKG"});
    EXPECT_EQ(result.exit_code, 2) << c.file << ": " << result.out << result.err;
    EXPECT_TRUE(contains(result.err, c.file) && contains(result.err, c.words)) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out"))) << c.file;
  }
  const test::CommandResult moved = test::parklayers(
      {"convert", dir.file("empty.gpkg"), "-o", dir.file("out"), "-f", "XLSX", "--t_srs", "EPSG:4326"});
  EXPECT_EQ(moved.exit_code, 2);
  EXPECT_TRUE(contains(moved.err, "--t_srs")) << moved.err;
}

}  // namespace
}  // namespace parklayers
