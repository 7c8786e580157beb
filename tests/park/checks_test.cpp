// The stated-figure checks on the bundled park, and on copies edited to fail or to be unreadable.
#include "parklayers/park/checks.h"

#include <gtest/gtest.h>

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
  const Park park = load_park(test::anting_source());
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

TEST(Checks, ParcelAreasMatchPlanimeter) {
  const Park park = load_park(test::anting_source());
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
  const Park park = load_park(source);
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
  const Park park = load_park(source);
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
    load_park(source);
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
