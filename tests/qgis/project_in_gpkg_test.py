#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The built GeoPackage opens laid out in any QGIS, without the plugin (PyQGIS, no display):

- `parklayers build` writes the GeoPackage with its default styles (layer_styles), which QGIS
  applies when it opens the plain layers;
- parklayers-qgis-project stores a QGIS project in it (qgis_projects; run twice, it replaces
  its project); the GeoPackage is then copied to another folder and the original removed, and
  QGIS reads the project from the copy: the park's group, every layer valid and read from the
  copy, parcels categorised by phase and labelled, the relations, the project CRS and default
  view, the report layout (园区报告) with its map and checks table.

Usage: project_in_gpkg_test.py PARKLAYERS PARKLAYERS_QGIS_PROJECT"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

GROUP = "Anting International Medical Industry Park"
LAYER_ORDER = ["amenities", "buildings", "parcels", "roads", "park_boundary", "tenants", "area_checks"]

failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": %s" % (detail,)) if detail != "" else ""), flush=True)
    if not ok:
        failures.append(name)


def run(*command):
    return subprocess.run(list(command), capture_output=True, text=True)


def main():
    parklayers, tool = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="parklayers-project-")
    try:
        run_checks(parklayers, tool, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d failed" % len(failures))
    return 1 if failures else 0


def run_checks(parklayers, tool, work):
    os.makedirs(os.path.join(work, "built"))
    built = os.path.join(work, "built", "anting_park.gpkg")
    result = run(parklayers, "build", "-q", "-o", built)
    check("parklayers build exits 0", result.returncode == 0, result.stderr.strip())
    plain = os.path.join(work, "plain.gpkg")
    shutil.copy2(built, plain)  # without a project
    for attempt in ("", " again"):
        result = run(tool, built)
        check("parklayers-qgis-project%s exits 0" % attempt, result.returncode == 0, result.stdout.strip())
        check("it reports the stored project", 'Stored the QGIS project "%s"' % GROUP in result.stdout,
              result.stdout.strip())
    with sqlite3.connect(built) as db:
        names = [row[0] for row in db.execute("SELECT name FROM qgis_projects")]
    check("qgis_projects holds the park's project, once", names == [GROUP], names)
    result = run(tool, os.path.join(work, "missing.gpkg"))
    check("parklayers-qgis-project on a missing file exits 1", result.returncode == 1, result.stdout.strip())
    result = run(tool)
    check("parklayers-qgis-project without a file exits 2", result.returncode == 2)

    # Elsewhere, under the same file name, with the original gone.
    os.makedirs(os.path.join(work, "colleague"))
    copy = os.path.join(work, "colleague", "anting_park.gpkg")
    shutil.copy2(built, copy)
    shutil.rmtree(os.path.join(work, "built"))

    from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
    app = QgsApplication([], False)
    app.initQgis()
    try:
        read_project(copy, plain)
    finally:
        QgsProject.instance().clear()
        app.exitQgis()


def read_project(copy, plain):
    from qgis.core import QgsApplication, QgsLayerTreeLayer, QgsProject, QgsVectorLayer

    # The default styles of the plain GeoPackage (layer_styles), applied by QGIS itself.
    parcels = QgsVectorLayer(plain + "|layername=parcels", "parcels", "ogr")
    renderer = parcels.renderer()
    check("plain GeoPackage: parcels open categorised by phase (layer_styles)",
          renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "phase", renderer.type())
    check("plain GeoPackage: parcels labelled", parcels.labelsEnabled())
    buildings = QgsVectorLayer(plain + "|layername=buildings", "buildings", "ogr")
    check("plain GeoPackage: buildings graduated by storeys", buildings.renderer().type() == "graduatedSymbol")
    del parcels, buildings

    storage = QgsApplication.projectStorageRegistry().projectStorageFromType("geopackage")
    listed = storage.listProjects("geopackage:" + copy) if storage else []
    check("QGIS lists the project in the copied GeoPackage", listed == [GROUP], listed)

    project = QgsProject.instance()
    uri = "geopackage:%s?projectName=%s" % (copy, GROUP)
    check("QgsProject.read(%r)" % uri, project.read(uri), project.error())

    group = project.layerTreeRoot().findGroup(GROUP)
    check("group named after the park", group is not None)
    if group is None:
        return
    order = [node.name() for node in group.children()]
    check("layers in order", order == LAYER_ORDER, order)
    layers = {node.layer().name(): node.layer() for node in group.children() if isinstance(node, QgsLayerTreeLayer)}
    for name in LAYER_ORDER:
        layer = layers.get(name)
        valid = layer is not None and layer.isValid()
        check("layer %s valid" % name, valid, layer.featureCount() if valid else "missing or invalid")
        if valid:
            path = layer.source().split("|")[0]
            check("layer %s read from the copy" % name, os.path.exists(path) and os.path.samefile(path, copy), path)
    parcels = layers.get("parcels")
    if parcels is None or not parcels.isValid():
        return
    check("parcels: 3 features", parcels.featureCount() == 3, parcels.featureCount())
    renderer = parcels.renderer()
    values = sorted(str(c.value()) for c in renderer.categories()) if renderer.type() == "categorizedSymbol" else []
    check("parcels categorised by phase", renderer.type() == "categorizedSymbol"
          and renderer.classAttribute() == "phase" and {"1", "2", "3"} <= set(values), values)
    label = parcels.labeling().settings().fieldName if parcels.labeling() else ""
    check("parcels labelled with name_zh and area_mu", parcels.labelsEnabled() and "name_zh" in label
          and "area_mu" in label, label)
    check("buildings graduated by storeys", layers["buildings"].renderer().type() == "graduatedSymbol")
    amenity_labels = [c.label() for c in layers["amenities"].renderer().categories()]
    check("amenities: planned distinct from existing", any("planned" in l for l in amenity_labels)
          and any("existing" in l for l in amenity_labels))

    relations = project.relationManager().relations()
    check("two relations", sorted(relations) == ["parklayers_building_tenants", "parklayers_parcel_buildings"],
          sorted(relations))
    parcel_buildings = relations.get("parklayers_parcel_buildings")
    if parcel_buildings is not None and parcel_buildings.isValid():
        parcel = next(f for f in parcels.getFeatures() if f["id"] == "P3")
        children = sorted(f["id"] for f in parcel_buildings.getRelatedFeatures(parcel))
        check("P3's buildings through the relation", children == ["B3-1", "B3-2"], children)
    else:
        check("relation parcels -> buildings valid", False)
    tenants_of = relations.get("parklayers_building_tenants")
    check("relation buildings -> tenants valid", tenants_of is not None and tenants_of.isValid())

    check("project CRS is CGCS2000 GK CM 120E", project.crs().authid() == "EPSG:4549", project.crs().authid())
    check("project ellipsoid is the park's (WGS 84)", project.ellipsoid() == "EPSG:7030", project.ellipsoid())
    extent = project.viewSettings().defaultViewExtent()
    check("default view: the park", not extent.isEmpty() and extent.crs().authid() == "EPSG:4549",
          extent.toString(0))

    # The report sheet as a print layout in the labels' language (Chinese by default): its map
    # draws the park's layers, a table holds the checks.
    from qgis.core import QgsLayoutItemMap, QgsLayoutItemManualTable
    layout = project.layoutManager().layoutByName("园区报告")
    check("the project holds the layout 园区报告", layout is not None,
          [l.name() for l in project.layoutManager().layouts()])
    if layout is not None:
        check("the layout has two pages", layout.pageCollection().pageCount() == 2, layout.pageCollection().pageCount())
        maps = [i for i in layout.items() if isinstance(i, QgsLayoutItemMap)]
        drawn = sorted(l.name() for l in maps[0].layers()) if maps else []
        check("its map draws the park's layers", drawn == ["amenities", "buildings", "parcels", "park_boundary",
                                                              "roads"], drawn)
        tables = [f for f in layout.multiFrames() if isinstance(f, QgsLayoutItemManualTable)]
        rows = tables[0].tableContents() if tables else []
        check("its table holds the 12 checks", len(rows) == 12, len(rows))
        check("F01 passes, in Chinese", bool(rows) and rows[0][0].content() == "F01"
              and rows[0][6].content() == "通过", [c.content() for c in rows[0]] if rows else None)


if __name__ == "__main__":
    sys.exit(main())
