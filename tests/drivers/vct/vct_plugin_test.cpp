// SPDX-License-Identifier: GPL-2.0-or-later
// The GDAL plugin ogr_VCT.so in GDAL's own programs, with no Park Layers code of theirs:
// `ogrinfo` and `ogr2ogr` find it through GDAL_DRIVER_PATH, as they find it in GDAL's plugin
// folder once installed. The VCT files are written here as text (vct_text.h); outputs are
// reopened with GDAL and compared with the numbers written.
#include <cstdlib>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "parklayers/drivers/vct.h"
#include "parklayers/gis/gdal_util.h"
#include "test_support.h"
#include "vct_text.h"

namespace parklayers {
namespace {

test::CommandResult gdal(std::vector<std::string> args) {
  args.insert(args.begin(), {"/usr/bin/env", "GDAL_DRIVER_PATH=" PARKLAYERS_TEST_GDAL_PLUGIN_DIR});
  return test::run(args);
}

GDALDatasetUniquePtr open(const std::string& path) {
  ensure_gdal_registered();
  RegisterOGRVCT();
  return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

TEST(VctPlugin, ListedByOgrinfoWithoutErrors) {
  const test::CommandResult formats = gdal({"ogrinfo", "--formats"});
  ASSERT_EQ(formats.exit_code, 0) << formats.err;
  EXPECT_NE(formats.out.find("VCT -vector- (rw+v): Chinese geospatial exchange format VCT (GB/T 17798)"),
            std::string::npos)
      << formats.out;
  EXPECT_EQ(formats.err, "");
  test::TempDir empty;
  EXPECT_EQ(
      test::run({"/usr/bin/env", "GDAL_DRIVER_PATH=" + empty.path(), "ogrinfo", "--formats"}).out.find("VCT -vector-"),
      std::string::npos);
}

// What GDAL says of the driver: its names, its help topic (the page in our docs), what it can do,
// the field types it takes and its creation options.
TEST(VctPlugin, GdalinfoDescribesTheFormat) {
  const test::CommandResult format = gdal({"gdalinfo", "--format", "VCT"});
  ASSERT_EQ(format.exit_code, 0) << format.err;
  EXPECT_EQ(format.err, "");
  for (const char* text : {"  Short Name: VCT\n", "  Long Name: Chinese geospatial exchange format VCT (GB/T 17798)\n",
                           "  Extension: vct\n", "  Help Topic: docs/drivers/vct.md\n",
                           "  Supports: Create() - Create writable dataset.\n",
                           "  Supports: Virtual IO - eg. /vsimem/\n", "  Supports: Multiple vector layers.\n",
                           "  Creation Field Datatypes: Integer Integer64 Real String Date DateTime Time\n",
                           "<Option name=\"ENCODING\" type=\"string-select\" default=\"GBK\"", "<Option name=\"SRS\"",
                           "<Option name=\"FEATURE_CODE\""}) {
    EXPECT_NE(format.out.find(text), std::string::npos) << text << "\n" << format.out;
  }
  EXPECT_FALSE(test::read_text(std::string(PARKLAYERS_TEST_SOURCE_DIR) + "/docs/drivers/vct.md").empty());
}

TEST(VctPlugin, OgrinfoOpensTheLayers) {
  test::TempDir dir;
  const std::string path = dir.file("sample.vct");
  test::write_text(path, test::to_gbk(vcttest::text_of(vcttest::sample())));
  const test::CommandResult summary = gdal({"ogrinfo", "-ro", "-al", "-so", path});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  for (const char* text : {"using driver `VCT' successful", "Layer name: DLTB", "Geometry: Polygon", "Feature Count: 2",
                           "ID[\"EPSG\",4527]", "DLBM: String (5.0)", "TBMJ: Real (15.2)"}) {
    EXPECT_NE(summary.out.find(text), std::string::npos) << text << "\n" << summary.out;
  }
  const test::CommandResult features = gdal({"ogrinfo", "-ro", "-al", path});
  ASSERT_EQ(features.exit_code, 0) << features.err;
  for (const char* text : {"OGRFeature(DLTB):1", "DLMC (String) = 水田", "ZLDWMC (String) = 某村,一组",
                           "OGRFeature(DLTB):2", "DLMC (String) = 果园"}) {
    EXPECT_NE(features.out.find(text), std::string::npos) << text << "\n" << features.out;
  }
  EXPECT_EQ(features.err, "");
}

// VCT -> GeoPackage -> VCT with GDAL's ogr2ogr: every vertex and value kept; the areas those of
// the rings written.
TEST(VctPlugin, RoundTripThroughGeoPackage) {
  test::TempDir dir;
  const vcttest::Spec spec = vcttest::sample();
  const std::string path = dir.file("sample.vct");
  test::write_text(path, test::to_gbk(vcttest::text_of(spec)));
  const test::CommandResult to_gpkg = gdal({"ogr2ogr", "-f", "GPKG", dir.file("s.gpkg"), path});
  ASSERT_EQ(to_gpkg.exit_code, 0) << to_gpkg.err;
  const test::CommandResult back = gdal({"ogr2ogr", "-f", "VCT", dir.file("back.vct"), dir.file("s.gpkg")});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.err, "");
  GDALDatasetUniquePtr a = open(path), g = open(dir.file("s.gpkg")), b = open(dir.file("back.vct"));
  ASSERT_TRUE(a && g && b);
  EXPECT_STREQ(b->GetDriver()->GetDescription(), "VCT");
  OGRLayer& la = *a->GetLayer(0);
  OGRLayer& lb = *b->GetLayerByName("DLTB");
  EXPECT_STREQ(lb.GetSpatialRef()->GetAuthorityCode(nullptr), "4527");
  ASSERT_EQ(lb.GetFeatureCount(), 2);
  for (const vcttest::PolygonObject& object : spec.polygons) {
    const GIntBig fid = std::atoll(object.bsm.c_str());
    OGRFeatureUniquePtr fa(la.GetFeature(fid)), fg(g->GetLayer(0)->GetFeature(fid)), fb(lb.GetFeature(fid));
    ASSERT_TRUE(fa && fg && fb) << fid;
    EXPECT_NEAR(fb->GetGeometryRef()->toPolygon()->get_Area(), vcttest::area(object.rings), 1e-7);
    const auto va = test::vertices(*fa->GetGeometryRef()), vb = test::vertices(*fb->GetGeometryRef());
    ASSERT_EQ(va.size(), vb.size());
    for (size_t i = 0; i < va.size(); ++i) {
      EXPECT_EQ(va[i].x, vb[i].x) << i;
      EXPECT_EQ(va[i].y, vb[i].y) << i;
    }
    ASSERT_EQ(fb->GetFieldCount(), fa->GetFieldCount());
    for (int i = 0; i < fa->GetFieldCount(); ++i) {
      const char* name = fa->GetFieldDefnRef(i)->GetNameRef();
      EXPECT_EQ(fb->IsFieldNull(i), fa->IsFieldNull(i)) << name;
      if (fa->GetFieldDefnRef(i)->GetType() == OFTReal) {
        // GeoPackage keeps the number, not the width and precision it was printed with.
        EXPECT_EQ(fb->GetFieldAsDouble(i), fa->GetFieldAsDouble(i)) << name;
        EXPECT_EQ(fg->GetFieldAsDouble(name), fa->GetFieldAsDouble(i)) << name;
      } else {
        EXPECT_STREQ(fb->GetFieldAsString(i), fa->GetFieldAsString(i)) << name;
        EXPECT_STREQ(fg->GetFieldAsString(name), fa->GetFieldAsString(i)) << name;
      }
    }
  }
  // GBK by default.
  EXPECT_FALSE(CPLIsUTF8(test::read_text(dir.file("back.vct")).c_str(), -1));
}

TEST(VctPlugin, Ogr2ogrCannotUpdateAVctFile) {
  test::TempDir dir;
  const std::string text = vcttest::text_of(vcttest::sample());
  test::write_text(dir.file("a.vct"), text);
  test::write_text(dir.file("b.vct"), text);
  const test::CommandResult append = gdal({"ogr2ogr", "-append", dir.file("a.vct"), dir.file("b.vct")});
  EXPECT_NE(append.exit_code, 0);
  EXPECT_NE(append.err.find("VCT: " + dir.file("a.vct") + ": the driver opens VCT files read-only"), std::string::npos)
      << append.err;
  EXPECT_EQ(test::read_text(dir.file("a.vct")), text);
}

}  // namespace
}  // namespace parklayers
