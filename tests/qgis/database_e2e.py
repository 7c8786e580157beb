# SPDX-License-Identifier: GPL-2.0-or-later
"""Run by QGIS itself (qgis.bin --code) from run_qgis_test.py: the Park Layers plugin with
PostgreSQL. The test makes a database of its own on the tests' server (PARKLAYERS_E2E_PG_DIR,
tests/support/pg_server), puts the bundled Anting park into its schema anting_park and a
land-parcel coordinate file into the table land.stated (GDAL's PostgreSQL driver), and saves two
PostgreSQL connections in QGIS's settings the way QGIS saves one (QgsProviderConnection API): one
that connects, one with a wrong password. Then:
- "Load Park Source…", its dialog filled in as a user would (A database, the connection, the
  schema it lists), adds the park's layers in a group named after the schema and the checks dock,
  the parcels' areas those of PostGIS's ST_Area(geom::geography);
- Processing `check` on the connection and schema reports what it reports on the park's folder;
  `check` on the PostgreSQL layer land.stated passes both parcels (their stated areas are their
  shoelace areas); `convert` of the PostgreSQL layer of parcels, with a filter on the layer, writes
  the parcels it selects with PostGIS's areas; `build` and `convert` into a schema of the
  database through the saved connection (an existing schema replaced only with OVERWRITE);
- check through a connection whose credentials are in QGIS's authentication database (authcfg)
  and through one naming a service of a pg_service.conf reports the same;
- the connection with the wrong password (tried first) is refused, in the dialog, the message bar
  and Processing,
  with words naming the host and database, and the password appears nowhere: not in the message
  bar, the dialog, QGIS's log, task descriptions or Processing's messages.
Every assertion goes to the results file (PARKLAYERS_E2E_RESULTS)."""
import json
import os
import subprocess
import sys

from osgeo import gdal, ogr
from qgis.core import (Qgis, QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsDistanceArea,
                       QgsProcessingContext, QgsProject, QgsProviderRegistry,
                       QgsVectorLayer)
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (QAction, QApplication, QComboBox, QDockWidget, QLabel, QRadioButton,
                                 QTableWidget)
from qgis.utils import iface

# QGIS runs this file's text, so it has no __file__: the folder comes from the environment.
sys.path.insert(0, os.environ["PARKLAYERS_E2E_TESTS"])
from coordinate_file import PARCELS, planar_m2, write_coordinate_file  # noqa: E402
from e2e import (RecordingFeedback, check, finish, group_layers, guarded, messages, wait_until,  # noqa: E402
                 write_results)

WORK = os.environ.get("PARKLAYERS_E2E_WORK", "/tmp")
LOCALE = os.environ.get("PARKLAYERS_E2E_LOCALE", "")
GEODATA = os.environ["PARKLAYERS_E2E_GEODATA"]  # geodata/anting of the source tree
PG_DIR = os.environ["PARKLAYERS_E2E_PG_DIR"]
CHINESE = LOCALE == "zh_CN"
GOOD, WRONG = "parks e2e", "parks e2e wrong password"
AUTHCFG, SERVICE = "parks e2e authcfg", "parks e2e service"
WRONG_PASSWORD = "e2e-wrong-pw-7Xq"
RIGHT_PASSWORD = "parklayers-secret-pw"  # of the role parklayers_pw (tests/support/pg_server)
SCHEMA = "anting_park"

# The test's database stays until the tests' server is removed (pg_server stop): dropping it under
# QGIS's open PostgreSQL layers would make QGIS ask for credentials on its way out.
state = {}
# Every text QGIS logs (QgsMessageLog) and every task's description, searched for the password.
logged = []


def server():
    """host, port and user of the tests' server, from its conninfo file."""
    with open(os.path.join(PG_DIR, "conninfo")) as f:
        return dict(word.split("=", 1) for word in f.read().split())


def psql(database, sql, check_errors=True):
    s = server()
    run = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", s["host"], "-p", s["port"],
                          "-U", s["user"], "-d", database, "-c", sql], capture_output=True, text=True)
    if check_errors and run.returncode != 0:
        raise RuntimeError("psql: %s" % run.stderr)
    return run.stdout


def gdal_database():
    s = server()
    return "PG:host=%s port=%s user=%s dbname=%s" % (s["host"], s["port"], s["user"], state["database"])


def save_connection(name, user, password):
    """Saves a PostgreSQL connection as QGIS's own "New Connection" dialog does."""
    s = server()
    uri = QgsDataSourceUri()
    uri.setConnection(s["host"], s["port"], state["database"], user, password)
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    # QGIS's dialog keeps the user and password in its settings when "Store" is ticked for them.
    connection = metadata.createConnection(uri.uri(False), {"saveUsername": True, "savePassword": bool(password)})
    metadata.saveConnection(connection, name)


def save_uri(name, uri):
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {"saveUsername": True, "savePassword": True}),
                            name)


def postgres_layer(schema, table, name, subset=""):
    s = server()
    uri = QgsDataSourceUri()
    uri.setConnection(s["host"], s["port"], state["database"], s["user"], "")
    uri.setDataSource(schema, table, "geom", subset)
    return QgsVectorLayer(uri.uri(False), name, "postgres")


def database_words():
    """What the messages about the test's database must name: its host, port and name."""
    s = server()
    return "database %s on %s:%s" % (state["database"], s["host"], s["port"])


def postgis_areas(table, key):
    rows = psql(state["database"], "select %s, ST_Area(geom::geography) from %s" % (key, table))
    return {line.split("|")[0]: float(line.split("|")[1]) for line in rows.splitlines() if line}


def fill_database_dialog(connection, schema, then):
    """Triggers Load Park Source… and picks a database in its dialog; then(dialog texts)."""
    iface.messageBar().clearWidgets()

    @guarded
    def fill_in():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if w.objectName() == "parkLayersLoadSourceDialog" and w.isVisible()), None)
        check("load-source dialog opens (%s)" % connection, dialog is not None)
        if dialog is None:
            return
        database = dialog.findChild(QRadioButton, "parkLayersSourceIsDatabase")
        check("the dialog offers %s" % ("数据库" if CHINESE else "A database"),
              database is not None and database.text() == ("数据库" if CHINESE else "A database"),
              database.text() if database else None)
        database.setChecked(True)
        connections = dialog.findChild(QComboBox, "parkLayersSourceConnection")
        names = [connections.itemText(i) for i in range(connections.count())]
        check("the dialog lists the saved PostgreSQL connections", {GOOD, WRONG} <= set(names), names)
        connections.setCurrentText(connection)
        schemas = dialog.findChild(QComboBox, "parkLayersSourceSchema")
        listed = [schemas.itemText(i) for i in range(schemas.count())]
        status = dialog.findChild(QLabel, "parkLayersSourceDatabaseStatus").text()
        schemas.setEditText(schema)
        dialog.accept()
        QTimer.singleShot(0, lambda: then(listed, status))

    QTimer.singleShot(300, fill_in)
    iface.mainWindow().findChild(QAction, "parkLayersLoadSourceAction").trigger()  # modal until accepted


@guarded
def start():
    QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: logged.append(text))
    QgsApplication.taskManager().taskAdded.connect(
        lambda task_id: logged.append(QgsApplication.taskManager().task(task_id).description()))

    state["database"] = "qgis_e2e_%s_%d" % ((LOCALE or "en").lower(), os.getpid())
    psql("postgres", "drop database if exists %s" % state["database"])
    psql("postgres", "create database %s template parks_template" % state["database"])
    # The park as its sources are, in a schema of its own; a schema with no park beside it.
    psql(state["database"], "create schema %s; create schema roads_only; create schema land" % SCHEMA)
    for name in ("parcels", "buildings", "roads", "amenities", "tenants", "stated_figures"):
        path = os.path.join(GEODATA, name + (".csv" if name in ("tenants", "stated_figures") else ".geojson"))
        done = gdal.VectorTranslate(gdal_database(), path, format="PostgreSQL", layerName=name,
                                    layerCreationOptions=["SCHEMA=" + SCHEMA, "GEOMETRY_NAME=geom"])
        check("%s into %s.%s" % (os.path.basename(path), SCHEMA, name), done is not None)
        done = None
    done = gdal.VectorTranslate(gdal_database(), os.path.join(GEODATA, "roads.geojson"), format="PostgreSQL",
                                layerName="roads", layerCreationOptions=["SCHEMA=roads_only", "GEOMETRY_NAME=geom"])
    done = None
    # A coordinate file's parcels in a table (read by the plugin's BAOPAN driver in QGIS's GDAL).
    coordinates = os.path.join(WORK, "stated.txt")
    write_coordinate_file(coordinates)
    done = gdal.VectorTranslate(gdal_database(), coordinates, format="PostgreSQL", layerName="stated",
                                layerCreationOptions=["SCHEMA=land", "GEOMETRY_NAME=geom"])
    check("the coordinate file into land.stated", done is not None)
    done = None

    save_connection(GOOD, server()["user"], "")
    save_connection(WRONG, "parklayers_pw", WRONG_PASSWORD)
    fill_database_dialog(WRONG, SCHEMA, wrong_password_accepted)


@guarded
def database_accepted(listed, status):
    check("the dialog lists the schema holding a park, and not the others", listed == [SCHEMA], listed)
    check("the dialog says it found one park", "1" in status and "cannot connect" not in status, status)
    wait_until(lambda: group_layers(SCHEMA), "the park in the schema is loaded in a group named after it",
               park_loaded, timeout=90)


@guarded
def park_loaded(layers):
    by_name = {layer.name(): layer for layer in layers}
    check("the park's layers are valid", layers and all(layer.isValid() for layer in layers), sorted(by_name))
    parcels = by_name.get("parcels")
    check("its parcels are the schema's 3", parcels is not None and parcels.featureCount() == 3,
          parcels.featureCount() if parcels else None)
    if parcels is not None:
        # Independent route: PostGIS's own ellipsoidal area of each parcel in the database.
        expected = postgis_areas("%s.parcels" % SCHEMA, "id")
        areas = {f["id"]: f["area_m2"] for f in parcels.getFeatures()}
        check("the parcels' area_m2 are PostGIS's ST_Area(geom::geography) to 1e-8",
              set(areas) == set(expected) and all(abs(areas[k] - expected[k]) <= 1e-8 * expected[k] for k in expected),
              (areas, expected))
    iface.mainWindow().findChild(QAction, "parkLayersCheckAction").trigger()
    dock = iface.mainWindow().findChild(QDockWidget, "parkLayersCheckDock")
    table = dock.findChild(QTableWidget, "parkLayersCheckTable") if dock else None
    checks_layer = by_name.get("area_checks")
    rows = table.rowCount() if table else 0
    check("the checks dock lists every stated figure of the database's park",
          dock is not None and dock.isVisible() and checks_layer is not None and rows == checks_layer.featureCount()
          and rows > 0, "%d rows" % rows)
    columns = {table.horizontalHeaderItem(c).data(Qt.UserRole): c for c in range(table.columnCount())} if table else {}
    state["dock_statuses"] = sorted(table.item(r, columns["status"]).text() for r in range(rows)) if table else []
    QTimer.singleShot(0, processing)


@guarded
def processing():
    registry = QgsApplication.processingRegistry()
    context = QgsProcessingContext()
    algorithm = registry.createAlgorithmById("parklayers:check")
    names = {p.name() for p in algorithm.parameterDefinitions()}
    check("check takes CONNECTION, SCHEMA and SOURCE_LAYER", {"CONNECTION", "SCHEMA", "SOURCE_LAYER"} <= names, names)
    folder, ok_folder = algorithm.run({}, context, RecordingFeedback())
    feedback = RecordingFeedback()
    database, ok = algorithm.run({"CONNECTION": GOOD, "SCHEMA": SCHEMA}, context, feedback)
    keys = ("PASSED", "FAILED", "INCOMPLETE", "ALL_PASS")
    check("check on the connection and schema reports what it reports on the park's folder",
          ok and ok_folder and database.get("PASSED", 0) > 0 and all(database.get(k) == folder.get(k) for k in keys),
          (database, folder))
    counts = {"pass": database.get("PASSED"), "fail": database.get("FAILED"), "incomplete": database.get("INCOMPLETE")}
    check("and what the dock shows", sorted(s for s, n in counts.items() for _ in range(n or 0)) ==
          state.get("dock_statuses"), (counts, state.get("dock_statuses")))
    check("its messages name the database", any(database_words() in t for t in feedback.texts), feedback.texts)

    # A PostgreSQL layer of the project: the coordinate file's parcels, checked against their
    # stated areas (the shoelace areas of their coordinates).
    stated = postgres_layer("land", "stated", "stated")
    check("the PostgreSQL layer land.stated is valid", stated.isValid())
    QgsProject.instance().addMapLayer(stated)
    outputs, ok = algorithm.run({"SOURCE_LAYER": stated, "REPORT": os.path.join(WORK, "stated.json")}, context,
                                RecordingFeedback())
    check("check on the PostgreSQL layer land.stated passes both parcels",
          ok and outputs.get("PASSED") == 2 and outputs.get("FAILED") == 0, outputs)
    report = os.path.join(WORK, "stated.json")
    rows = json.load(open(report, encoding="utf-8"))["checks"] if os.path.exists(report) else []
    computed = {r["id"]: r["computed"] for r in rows}
    expected = {pid: planar_m2(rings) / 10000 for pid, _, rings in PARCELS}
    check("its computed areas are the shoelace areas", set(computed) == set(expected)
          and all(abs(computed[k] - expected[k]) < 1e-9 for k in expected), (computed, expected))

    # convert of a PostgreSQL layer, with the layer's own filter.
    parcels = postgres_layer(SCHEMA, "parcels", "parcels in the database", "phase >= 2")
    check("the PostgreSQL layer %s.parcels is valid" % SCHEMA, parcels.isValid())
    QgsProject.instance().addMapLayer(parcels)
    convert = registry.createAlgorithmById("parklayers:convert")
    formats = convert.parameterDefinition("FORMATS").options()
    out = os.path.join(WORK, "converted")
    outputs, ok = convert.run({"INPUT_LAYER": parcels, "FORMATS": [formats.index("GPKG")], "OUTPUT": out}, context,
                              RecordingFeedback())
    written = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs if f.endswith(".gpkg")]
    check("convert of the PostgreSQL layer writes one GeoPackage", ok and len(written) == 1, (outputs, written))
    if written:
        dataset = ogr.Open(written[0])
        layer = dataset.GetLayer(0) if dataset else None
        ids = sorted(f.GetField("id") for f in layer) if layer else []
        check("it holds the parcels the layer's filter selects", ids == ["P2", "P3"], ids)
        reopened = QgsVectorLayer(written[0], "reopened", "ogr")
        measure = QgsDistanceArea()
        measure.setSourceCrs(reopened.crs(), QgsProject.instance().transformContext())
        check("measured on WGS 84", measure.setEllipsoid("EPSG:7030"))
        areas = {f["id"]: measure.measureArea(f.geometry()) for f in reopened.getFeatures()}
        expected = postgis_areas("%s.parcels" % SCHEMA, "id")
        check("the written parcels have PostGIS's areas (QGIS's ellipsoidal measure, 1e-6)",
              areas and all(abs(areas[k] - expected[k]) <= 1e-6 * expected[k] for k in areas), (areas, expected))
        del reopened
        layer = dataset = None

    database_outputs(registry, context, parcels)
    other_connections(registry, context, folder)

    # A connection whose password is wrong, in Processing.
    feedback = RecordingFeedback()
    outputs, ok = algorithm.run({"CONNECTION": WRONG, "SCHEMA": SCHEMA}, context, feedback)
    check("check on the connection with a wrong password fails", not ok, outputs)
    check("Processing says which database refused", any(database_words() in t for t in feedback.texts), feedback.texts)
    check("Processing never shows the password", not any(WRONG_PASSWORD in t for t in feedback.texts), feedback.texts)
    feedback = RecordingFeedback()
    outputs, ok = registry.createAlgorithmById("parklayers:build").run(
        {"OUTPUT_CONNECTION": WRONG, "OUTPUT_SCHEMA": "never_written"}, context, feedback)
    check("build into the connection with a wrong password fails, naming the database, never the password",
          not ok and any(database_words() in t for t in feedback.texts)
          and not any(WRONG_PASSWORD in t for t in feedback.texts), feedback.texts[-2:])
    check("QGIS's log and task descriptions never show a password",
          logged and not any(WRONG_PASSWORD in text or RIGHT_PASSWORD in text for text in logged), len(logged))
    finish()


def database_outputs(registry, context, parcels):
    """build and convert into a schema of the database, through the saved connection."""
    build = registry.createAlgorithmById("parklayers:build")
    feedback = RecordingFeedback()
    outputs, ok = build.run({"OUTPUT_CONNECTION": GOOD, "OUTPUT_SCHEMA": "built_park"}, context, feedback)
    tables = set(psql(state["database"], "select table_name from information_schema.tables "
                                         "where table_schema = 'built_park'").split())
    check("build into OUTPUT_CONNECTION writes the park's tables into the schema",
          ok and {"parcels", "buildings", "roads", "amenities", "tenants", "area_checks", "park_boundary"} <= tables,
          (outputs, sorted(tables), feedback.texts[-3:]))
    if ok:
        built = {line.split("|")[0]: (float(line.split("|")[1]), float(line.split("|")[2])) for line in psql(
            state["database"], "select id, area_m2, ST_Area(geom::geography) from built_park.parcels").splitlines()}
        check("the built parcels' area_m2 are PostGIS's ST_Area(geom::geography) to 1e-8",
              len(built) == 3 and all(abs(a - b) <= 1e-8 * b for a, b in built.values()), built)
    count = psql(state["database"], "select count(*) from built_park.parcels", check_errors=False).strip()
    outputs, ok = build.run({"OUTPUT_CONNECTION": GOOD, "OUTPUT_SCHEMA": "built_park"}, context, RecordingFeedback())
    check("build into an existing schema without OVERWRITE is refused, the schema unchanged",
          not ok and psql(state["database"], "select count(*) from built_park.parcels").strip() == count == "3",
          outputs)
    outputs, ok = build.run({"OUTPUT_CONNECTION": GOOD, "OUTPUT_SCHEMA": "built_park", "OVERWRITE": True}, context,
                            RecordingFeedback())
    check("with OVERWRITE it is replaced", ok, outputs)

    convert = registry.createAlgorithmById("parklayers:convert")
    outputs, ok = convert.run({"INPUT_LAYER": parcels, "OUTPUT_CONNECTION": GOOD, "OUTPUT_SCHEMA": "converted"},
                              context, RecordingFeedback())
    tables = psql(state["database"], "select table_name from information_schema.tables "
                                     "where table_schema = 'converted'").split()
    check("convert of a PostgreSQL layer into OUTPUT_CONNECTION writes one table into the schema",
          ok and tables == ["parcels"], (outputs, tables))
    if tables == ["parcels"]:
        ids = sorted(psql(state["database"], "select id from converted.parcels").split())
        check("the table holds the parcels the layer's filter selects", ids == ["P2", "P3"], ids)


def other_connections(registry, context, folder):
    """Connections that keep their credentials elsewhere: in QGIS's authentication database
    (authcfg, for the role that needs a password) and in a pg_service.conf (service=)."""
    psql(state["database"], "grant usage on schema %s to parklayers_pw; "
                            "grant select on all tables in schema %s to parklayers_pw" % (SCHEMA, SCHEMA))
    manager = QgsApplication.authManager()
    check("QGIS's authentication database takes a master password", manager.setMasterPassword("e2e-master", True))
    config = QgsAuthMethodConfig("Basic")
    config.setName("parklayers_pw")
    config.setConfig("username", "parklayers_pw")
    config.setConfig("password", RIGHT_PASSWORD)
    check("the authentication configuration is stored", manager.storeAuthenticationConfig(config)[0])
    s = server()
    uri = QgsDataSourceUri()
    uri.setConnection(s["host"], s["port"], state["database"], "", "", QgsDataSourceUri.SslPrefer, config.id())
    save_uri(AUTHCFG, uri)
    with open(os.path.join(WORK, "pg_service.conf"), "w") as f:
        f.write("[parks_e2e]\nhost=%s\nport=%s\nuser=%s\ndbname=%s\n" % (s["host"], s["port"], s["user"],
                                                                         state["database"]))
    os.environ["PGSERVICEFILE"] = os.path.join(WORK, "pg_service.conf")  # libpq reads it at each connection
    uri = QgsDataSourceUri()
    uri.setConnection("parks_e2e", "", "", "")
    save_uri(SERVICE, uri)

    algorithm = registry.createAlgorithmById("parklayers:check")
    keys = ("PASSED", "FAILED", "INCOMPLETE", "ALL_PASS")
    for name in (AUTHCFG, SERVICE):
        feedback = RecordingFeedback()
        outputs, ok = algorithm.run({"CONNECTION": name, "SCHEMA": SCHEMA}, context, feedback)
        check("check through the connection %s reports what it reports on the park's folder" % name,
              ok and all(outputs.get(k) == folder.get(k) for k in keys), (outputs, feedback.texts[-3:]))
        check("and never shows the password of the authentication configuration",
              not any(RIGHT_PASSWORD in t for t in feedback.texts))


@guarded
def wrong_password_accepted(listed, status):
    check("the dialog lists no schema for the wrong password", listed == [], listed)
    check("the dialog says which database refused", database_words() in status, status)
    check("the dialog does not show the password", WRONG_PASSWORD not in status, status)
    wait_until(lambda: next((m for m in messages() if "password authentication failed" in m), None),
               "the message bar says the database refused the password", wrong_password_reported)


@guarded
def wrong_password_reported(message):
    check("the message names the host and the database", database_words() in message, message)
    said = messages()
    check("the message bar never shows the password", not any(WRONG_PASSWORD in m for m in said), said)
    fill_database_dialog(GOOD, SCHEMA, database_accepted)


write_results(False)
QTimer.singleShot(0, start)
