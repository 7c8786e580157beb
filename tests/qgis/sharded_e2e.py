# SPDX-License-Identifier: GPL-2.0-or-later
"""Run by QGIS itself (qgis.bin --code) from run_qgis_test.py: a sharded cadastre in QGIS. The
test lays out docs/scale.md's cadastre.parcels on the tests' server as the coordinator
(PARKLAYERS_E2E_PG_DIR) and the shard servers of the postgres_shards fixture
(PARKLAYERS_E2E_SHARDS_DIR, tests/support/pg_shards): 600 parcels in six counties, two counties a
shard, each county a postgres_fdw foreign table; one parcel reaches across a county's border
and overlaps a parcel on each side, and one in 50 states 5 m2 too much. Then:
- QGIS's PostgreSQL provider opens the coordinator's partitioned table as one valid layer with
  every parcel, its areas (QgsDistanceArea on the ellipsoid) those of PostGIS's ST_Area(geography);
- Processing `check` on that layer (STATED stated_m2, METHOD ellipsoidal, OVERLAPS) reports
  every parcel and both overlaps: as many failures as PostGIS finds misstated parcels plus the
  two overlaps, and the same rows as `parklayers check --json` on the same table.
Every assertion goes to the results file (PARKLAYERS_E2E_RESULTS)."""
import json
import os
import subprocess
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsDataSourceUri, QgsDistanceArea,
                       QgsProcessingContext, QgsProject, QgsVectorLayer)
from qgis.PyQt.QtCore import QTimer

sys.path.insert(0, os.environ["PARKLAYERS_E2E_TESTS"])
from e2e import RecordingFeedback, check, finish, guarded, write_results  # noqa: E402

WORK = os.environ.get("PARKLAYERS_E2E_WORK", "/tmp")
LOCALE = os.environ.get("PARKLAYERS_E2E_LOCALE", "")
PG_DIR = os.environ["PARKLAYERS_E2E_PG_DIR"]
SHARDS_DIR = os.environ["PARKLAYERS_E2E_SHARDS_DIR"]
CLI = os.environ["PARKLAYERS_E2E_CLI"]
PG_SHARDS = os.path.join(os.environ["PARKLAYERS_E2E_TESTS"], "..", "support", "pg_shards")
COUNTIES = ["310100", "310101", "310102", "310103", "310104", "310105"]
COLUMNS = ("fid bigint not null, county text not null, stated_m2 numeric(12,2), name text, "
           "geom geometry(MultiPolygon, 4490) not null")
ROWS = """select i + 1 as fid, '3101' || lpad(((i % 120) / 20)::text, 2, '0') as county,
  round(ST_Area(g::geography)::numeric, 2) + case when i % 50 = 7 then 5 else 0 end as stated_m2,
  'parcel ' || (i + 1) as name, g as geom
from (select i, ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(array[
    ST_MakePoint(x, y), ST_MakePoint(x + s, y), ST_MakePoint(x + s, y + s),
    ST_MakePoint(x + s / 2, y + s + 0.00005 * sin(i)), ST_MakePoint(x, y + s), ST_MakePoint(x, y)])), 4490)) as g
  from (select i, 121.1 + (i % 120) * 0.001 as x, 31.3 + (i / 120) * 0.001 as y,
               0.0009 + 0.00003 * cos(i) as s from generate_series(0, 599) i) c) p
union all
select 601, '310100', 4000.00, 'across the border',
  ST_Multi(ST_MakeEnvelope(121.1195, 31.3022, 121.1205, 31.3026, 4490))"""
state = {}


def conninfo(path):
    with open(path) as f:
        return f.read().strip()


def psql(info, sql):
    run = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", info, "-c", sql],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("psql: %s" % run.stderr)
    return run.stdout


def lay_out():
    database = "qgis_sharded_%s_%d" % ((LOCALE or "en").lower(), os.getpid())
    server = conninfo(os.path.join(PG_DIR, "conninfo"))
    shards = [line for line in open(os.path.join(SHARDS_DIR, "shards")).read().splitlines() if line]
    psql(server + " dbname=postgres", "drop database if exists %s" % database)
    psql(server + " dbname=postgres", "create database %s template parks_template" % database)
    coordinator = server + " dbname=" + database
    for shard in shards:
        psql(shard + " dbname=postgres", "drop database if exists %s with (force)" % database)
    made = subprocess.run([PG_SHARDS, "database", SHARDS_DIR, coordinator, database], capture_output=True, text=True)
    check("pg_shards makes the shards' databases and the foreign servers", made.returncode == 0, made.stderr)
    for i, county in enumerate(COUNTIES):
        psql(shards[i // 2] + " dbname=" + database,
             "create schema if not exists cadastre; create table cadastre.parcels_%s (%s, primary key (fid));"
             "create index on cadastre.parcels_%s using gist (geom)" % (county, COLUMNS, county))
    sql = "create schema cadastre; create table cadastre.parcels (%s) partition by list (county);" % COLUMNS
    for i, county in enumerate(COUNTIES):
        sql += ("create foreign table cadastre.parcels_%s partition of cadastre.parcels for values in ('%s') "
                "server shard%d options (schema_name 'cadastre', table_name 'parcels_%s');" % (county, county, i // 2 + 1,
                                                                                          county))
    psql(coordinator, sql)
    psql(coordinator, "insert into cadastre.parcels " + ROWS)
    state["database"], state["coordinator"], state["server"] = database, coordinator, server


@guarded
def start():
    lay_out()
    s = dict(word.split("=", 1) for word in state["server"].split())
    uri = QgsDataSourceUri()
    uri.setConnection(s["host"], s["port"], state["database"], s["user"], "")
    uri.setDataSource("cadastre", "parcels", "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), "cadastre", "postgres")
    check("QGIS's PostgreSQL provider opens the partitioned table as one valid layer", layer.isValid(),
          layer.dataProvider().error().message() if layer.dataProvider() else "")
    QgsProject.instance().addMapLayer(layer)
    check("with every parcel of every shard", layer.featureCount() == 601, layer.featureCount())
    area = QgsDistanceArea()
    area.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4490"), QgsProject.instance().transformContext())
    check("measured on CGCS2000", area.setEllipsoid(layer.crs().ellipsoidAcronym()), layer.crs().ellipsoidAcronym())
    ours = {f["fid"]: area.measureArea(f.geometry()) for f in layer.getFeatures()}
    postgis = {int(fid): float(a) for fid, a in (line.split("|") for line in psql(
        state["coordinator"], "select fid, ST_Area(geom::geography) from cadastre.parcels").splitlines())}
    check("its parcels' areas are PostGIS's ST_Area(geography) (1e-8)", set(ours) == set(postgis) and all(
        abs(ours[k] / postgis[k] - 1) < 1e-8 for k in postgis), len(ours))

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("parklayers:check")
    methods = algorithm.parameterDefinition("METHOD").options()
    report = os.path.join(WORK, "sharded_%s.json" % (LOCALE or "en"))
    feedback = RecordingFeedback()
    outputs, ok = algorithm.run({"SOURCE_LAYER": layer, "STATED": "stated_m2",
                                 "METHOD": next(i for i, m in enumerate(methods) if "llipsoid" in m or "椭球" in m),
                                 "OVERLAPS": True, "REPORT": report}, QgsProcessingContext(), feedback)
    misstated = int(psql(state["coordinator"], "select count(*) from cadastre.parcels "
                                               "where abs(stated_m2 - ST_Area(geom::geography)) > 0.005").strip())
    check("Processing check on the layer runs", ok, feedback.texts[-3:])
    check("it fails the misstated parcels (PostGIS's count) and the two overlaps",
          outputs.get("FAILED") == misstated + 2 and outputs.get("PASSED") == 601 - misstated, (outputs, misstated))
    rows = json.load(open(report, encoding="utf-8"))["checks"] if os.path.exists(report) else []
    overlaps = sorted(tuple(r["fids"]) for r in rows if r["quantity"] == "overlap")
    check("the overlap inside a county and the one across its border, each once",
          overlaps == [(260, 601), (261, 601)], overlaps)
    cli = subprocess.run([CLI, "check", "PG:" + state["coordinator"], "--layer", "cadastre.parcels", "--stated",
                          "stated_m2", "--method", "ellipsoidal", "--overlaps", "--json"], capture_output=True, text=True)
    cli_rows = json.loads(cli.stdout)["checks"] if cli.stdout.startswith("{") else []
    keys = ("subject", "status", "computed", "fids")
    check("the same rows as parklayers check --json on the same table",
          [[r[k] for k in keys] for r in rows] == [[r[k] for k in keys] for r in cli_rows], (len(rows), len(cli_rows)))
    finish()


write_results(False)
QTimer.singleShot(0, start)
