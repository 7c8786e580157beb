// SPDX-License-Identifier: GPL-2.0-or-later
// The built GeoPackage, opened again with GDAL: layers, counts, fields, areas; GDAL's own
// GeoPackage validator; overwrite rules.
#include "parklayers/park/writer.h"

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <set>

#include "parklayers/park/styles.h"
#include "parklayers/gis/version.h"
#include "test_support.h"

namespace parklayers {
namespace {

class BuiltPark : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    park_ = new Park(load_park(SourceName(test::anting_source())));
    write_park(*park_, dir_->file("anting_park.gpkg"));
  }
  static void TearDownTestSuite() {
    delete park_;
    delete dir_;
  }
  static GDALDatasetUniquePtr open() {
    return GDALDatasetUniquePtr(
        GDALDataset::Open(dir_->file("anting_park.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  }
  static test::TempDir* dir_;
  static Park* park_;
};
test::TempDir* BuiltPark::dir_ = nullptr;
Park* BuiltPark::park_ = nullptr;

TEST_F(BuiltPark, HoldsTheSevenLayers) {
  const GDALDatasetUniquePtr dataset = open();
  ASSERT_TRUE(dataset);
  std::set<std::string> names;
  for (auto&& layer : dataset->GetLayers()) names.insert(layer->GetName());
  // The seven park layers, and QGIS's layer_styles table as the eighth.
  EXPECT_EQ(names.erase("layer_styles"), 1u);
  EXPECT_EQ(names, std::set<std::string>(built_layer_names().begin(), built_layer_names().end()));
  EXPECT_EQ(dataset->GetLayerByName("parcels")->GetFeatureCount(), 3);
  EXPECT_EQ(dataset->GetLayerByName("buildings")->GetFeatureCount(), 7);
  EXPECT_EQ(dataset->GetLayerByName("amenities")->GetFeatureCount(), 8);
  EXPECT_EQ(dataset->GetLayerByName("tenants")->GetFeatureCount(), 2);
  EXPECT_EQ(dataset->GetLayerByName("area_checks")->GetFeatureCount(), 12);
  EXPECT_EQ(dataset->GetLayerByName("park_boundary")->GetFeatureCount(), 1);
  EXPECT_EQ(dataset->GetLayerByName("tenants")->GetGeomType(), wkbNone);
  EXPECT_EQ(dataset->GetLayerByName("area_checks")->GetGeomType(), wkbNone);
  EXPECT_STREQ(dataset->GetMetadataItem("PARKLAYERS_VERSION"), kVersion);
  EXPECT_EQ(std::string(dataset->GetMetadataItem("PARKLAYERS_SOURCE")), test::anting_source());
}

TEST_F(BuiltPark, CarriesQgisDefaultStyles) {
  const GDALDatasetUniquePtr dataset = open();
  OGRLayer* styles = dataset->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  EXPECT_EQ(styles->GetGeomType(), wkbNone);
  std::set<std::string> styled;
  for (auto& row : *styles) {
    const std::string table = row->GetFieldAsString("f_table_name");
    styled.insert(table);
    EXPECT_EQ(row->GetFieldAsInteger("useAsDefault"), 1) << table;
    EXPECT_STREQ(row->GetFieldAsString("f_table_schema"), "") << table;
    EXPECT_STREQ(row->GetFieldAsString("f_geometry_column"),
                 dataset->GetLayerByName(table.c_str())->GetGeometryColumn()) << table;
    EXPECT_EQ(row->GetFieldAsString("styleQML"), default_qml(table)) << table;
  }
  EXPECT_EQ(styled, std::set<std::string>(styled_layer_names().begin(), styled_layer_names().end()));
}

TEST_F(BuiltPark, ParcelAreasAreFields) {
  const GDALDatasetUniquePtr dataset = open();
  OGRLayer* parcels = dataset->GetLayerByName("parcels");
  const OGRSpatialReference* crs = parcels->GetSpatialRef();
  ASSERT_NE(crs, nullptr);
  EXPECT_STREQ(crs->GetAuthorityCode(nullptr), "4326");
  std::map<std::string, double> expected_mu = {{"P1", 15300 / kSquareMetresPerMu},
                                               {"P2", 37300 / kSquareMetresPerMu},
                                               {"P3", 13.5}};
  for (auto& feature : *parcels) {
    const std::string id = feature->GetFieldAsString("id");
    const double m2 = feature->GetFieldAsDouble("area_m2");
    EXPECT_NEAR(feature->GetFieldAsDouble("area_mu"), expected_mu.at(id), 0.001) << id;
    EXPECT_NEAR(feature->GetFieldAsDouble("area_ha"), m2 / 10000.0, 1e-12) << id;
    EXPECT_GT(feature->GetFieldAsDouble("gk_area_m2"), m2);
    EXPECT_STREQ(feature->GetFieldAsString("gk_crs"), "EPSG:4549");
    EXPECT_EQ(feature->GetFieldAsInteger("phase"), id[1] - '0');
  }
}

TEST_F(BuiltPark, AreaChecksRows) {
  const GDALDatasetUniquePtr dataset = open();
  OGRLayer* checks = dataset->GetLayerByName("area_checks");
  for (const char* field : {"id", "subject", "quantity", "stated", "unit", "low", "high", "computed",
                            "deviation", "method", "status", "rule", "source"}) {
    EXPECT_GE(checks->GetLayerDefn()->GetFieldIndex(field), 0) << field;
  }
  int pass = 0, incomplete = 0;
  for (auto& row : *checks) {
    const std::string status = row->GetFieldAsString("status");
    pass += status == "pass";
    incomplete += status == "incomplete";
    if (std::string(row->GetFieldAsString("id")) == "F01") {
      EXPECT_DOUBLE_EQ(row->GetFieldAsDouble("low"), 13.45);
      EXPECT_DOUBLE_EQ(row->GetFieldAsDouble("high"), 13.55);
      EXPECT_STREQ(row->GetFieldAsString("unit"), "mu");
      EXPECT_STREQ(row->GetFieldAsString("method"), "ellipsoidal");
    }
    if (std::string(row->GetFieldAsString("id")) == "F09") {
      EXPECT_TRUE(row->IsFieldNull(row->GetFieldIndex("method")));  // a capacity: no measured area
      EXPECT_TRUE(row->IsFieldNull(row->GetFieldIndex("high")));  // "over": no upper bound
      EXPECT_TRUE(row->IsFieldNull(row->GetFieldIndex("computed")));
    }
  }
  EXPECT_EQ(pass, 6);
  EXPECT_EQ(incomplete, 6);
}

TEST_F(BuiltPark, PassesGdalGeoPackageValidator) {
  const auto result = test::validate_gpkg(dir_->file("anting_park.gpkg"));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.err, "");
}

TEST_F(BuiltPark, LeavesNoTemporaryFiles) {
  EXPECT_EQ(dir_->list(), std::vector<std::string>{"anting_park.gpkg"});
}

TEST(WritePark, ExistingOutputNeedsOverwrite) {
  test::TempDir dir;
  const Park park = load_park(SourceName(test::anting_source()));
  const std::string out = dir.file("park.gpkg");
  test::write_text(out, "precious");
  EXPECT_THROW(write_park(park, out), InputError);
  EXPECT_EQ(test::read_text(out), "precious");
  WriteOptions options;
  options.overwrite = true;
  write_park(park, out, options);
  EXPECT_NE(test::read_text(out), "precious");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"park.gpkg"});
}

TEST(WritePark, RefusesFormatsThatHoldOneLayer) {
  test::TempDir dir;
  const Park park = load_park(SourceName(test::anting_source()));
  EXPECT_THROW(write_park(park, dir.file("park.geojson")), InputError);
  EXPECT_TRUE(dir.list().empty());
}

// The schema `build -o PG:` writes by default: the bundled park's is anting_park (as `build -f`
// names its outputs), any other park's its folder's name.
TEST(DefaultParkSchema, BundledParkOrFolderName) {
  EXPECT_EQ(default_park_schema(test::anting_source()), "anting_park");
  EXPECT_EQ(default_park_schema(test::anting_source() + "/"), "anting_park");
  test::TempDir dir;
  const std::string copy = test::copy_anting(dir);
  EXPECT_EQ(default_park_schema(copy), "anting");
  EXPECT_EQ(default_park_schema(copy + "/"), "anting");
}

}  // namespace
}  // namespace parklayers
