// SPDX-License-Identifier: GPL-2.0-or-later
// QGIS's layer_styles table in a GeoPackage: the default style of each layer, so that any QGIS
// opens the layers styled, with or without our plugin.
#pragma once

#include <string>
#include <vector>

class GDALDataset;

namespace parklayers {

// QGIS's own tables in a GeoPackage: `layer_styles` (written below, and by `parklayers build`)
// and `qgis_projects` (parklayers-qgis-project). GDAL lists layer_styles as a layer; it is not
// park data, so a copy of the layers should skip it and write its own styles.
bool is_qgis_table(const std::string& table);

struct LayerStyleRow {
  std::string table;            // the GeoPackage table (layer) name
  std::string geometry_column;  // its geometry column ("geom" for GDAL-written GeoPackages)
  std::string qml;
};

// Adds the rows to the dataset's `layer_styles` table, created with QGIS's own schema when
// missing, each as the layer's default style (useAsDefault = 1), so that any QGIS opens the
// layers styled, with or without our plugin. Throws OutputError when GDAL fails.
void write_layer_styles(GDALDataset& geopackage, const std::vector<LayerStyleRow>& rows);

}  // namespace parklayers
