// A built park in a QGIS project: its layers in a layer-tree group named after the park,
// styled, with relations (parcels -> buildings -> tenants). Main thread only.
#pragma once

#include <QPointer>
#include <QString>

#include <qgsvectorlayer.h>

class QgsLayerTreeGroup;
class QgsMapCanvas;
class QgsProject;

namespace parklayers::qgis {

struct ParkLayerSet {
  QString name;
  QString geopackage;
  QPointer<QgsVectorLayer> parcels, buildings, roads, amenities, tenants, checks, boundary;
};

// Adds the layers of the GeoPackage to the project in a group named `name` (replacing an
// earlier group of that name), styles them, sets up the relations. Layers that fail to open
// are left out and listed in *errors.
ParkLayerSet add_park_layers(QgsProject& project, const QString& geopackage, const QString& name,
                             QStringList* errors);

// For a project that had no layers: the CRS of the park's Gauss-Kruger zone and the ellipsoid of
// the park's CRS.
void set_up_project(QgsProject& project, const ParkLayerSet& park);

// Zooms the canvas to the park boundary (or the parcels).
void zoom_to_park(QgsMapCanvas& canvas, const ParkLayerSet& park);

// The styles, one per layer (usable on their own, e.g. for a layer opened by hand).
void style_parcels(QgsVectorLayer& layer);
void style_buildings(QgsVectorLayer& layer);
void style_roads(QgsVectorLayer& layer);
void style_amenities(QgsVectorLayer& layer);
void style_boundary(QgsVectorLayer& layer);

}  // namespace parklayers::qgis
