// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/park/styles.h"

#include <stdexcept>
#include <utility>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/park/schema.h"

namespace parklayers {
namespace {

// QGIS's 3.22 version string; QGIS reads older and newer QML alike, the version only tells it
// which upgrades to apply (none from 3.22).
constexpr const char* kQgisVersion = "3.22.16-Białowieża";

std::string xml_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string prop(const std::string& key, const std::string& value) {
  return "          <prop k=\"" + key + "\" v=\"" + xml_escape(value) + "\"/>\n";
}

// Symbol properties are written as <prop k v>, the form every QGIS 3 release reads.
std::string symbol(const std::string& type, const std::string& name, const std::string& layer_class,
                   const std::vector<std::pair<std::string, std::string>>& props) {
  std::string out = "      <symbol type=\"" + type + "\" name=\"" + name +
                    "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
                    "        <layer class=\"" + layer_class + "\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
  for (const auto& [key, value] : props) out += prop(key, value);
  out += "        </layer>\n      </symbol>\n";
  return out;
}

std::string fill(const std::string& name, const std::string& color, const std::string& outline,
                 const std::string& outline_width, const std::string& style = "solid") {
  return symbol("fill", name, "SimpleFill",
                {{"color", color}, {"style", style}, {"outline_color", outline},
                 {"outline_style", "solid"}, {"outline_width", outline_width},
                 {"outline_width_unit", "MM"}, {"joinstyle", "bevel"}});
}

std::string line(const std::string& name, const std::string& color, const std::string& width,
                 const std::string& style = "solid") {
  return symbol("line", name, "SimpleLine",
                {{"line_color", color}, {"line_width", width}, {"line_width_unit", "MM"},
                 {"line_style", style}, {"capstyle", "round"}, {"joinstyle", "round"}});
}

// Planned amenities are hollow with a dashed outline, existing ones filled: the difference
// shows in print and to colour-blind readers, not through colour alone.
std::string marker(const std::string& name, const std::string& color, bool planned) {
  return symbol("marker", name, "SimpleMarker",
                {{"name", "circle"}, {"size", "3.2"}, {"size_unit", "MM"},
                 {"color", planned ? "255,255,255,0" : color}, {"outline_color", color},
                 {"outline_style", planned ? "dash" : "solid"},
                 {"outline_width", planned ? "0.6" : "0.3"}, {"outline_width_unit", "MM"}});
}

std::string document(const std::string& body, bool labels) {
  return std::string("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n") +
         "<qgis version=\"" + kQgisVersion + "\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" +
         (labels ? "1" : "0") + "\">\n" + body + "</qgis>\n";
}

struct Category {
  std::string value;  // empty: every other value
  std::string label;
  std::string symbol_xml;  // a symbol named after the category's index
};

std::string categorized(const std::string& attr, const std::vector<Category>& categories) {
  std::string out = "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml_escape(attr) +
                    "\" symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n    <categories>\n";
  for (size_t i = 0; i < categories.size(); ++i) {
    out += "      <category symbol=\"" + std::to_string(i) + "\" value=\"" + xml_escape(categories[i].value) +
           "\" label=\"" + xml_escape(categories[i].label) + "\" render=\"true\"/>\n";
  }
  out += "    </categories>\n    <symbols>\n";
  for (const Category& category : categories) out += category.symbol_xml;
  out += "    </symbols>\n  </renderer-v2>\n";
  return out;
}

std::string parcels_qml(LabelLanguage language) {
  const std::vector<std::pair<std::string, std::string>> phases = {
      {"1", "141,211,199,170"}, {"2", "253,192,134,170"}, {"3", "190,174,212,170"}};
  std::vector<Category> categories;
  for (const auto& [phase, color] : phases) {
    categories.push_back({phase, "Phase " + phase,
                          fill(std::to_string(categories.size()), color, "60,60,60,255", "0.4")});
  }
  categories.push_back({"", "Other phase", fill(std::to_string(categories.size()), "200,200,200,170",
                                                "60,60,60,255", "0.4")});
  // Bold 9 pt over a white buffer, centred on the parcel; every parcel keeps its label
  // (displayAll), even where a building or another label is in the way.
  const std::string labeling =
      "  <labeling type=\"simple\">\n"
      "    <settings calloutType=\"simple\">\n"
      "      <text-style fieldName=\"" + xml_escape(parcel_label_expression(language)) + "\" isExpression=\"1\" "
      "fontSize=\"9\" fontSizeUnit=\"Point\" fontWeight=\"75\" fontItalic=\"0\" namedStyle=\"Bold\" "
      "textColor=\"32,32,32,255\" textOpacity=\"1\" multilineHeight=\"1\">\n"
      "        <text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferSizeUnits=\"MM\" "
      "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.86\"/>\n"
      "      </text-style>\n"
      "      <text-format multilineAlign=\"1\" wrapChar=\"\" plussign=\"0\"/>\n"
      "      <placement placement=\"1\" centroidInside=\"1\" fitInPolygonOnly=\"0\"/>\n"
      "      <rendering obstacle=\"1\" displayAll=\"1\" scaleVisibility=\"0\" drawLabels=\"1\"/>\n"
      "    </settings>\n"
      "  </labeling>\n";
  return document(categorized("phase", categories) + labeling, true);
}

std::string buildings_qml() {
  struct Range {
    const char* lower;
    const char* upper;
    const char* label;
    const char* color;
  };
  const std::vector<Range> ranges = {{"0", "3", "1-3 storeys", "254,229,217,230"},
                                     {"3", "6", "4-6 storeys", "252,174,145,230"},
                                     {"6", "12", "7-12 storeys", "251,106,74,230"},
                                     {"12", "1000", "13 storeys and more", "203,24,29,230"}};
  std::string out =
      "  <renderer-v2 type=\"graduatedSymbol\" attr=\"storeys\" graduatedMethod=\"GraduatedColor\" "
      "symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\">\n    <ranges>\n";
  for (size_t i = 0; i < ranges.size(); ++i) {
    out += std::string("      <range symbol=\"") + std::to_string(i) + "\" lower=\"" + ranges[i].lower +
           "\" upper=\"" + ranges[i].upper + "\" label=\"" + ranges[i].label + "\" render=\"true\"/>\n";
  }
  out += "    </ranges>\n    <symbols>\n";
  for (size_t i = 0; i < ranges.size(); ++i) {
    out += fill(std::to_string(i), ranges[i].color, "80,80,80,255", "0.26");
  }
  out += "    </symbols>\n"
         "    <classificationMethod id=\"Custom\"/>\n"
         "  </renderer-v2>\n";
  return document(out, false);
}

std::string amenities_qml() {
  // The kinds of the Anting park; other kinds fall into the "other" categories.
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"canteen", "227,26,28,255"},        {"cafe", "166,86,40,255"},
      {"conference_hall", "31,120,180,255"}, {"conference_rooms", "106,61,154,255"},
      {"convenience_store", "255,127,0,255"}, {"parking", "90,90,90,255"},
      {"rental_housing", "51,160,44,255"},  {"talent_apartments", "0,150,136,255"}};
  std::vector<Category> categories;
  for (const char* status : {"existing", "planned"}) {
    const bool planned = std::string(status) == "planned";
    for (const auto& [kind, color] : kinds) {
      categories.push_back({kind + " / " + status, kind + " (" + status + ")",
                            marker(std::to_string(categories.size()), color, planned)});
    }
  }
  categories.push_back({"", "Other", marker(std::to_string(categories.size()), "120,120,120,255", false)});
  // One category per (kind, status): the renderer's attribute is an expression.
  return document(categorized("\"kind\" || ' / ' || \"status\"", categories), false);
}

std::string roads_qml() {
  const std::vector<Category> categories = {
      {"highway", "Highway", line("0", "230,85,13,255", "1.2")},
      {"internal", "Internal road", line("1", "120,120,120,255", "0.5")},
      {"", "Other road", line("2", "160,160,160,255", "0.4", "dash")}};
  return document(categorized("kind", categories), false);
}

std::string boundary_qml() {
  const std::string out = "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
                          "enableorderby=\"0\">\n    <symbols>\n" +
                          fill("0", "0,0,0,0", "20,20,20,255", "0.8", "no") +
                          "    </symbols>\n  </renderer-v2>\n";
  return document(out, false);
}

}  // namespace

const std::vector<std::string>& styled_layer_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const std::string& name : built_layer_names()) {
      if (default_qml(name)) out.push_back(name);
    }
    return out;
  }();
  return names;
}

std::string parcel_label_expression(LabelLanguage labels) {
  // The name over the area in mu with two decimals ("13.50": the stated figures are read to
  // 0.05 mu), as on the park's plans.
  if (labels == LabelLanguage::English) {
    return "coalesce(\"name_en\", \"name_zh\", \"id\") || '\\n' || format_number(\"area_mu\", 2) || ' mu'";
  }
  return "coalesce(\"name_zh\", \"name_en\", \"id\") || '\\n' || format_number(\"area_mu\", 2) || ' 亩'";
}

std::optional<std::string> default_qml(const std::string& layer_name, LabelLanguage labels) {
  if (layer_name == "parcels") return parcels_qml(labels);
  if (layer_name == "buildings") return buildings_qml();
  if (layer_name == "amenities") return amenities_qml();
  if (layer_name == "roads") return roads_qml();
  if (layer_name == "park_boundary") return boundary_qml();
  return std::nullopt;
}

std::optional<std::string> default_style_for(OGRLayer& layer) {
  std::optional<std::string> qml = default_qml(layer.GetName());
  if (!qml) return std::nullopt;
  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (const std::string& field : style_fields(layer.GetName())) {
    if (defn->GetFieldIndex(field.c_str()) < 0) return std::nullopt;
  }
  return qml;
}

std::vector<std::string> style_fields(const std::string& layer_name) {
  if (layer_name == "parcels") return {"phase", "name_zh", "name_en", "id", "area_mu"};
  if (layer_name == "buildings") return {"storeys"};
  if (layer_name == "amenities") return {"kind", "status"};
  if (layer_name == "roads") return {"kind"};
  return {};
}

}  // namespace parklayers
