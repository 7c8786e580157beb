// SPDX-License-Identifier: GPL-2.0-or-later
// The stated-figure checks on the bundled park, and on copies edited to fail or to be unreadable.
#include "parklayers/park/checks.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "parklayers/park/park.h"
#include "test_support.h"

namespace parklayers {
namespace {

const Check& by_id(const std::vector<Check>& checks, const std::string& id) {
  for (const Check& check : checks) {
    if (check.id == id) return check;
  }
  throw std::out_of_range("no check " + id);
}

TEST(Checks, BundledAntingPasses) {
  const Park park = load_park(SourceName(test::anting_source()));
  ASSERT_EQ(park.checks.size(), 12u);
  EXPECT_TRUE(all_pass(park.checks));
  // The five figures the geometry and attributes can verify.
  for (const char* id : {"F01", "F02", "F03", "F04", "F10", "F11"}) {
    EXPECT_EQ(by_id(park.checks, id).status, CheckStatus::Pass) << id;
  }
  // Counts, money, a tenant with no known building and a capacity stated only as "over".
  for (const char* id : {"F05", "F06", "F07", "F08", "F09", "F12"}) {
    EXPECT_EQ(by_id(park.checks, id).status, CheckStatus::Incomplete) << id;
    EXPECT_FALSE(by_id(park.checks, id).computed.has_value()) << id;
    EXPECT_FALSE(by_id(park.checks, id).note.empty()) << id;
  }
  const Check& f01 = by_id(park.checks, "F01");
  EXPECT_EQ(f01.reading.unit, Unit::Mu);
  // Phase 3 is modelled as 9,000 m2 (Planimeter: 9000.0239 m2), i.e. 13.5 mu.
  EXPECT_NEAR(*f01.computed, 13.5, 1e-4);
  EXPECT_NEAR(*by_id(park.checks, "F03").computed, 25000.0, 1e-9);
  EXPECT_NEAR(*by_id(park.checks, "F04").computed, 89000.0, 1e-9);
}

// A synthetic park whose every check is derived by hand here, not from the park's own numbers
// (the bundled geometry was fitted to its figures, so it proves little alone). Two rectangles on
// the central meridian of the CGCS2000 Gauss-Kruger zone 120E (EPSG:4549), where the projection's
// scale is 1 to within 1e-10 over 100 m, so their ellipsoidal areas are the planar ones:
//   P1  100 m x 150 m = 15,000 m2 = 22.5 mu = 1.5 ha      (phase 1)
//   P2   60 m x 100 m =  6,000 m2 =  9 mu   = 0.6 ha      (phase 2)
// Buildings B1 (phase 1, 8,000 m2 of floor) and B2 (phase 2, 3,500 m2): 11,500 m2 in all.
// The figures, read by their wording (half a unit of the last significant digit; "about" the
// wider of that and 5 %; "nearly" at most the figure, down by the wider of that and 10 %):
//   S1 "22.5 mu"              +/- 0.05      [22.45, 22.55]   computed 22.5    pass
//   S2 "about 0.6 ha"         0.05 > 3 %    [0.55, 0.65]     computed 0.6     pass
//   S3 "10.0 mu" for phase 2  +/- 0.05      [9.95, 10.05]    computed 9       fail, deviation -1 mu
//   S4 "8,000 m2" of floor    +/- 500       [7500, 8500]     computed 8,000   pass
//   S5 "nearly 12,000 m2"     10 % > 500    [10800, 12000]   computed 11,500  pass
//   S6 "nearly 11,000 m2"     10 % > 500    [9900, 11000]    computed 11,500  fail (more than it)
//   S7 "over 20,000 m2" land  more than it  (20000, -)       computed 21,000  pass
//   S8 "2 ha" of land         +/- 0.5       [1.5, 2.5]       computed 2.1     pass
TEST(Checks, SyntheticParkDerivedByHand) {
  test::TempDir dir;
  const std::string source = dir.file("synthetic");
  std::filesystem::create_directory(source);
  const std::string crs = R"("crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}}, )";
  // Rectangles as (easting, northing) corners around easting 500000 (the central meridian).
  const auto rectangle = [](double x0, double y0, double width, double height) {
    const auto p = [](double x, double y) { return "[" + std::to_string(x) + ", " + std::to_string(y) + "]"; };
    return "[[" + p(x0, y0) + ", " + p(x0 + width, y0) + ", " + p(x0 + width, y0 + height) + ", " +
           p(x0, y0 + height) + ", " + p(x0, y0) + "]]";
  };
  const std::string common = R"("provenance": "modelled", "accuracy_m": 1)";
  test::write_text(source + "/parcels.geojson",
                   "{\"type\": \"FeatureCollection\", " + crs + "\"features\": [" +
                       R"({"type": "Feature", "properties": {"id": "P1", "phase": 1, )" + common +
                       R"(}, "geometry": {"type": "Polygon", "coordinates": )" +
                       rectangle(499950, 3465000, 100, 150) + "}}, " +
                       R"({"type": "Feature", "properties": {"id": "P2", "phase": 2, )" + common +
                       R"(}, "geometry": {"type": "Polygon", "coordinates": )" +
                       rectangle(499970, 3465200, 60, 100) + "}}]}");
  test::write_text(source + "/buildings.geojson",
                   "{\"type\": \"FeatureCollection\", " + crs + "\"features\": [" +
                       R"({"type": "Feature", "properties": {"id": "B1", "parcel_id": "P1", "phase": 1, "gfa_m2": 8000, )" +
                       common + R"(}, "geometry": {"type": "Polygon", "coordinates": )" +
                       rectangle(499960, 3465010, 40, 50) + "}}, " +
                       R"({"type": "Feature", "properties": {"id": "B2", "parcel_id": "P2", "phase": 2, "gfa_m2": 3500, )" +
                       common + R"(}, "geometry": {"type": "Polygon", "coordinates": )" +
                       rectangle(499980, 3465210, 30, 40) + "}}]}");
  test::write_text(source + "/roads.geojson",
                   "{\"type\": \"FeatureCollection\", " + crs + "\"features\": [" +
                       R"({"type": "Feature", "properties": {"id": "R1", "kind": "internal", )" + common +
                       R"(}, "geometry": {"type": "LineString", "coordinates": [[499940, 3465000], [499940, 3465300]]}}]})");
  test::write_text(source + "/amenities.geojson",
                   "{\"type\": \"FeatureCollection\", " + crs + "\"features\": [" +
                       R"({"type": "Feature", "properties": {"id": "A1", "kind": "canteen", "status": "planned", )" +
                       common + R"(}, "geometry": {"type": "Point", "coordinates": [499990, 3465050]}}]})");
  test::write_text(source + "/tenants.csv", "id,name_en,provenance\nT1,A tenant,published\n");
  test::write_text(source + "/stated_figures.csv",
                   "id,subject,quantity,value,qualifier,unit,as_written,title,publisher\n"
                   "S1,parcel_phase:1,land_area,22.5,,mu,22.5 mu,t,p\n"
                   "S2,parcel_phase:2,land_area,0.6,about,ha,about 0.6 ha,t,p\n"
                   "S3,parcel_phase:2,land_area,10.0,,mu,10.0 mu,t,p\n"
                   "S4,building_phase:1,floor_area,\"8,000\",,m2,\"8,000 m2\",t,p\n"
                   "S5,park,floor_area,\"12,000\",nearly,m2,\"nearly 12,000 m2\",t,p\n"
                   "S6,park,floor_area,\"11,000\",nearly,m2,\"nearly 11,000 m2\",t,p\n"
                   "S7,park,land_area,\"20,000\",over,m2,\"over 20,000 m2\",t,p\n"
                   "S8,park,land_area,2,,ha,2 ha,t,p\n");

  const Park park = load_park(SourceName(source));
  ASSERT_EQ(park.checks.size(), 8u);
  struct Expected {
    const char* id;
    double computed, low;
    std::optional<double> high;
    CheckStatus status;
  };
  const Expected expected[] = {
      {"S1", 22.5, 22.45, 22.55, CheckStatus::Pass},
      {"S2", 0.6, 0.55, 0.65, CheckStatus::Pass},
      {"S3", 9.0, 9.95, 10.05, CheckStatus::Fail},
      {"S4", 8000, 7500, 8500, CheckStatus::Pass},
      {"S5", 11500, 10800, 12000, CheckStatus::Pass},
      {"S6", 11500, 9900, 11000, CheckStatus::Fail},
      {"S7", 21000, 20000, std::nullopt, CheckStatus::Pass},
      {"S8", 2.1, 1.5, 2.5, CheckStatus::Pass},
  };
  for (const Expected& e : expected) {
    const Check& check = by_id(park.checks, e.id);
    SCOPED_TRACE(e.id);
    ASSERT_TRUE(check.computed);
    // Areas to 1e-6 relative (the projection's scale and the edges' curvature are far smaller);
    // floor areas exactly.
    EXPECT_NEAR(*check.computed, e.computed, 1e-6 * e.computed);
    EXPECT_NEAR(check.reading.interval.low, e.low, 1e-9 * e.low);
    EXPECT_EQ(check.reading.interval.high.has_value(), e.high.has_value());
    if (e.high) {
      EXPECT_NEAR(*check.reading.interval.high, *e.high, 1e-9 * *e.high);
    }
    EXPECT_EQ(check.status, e.status);
  }
  EXPECT_NEAR(*by_id(park.checks, "S3").deviation, -1.0, 1e-6);
  EXPECT_FALSE(all_pass(park.checks));
}

TEST(Checks, ParcelAreasMatchPlanimeter) {
  const Park park = load_park(SourceName(test::anting_source()));
  for (size_t i = 0; i < park.source.parcels.rows.size(); ++i) {
    test::LatLonRing ring;
    const OGRLinearRing* exterior = park.source.parcels.rows[i].geometry->toPolygon()->getExteriorRing();
    for (int k = 0; k + 1 < exterior->getNumPoints(); ++k) ring.emplace_back(exterior->getY(k), exterior->getX(k));
    const double reference = std::fabs(test::planimeter_area(ring));
    EXPECT_NEAR(park.parcel_areas[i].area_m2, reference, 1e-6 * reference);
  }
}

TEST(Checks, AFigureOutsideItsIntervalFails) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "F01,parcel_phase:3,land_area,13.5,",
                        "F01,parcel_phase:3,land_area,14.5,");
  const Park park = load_park(SourceName(source));
  EXPECT_EQ(by_id(park.checks, "F01").status, CheckStatus::Fail);
  EXPECT_NEAR(*by_id(park.checks, "F01").deviation, -1.0, 1e-3);
  EXPECT_FALSE(all_pass(park.checks));
}

TEST(Checks, KnownBuildingMakesTheTenantCheckable) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  // Were Juncell known to occupy B2-1 (16,000 m2 modelled), "over 16,000" would fail: 16,000
  // is not over 16,000. This is a test of the rule, not a claim about the tenant.
  test::replace_in_file(source + "/tenants.csv", "上海君赛生物股份有限公司,,", "上海君赛生物股份有限公司,B2-1,");
  const Park park = load_park(SourceName(source));
  const Check& f12 = by_id(park.checks, "F12");
  ASSERT_TRUE(f12.computed.has_value());
  EXPECT_DOUBLE_EQ(*f12.computed, 16000.0);
  EXPECT_EQ(f12.status, CheckStatus::Fail);
}

TEST(Checks, UnreadableFiguresAreNamed) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/stated_figures.csv", "F01,parcel_phase:3,land_area,13.5,,mu",
                        "F01,parcel_phase:3,land_area,13.5,,acres");
  test::replace_in_file(source + "/stated_figures.csv", "F10,parcel_phase:1", "F10,parcel_phase:9");
  test::replace_in_file(source + "/stated_figures.csv", "F03,building_phase:3,floor_area", "F03,building_phase:3,height");
  try {
    load_park(SourceName(source));
    FAIL() << "no InputError";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("feature 1 (id 'F01'): field 'unit': unknown unit 'acres'"), std::string::npos) << message;
    EXPECT_NE(message.find("(id 'F10'): field 'subject': subject 'parcel_phase:9': no parcel has phase 9"), std::string::npos) << message;
    EXPECT_NE(message.find("(id 'F03'): field 'quantity': unknown quantity 'height'"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace parklayers

namespace parklayers {
namespace {

TEST(Checks, ParkFiguresAreCheckedOnTheEllipsoidOnly) {
  EXPECT_TRUE(park_checks_accept(AreaMethod::Ellipsoidal));
  EXPECT_FALSE(park_checks_accept(AreaMethod::Planar));
  // And every land-area check of a park says it was measured so.
  const Park park = load_park(SourceName(test::anting_source()));
  int land = 0;
  for (const Check& check : park.checks) {
    if (check.quantity != "land_area") continue;
    ++land;
    ASSERT_TRUE(check.method.has_value()) << check.id;
    EXPECT_TRUE(park_checks_accept(*check.method)) << check.id;
  }
  EXPECT_GT(land, 0);
}

}  // namespace
}  // namespace parklayers
