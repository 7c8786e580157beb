#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The park built into PostGIS opens laid out in QGIS from the database (PyQGIS, no display):

- `parklayers build -o PG:... --qgis-project`, as a role that logs in with a password given in
  the PG: name, writes the park's tables into schema anting_park and the project into
  anting_park.qgis_projects;
- QGIS's own project storage lists the project in the schema and reads it, with the password
  taken from PGPASSWORD (the project holds none): the park's group, every layer valid and read
  from the schema's table through the postgres provider, styles, labels, relations, CRS, extent;
- the stored project (the .qgz's text) names no password;
- the tables opened alone get their default style from public.layer_styles.

Usage: project_in_postgres_test.py PARKLAYERS PG_SERVER_DIR PSQL"""
import io
import os
import re
import subprocess
import sys
import zipfile

GROUP = "Anting International Medical Industry Park"
SCHEMA = "anting_park"
LAYER_ORDER = ["amenities", "buildings", "parcels", "roads", "park_boundary", "tenants", "area_checks"]
ROLE, PASSWORD = "parklayers_pw", "parklayers-secret-pw"

failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": %s" % (detail,)) if detail != "" else ""), flush=True)
    if not ok:
        failures.append(name)


def run(*command):
    return subprocess.run(list(command), capture_output=True, text=True)


class Server:
    def __init__(self, folder, psql):
        with open(os.path.join(folder, "conninfo")) as f:
            self.conninfo = f.read().strip()
        words = dict(word.split("=", 1) for word in self.conninfo.split())
        self.host, self.port, self.user = words["host"], words["port"], words["user"]
        self.psql = psql

    def sql(self, database, statement):
        result = run(self.psql, "%s dbname=%s" % (self.conninfo, database), "-qAt", "-v", "ON_ERROR_STOP=1",
                     "-c", statement)
        if result.returncode != 0:
            raise RuntimeError("psql: %s: %s" % (statement, result.stderr))
        return result.stdout.rstrip("\n")


def main():
    parklayers, server = sys.argv[1], Server(sys.argv[2], sys.argv[3])
    database = "qgis_project_%d" % os.getpid()
    server.sql("postgres", "create database %s template parks_template" % database)
    try:
        # The role writes into the database as a colleague's account would: it may create schemas
        # and QGIS's public.layer_styles.
        server.sql(database, "grant create on database %s to %s" % (database, ROLE))
        server.sql(database, "grant create on schema public to %s" % ROLE)
        run_checks(parklayers, server, database)
    finally:
        server.sql("postgres", "drop database if exists %s with (force)" % database)
    print("%d failed" % len(failures))
    return 1 if failures else 0


def run_checks(parklayers, server, database):
    name = "PG:host=%s port=%s dbname=%s user=%s password=%s" % (server.host, server.port, database, ROLE, PASSWORD)
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    result = subprocess.run([parklayers, "build", "-o", name, "--qgis-project"], capture_output=True, text=True,
                            env=env)
    check("parklayers build -o PG: exits 0", result.returncode == 0, result.stderr.strip())
    check("it reports the stored project", 'Stored the QGIS project "%s"' % GROUP in result.stdout,
          result.stdout.strip()[-300:])
    check("no password in its output", PASSWORD not in result.stdout + result.stderr)

    names = server.sql(database, "select name from %s.qgis_projects" % SCHEMA)
    check("anting_park.qgis_projects holds the park's project, once", names == GROUP, names)
    content = server.sql(database, "select encode(content, 'hex') from %s.qgis_projects" % SCHEMA)
    with zipfile.ZipFile(io.BytesIO(bytes.fromhex(content))) as archive:
        texts = [archive.read(member).decode("utf-8", "replace") for member in archive.namelist()]
    qgs = "".join(texts)
    check("the stored project is a .qgz holding a project", "<qgis " in qgs and "</qgis>" in qgs,
          [len(t) for t in texts])
    check("the stored project names no password", PASSWORD not in qgs and "password=" not in qgs)
    check("the stored project reads the schema's tables through the postgres provider",
          # each layer at least twice: its <datasource> and the layer tree's source (XML-escaped);
          # the drawn ones again in the report layout's map and legend
          qgs.count('table="%s".' % SCHEMA) + qgs.count("table=&quot;%s&quot;." % SCHEMA) >= 2 * len(LAYER_ORDER)
          and qgs.count(">postgres</provider>") == len(LAYER_ORDER), qgs.count(">postgres</provider>"))
    check("the stored project does not point at the temporary GeoPackage", ".gpkg" not in qgs)
    check("the stored project holds the report layout", re.search(r'<Layout [^>]*name="园区报告"', qgs) is not None)

    # QGIS finds the password where libpq does, never in the project.
    os.environ["PGPASSWORD"] = PASSWORD
    from qgis.core import QgsApplication, QgsProject
    app = QgsApplication([], False)
    app.initQgis()
    try:
        read_project(server, database)
    finally:
        QgsProject.instance().clear()
        app.exitQgis()


def read_project(server, database):
    from qgis.core import QgsApplication, QgsDataSourceUri, QgsLayerTreeLayer, QgsProject, QgsVectorLayer

    # A table opened alone: QGIS applies its default style from public.layer_styles.
    uri = QgsDataSourceUri()
    uri.setConnection(server.host, server.port, database, ROLE, "")
    uri.setDataSource(SCHEMA, "parcels", "geom", "", "fid")
    parcels = QgsVectorLayer(uri.uri(False), "parcels", "postgres")
    check("the parcels table opens alone", parcels.isValid())
    if parcels.isValid():
        renderer = parcels.renderer()
        check("alone, parcels are categorised by phase (public.layer_styles)",
              renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "phase", renderer.type())
        check("alone, parcels are labelled", parcels.labelsEnabled())
    del parcels

    storage_uri = "postgresql://%s@%s:%s/?dbname=%s&schema=%s" % (ROLE, server.host, server.port, database, SCHEMA)
    storage = QgsApplication.projectStorageRegistry().projectStorageFromType("postgresql")
    listed = storage.listProjects(storage_uri) if storage else []
    check("QGIS lists the project in the schema", listed == [GROUP], listed)

    project = QgsProject.instance()
    project_uri = "postgresql://%s@%s:%s/?dbname=%s&schema=%s&project=%s" % (
        ROLE, server.host, server.port, database, SCHEMA, GROUP)
    check("QgsProject.read(postgresql://...)", project.read(project_uri), project.error())

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
            source = QgsDataSourceUri(layer.source())
            check("layer %s is %s.%s through postgres" % (name, SCHEMA, name),
                  layer.providerType() == "postgres" and source.schema() == SCHEMA and source.table() == name
                  and source.database() == database and source.password() == "",
                  "%s %s" % (layer.providerType(), source.uri(False)))
            count = server.sql(database, "select count(*) from %s.%s" % (SCHEMA, name))
            check("layer %s has the table's %s rows" % (name, count), str(layer.featureCount()) == count,
                  layer.featureCount())
    parcels = layers.get("parcels")
    if parcels is None or not parcels.isValid():
        return
    renderer = parcels.renderer()
    values = sorted(str(c.value()) for c in renderer.categories()) if renderer.type() == "categorizedSymbol" else []
    check("parcels categorised by phase", renderer.type() == "categorizedSymbol"
          and renderer.classAttribute() == "phase" and {"1", "2", "3"} <= set(values), values)
    label = parcels.labeling().settings().fieldName if parcels.labeling() else ""
    check("parcels labelled with name_zh and area_mu", parcels.labelsEnabled() and "name_zh" in label
          and "area_mu" in label, label)
    check("buildings graduated by storeys", layers["buildings"].renderer().type() == "graduatedSymbol")

    relations = project.relationManager().relations()
    check("two relations", sorted(relations) == ["parklayers_building_tenants", "parklayers_parcel_buildings"],
          sorted(relations))
    parcel_buildings = relations.get("parklayers_parcel_buildings")
    if parcel_buildings is not None and parcel_buildings.isValid():
        parcel = next(f for f in parcels.getFeatures() if f["id"] == "P3")
        children = sorted(f["id"] for f in parcel_buildings.getRelatedFeatures(parcel))
        expected = server.sql(database, "select string_agg(id, ',' order by id) from %s.buildings "
                                        "where parcel_id = 'P3'" % SCHEMA).split(",")
        check("P3's buildings through the relation", children == expected, children)
    else:
        check("relation parcels -> buildings valid", False)
    tenants_of = relations.get("parklayers_building_tenants")
    check("relation buildings -> tenants valid", tenants_of is not None and tenants_of.isValid())

    check("project CRS is CGCS2000 GK CM 120E", project.crs().authid() == "EPSG:4549", project.crs().authid())
    check("project ellipsoid is the park's (WGS 84)", project.ellipsoid() == "EPSG:7030", project.ellipsoid())
    extent = project.viewSettings().defaultViewExtent()
    check("default view: the park", not extent.isEmpty() and extent.crs().authid() == "EPSG:4549",
          extent.toString(0))


if __name__ == "__main__":
    sys.exit(main())
