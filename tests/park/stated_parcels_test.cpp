// Checks of a layer of parcels stating their own areas, on GeoPackage layers with the fields of
// a coordinate file (id, name, stated_area_ha as text) in every Chinese datum and zone width.
// The parcels are made in lon/lat and projected by PROJ's cs2cs (test_support); the planar
// reference is the shoelace of the written coordinates, the ellipsoidal one Planimeter's.
#include "parklayers/park/stated_parcels.h"

#include <gtest/gtest.h>

#include <cpl_json.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "parklayers/park/report.h"
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
  ASSERT_TRUE(is_stated_parcel_source(dir.file("parcels.gpkg"), options));

  const StatedParcelChecks planar = check_stated_parcels(dir.file("parcels.gpkg"), options);
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
  const StatedParcelChecks ellipsoidal = check_stated_parcels(dir.file("parcels.gpkg"), options);
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
  const StatedParcelChecks one_off = check_stated_parcels(dir.file("one_off.gpkg"), StatedParcelOptions{});
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
  const StatedParcelChecks checks = check_stated_parcels(dir.file("lonlat.gpkg"), StatedParcelOptions{});
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
  const StatedParcelChecks checks = check_stated_parcels(dir.file("parcels.gpkg"), StatedParcelOptions{});
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

TEST(StatedParcels, BadStatedAreasNameTheirFeatureAndField) {
  test::TempDir dir;
  std::vector<Parcel> parcels = parcels_on(kPlanes[4]);
  parcels[0].stated = "0.48 ha";
  parcels[2].stated = "abc";
  write_parcels(dir.file("parcels.gpkg"), 2364, parcels);
  try {
    check_stated_parcels(dir.file("parcels.gpkg"), StatedParcelOptions{});
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    ASSERT_EQ(error.problems().size(), 2u) << message;  // every bad parcel at once
    EXPECT_NE(message.find("parcels.gpkg"), std::string::npos) << message;
    EXPECT_NE(message.find("stated_area_ha"), std::string::npos) << message;
    EXPECT_NE(message.find("'abc'"), std::string::npos) << message;
    EXPECT_EQ(error.problems()[0].where.feature_id, "1");
    EXPECT_EQ(error.problems()[1].where.feature_id, "3");
  }
}

TEST(StatedParcels, ANumberFieldOrNoFieldIsRefused) {
  test::TempDir dir;
  write_parcels(dir.file("real.gpkg"), 4528, parcels_on(kPlanes[0]), OFTReal);
  try {
    check_stated_parcels(dir.file("real.gpkg"), StatedParcelOptions{});
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("text as written"), std::string::npos) << error.what();
  }
  test::write_gpkg_layer(dir.file("plain.gpkg"), "plain", [](OGRLayer& layer) { test::add_field(layer, "id", OFTString); });
  EXPECT_FALSE(is_stated_parcel_source(dir.file("plain.gpkg"), StatedParcelOptions{}));
  StatedParcelOptions named;
  named.layer = "plain";
  EXPECT_TRUE(is_stated_parcel_source(dir.file("plain.gpkg"), named));  // a layer named: parcels
  EXPECT_THROW(check_stated_parcels(dir.file("plain.gpkg"), named), InputError);
}

TEST(StatedParcels, AParkSourceIsNotOne) {
  EXPECT_FALSE(is_stated_parcel_source(test::anting_source(), StatedParcelOptions{}));
  EXPECT_FALSE(is_stated_parcel_source("/no/such/file.txt", StatedParcelOptions{}));
}

}  // namespace
}  // namespace parklayers
