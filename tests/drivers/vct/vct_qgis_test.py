# SPDX-License-Identifier: GPL-2.0-or-later
# QGIS opens a VCT file's layers through GDAL with the VCT plugin (GDAL_DRIVER_PATH set to the
# folder of ogr_VCT.so), as "Add Vector Layer" does: each layer valid, with its features, fields,
# values and CRS. The file is written here as text, in GBK with CRLF; the areas are checked
# against the shoelace formula on the numbers written.
# Usage: GDAL_DRIVER_PATH=DIR QT_QPA_PLATFORM=offscreen /usr/bin/python3 vct_qgis_test.py
import os
import shutil
import sys
import tempfile

from qgis.core import QgsApplication, QgsVectorDataProvider, QgsVectorLayer

X0, Y0 = 39500000.125, 3500000.25
# Parcel 1: a direct polygon with a hole; parcel 2: indirect, made of line 101 and line 102 reversed.
OUTER = [(X0, Y0), (X0 + 100.5, Y0), (X0 + 100.5, Y0 + 80.25), (X0, Y0 + 80.25), (X0, Y0)]
HOLE = [(X0 + 20, Y0 + 20), (X0 + 40.5, Y0 + 20), (X0 + 40.5, Y0 + 50.75), (X0 + 20, Y0 + 50.75), (X0 + 20, Y0 + 20)]
LINE_101 = [(X0 + 200, Y0), (X0 + 260.5, Y0), (X0 + 260.5, Y0 + 50)]
LINE_102 = [(X0 + 200, Y0), (X0 + 200, Y0 + 50), (X0 + 260.5, Y0 + 50)]
RING_2 = LINE_101 + list(reversed(LINE_102))[1:]


def shoelace(ring):
    x0, y0 = ring[0]
    twice = sum((ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0)
                for i in range(len(ring) - 1))
    return abs(twice) / 2


def xy(point):
    return f"{point[0]:.4f},{point[1]:.4f}"


def vct_text():
    lines = ["HeadBegin", "DataMark:LANDUSE-VCT", "Version:3.0", "CoordinateSystemType:P", "Dim:2",
             "XAxisDirection:E", "YAxisDirection:N", "XYUnit:M", "Spheroid:CGCS2000,6378137.0,298.257222101",
             "PrimeMeridian:Greenwich", "Projection:高斯-克吕格投影", "Parameters:117,1,39500000,0,3,39",
             "Separator:,", "HeadEnd",
             "FeatureCodeBegin", "2001010000,地类图斑,Polygon,DLTB", "2001020000,界址点,Point,JZD", "FeatureCodeEnd",
             "TableStructureBegin", "DLTB,3", "BSM,Int4", "DLMC,Char,60", "TBMJ,Float,15,2", "0",
             "JZD,2", "BSM,Int4", "JZDH,Char,10", "0", "TableStructureEnd",
             "PointBegin", "11", "2001020000", "Unknown", "1", "1", xy((X0 + 5, Y0 + 5)), "0", "PointEnd",
             "LineBegin"]
    for bsm, points in (("101", LINE_101), ("102", LINE_102)):
        lines += [bsm, "1000000000", "Unknown", "1", "1", "11", str(len(points))] + [xy(p) for p in points] + ["0"]
    lines += ["LineEnd", "PolygonBegin", "1", "2001010000", "Unknown", "1", xy((X0 + 10, Y0 + 10)), "2"]
    for ring in (OUTER, HOLE):
        lines += ["11", str(len(ring))] + [xy(p) for p in ring]
    lines += ["0", "2", "2001010000", "Unknown", "100", xy((X0 + 230, Y0 + 20)), "21", "2", "101,-102", "0",
              "PolygonEnd", "AttributeBegin", "DLTB", "1,1,水田,7400.25", "2,2,果园，旱地,3025", "TableEnd",
              "JZD", "11,11,J1", "TableEnd", "AttributeEnd"]
    return "\r\n".join(lines) + "\r\n"


def main():
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    folder = tempfile.mkdtemp(prefix="parklayers-vct-qgis-")
    path = os.path.join(folder, "survey.vct")
    with open(path, "wb") as out:
        out.write(vct_text().encode("gbk"))
    app = QgsApplication([], False)
    app.initQgis()
    # The file as a whole: QGIS lists its two layers to choose from.
    whole = QgsVectorLayer(path, "survey", "ogr")
    sublayers = whole.dataProvider().subLayers() if whole.isValid() else []
    check(len(sublayers) == 2 and "DLTB" in sublayers[0] and "JZD" in sublayers[1], "sublayers " + str(sublayers))
    del whole
    dltb = QgsVectorLayer(path + "|layername=DLTB", "DLTB", "ogr")
    check(dltb.isValid(), "DLTB is not valid")
    if dltb.isValid():
        check(dltb.dataProvider().storageType() == "VCT", "driver " + dltb.dataProvider().storageType())
        check(not (dltb.dataProvider().capabilities() & QgsVectorDataProvider.AddFeatures), "DLTB takes new features")
        check(dltb.featureCount() == 2, f"{dltb.featureCount()} features")
        check([f.name() for f in dltb.fields()] == ["BSM", "DLMC", "TBMJ"], "fields " + str(dltb.fields().names()))
        check(dltb.crs().authid() == "EPSG:4527", "CRS " + dltb.crs().authid())
        expected = {1: ("水田", shoelace(OUTER) - shoelace(HOLE)), 2: ("果园,旱地", shoelace(RING_2))}
        for feature in dltb.getFeatures():
            name, area = expected[feature.id()]
            check(feature["BSM"] == feature.id(), f"BSM {feature['BSM']} of FID {feature.id()}")
            check(feature["DLMC"] == name, f"DLMC {feature['DLMC']}")
            got = feature.geometry().area()
            check(abs(got - area) <= 1e-7, f"{feature.id()}: area {got} against {area}")
    jzd = QgsVectorLayer(path + "|layername=JZD", "JZD", "ogr")
    check(jzd.isValid(), "JZD is not valid")
    if jzd.isValid():
        points = list(jzd.getFeatures())
        check(len(points) == 1 and points[0]["JZDH"] == "J1", "JZD features")
        if points:
            p = points[0].geometry().asPoint()
            check(abs(p.x() - (X0 + 5)) < 1e-9 and abs(p.y() - (Y0 + 5)) < 1e-9, "JZD point " + p.toString())
    del dltb, jzd
    app.exitQgis()
    shutil.rmtree(folder, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
