// SPDX-License-Identifier: GPL-2.0-or-later
// Checks of a layer of parcels stating their own areas, on GeoPackage layers with the fields of
// a coordinate file (id, name, stated_area_ha as text) in every Chinese datum and zone width.
// The parcels are made in lon/lat and projected by PROJ's cs2cs (test_support); the planar
// reference is the shoelace of the written coordinates, the ellipsoidal one Planimeter's.
#include "parklayers/park/stated_parcels.h"

#include <gtest/gtest.h>

#include <cpl_json.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <optional>
#include <cstdio>
#include <string>
#include <vector>

#include "parklayers/park/report.h"
#include "parklayers/park/stated_figure.h"
#include "test_support.h"

namespace parklayers {
namespace {

using Plane = test::ChinesePlane;
constexpr const auto& kPlanes = test::kChinesePlanes;

using test::hectares;
using Parcel = test::StatedParcel;

std::vector<Parcel> parcels_on(const Plane& plane) {
  return test::stated_parcels(plane.geographic, plane.epsg, plane.central_meridian);
}

void write_parcels(const std::string& path, int epsg, const std::vector<Parcel>& parcels,
                   OGRFieldType stated_type = OFTString) {
  test::write_stated_parcels(path, epsg, parcels, stated_type);
}

class StatedParcelsOnPlane : public ::testing::TestWithParam<Plane> {};

TEST_P(StatedParcelsOnPlane, PlanarAreasPassAndOnePercentOffFails) {
  const Plane& plane = GetParam();
  test::TempDir dir;
  std::vector<Parcel> parcels = parcels_on(plane);
  write_parcels(dir.file("parcels.gpkg"), plane.epsg, parcels);
  StatedParcelOptions options;
  ASSERT_TRUE(is_stated_parcel_source(SourceName(dir.file("parcels.gpkg")), options));

  const StatedParcelChecks planar = check_stated_parcels(SourceName(dir.file("parcels.gpkg")), options);
  EXPECT_EQ(planar.layer, "parcels");
  ASSERT_EQ(planar.checks.size(), parcels.size());
  for (size_t i = 0; i < parcels.size(); ++i) {
    const Check& check = planar.checks[i];
    EXPECT_EQ(check.subject, "parcel:" + parcels[i].id);
    EXPECT_EQ(check.quantity, "land_area");
    EXPECT_EQ(check.reading.unit, Unit::Hectare);
    EXPECT_EQ(check.value_text, parcels[i].stated);
    EXPECT_EQ(check.method, AreaMethod::Planar);
    // The written-precision rule: "0.4820" accepts 0.48195 to 0.48205.
    EXPECT_NEAR(check.reading.interval.low, std::stod(parcels[i].stated) - 0.00005, 1e-12);
    ASSERT_TRUE(check.computed.has_value());
    const double planar_ha = parcels[i].shape.planar_m2 / 10000.0;
    EXPECT_NEAR(*check.computed, planar_ha, 1e-7 * planar_ha) << plane.epsg << " parcel " << i;
    EXPECT_EQ(check.status, CheckStatus::Pass) << plane.epsg << " parcel " << i << ": " << check.note;
    EXPECT_NE(check.note.find("EPSG:" + std::to_string(plane.epsg)), std::string::npos) << check.note;
    EXPECT_EQ(planar.names.at(check.subject), parcels[i].name);
  }
  EXPECT_TRUE(all_pass(planar.checks));

  options.method = AreaMethod::Ellipsoidal;
  const StatedParcelChecks ellipsoidal = check_stated_parcels(SourceName(dir.file("parcels.gpkg")), options);
  ASSERT_EQ(ellipsoidal.checks.size(), parcels.size());
  for (size_t i = 0; i < parcels.size(); ++i) {
    const Check& check = ellipsoidal.checks[i];
    EXPECT_EQ(check.method, AreaMethod::Ellipsoidal);
    const double expected = parcels[i].shape.ellipsoidal_m2(plane.semi_major, 1 / plane.inverse_flattening) / 10000.0;
    ASSERT_TRUE(check.computed.has_value());
    EXPECT_NEAR(*check.computed, expected, 1e-6 * expected) << plane.epsg << " parcel " << i;
    // 1.3 degrees off the meridian the plane is 0.02 % larger: more than "0.4820" allows.
    EXPECT_EQ(check.status, CheckStatus::Fail) << plane.epsg << " parcel " << i;
  }

  // One stated area 1 % off fails; the others still pass.
  parcels[2].stated = hectares(parcels[2].shape.planar_m2 * 1.01);
  write_parcels(dir.file("one_off.gpkg"), plane.epsg, parcels);
  const StatedParcelChecks one_off = check_stated_parcels(SourceName(dir.file("one_off.gpkg")), StatedParcelOptions{});
  ASSERT_EQ(one_off.checks.size(), parcels.size());
  EXPECT_EQ(one_off.checks[0].status, CheckStatus::Pass);
  EXPECT_EQ(one_off.checks[1].status, CheckStatus::Pass);
  EXPECT_EQ(one_off.checks[2].status, CheckStatus::Fail);
  EXPECT_NEAR(*one_off.checks[2].deviation, -0.01 * std::stod(parcels[2].stated) / 1.01, 1e-4);
  EXPECT_FALSE(all_pass(one_off.checks));
}

INSTANTIATE_TEST_SUITE_P(ChineseFamilies, StatedParcelsOnPlane, ::testing::ValuesIn(kPlanes),
                         [](const ::testing::TestParamInfo<Plane>& param_info) {
                           return "EPSG_" + std::to_string(param_info.param.epsg);
                         });

TEST(StatedParcels, AGeographicLayerIsMeasuredInItsCgcs2000Zone) {
  // The same parcel given in lon/lat: planar means the CGCS2000 3-degree zone, and the note says so.
  const test::PlaneParcel shape = test::plane_parcel(4490, 4549, 31.3, 121.2, false);
  test::TempDir dir;
  test::write_gpkg_layer(dir.file("lonlat.gpkg"), "parcels", [&](OGRLayer& layer) {
    test::add_field(layer, "id", OFTString);
    test::add_field(layer, "stated_area_ha", OFTString);
    OGRFeature feature(layer.GetLayerDefn());
    feature.SetField("id", "A");
    feature.SetField("stated_area_ha", hectares(shape.planar_m2).c_str());
    auto ring = std::make_unique<OGRLinearRing>();
    for (const auto& [lat, lon] : shape.lonlat[0]) ring->addPoint(lon, lat);
    ring->closeRings();
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    feature.SetGeometryDirectly(polygon.release());
    ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
  }, wkbPolygon, 4490);
  const StatedParcelChecks checks = check_stated_parcels(SourceName(dir.file("lonlat.gpkg")), StatedParcelOptions{});
  ASSERT_EQ(checks.checks.size(), 1u);
  EXPECT_EQ(checks.checks[0].status, CheckStatus::Pass) << checks.checks[0].note;
  EXPECT_NE(checks.checks[0].note.find("CGCS2000 3-degree"), std::string::npos) << checks.checks[0].note;
  EXPECT_NEAR(*checks.checks[0].computed * 10000, shape.planar_m2, 1e-6 * shape.planar_m2);
}

TEST(StatedParcels, AnEmptyStatedAreaIsIncompleteWithItsArea) {
  test::TempDir dir;
  std::vector<Parcel> parcels = parcels_on(kPlanes[0]);
  parcels[1].stated = "";
  write_parcels(dir.file("parcels.gpkg"), 4528, parcels);
  const StatedParcelChecks checks = check_stated_parcels(SourceName(dir.file("parcels.gpkg")), StatedParcelOptions{});
  ASSERT_EQ(checks.checks.size(), 3u);
  EXPECT_EQ(checks.checks[1].status, CheckStatus::Incomplete);
  ASSERT_TRUE(checks.checks[1].computed.has_value());
  EXPECT_NEAR(*checks.checks[1].computed * 10000, parcels[1].shape.planar_m2, 1e-7 * parcels[1].shape.planar_m2);
  EXPECT_NE(checks.checks[1].note.find("states no area"), std::string::npos) << checks.checks[1].note;
  EXPECT_TRUE(all_pass(checks.checks));
  // The JSON has no stated figure and no interval for it; the table shows "-".
  CPLJSONDocument document;
  ASSERT_TRUE(document.LoadMemory(checks_json(checks.checks)));
  const CPLJSONObject row = document.GetRoot().GetArray("checks")[1];
  EXPECT_EQ(row.GetObj("stated").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(row.GetObj("low").GetType(), CPLJSONObject::Type::Null);
  EXPECT_EQ(row.GetString("method"), "planar");
  EXPECT_EQ(row.GetString("status"), "incomplete");
}

TEST(StatedParcels, AStatedAreaThatIsNoNumberIsIncompleteAndCounted) {
  test::TempDir dir;
  std::vector<Parcel> parcels = parcels_on(kPlanes[4]);
  parcels[0].stated = "0.48 ha";
  parcels[2].stated = "abc";
  write_parcels(dir.file("parcels.gpkg"), 2364, parcels);
  std::vector<Check> rows;
  const StatedParcelSummary summary = stream_stated_parcels(
      SourceName(dir.file("parcels.gpkg")), StatedParcelOptions{},
      [&](const Check& check, const std::string&) { rows.push_back(check); });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(summary.unreadable, 2);
  EXPECT_EQ(summary.first_unreadable.where.fid, 1);
  EXPECT_EQ(summary.first_unreadable.where.field, "stated_area_ha");
  EXPECT_NE(summary.first_unreadable.what.find("'0.48 ha'"), std::string::npos) << summary.first_unreadable.what;
  EXPECT_EQ(rows[0].status, CheckStatus::Incomplete);
  EXPECT_NE(rows[0].note.find("'0.48 ha'"), std::string::npos) << rows[0].note;
  EXPECT_EQ(rows[0].as_written, "0.48 ha");
  EXPECT_EQ(rows[1].status, CheckStatus::Pass) << rows[1].note;
  EXPECT_EQ(rows[2].status, CheckStatus::Incomplete);
  EXPECT_NE(rows[2].note.find("'abc'"), std::string::npos) << rows[2].note;
  // The area is still measured: the row shows what the figure should have said.
  ASSERT_TRUE(rows[2].computed.has_value());
  EXPECT_NEAR(*rows[2].computed * 10000, parcels[2].shape.planar_m2, 1e-7 * parcels[2].shape.planar_m2);
  EXPECT_EQ(summary.counts[0], 1);
  EXPECT_EQ(summary.counts[2], 2);
}

// ---- A district's land records -------------------------------------------------------------
// Rectangles on the CGCS2000 3-degree Gauss-Kruger plane of central meridian 120E (EPSG:4549,
// northing then easting), near Anting. Each states its area under several fields, in m2, mu and
// ha, as text and as numbers; the planar reference is the shoelace of the corners, the
// ellipsoidal one Planimeter's on the corners brought to CGCS2000 latitude/longitude by cs2cs.

struct Record {
  double east, north, width, height;  // the south-west corner and the sides, in metres
  std::vector<test::PlaneXY> corners() const {
    return {{east, north}, {east + width, north}, {east + width, north + height}, {east, north + height}};
  }
  double planar_m2() const { return test::shoelace_area(corners()); }
  double ellipsoidal_m2() const {
    std::vector<std::pair<double, double>> northing_easting;
    for (const test::PlaneXY& c : corners()) northing_easting.emplace_back(c.y, c.x);
    const test::LatLonRing ring = test::cs2cs("EPSG:4549", "EPSG:4490", northing_easting, 12);
    return std::abs(test::planimeter_area(ring, 6378137, 1 / 298.257222101));
  }
};

// "%.*f" of a value.
std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// One record's values under each field; "" leaves the field unset, std::nullopt a number unset.
struct RecordValues {
  std::string bsm;
  std::string area_m2;               // text, m2 to 2 decimals
  std::optional<double> area_mu;     // a real, mu to 4 decimals
  std::optional<double> tbmj;        // a real, the survey's ellipsoidal m2 to 2 decimals
  std::string mj;                    // text, ha to 4 decimals (no unit in its name)
  std::optional<long long> whole_m2; // an integer, m2
};

void write_records(const std::string& path, const std::vector<Record>& records, const std::vector<RecordValues>& values) {
  test::write_gpkg_layer(path, "dltb", [&](OGRLayer& layer) {
    test::add_field(layer, "BSM", OFTString);
    test::add_field(layer, "area_m2", OFTString);
    test::add_field(layer, "area_mu", OFTReal);
    test::add_field(layer, "TBMJ", OFTReal);
    test::add_field(layer, "mj", OFTString);
    test::add_field(layer, "whole_m2", OFTInteger64);
    for (size_t i = 0; i < records.size(); ++i) {
      OGRFeature feature(layer.GetLayerDefn());
      const RecordValues& v = values[i];
      if (!v.bsm.empty()) feature.SetField("BSM", v.bsm.c_str());
      if (!v.area_m2.empty()) feature.SetField("area_m2", v.area_m2.c_str());
      if (v.area_mu) feature.SetField("area_mu", *v.area_mu);
      if (v.tbmj) feature.SetField("TBMJ", *v.tbmj);
      if (!v.mj.empty()) feature.SetField("mj", v.mj.c_str());
      if (v.whole_m2) feature.SetField("whole_m2", static_cast<GIntBig>(*v.whole_m2));
      auto ring = std::make_unique<OGRLinearRing>();
      for (const test::PlaneXY& c : records[i].corners()) ring->addPoint(c.x, c.y);
      ring->closeRings();
      auto polygon = std::make_unique<OGRPolygon>();
      polygon->addRingDirectly(ring.release());
      feature.SetGeometryDirectly(polygon.release());
      ASSERT_EQ(layer.CreateFeature(&feature), OGRERR_NONE);
    }
  }, wkbPolygon, 4549);
}

std::vector<Check> stream(const std::string& path, const StatedParcelOptions& options, StatedParcelSummary* summary = nullptr) {
  std::vector<Check> rows;
  const StatedParcelSummary found =
      stream_stated_parcels(SourceName(path), options,
                            [&rows](const Check& check, const std::string&) { rows.push_back(check); });
  if (summary) *summary = found;
  return rows;
}

class LandRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    // Sides of 20 to 130 m, 614 km east: the plane's scale there is 1 + 0.018 %.
    for (int i = 0; i < 8; ++i) {
      records.push_back({614000.0 + 300 * i, 3466000.0 + 37 * i, 20.0 + 15.3 * i, 35.0 + 11.7 * i});
    }
    for (size_t i = 0; i < records.size(); ++i) {
      const double planar = records[i].planar_m2();
      const double ellipsoidal = records[i].ellipsoidal_m2();
      ellipsoidal_m2.push_back(ellipsoidal);
      // The land survey's rule, implemented apart in the test support (EPSG:4549: CGCS2000, CM 120E).
      const double survey = test::survey_area_reference({records[i].corners()}, {4549, 4490, 6378137, 298.257222101, 120});
      survey_m2.push_back(survey);
      RecordValues v;
      v.bsm = "3101140000" + std::to_string(100 + i);
      v.area_m2 = fixed(planar, 2);
      v.area_mu = std::round(planar / (10000.0 / 15) * 1e4) / 1e4;
      v.tbmj = std::round(survey * 100) / 100;
      v.mj = fixed(planar / 10000, 4);
      v.whole_m2 = std::llround(planar);
      values.push_back(v);
    }
    // Record 1: every figure 1 % over; record 2: none stated; record 3: text that is no number.
    values[1].area_m2 = fixed(records[1].planar_m2() * 1.01, 2);
    values[1].area_mu = std::round(records[1].planar_m2() * 1.01 / (10000.0 / 15) * 1e4) / 1e4;
    values[1].tbmj = std::round(survey_m2[1] * 1.01 * 100) / 100;
    values[1].mj = fixed(records[1].planar_m2() * 1.01 / 10000, 4);
    values[1].whole_m2 = std::llround(records[1].planar_m2() * 1.01);
    values[2] = RecordValues{values[2].bsm, "", std::nullopt, std::nullopt, "", std::nullopt};
    values[3].area_m2 = "约1200";
    values[3].mj = "n/a";
    write_records(dir.file("dltb.gpkg"), records, values);
  }

  // The status each row must have: pass, fail for record 1, incomplete for records 2 and 3 where
  // the field is text.
  static CheckStatus expected(size_t i, bool text_field) {
    if (i == 1) return CheckStatus::Fail;
    if (i == 2 || (i == 3 && text_field)) return CheckStatus::Incomplete;
    return CheckStatus::Pass;
  }

  void expect_rows(const std::vector<Check>& rows, Unit unit, bool text_field, AreaMethod method) {
    ASSERT_EQ(rows.size(), records.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const Check& row = rows[i];
      const double m2 = method == AreaMethod::Planar      ? records[i].planar_m2()
                        : method == AreaMethod::Ellipsoidal ? ellipsoidal_m2[i]
                                                            : survey_m2[i];
      ASSERT_TRUE(row.computed.has_value()) << i;
      // The survey's figure is the reference rounded to 2 decimals.
      const double tolerance = method == AreaMethod::Planar ? 1e-9 * m2 : method == AreaMethod::Ellipsoidal ? 1e-5 : 0.005 + 1e-9 * m2;
      EXPECT_NEAR(*row.computed * square_metres_per(unit), m2, tolerance) << "record " << i;
      EXPECT_EQ(row.method, method);
      EXPECT_EQ(row.reading.unit, unit);
      EXPECT_EQ(row.status, expected(i, text_field)) << "record " << i << ": " << row.note;
      EXPECT_EQ(row.id, values[i].bsm);  // the first id field the layer has: BSM
      EXPECT_EQ(row.subject, "parcel:" + values[i].bsm);
      EXPECT_EQ(row.fids, std::vector<long long>{static_cast<long long>(i) + 1});
    }
  }

  test::TempDir dir;
  std::vector<Record> records;
  std::vector<RecordValues> values;
  std::vector<double> ellipsoidal_m2;
  std::vector<double> survey_m2;  // unrounded
};

TEST_F(LandRecords, SquareMetresAsTextWithTheUnitFromTheFieldName) {
  StatedParcelOptions options;
  options.stated_field = "area_m2";
  StatedParcelSummary summary;
  const std::vector<Check> rows = stream(dir.file("dltb.gpkg"), options, &summary);
  expect_rows(rows, Unit::SquareMetre, true, AreaMethod::Planar);
  EXPECT_EQ(summary.layer, "dltb");
  EXPECT_EQ(summary.stated_field, "area_m2");
  EXPECT_EQ(summary.unit, Unit::SquareMetre);
  EXPECT_EQ(summary.counts[0], 5);
  EXPECT_EQ(summary.counts[1], 1);
  EXPECT_EQ(summary.counts[2], 2);
  EXPECT_EQ(summary.unreadable, 1);
  EXPECT_EQ(summary.first_unreadable.where.fid, 4);
  // "1234.57" m2 accepts 1234.565 to 1234.575: the written-precision rule.
  EXPECT_NEAR(rows[0].reading.interval.low, std::stod(values[0].area_m2) - 0.005, 1e-9);
  EXPECT_NEAR(*rows[0].reading.interval.high, std::stod(values[0].area_m2) + 0.005, 1e-9);
  // One percent over: the deviation is a percent of the area, negative.
  EXPECT_NEAR(*rows[1].deviation, records[1].planar_m2() - std::stod(values[1].area_m2), 1e-9);
  EXPECT_NE(rows[2].note.find("states no area"), std::string::npos) << rows[2].note;
  EXPECT_NE(rows[3].note.find("'约1200'"), std::string::npos) << rows[3].note;
}

TEST_F(LandRecords, MuAsARealNumberTakesTheDecimalsGdalGivesIt) {
  StatedParcelOptions options;
  options.stated_field = "area_mu";
  const std::vector<Check> rows = stream(dir.file("dltb.gpkg"), options);
  expect_rows(rows, Unit::Mu, false, AreaMethod::Planar);
  // A real field states its value as GDAL gives it: 4 decimals here, so +/- 0.00005 mu.
  for (size_t i : {0u, 4u, 5u}) {
    double h = 0;
    ASSERT_TRUE(parse_written_number(rows[i].value_text, &h).has_value()) << rows[i].value_text;
    EXPECT_DOUBLE_EQ(rows[i].reading.precision, h) << rows[i].value_text;
    EXPECT_DOUBLE_EQ(rows[i].reading.value, *values[i].area_mu);
  }
}

TEST_F(LandRecords, HectaresNeedTheirUnitWhenTheNameSaysNone) {
  StatedParcelOptions options;
  options.stated_field = "mj";
  try {
    stream(dir.file("dltb.gpkg"), options);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("--unit"), std::string::npos) << error.what();
    EXPECT_EQ(error.problems()[0].where.field, "mj");
  }
  options.unit = Unit::Hectare;
  expect_rows(stream(dir.file("dltb.gpkg"), options), Unit::Hectare, true, AreaMethod::Planar);
}

TEST_F(LandRecords, TbmjIsSquareMetresByTheSurveysRuleOnItsPlane) {
  StatedParcelOptions options;
  options.stated_field = "TBMJ";
  const std::vector<Check> rows = stream(dir.file("dltb.gpkg"), options);
  expect_rows(rows, Unit::SquareMetre, false, AreaMethod::Survey);
  EXPECT_NE(rows[0].note.find("land survey's ellipsoidal area"), std::string::npos) << rows[0].note;
  EXPECT_NE(rows[0].note.find("EPSG:4549"), std::string::npos) << rows[0].note;
  // On the plane, 0.018 % larger, the same figures fail (more than 2 decimals allow), and each
  // such row says the figure is the survey's; the one 1 % over matches nothing.
  options.method = AreaMethod::Planar;
  const std::vector<Check> planar = stream(dir.file("dltb.gpkg"), options);
  EXPECT_EQ(planar[0].status, CheckStatus::Fail) << planar[0].note;
  EXPECT_NE(planar[0].note.find("; matches survey ("), std::string::npos) << planar[0].note;
  EXPECT_EQ(planar[0].note.find("matches planar"), std::string::npos) << planar[0].note;
  EXPECT_EQ(planar[1].status, CheckStatus::Fail);
  EXPECT_EQ(planar[1].note.find("matches"), std::string::npos) << planar[1].note;
}

TEST_F(LandRecords, APlanarFigureCheckedByTheSurveysRuleSaysItMatchesPlanar) {
  // area_m2 states the planar areas: by the survey's rule (or Karney's) they fail, and say what
  // they are.
  StatedParcelOptions options;
  options.stated_field = "area_m2";
  for (const AreaMethod method : {AreaMethod::Survey, AreaMethod::Ellipsoidal}) {
    options.method = method;
    const std::vector<Check> rows = stream(dir.file("dltb.gpkg"), options);
    for (const size_t i : {0u, 4u, 7u}) {
      EXPECT_EQ(rows[i].method, method);
      EXPECT_EQ(rows[i].status, CheckStatus::Fail) << rows[i].note;
      EXPECT_NE(rows[i].note.find("; matches planar ("), std::string::npos) << rows[i].note;
    }
    EXPECT_EQ(rows[1].note.find("matches"), std::string::npos) << rows[1].note;
  }
}

TEST_F(LandRecords, TbmjOnALayerInNoGaussKrugerCrsIsEllipsoidalAndSurveyIsRefused) {
  // The same records in CGCS2000 longitude/latitude (ogr2ogr): the survey's rule has no plane.
  const test::CommandResult moved = test::run({"/usr/bin/ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:4490", dir.file("lonlat.gpkg"), dir.file("dltb.gpkg")});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  StatedParcelOptions options;
  options.stated_field = "TBMJ";
  const std::vector<Check> rows = stream(dir.file("lonlat.gpkg"), options);
  ASSERT_EQ(rows.size(), records.size());
  EXPECT_EQ(rows[0].method, AreaMethod::Ellipsoidal);
  EXPECT_NE(rows[0].note.find("no Gauss-Kruger CRS"), std::string::npos) << rows[0].note;
  options.method = AreaMethod::Survey;
  try {
    stream(dir.file("lonlat.gpkg"), options);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("lonlat.gpkg"), std::string::npos) << message;
    EXPECT_NE(message.find("dltb"), std::string::npos) << message;
    EXPECT_NE(message.find("not a Gauss-Kruger plane"), std::string::npos) << message;
  }
}

TEST_F(LandRecords, AWholeNumberFieldIsExactToItsUnit) {
  StatedParcelOptions options;
  options.stated_field = "whole_m2";
  options.unit = Unit::SquareMetre;
  const std::vector<Check> rows = stream(dir.file("dltb.gpkg"), options);
  expect_rows(rows, Unit::SquareMetre, false, AreaMethod::Planar);
  // 1200 recorded is 1199.5 to 1200.5, not 1150 to 1250: a record's zeros are digits.
  EXPECT_DOUBLE_EQ(rows[0].reading.precision, 0.5);
}

TEST_F(LandRecords, TheIdFieldNamesTheRows) {
  StatedParcelOptions options;
  options.stated_field = "area_m2";
  options.id_field = "mj";
  const std::vector<Check> rows = stream(dir.file("dltb.gpkg"), options);
  EXPECT_EQ(rows[0].id, values[0].mj);
  EXPECT_EQ(rows[2].id, "3");  // no value: the FID
  options.id_field = "nope";
  EXPECT_THROW(stream(dir.file("dltb.gpkg"), options), InputError);
}

TEST_F(LandRecords, AMissingStatedFieldListsTheLayersFields) {
  StatedParcelOptions options;
  options.stated_field = "ZMJ";
  try {
    stream(dir.file("dltb.gpkg"), options);
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("dltb"), std::string::npos) << message;
    EXPECT_NE(message.find("ZMJ"), std::string::npos) << message;
    EXPECT_NE(message.find("BSM, area_m2, area_mu, TBMJ, mj, whole_m2"), std::string::npos) << message;
  }
}

TEST_F(LandRecords, WhereSelectsRecordsAndCheckStatedParcelsKeepsThem) {
  StatedParcelOptions options;
  options.stated_field = "area_m2";
  options.input.where = "BSM = '" + values[4].bsm + "'";
  const StatedParcelChecks checked = check_stated_parcels(SourceName(dir.file("dltb.gpkg")), options);
  EXPECT_EQ(checked.layer, "dltb");
  ASSERT_EQ(checked.checks.size(), 1u);
  EXPECT_EQ(checked.checks[0].fids, std::vector<long long>{5});
  EXPECT_EQ(checked.checks[0].status, CheckStatus::Pass);
}

TEST(StatedParcels, ARealFieldReadsTheDecimalsItsFieldDeclaresWhenFew) {
  // A Shapefile: DKMJ declared N(15,2), R with GDAL's default N(24,15), both holding the area
  // rounded to 2 decimals. DKMJ is read to its 2 decimals; R's 15 are a writer's default, so it
  // is read as its shortest text, not to 0.5e-15 m2 (which no area would pass).
  const Record record{614000, 3466000, 41.3, 29.17};
  const double stated = std::round(record.planar_m2() * 100) / 100;
  test::TempDir dir;
  {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    ASSERT_TRUE(driver);
    GDALDatasetUniquePtr dataset(driver->Create(dir.file("dk.shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ASSERT_TRUE(dataset);
    OGRSpatialReference crs;
    crs.importFromEPSG(4549);
    OGRLayer* layer = dataset->CreateLayer("dk", &crs, wkbPolygon, nullptr);
    OGRFieldDefn declared("DKMJ", OFTReal);
    declared.SetWidth(15);
    declared.SetPrecision(2);
    ASSERT_EQ(layer->CreateField(&declared), OGRERR_NONE);
    OGRFieldDefn plain("R", OFTReal);
    ASSERT_EQ(layer->CreateField(&plain), OGRERR_NONE);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("DKMJ", stated);
    feature.SetField("R", stated);
    OGRLinearRing ring;
    for (const test::PlaneXY& c : record.corners()) ring.addPoint(c.x, c.y);
    ring.closeRings();
    OGRPolygon polygon;
    polygon.addRing(&ring);
    feature.SetGeometry(&polygon);
    ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
  }
  StatedParcelOptions options;
  options.stated_field = "DKMJ";
  options.unit = Unit::SquareMetre;
  const std::vector<Check> declared = stream(dir.file("dk.shp"), options);
  ASSERT_EQ(declared.size(), 1u);
  EXPECT_EQ(declared[0].as_written, fixed(stated, 2));
  EXPECT_DOUBLE_EQ(declared[0].reading.precision, 0.005);
  EXPECT_EQ(declared[0].status, CheckStatus::Pass) << declared[0].note;
  options.stated_field = "R";
  const std::vector<Check> plain = stream(dir.file("dk.shp"), options);
  ASSERT_EQ(plain.size(), 1u);
  char shortest[64];
  std::snprintf(shortest, sizeof shortest, "%.15g", stated);
  EXPECT_EQ(plain[0].as_written, shortest);
  EXPECT_GE(plain[0].reading.precision, 0.005);
  EXPECT_EQ(plain[0].status, CheckStatus::Pass) << plain[0].note;
}

TEST(StatedParcels, UnitsFromFieldNames) {
  EXPECT_EQ(unit_of_field_name("stated_area_ha"), Unit::Hectare);
  EXPECT_EQ(unit_of_field_name("DKMJ_MU"), Unit::Mu);
  EXPECT_EQ(unit_of_field_name("area_m2"), Unit::SquareMetre);
  EXPECT_EQ(unit_of_field_name("tbmj"), Unit::SquareMetre);
  EXPECT_EQ(unit_of_field_name("mj"), std::nullopt);
  EXPECT_EQ(unit_of_field_name("ha"), std::nullopt);
}

TEST(StatedParcels, ANumberFieldOfACoordinateFileLayerIsRead) {
  test::TempDir dir;
  write_parcels(dir.file("real.gpkg"), 4528, parcels_on(kPlanes[0]), OFTReal);
  const StatedParcelChecks checks = check_stated_parcels(SourceName(dir.file("real.gpkg")), StatedParcelOptions{});
  ASSERT_EQ(checks.checks.size(), 3u);
  for (const Check& check : checks.checks) EXPECT_EQ(check.status, CheckStatus::Pass) << check.note;
  test::write_gpkg_layer(dir.file("plain.gpkg"), "plain", [](OGRLayer& layer) { test::add_field(layer, "id", OFTString); });
  EXPECT_FALSE(is_stated_parcel_source(SourceName(dir.file("plain.gpkg")), StatedParcelOptions{}));
  StatedParcelOptions named;
  named.layer = "plain";
  EXPECT_TRUE(is_stated_parcel_source(SourceName(dir.file("plain.gpkg")), named));  // a layer named: parcels
  EXPECT_THROW(check_stated_parcels(SourceName(dir.file("plain.gpkg")), named), InputError);
}

TEST(StatedParcels, AParkSourceIsNotOne) {
  EXPECT_FALSE(is_stated_parcel_source(SourceName(test::anting_source()), StatedParcelOptions{}));
  EXPECT_FALSE(is_stated_parcel_source(SourceName("/no/such/file.txt"), StatedParcelOptions{}));
}

}  // namespace
}  // namespace parklayers
