// SPDX-License-Identifier: GPL-2.0-or-later
// Cross-layer rules of a park: overlapping parcels, buildings outside their parcel, unknown
// references; the boundary as the union of parcels.
#include "parklayers/park/park.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace parklayers {
namespace {

std::string error_of(const std::string& source) {
  try {
    load_park(SourceName(source));
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

// Replaces the coordinates of feature `id` in a GeoJSON file.
void set_coordinates(const std::string& file, const std::string& id, const std::string& coordinates) {
  std::string text = test::read_text(file);
  const size_t start = text.find("\"coordinates\"", text.find("\"id\":\"" + id + "\""));
  ASSERT_NE(start, std::string::npos);
  const size_t end = text.find("]]]", start) + 3;
  text.replace(start, end - start, "\"coordinates\":" + coordinates);
  test::write_text(file, text);
}

std::string exterior_of(const Park& park, size_t parcel) {
  const OGRLinearRing* ring = park.source.parcels.rows[parcel].geometry->toPolygon()->getExteriorRing();
  std::string out = "[[";
  for (int i = 0; i < ring->getNumPoints(); ++i) {
    char point[80];
    std::snprintf(point, sizeof point, "%s[%.9f,%.9f]", i ? "," : "", ring->getX(i), ring->getY(i));
    out += point;
  }
  return out + "]]";
}

TEST(Park, BoundaryIsTheUnionOfParcels) {
  const Park park = load_park(SourceName(test::anting_source()));
  double sum = 0;
  for (const FeatureArea& area : park.parcel_areas) sum += area.area_m2;
  // The modelled parcels are disjoint, so the union's area is their sum.
  EXPECT_NEAR(park.boundary_area.area_m2, sum, 1e-6 * sum);
  EXPECT_NEAR(sum, 15300 + 37300 + 9000, 1.0);
  ASSERT_TRUE(park.boundary_area.gk_area_m2.has_value());
  EXPECT_EQ(park.boundary_area.gk_zone.epsg, 4549);
  // Planar GK area near Anting is about 0.03 % above the ellipsoidal area.
  const double ratio = *park.boundary_area.gk_area_m2 / park.boundary_area.area_m2;
  EXPECT_GT(ratio, 1.0002);
  EXPECT_LT(ratio, 1.0005);
}

TEST(Park, OverlappingParcelsAreRefused) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  const Park park = load_park(SourceName(source));
  // P3 given P2's outline: they overlap completely.
  set_coordinates(source + "/parcels.geojson", "P3", exterior_of(park, 1));
  const std::string error = error_of(source);
  EXPECT_NE(error.find("feature 1 (id 'P2'): overlaps parcel 'P3' by 37300"), std::string::npos) << error;
}

// P3 redrawn to share P2's east edge (121.1869232 31.3098015 to 121.1864789 31.3111503), or to
// reach `shift` degrees west past it: a strip of shift x 150 m.
std::string p3_beside_p2(double shift) {
  char text[400];
  std::snprintf(text, sizeof text,
                "[[[%.12f,31.3098015],[121.1876954,31.3102401],[121.1873278,31.3113563],[%.12f,31.3111503],"
                "[%.12f,31.3098015]]]",
                121.1869232 - shift, 121.1864789 - shift, 121.1869232 - shift);
  return text;
}

TEST(Park, ParcelsSharingAnEdgeOrOverlappingByRoundingAreNotRefused) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  for (const double shift : {0.0, 1e-10}) {  // touching; 1e-5 m x 150 m, about 0.0015 m2
    set_coordinates(source + "/parcels.geojson", "P3", p3_beside_p2(shift));
    EXPECT_NO_THROW(load_park(SourceName(source))) << shift;
  }
  // 1e-7 degrees (about a centimetre) over 150 m: some 1.5 m2, refused.
  set_coordinates(source + "/parcels.geojson", "P3", p3_beside_p2(1e-7));
  const std::string error = error_of(source);
  EXPECT_NE(error.find("feature 1 (id 'P2'): overlaps parcel 'P3' by 1."), std::string::npos) << error;
}

TEST(Park, BuildingOutsideItsParcelIsRefused) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/buildings.geojson", "\"parcel_id\":\"P1\"", "\"parcel_id\":\"P3\"");
  const std::string error = error_of(source);
  EXPECT_NE(error.find("field 'phase': phase 1 differs from phase 3 of its parcel 'P3'"), std::string::npos) << error;
  EXPECT_NE(error.find("the footprint is not inside its parcel 'P3'"), std::string::npos) << error;
}

TEST(Park, UnknownReferencesAreRefused) {
  test::TempDir dir;
  const std::string source = test::copy_anting(dir);
  test::replace_in_file(source + "/buildings.geojson", "\"parcel_id\":\"P2\"", "\"parcel_id\":\"P9\"");
  test::replace_in_file(source + "/tenants.csv", "上海杏脉信息科技有限公司,,", "上海杏脉信息科技有限公司,B9,");
  const std::string error = error_of(source);
  EXPECT_NE(error.find("field 'parcel_id': no parcel has id 'P9'"), std::string::npos) << error;
  EXPECT_NE(error.find("tenants.csv: layer 'tenants': feature 2 (id 'T2'): field 'bldg_id': no building has id 'B9'"),
            std::string::npos)
      << error;
}

}  // namespace
}  // namespace parklayers
