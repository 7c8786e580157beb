# SPDX-License-Identifier: GPL-2.0-or-later
# Opens converted layers with PyQGIS (the real QGIS, headless) and prints, for each, one
# tab-separated line: path, valid (1/0), feature count, renderer type, attribute of the
# renderer, labels enabled (1/0), first name_zh or "-".
# Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_check.py URI...
import sys
from qgis.core import QgsApplication, QgsVectorLayer

app = QgsApplication([], False)
app.initQgis()
for uri in sys.argv[1:]:
    layer = QgsVectorLayer(uri, "layer", "ogr")
    renderer = layer.renderer() if layer.isValid() else None
    kind = renderer.type() if renderer else "-"
    attr = renderer.classAttribute() if renderer and hasattr(renderer, "classAttribute") else "-"
    names = sorted(str(f["name_zh"]) for f in layer.getFeatures()) if layer.fields().indexOf("name_zh") >= 0 else []
    print("\t".join([uri, "1" if layer.isValid() else "0", str(layer.featureCount()), kind, attr or "-",
                     "1" if layer.labelsEnabled() else "0", names[0] if names else "-"]))
    del renderer
    del layer
app.exitQgis()
