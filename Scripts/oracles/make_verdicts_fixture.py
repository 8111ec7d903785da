#!/usr/bin/env python3
"""Fixtures/verdicts: rejected constraint-layer features and the blocks they may touch.

Blocks A, B, C are 0.02° squares near 112°E 36.5°N. Expectations follow from the construction alone:
- layer `bowtie`: a self-intersecting (bow-tie) polygon inside A, a valid polygon covering C whole, a second
  bow-tie inside C and a valid polygon far from every block. A: unverified (rejected feature over it),
  B: clean (nothing near it), C: blocked (covered whole; a rejected feature does not soften that).
- layer `nullgeom`: one valid polygon far away and one feature with "geometry": null (location unknown):
  every block unverified.
- corridor layer `points`: a one-position LineString (rejected: fewer than 2 positions) ~300 m east of B
  (300 m = degrees × 111 320 m × cos φ on the GRS80-radius sphere; 0.1 % is far below the margins used).
  With buffer_m 500 (corridor reaches it) B is unverified; with buffer_m 100 (100 + 50 m padding < 300 m) B is clean.
"""
import json, math, os

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "verdicts")


def square(x0, y0, d=0.02):
    return [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]]


def feature(fid, geometry):
    return {"type": "Feature", "properties": {"code": fid}, "geometry": geometry}


def collection(features):
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
            "features": features}


def write(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        if isinstance(obj, str):
            f.write(obj)
        else:
            json.dump(obj, f, ensure_ascii=False, indent=1)
            f.write("\n")


def bowtie(x0, y0, d=0.01):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + d, y0 + d], [x0 + d, y0], [x0, y0 + d], [x0, y0]]]}


blocks = [feature("A", {"type": "Polygon", "coordinates": square(112.00, 36.50)}),
          feature("B", {"type": "Polygon", "coordinates": square(112.10, 36.50)}),
          feature("C", {"type": "Polygon", "coordinates": square(112.20, 36.50)})]
write("blocks.geojson", collection(blocks))

write("bowtie.geojson", collection([
    feature("bad-A", bowtie(112.005, 36.505)),
    feature("cover-C", {"type": "Polygon", "coordinates": square(112.19, 36.49, 0.04)}),
    feature("bad-C", bowtie(112.205, 36.505)),
    feature("far", {"type": "Polygon", "coordinates": square(112.40, 36.50)}),
]))
write("nullgeom.geojson", collection([
    feature("far", {"type": "Polygon", "coordinates": square(112.40, 36.50)}),
    feature("lost", None),
]))
lat = 36.51
east = 112.12 + 300 / (111320 * math.cos(math.radians(lat)))
write("points.geojson", collection([
    feature("one-point", {"type": "LineString", "coordinates": [[round(east, 7), lat]]}),
    feature("road-far", {"type": "LineString", "coordinates": [[112.60, 36.40], [112.60, 36.60]]}),
]))

header = "# Made by Scripts/oracles/make_verdicts_fixture.py: rejected layer features near blocks (paths relative to this file)\n"
write("rules-bowtie.yaml", header + "tolerance_m2: 1\nmin_clean_area_m2: 0\nlayers:\n  - name: bowtie\n    path: bowtie.geojson\n    id_field: code\n")
write("rules-null.yaml", header + "tolerance_m2: 1\nmin_clean_area_m2: 0\nlayers:\n  - name: nullgeom\n    path: nullgeom.geojson\n    id_field: code\n")
for width in (500, 100):
    write(f"rules-corridor-{width}.yaml", header + f"tolerance_m2: 1\nmin_clean_area_m2: 0\nlayers:\n  - name: points\n    path: points.geojson\n    id_field: code\n    buffer_m: {width}\n")

write("expected.json", {
    "rules-bowtie.yaml": {"A": "unverified", "B": "clean", "C": "blocked",
                          "near": {"A": ["bad-A"], "B": [], "C": ["bad-C"]}},
    "rules-null.yaml": {"A": "unverified", "B": "unverified", "C": "unverified",
                        "near": {"A": ["lost"], "B": ["lost"], "C": ["lost"]}},
    "rules-corridor-500.yaml": {"A": "clean", "B": "unverified", "C": "clean",
                                "near": {"A": [], "B": ["one-point"], "C": []}},
    "rules-corridor-100.yaml": {"A": "clean", "B": "clean", "C": "clean",
                                "near": {"A": [], "B": [], "C": []}},
})

# A projected layer (CGCS2000 3° GK zone 38 with prefix, EPSG:4526): a bow-tie whose lon/lat box pyproj gives,
# and a feature far outside the zone (location unknown).
from pyproj import Transformer

to_gk = Transformer.from_crs("EPSG:4490", "EPSG:4526", always_xy=True)
to_ll = Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)
x0, y0 = to_gk.transform(112.005, 36.505)
x1, y1 = x0 + 800, y0 + 800
gk_ring = [[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]
ll = [to_ll.transform(x, y) for x, y in gk_ring]
gk = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
      "features": [feature("gk-bad", {"type": "Polygon", "coordinates": [gk_ring]}),
                   feature("gk-nowhere", {"type": "Polygon", "coordinates": [[[9.9e8, 1e5], [9.9e8 + 10, 1e5], [9.9e8 + 10, 1e5 + 10], [9.9e8, 1e5]]]})]}
write("bowtie-gk.geojson", gk)
write("bowtie-gk.extent.json", {"gk-bad": {"minLon": min(p[0] for p in ll), "minLat": min(p[1] for p in ll),
                                           "maxLon": max(p[0] for p in ll), "maxLat": max(p[1] for p in ll)},
                                "gk-nowhere": None})
