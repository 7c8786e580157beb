# SPDX-License-Identifier: GPL-2.0-or-later
"""Run by QGIS itself (qgis.bin --code) from run_qgis_test.py: the Chinese land-data inputs in
the Park Layers plugin. A land-parcel coordinate file (坐标报盘 TXT, GBK, CRLF) written here is
checked by the Processing algorithm `check` (its stated areas are the shoelace areas of its
coordinates in ha to 4 decimals, so all pass; a copy with one figure 1 % off fails one),
written again by `convert` as BAOPAN and reopened in QGIS, and loaded through "Load Park
Source…" (the layer in the project, its checks in the dock with the method column). A DXF red
line with a CRS given is added as a plain layer. A copy of the Anting park whose parcels are a
Shapefile without .prj fails with a message naming the CRS field, and loads with the field set
to EPSG:4326. Every assertion goes to the results file (PARKLAYERS_E2E_RESULTS)."""
import json
import os
import shutil
import subprocess

import sys

import ezdxf
from osgeo import ogr, osr
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsProcessingContext,
                       QgsProcessingFeedback, QgsProject, QgsVectorLayer)
from qgis.gui import QgsFileWidget, QgsProjectionSelectionWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QAction, QApplication, QDockWidget, QRadioButton, QTableWidget, QWidget
from qgis.utils import iface

# QGIS runs this file's text, so it has no __file__: the folder comes from the environment.
sys.path.insert(0, os.environ["PARKLAYERS_E2E_TESTS"])
from coordinate_file import PARCELS, planar_m2, write_coordinate_file  # noqa: E402
from e2e import check, finish, group_layers, guarded, messages, wait_until, write_results  # noqa: E402

WORK = os.environ.get("PARKLAYERS_E2E_WORK", "/tmp")
LOCALE = os.environ.get("PARKLAYERS_E2E_LOCALE", "")
GEODATA = os.environ["PARKLAYERS_E2E_GEODATA"]  # geodata/anting of the source tree
CLI = os.environ["PARKLAYERS_E2E_CLI"]  # the parklayers command
CHINESE = LOCALE == "zh_CN"
# The dialog's CRS field as the no-CRS message names it (the plugin's translation).
CRS_FIELD = "对话框的“坐标系”栏" if CHINESE else "in the CRS field of Load Park Source"


state = {}


def load_through_dialog(path, crs=""):
    """Triggers Load Park Source… and fills its dialog as a user would."""
    iface.messageBar().clearWidgets()

    def fill_in():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "parkLayersLoadSourceDialog" and w.isVisible()), None)
        check("load-source dialog opens (%s)" % os.path.basename(path), dialog is not None)
        if dialog is None:
            return
        # PyQt hands the widget out as a QWidget: cast it to the class its meta-object names.
        crs_field = dialog.findChild(QWidget, "parkLayersSourceCrs")
        check("the dialog has the CRS field parkLayersSourceCrs", crs_field is not None
              and crs_field.metaObject().className() == "QgsProjectionSelectionWidget",
              crs_field.metaObject().className() if crs_field else None)
        crs_field = sip.cast(crs_field, QgsProjectionSelectionWidget)
        is_file = os.path.isfile(path)
        dialog.findChild(QRadioButton, "parkLayersSourceIsFile" if is_file else "parkLayersSourceIsFolder").setChecked(True)
        dialog.findChild(QgsFileWidget, "parkLayersSourcePath").setFilePath(path)
        crs_field.setCrs(
            QgsCoordinateReferenceSystem(crs) if crs else QgsCoordinateReferenceSystem())
        dialog.accept()

    QTimer.singleShot(300, guarded(fill_in))
    iface.mainWindow().findChild(QAction, "parkLayersLoadSourceAction").trigger()  # modal until accepted


def land_records(algorithm, context, feedback):
    """check with STATED, UNIT and OVERLAPS on a GeoPackage of land records: the coordinate
    file's parcels stating their areas in mu under DKMJ, and a third parcel reaching 2 m into
    parcel 6 (an overlap of 2 x 60.125 m on the plane)."""
    path = os.path.join(WORK, "records.gpkg")
    source = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    crs = osr.SpatialReference()
    crs.ImportFromEPSG(4528)
    layer = source.CreateLayer("zd", crs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("DKMJ", ogr.OFTString))
    west, east = PARCELS[0][2][0][0][1], PARCELS[0][2][0][2][1]
    south, north = PARCELS[0][2][0][0][0], PARCELS[0][2][0][1][0]
    extra = [[(south, east - 2), (north, east - 2), (north, east + 40), (south, east + 40), (south, east - 2)]]
    for rings in [r for _, _, r in PARCELS] + [extra]:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("DKMJ", "%.2f" % (planar_m2(rings) * 15 / 10000))
        polygon = ogr.Geometry(ogr.wkbPolygon)
        for ring in rings:
            line = ogr.Geometry(ogr.wkbLinearRing)
            for northing, easting in ring:
                line.AddPoint_2D(easting, northing)
            polygon.AddGeometry(line)
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
    source = None
    check("the overlap is inside parcel 6", west < east - 2)
    report = os.path.join(WORK, "records.json")
    outputs, ok = algorithm.run({"SOURCE_FILE": path, "STATED": "DKMJ", "UNIT": 1, "OVERLAPS": True,
                                 "REPORT": report}, context, feedback)
    check("check STATED DKMJ UNIT mu OVERLAPS: three parcels pass, the overlap fails",
          ok and outputs.get("PASSED") == 3 and outputs.get("FAILED") == 1, outputs)
    rows = json.load(open(report, encoding="utf-8"))["checks"] if os.path.exists(report) else []
    overlaps = [r for r in rows if r["quantity"] == "overlap"]
    check("the overlap row names features 1 and 3, about 120 m2 on the ellipsoid",
          len(overlaps) == 1 and overlaps[0]["fids"] == [1, 3]
          and abs(overlaps[0]["computed"] - 2 * (north - south)) < 0.01 * 2 * (north - south), overlaps)
    check("the parcels' rows are in mu, planar", {(r["unit"], r["method"]) for r in rows if r["quantity"] == "land_area"}
          == {("mu", "planar")}, rows)


@guarded
def start():
    state["good"] = os.path.join(WORK, "red.txt")
    state["bad"] = os.path.join(WORK, "red_off.txt")
    write_coordinate_file(state["good"])
    write_coordinate_file(state["bad"], ("7", 1.01))
    check("action parkLayersLoadSourceAction exists",
          iface.mainWindow().findChild(QAction, "parkLayersLoadSourceAction") is not None)

    registry = QgsApplication.processingRegistry()
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    algorithm = registry.createAlgorithmById("parklayers:check")
    names = [p.name() for p in algorithm.parameterDefinitions()]
    check("check has SOURCE, SOURCE_FILE, SOURCE_CRS, ENCODING, METHOD, LAYER",
          {"SOURCE", "SOURCE_FILE", "SOURCE_CRS", "ENCODING", "METHOD", "LAYER"} <= set(names), names)
    report = os.path.join(WORK, "checks.json")
    outputs, ok = algorithm.run({"SOURCE_FILE": state["good"], "REPORT": report}, context, feedback)
    check("check of the coordinate file: every parcel passes", ok and outputs.get("PASSED") == 2
          and outputs.get("FAILED") == 0 and outputs.get("ALL_PASS") is True, outputs)
    rows = json.load(open(report, encoding="utf-8"))["checks"] if os.path.exists(report) else []
    computed = {r["id"]: r["computed"] for r in rows}
    expected = {pid: planar_m2(rings) / 10000 for pid, _, rings in PARCELS}
    check("computed areas are the shoelace areas, planar",
          set(computed) == set(expected) and all(abs(computed[k] - expected[k]) < 1e-9 for k in expected)
          and {r["method"] for r in rows} == {"planar"}, (rows, expected))
    outputs, ok = algorithm.run({"SOURCE_FILE": state["bad"]}, context, feedback)
    check("check of the file with one figure 1 % off: FAILED 1", ok and outputs.get("FAILED") == 1
          and outputs.get("PASSED") == 1 and outputs.get("ALL_PASS") is False, outputs)
    # 113 km east of the central meridian the plane's scale is 1.00016: the ellipsoidal areas are
    # 0.03 % smaller than the planar ones, more than the figures' 4 decimals allow.
    outputs, ok = algorithm.run({"SOURCE_FILE": state["good"], "METHOD": 1}, context, feedback)
    check("METHOD ellipsoidal on the coordinate file fails both planar figures", ok and outputs.get("FAILED") == 2,
          outputs)
    context2, feedback2 = QgsProcessingContext(), QgsProcessingFeedback()
    outputs, ok = algorithm.run({"METHOD": 0}, context2, feedback2)
    check("METHOD planar on a park is refused", not ok, outputs)
    land_records(algorithm, context, feedback)

    convert = registry.createAlgorithmById("parklayers:convert")
    formats = convert.parameterDefinition("FORMATS").options()
    check("convert offers BAOPAN", "BAOPAN" in formats, formats)
    folder = os.path.join(WORK, "converted")
    outputs, ok = convert.run({"INPUT": state["good"], "FORMATS": [formats.index("BAOPAN")], "TXT_ENCODING": 1,
                               "OUTPUT": folder}, context, feedback)
    written = [os.path.join(r, f) for r, _, fs in os.walk(folder) for f in fs if f.endswith(".txt")]
    check("convert writes one coordinate file", ok and len(written) == 1, (outputs, written))
    if written:
        raw = open(written[0], "rb").read()
        check("the coordinate file is in GBK", "示例地块".encode("gbk") in raw)
        layer = QgsVectorLayer(written[0], "reopened", "ogr")
        check("QGIS reopens the written coordinate file", layer.isValid() and layer.featureCount() == 2
              and layer.crs().authid() == "EPSG:4528", "%s %d" % (layer.crs().authid(), layer.featureCount()))
        areas = {f["id"]: f.geometry().area() for f in layer.getFeatures()}
        check("its parcels keep their areas", all(abs(areas.get(pid, 0) - planar_m2(rings)) < 1e-6
                                                  for pid, _, rings in PARCELS), areas)
        del layer
    # XLSX: the boundary-point table, a workbook GDAL reads back with every point as written.
    check("convert offers XLSX", "XLSX" in formats, formats)
    points_folder = os.path.join(WORK, "points")
    outputs, ok = convert.run({"INPUT": state["good"], "FORMATS": [formats.index("XLSX")], "OUTPUT": points_folder},
                              context, feedback)
    books = [os.path.join(r, f) for r, _, fs in os.walk(points_folder) for f in fs if f.endswith(".xlsx")]
    check("convert XLSX writes one workbook", ok and len(books) == 1, (outputs, books))
    if books:
        book = ogr.Open(books[0])  # held while its layer is read
        rows = [(f["point"], f["x_m"], f["y_m"]) for f in book.GetLayer(0)]
        book = None
        written = [p for _, _, rings in PARCELS for ring in rings for p in ring]
        check("its rows are the parcels' points, X northing and Y easting as written",
              len(rows) == len(written) and all(abs(r[1] - p[0]) < 5e-4 and abs(r[2] - p[1]) < 5e-4
                                                for r, p in zip(rows, written)), rows)
    load_through_dialog(state["good"])
    wait_until(lambda: group_layers("red"), "the coordinate file is added as a layer", coordinate_file_loaded)


@guarded
def coordinate_file_loaded(layers):
    layer = layers[0]
    check("its layer is valid with the parcels in EPSG:4528", layer.isValid() and layer.featureCount() == 2
          and layer.crs().authid() == "EPSG:4528", "%s %d" % (layer.crs().authid(), layer.featureCount()))
    dock = iface.mainWindow().findChild(QDockWidget, "parkLayersCheckDock")
    check("the checks dock is shown", dock is not None and dock.isVisible())
    table = dock.findChild(QTableWidget, "parkLayersCheckTable")
    columns = {table.horizontalHeaderItem(c).data(Qt.UserRole): c for c in range(table.columnCount())}
    check("the dock lists the parcels' checks", table.rowCount() == 2, table.rowCount())
    rows = range(table.rowCount())
    method = [(table.item(r, columns["method"]).text(), table.item(r, columns["method"]).data(Qt.UserRole)) for r in rows]
    check("the method column shows %s" % ("平面面积" if CHINESE else "planar"),
          method == [("平面面积" if CHINESE else "planar", "planar")] * 2, method)
    statuses = [table.item(r, columns["status"]).text() for r in rows]
    check("both parcels pass", statuses == ["pass", "pass"], statuses)
    subject = [table.item(r, columns["subject"]).text() for r in rows]
    check("subjects are the parcels", subject == ["parcel:6 land_area", "parcel:7 land_area"], subject)
    table.cellClicked.emit(1, 0)
    check("clicking parcel 7's row selects it", [f["id"] for f in layer.selectedFeatures()] == ["7"],
          [f["id"] for f in layer.selectedFeatures()])

    dxf = os.path.join(WORK, "红线.dxf")
    doc = ezdxf.new("R2013")
    doc.layers.add("红线")
    doc.modelspace().add_lwpolyline([(40613040.25, 3466120.5), (40613102.875, 3466178.125), (40613010.0, 3466230.0)],
                                    close=True, dxfattribs={"layer": "红线"})
    doc.saveas(dxf)
    load_through_dialog(dxf, "EPSG:4528")
    wait_until(lambda: group_layers("红线"), "a DXF with a CRS given is added as a layer", dxf_loaded)


@guarded
def dxf_loaded(layers):
    check("the DXF's layer has the CRS given", [l.crs().authid() for l in layers] == ["EPSG:4528"] and
          layers[0].featureCount() == 1, [(l.name(), l.crs().authid(), l.featureCount()) for l in layers])
    said = messages()
    check("the message bar says it is not a park source",
          any(("不是园区源数据" if CHINESE else "not a park source") in m for m in said), said)

    park = os.path.join(WORK, "shp_park")
    shutil.copytree(GEODATA, park)
    source = ogr.Open(os.path.join(park, "parcels.geojson"))
    target = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(os.path.join(park, "parcels.shp"))
    target.CopyLayer(source.GetLayer(0), "parcels")
    target = source = None
    os.remove(os.path.join(park, "parcels.prj"))
    os.remove(os.path.join(park, "parcels.geojson"))
    state["park"] = park
    load_through_dialog(park)
    wait_until(lambda: next((m for m in messages() if "parcels" in m and CRS_FIELD in m), None),
               "a park whose parcels have no CRS fails naming the CRS field", park_refused)


@guarded
def park_refused(message):
    check("the park was not loaded", group_layers("shp_park") is None, message)
    load_through_dialog(state["park"], "EPSG:4326")
    wait_until(lambda: group_layers("shp_park"), "with the CRS field set to EPSG:4326 the park loads", park_loaded)


@guarded
def park_loaded(layers):
    by_name = {l.name(): l for l in layers}
    parcels = by_name.get("parcels")
    check("its parcels are in EPSG:4326 with 3 features", parcels is not None and parcels.featureCount() == 3
          and parcels.crs().authid() == "EPSG:4326", sorted(by_name))
    state["vct"] = os.path.join(WORK, "survey.vct")
    with open(state["vct"], "wb") as out:
        out.write(vct_text().encode("gbk"))
    load_through_dialog(state["vct"])
    wait_until(lambda: group_layers("survey"), "a land survey package (VCT) is added, grouped under its name",
               vct_loaded)


# A land survey package as VCT 3.0 (GBK, CRLF) in CGCS2000 zone 39 (EPSG:4527), its parcels on the
# central meridian, where the plane's scale is 1 to 1e-8 over them: the survey's areas are their
# shoelace areas to the cent. 图斑 1: a direct polygon of 100 x 80 m with a 20 x 30 m hole, TBMJ
# 7400.00 as the rule gives it; 图斑 2: indirect, made of line 101 and line 102 reversed, 60.5 x
# 50 m, TBMJ 3025.50, 0.5 m2 off. Beside them a layer of boundary points (界址点).
X0, Y0 = 39500000.0, 3500000.0


def vct_text():
    def xy(x, y):
        return "%.4f,%.4f" % (X0 + x, Y0 + y)
    outer = [(0, 0), (100, 0), (100, 80), (0, 80), (0, 0)]
    hole = [(20, 20), (40, 20), (40, 50), (20, 50), (20, 20)]
    line_101 = [(200, 0), (260.5, 0), (260.5, 50)]
    line_102 = [(200, 0), (200, 50), (260.5, 50)]
    lines = ["HeadBegin", "DataMark:LANDUSE-VCT", "Version:3.0", "CoordinateSystemType:P", "Dim:2",
             "XAxisDirection:E", "YAxisDirection:N", "XYUnit:M", "Spheroid:CGCS2000,6378137.0,298.257222101",
             "PrimeMeridian:Greenwich", "Projection:高斯-克吕格投影", "Parameters:117,1,39500000,0,3,39",
             "Separator:,", "HeadEnd",
             "FeatureCodeBegin", "2001010000,地类图斑,Polygon,DLTB", "2001020000,界址点,Point,JZD", "FeatureCodeEnd",
             "TableStructureBegin", "DLTB,3", "BSM,Int4", "DLMC,Char,60", "TBMJ,Float,15,2", "0",
             "JZD,2", "BSM,Int4", "JZDH,Char,10", "0", "TableStructureEnd",
             "PointBegin", "11", "2001020000", "Unknown", "1", "1", xy(0, 0), "0", "PointEnd", "LineBegin"]
    for bsm, points in (("101", line_101), ("102", line_102)):
        lines += [bsm, "1000000000", "Unknown", "1", "1", "11", str(len(points))] + [xy(*p) for p in points] + ["0"]
    lines += ["LineEnd", "PolygonBegin", "1", "2001010000", "Unknown", "1", xy(10, 10), "2"]
    for ring in (outer, hole):
        lines += ["11", str(len(ring))] + [xy(*p) for p in ring]
    lines += ["0", "2", "2001010000", "Unknown", "100", xy(230, 20), "21", "2", "101,-102", "0", "PolygonEnd",
              "AttributeBegin", "DLTB", "1,1,水田,7400.00", "2,2,果园，旱地,3025.50", "TableEnd",
              "JZD", "11,11,J1", "TableEnd", "AttributeEnd"]
    return "\r\n".join(lines) + "\r\n"


@guarded
def vct_loaded(layers):
    by_name = {l.name(): l for l in layers}
    check("every layer of the package is in its group: DLTB and JZD", sorted(by_name) == ["DLTB", "JZD"],
          sorted(by_name))
    dltb = by_name.get("DLTB")
    check("DLTB has its 2 图斑 in EPSG:4527", dltb is not None and dltb.isValid() and dltb.featureCount() == 2
          and dltb.crs().authid() == "EPSG:4527", dltb and (dltb.crs().authid(), dltb.featureCount()))
    if dltb is not None:
        areas = sorted(round(f.geometry().area(), 6) for f in dltb.getFeatures())
        check("QGIS's areas of the assembled polygons are the shoelace areas", areas == [3025.0, 7400.0], areas)
    dock = iface.mainWindow().findChild(QDockWidget, "parkLayersCheckDock")
    check("the checks dock is shown for the package", dock is not None and dock.isVisible())
    table = dock.findChild(QTableWidget, "parkLayersCheckTable")
    columns = {table.horizontalHeaderItem(c).data(Qt.UserRole): c for c in range(table.columnCount())}
    rows = range(table.rowCount())
    check("the dock lists the two 图斑' TBMJ checks", table.rowCount() == 2, table.rowCount())
    method = [(table.item(r, columns["method"]).text(), table.item(r, columns["method"]).data(Qt.UserRole)) for r in rows]
    check("the method column shows %s" % ("调查椭球面积" if CHINESE else "survey"),
          method == [("调查椭球面积" if CHINESE else "survey", "survey")] * 2, method)
    statuses = [table.item(r, columns["status"]).text() for r in rows]
    check("图斑 1 passes, 图斑 2 (0.5 m2 off) fails", statuses == ["pass", "fail"], statuses)
    # The same rows as the command line's on the same file.
    done = subprocess.run([CLI, "check", state["vct"], "--json"], capture_output=True, text=True)
    cli = json.loads(done.stdout)["checks"] if done.stdout else []
    computed = [float(table.item(r, columns["computed"]).text().split()[0]) for r in rows]
    check("the same statuses and areas as parklayers check --json",
          [r["status"] for r in cli] == statuses and len(cli) == 2
          and all(abs(c - r["computed"]) < 0.005 for c, r in zip(computed, cli)), (done.stderr, cli, computed))
    finish()


write_results(False)
QTimer.singleShot(0, start)
