// SPDX-License-Identifier: GPL-2.0-or-later
#include "report_layout.h"

#include <QCoreApplication>
#include <QDate>
#include <QFont>
#include <QFontDatabase>
#include <QImage>

#include <qgsapplication.h>
#include <qgscoordinatetransform.h>
#include <qgsexception.h>
#include <qgslayertree.h>
#include <qgslayertreelayer.h>
#include <qgsmaplayerlegend.h>
#include <qgsrenderer.h>
#include <qgslayoutexporter.h>
#include <qgslayoutframe.h>
#include <qgslayoutitemlabel.h>
#include <qgslayoutitemlegend.h>
#include <qgslayoutitemmanualtable.h>
#include <qgslayoutitemmap.h>
#include <qgslayoutitempage.h>
#include <qgslayoutitempicture.h>
#include <qgslayoutitemscalebar.h>
#include <qgslayoutmanager.h>
#include <qgslayoutpagecollection.h>
#include <qgslayouttablecolumn.h>
#include <qgsprintlayout.h>
#include <qgsproject.h>
#include <qgstablecell.h>
#include <qgstextformat.h>

#include "parklayers/park/boundary_points.h"
#include "parklayers/park/sheet.h"

namespace parklayers::qgis {
namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

// Everything on the page is placed on an A4 landscape grid (297 x 210 mm) and scaled for A3.
struct Grid {
  double k = 1;  // A3: sqrt(2)
  QgsLayoutPoint at(double x, double y) const { return QgsLayoutPoint(x * k, y * k, QgsUnitTypes::LayoutMillimeters); }
  QgsLayoutSize size(double w, double h) const { return QgsLayoutSize(w * k, h * k, QgsUnitTypes::LayoutMillimeters); }
  double pt(double points) const { return points * k; }
};

QFont font(const QString& family, double points, bool bold = false) {
  QFont f(family);
  f.setPointSizeF(points);
  f.setBold(bold);
  // Latin text set in a CJK font is otherwise shaped with the font's alternate glyphs, which
  // Qt's PDF writer cannot map back to characters: "EPSG:4549" would be extracted as "EPSG:".
  f.setStyleStrategy(QFont::PreferNoShaping);
  return f;
}

QgsTextFormat text_format(const QString& family, double points, bool bold = false) {
  QgsTextFormat format;
  format.setFont(font(family, points, bold));
  format.setSize(points);
  format.setSizeUnit(QgsUnitTypes::RenderPoints);
  format.setColor(Qt::black);
  return format;
}

QgsLayoutItemLabel* add_label(QgsPrintLayout& layout, const Grid& grid, int page, const QString& text,
                              const QFont& f, double x, double y, double w, double h,
                              const QColor& colour = Qt::black) {
  auto* label = new QgsLayoutItemLabel(&layout);
  label->setText(text);
  label->setFont(f);
  label->setFontColor(colour);
  label->setMarginX(0);
  label->setMarginY(0);
  layout.addLayoutItem(label);
  label->attemptResize(grid.size(w, h));
  label->attemptMove(grid.at(x, y), true, false, page);
  return label;
}

QgsLayoutItemPage* add_page(QgsPrintLayout& layout, Paper paper) {
  auto* page = new QgsLayoutItemPage(&layout);
  page->setPageSize(paper == Paper::A3 ? QStringLiteral("A3") : QStringLiteral("A4"), QgsLayoutItemPage::Landscape);
  layout.pageCollection()->addPage(page);
  return page;
}

// The park's drawn layers, top first (the order of the park's group).
QList<QgsMapLayer*> drawn_layers(const ParkLayerSet& park) {
  QList<QgsMapLayer*> layers;
  for (QgsVectorLayer* layer : {park.amenities.data(), park.buildings.data(), park.parcels.data(), park.roads.data(),
                                park.boundary.data()}) {
    if (layer) layers << layer;
  }
  return layers;
}

// The layer name add_park_layers gave `layer` (its table's name), for the legend's title.
QString table_name(const ParkLayerSet& park, const QgsMapLayer* layer) {
  if (layer == park.parcels) return QStringLiteral("parcels");
  if (layer == park.buildings) return QStringLiteral("buildings");
  if (layer == park.roads) return QStringLiteral("roads");
  if (layer == park.amenities) return QStringLiteral("amenities");
  if (layer == park.boundary) return QStringLiteral("park_boundary");
  return layer->name();
}

// Page 1: the map and what reads it.
void add_map_page(QgsPrintLayout& layout, const Grid& grid, QgsProject& project, const ParkLayerSet& park,
                  const Sheet& sheet, Language language, const QString& family) {
  add_label(layout, grid, 0, q(sheet.title), font(family, grid.pt(18), true), 10, 7, 277, 10);

  const QgsCoordinateReferenceSystem crs = project.crs().isValid() ? project.crs() : park.parcels->crs();
  auto* map = new QgsLayoutItemMap(&layout);
  map->setCrs(crs);
  map->setLayers(drawn_layers(park));
  map->setKeepLayerSet(true);
  map->setFrameEnabled(true);
  layout.addLayoutItem(map);
  map->attemptMove(grid.at(10, 20));
  map->attemptResize(grid.size(205, 145));
  const QgsReferencedRectangle extent = park_extent(project, park, crs);
  if (!extent.isEmpty()) {
    // The park's extent widened to the frame's shape (zoomToExtent needs a map that already has
    // an extent; setExtent would reshape the frame to the extent instead).
    const double frame_ratio = 205.0 / 145.0;
    double width = extent.width(), height = extent.height();
    if (width / height < frame_ratio) {
      width = height * frame_ratio;
    } else {
      height = width / frame_ratio;
    }
    const QgsPointXY centre = extent.center();
    const QgsRectangle view(centre.x() - width / 2, centre.y() - height / 2, centre.x() + width / 2,
                            centre.y() + height / 2);
    map->setExtent(view);
  }

  // Legend, north arrow, scale bar at the right of the map.
  auto* legend = new QgsLayoutItemLegend(&layout);
  legend->setTitle(q(sheet.legend_title));
  legend->setLinkedMap(map);
  legend->setAutoUpdateModel(false);
  legend->setLegendFilterByMapEnabled(true);  // only the categories the park has
  QgsLayerTree* root = legend->model()->rootGroup();
  root->clear();
  for (QgsMapLayer* layer : drawn_layers(park)) {
    QgsLayerTreeLayer* node = root->addLayer(layer);
    const QString title = q(layer_title(table_name(park, layer).toStdString(), language));
    node->setCustomProperty(QStringLiteral("legend/title-label"), title);
    auto* vector = qobject_cast<QgsVectorLayer*>(layer);
    if (!vector || !vector->renderer()) continue;
    if (vector->renderer()->type() == QLatin1String("singleSymbol")) {
      // A single-symbol layer (the boundary) shows its one entry under the layer's own name.
      QgsMapLayerLegendUtils::setLegendNodeUserLabel(node, 0, title);
    } else {
      // The styles' categories in the sheet's language.
      const QgsLegendSymbolList items = vector->renderer()->legendSymbolItems();
      for (int i = 0; i < items.size(); ++i) {
        QgsMapLayerLegendUtils::setLegendNodeUserLabel(
            node, i, q(legend_label(items[i].label().toStdString(), language)));
      }
    }
    legend->model()->refreshLayerLegend(node);
  }
  legend->setStyleFont(QgsLegendStyle::Title, font(family, grid.pt(12), true));
  legend->setStyleFont(QgsLegendStyle::Group, font(family, grid.pt(9), true));
  legend->setStyleFont(QgsLegendStyle::Subgroup, font(family, grid.pt(9), true));
  legend->setStyleFont(QgsLegendStyle::SymbolLabel, font(family, grid.pt(8)));
  layout.addLayoutItem(legend);
  legend->attemptMove(grid.at(222, 20));
  legend->adjustBoxSize();

  auto* arrow = new QgsLayoutItemPicture(&layout);
  arrow->setPicturePath(QgsApplication::pkgDataPath() + QStringLiteral("/svg/arrows/NorthArrow_02.svg"),
                        QgsLayoutItemPicture::FormatSVG);
  arrow->setLinkedMap(map);  // points to true north, which is not up on a Gauss-Kruger grid
  layout.addLayoutItem(arrow);
  arrow->attemptMove(grid.at(199, 148));
  arrow->attemptResize(grid.size(14, 14));

  auto* bar = new QgsLayoutItemScaleBar(&layout);
  bar->setStyle(QStringLiteral("Single Box"));
  bar->setLinkedMap(map);
  bar->applyDefaultSize(QgsUnitTypes::DistanceMeters);
  bar->setUnitLabel(q(scale_text(language)));
  bar->setTextFormat(text_format(family, grid.pt(8)));
  layout.addLayoutItem(bar);
  bar->attemptMove(grid.at(10, 168));
  bar->update();

  // Under the map: where it is, how good its geometry is, what the checks found, who made it.
  QString centre;
  if (!extent.isEmpty()) {
    const QgsCoordinateTransform to_wgs84(crs, QgsCoordinateReferenceSystem(QStringLiteral("EPSG:4326")), &project);
    try {
      const QgsPointXY c = to_wgs84.transform(extent.center());
      centre = q(centre_text(c.x(), c.y(), language));
    } catch (const QgsCsException&) {
      centre.clear();
    }
  }
  const QString where = q(crs_text((crs.authid() + QStringLiteral(" - ") + crs.description()).toStdString(), language)) +
                        (centre.isEmpty() ? QString() : QStringLiteral("    ") + centre);
  add_label(layout, grid, 0, where, font(family, grid.pt(8)), 10, 182, 277, 5);
  if (!sheet.provenance.empty()) {
    add_label(layout, grid, 0, q(sheet.provenance), font(family, grid.pt(11), true), 10, 188, 277, 7,
              QColor(0xb0, 0x20, 0x20));
  }
  add_label(layout, grid, 0, q(sheet.checks_title) + QStringLiteral(": ") + q(sheet.summary),
            font(family, grid.pt(9)), 10, 196, 277, 5);
  add_label(layout, grid, 0, q(sheet.made), font(family, grid.pt(7)), 10, 202, 277, 5, Qt::darkGray);
}

// Page 2 (and more when the checks do not fit): the checks table, the sources.
void add_checks_page(QgsPrintLayout& layout, const Grid& grid, Paper paper, const Sheet& sheet, const QString& family) {
  add_page(layout, paper);
  add_label(layout, grid, 1, q(sheet.title), font(family, grid.pt(14), true), 10, 7, 277, 8);
  add_label(layout, grid, 1, q(sheet.checks_title) + QStringLiteral(": ") + q(sheet.summary),
            font(family, grid.pt(10)), 10, 16, 277, 6);

  auto* table = new QgsLayoutItemManualTable(&layout);
  layout.addMultiFrame(table);
  QgsLayoutTableColumns headers;
  for (const std::string& header : sheet.headers) headers.append(QgsLayoutTableColumn(q(header)));
  table->setHeaders(headers);
  table->setIncludeTableHeader(true);
  table->setHeaderTextFormat(text_format(family, grid.pt(7.5), true));
  table->setContentTextFormat(text_format(family, grid.pt(7)));
  table->setWrapBehavior(QgsLayoutTable::WrapText);
  table->setCellMargin(1.2 * grid.k);
  table->setGridStrokeWidth(0.2);
  // ID, subject, figure, accepted, computed, method, status, source (mm at A4).
  QList<double> widths;
  for (const double w : {12.0, 44.0, 72.0, 40.0, 30.0, 22.0, 20.0, 12.0}) widths << w * grid.k;
  table->setColumnWidths(widths);
  QgsTableContents rows;
  for (const SheetRow& row : sheet.rows) {
    QgsTableRow cells;
    for (const std::string* text : {&row.id, &row.subject, &row.figure, &row.accepted, &row.computed, &row.method,
                                    &row.status, &row.source}) {
      cells << QgsTableCell(q(*text));
    }
    const Rgb colour = status_colour(row.status_code);
    cells[6].setBackgroundColor(QColor(colour.r, colour.g, colour.b));
    cells[6].setTextFormat(text_format(family, grid.pt(7), true));
    rows << cells;
  }
  table->setTableContents(rows);
  table->setResizeMode(QgsLayoutMultiFrame::RepeatUntilFinished);  // a long coordinate file goes on
  auto* frame = new QgsLayoutFrame(&layout, table);
  frame->attemptResize(grid.size(277, 140));
  frame->attemptMove(grid.at(10, 24), true, false, 1);
  table->addFrame(frame);

  QString sources = q(sheet.sources_title);
  for (const std::string& source : sheet.sources) sources += QStringLiteral("\n") + q(source);
  sources += QStringLiteral("\n\n") + q(sheet.provenance) + QStringLiteral("\n") + q(sheet.made);
  add_label(layout, grid, 1, sources, font(family, grid.pt(7.5)), 10, 168, 277, 38);
}

// After the sheet: each parcel's boundary-point table, a parcel starting a page, a long one going
// on over as many pages as it takes.
void add_point_pages(QgsPrintLayout& layout, const Grid& grid, Paper paper, const std::vector<PointTable>& tables,
                     const QString& family) {
  for (const PointTable& point_table : tables) {
    const int page = layout.pageCollection()->pageCount();
    add_page(layout, paper);
    add_label(layout, grid, page, q(point_table.title), font(family, grid.pt(13), true), 10, 7, 277, 8);
    // Two lines each at most, word-wrapped at the label's width.
    add_label(layout, grid, page, q(point_table.areas), font(family, grid.pt(9)), 10, 16, 277, 10);
    add_label(layout, grid, page, q(point_table.note), font(family, grid.pt(7.5)), 10, 26, 277, 9, Qt::darkGray);

    auto* table = new QgsLayoutItemManualTable(&layout);
    layout.addMultiFrame(table);
    QgsLayoutTableColumns headers;
    for (const std::string& header : point_table.headers) headers.append(QgsLayoutTableColumn(q(header)));
    table->setHeaders(headers);
    table->setIncludeTableHeader(true);
    table->setHeaderTextFormat(text_format(family, grid.pt(8), true));
    table->setContentTextFormat(text_format(family, grid.pt(8)));
    table->setCellMargin(1.0 * grid.k);
    table->setGridStrokeWidth(0.2);
    // Ring, point, X, Y, distance (mm at A4).
    QList<double> widths;
    for (const double w : {22.0, 22.0, 40.0, 40.0, 30.0}) widths << w * grid.k;
    table->setColumnWidths(widths);
    QgsTableContents rows;
    for (const std::vector<std::string>& row : point_table.rows) {
      QgsTableRow cells;
      for (const std::string& text : row) cells << QgsTableCell(q(text));
      rows << cells;
    }
    table->setTableContents(rows);
    table->setResizeMode(QgsLayoutMultiFrame::RepeatUntilFinished);
    auto* frame = new QgsLayoutFrame(&layout, table);
    frame->attemptResize(grid.size(170, 168));
    frame->attemptMove(grid.at(10, 36), true, false, page);
    table->addFrame(frame);
  }
}

}  // namespace

QString report_layout_name(Language language) {
  return language == Language::Chinese ? QStringLiteral("园区报告") : QStringLiteral("Park report");
}

QString report_font_family(Language language) {
  const QFontDatabase fonts;
  if (language == Language::English) {
    const QStringList latin = fonts.families(QFontDatabase::Latin);
    for (const QString& family : {QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans"),
                                  QStringLiteral("Liberation Sans"), QStringLiteral("Arial")}) {
      if (latin.contains(family)) return family;
    }
    return latin.isEmpty() ? QFont().family() : latin.first();
  }
  const QStringList chinese = fonts.families(QFontDatabase::SimplifiedChinese);
  for (const QString& family : {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Source Han Sans SC"),
                                QStringLiteral("WenQuanYi Micro Hei"), QStringLiteral("WenQuanYi Zen Hei")}) {
    if (chinese.contains(family)) return family;
  }
  return chinese.isEmpty() ? QString() : chinese.first();
}

QgsPrintLayout* add_report_layout(QgsProject& project, const ParkLayerSet& park, Language language, Paper paper,
                                  QString* error, bool points) {
  const auto fail = [error](const QString& why) -> QgsPrintLayout* {
    if (error) *error = why;
    return nullptr;
  };
  if (!park.parcels) return fail(QStringLiteral("%1: the park has no parcels layer").arg(park.geopackage));
  Sheet sheet;
  try {
    sheet = make_sheet(read_sheet_facts(park.geopackage.toStdString()), language,
                       QDate::currentDate().toString(Qt::ISODate).toStdString());
  } catch (const std::exception& e) {
    return fail(QString::fromStdString(e.what()));
  }
  std::vector<PointTable> point_sheets;
  if (points) {
    try {
      point_sheets = point_tables(
          boundary_points(SourceName(park.geopackage.toStdString()), InputOptions{}, "parcels"), language);
    } catch (const std::exception& e) {
      return fail(QString::fromStdString(e.what()));
    }
  }
  const QString family = report_font_family(language);
  if (family.isEmpty()) {
    return fail(QStringLiteral("no font with Chinese characters is installed (Debian: fonts-noto-cjk)"));
  }

  const QString name = report_layout_name(language);
  QgsLayoutManager* layouts = project.layoutManager();
  if (QgsMasterLayoutInterface* old = layouts->layoutByName(name)) layouts->removeLayout(old);
  auto* layout = new QgsPrintLayout(&project);
  layout->initializeDefaults();
  layout->setName(name);
  layout->pageCollection()->page(0)->setPageSize(paper == Paper::A3 ? QStringLiteral("A3") : QStringLiteral("A4"),
                                                 QgsLayoutItemPage::Landscape);
  Grid grid;
  if (paper == Paper::A3) grid.k = 420.0 / 297.0;
  add_map_page(*layout, grid, project, park, sheet, language, family);
  add_checks_page(*layout, grid, paper, sheet, family);
  add_point_pages(*layout, grid, paper, point_sheets, family);
  if (!layouts->addLayout(layout)) {
    delete layout;
    return fail(QStringLiteral("the project refused the layout %1").arg(name));
  }
  return layout;
}

QgsPrintLayout* lay_out_report(QgsProject& project, const QString& geopackage, Language language, Paper paper,
                               QString* error, bool points) {
  QStringList errors;
  const LabelLanguage labels = language == Language::Chinese ? LabelLanguage::Chinese : LabelLanguage::English;
  const ParkLayerSet park = add_park_layers(project, geopackage, park_name(geopackage), labels, &errors);
  if (!errors.isEmpty() || !park.parcels) {
    if (error) {
      *error = errors.isEmpty() ? QStringLiteral("%1 holds no parcels layer").arg(geopackage)
                                : errors.join(QStringLiteral("; "));
    }
    return nullptr;
  }
  set_up_project(project, park);
  return add_report_layout(project, park, language, paper, error, points);
}

bool export_report(QgsPrintLayout& layout, const QString& pdf, const QString& png_stem, QString* error) {
  QgsLayoutExporter exporter(&layout);
  QgsLayoutExporter::PdfExportSettings settings;
  settings.textRenderFormat = Qgis::TextRenderFormat::AlwaysText;  // text a reader can search and copy
  settings.rasterizeWholeImage = false;
  settings.forceVectorOutput = true;
  settings.dpi = 300;
  if (const QgsLayoutExporter::ExportResult result = exporter.exportToPdf(pdf, settings);
      result != QgsLayoutExporter::Success) {
    if (error) {
      *error = QStringLiteral("writing %1 failed (%2)")
                   .arg(pdf, result == QgsLayoutExporter::FileError ? QStringLiteral("cannot write the file")
                                                                    : QStringLiteral("export error %1").arg(result));
    }
    return false;
  }
  for (int page = 0; !png_stem.isEmpty() && page < layout.pageCollection()->pageCount(); ++page) {
    const QString path = QStringLiteral("%1-%2.png").arg(png_stem).arg(page + 1);
    const QImage image = exporter.renderPageToImage(page, QSize(), 150);
    if (image.isNull() || !image.save(path, "PNG")) {
      if (error) *error = QStringLiteral("writing %1 failed").arg(path);
      return false;
    }
  }
  return true;
}

}  // namespace parklayers::qgis
