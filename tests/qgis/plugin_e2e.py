# SPDX-License-Identifier: GPL-2.0-or-later
"""Run by QGIS itself (qgis.bin --code) from run_qgis_test.py: drives the Park Layers plugin
like a user, records every assertion in the results file (PARKLAYERS_E2E_RESULTS) and exits
QGIS. --code runs before the event loop, so the work is done from timers."""
import json
import os
import subprocess
import time
import traceback

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsDistanceArea, QgsExpression, QgsExpressionContext, QgsExpressionContextUtils,
                       QgsLayerTreeLayer, QgsLayoutItemLabel, QgsLayoutItemMap, QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer)
from qgis.gui import QgsFileWidget, QgsProjectionSelectionWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer
from qgis.PyQt.QtGui import QImage
from qgis.PyQt.QtWidgets import QAction, QApplication, QDockWidget, QListWidget, QTableWidget, QToolBar, QWidget
from qgis.utils import iface

RESULTS = os.environ["PARKLAYERS_E2E_RESULTS"]
IMAGE = os.environ["PARKLAYERS_E2E_IMAGE"]
WORK = os.environ.get("PARKLAYERS_E2E_WORK", "/tmp")
LOCALE = os.environ.get("PARKLAYERS_E2E_LOCALE", "")  # zh_CN: the Chinese interface and labels
GROUP = "Anting International Medical Industry Park"
LAYER_ORDER = ["amenities", "buildings", "parcels", "roads", "park_boundary", "tenants", "area_checks"]
ACTIONS = ["parkLayersLoadAction", "parkLayersCheckAction", "parkLayersExportAction", "parkLayersReportAction"]

results = []
state = {"started": time.time()}


def check(name, ok, detail=""):
    results.append({"name": name, "ok": bool(ok), "detail": str(detail)})
    write_results(False)  # so that a hang still shows how far the test came


def write_results(done):
    with open(RESULTS, "w") as f:
        json.dump({"checks": results, "done": done}, f, indent=1)


def finish():
    write_results(True)
    QTimer.singleShot(100, iface.actionExit().trigger)


def guarded(step):
    """Runs a step; an exception is a failed assertion and ends the test."""
    def run():
        try:
            step()
        except Exception:  # noqa: BLE001 - every error must reach the results file
            check("step %s raised" % step.__name__, False, traceback.format_exc())
            finish()
    return run


def main_window_child(kind, name):
    return iface.mainWindow().findChild(kind, name)


@guarded
def start():
    for name in ACTIONS:
        check("action %s exists" % name, main_window_child(QAction, name) is not None)
    check("toolbar parkLayersToolBar exists", main_window_child(QToolBar, "parkLayersToolBar") is not None)
    vector_menu = iface.vectorMenu()
    titles = [a.text().replace("&", "") for a in vector_menu.actions()]
    check("'Park Layers' menu under Vector", "Park Layers" in titles, titles)

    provider = QgsApplication.processingRegistry().providerById("parklayers")
    check("processing provider parklayers registered", provider is not None)
    algorithms = sorted(a.id() for a in provider.algorithms()) if provider else []
    check("provider has build, check and convert",
          {"parklayers:build", "parklayers:check", "parklayers:convert"} <= set(algorithms), algorithms)
    check("expression functions area_mu and area_ha registered",
          QgsExpression.isFunctionName("area_mu") and QgsExpression.isFunctionName("area_ha"))

    load = main_window_child(QAction, "parkLayersLoadAction")
    if load is None:
        finish()
        return
    state["load_started"] = time.time()
    load.trigger()
    QTimer.singleShot(200, wait_for_group)


@guarded
def wait_for_group():
    group = QgsProject.instance().layerTreeRoot().findGroup(GROUP)
    if group is not None and len(group.findLayers()) >= len(LAYER_ORDER):
        check("load action yields the park group", True, "%.1f s" % (time.time() - state["load_started"]))
        QTimer.singleShot(0, chinese_labels if LOCALE == "zh_CN" else inspect_layers)
        return
    if time.time() - state["load_started"] > 60:
        check("load action yields the park group within 60 s", False,
              [c.name() for c in QgsProject.instance().layerTreeRoot().children()])
        finish()
        return
    QTimer.singleShot(200, wait_for_group)


def park_layers():
    group = QgsProject.instance().layerTreeRoot().findGroup(GROUP)
    return {node.layer().name(): node.layer() for node in group.children() if isinstance(node, QgsLayerTreeLayer)}


@guarded
def inspect_layers():
    group = QgsProject.instance().layerTreeRoot().findGroup(GROUP)
    order = [node.name() for node in group.children()]
    check("layers in order", order == LAYER_ORDER, order)
    layers = park_layers()
    for name in LAYER_ORDER:
        layer = layers.get(name)
        check("layer %s valid" % name, layer is not None and layer.isValid(),
              "%d features" % layer.featureCount() if layer else "missing")
    parcels, buildings = layers["parcels"], layers["buildings"]
    check("parcels: 3 features", parcels.featureCount() == 3, parcels.featureCount())

    renderer = parcels.renderer()
    # The core's default style: a category for each of the park's phases, and one for any other.
    phases = {str(f["phase"]) for f in parcels.getFeatures()}
    values = {str(c.value()) for c in renderer.categories()} if renderer.type() == "categorizedSymbol" else set()
    check("parcels renderer categorized by phase",
          renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "phase"
          and phases <= values, sorted(values))
    check("parcels labels enabled", parcels.labelsEnabled() and parcels.labeling() is not None)
    label_field = parcels.labeling().settings().fieldName if parcels.labeling() else ""
    check("parcels labelled with name_en and area_mu", "name_en" in label_field and "area_mu" in label_field,
          label_field)
    check("buildings graduated by storeys", buildings.renderer().type() == "graduatedSymbol"
          and buildings.renderer().classAttribute() == "storeys", buildings.renderer().type())
    amenities = layers["amenities"].renderer()
    labels = [c.label() for c in amenities.categories()] if amenities.type() == "categorizedSymbol" else []
    check("amenities by kind, planned distinct",
          any("planned" in l for l in labels) and any("existing" in l for l in labels), labels)
    check("roads categorized by kind", layers["roads"].renderer().type() == "categorizedSymbol")

    relations = QgsProject.instance().relationManager().relations()
    check("at least one relation", len(relations) >= 1, sorted(relations))
    tenants_of = relations.get("parklayers_building_tenants")
    check("relation buildings -> tenants valid", tenants_of is not None and tenants_of.isValid())
    parcel_buildings = relations.get("parklayers_parcel_buildings")
    check("relation parcels -> buildings valid", parcel_buildings is not None and parcel_buildings.isValid())
    if parcel_buildings is not None:
        parcel = next(f for f in parcels.getFeatures() if f["id"] == "P3")
        children = [f["id"] for f in parcel_buildings.getRelatedFeatures(parcel)]
        check("P3's buildings through the relation", sorted(children) == ["B3-1", "B3-2"], children)

    check("project CRS is CGCS2000 GK CM 120E", QgsProject.instance().crs().authid() == "EPSG:4549",
          QgsProject.instance().crs().authid())
    QTimer.singleShot(0, expressions)


@guarded
def expressions():
    parcels = park_layers()["parcels"]
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(parcels))
    worst = 0.0
    for feature in parcels.getFeatures():
        context.setFeature(feature)
        for function, field in (("area_mu", "area_mu"), ("area_ha", "area_ha")):
            expression = QgsExpression("%s($geometry)" % function)
            value = expression.evaluate(context)
            if expression.hasEvalError() or value is None:
                check("%s of %s" % (function, feature["id"]), False, expression.evalErrorString())
                continue
            worst = max(worst, abs(value - feature[field]) / feature[field])
    check("area_mu/area_ha($geometry) agree with the core's areas (rel. 1e-6)", worst < 1e-6, "%.2e" % worst)
    expression = QgsExpression("area_mu(geom_from_wkt('POINT(121 31)'))")
    check("area_mu of a point is 0", expression.evaluate(context) == 0)
    QTimer.singleShot(0, screenshot)


@guarded
def screenshot():
    canvas = iface.mapCanvas()

    def save():
        if state.get("saved"):
            return
        state["saved"] = True
        canvas.saveAsImage(IMAGE)
        world_file = os.path.splitext(IMAGE)[0] + ".pgw"  # saveAsImage's georeference: not for the README
        if os.path.exists(world_file):
            os.remove(world_file)
        image = QImage(IMAGE)
        colours = set()
        if not image.isNull():
            step_x, step_y = max(1, image.width() // 64), max(1, image.height() // 64)
            for y in range(0, image.height(), step_y):
                for x in range(0, image.width(), step_x):
                    colours.add(image.pixel(x, y))
        check("canvas PNG saved", not image.isNull(), "%s %dx%d" % (IMAGE, image.width(), image.height()))
        check("canvas PNG is not blank", len(colours) > 8, "%d colours sampled" % len(colours))
        QTimer.singleShot(0, checks_dock)

    canvas.mapCanvasRefreshed.connect(save)
    canvas.refresh()
    QTimer.singleShot(15000, guarded(save))


@guarded
def checks_dock():
    main_window_child(QAction, "parkLayersCheckAction").trigger()
    dock = main_window_child(QDockWidget, "parkLayersCheckDock")
    check("check dock shown", dock is not None and dock.isVisible())
    table = dock.findChild(QTableWidget, "parkLayersCheckTable") if dock else None
    checks_layer = park_layers()["area_checks"]
    rows = table.rowCount() if table else 0
    check("check dock lists every stated figure", rows == checks_layer.featureCount() and rows > 0,
          "%d rows, %d checks" % (rows, checks_layer.featureCount()))
    # Columns by the key on their header item, whatever the language of the header.
    columns = {table.horizontalHeaderItem(c).data(Qt.UserRole): c for c in range(table.columnCount())} if table else {}
    check("check dock has a method column", "method" in columns and "status" in columns, columns)
    status_column, method_column = columns.get("status", 0), columns.get("method", 0)
    statuses = {table.item(r, status_column).text() for r in range(rows)} if table else set()
    check("statuses are pass/fail/incomplete", statuses and statuses <= {"pass", "fail", "incomplete"}, statuses)
    # The park's land areas are ellipsoidal; a floor area or a count has no method.
    methods = {}
    for r in range(rows):
        quantity = table.item(r, 1).text().split(" ")[-1]
        methods.setdefault(quantity, set()).add(table.item(r, method_column).data(Qt.UserRole) or "")
    check("land areas are ellipsoidal, other figures have no method",
          methods.get("land_area") == {"ellipsoidal"} and methods.get("floor_area") == {""}, methods)
    # F01 is about parcel_phase:3: clicking its row selects the phase 3 parcel.
    row = next((r for r in range(rows) if table.item(r, 1).text().startswith("parcel_phase:3")), None)
    parcels = park_layers()["parcels"]
    if row is not None:
        table.cellClicked.emit(row, 0)
        selected = [f["phase"] for f in parcels.selectedFeatures()]
        check("clicking parcel_phase:3 selects the phase 3 parcel", selected == [3], selected)
    else:
        check("a parcel_phase:3 row exists", False)
    QTimer.singleShot(0, processing)


def declared_parameters(registry):
    """Each algorithm's parameters are its command's declarations: the declared help is the
    parameter's description, the declared details its help (parklayers-docgen declarations)."""
    path = os.path.join(WORK, "declarations.json")
    made = subprocess.run([os.environ["PARKLAYERS_E2E_DOCGEN"], "declarations", path], capture_output=True, text=True)
    check("parklayers-docgen writes the declarations", made.returncode == 0, made.stderr)
    with open(path, encoding="utf-8") as file:
        declarations = json.load(file)
    compared = 0
    for name in ("area", "build", "check", "convert", "report"):
        algorithm = registry.createAlgorithmById("parklayers:" + name)
        for argument in declarations[name]:
            if not argument["processing"] or argument["names"] in ("SOURCE", "INPUT"):
                continue
            parameter = algorithm.parameterDefinition(argument["processing"])
            shown = (parameter.description(), parameter.help()) if parameter else None
            english = argument["help"].replace("\n", " ")
            # In zh_CN the description is the declared help's translation (i18n, parklayers::command).
            description = QCoreApplication.translate("parklayers::command", english) if LOCALE == "zh_CN" else english
            check("parklayers:%s %s is %s as declared" % (name, argument["processing"], argument["names"]),
                  shown == (description, argument["details"])
                  and (LOCALE != "zh_CN" or any("\u4e00" <= c <= "\u9fff" for c in description)), shown)
            compared += 1
    check("declared parameters compared", compared >= 35, compared)


@guarded
def processing():
    registry = QgsApplication.processingRegistry()
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    declared_parameters(registry)
    algorithm = registry.createAlgorithmById("parklayers:check")
    outputs, ok = algorithm.run({}, context, feedback)
    check("parklayers:check runs on the bundled park", ok and outputs.get("ALL_PASS") is True
          and outputs.get("PASSED", 0) > 0, outputs)
    out = os.path.join(WORK, "built.gpkg")
    algorithm = registry.createAlgorithmById("parklayers:build")
    outputs, ok = algorithm.run({"OUTPUT": out}, context, feedback)
    check("parklayers:build writes a GeoPackage", ok and os.path.getsize(out) > 0, outputs)
    # Areas through Processing, read back by QGIS and measured again by QgsDistanceArea on the
    # ellipsoid of the layer's CRS.
    measured = os.path.join(WORK, "parcels-areas.gpkg")
    algorithm = registry.createAlgorithmById("parklayers:area")
    outputs, ok = algorithm.run({"INPUT": out, "LAYER": "parcels", "OUTPUT": measured}, context, feedback)
    layer = QgsVectorLayer(measured, "measured", "ogr")
    distance = QgsDistanceArea()
    distance.setSourceCrs(layer.crs(), QgsProject.instance().transformContext())
    distance.setEllipsoid(layer.crs().ellipsoidAcronym())
    pairs = [(f["area_m2"], distance.measureArea(f.geometry())) for f in layer.getFeatures()]
    check("parklayers:area writes every parcel's area_m2, as QGIS measures it within 0.1 %",
          ok and outputs.get("FEATURES") == len(pairs) > 0
          and all(abs(ours - theirs) <= 1e-3 * theirs for ours, theirs in pairs), (outputs, pairs[:3]))
    algorithm = registry.createAlgorithmById("parklayers:convert")
    if algorithm is None:
        check("parklayers:convert exists", False)
        finish()
        return
    folder = os.path.join(WORK, "converted")
    formats = algorithm.parameterDefinition("FORMATS").options()
    outputs, ok = algorithm.run({"INPUT": out, "FORMATS": [formats.index("GeoJSON")], "TARGET_CRS": "EPSG:4549",
                                 "OUTPUT": folder}, context, feedback)
    parcels = os.path.join(folder, "built", "parcels.geojson")
    check("parklayers:convert writes GeoJSON", ok and os.path.exists(parcels), outputs)
    # The report sheet through Processing, in both languages, read back by poppler's pdftotext.
    algorithm = registry.createAlgorithmById("parklayers:report")
    check("parklayers:report exists", algorithm is not None)
    for language, words in ((0, ["13.5 mu", "pass", "Modelled, not surveyed"]), (1, ["13.5 亩", "通过", "模拟绘制"])):
        if algorithm is None:
            break
        pdf = os.path.join(WORK, "report-%d.pdf" % language)
        outputs, ok = algorithm.run({"LANGUAGE": language, "OUTPUT": pdf}, context, feedback)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout \
            if ok and os.path.exists(pdf) else ""
        check("parklayers:report writes the sheet (language %d) with %s" % (language, words),
              ok and outputs.get("ALL_PASS") is True and all(w in text for w in words), (outputs, text[:600]))
    QTimer.singleShot(0, export_dialog)


@guarded
def export_dialog():
    folder = os.path.join(WORK, "exported")
    os.makedirs(folder)

    def fill_in():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "parkLayersExportDialog" and w.isVisible()), None)
        check("export dialog opens", dialog is not None)
        if dialog is None:
            return
        dialog.findChild(QgsFileWidget).setFilePath(folder)
        formats = dialog.findChild(QListWidget)
        for i in range(formats.count()):
            item = formats.item(i)
            item.setCheckState(Qt.Checked if item.text() in ("GPKG", "GeoJSON") else Qt.Unchecked)
        # PyQt hands the widget out as a QWidget: cast it to the class its meta-object names.
        crs = next((w for w in dialog.findChildren(QWidget)
                    if w.metaObject().className() == "QgsProjectionSelectionWidget"), None)
        check("export dialog has a CRS field", crs is not None)
        if crs is not None:
            sip.cast(crs, QgsProjectionSelectionWidget).setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
        dialog.accept()

    QTimer.singleShot(300, guarded(fill_in))
    state["export_started"] = time.time()
    main_window_child(QAction, "parkLayersExportAction").trigger()  # modal: returns when accepted
    state["export_folder"] = folder
    QTimer.singleShot(200, wait_for_export)


@guarded
def wait_for_export():
    folder = state["export_folder"]
    wanted = [os.path.join(folder, "anting_park.gpkg"), os.path.join(folder, "anting_park", "parcels.geojson")]
    if all(os.path.exists(path) for path in wanted):
        check("export task writes GPKG and GeoJSON", True, "%.1f s" % (time.time() - state["export_started"]))
        exported = QgsVectorLayer(wanted[0] + "|layername=parcels", "exported", "ogr")
        check("exported GPKG is in the CRS picked in the dialog", exported.isValid()
              and exported.crs().authid() == "EPSG:4549", exported.crs().authid())
        QTimer.singleShot(0, report_designer)
        return
    if time.time() - state["export_started"] > 30:
        found = [os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs]
        check("export task writes GPKG and GeoJSON within 30 s", False, found)
        finish()
        return
    QTimer.singleShot(200, wait_for_export)


def menu_texts(menu):
    return [a.text().replace("&", "") for a in menu.actions()] if menu is not None else []


@guarded
def start_zh_cn():
    """QGIS in zh_CN: the plugin's menu, actions and labels in Chinese."""
    check("QGIS locale is zh_CN", QgsApplication.locale() == "zh_CN", QgsApplication.locale())
    vector = iface.vectorMenu()
    check("'园区图层' menu under Vector", "园区图层" in menu_texts(vector), menu_texts(vector))
    menu = next((a.menu() for a in vector.actions() if a.text().replace("&", "") == "园区图层"), None)
    texts = menu_texts(menu)
    check("menu items in Chinese", {"加载安亭园区", "面积核对", "导出园区…", "打印报告…", "中文标注"} <= set(texts), texts)
    chinese = main_window_child(QAction, "parkLayersChineseLabelsAction")
    check("'中文标注' checked by default in zh_CN", chinese is not None and chinese.isChecked())
    declared_parameters(QgsApplication.processingRegistry())  # the Processing descriptions in Chinese
    load = main_window_child(QAction, "parkLayersLoadAction")
    check("load action's tooltip in Chinese", load is not None and "安亭" in load.toolTip(),
          load.toolTip() if load else "")
    state["load_started"] = time.time()
    load.trigger()
    QTimer.singleShot(200, wait_for_group)


def parcel_label():
    parcels = park_layers()["parcels"]
    return parcels.labeling().settings().fieldName if parcels.labelsEnabled() and parcels.labeling() else ""


@guarded
def chinese_labels():
    label = parcel_label()
    check("parcels labelled with name_zh and 亩", label.startswith('coalesce("name_zh"') and "亩" in label, label)
    main_window_child(QAction, "parkLayersChineseLabelsAction").trigger()  # off: English labels
    label = parcel_label()
    check("unchecking '中文标注' labels with name_en and mu", label.startswith('coalesce("name_en"')
          and label.endswith("' mu'"), label)
    main_window_child(QAction, "parkLayersChineseLabelsAction").trigger()  # back on, for the next run
    QTimer.singleShot(0, report_designer)


@guarded
def report_designer():
    """"Print Report…": the park's report laid out in the project and opened in the designer, in
    the language of the parcels' labels."""
    main_window_child(QAction, "parkLayersReportAction").trigger()
    name = "园区报告" if LOCALE == "zh_CN" else "Park report"
    manager = QgsProject.instance().layoutManager()
    layout = manager.layoutByName(name)
    check("report layout '%s' in the project" % name, layout is not None,
          [l.name() for l in manager.printLayouts()])
    if layout is None:
        finish()
        return
    check("report has a map page and a checks page", layout.pageCollection().pageCount() == 2,
          layout.pageCollection().pageCount())
    items = layout.items()
    kinds = {type(item).__name__ for item in items}
    check("report has a map, a legend, a scale bar and a north arrow",
          {"QgsLayoutItemMap", "QgsLayoutItemLegend", "QgsLayoutItemScaleBar", "QgsLayoutItemPicture"} <= kinds,
          sorted(kinds))
    maps = [item for item in items if isinstance(item, QgsLayoutItemMap)]
    parcels = park_layers()["parcels"]
    drawn = maps[0].layersToRender() if maps else []
    check("report's map draws the park's parcels", any(layer.id() == parcels.id() for layer in drawn),
          [layer.name() for layer in drawn])
    texts = " ".join(item.currentText() for item in items if isinstance(item, QgsLayoutItemLabel))
    words = ["安亭", "模拟绘制"] if LOCALE == "zh_CN" else ["Anting", "Modelled, not surveyed"]
    check("report's labels name the park and say the geometry is modelled", all(w in texts for w in words), texts)
    designers = [d for d in iface.openLayoutDesigners() if d.layout() is not None and d.layout().name() == name]
    check("layout designer opened on the report", len(designers) == 1,
          [d.layout().name() for d in iface.openLayoutDesigners() if d.layout() is not None])
    for designer in designers:
        designer.close()
    finish()


write_results(False)
QTimer.singleShot(0, start_zh_cn if LOCALE == "zh_CN" else start)
