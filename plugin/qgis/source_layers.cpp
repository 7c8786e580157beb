// SPDX-License-Identifier: GPL-2.0-or-later
#include "source_layers.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <qgscoordinatetransform.h>
#include <qgsexception.h>
#include <qgslayertree.h>
#include <qgslayertreegroup.h>
#include <qgsproject.h>
#include <qgsprovidersublayerdetails.h>
#include <qgsproviderregistry.h>
#include <qgsvectorlayer.h>

namespace parklayers::qgis {

QList<QgsVectorLayer*> add_source_layers(QgsProject& project, const QString& source, const QStringList& layers,
                                         const InputOptions& input, QStringList* errors) {
  const QString name = QFileInfo(source).completeBaseName();
  QgsLayerTree* root = project.layerTreeRoot();
  if (QgsLayerTreeGroup* old = root->findGroup(name)) {
    const QStringList ids = old->findLayerIds();
    root->removeChildNode(old);
    project.removeMapLayers(ids);
  }
  QgsCoordinateReferenceSystem crs;
  if (!input.assign_crs.empty()) crs.createFromUserInput(QString::fromStdString(input.assign_crs));

  // As QGIS's "Add Vector Layer" splits them: a layer of mixed geometries into one per type.
  const QList<QgsProviderSublayerDetails> sublayers = QgsProviderRegistry::instance()->querySublayers(
      source, Qgis::SublayerQueryFlag::ResolveGeometryType);
  QList<QgsVectorLayer*> added;
  for (const QString& layer_name : layers) {
    QList<QgsVectorLayer*> opened;
    QList<QgsProviderSublayerDetails> matching;
    for (const QgsProviderSublayerDetails& sublayer : sublayers) {
      if (sublayer.type() == QgsMapLayerType::VectorLayer && sublayer.name() == layer_name) matching.append(sublayer);
    }
    const QgsProviderSublayerDetails::LayerOptions options(project.transformContext());
    for (const QgsProviderSublayerDetails& sublayer : matching) {
      auto* layer = qobject_cast<QgsVectorLayer*>(sublayer.toLayer(options));
      if (!layer) continue;
      if (matching.size() > 1) {
        layer->setName(QStringLiteral("%1 (%2)").arg(layer_name, QgsWkbTypes::displayString(sublayer.wkbType())));
      }
      opened.append(layer);
    }
    if (matching.isEmpty()) {
      opened.append(new QgsVectorLayer(source + QStringLiteral("|layername=") + layer_name, layer_name,
                                       QStringLiteral("ogr"), QgsVectorLayer::LayerOptions(project.transformContext())));
    }
    for (QgsVectorLayer* layer : opened) {
      if (!layer->isValid()) {
        if (errors) {
          errors->append(QCoreApplication::translate("parklayers::qgis::ParkLayers", "%1: layer %2 does not open")
                             .arg(source, layer_name));
        }
        delete layer;
        continue;
      }
      if (crs.isValid()) layer->setCrs(crs);
      if (!input.encoding.empty()) layer->setProviderEncoding(QString::fromStdString(input.encoding));
      added.append(layer);
    }
  }
  if (added.isEmpty()) return added;
  QgsLayerTreeGroup* group = root->insertGroup(0, name);
  for (QgsVectorLayer* layer : added) {
    project.addMapLayer(layer, false);
    group->addLayer(layer);
  }
  return added;
}

QgsReferencedRectangle layers_extent(const QgsProject& project, const QList<QgsVectorLayer*>& layers,
                                     const QgsCoordinateReferenceSystem& crs) {
  QgsRectangle extent;
  extent.setMinimal();
  for (const QgsVectorLayer* layer : layers) {
    const QgsCoordinateTransform transform(layer->crs(), crs, &project);
    try {
      extent.combineExtentWith(transform.transformBoundingBox(layer->extent()));
    } catch (const QgsCsException&) {
      continue;
    }
  }
  if (extent.isEmpty()) return {};
  extent.scale(1.15);
  return QgsReferencedRectangle(extent, crs);
}

}  // namespace parklayers::qgis
