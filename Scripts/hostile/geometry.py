#!/usr/bin/env python3
"""Hostile geometry for issue #13: antimeridian crossings, poles, whole-globe and over-wide features.

Writes Fixtures/hostile/geometry/*.geojson, rules.yaml and expected.json (run from anywhere:
python3 Scripts/hostile/geometry.py). Areas in expected.json come from pyproj.Geod on the CGCS2000
ellipsoid (a = 6378137, f = 1/298.257222101), never from minescreen.

With --large DIR it also writes the big inputs of the issue's stress checks (not committed: hundreds of MB):
one ring of 5 000 000 vertices, one polygon with 100 000 holes, 2 000 and 20 000 concentric rings (islands in
lakes) as one MultiPolygon, and coordinates nested 100 000 arrays deep.
"""
import argparse
import json
import math
import os

from pyproj import Geod, Transformer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Fixtures", "hostile", "geometry")
GEOD = Geod(a=6378137, f=1 / 298.257222101)


def rect(west, south, east, north):
    """Counter-clockwise closed ring."""
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def geodesic_area(ring):
    lons, lats = zip(*ring[:-1])
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area)


def feature(fid, coordinates, kind="Polygon", **properties):
    return {"type": "Feature", "id": fid, "properties": properties,
            "geometry": {"type": kind, "coordinates": coordinates}}


def collection(features, crs=None):
    fc = {"type": "FeatureCollection"}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    fc["features"] = features
    return fc


def write(name, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


def small_fixtures():
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    # A constraint layer (RFC 7946 CRS84, no crs member) whose first feature crosses the antimeridian at
    # 10°N: 0.02° wide on the ground, a 360° band if read as drawn. Beside it: the same patch split at ±180°
    # into one MultiPolygon (still one feature spanning 360° of longitude as drawn), and two patches that
    # only touch ±180° from either side, which are fine.
    crossing = [[179.99, 10.0], [-179.99, 10.0], [-179.99, 10.01], [179.99, 10.01], [179.99, 10.0]]
    split = [[rect(179.99, 20.0, 180.0, 20.01)], [rect(-180.0, 20.0, -179.99, 20.01)]]
    write("antimeridian-layer.geojson", collection([
        feature("AM1", [crossing], name="drawn across 180°"),
        feature("AM-split", split, "MultiPolygon", name="split at ±180°, one feature"),
        feature("east-of-180", [rect(179.9, 0.0, 180.0, 0.1)], name="touches 180° from the west"),
        feature("west-of-180", [rect(-180.0, 0.0, -179.9, 0.1)], name="touches -180° from the east"),
    ]))
    expected["antimeridian-layer.geojson"] = {
        "rejected": {"AM1": "crosses the antimeridian: the edge from 179.99,10 to -179.99,10 jumps 359.98° of longitude",
                     "AM-split": "crosses the antimeridian: parts at"},
        "analysed": ["east-of-180", "west-of-180"],
        "area_m2": {"east-of-180": geodesic_area(rect(179.9, 0.0, 180.0, 0.1)),
                    "west-of-180": geodesic_area(rect(-180.0, 0.0, -179.9, 0.1))},
        "AM1_true_area_m2": geodesic_area(crossing),
    }

    # Blocks on the band's latitudes, at 0°E and at 113°E: the layer must not touch them.
    b0 = rect(0.0, 10.002, 0.005, 10.007)
    b113 = rect(113.0, 10.002, 113.005, 10.007)
    write("blocks-0-113.geojson", collection([feature("B0", [b0]), feature("B113", [b113])]))
    expected["blocks-0-113.geojson"] = {"area_m2": {"B0": geodesic_area(b0), "B113": geodesic_area(b113)}}

    with open(os.path.join(OUT, "rules.yaml"), "w", encoding="utf-8") as f:
        f.write("# Screening rules for Fixtures/hostile/geometry (paths relative to this file)\n"
                "tolerance_m2: 1\nmin_clean_area_m2: 100\nlayers:\n"
                "  - name: antimeridian\n    path: antimeridian-layer.geojson\n")

    # The whole globe as a block, then an ordinary block that must still be screened.
    ok = rect(113.0, 36.3, 113.01, 36.31)
    write("globe-block.geojson", collection([
        feature("GLOBE", [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]]),
        feature("ok", [ok]),
    ], crs="urn:ogc:def:crs:EPSG::4490"))
    expected["globe-block.geojson"] = {"rejected": {"GLOBE": "touches a pole (position 1: -180,-90)"},
                                       "analysed": ["ok"], "area_m2": {"ok": geodesic_area(ok)}}

    # One vertex on the North Pole; a block 80° wide (more than the 70° bound) and one exactly 70° wide.
    write("pole-and-span.geojson", collection([
        feature("pole", [[[10, 85], [20, 85], [15, 90], [10, 85]]]),
        feature("wide-80", [rect(60.0, 30.0, 140.0, 30.01)]),
        feature("wide-70", [rect(70.0, 30.0, 140.0, 30.01)]),
    ], crs="urn:ogc:def:crs:EPSG::4490"))
    expected["pole-and-span.geojson"] = {
        "rejected": {"pole": "touches a pole (position 3: 15,90)",
                     "wide-80": "spans 80° of longitude (60,30 to 140,30)"},
        "analysed": ["wide-70"],
        "area_m2": {"wide-70": geodesic_area(rect(70.0, 30.0, 140.0, 30.01))},
    }

    # Projected data (UTM zone 60N, central meridian 177°E): a plane has no antimeridian, but PROJ wraps the
    # lon/lat image of a square east of x = 829 km into [-180, 180]. The square west of it stays whole.
    to_lonlat = Transformer.from_crs("EPSG:32660", "EPSG:4326", always_xy=True)
    across = rect(820000.0, 1100000.0, 840000.0, 1120000.0)
    west = rect(700000.0, 1100000.0, 720000.0, 1120000.0)
    across_lonlat = [list(to_lonlat.transform(x, y)) for x, y in across]
    jumps = [abs(b[0] - a[0]) for a, b in zip(across_lonlat, across_lonlat[1:])]
    assert max(jumps) > 180, "the UTM square must straddle 180°"
    west_lonlat = [list(to_lonlat.transform(x, y)) for x, y in west]
    write("utm60-antimeridian.geojson", collection([
        feature("across", [across]), feature("west", [west])], crs="urn:ogc:def:crs:EPSG::32660"))
    expected["utm60-antimeridian.geojson"] = {
        "rejected": {"across": "crosses the antimeridian: the edge from"},
        "rejected_also_contains": "(in CGCS2000 longitude, latitude)",
        "analysed": ["west"],
        # minescreen measures projected data vertex by vertex in lon/lat, edges as geodesics.
        "area_m2": {"west": geodesic_area(west_lonlat)},
    }

    write("expected.json", expected)


def large_inputs(directory):
    """Stress inputs, each one feature, near 113°E 36°N (EPSG:4490)."""
    os.makedirs(directory, exist_ok=True)
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}

    def dump(name, geometry_text):
        path = os.path.join(directory, name)
        with open(path, "w") as f:
            f.write('{"type":"FeatureCollection","crs":' + json.dumps(crs) +
                    ',"features":[{"type":"Feature","id":"big","properties":{},"geometry":' + geometry_text + '}]}\n')
        print(f"{path}: {os.path.getsize(path) / 1e6:.0f} MB")

    # A circle of radius 0.05° drawn with 5 000 000 vertices.
    n = 5_000_000
    points = ",".join(f"[{113 + 0.05 * math.cos(2 * math.pi * k / n):.10f},{36 + 0.05 * math.sin(2 * math.pi * k / n):.10f}]"
                      for k in range(n))
    dump("ring-5M.geojson", '{"type":"Polygon","coordinates":[[' + points + ',' + points.split("],", 1)[0] + ']]]}')

    # A 0.4° square with 100 000 square holes on a 400 × 250 lattice.
    holes = []
    for i in range(400):
        for j in range(250):
            x, y = 112.8 + 0.001 * i + 0.0002, 35.8 + 0.0016 * j + 0.0002
            holes.append(json.dumps(rect(round(x, 7), round(y, 7), round(x + 0.0005, 7), round(y + 0.0005, 7))[::-1]))
    dump("holes-100k.geojson", '{"type":"Polygon","coordinates":[' + json.dumps(rect(112.8, 35.8, 113.2, 36.2)) + "," + ",".join(holes) + "]}")

    # Nested squares: island, lake, island in the lake, … as one MultiPolygon; 2 000 rings pass the
    # RingCrowding bound (GEOS checks them in about a second), 20 000 do not (GEOS needed three minutes).
    for rings in (2000, 20000):
        parts = []
        for k in range(0, rings, 2):
            outer = 0.1 * (1 - k / rings)
            inner = 0.1 * (1 - (k + 1) / rings)
            parts.append([rect(113 - outer, 36 - outer, 113 + outer, 36 + outer),
                          rect(113 - inner, 36 - inner, 113 + inner, 36 + inner)[::-1]])
        dump(f"nested-islands-{rings}.geojson", json.dumps({"type": "MultiPolygon", "coordinates": parts}))

    # Coordinates nested 100 000 arrays deep.
    dump("deep-nesting.geojson", '{"type":"MultiPolygon","coordinates":' + "[" * 100_000 + "]" * 100_000 + "}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", metavar="DIR", help="also write the big stress inputs into DIR")
    args = parser.parse_args()
    small_fixtures()
    if args.large:
        large_inputs(args.large)
