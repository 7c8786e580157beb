#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference pairs WGS 84 -> GCJ-02 -> BD-09 for tests/gis/chinese_crs_test.cpp.

An implementation independent of the C++ one (plain Python, math only), written from the
published formulas:
- WGS 84 -> GCJ-02: the closed-form "transformLat/transformLon" series on the Krasovsky
  ellipsoid (a = 6378245 m, e^2 = 0.00669342162296594323), with the rectangle test
  lon 72.004..137.8347, lat 0.8293..55.8271 outside of which the transform is the identity;
  as circulated since the leak of the China "mars coordinates" code (e.g. the public-domain
  googollee/eviltransform and wandergis/coordTransform implementations).
- GCJ-02 -> BD-09: Baidu's published formula with x_pi = pi * 3000 / 180.

Run it from anywhere: `python3 make_reference.py [OUT.csv]`; without OUT it writes
reference.csv beside this script. The output is deterministic (a fixed grid, a seeded
random.Random and fixed named points), so a re-run reproduces the committed CSV byte for
byte; the C++ tests check that.
"""
import math
import os
import random
import sys

PI = math.pi
A = 6378245.0
EE = 0.00669342162296594323
X_PI = PI * 3000.0 / 180.0


def out_of_china(lng, lat):
    if lng < 72.004 or lng > 137.8347:
        return True
    if lat < 0.8293 or lat > 55.8271:
        return True
    return False


def transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * PI) + 20.0 * math.sin(2.0 * x * PI)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * PI) + 40.0 * math.sin(y / 3.0 * PI)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * PI) + 320.0 * math.sin(y * PI / 30.0)) * 2.0 / 3.0
    return ret


def transform_lng(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * PI) + 20.0 * math.sin(2.0 * x * PI)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * PI) + 40.0 * math.sin(x / 3.0 * PI)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * PI) + 300.0 * math.sin(x / 30.0 * PI)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng, lat):
    if out_of_china(lng, lat):
        return lng, lat
    dlat = transform_lat(lng - 105.0, lat - 35.0)
    dlng = transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * PI
    magic = math.sin(radlat)
    magic = 1 - EE * magic * magic
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * PI)
    dlng = (dlng * 180.0) / (A / sqrtmagic * math.cos(radlat) * PI)
    return lng + dlng, lat + dlat


def gcj02_to_bd09(lng, lat):
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


# Points published by Chinese web maps (GCJ-02) and their WGS 84 values as rounded in
# published_points.csv beside this script.
PUBLISHED = [
    ("baoan_3705", (121.27195, 31.33221), (121.276399, 31.330242)),
    ("baoan_4535", (121.21273, 31.31791), (121.217191, 31.315952)),
    ("baoan_4539", (121.21188, 31.31756), (121.216343, 31.315601)),
    ("xinyuan_776", (121.14944, 31.30155), (121.154013, 31.299688)),
]


def points():
    named = [
        ("anting", 121.185, 31.31),
        ("beijing", 116.391, 39.907),
        ("lhasa", 91.117, 29.65),
        ("urumqi", 87.617, 43.793),
        ("harbin", 126.642, 45.757),
        ("sanya", 109.512, 18.252),
        ("lon105_kink", 105.0, 35.0),
        ("lon105_near", 105.0 + 1e-9, 30.0),
        ("inside_sw_corner", 72.0041, 0.8294),
        ("inside_ne_corner", 137.8346, 55.8270),
        # Outside the rectangle: the identity.
        ("tokyo", 139.767, 35.681),
        ("london", -0.1276, 51.5072),
        ("sydney", 151.2093, -33.8688),
        ("null_island", 0.0, 0.0),
        ("west_of_rectangle", 72.0039, 35.0),
        ("east_of_rectangle", 137.8348, 40.0),
        ("south_of_rectangle", 110.0, 0.8292),
        ("north_of_rectangle", 120.0, 55.8272),
    ]
    for name, wgs, _ in PUBLISHED:
        named.append((name, wgs[0], wgs[1]))
    out = list(named)
    # A grid covering China's extent (73.5-135.1 E, 18-53.6 N) every 4 x 3 degrees.
    for i in range(16):
        for j in range(12):
            out.append(("grid", 73.5 + 4.0 * i, 18.0 + 3.0 * j))
    # Random points in the rectangle, seeded so that the output is reproducible.
    rng = random.Random(20250610)
    for _ in range(120):
        out.append(("random", rng.uniform(73.0, 135.5), rng.uniform(3.0, 54.0)))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "reference.csv")
    for name, wgs, gcj in PUBLISHED:
        lng, lat = wgs84_to_gcj02(*wgs)
        # The WGS 84 values were published to 5 decimals: agreement to about 1e-5 degrees.
        assert abs(lng - gcj[0]) < 1e-5 and abs(lat - gcj[1]) < 1e-5, (name, lng, lat, gcj)
    with open(path, "w", newline="\n") as out:
        out.write("name,wgs_lon,wgs_lat,in_china,gcj_lon,gcj_lat,bd_lon,bd_lat\n")
        for name, lng, lat in points():
            glng, glat = wgs84_to_gcj02(lng, lat)
            blng, blat = gcj02_to_bd09(glng, glat)
            out.write("%s,%.12f,%.12f,%d,%.12f,%.12f,%.12f,%.12f\n"
                      % (name, lng, lat, 0 if out_of_china(lng, lat) else 1, glng, glat, blng, blat))


if __name__ == "__main__":
    main()
