// SPDX-License-Identifier: GPL-2.0-or-later
// QGIS default styles (QML text) for the layers of a built park, written by the core so that the
// CLI (GeoPackage `layer_styles` rows, .qml sidecars) and the QGIS plugin use the very same
// styles. The QML is the subset of QGIS 3.22's style format that QGIS reads back: a renderer
// (categorized, graduated or single symbol) and, for parcels, labels.
//
//   parcels        categorised by phase, labelled with the name over the area in mu
//                  ("安亭... / 13.50 亩" in Chinese, "Anting... / 13.50 mu" in English)
//   buildings      graduated by storeys
//   amenities      categorised by kind; planned ones hollow, existing ones filled
//   roads          categorised by kind (highway wider than internal roads)
//   park_boundary  outline only
#pragma once

#include <optional>
#include <string>
#include <vector>

class OGRLayer;

namespace parklayers {

// The layer names that have a default style, in the order of built_layer_names().
const std::vector<std::string>& styled_layer_names();

// The language of the parcels' labels: Chinese uses name_zh and 亩, English name_en and mu;
// either falls back to the other name, then to the id, when a parcel lacks the name.
enum class LabelLanguage { Chinese, English };

// The QML document of the layer's default style; nullopt for a layer without one. The default
// (for the GeoPackage's layer_styles and the .qml sidecars) labels in Chinese: the park's users
// read Chinese.
std::optional<std::string> default_qml(const std::string& layer_name,
                                       LabelLanguage labels = LabelLanguage::Chinese);

// The QGIS expression of the parcels' label text.
std::string parcel_label_expression(LabelLanguage labels);

// The default style of a layer of any source (convert's ConvertOptions::default_style): the
// park's style for a layer of that name, when the layer has every field the style reads.
std::optional<std::string> default_style_for(OGRLayer& layer);

// The fields the layer's default style reads; a layer missing one of them (another source's
// "parcels", say) should not get the style.
std::vector<std::string> style_fields(const std::string& layer_name);

}  // namespace parklayers
