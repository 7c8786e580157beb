// The QML default styles: well-formed XML QGIS reads (QGIS itself loads them in
// convert_test's PyQGIS test), with the renderer and fields each layer is meant to have.
#include "parklayers/styles.h"

#include <gtest/gtest.h>

#include <cpl_minixml.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "parklayers/gdal_util.h"
#include "test_support.h"

namespace parklayers {
namespace {

struct XmlDeleter {
  void operator()(CPLXMLNode* node) const { CPLDestroyXMLNode(node); }
};
using Xml = std::unique_ptr<CPLXMLNode, XmlDeleter>;

// The <qgis> element of the layer's QML.
const CPLXMLNode* qgis_root(const Xml& doc) {
  for (const CPLXMLNode* node = doc.get(); node; node = node->psNext) {
    if (node->eType == CXT_Element && std::string(node->pszValue) == "qgis") return node;
  }
  return nullptr;
}

Xml parse(const std::string& layer) {
  const std::optional<std::string> qml = default_qml(layer);
  if (!qml) return nullptr;
  return Xml(CPLParseXMLString(qml->c_str()));
}

TEST(Styles, EveryStyledLayerHasWellFormedQml) {
  for (const std::string& layer : styled_layer_names()) {
    const Xml doc = parse(layer);
    ASSERT_TRUE(doc) << layer;
    const CPLXMLNode* root = qgis_root(doc);
    ASSERT_NE(root, nullptr) << layer;
    EXPECT_NE(CPLGetXMLNode(root, "renderer-v2"), nullptr) << layer;
  }
}

TEST(Styles, RenderersAsSpecified) {
  const auto renderer = [](const std::string& layer, const char* what) {
    const Xml doc = parse(layer);
    return std::string(CPLGetXMLValue(qgis_root(doc), (std::string("renderer-v2.") + what).c_str(), ""));
  };
  EXPECT_EQ(renderer("parcels", "type"), "categorizedSymbol");
  EXPECT_EQ(renderer("parcels", "attr"), "phase");
  EXPECT_EQ(renderer("buildings", "type"), "graduatedSymbol");
  EXPECT_EQ(renderer("buildings", "attr"), "storeys");
  EXPECT_EQ(renderer("amenities", "type"), "categorizedSymbol");
  EXPECT_NE(renderer("amenities", "attr").find("status"), std::string::npos);
  EXPECT_EQ(renderer("roads", "attr"), "kind");
  EXPECT_EQ(renderer("park_boundary", "type"), "singleSymbol");
}

TEST(Styles, ParcelsLabelledWithNameAndArea) {
  const Xml doc = parse("parcels");
  const CPLXMLNode* root = qgis_root(doc);
  EXPECT_STREQ(CPLGetXMLValue(root, "labelsEnabled", ""), "1");
  const std::string label = CPLGetXMLValue(root, "labeling.settings.text-style.fieldName", "");
  EXPECT_NE(label.find("name_zh"), std::string::npos);
  EXPECT_NE(label.find("area_mu"), std::string::npos);
}

TEST(Styles, PlannedAmenitiesLookDifferentFromExisting) {
  const std::string qml = *default_qml("amenities");
  EXPECT_NE(qml.find("canteen / planned"), std::string::npos);
  EXPECT_NE(qml.find("canteen / existing"), std::string::npos);
  EXPECT_NE(qml.find("\"outline_style\" v=\"dash\""), std::string::npos);
}

TEST(Styles, LayersWithoutStyleAndTheirFields) {
  EXPECT_FALSE(default_qml("tenants"));
  EXPECT_FALSE(default_qml("area_checks"));
  EXPECT_FALSE(default_qml("anything"));
  EXPECT_EQ(style_fields("buildings"), std::vector<std::string>{"storeys"});
}

TEST(Styles, LayerStylesTableAsQgisMakesIt) {
  ensure_gdal_registered();
  test::TempDir dir;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr dataset(driver->Create(dir.file("s.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset);
  ASSERT_NE(dataset->CreateLayer("parcels", nullptr, wkbPolygon, nullptr), nullptr);
  write_layer_styles(*dataset, {{"parcels", "geom", *default_qml("parcels")}});
  write_layer_styles(*dataset, {{"roads", "geom", *default_qml("roads")}});  // appends
  OGRLayer* table = dataset->GetLayerByName("layer_styles");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->GetFeatureCount(), 2);
  table->SetAttributeFilter("f_table_schema = '' AND f_table_name = 'parcels' AND useAsDefault = 1");
  std::unique_ptr<OGRFeature> row(table->GetNextFeature());
  ASSERT_TRUE(row);
  EXPECT_STREQ(row->GetFieldAsString("f_geometry_column"), "geom");
  EXPECT_EQ(std::string(row->GetFieldAsString("styleQML")), *default_qml("parcels"));
  EXPECT_TRUE(row->IsFieldSetAndNotNull(row->GetFieldIndex("update_time")));
}

}  // namespace
}  // namespace parklayers
