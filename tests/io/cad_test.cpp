// SPDX-License-Identifier: GPL-2.0-or-later
// CAD drawings as sources (cad.h, through open_input): a red line saved by a CAD library as
// DXF 2013, with GDAL's own reading of it as the reference for what we add.
#include "parklayers/io/cad.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"
#include "parklayers/io/input.h"
#include "test_support.h"

namespace parklayers {
namespace {

std::vector<test::PlaneXY> ring_of(const OGRPolygon& polygon) {
  std::vector<test::PlaneXY> ring;
  const OGRLinearRing* exterior = polygon.getExteriorRing();
  for (int i = 0; i + 1 < exterior->getNumPoints(); ++i) ring.push_back({exterior->getX(i), exterior->getY(i)});
  return ring;
}

TEST(Cad, DxfVersionAndItsTextEncoding) {
  test::TempDir dir;
  test::write_red_line_dxf(dir.file("red.dxf"));
  EXPECT_EQ(dxf_version(dir.file("red.dxf")), "AC1027");
  EXPECT_TRUE(dxf_is_utf8(dir.file("red.dxf")));
  // Before AutoCAD 2007 (AC1021) a DXF's texts are in its code page.
  test::write_text(dir.file("r2004.dxf"), "  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n  1\nAC1018\n  0\nENDSEC\n  0\nEOF\n");
  EXPECT_EQ(dxf_version(dir.file("r2004.dxf")), "AC1018");
  EXPECT_FALSE(dxf_is_utf8(dir.file("r2004.dxf")));
  test::write_text(dir.file("bare.dxf"), "  0\nSECTION\n  2\nENTITIES\n  0\nENDSEC\n  0\nEOF\n");
  EXPECT_EQ(dxf_version(dir.file("bare.dxf")), "");
}

// GDAL 3.6 alone gives the closed polyline as a LINESTRING and the layer name garbled (read as
// CP1252); open_input gives a polygon, 红线, and the same vertices.
TEST(Cad, ClosedRedLineIsAPolygonOnLayer红线) {
  test::TempDir dir;
  const std::string dxf = dir.file("red.dxf");
  test::write_red_line_dxf(dxf);
  const InputSource source = open_input(SourceName(dxf));
  EXPECT_TRUE(source.warnings().empty());
  OGRLayer& layer = pick_layer(source.dataset(), SourceName(dxf), "");
  EXPECT_STREQ(layer.GetName(), "entities");
  EXPECT_EQ(layer.GetSpatialRef(), nullptr);  // a DXF states no CRS
  std::map<std::string, OGRwkbGeometryType> types;
  for (auto& feature : layer) {
    source.prepare(*feature);
    const std::string cad_layer = feature->GetFieldAsString("Layer");
    ASSERT_TRUE(feature->GetGeometryRef()) << cad_layer;
    types[cad_layer] = wkbFlatten(feature->GetGeometryRef()->getGeometryType());
    if (cad_layer == "红线") {
      ASSERT_EQ(types[cad_layer], wkbPolygon);
      const std::vector<test::PlaneXY> ring = ring_of(*feature->GetGeometryRef()->toPolygon());
      ASSERT_EQ(ring.size(), test::kRedLine.size());
      for (size_t i = 0; i < ring.size(); ++i) {
        EXPECT_DOUBLE_EQ(ring[i].x, test::kRedLine[i].x);
        EXPECT_DOUBLE_EQ(ring[i].y, test::kRedLine[i].y);
      }
    }
    if (cad_layer == "注记") {
      EXPECT_STREQ(feature->GetFieldAsString("Text"), "地块一");
    }
  }
  EXPECT_EQ(types.size(), 3u);
  EXPECT_EQ(types["道路"], wkbLineString);  // the open line stays a line
  EXPECT_EQ(types["注记"], wkbPoint);

  // --where picks the CAD layer by its (UTF-8) name.
  InputOptions options;
  options.where = "Layer='红线'";
  apply_where(layer, dxf, options);
  layer.ResetReading();
  EXPECT_EQ(layer.GetFeatureCount(), 1);
}

TEST(Cad, CloseDxfLineTouchesOnlyClosedPolylines) {
  OGRFeatureDefn* definition = new OGRFeatureDefn("entities");
  definition->Reference();
  OGRFieldDefn subclasses("SubClasses", OFTString);
  definition->AddFieldDefn(&subclasses);
  const auto feature_of = [definition](const char* classes, const char* wkt) {
    auto feature = std::make_unique<OGRFeature>(definition);
    feature->SetField("SubClasses", classes);
    OGRGeometry* geometry = nullptr;
    OGRGeometryFactory::createFromWkt(wkt, nullptr, &geometry);
    feature->SetGeometryDirectly(geometry);
    close_dxf_line(*feature);
    return std::string(OGRGeometryTypeToName(feature->GetGeometryRef()->getGeometryType()));
  };
  const char* closed = "LINESTRING (0 0,10 0,10 10,0 0)";
  EXPECT_EQ(feature_of("AcDbEntity:AcDbPolyline", closed), "Polygon");
  EXPECT_EQ(feature_of("AcDbEntity:AcDb2dPolyline", closed), "Polygon");
  EXPECT_EQ(feature_of("", closed), "Polygon");  // DXF R12: no subclasses
  EXPECT_EQ(feature_of("AcDbEntity:AcDbPolyline", "LINESTRING (0 0,10 0,10 10,0 1)"), "Line String");
  EXPECT_EQ(feature_of("AcDbEntity:AcDbCircle", closed), "Line String");  // a tessellated circle
  EXPECT_EQ(feature_of("AcDbEntity:AcDbPolyline", "LINESTRING (0 0,10 0,0 0)"), "Line String");
  definition->Release();
}

TEST(Cad, DwgIsRefusedWithWhatToDo) {
  test::TempDir dir;
  test::write_text(dir.file("red.dwg"), "AC1032\0\0\0\0\0");
  test::write_text(dir.file("named_wrong.dat"), std::string("AC1027", 6) + std::string(20, '\0'));
  EXPECT_TRUE(is_dwg(dir.file("red.dwg")));
  EXPECT_TRUE(is_dwg(dir.file("named_wrong.dat")));
  test::write_red_line_dxf(dir.file("red.dxf"));
  EXPECT_FALSE(is_dwg(dir.file("red.dxf")));
  try {
    open_input(SourceName(dir.file("red.dwg")));
    FAIL() << "a DWG was opened";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("red.dwg: a DWG drawing"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("save it as DXF"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace parklayers
