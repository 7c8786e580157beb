// SPDX-License-Identifier: GPL-2.0-or-later
// What a picked source holds (a park, a layer of parcels stating areas, other layers), and the
// layers of the last shown as they are, refused without a CRS.
#include "parklayers/park/source_kind.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "test_support.h"

namespace parklayers {
namespace {

TEST(SourceKind, FoldersAndDatasetsWithParcelsAreParks) {
  test::TempDir dir;
  const StatedParcelOptions options;
  EXPECT_EQ(source_kind(SourceName(test::copy_anting(dir)), options), SourceKind::Park);
  test::write_square_parcels(dir.file("built.gpkg"), "parcels", 2);
  EXPECT_EQ(source_kind(SourceName(dir.file("built.gpkg")), options), SourceKind::Park);
  // Read as a park, so that reading it says what is wrong.
  EXPECT_EQ(source_kind(SourceName(dir.file("missing.gpkg")), options), SourceKind::Park);
  test::write_text(dir.file("empty.geojson"), "");
  EXPECT_EQ(source_kind(SourceName(dir.file("empty.geojson")), options), SourceKind::Park);
}

TEST(SourceKind, CoordinateFilesAndStatedAreaLayersAreStatedParcels) {
  test::TempDir dir;
  const std::vector<test::StatedParcel> parcels = test::stated_parcels(4490, 4528, 120);
  test::write_text(dir.file("红线.txt"), test::to_gbk(test::coordinate_file("2000国家大地坐标系", 3, 40, parcels)));
  EXPECT_EQ(source_kind(SourceName(dir.file("红线.txt")), {}), SourceKind::StatedParcels);
  test::write_stated_parcels(dir.file("stated.gpkg"), 4528, parcels);
  EXPECT_EQ(source_kind(SourceName(dir.file("stated.gpkg")), {}), SourceKind::StatedParcels);
  // A land-survey package: the 图斑 layer states TBMJ among layers that state nothing.
  test::write_gpkg_layer(dir.file("package.gpkg"), "DLTB", [](OGRLayer& layer) { test::add_field(layer, "TBMJ", OFTReal); },
                         wkbPolygon, 4528);
  ASSERT_EQ(test::run({"/usr/bin/ogr2ogr", "-update", "-nln", "XZQ", dir.file("package.gpkg"), dir.file("stated.gpkg")}).exit_code, 0);
  EXPECT_EQ(source_kind(SourceName(dir.file("package.gpkg")), {}), SourceKind::StatedParcels);
  const std::optional<StatedLayer> found = find_stated_layer(SourceName(dir.file("package.gpkg")), {});
  ASSERT_TRUE(found);  // XZQ, a copy of stated.gpkg's parcels, states stated_area_ha: it comes first
  EXPECT_EQ(found->layer, "XZQ");
  EXPECT_EQ(found->field, "stated_area_ha");
  StatedParcelOptions tbmj;
  tbmj.stated_field = "tbmj";
  ASSERT_TRUE(find_stated_layer(SourceName(dir.file("package.gpkg")), tbmj));
  EXPECT_EQ(find_stated_layer(SourceName(dir.file("package.gpkg")), tbmj)->layer, "DLTB");
  EXPECT_EQ(find_stated_layer(SourceName(dir.file("package.gpkg")), tbmj)->field, "TBMJ");
  // Two layers stating the field: neither is chosen.
  ASSERT_EQ(test::run({"/usr/bin/ogr2ogr", "-update", "-nln", "DLTB2", dir.file("package.gpkg"), dir.file("package.gpkg"), "DLTB"}).exit_code, 0);
  EXPECT_FALSE(find_stated_layer(SourceName(dir.file("package.gpkg")), tbmj));
}

TEST(SourceKind, OtherDatasetsAreLayersRefusedWithoutCrs) {
  test::TempDir dir;
  test::write_text(dir.file("roads.geojson"), test::geojson_of_wkt({"LINESTRING (121.18 31.31, 121.19 31.32)"}));
  EXPECT_EQ(source_kind(SourceName(dir.file("roads.geojson")), {}), SourceKind::Layers);
  EXPECT_EQ(spatial_layers(SourceName(dir.file("roads.geojson")), {}), std::vector<std::string>{"roads"});

  test::write_red_line_dxf(dir.file("红线.dxf"));
  EXPECT_EQ(source_kind(SourceName(dir.file("红线.dxf")), {}), SourceKind::Layers);
  InputOptions options;
  options.assign_crs_hint = "in the CRS field";
  try {
    spatial_layers(SourceName(dir.file("红线.dxf")), options);
    ADD_FAILURE() << "a DXF without CRS is refused";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("entities"), std::string::npos) << message;
    EXPECT_NE(message.find("give it one in the CRS field"), std::string::npos) << message;
    EXPECT_NE(message.find("EPSG:4528"), std::string::npos) << message;  // the red line's zone 40
  }
  options.assign_crs = "EPSG:4528";
  EXPECT_EQ(spatial_layers(SourceName(dir.file("红线.dxf")), options), std::vector<std::string>{"entities"});

  // A table alone has nothing to show on a map.
  test::write_text(dir.file("tenants.csv"), "id,name\n1,A\n");
  EXPECT_EQ(source_kind(SourceName(dir.file("tenants.csv")), {}), SourceKind::Layers);
  EXPECT_THROW(spatial_layers(SourceName(dir.file("tenants.csv")), {}), InputError);
}

}  // namespace
}  // namespace parklayers
