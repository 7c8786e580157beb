// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/io/layer_styles.h"

#include <stdexcept>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "parklayers/gis/error.h"

namespace parklayers {
namespace {

void ok(OGRErr err, const std::string& what) {
  if (err != OGRERR_NONE) throw OutputError("", what + " failed: " + CPLGetLastErrorMsg());
}

// The table as QGIS 3.22 creates it (QgsOgrProviderMetadata::saveStyle), so that QGIS finds
// our rows and can add its own.
OGRLayer& styles_table(GDALDataset& dataset) {
  if (OGRLayer* existing = dataset.GetLayerByName("layer_styles")) return *existing;
  CPLStringList options;
  options.SetNameValue("FID", "id");
  options.SetNameValue("DESCRIPTION", "QGIS layer styles");
  OGRLayer* layer = dataset.CreateLayer("layer_styles", nullptr, wkbNone, options.List());
  if (!layer) throw OutputError("", std::string("creating layer_styles failed: ") + CPLGetLastErrorMsg());
  const auto text = [&](const char* name, int width) {
    OGRFieldDefn field(name, OFTString);
    field.SetWidth(width);
    ok(layer->CreateField(&field), std::string("creating layer_styles.") + name);
  };
  text("f_table_catalog", 256);
  text("f_table_schema", 256);
  text("f_table_name", 256);
  text("f_geometry_column", 256);
  text("styleName", 30);
  text("styleQML", 0);
  text("styleSLD", 0);
  OGRFieldDefn as_default("useAsDefault", OFTInteger);
  as_default.SetSubType(OFSTBoolean);
  ok(layer->CreateField(&as_default), "creating layer_styles.useAsDefault");
  text("description", 0);
  text("owner", 30);
  text("ui", 30);
  OGRFieldDefn updated("update_time", OFTDateTime);
  updated.SetDefault("CURRENT_TIMESTAMP");
  ok(layer->CreateField(&updated), "creating layer_styles.update_time");
  return *layer;
}

}  // namespace

bool is_qgis_table(const std::string& table) {
  return EQUAL(table.c_str(), "layer_styles") || EQUAL(table.c_str(), "qgis_projects");
}

void write_layer_styles(GDALDataset& geopackage, const std::vector<LayerStyleRow>& rows) {
  if (rows.empty()) return;
  OGRLayer& table = styles_table(geopackage);
  for (const LayerStyleRow& row : rows) {
    OGRFeature feature(table.GetLayerDefn());
    // QGIS looks the default style up with f_table_schema = '' (not NULL), so the empty
    // strings matter.
    feature.SetField("f_table_catalog", "");
    feature.SetField("f_table_schema", "");
    feature.SetField("f_table_name", row.table.c_str());
    feature.SetField("f_geometry_column", row.geometry_column.c_str());
    feature.SetField("styleName", row.table.c_str());
    feature.SetField("styleQML", row.qml.c_str());
    feature.SetField("styleSLD", "");
    feature.SetField("useAsDefault", 1);
    feature.SetField("description", "Park Layers default style");
    feature.SetField("owner", "");
    ok(table.CreateFeature(&feature), "writing the style of " + row.table);
  }
}

}  // namespace parklayers
