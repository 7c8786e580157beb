# SPDX-License-Identifier: GPL-2.0-or-later
"""A small land-parcel coordinate file (坐标报盘 TXT) for the QGIS tests: two parcels in
CGCS2000 3-degree zone 40 (zone number in Y), one with a hole, written in GBK with CRLF. The
stated areas are the shoelace areas of the written coordinates in ha to 4 decimals."""

# (地块编号, 地块名称, rings of (X northing, Y easting with zone 40)).
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


def planar_m2(rings):
    return shoelace(rings[0]) - sum(shoelace(r) for r in rings[1:])


def write_coordinate_file(path, off_by=None):
    """The parcels with their stated areas; `off_by`: (地块编号, factor) to state one wrongly."""
    lines = ["[属性描述]", "坐标系=2000国家大地坐标系", "几度分带=3", "带号=40", "[地块坐标]"]
    for pid, name, rings in PARCELS:
        hectares = planar_m2(rings) / 10000
        if off_by and off_by[0] == pid:
            hectares *= off_by[1]
        lines.append(f"{sum(len(r) for r in rings)},{hectares:.4f},{pid},{name},面,,工业用地,,@")
        n = 1
        for k, ring in enumerate(rings, start=1):
            for north, east in ring:
                lines.append(f"J{n},{k},{north:.3f},{east:.3f}")
                n += 1
    with open(path, "wb") as out:
        out.write(("\r\n".join(lines) + "\r\n").encode("gbk"))
