#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the modelled source data of Shanghai Anting International Medical Industry Park.

No surveyed boundary of the park is public, so everything here is modelled: three parcels laid
out as rectangles on the south side of Bao'an Highway in Anting, their ellipsoidal (WGS 84,
Karney) areas fitted to the stated land areas, buildings sized from modelled floor areas,
internal roads in the gaps between parcels, and amenity points. Stated figures and the two named
tenants are written as CSV with their sources.

Run:  /usr/bin/python3 geodata/tools/make_anting.py
Needs python3-gdal (osgeo) and GeographicLib's Planimeter on PATH. The output is deterministic:
running the script again rewrites the same bytes.
"""

import csv
import io
import json
import math
import os
import subprocess
import sys

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(os.path.dirname(HERE), "anting")

DECIMALS = 7          # RFC 7946 advice; 1e-7 degree is about 1 cm
AREA_TOLERANCE = 0.5  # m2, after rounding the coordinates

# Centre of the modelled park and of the local metric frame (WGS 84 lon, lat).
CENTRE = (121.185, 31.311)
# Bao'an Highway modelled as the straight line through these two points (WGS 84 lon, lat):
# No. 4539 (GCJ-02 offset removed, see the seed README) and a point towards Anting town.
HIGHWAY_EAST = (121.2119, 31.3176)
HIGHWAY_WEST = (121.160, 31.3050)

PROVENANCE = "modelled"
ACCURACY_PARK = 2000.0       # m: the park's site along the Anting section is not public
ACCURACY_HIGHWAY = 500.0     # m: straight line between two points about 5 km apart
ACCURACY_NEAR_PARK = 3000.0  # m: "near the park", site not identified
ACCURACY_ANTING = 5000.0     # m: somewhere in Anting town

MU = 10000.0 / 15.0

SHINE_TITLE = "Anting medical industry park's third phase to begin operation"
JIADING_TITLE = "16 health industry projects to settle in Anting town"
PRN_TITLE = "Juncell Therapeutics Opens State-of-the-Art Facility for TIL Production"
ARTICLE_ID = "article:SHINE-2025-06-10"

# ---------------------------------------------------------------------------------------------
# Local frame: transverse Mercator centred on the park; (u, v) axes rotated so that u runs along
# the modelled highway (towards east-north-east) and v points to its north side.

_wgs84 = osr.SpatialReference()
_wgs84.ImportFromEPSG(4326)
_wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
_tm = osr.SpatialReference()
_tm.ImportFromProj4(
    "+proj=tmerc +lat_0=%r +lon_0=%r +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
    % (CENTRE[1], CENTRE[0]))
_tm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
_to_tm = osr.CoordinateTransformation(_wgs84, _tm)
_to_wgs84 = osr.CoordinateTransformation(_tm, _wgs84)


def project(lon, lat):
    x, y, _ = _to_tm.TransformPoint(lon, lat)
    return x, y


_ex, _ey = project(*HIGHWAY_EAST)
_wx, _wy = project(*HIGHWAY_WEST)
_len = math.hypot(_ex - _wx, _ey - _wy)
U_HAT = ((_ex - _wx) / _len, (_ey - _wy) / _len)
V_HAT = (-U_HAT[1], U_HAT[0])
# Origin of (u, v): the foot of the perpendicular from the frame centre onto the highway line.
_t = -((_wx) * U_HAT[0] + (_wy) * U_HAT[1])
ORIGIN = (_wx + _t * U_HAT[0], _wy + _t * U_HAT[1])
HIGHWAY_BEARING = math.degrees(math.atan2(U_HAT[0], U_HAT[1]))  # clockwise from grid north


def to_lonlat(u, v):
    """(u, v) in the rotated local frame -> (lon, lat) rounded to DECIMALS."""
    x = ORIGIN[0] + u * U_HAT[0] + v * V_HAT[0]
    y = ORIGIN[1] + u * U_HAT[1] + v * V_HAT[1]
    lon, lat, _ = _to_wgs84.TransformPoint(x, y)
    return round(lon, DECIMALS), round(lat, DECIMALS)


def rect_uv(u0, u1, v0, v1):
    """Counter-clockwise rectangle (u right, v up), not closed."""
    return [(u0, v0), (u1, v0), (u1, v1), (u0, v1)]


def ring_lonlat(pts_uv):
    ring = [to_lonlat(u, v) for u, v in pts_uv]
    return ring + [ring[0]]


def shoelace(pts):
    return 0.5 * sum(pts[i][0] * pts[(i + 1) % len(pts)][1]
                     - pts[(i + 1) % len(pts)][0] * pts[i][1] for i in range(len(pts)))


# ---------------------------------------------------------------------------------------------
# Planimeter (GeographicLib): ellipsoidal areas on WGS 84, Karney (2013).

def planimeter(rings, prec):
    """Signed area and perimeter of each closed lon/lat ring; input as 'lat lon' lines."""
    text = "\n\n".join("\n".join("%r %r" % (lat, lon) for lon, lat in ring[:-1])
                       for ring in rings) + "\n"
    res = subprocess.run(["Planimeter", "-p", str(prec)], input=text, capture_output=True,
                         text=True, check=True)
    lines = res.stdout.splitlines()
    if len(lines) != len(rings):
        sys.exit("Planimeter returned %d lines for %d polygons" % (len(lines), len(rings)))
    return lines


def areas(rings):
    return [float(line.split()[2]) for line in planimeter(rings, 9)]


# ---------------------------------------------------------------------------------------------
# Parcels. North edges 30 m south of the highway centreline (carriageway plus a frontage
# strip); 14 m gaps between parcels carry the internal roads. Widths along the highway are
# chosen; depths are fitted so that the ellipsoidal area hits the stated land area.

FRONT_V = -30.0
GAP = 14.0
PARCEL_SPECS = [  # id, phase, width along the highway (m), target area (m2), stated as
    ("P1", 1, 110.0, 15300.0, "1.53 ha, F10"),
    ("P2", 2, 240.0, 37300.0, "3.73 ha designed, F11"),
    ("P3", 3, 70.0, 13.5 * MU, "13.5 mu, F01"),
]
PARK_LENGTH = sum(s[2] for s in PARCEL_SPECS) + GAP * (len(PARCEL_SPECS) - 1)


def fit_rect(u0, u1, target):
    """Depth (m) and east edge of the rectangle u0..u1 x (FRONT_V - depth)..FRONT_V whose
    rounded lon/lat ring has the target ellipsoidal area: scale the depth by target/area until
    it settles, then, because rounding to 1e-7 degree moves the area by up to about a square
    metre, pick the best rounded ring among 2 mm steps (up to 10 cm) of the depth and the east
    edge."""
    depth = target / (u1 - u0)
    for _ in range(8):
        a = areas([ring_lonlat(rect_uv(u0, u1, FRONT_V - depth, FRONT_V))])[0]
        depth *= target / a
    steps = [(k, j) for k in range(-50, 51) for j in range(-20, 21)]
    cands = [(depth + k * 0.002, u1 + j * 0.002) for k, j in steps]
    got = areas([ring_lonlat(rect_uv(u0, e, FRONT_V - d, FRONT_V)) for d, e in cands])
    best = min(range(len(cands)),
               key=lambda i: (round(abs(got[i] - target), 3), abs(steps[i][0]) + abs(steps[i][1]),
                              steps[i]))
    return cands[best][0], cands[best][1], got[best]


parcels = []  # dicts with id, phase, u0, u1, v0, v1, ring, area
_u = -PARK_LENGTH / 2.0
for pid, phase, width, target, stated in PARCEL_SPECS:
    u0 = _u
    depth, u1, area = fit_rect(u0, u0 + width, target)
    if not abs(area - target) <= AREA_TOLERANCE:
        sys.exit("%s: area %.4f m2 misses %.4f m2" % (pid, area, target))
    parcels.append(dict(id=pid, phase=phase, u0=u0, u1=u1, v0=FRONT_V - depth, v1=FRONT_V,
                        ring=ring_lonlat(rect_uv(u0, u1, FRONT_V - depth, FRONT_V)),
                        target=target, area=area, stated=stated))
    _u = u0 + width + GAP
PARCEL = {p["id"]: p for p in parcels}

# ---------------------------------------------------------------------------------------------
# Buildings: floor areas per the brief (phase 1 and 2 modelled, phase 3 total stated), storeys
# modelled, footprint = gfa / storeys as a rectangle placed by its offsets from the parcel's
# north-west corner.

SETBACK_MIN = 5.0
BUILDING_SPECS = [  # id, parcel, storeys, gfa, width along u, offset from west, from north
    ("B1-1", "P1", 6, 12000.0, 80.0, 15.0, 15.0),
    ("B1-2", "P1", 6, 10000.0, 80.0, 15.0, 65.0),
    ("B2-1", "P2", 6, 16000.0, 100.0, 15.0, 15.0),
    ("B2-2", "P2", 6, 14000.0, 100.0, 125.0, 15.0),
    ("B2-3", "P2", 6, 12000.0, 120.0, 60.0, 80.0),
    ("B3-1", "P3", 10, 15000.0, 50.0, 10.0, 10.0),
    ("B3-2", "P3", 8, 10000.0, 50.0, 10.0, 55.0),
]
buildings = []
for bid, pid, storeys, gfa, width, off_w, off_n in BUILDING_SPECS:
    p = PARCEL[pid]
    depth = gfa / storeys / width
    u0 = p["u0"] + off_w
    v1 = p["v1"] - off_n
    b = dict(id=bid, parcel=pid, phase=p["phase"], storeys=storeys, gfa=gfa,
             u0=u0, u1=u0 + width, v0=v1 - depth, v1=v1)
    if not (b["u0"] - p["u0"] >= SETBACK_MIN and p["u1"] - b["u1"] >= SETBACK_MIN
            and b["v0"] - p["v0"] >= SETBACK_MIN and p["v1"] - b["v1"] >= SETBACK_MIN):
        sys.exit("%s does not keep %.0f m from the edges of %s" % (bid, SETBACK_MIN, pid))
    b["ring"] = ring_lonlat(rect_uv(b["u0"], b["u1"], b["v0"], b["v1"]))
    buildings.append(b)
BUILDING = {b["id"]: b for b in buildings}
assert sum(b["gfa"] for b in buildings if b["phase"] == 3) == 25000.0
assert sum(b["gfa"] for b in buildings) == 89000.0


def centre_uv(b, du=0.0, dv=0.0):
    return ((b["u0"] + b["u1"]) / 2.0 + du, (b["v0"] + b["v1"]) / 2.0 + dv)


# ---------------------------------------------------------------------------------------------
# Roads: a 1.5 km segment of the modelled highway (noded where the internal roads join it) and
# two internal roads along the middle of the gaps between parcels.

_road_u = [(parcels[i]["u1"] + parcels[i + 1]["u0"]) / 2.0 for i in range(len(parcels) - 1)]
_road_end_v = min(p["v0"] for p in parcels) - 5.0
roads = [dict(id="R0", name_en="Bao'an Highway", name_zh="宝安公路", kind="highway",
              accuracy=ACCURACY_HIGHWAY,
              uv=[(-750.0, 0.0)] + [(u, 0.0) for u in _road_u] + [(750.0, 0.0)],
              note="Modelled: straight line through the WGS 84 position of Bao'an Highway "
                   "No. 4539 (121.2119 E, 31.3176 N, GCJ-02 offset removed) and a point towards "
                   "Anting town (121.160 E, 31.305 N); the road's real course is not traced. "
                   "1.5 km segment passing north of the modelled park.")]
for i, u in enumerate(_road_u, start=1):
    roads.append(dict(id="R%d" % i, name_en="Park internal road %d" % i,
                      name_zh="园区内部道路%d" % i, kind="internal", accuracy=ACCURACY_PARK,
                      uv=[(u, 0.0), (u, _road_end_v)],
                      note="Modelled: centreline of the %.0f m gap between parcels %s and %s, "
                           "from Bao'an Highway southwards; the park's real road layout is "
                           "not public." % (GAP, parcels[i - 1]["id"], parcels[i]["id"])))

# ---------------------------------------------------------------------------------------------
# Amenities named by the article: planned ones inside the park (mostly phase 3), existing
# housing near the park. All positions modelled.

_p3 = PARCEL["P3"]
AMENITY_SPECS = [
    # id, name_en, name_zh, kind, status, capacity, cap_text, (u, v), accuracy, where
    ("A1", "Park canteen", "园区食堂", "canteen", "planned", None, None,
     centre_uv(BUILDING["B3-2"]), ACCURACY_PARK, "placed in building B3-2 (phase 3)"),
    ("A2", "Small conference rooms", "小型会议室", "conference_rooms", "planned", None, None,
     centre_uv(BUILDING["B3-1"], du=-12.0), ACCURACY_PARK, "placed in building B3-1 (phase 3)"),
    ("A3", "Multi-functional conference hall", "多功能会议厅", "conference_hall", "planned",
     None, None, centre_uv(BUILDING["B3-1"], du=12.0), ACCURACY_PARK,
     "placed in building B3-1 (phase 3)"),
    ("A4", "Underground parking lot", "地下停车场", "parking", "planned", None, None,
     ((_p3["u0"] + _p3["u1"]) / 2.0, (_p3["v0"] + BUILDING["B3-2"]["v0"]) / 2.0),
     ACCURACY_PARK, "placed under the open south part of the phase 3 parcel"),
    ("A5", "Convenience stores", "便利店", "convenience_store", "planned", None, None,
     centre_uv(BUILDING["B2-1"]), ACCURACY_PARK,
     "one point for the stores the article names in the plural, placed in building B2-1 "
     "(phase 2)"),
    ("A6", "Cafes", "咖啡馆", "cafe", "planned", None, None, centre_uv(BUILDING["B1-1"]),
     ACCURACY_PARK, "one point for the cafes the article names in the plural, placed in "
     "building B1-1 (phase 1)"),
    ("A7", "Talent apartments", "人才公寓", "talent_apartments", "existing", None, None,
     (-600.0, -500.0), ACCURACY_ANTING,
     "the article says Anting has talent apartments; placed about 700 m south-west of the "
     "modelled park's centre"),
    ("A8", "Centralised rental housing project", "集中式租赁住房项目", "rental_housing",
     "existing", None, "over 2,000 units", (150.0, -450.0), ACCURACY_NEAR_PARK,
     "the article says it is near the park; placed about 400 m south-east of the "
     "modelled park's centre; "
     "capacity stated only as over 2,000 units (F09), so capacity is left empty"),
]

# ---------------------------------------------------------------------------------------------
# Writers


def write_text(name, text):
    with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_geojson(name, features):
    """RFC 7946 FeatureCollection, one feature per line."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    write_text(name, '{"type":"FeatureCollection","features":[\n'
               + ",\n".join(lines) + "\n]}\n")


def feature(props, geom_type, coords):
    return {"type": "Feature", "properties": props,
            "geometry": {"type": geom_type, "coordinates": coords}}


def coords(ring):
    return [[lon, lat] for lon, lat in ring]


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for row in rows:
        assert len(row) == len(header)
        w.writerow(["" if v is None else v for v in row])
    write_text(name, buf.getvalue())


os.makedirs(OUT_DIR, exist_ok=True)

PARCEL_NAMES = {1: ("Phase 1 parcel", "一期地块"), 2: ("Phase 2 parcel", "二期地块"),
                3: ("Phase 3 parcel", "三期地块")}
write_geojson("parcels.geojson", [feature({
    "id": p["id"],
    "name_en": PARCEL_NAMES[p["phase"]][0],
    "name_zh": PARCEL_NAMES[p["phase"]][1],
    "phase": p["phase"],
    "provenance": PROVENANCE,
    "accuracy_m": ACCURACY_PARK,
    "note": "Modelled outline: no surveyed boundary of the park is public. Rectangle on the "
            "south side of a modelled Bao'an Highway in Anting; its ellipsoidal (WGS 84) area "
            "is fitted to the stated land area (%s; %s m2)."
            % (p["stated"], format(p["target"], ",.0f")),
}, "Polygon", [coords(p["ring"])]) for p in parcels])

FLOOR_NOTE = ("Phase 1 and 2 floor areas are modelled: only the phase 3 total (25,000 m2) and "
              "the three-phase total (nearly 90,000 m2) are stated.")
PHASE_ZH = {1: "一期", 2: "二期", 3: "三期"}
building_features = []
for b in buildings:
    n = b["id"].split("-")[1]
    specific = (" The split of the stated phase 3 floor area between its two buildings is "
                "modelled." if b["phase"] == 3 else "")
    building_features.append(feature({
        "id": b["id"],
        "name_en": "Phase %d building %s" % (b["phase"], n),
        "name_zh": "%s%s号楼" % (PHASE_ZH[b["phase"]], n),
        "parcel_id": b["parcel"],
        "phase": b["phase"],
        "storeys": b["storeys"],
        "gfa_m2": b["gfa"],
        "use": "production and office",
        "provenance": PROVENANCE,
        "accuracy_m": ACCURACY_PARK,
        "note": "Modelled footprint and storeys (footprint = floor area / storeys); the real "
                "buildings are not public. %s%s" % (FLOOR_NOTE, specific),
    }, "Polygon", [coords(b["ring"])]))
write_geojson("buildings.geojson", building_features)

write_geojson("roads.geojson", [feature({
    "id": r["id"], "name_en": r["name_en"], "name_zh": r["name_zh"], "kind": r["kind"],
    "provenance": PROVENANCE, "accuracy_m": r["accuracy"], "note": r["note"],
}, "LineString", [list(to_lonlat(u, v)) for u, v in r["uv"]]) for r in roads])

amenity_features = []
for aid, en, zh, kind, status, cap, cap_text, (u, v), acc, where in AMENITY_SPECS:
    amenity_features.append(feature({
        "id": aid, "name_en": en, "name_zh": zh, "kind": kind, "status": status,
        "capacity": cap, "cap_text": cap_text, "provenance": PROVENANCE,
        "accuracy_m": acc,
        "note": "Named as %s by SHINE (2025-06-10); position modelled: %s." % (status, where),
    }, "Point", list(to_lonlat(u, v))))
write_geojson("amenities.geojson", amenity_features)

write_csv("tenants.csv",
          ["id", "name_en", "name_zh", "legal_en", "legal_zh", "bldg_id",
           "phases", "summary", "provenance", "source_id"],
          [["T1", "Juncell Therapeutics", "君赛生物", "Shanghai Juncell Therapeutics Co., Ltd.",
            "上海君赛生物股份有限公司", "", "1-2",
            "Clinical-stage company developing tumour-infiltrating lymphocyte (TIL) cell "
            "therapies (GC101, GC203); its TIL manufacturing facility in the park opened on "
            "2024-12-18 (F12).", "published", ARTICLE_ID],
           ["T2", "Fosun Aitrox", "杏脉科技", "Shanghai Xingmai Information Technology Co., Ltd.",
            "上海杏脉信息科技有限公司", "", "1-2",
            "AI medical-imaging company; Fosun Pharma raised its stake to about 70.65 % "
            "(announcement of 2022-07-30), with an Anting investment company (安亭实业) also "
            "investing.", "published", ARTICLE_ID]])

SHINE = (SHINE_TITLE, "SHINE", "2025-06-10", "")
JIADING = (JIADING_TITLE, "Jiading District government (english.jiading.gov.cn)",
           "2019-11-19", "")
PRN = (PRN_TITLE, "PR Newswire", "2024-12-18", "")
FIGURES = [
    # id, subject, quantity, value, qualifier, unit, as_written, source, note
    ("F01", "parcel_phase:3", "land_area", "13.5", "", "mu", "13.5 mu", SHINE,
     "13.5 mu = 9,000 m2; precise to half the last digit (13.45-13.55 mu)"),
    ("F02", "parcel_phase:3", "land_area", "0.9", "about", "ha", "about 0.9 hectares", SHINE,
     "the article's own conversion of F01"),
    ("F03", "building_phase:3", "floor_area", "25,000", "", "m2", "25,000 square meters",
     SHINE, ""),
    ("F04", "park", "floor_area", "90,000", "nearly", "m2", "nearly 90,000 square meters",
     SHINE, "production and office space of the three phases combined"),
    ("F05", "phase:3", "investment", "200", "", "million_yuan",
     "200 million yuan (US$27.78 million)", SHINE,
     "total investment; the US$ figure is the article's conversion"),
    ("F06", "park", "count_little_giant", "four", "", "firms",
     "four national-level \"Little Giant\" firms", SHINE, "tenants to date; not named"),
    ("F07", "park", "count_sme", "24", "", "firms",
     "24 municipal-level specialized and innovative small and medium enterprises", SHINE,
     "tenants to date; not named"),
    ("F08", "park", "count_high_tech", "34", "", "firms", "34 high-tech companies", SHINE,
     "tenants to date; not named"),
    ("F09", "amenity:A8", "capacity", "2,000", "over", "units", "over 2,000 units", SHINE,
     "units allocated for rent in a new centralized rental housing project near the park"),
    ("F10", "parcel_phase:1", "land_area", "1.53", "", "ha", "1.53 hectares", JIADING, ""),
    ("F11", "parcel_phase:2", "land_area", "3.73", "", "ha", "3.73 hectares", JIADING,
     "designed"),
    ("F12", "tenant:T1", "facility_area", "16,000", "over", "m2",
     "total area exceeding 16,000 square meters", PRN,
     "production, quality, data and operation centres; designed for TIL products for "
     "6,000-10,000 patients a year; opened 2024-12-18"),
]
write_csv("stated_figures.csv",
          ["id", "subject", "quantity", "value", "qualifier", "unit", "as_written",
           "title", "publisher", "date", "url", "note"],
          [[fid, subj, qty, val, qual, unit, aw, src[0], src[1], src[2], src[3], note]
           for fid, subj, qty, val, qual, unit, aw, src, note in FIGURES])

# ---------------------------------------------------------------------------------------------
# Self-checks on the written files, then a report.


def read_layer(name):
    ds = ogr.Open(os.path.join(OUT_DIR, name))
    lyr = ds.GetLayer(0)
    feats = [(f.GetField("id"), f.GetGeometryRef().Clone()) for f in lyr]
    return ds, feats


_keep = []
geoms = {}
for name in ("parcels.geojson", "buildings.geojson", "roads.geojson", "amenities.geojson"):
    ds, feats = read_layer(name)
    _keep.append(ds)
    for fid, g in feats:
        if not g.IsValid() or g.IsEmpty():
            sys.exit("%s: %s is not a valid geometry" % (name, fid))
        geoms[fid] = g
ids = lambda prefix: sorted(k for k in geoms if k.startswith(prefix))
pairs = lambda xs: [(a, b) for i, a in enumerate(xs) for b in xs[i + 1:]]
for a, b in pairs(ids("P")) + pairs(ids("B")):
    if geoms[a].Intersects(geoms[b]):
        sys.exit("%s and %s intersect" % (a, b))
for b in buildings:
    if not geoms[b["id"]].Within(geoms[b["parcel"]]):
        sys.exit("%s is not within %s" % (b["id"], b["parcel"]))
for r in ids("R"):
    for p in ids("P"):
        if geoms[r].Intersects(geoms[p]):
            sys.exit("road %s intersects parcel %s" % (r, p))
for aid, _, _, _, status, *_ in AMENITY_SPECS:
    inside = any(geoms[aid].Within(geoms[p]) for p in ids("P"))
    if inside != (status == "planned"):
        sys.exit("amenity %s (%s) is %s the park" % (aid, status, "in" if inside else "outside"))
for p in parcels:
    if shoelace(p["ring"][:-1]) <= 0:
        sys.exit("%s is not counter-clockwise" % p["id"])

print("Planimeter -p 3 (points, perimeter m, area m2) of the written parcel rings:")
for p, line in zip(parcels, planimeter([p["ring"] for p in parcels], 3)):
    print("  %s %s" % (p["id"], line))
print("Planimeter -p 9 areas minus targets:")
for p, a in zip(parcels, areas([p["ring"] for p in parcels])):
    if a <= 0 or not abs(a - p["target"]) <= AREA_TOLERANCE:
        sys.exit("%s: written ring has area %.4f m2, target %.4f m2" % (p["id"], a, p["target"]))
    print("  %s %.4f m2 = %.6f ha = %.5f mu (target %.4f, diff %+.4f); %.3f m along the "
          "highway x %.3f m deep" % (p["id"], a, a / 1e4, a / MU, p["target"], a - p["target"],
                                      p["u1"] - p["u0"], p["v1"] - p["v0"]))
print("Building footprints (Planimeter) x storeys vs gfa:")
for b, a in zip(buildings, areas([b["ring"] for b in buildings])):
    print("  %s %.2f m2 x %d = %.1f m2 (gfa %.0f)" % (b["id"], a, b["storeys"], a * b["storeys"],
                                                      b["gfa"]))
env = ogr.Geometry(ogr.wkbMultiPolygon)
for p in ids("P"):
    env.AddGeometry(geoms[p])
c = env.Centroid()
minx, maxx, miny, maxy = env.GetEnvelope()
print("Highway bearing %.2f deg from grid north; frame centre %r is %.1f m from the line"
      % (HIGHWAY_BEARING, CENTRE, math.hypot(*ORIGIN)))
print("Parcel centroid (lon, lat): %.7f, %.7f" % (c.GetX(), c.GetY()))
print("Parcel extent: lon %.7f..%.7f, lat %.7f..%.7f" % (minx, maxx, miny, maxy))
print("Wrote", ", ".join(sorted(os.listdir(OUT_DIR))))
