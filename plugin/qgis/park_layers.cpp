// SPDX-License-Identifier: GPL-2.0-or-later
#include "park_layers.h"

#include <string>
#include <utility>

#include <QCoreApplication>
#include <QDir>
#include <QDomDocument>
#include <QFileInfo>

#include <qgscoordinatetransform.h>
#include <qgsexception.h>
#include <qgslayertree.h>
#include <qgslayertreegroup.h>
#include <qgsproject.h>
#include <qgsrelation.h>
#include <qgsrelationcontext.h>
#include <qgsrelationmanager.h>

#include "parklayers/gis/area.h"
#include "parklayers/park/source.h"

namespace parklayers::qgis {
namespace {

QgsVectorLayer* open_layer(const QgsProject& project, const QString& geopackage, const QString& name,
                           QStringList* errors) {
  QgsVectorLayer::LayerOptions options(project.transformContext());
  // The style is the core's, applied below in the language asked for; not the GeoPackage's
  // layer_styles row (the same QML, in the default language).
  options.loadDefaultStyle = false;
  auto* layer = new QgsVectorLayer(geopackage + QStringLiteral("|layername=") + name, name,
                                   QStringLiteral("ogr"), options);
  if (!layer->isValid()) {
    if (errors) errors->append(QCoreApplication::translate("parklayers::qgis::ParkLayers", "%1: layer %2 does not open")
                                   .arg(geopackage, name));
    delete layer;
    return nullptr;
  }
  return layer;
}

void add_relation(QgsProject& project, const QString& id, const QString& name, QgsVectorLayer* referenced,
                  QgsVectorLayer* referencing, const QString& foreign_key) {
  if (!referenced || !referencing) return;
  QgsRelationManager* relations = project.relationManager();
  relations->removeRelation(id);
  QgsRelation relation{QgsRelationContext(&project)};  // not QgsProject::instance()'s layers
  relation.setId(id);
  relation.setName(name);
  relation.setReferencedLayer(referenced->id());
  relation.setReferencingLayer(referencing->id());
  relation.addFieldPair(foreign_key, QStringLiteral("id"));
  if (relation.isValid()) relations->addRelation(relation);
}

bool is_bundled(const QString& source) {
  return QFileInfo(source).canonicalFilePath() ==
         QFileInfo(QString::fromStdString(bundled_park_path())).canonicalFilePath();
}

}  // namespace

QString park_name(const QString& source) {
  if (is_bundled(source)) return QStringLiteral("Anting International Medical Industry Park");
  const QFileInfo info(source);
  return info.isDir() ? QDir(source).dirName() : info.completeBaseName();
}

bool apply_default_style(QgsVectorLayer& layer, const QString& layer_name, LabelLanguage labels,
                         QString* error) {
  const std::optional<std::string> qml = default_qml(layer_name.toStdString(), labels);
  QString message;
  if (!qml) {
    message = QCoreApplication::translate("parklayers::qgis::ParkLayers", "%1 has no default style").arg(layer_name);
  } else {
    for (const std::string& field : style_fields(layer_name.toStdString())) {
      if (layer.fields().lookupField(QString::fromStdString(field)) < 0) {
        message = QCoreApplication::translate("parklayers::qgis::ParkLayers", "%1 has no field %2 for its style")
                    .arg(layer_name, QString::fromStdString(field));
        break;
      }
    }
  }
  if (message.isEmpty()) {
    QDomDocument document;
    int line = 0;
    if (!document.setContent(QString::fromStdString(*qml), &message, &line)) {
      message = QCoreApplication::translate("parklayers::qgis::ParkLayers", "the style of %1, line %2: %3")
                    .arg(layer_name)
                    .arg(line)
                    .arg(message);
    } else if (layer.importNamedStyle(document, message,
                                      QgsMapLayer::Symbology | QgsMapLayer::Labeling)) {
      layer.triggerRepaint();
      return true;
    }
  }
  if (error) *error = message;
  return false;
}

void set_parcel_labels(const ParkLayerSet& park, LabelLanguage labels) {
  if (park.parcels) apply_default_style(*park.parcels, QStringLiteral("parcels"), labels);
}

ParkLayerSet add_park_layers(QgsProject& project, const QString& geopackage, const QString& name,
                             LabelLanguage labels, QStringList* errors) {
  QgsLayerTree* root = project.layerTreeRoot();
  if (QgsLayerTreeGroup* old = root->findGroup(name)) {
    QStringList ids = old->findLayerIds();
    root->removeChildNode(old);
    project.removeMapLayers(ids);
  }
  QgsLayerTreeGroup* group = root->insertGroup(0, name);

  ParkLayerSet park;
  park.name = name;
  park.geopackage = geopackage;
  // Top to bottom in the legend: points over polygons over lines, the boundary last; then tables.
  const std::pair<const char*, QPointer<QgsVectorLayer>*> order[] = {
      {"amenities", &park.amenities}, {"buildings", &park.buildings},   {"parcels", &park.parcels},
      {"roads", &park.roads},         {"park_boundary", &park.boundary}, {"tenants", &park.tenants},
      {"area_checks", &park.checks}};
  for (const auto& [layer_name, slot] : order) {
    const QString layer_id = QString::fromLatin1(layer_name);
    QgsVectorLayer* layer = open_layer(project, geopackage, layer_id, errors);
    if (!layer) continue;
    *slot = layer;
    project.addMapLayer(layer, false);
    group->addLayer(layer);
    QString error;
    const bool styled = default_qml(layer_id.toStdString()).has_value();
    if (styled && !apply_default_style(*layer, layer_id, labels, &error) && errors) {
      errors->append(error);
    }
  }

  add_relation(project, QStringLiteral("parklayers_parcel_buildings"),
               QCoreApplication::translate("parklayers::qgis::ParkLayers", "Buildings of the parcel"),
               park.parcels, park.buildings, QStringLiteral("parcel_id"));
  add_relation(project, QStringLiteral("parklayers_building_tenants"),
               QCoreApplication::translate("parklayers::qgis::ParkLayers", "Tenants of the building"),
               park.buildings, park.tenants, QStringLiteral("bldg_id"));
  return park;
}

void set_up_project(QgsProject& project, const ParkLayerSet& park) {
  if (!park.parcels) return;
  // Shown in the park's CGCS2000 3-degree Gauss-Kruger zone, measured on the ellipsoid of the
  // park's own CRS, as the core measures.
  if (park.parcels->crs().isGeographic()) {
    const GaussKrugerZone zone = gauss_kruger_zone(park.parcels->extent().center().x());
    const QgsCoordinateReferenceSystem gk(QStringLiteral("EPSG:%1").arg(zone.epsg));
    if (zone.epsg != 0 && gk.isValid()) project.setCrs(gk);
  }
  const QString ellipsoid = park.parcels->crs().ellipsoidAcronym();
  if (!ellipsoid.isEmpty()) project.setEllipsoid(ellipsoid);
}

QgsReferencedRectangle park_extent(const QgsProject& project, const ParkLayerSet& park,
                                   const QgsCoordinateReferenceSystem& crs) {
  QgsVectorLayer* layer = park.boundary ? park.boundary.data() : park.parcels.data();
  if (!layer) return {};
  QgsRectangle extent = layer->extent();
  const QgsCoordinateTransform transform(layer->crs(), crs, &project);
  try {
    extent = transform.transformBoundingBox(extent);
  } catch (const QgsCsException&) {
    return {};
  }
  extent.scale(1.15);
  return QgsReferencedRectangle(extent, crs);
}

}  // namespace parklayers::qgis
