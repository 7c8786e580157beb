# QGIS opens a land-parcel coordinate file (坐标报盘 TXT) through GDAL with the BAOPAN plugin
# (GDAL_DRIVER_PATH set to the folder of ogr_BAOPAN.so), as "Add Vector Layer" does: the layer
# is valid, with its parcels, fields, CRS and holes. The file is written here, in GBK with CRLF.
# The areas are checked against the shoelace formula on the file's own numbers.
# Usage: GDAL_DRIVER_PATH=DIR QT_QPA_PLATFORM=offscreen /usr/bin/python3 baopan_qgis_test.py
import os
import shutil
import sys
import tempfile

from qgis.core import QgsApplication, QgsVectorLayer

PARCELS = [
    ("6", "示例地块", [[(3466120.5, 40613040.25), (3466180.625, 40613040.25), (3466180.625, 40613120.5),
                         (3466120.5, 40613120.5), (3466120.5, 40613040.25)]]),
    ("7", "带孔地块", [[(3466300.0, 40613000.0), (3466400.0, 40613000.0), (3466400.0, 40613130.0),
                         (3466300.0, 40613130.0), (3466300.0, 40613000.0)],
                        [(3466320.0, 40613020.0), (3466350.0, 40613020.0), (3466350.0, 40613060.0),
                         (3466320.0, 40613060.0), (3466320.0, 40613020.0)]]),
]


def shoelace(ring):
    x0, y0 = ring[0]
    twice = sum((a[1] - y0) * (b[0] - x0) - (b[1] - y0) * (a[0] - x0) for a, b in zip(ring, ring[1:]))
    return abs(twice) / 2


def file_text():
    lines = ["[属性描述]", "坐标系=2000国家大地坐标系", "几度分带=3", "带号=40", "[地块坐标]"]
    for pid, name, rings in PARCELS:
        area = shoelace(rings[0]) - sum(shoelace(r) for r in rings[1:])
        lines.append(f"{sum(len(r) for r in rings)},{area / 10000:.4f},{pid},{name},面,,工业用地,,@")
        n = 1
        for k, ring in enumerate(rings, start=1):
            for north, east in ring:
                lines.append(f"J{n},{k},{north:.3f},{east:.3f}")
                n += 1
    return "\r\n".join(lines) + "\r\n"


def main():
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    folder = tempfile.mkdtemp(prefix="parklayers-baopan-qgis-")
    path = os.path.join(folder, "red.txt")
    with open(path, "wb") as out:
        out.write(file_text().encode("gbk"))
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(path, "x", "ogr")
    check(layer.isValid(), "the layer is not valid")
    if layer.isValid():
        check(layer.dataProvider().storageType() == "BAOPAN", "driver " + layer.dataProvider().storageType())
        check(layer.featureCount() == 2, f"{layer.featureCount()} features")
        check([f.name() for f in layer.fields()] ==
              ["id", "name", "use", "stated_area_ha", "point_count", "sheet", "land_class"],
              "fields " + str([f.name() for f in layer.fields()]))
        check(layer.crs().authid() == "EPSG:4528", "CRS " + layer.crs().authid())
        features = list(layer.getFeatures())
        for feature, (pid, name, rings) in zip(features, PARCELS):
            check(feature["id"] == pid, f"id {feature['id']}")
            check(feature["name"] == name, f"name {feature['name']}")
            check(feature["point_count"] == sum(len(r) for r in rings), f"point_count {feature['point_count']}")
            polygon = feature.geometry().asPolygon()
            check(len(polygon) == len(rings), f"{pid}: {len(polygon)} rings")
            expected = shoelace(rings[0]) - sum(shoelace(r) for r in rings[1:])
            area = feature.geometry().area()
            check(abs(area - expected) <= expected * 1e-9, f"{pid}: area {area} against {expected}")
            check(abs(polygon[0][0].x() - rings[0][0][1]) < 1e-9 and abs(polygon[0][0].y() - rings[0][0][0]) < 1e-9,
                  f"{pid}: first vertex {polygon[0][0].toString()} (x must be the easting Y)")
        del features
    del layer
    app.exitQgis()
    shutil.rmtree(folder, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
