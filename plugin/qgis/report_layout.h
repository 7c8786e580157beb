// SPDX-License-Identifier: GPL-2.0-or-later
// The park's report as a QGIS print layout: page 1 the map (the park's layers as the project
// styles them, parcels labelled with name and area in mu, legend, scale bar, north arrow, CRS,
// centre coordinates, title), page 2 the checks of the stated figures (wording, accepted
// interval, computed value, method, status in colour), the sources cited and the provenance (how
// good the geometry is, the date, the Park Layers version, the input). Every word and rule on the
// sheet is the core's (parklayers/park/sheet.h); this only places items. Shared by the plugin and
// the parklayers-qgis-report / parklayers-qgis-project tools (library parklayers_qgis_layout,
// qgis_core only). Main thread only.
#pragma once

#include <QString>

#include "park_layers.h"
#include "parklayers/park/report.h"

class QgsPrintLayout;
class QgsProject;

namespace parklayers::qgis {

enum class Paper { A4, A3 };

// The layout's name in the project's layout manager: "Park report" / "园区报告".
QString report_layout_name(Language language);

// The font family the sheet is set in: for Chinese, an installed font with Chinese characters
// (Noto Sans CJK SC, Source Han Sans SC, WenQuanYi...), empty when there is none (Chinese would
// show as empty boxes); for English, DejaVu Sans or another Latin font.
QString report_font_family(Language language);

// Adds the report layout of `park` to project.layoutManager(), named report_layout_name(language)
// (an earlier layout of that name is replaced), and returns it (the project's layout manager owns
// it); nullptr, with *error set, when the park cannot be reported (no parcels layer, or its
// GeoPackage's area_checks table or metadata cannot be read).
//
// `park` is what add_park_layers() returned for this project: its layers must be in `project`
// (the map draws the layers of park.name's group, in the group's order and styles, so the parcels'
// labels are in the language add_park_layers / set_parcel_labels gave them). The checks, the
// sources and the provenance are read from park.geopackage (the built park: its area_checks table,
// the parcels' provenance and accuracy_m, the PARKLAYERS_SOURCE / PARKLAYERS_VERSION metadata).
// The map is drawn in the project's CRS (set_up_project), else the parcels'. Paper is landscape.
// With `points`, each parcel's boundary-point table (parklayers/park/boundary_points.h, from the
// park's parcels layer) follows on pages of its own, a parcel starting a page.
QgsPrintLayout* add_report_layout(QgsProject& project, const ParkLayerSet& park, Language language,
                                  Paper paper, QString* error = nullptr, bool points = false);

// The sheet of the built park in `geopackage` laid out in `project`, a project of the caller's
// with nothing else in it: the park's layers added (parcels labelled in `language`), the
// project's CRS set from them, then add_report_layout. nullptr, with *error set, when that fails.
// For the programs that export a sheet (parklayers-qgis-report, Processing's report); clear the
// project before QGIS exits.
QgsPrintLayout* lay_out_report(QgsProject& project, const QString& geopackage, Language language, Paper paper,
                               QString* error = nullptr, bool points = false);

// Exports the layout as a PDF whose text stays text (searchable, copyable) and, when png_stem is
// not empty, each page N as png_stem-N.png at 150 dpi. False, with *error naming the file, when one
// cannot be written.
bool export_report(QgsPrintLayout& layout, const QString& pdf, const QString& png_stem, QString* error = nullptr);

}  // namespace parklayers::qgis
