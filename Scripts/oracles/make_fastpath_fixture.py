"""Fixture for the overlay's area-only fast paths (ConvexClip cuts, group-by-group unions of
overlapping red-line patches, the conflict measured against a coverage part by part).

Run from the repo root:  python3 Scripts/oracles/make_fastpath_fixture.py

Writes Fixtures/overlap-fastpath/epsg4526/ (Gauss-Krueger zone 38 with prefix, 4 decimals) and
Fixtures/overlap-fastpath/epsg4490/ (the same vertices moved to CGCS2000 lon/lat with pyproj,
10 decimals): blocks.geojson, redline.geojson, farmland.geojson, oracle.json. Each oracle is
computed in its variant's own plane (shapely overlay, pyproj Geod areas; _ovl_common.overlap_oracle).

Design (metres east/north of 113.0E 36.2N, before the move into EPSG:4526):
  * B01: a 1000 x 800 block with a notch in its top edge and a 100 x 100 hole (inside a convex farmland parcel).
  * B02: a 50 x 50 block inside one farmland parcel.  B03: a triangle crossing the farmland's edge.
  * farmland: a 5 x 4 grid of 300 x 275 parcels, interior corners jittered (still a coverage,
    convex quadrilaterals), two neighbours sharing a zigzag edge (both non-convex), one parcel
    with a hole, four parcels left out (gaps where red line lies outside the farmland).
  * redline: HXA (convex hexagon), HXB (convex square) and HXG (non-convex L) overlap in a
    chain A-B-G inside B01; HXC (convex) overlaps nothing; HXD and HXE (convex) overlap each
    other only outside B01 (east of x = 1000) while both cross B01's east edge; HXH (a small
    triangle) lies inside B01 and overlaps nothing.
"""
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _ovl_common import (TOOL, assert_valid, overlap_oracle, transform_geom,  # noqa: E402
                         transformer, write_fc, write_json)
from shapely.geometry import Polygon  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402

OUT = os.path.join("Fixtures", "overlap-fastpath")


def is_convex(poly):
    """One-ring polygon whose corners all turn the same way (collinear allowed)."""
    if len(poly.interiors):
        return False
    pts = list(poly.exterior.coords)[:-1]
    n = len(pts)
    signs = set()
    for k in range(n):
        a, b, c = pts[k - 1], pts[k], pts[(k + 1) % n]
        cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
        if cross != 0:
            signs.add(cross > 0)
    return len(signs) == 1


def build(origin):
    ox, oy = origin

    def P(pts, holes=()):
        return orient(Polygon([(ox + x, oy + y) for x, y in pts],
                              [[(ox + x, oy + y) for x, y in h] for h in holes]), 1.0)

    blocks = [
        ("B01", P([(0, 0), (1000, 0), (1000, 800), (520, 800), (500, 760), (480, 800), (0, 800)],
                  holes=[[(560, 480), (560, 580), (660, 580), (660, 480)]])),
        ("B02", P([(1160, 210), (1210, 210), (1210, 260), (1160, 260)])),
        ("B03", P([(1120, 600), (1420, 690), (1180, 1010)])),
    ]

    # ---- farmland: jittered grid, shared corners (a coverage) ----
    rng = random.Random(4526_0723)
    xs = [-150, 150, 450, 750, 1050, 1350]
    ys = [-150, 125, 400, 675, 950]
    node = {}
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            inner = 0 < i < len(xs) - 1 and 0 < j < len(ys) - 1
            node[i, j] = (x + (rng.uniform(-40, 40) if inner else 0), y + (rng.uniform(-40, 40) if inner else 0))
    # the edge between cells (1,1) and (2,1) (node (2,1) -> node (2,2)) as a zigzag
    a, b = node[2, 1], node[2, 2]
    zig = [(a[0] + (b[0] - a[0]) * t + dx, a[1] + (b[1] - a[1]) * t) for t, dx in ((0.35, -35.0), (0.7, 35.0))]
    gaps = {(0, 1), (3, 0), (3, 1), (3, 3)}
    farmland = []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if (i, j) in gaps:
                continue
            ring = [node[i, j], node[i + 1, j]]
            if i + 1 == 2 and j == 1:
                ring += zig                     # east edge of (1,1), going north
            ring += [node[i + 1, j + 1], node[i, j + 1]]
            if i == 2 and j == 1:
                ring += list(reversed(zig))     # west edge of (2,1), going south
            holes = [[(-50, -50), (-50, 30), (50, 30), (50, -50)]] if (i, j) == (0, 0) else []
            farmland.append({"id": None, "cell": (i, j), "geometry": P(ring, holes),
                             "properties": {"BSM": "1404260%02d%02d" % (i, j), "DLMC": "旱地"}})

    def hexagon(cx, cy, r, start):
        return [(cx + r * math.cos(math.radians(start + 60 * k)), cy + r * math.sin(math.radians(start + 60 * k)))
                for k in range(6)]

    def pentagon(cx, cy, r):
        return [(cx + r * math.cos(math.radians(90 + 72 * k)), cy + r * math.sin(math.radians(90 + 72 * k)))
                for k in range(5)]

    redline = [
        ("HXA", P(hexagon(110, 150, 200, 10))),
        ("HXB", P([(-60, 300), (240, 270), (270, 560), (-30, 590)])),
        ("HXG", P([(-80, 540), (200, 540), (200, 620), (40, 620), (40, 740), (-80, 740)])),
        ("HXC", P(pentagon(800, 800, 120))),
        ("HXD", P([(920, 250), (1200, 255), (1195, 400), (925, 398)])),
        ("HXE", P([(1060, 330), (1200, 330), (1200, 520), (960, 520)])),
        ("HXH", P([(700, 200), (780, 205), (738, 262)])),
    ]
    redline = [{"id": hid, "geometry": g, "properties": {"名称": "生态保护红线 " + hid}} for hid, g in redline]
    blockfeats = [{"id": None, "geometry": g, "properties": {"code": c}} for c, g in blocks]
    return {"blocks": blockfeats, "redline": redline, "farmland": farmland}


def check_design(data):
    """The features are what the tests say they are (in the variant's own plane)."""
    r = {f["id"]: f["geometry"] for f in data["redline"]}
    b01 = data["blocks"][0]["geometry"]
    for k in ("HXA", "HXB", "HXC", "HXD", "HXE"):
        assert is_convex(r[k]), k
    assert not is_convex(r["HXG"])
    overlaps = lambda p, q: p.intersection(q).area > 1e-6 * min(p.area, q.area)  # noqa: E731  (any plane)
    pairs = {(a, b) for a in r for b in r if a < b and overlaps(r[a], r[b])}
    assert pairs == {("HXA", "HXB"), ("HXB", "HXG"), ("HXD", "HXE")}, pairs
    assert not overlaps(r["HXD"].intersection(b01), r["HXE"])            # only outside the block
    for k in ("HXA", "HXB", "HXG", "HXC", "HXD", "HXE"):
        assert not b01.contains(r[k]) and overlaps(b01, r[k]), k          # all cut, none whole
    assert b01.contains(r["HXH"])
    farm = data["farmland"]
    meeting = [f for f in farm if overlaps(b01, f["geometry"])]
    assert len(meeting) >= 8, len(meeting)
    convex = sum(is_convex(f["geometry"]) for f in meeting)
    assert 0 < convex < len(meeting), convex
    assert any(b01.contains(f["geometry"]) for f in farm)                 # some parcel whole in B01
    hole = Polygon(b01.interiors[0])
    assert any(is_convex(f["geometry"]) and f["geometry"].contains(hole) for f in farm)  # ConvexClip cuts a hole
    assert any(f["geometry"].contains(data["blocks"][1]["geometry"]) for f in farm)  # B02 in a parcel
    return {"convex_farmland_meeting_B01": convex, "farmland_meeting_B01": len(meeting),
            "convex_farmland": sum(is_convex(f["geometry"]) for f in farm), "farmland": len(farm)}


def write_variant(data, d, epsg, decimals, to_lonlat):
    os.makedirs(d, exist_ok=True)
    for key, feats in data.items():
        assert_valid(feats, key)
        write_fc(os.path.join(d, key + ".geojson"), key, feats, decimals, epsg)
    facts = check_design(data)
    blocks = [(f["properties"]["code"], f["geometry"]) for f in data["blocks"]]
    layers = [("redline", [(f["id"], f["geometry"]) for f in data["redline"]]),
              ("farmland", [(f["properties"]["BSM"], f["geometry"]) for f in data["farmland"]])]
    res, det = overlap_oracle(blocks, layers, to_lonlat)
    for block in res:
        for lname, _ in layers:
            per = det[block["id"]][lname]["per_feature"]
            # what adding the pieces up without a union would give (the double-count trap)
            block["overlaps"][lname]["sum_of_pieces_m2"] = sum(per[i] for i in block["overlaps"][lname]["features"])
    write_json(os.path.join(d, "oracle.json"), {"tool": TOOL, "plane": "EPSG:%d" % epsg, "facts": facts,
                                                 "layers": ["redline", "farmland"], "blocks": res})
    return res


def main():
    to4526 = transformer(4490, 4526)
    origin = to4526.transform(113.0, 36.2)
    origin = (round(origin[0], 1), round(origin[1], 1))
    data = build(origin)

    def rounded(feats, tr, decimals):
        return [dict(f, geometry=transform_geom(f["geometry"], tr, decimals)) for f in feats]

    # EPSG:4526 as written (4 decimals); EPSG:4490 from those written vertices.
    ident = type("Id", (), {"transform": staticmethod(lambda x, y: (x, y))})()
    projected = {k: rounded(v, ident, 4) for k, v in data.items()}
    res4526 = write_variant(projected, os.path.join(OUT, "epsg4526"), 4526, 4, transformer(4526, 4490))
    tolonlat = transformer(4526, 4490)
    lonlat = {k: rounded(v, tolonlat, 10) for k, v in projected.items()}
    res4490 = write_variant(lonlat, os.path.join(OUT, "epsg4490"), 4490, 10, None)
    for a, b in zip(res4526, res4490):
        print("%s area %.4f conflict %.4f | 4490: %.4f %.4f" % (a["id"], a["area_m2"], a["conflict_m2"],
                                                              b["area_m2"], b["conflict_m2"]))
        for lname in ("redline", "farmland"):
            o = a["overlaps"][lname]
            print("   %-8s %12.4f (pieces %12.4f) %s" % (lname, o["area_m2"], o["sum_of_pieces_m2"], o["features"]))


if __name__ == "__main__":
    main()
