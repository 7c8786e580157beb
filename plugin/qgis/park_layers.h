// SPDX-License-Identifier: GPL-2.0-or-later
// A built park in a QGIS project: its layers in a layer-tree group named after the park, styled
// with the core's QML default styles (parklayers/styles.h, the very styles the GeoPackage's
// layer_styles table and `convert`'s .qml files carry), with relations (parcels -> buildings ->
// tenants) and the project's CRS and ellipsoid. Shared by the plugin and the
// parklayers-qgis-project tool (library parklayers_qgis_layout, qgis_core only). Main thread only.
#pragma once

#include <QPointer>
#include <QString>
#include <QStringList>

#include <qgsreferencedgeometry.h>
#include <qgsvectorlayer.h>

#include "parklayers/park/styles.h"

class QgsProject;

namespace parklayers::qgis {

struct ParkLayerSet {
  QString name;
  QString geopackage;
  QPointer<QgsVectorLayer> parcels, buildings, roads, amenities, tenants, checks, boundary;
};

// The name of the park a source holds: the bundled source is the Anting park; any other is
// named after its folder or file.
QString park_name(const QString& source);

// Adds the layers of the GeoPackage to the project in a group named `name` (replacing an
// earlier group of that name), styles them, sets up the relations. Layers that fail to open
// are left out and listed in *errors.
ParkLayerSet add_park_layers(QgsProject& project, const QString& geopackage, const QString& name,
                             LabelLanguage labels, QStringList* errors);

// Applies the core's default style of the layer named `layer_name` (parcels, buildings, roads,
// amenities, park_boundary) to `layer`: symbology and labels from default_qml(), through
// QgsMapLayer::importNamedStyle. False, with *error set, when the layer has no default style,
// lacks a field the style reads, or QGIS refuses the QML.
bool apply_default_style(QgsVectorLayer& layer, const QString& layer_name, LabelLanguage labels,
                         QString* error = nullptr);

// Re-applies the parcels' style with labels in the other language.
void set_parcel_labels(const ParkLayerSet& park, LabelLanguage labels);

// For a project that had no layers: the CRS of the park's Gauss-Kruger zone and the ellipsoid of
// the park's CRS.
void set_up_project(QgsProject& project, const ParkLayerSet& park);

// The park's extent (its boundary, or the parcels) with a margin, in the CRS `crs`; empty when
// the park has neither layer or the transformation fails.
QgsReferencedRectangle park_extent(const QgsProject& project, const ParkLayerSet& park,
                                   const QgsCoordinateReferenceSystem& crs);

}  // namespace parklayers::qgis
