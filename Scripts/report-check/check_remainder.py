#!/usr/bin/env python3
"""Checks a screen run's clean remainders (--remainder FILE.geojson) as a GIS would open them.

  check_remainder.py REMAINDER.geojson REPORT.json [--tolerance 1e-9]

For every remainder feature: no two consecutive vertices of a ring closer than 1e-9 degrees (QGIS's
validity check calls them duplicate nodes), and its area, measured with pyproj's Geod on the CGCS2000
ellipsoid from the rings as written (exterior minus holes), equal to the block's clean_m2 in the JSON
report of the same run within TOLERANCE of the block's area_m2. Exit 0 when all hold, 1 otherwise,
2 when pyproj is missing. Prints what it found.
"""
import argparse
import json
import sys

NEAR = 1e-9


def rings_of(geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return polygons


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("remainder")
    ap.add_argument("report")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    args = ap.parse_args()
    try:
        from pyproj import Geod
    except ImportError:
        print("pyproj not found (pip install pyproj)")
        return 2
    geod = Geod(a=6378137.0, f=1 / 298.257222101)  # CGCS2000
    remainders = json.load(open(args.remainder, encoding="utf-8"))["features"]
    blocks = {b["id"]: b for b in json.load(open(args.report, encoding="utf-8"))["blocks"]}
    problems, worst = [], 0.0
    for f in remainders:
        block_id = f["properties"]["id"]
        area = 0.0
        for polygon in rings_of(f["geometry"]):
            for k, ring in enumerate(polygon):
                for a, b in zip(ring, ring[1:]):
                    if a != b and abs(a[0] - b[0]) < NEAR and abs(a[1] - b[1]) < NEAR:
                        problems.append(f"{block_id}: vertices {a} and {b} are closer than {NEAR}°")
                lons, lats = zip(*ring)
                ring_area = abs(geod.polygon_area_perimeter(lons, lats)[0])
                area += ring_area if k == 0 else -ring_area
        block = blocks[block_id]
        relative = abs(area - block["clean_m2"]) / block["area_m2"]
        worst = max(worst, relative)
        if relative > args.tolerance:
            problems.append(f"{block_id}: remainder measures {area:.4f} m², clean_m2 is {block['clean_m2']:.4f} m² ({relative:.2e} of the block)")
    print(f"{len(remainders)} remainders; largest |area - clean_m2| / block area {worst:.2e}")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
