// SPDX-License-Identifier: GPL-2.0-or-later
// The land survey's own ellipsoidal area as a user meets it: a 三调-like layer (a GeoPackage
// in EPSG:4528, CGCS2000 3-degree zone 40, 图斑 with BSM and TBMJ) whose TBMJ figures are the
// survey's rule computed by the test support's own implementation (test::survey_area_reference:
// its rounding, densification, cs2cs and series), checked by `parklayers check --stated TBMJ`
// (survey by default on a Gauss-Kruger plane) and measured by `parklayers area`.
#include <gtest/gtest.h>

#include <cpl_json.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

using test::PlaneXY;
using Rings = std::vector<std::vector<PlaneXY>>;

constexpr test::ChinesePlane kZone40{4528, 4490, 6378137, 298.257222101, 120};

struct Tuban {
  std::string bsm;
  Rings rings;
  double survey_m2 = 0;  // the reference, not rounded
  double planar_m2 = 0;
  double karney_m2 = 0;  // Planimeter on the vertices
};

// Four 图斑 about 31.3 N, 120 km east of CM 120E, coordinates to 5 decimals (the rule keeps 4):
// a rectangle, an irregular one with a hole and edges up to 380 m, a long thin one, a hectare.
std::vector<Tuban> tuban() {
  const auto origin_xy = test::cs2cs("EPSG:4490", "EPSG:4528", {{31.3, 121.2592}}, 5);
  const double x = origin_xy[0].second, y = origin_xy[0].first;
  std::vector<Tuban> all = {
      {"T1", {{{x + 0.12345, y + 0.54321}, {x + 120.12345, y + 0.54321}, {x + 120.12345, y + 80.54321}, {x + 0.12345, y + 80.54321}}}},
      {"T2",
       {{{x + 500, y}, {x + 880.12345, y + 20.5}, {x + 910.7, y + 250.25}, {x + 690.33333, y + 330.1}, {x + 484.5, y + 180.77777}},
        {{x + 620, y + 100}, {x + 620, y + 160}, {x + 720, y + 160}, {x + 720, y + 100}}}},
      {"T3", {{{x, y + 600}, {x + 640.00007, y + 612.3}, {x + 640.00007, y + 641.4}, {x, y + 630}}}},
      {"T4", {{{x + 1000, y + 1000}, {x + 1100.00004, y + 1000}, {x + 1100.00004, y + 1100.00006}, {x + 1000, y + 1100.00006}}}},
  };
  for (Tuban& t : all) {
    t.survey_m2 = test::survey_area_reference(t.rings, kZone40);
    for (size_t r = 0; r < t.rings.size(); ++r) {
      const double sign = r == 0 ? 1 : -1;
      t.planar_m2 += sign * test::shoelace_area(t.rings[r]);
      std::vector<std::pair<double, double>> northing_easting;
      for (const PlaneXY& p : t.rings[r]) northing_easting.emplace_back(p.y, p.x);
      t.karney_m2 += sign * std::fabs(test::planimeter_area(test::cs2cs("EPSG:4528", "EPSG:4490", northing_easting, 12),
                                                            kZone40.semi_major, 1 / kZone40.inverse_flattening));
    }
  }
  return all;
}

double to_cents(double m2) { return std::round(m2 * 100) / 100; }

// The layer dltb, TBMJ a real as 三调 stores it; tbmj[i] is 图斑 i's figure.
void write_dltb(const std::string& path, const std::vector<Tuban>& all, const std::vector<double>& tbmj) {
  test::write_gpkg_layer(path, "dltb", [&](OGRLayer& layer) {
    test::add_field(layer, "BSM", OFTString);
    test::add_field(layer, "DLMC", OFTString);
    test::add_field(layer, "TBMJ", OFTReal);
    for (size_t i = 0; i < all.size(); ++i) {
      OGRFeature feature(layer.GetLayerDefn());
      feature.SetField("BSM", all[i].bsm.c_str());
      feature.SetField("DLMC", "工业用地");
      feature.SetField("TBMJ", tbmj[i]);
      OGRPolygon polygon;
      for (const auto& ring : all[i].rings) {
        OGRLinearRing linear;
        for (const PlaneXY& p : ring) linear.addPoint(p.x, p.y);
        linear.closeRings();
        polygon.addRing(&linear);
      }
      feature.SetGeometry(&polygon);
      ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
    }
  }, wkbPolygon, 4528);
}

CPLJSONObject document_of(const test::CommandResult& result) {
  CPLJSONDocument document;
  EXPECT_TRUE(document.LoadMemory(result.out)) << result.out.substr(0, 500) << result.err;
  return document.GetRoot();
}

class SurveyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    all = tuban();
    for (const Tuban& t : all) stated.push_back(to_cents(t.survey_m2));
    write_dltb(dir.file("dltb.gpkg"), all, stated);
  }
  test::TempDir dir;
  std::vector<Tuban> all;
  std::vector<double> stated;
};

TEST_F(SurveyCli, ASurveyLayerChecksCleanBySurveyByDefault) {
  const test::CommandResult result =
      test::parklayers({"check", dir.file("dltb.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const CPLJSONArray rows = document_of(result).GetArray("checks");
  ASSERT_EQ(rows.Size(), static_cast<int>(all.size()));
  for (int i = 0; i < rows.Size(); ++i) {
    EXPECT_EQ(rows[i].GetString("id"), all[i].bsm);
    EXPECT_EQ(rows[i].GetString("method"), "survey");
    EXPECT_EQ(rows[i].GetString("status"), "pass") << rows[i].GetString("note");
    EXPECT_NEAR(rows[i].GetDouble("computed"), all[i].survey_m2, 0.005 + 1e-9 * all[i].survey_m2) << all[i].bsm;
    // The Gauss-Kruger scale is above 1 here: the survey's figure is below the plane's.
    EXPECT_LT(rows[i].GetDouble("computed"), all[i].planar_m2);
  }
  // The table says the method as well.
  const test::CommandResult table = test::parklayers({"check", dir.file("dltb.gpkg"), "--layer", "dltb", "--stated", "TBMJ"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("survey"), std::string::npos) << table.out;
  const test::CommandResult zh =
      test::parklayers({"check", dir.file("dltb.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--lang", "zh"});
  EXPECT_NE(zh.out.find("调查椭球面积"), std::string::npos) << zh.out;
}

TEST_F(SurveyCli, AFigureHalfASquareMetreOffFailsAndOneWorkedOutOnThePlaneSaysSo) {
  std::vector<double> edited = stated;
  edited[1] += 0.5;                          // T2: 0.5 m2 off
  edited[2] = to_cents(all[2].planar_m2);    // T3: the planar area, as a 地块面积 states it
  write_dltb(dir.file("edited.gpkg"), all, edited);
  const test::CommandResult result =
      test::parklayers({"check", dir.file("edited.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  const CPLJSONArray rows = document_of(result).GetArray("checks");
  ASSERT_EQ(rows.Size(), static_cast<int>(all.size()));
  EXPECT_EQ(rows[0].GetString("status"), "pass");
  EXPECT_EQ(rows[3].GetString("status"), "pass");
  // T2 matches another method only if that method's area lies within its 0.005 of the figure:
  // the planar (shoelace) and Karney (Planimeter) areas, computed here, say whether.
  const CPLJSONObject off = rows[1];
  EXPECT_EQ(off.GetString("status"), "fail");
  EXPECT_NEAR(off.GetDouble("deviation"), -0.5, 0.0051);
  const std::string off_note = off.GetString("note");
  EXPECT_EQ(off_note.find("matches planar") != std::string::npos, std::fabs(all[1].planar_m2 - edited[1]) <= 0.005)
      << off_note;
  EXPECT_EQ(off_note.find("matches ellipsoidal") != std::string::npos, std::fabs(all[1].karney_m2 - edited[1]) <= 0.005)
      << off_note;
  const CPLJSONObject plane = rows[2];
  EXPECT_EQ(plane.GetString("status"), "fail");
  EXPECT_NE(plane.GetString("note").find("; matches planar ("), std::string::npos) << plane.GetString("note");
  EXPECT_EQ(plane.GetString("note").find("matches ellipsoidal"), std::string::npos) << plane.GetString("note");

  // Checked the other way round, by planar, T1's survey figure fails and says it is the survey's.
  const test::CommandResult planar = test::parklayers(
      {"check", dir.file("edited.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--method", "planar", "--json"});
  const CPLJSONArray planar_rows = document_of(planar).GetArray("checks");
  ASSERT_EQ(planar_rows.Size(), static_cast<int>(all.size()));
  EXPECT_EQ(planar_rows[0].GetString("status"), "fail");
  EXPECT_NE(planar_rows[0].GetString("note").find("; matches survey ("), std::string::npos)
      << planar_rows[0].GetString("note");
  EXPECT_EQ(planar_rows[2].GetString("status"), "pass");
}

TEST_F(SurveyCli, SurveyOnALayerInLongitudeLatitudeIsRefused) {
  const test::CommandResult moved =
      test::run({"/usr/bin/ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4490", dir.file("lonlat.gpkg"), dir.file("dltb.gpkg")});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  const test::CommandResult refused = test::parklayers(
      {"check", dir.file("lonlat.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--method", "survey"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  for (const char* text : {"lonlat.gpkg", "layer 'dltb'", "--method survey", "not a Gauss-Kruger plane"}) {
    EXPECT_NE(refused.err.find(text), std::string::npos) << text << ": " << refused.err;
  }
  // TBMJ there is checked ellipsoidal, and its rows say why.
  const test::CommandResult ellipsoidal =
      test::parklayers({"check", dir.file("lonlat.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--json"});
  const CPLJSONArray rows = document_of(ellipsoidal).GetArray("checks");
  ASSERT_EQ(rows.Size(), static_cast<int>(all.size()));
  EXPECT_EQ(rows[0].GetString("method"), "ellipsoidal");
  EXPECT_NE(rows[0].GetString("note").find("no Gauss-Kruger CRS"), std::string::npos) << rows[0].GetString("note");
  // Nor does area give a survey area there.
  const test::CommandResult area = test::parklayers({"area", dir.file("lonlat.gpkg"), "--json"});
  EXPECT_EQ(area.exit_code, 0) << area.err;
  EXPECT_EQ(area.out.find("survey_area_m2"), std::string::npos) << area.out;
}

TEST_F(SurveyCli, AreaGivesTheSurveyAreaBesideTheOthers) {
  const test::CommandResult result = test::parklayers({"area", dir.file("dltb.gpkg"), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const CPLJSONArray features = document_of(result).GetArray("features");
  ASSERT_EQ(features.Size(), static_cast<int>(all.size()));
  for (int i = 0; i < features.Size(); ++i) {
    EXPECT_NEAR(features[i].GetDouble("survey_area_m2"), all[i].survey_m2, 0.005 + 1e-9 * all[i].survey_m2) << i;
    EXPECT_DOUBLE_EQ(features[i].GetDouble("survey_area_m2"), stated[i]) << i;
    EXPECT_EQ(features[i].GetString("gk_crs"), "EPSG:4528");
  }
  // The copy gets the field too, with the same values.
  const test::CommandResult copy = test::parklayers({"area", dir.file("dltb.gpkg"), "-o", dir.file("areas.gpkg")});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  const GDALDatasetUniquePtr written(GDALDataset::Open(dir.file("areas.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(written);
  OGRLayer* layer = written->GetLayerByName("dltb");
  ASSERT_NE(layer, nullptr);
  int i = 0;
  for (const auto& feature : *layer) {
    ASSERT_LT(i, static_cast<int>(all.size()));
    EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("survey_area_m2"), features[i].GetDouble("survey_area_m2"));
    ++i;
  }
  EXPECT_EQ(i, static_cast<int>(all.size()));
}

// A land-survey package holds the 图斑 among other layers (the county's boundary XZQ, the linear
// features): check, given only the file, finds DLTB by its TBMJ field and checks it by survey.
TEST_F(SurveyCli, APackageOfLayersIsCheckedOnItsLayerStatingTbmj) {
  write_dltb(dir.file("package.gpkg"), all, stated);
  {
    GDALDatasetUniquePtr package(GDALDataset::Open(dir.file("package.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(package);
    OGRSpatialReference crs;
    crs.importFromEPSG(4528);
    OGRLayer* xzq = package->CreateLayer("xzq", &crs, wkbPolygon, nullptr);
    ASSERT_NE(xzq, nullptr);
    test::add_field(*xzq, "XZQMC", OFTString);
    OGRFeature county(xzq->GetLayerDefn());
    county.SetField("XZQMC", "嘉定区");
    OGRGeometry* square = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON ((40500000 3460000,40510000 3460000,40510000 3470000,40500000 3470000,40500000 3460000))",
                                      &crs, &square);
    county.SetGeometryDirectly(square);
    ASSERT_EQ(xzq->CreateFeature(&county), OGRERR_NONE);
  }
  const test::CommandResult named =
      test::parklayers({"check", dir.file("package.gpkg"), "--layer", "dltb", "--stated", "TBMJ", "--json"});
  const test::CommandResult found = test::parklayers({"check", dir.file("package.gpkg"), "--json"});
  EXPECT_EQ(found.exit_code, 0) << found.out << found.err;
  const CPLJSONArray rows = document_of(found).GetArray("checks");
  ASSERT_EQ(rows.Size(), static_cast<int>(all.size())) << found.out;
  for (int i = 0; i < rows.Size(); ++i) {
    EXPECT_EQ(rows[i].GetString("id"), all[i].bsm);
    EXPECT_EQ(rows[i].GetString("method"), "survey");
    EXPECT_EQ(rows[i].GetString("status"), "pass") << rows[i].GetString("note");
  }
  EXPECT_EQ(found.out, named.out);
  // Two layers stating TBMJ: which one is the user's to say.
  const test::CommandResult copied =
      test::run({"/usr/bin/ogr2ogr", "-update", "-nln", "dltb_2019", dir.file("package.gpkg"), dir.file("package.gpkg"), "dltb"});
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  const test::CommandResult ambiguous = test::parklayers({"check", dir.file("package.gpkg"), "--json"});
  EXPECT_EQ(ambiguous.exit_code, 2) << ambiguous.out;
  EXPECT_NE(ambiguous.err.find("several layers (dltb, xzq, dltb_2019): name one with --layer"), std::string::npos)
      << ambiguous.err;
  const test::CommandResult chosen =
      test::parklayers({"check", dir.file("package.gpkg"), "--layer", "dltb_2019", "--json"});
  EXPECT_EQ(chosen.exit_code, 0) << chosen.err;
  EXPECT_EQ(document_of(chosen).GetArray("checks").Size(), static_cast<int>(all.size()));
}

// --update writes survey_area_m2 into the GeoPackage, the rule's figure to the cent.
TEST_F(SurveyCli, UpdateWritesTheSurveyAreaIntoTheTable) {
  const test::CommandResult updated = test::parklayers({"area", dir.file("dltb.gpkg"), "--update"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  const GDALDatasetUniquePtr written(GDALDataset::Open(dir.file("dltb.gpkg").c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(written);
  OGRLayer* layer = written->GetLayerByName("dltb");
  ASSERT_NE(layer, nullptr);
  size_t i = 0;
  for (const auto& feature : *layer) {
    ASSERT_LT(i, all.size());
    EXPECT_NEAR(feature->GetFieldAsDouble("survey_area_m2"), all[i].survey_m2, 0.005 + 1e-9 * all[i].survey_m2) << i;
    EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("survey_area_m2"), stated[i]) << i;
    ++i;
  }
  EXPECT_EQ(i, all.size());
}

}  // namespace
}  // namespace parklayers
