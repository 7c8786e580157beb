// SPDX-License-Identifier: GPL-2.0-or-later
// The QML default styles: well-formed XML QGIS reads (QGIS itself loads them in
// convert_test's PyQGIS test), with the renderer and fields each layer is meant to have.
#include "parklayers/park/styles.h"

#include <gtest/gtest.h>

#include <cpl_minixml.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <memory>

#include "parklayers/gis/gdal_util.h"
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

TEST(Styles, ParcelLabelsInChineseOrEnglish) {
  // Chinese by default: name_zh over the area in mu (亩) with two decimals.
  EXPECT_EQ(parcel_label_expression(LabelLanguage::Chinese),
            "coalesce(\"name_zh\", \"name_en\", \"id\") || '\\n' || format_number(\"area_mu\", 2) || ' 亩'");
  EXPECT_EQ(parcel_label_expression(LabelLanguage::English),
            "coalesce(\"name_en\", \"name_zh\", \"id\") || '\\n' || format_number(\"area_mu\", 2) || ' mu'");
  EXPECT_EQ(default_qml("parcels"), default_qml("parcels", LabelLanguage::Chinese));
  const Xml doc(CPLParseXMLString(default_qml("parcels", LabelLanguage::English)->c_str()));
  const CPLXMLNode* root = qgis_root(doc);
  EXPECT_EQ(CPLGetXMLValue(root, "labeling.settings.text-style.fieldName", ""),
            parcel_label_expression(LabelLanguage::English));
  // Every parcel keeps its label, centred over it, in bold.
  EXPECT_STREQ(CPLGetXMLValue(root, "labeling.settings.rendering.displayAll", ""), "1");
  EXPECT_STREQ(CPLGetXMLValue(root, "labeling.settings.placement.placement", ""), "1");
  EXPECT_STREQ(CPLGetXMLValue(root, "labeling.settings.text-style.fontWeight", ""), "75");
  // Only the parcels' labels depend on the language.
  EXPECT_EQ(default_qml("roads", LabelLanguage::English), default_qml("roads"));
}

TEST(Styles, HighwayWiderThanInternalRoads) {
  const Xml doc = parse("roads");
  const CPLXMLNode* renderer = CPLGetXMLNode(qgis_root(doc), "renderer-v2");
  std::map<std::string, std::string> symbol_of;  // category value -> symbol name
  for (const CPLXMLNode* c = CPLGetXMLNode(renderer, "categories")->psChild; c; c = c->psNext) {
    if (c->eType == CXT_Element) symbol_of[CPLGetXMLValue(c, "value", "")] = CPLGetXMLValue(c, "symbol", "");
  }
  std::map<std::string, double> width;  // symbol name -> line width (mm)
  for (const CPLXMLNode* s = CPLGetXMLNode(renderer, "symbols")->psChild; s; s = s->psNext) {
    if (s->eType != CXT_Element) continue;
    for (const CPLXMLNode* p = CPLGetXMLNode(s, "layer")->psChild; p; p = p->psNext) {
      if (p->eType == CXT_Element && std::string(CPLGetXMLValue(p, "k", "")) == "line_width") {
        width[CPLGetXMLValue(s, "name", "")] = CPLAtof(CPLGetXMLValue(p, "v", "0"));
      }
    }
  }
  EXPECT_GT(width.at(symbol_of.at("highway")), 2 * width.at(symbol_of.at("internal")));
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

// The style of a layer of any source: only for a layer with every field the style reads.
TEST(Styles, DefaultStyleForALayerOfAnySource) {
  ensure_gdal_registered();
  GDALDatasetUniquePtr memory(GetGDALDriverManager()->GetDriverByName("Memory")->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* roads = memory->CreateLayer("roads", nullptr, wkbLineString, nullptr);
  ASSERT_NE(roads, nullptr);
  EXPECT_FALSE(default_style_for(*roads));  // no "kind" field
  OGRFieldDefn kind("kind", OFTString);
  ASSERT_EQ(roads->CreateField(&kind), OGRERR_NONE);
  EXPECT_EQ(default_style_for(*roads), default_qml("roads"));
  OGRLayer* other = memory->CreateLayer("streets", nullptr, wkbLineString, nullptr);
  ASSERT_EQ(other->CreateField(&kind), OGRERR_NONE);
  EXPECT_FALSE(default_style_for(*other));
}

}  // namespace
}  // namespace parklayers
