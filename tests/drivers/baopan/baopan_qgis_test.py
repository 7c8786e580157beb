# SPDX-License-Identifier: GPL-2.0-or-later
# QGIS opens a land-parcel coordinate file (坐标报盘 TXT) through GDAL with the BAOPAN plugin
# (GDAL_DRIVER_PATH set to the folder of ogr_BAOPAN.so), as "Add Vector Layer" does: the layer
# is valid, with its parcels, fields, CRS and holes. The file is written here, in GBK with CRLF.
# The areas are checked against the shoelace formula on the file's own numbers.
# Usage: GDAL_DRIVER_PATH=DIR QT_QPA_PLATFORM=offscreen /usr/bin/python3 baopan_qgis_test.py
import os
import shutil
import sys
import tempfile

from qgis.core import QgsApplication, QgsVectorDataProvider, QgsVectorLayer

# The coordinate file the QGIS tests share (tests/qgis/coordinate_file.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "qgis"))
from coordinate_file import PARCELS, planar_m2, write_coordinate_file  # noqa: E402

def main():
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    folder = tempfile.mkdtemp(prefix="parklayers-baopan-qgis-")
    path = os.path.join(folder, "red.txt")
    write_coordinate_file(path)
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorLayer(path, "x", "ogr")
    check(layer.isValid(), "the layer is not valid")
    if layer.isValid():
        check(layer.dataProvider().storageType() == "BAOPAN", "driver " + layer.dataProvider().storageType())
        # QGIS tries update first; BAOPAN refuses it, so the layer is open read-only.
        check(not (layer.dataProvider().capabilities() & QgsVectorDataProvider.AddFeatures),
              "the layer takes new features")
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
            expected = planar_m2(rings)
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
