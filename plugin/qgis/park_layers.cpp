#include "park_layers.h"

#include <algorithm>
#include <set>

#include <QColor>
#include <QVariantMap>

#include <qgscategorizedsymbolrenderer.h>
#include <qgscoordinatetransform.h>
#include <qgsfeatureiterator.h>
#include <qgsfillsymbol.h>
#include <qgsgraduatedsymbolrenderer.h>
#include <qgslayertree.h>
#include <qgslayertreegroup.h>
#include <qgslinesymbol.h>
#include <qgslinesymbollayer.h>
#include <qgsmapcanvas.h>
#include <qgsmarkersymbol.h>
#include <qgspallabeling.h>
#include <qgsproject.h>
#include <qgsrelation.h>
#include <qgsrelationmanager.h>
#include <qgssinglesymbolrenderer.h>
#include <qgstextbuffersettings.h>
#include <qgstextformat.h>
#include <qgsvectorlayerlabeling.h>

#include "parklayers/area.h"

namespace parklayers::qgis {
namespace {

// ColorBrewer Dark2, for phases and kinds.
const char* const kPalette[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a",
                                "#66a61e", "#e6ab02", "#a6761d", "#666666"};
constexpr int kPaletteSize = static_cast<int>(sizeof kPalette / sizeof kPalette[0]);

QString colour_string(const QColor& colour) {
  return QStringLiteral("%1,%2,%3,%4")
      .arg(colour.red())
      .arg(colour.green())
      .arg(colour.blue())
      .arg(colour.alpha());
}

QColor palette(int index, int alpha = 255) {
  QColor colour(QString::fromLatin1(kPalette[((index % kPaletteSize) + kPaletteSize) % kPaletteSize]));
  colour.setAlpha(alpha);
  return colour;
}

QgsFillSymbol* fill(const QColor& colour, const QColor& outline, double outline_mm,
                    const QString& outline_style = QStringLiteral("solid")) {
  return QgsFillSymbol::createSimple(QVariantMap{
      {QStringLiteral("color"), colour_string(colour)},
      {QStringLiteral("style"), colour.alpha() == 0 ? QStringLiteral("no") : QStringLiteral("solid")},
      {QStringLiteral("outline_color"), colour_string(outline)},
      {QStringLiteral("outline_width"), QString::number(outline_mm)},
      {QStringLiteral("outline_style"), outline_style},
      {QStringLiteral("joinstyle"), QStringLiteral("round")}});
}

QgsSimpleLineSymbolLayer* line_layer(const QColor& colour, double width_mm) {
  auto* layer = new QgsSimpleLineSymbolLayer(colour, width_mm);
  layer->setPenCapStyle(Qt::RoundCap);
  layer->setPenJoinStyle(Qt::RoundJoin);
  return layer;
}

// Distinct values of a field, sorted.
QList<QVariant> sorted_values(const QgsVectorLayer& layer, const QString& field) {
  const int index = layer.fields().lookupField(field);
  if (index < 0) return {};
  QList<QVariant> values = layer.uniqueValues(index).values();
  std::sort(values.begin(), values.end(), [](const QVariant& a, const QVariant& b) {
    bool a_number = false;
    bool b_number = false;
    const double x = a.toDouble(&a_number);
    const double y = b.toDouble(&b_number);
    if (a_number && b_number) return x < y;
    return a.toString() < b.toString();
  });
  return values;
}

QgsVectorLayer* open_layer(const QString& geopackage, const QString& name, QStringList* errors) {
  QgsVectorLayer::LayerOptions options(QgsProject::instance()->transformContext());
  auto* layer = new QgsVectorLayer(geopackage + QStringLiteral("|layername=") + name, name,
                                   QStringLiteral("ogr"), options);
  if (!layer->isValid()) {
    if (errors) errors->append(QObject::tr("%1: layer %2 does not open").arg(geopackage, name));
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
  QgsRelation relation;
  relation.setId(id);
  relation.setName(name);
  relation.setReferencedLayer(referenced->id());
  relation.setReferencingLayer(referencing->id());
  relation.addFieldPair(foreign_key, QStringLiteral("id"));
  if (relation.isValid()) relations->addRelation(relation);
}

}  // namespace

void style_parcels(QgsVectorLayer& layer) {
  QgsCategoryList categories;
  int i = 0;
  for (const QVariant& phase : sorted_values(layer, QStringLiteral("phase"))) {
    const QColor colour = palette(i++);
    categories.append(QgsRendererCategory(phase, fill(palette(i - 1, 90), colour.darker(140), 0.6),
                                          QObject::tr("Phase %1").arg(phase.toString())));
  }
  layer.setRenderer(new QgsCategorizedSymbolRenderer(QStringLiteral("phase"), categories));

  QgsPalLayerSettings settings;
  settings.fieldName = QStringLiteral(
      "coalesce(\"name_en\", \"id\") || '\\n' || format_number(\"area_mu\", 2) || ' mu'");
  settings.isExpression = true;
  settings.placement = QgsPalLayerSettings::OverPoint;
  settings.multilineAlign = QgsPalLayerSettings::MultiCenter;
  settings.displayAll = true;  // every parcel keeps its label, even over a building
  QgsTextFormat format;
  format.setSize(9);
  format.setColor(QColor(QStringLiteral("#202020")));
  QFont font = format.font();
  font.setBold(true);
  format.setFont(font);
  QgsTextBufferSettings buffer;
  buffer.setEnabled(true);
  buffer.setSize(1.0);
  buffer.setColor(QColor(255, 255, 255, 220));
  format.setBuffer(buffer);
  settings.setFormat(format);
  layer.setLabeling(new QgsVectorLayerSimpleLabeling(settings));
  layer.setLabelsEnabled(true);
}

void style_buildings(QgsVectorLayer& layer) {
  // Storeys in classes, light to dark.
  struct Class {
    double low, high;
    const char* colour;
    const char* label;
  };
  const Class classes[] = {{0, 3, "#fdd0a2", "1-3 storeys"},
                           {3, 6, "#fd8d3c", "4-6 storeys"},
                           {6, 9, "#d94801", "7-9 storeys"},
                           {9, 1000, "#7f2704", "10+ storeys"}};
  QgsRangeList ranges;
  for (const Class& c : classes) {
    const QColor colour(QString::fromLatin1(c.colour));
    ranges.append(QgsRendererRange(c.low, c.high, fill(colour, QColor(60, 40, 20), 0.3),
                                   QObject::tr(c.label)));
  }
  auto* renderer = new QgsGraduatedSymbolRenderer(QStringLiteral("storeys"), ranges);
  renderer->setSourceSymbol(fill(QColor(200, 200, 200), QColor(60, 40, 20), 0.3));
  layer.setRenderer(renderer);
}

void style_roads(QgsVectorLayer& layer) {
  const auto road = [](double casing_mm, double inner_mm, const QColor& inner) {
    auto* symbol = new QgsLineSymbol(QgsSymbolLayerList{line_layer(QColor(110, 110, 110), casing_mm),
                                                        line_layer(inner, inner_mm)});
    return symbol;
  };
  QgsCategoryList categories;
  for (const QVariant& kind : sorted_values(layer, QStringLiteral("kind"))) {
    const bool highway = kind.toString() == QStringLiteral("highway");
    categories.append(QgsRendererCategory(
        kind, highway ? road(2.6, 2.0, QColor(QStringLiteral("#f7d26b"))) : road(1.3, 0.9, Qt::white),
        highway ? QObject::tr("Highway") : kind.toString()));
  }
  auto* renderer = new QgsCategorizedSymbolRenderer(QStringLiteral("kind"), categories);
  // Draw the casings of all roads first, then the fills, so that junctions join cleanly.
  renderer->setUsingSymbolLevels(false);
  layer.setRenderer(renderer);
}

void style_amenities(QgsVectorLayer& layer) {
  // One class per kind and status: the kind's colour, filled when existing, hollow with a
  // dashed outline when planned.
  const QString expression = QStringLiteral("\"kind\" || ' (' || \"status\" || ')'");
  std::set<QString> kinds;
  std::set<std::pair<QString, QString>> classes;
  QgsFeatureRequest request;
  request.setFlags(QgsFeatureRequest::NoGeometry);
  request.setSubsetOfAttributes(QStringList{QStringLiteral("kind"), QStringLiteral("status")},
                                layer.fields());
  QgsFeatureIterator it = layer.getFeatures(request);
  QgsFeature feature;
  while (it.nextFeature(feature)) {
    const QString kind = feature.attribute(QStringLiteral("kind")).toString();
    kinds.insert(kind);
    classes.insert({kind, feature.attribute(QStringLiteral("status")).toString()});
  }
  QgsCategoryList categories;
  for (const auto& [kind, status] : classes) {
    const int index = static_cast<int>(std::distance(kinds.begin(), kinds.find(kind)));
    const QColor colour = palette(index);
    const bool planned = status == QStringLiteral("planned");
    QgsMarkerSymbol* symbol = QgsMarkerSymbol::createSimple(QVariantMap{
        {QStringLiteral("name"), QStringLiteral("circle")},
        {QStringLiteral("size"), QStringLiteral("4.2")},
        {QStringLiteral("color"), colour_string(planned ? QColor(255, 255, 255, 0) : colour)},
        {QStringLiteral("outline_color"), colour_string(planned ? colour : colour.darker(160))},
        {QStringLiteral("outline_width"), planned ? QStringLiteral("0.7") : QStringLiteral("0.3")},
        {QStringLiteral("outline_style"), planned ? QStringLiteral("dash") : QStringLiteral("solid")}});
    QString label = kind;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    categories.append(QgsRendererCategory(QStringLiteral("%1 (%2)").arg(kind, status), symbol,
                                          QStringLiteral("%1, %2").arg(label, status)));
  }
  layer.setRenderer(new QgsCategorizedSymbolRenderer(expression, categories));
}

void style_boundary(QgsVectorLayer& layer) {
  layer.setRenderer(new QgsSingleSymbolRenderer(
      fill(QColor(0, 0, 0, 0), QColor(QStringLiteral("#c0392b")), 0.8, QStringLiteral("dash"))));
}

ParkLayerSet add_park_layers(QgsProject& project, const QString& geopackage, const QString& name,
                             QStringList* errors) {
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
    QgsVectorLayer* layer = open_layer(geopackage, QString::fromLatin1(layer_name), errors);
    if (!layer) continue;
    *slot = layer;
    project.addMapLayer(layer, false);
    group->addLayer(layer);
  }
  if (park.parcels) style_parcels(*park.parcels);
  if (park.buildings) style_buildings(*park.buildings);
  if (park.roads) style_roads(*park.roads);
  if (park.amenities) style_amenities(*park.amenities);
  if (park.boundary) style_boundary(*park.boundary);

  add_relation(project, QStringLiteral("parklayers_parcel_buildings"), QObject::tr("Buildings of the parcel"),
               park.parcels, park.buildings, QStringLiteral("parcel_id"));
  add_relation(project, QStringLiteral("parklayers_building_tenants"), QObject::tr("Tenants of the building"),
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

void zoom_to_park(QgsMapCanvas& canvas, const ParkLayerSet& park) {
  QgsVectorLayer* layer = park.boundary ? park.boundary.data() : park.parcels.data();
  if (!layer) return;
  QgsRectangle extent = layer->extent();
  const QgsCoordinateTransform transform(layer->crs(), canvas.mapSettings().destinationCrs(),
                                         QgsProject::instance());
  try {
    extent = transform.transformBoundingBox(extent);
  } catch (const QgsCsException&) {
    return;
  }
  extent.scale(1.15);
  canvas.setExtent(extent);
  canvas.refresh();
}

}  // namespace parklayers::qgis
