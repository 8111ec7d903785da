#!/usr/bin/env python3
"""Shared-edge fixture: the reprojection trap.

Run from the repo root:  python3 Scripts/oracles/make_shared_edge_fixture.py

Survey-style data in EPSG:4526 (CGCS2000 GK 3-degree zone 38, easting prefixed with 38), all
coordinates exact integers of metres:
  Fixtures/shared-edge/blocks.geojson   block S01 = rectangle 1000 m x 800 m,
                                        (X0, Y0)..(X0+1000, Y0+800), X0=38413000, Y0=4018000
                                        (about 113.04E 36.30N, Changzhi, 88 km west of the CM)
  Fixtures/shared-edge/parcels.geojson  19 permanent-farmland parcels (BSM) forming a coverage
                                        that rings the block on all four sides; their vertices
                                        include extra points lying exactly on the block's edges
                                        (every 250 m on the north/south sides, at Y0+300/+550
                                        on the west side, every 200 m on the east side). One
                                        parcel juts 100 m into the block: overlap = rectangle
                                        (X0+900..X0+1000) x (Y0+200..Y0+400), 20000 m2 planar.
  Fixtures/shared-edge/oracle.json      expected result (overlay in EPSG:4526 itself): count 1.

"trap" in oracle.json: transforming both layers vertex by vertex to EPSG:4490 lon/lat and
intersecting there makes points that are exactly on a straight edge in the GK plane fall
centimetres inside or outside the (now differently straight) block edge, producing spurious
sliver overlaps with the neighbouring parcels (count > 1). A tool must overlay in the data's
own CRS (or at least never count such slivers).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _ovl_common import (TOOL, geod_area, overlap_oracle, read_fc, transform_geom,  # noqa: E402
                         transformer, write_fc, write_json, assert_valid, polygons_of)
from shapely.geometry import Polygon  # noqa: E402
from shapely.geometry.polygon import orient  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Fixtures", "shared-edge")
EPSG = 4526
X0, Y0 = 38413000, 4018000
W, H, R = 1000, 800, 200            # block width, height; ring width of the parcels


def P(pts):
    return orient(Polygon([(float(x), float(y)) for x, y in pts]), 1.0)


def rect(x1, y1, x2, y2, extra=()):
    """axis-aligned rectangle; extra: additional boundary vertices (inserted in ring order)."""
    pts = [(x1, y1), (x2, y1), (x2, y2), (x1, y2)]
    ring = []
    for k in range(4):
        a, b = pts[k], pts[(k + 1) % 4]
        ring.append(a)
        on = [e for e in extra if _between(a, b, e)]
        on.sort(key=lambda e: abs(e[0] - a[0]) + abs(e[1] - a[1]))
        ring.extend(on)
    return P(ring)


def _between(a, b, e):
    if a[0] == b[0] == e[0]:
        return min(a[1], b[1]) < e[1] < max(a[1], b[1])
    if a[1] == b[1] == e[1]:
        return min(a[0], b[0]) < e[0] < max(a[0], b[0])
    return False


def build():
    x0, y0, x1, y1 = X0, Y0, X0 + W, Y0 + H
    parcels = []       # (DLMC, polygon) in file order: south, east, north, west, corners
    # south row
    parcels.append(("旱地", rect(x0 - R, y0 - R, x0, y0)))                        # SW corner
    xs = [x0, x0 + 250, x0 + 500, x0 + 750, x1]
    for a, b in zip(xs, xs[1:]):
        parcels.append(("水浇地", rect(a, y0 - R, b, y0)))
    parcels.append(("旱地", rect(x1, y0 - R, x1 + R, y0)))                        # SE corner
    # east column; the second one juts 100 m into the block
    parcels.append(("旱地", rect(x1, y0, x1 + R, y0 + 200)))
    parcels.append(("水田", rect(x1 - 100, y0 + 200, x1 + R, y0 + 400,
                               extra=[(x1, y0 + 200), (x1, y0 + 400)])))
    parcels.append(("旱地", rect(x1, y0 + 400, x1 + R, y0 + 600)))
    parcels.append(("旱地", rect(x1, y0 + 600, x1 + R, y1)))
    parcels.append(("旱地", rect(x1, y1, x1 + R, y1 + R)))                        # NE corner
    # north row (east to west)
    for a, b in zip(xs[::-1], xs[::-1][1:]):
        parcels.append(("水浇地", rect(b, y1, a, y1 + R)))
    parcels.append(("旱地", rect(x0 - R, y1, x0, y1 + R)))                        # NW corner
    # west column (north to south)
    ys = [y1, y0 + 550, y0 + 300, y0]
    for a, b in zip(ys, ys[1:]):
        parcels.append(("旱地", rect(x0 - R, b, x0, a)))
    feats = []
    for k, (dl, g) in enumerate(parcels):
        feats.append({"id": None, "geometry": g, "properties": {
            "BSM": "140426%06d" % (101 + k), "DLMC": dl,
            "DLBM": {"水田": "0101", "水浇地": "0102", "旱地": "0103"}[dl],
            "ZLDWMC": "东和村"}})
    block = {"id": None, "geometry": rect(x0, y0, x1, y1),
             "properties": {"code": "S01", "name": "开采规划区块S01"}}
    overlap_rect = [(x1 - 100, y0 + 200), (x1, y0 + 200), (x1, y0 + 400), (x1 - 100, y0 + 400)]
    return [block], feats, overlap_rect


def main():
    blocks, parcels, orect = build()
    os.makedirs(OUT, exist_ok=True)
    write_fc(os.path.join(OUT, "blocks.geojson"), "开采规划区块 (synthetic, EPSG:4526)",
             blocks, 4, EPSG)
    write_fc(os.path.join(OUT, "parcels.geojson"), "永久基本农田 (synthetic, EPSG:4526)",
             parcels, 4, EPSG)
    _, bl = read_fc(os.path.join(OUT, "blocks.geojson"))
    _, pl = read_fc(os.path.join(OUT, "parcels.geojson"))
    assert_valid(bl + pl, "shared-edge")
    # the parcels are a coverage, and (in this plane) only one of them has area in the block
    for i in range(len(pl)):
        for j in range(i + 1, len(pl)):
            assert pl[i]["geometry"].intersection(pl[j]["geometry"]).area == 0.0, (i, j)
    bg = bl[0]["geometry"]
    onedge = 0
    for f in pl:
        inter = bg.intersection(f["geometry"])
        if f["properties"]["DLMC"] != "水田":
            assert inter.area == 0.0 and bg.touches(f["geometry"]), f["properties"]["BSM"]
            onedge += inter.length > 0      # the 4 corner parcels touch at a point only
    inv = transformer(EPSG, 4490)
    ids = [f["properties"]["BSM"] for f in pl]
    res, det = overlap_oracle([("S01", bg)], [("farmland", list(zip(ids, [f["geometry"] for f in pl])))],
                              inv)
    b = res[0]
    ov = b["overlaps"]["farmland"]
    # expected values, independently: 4 vertices of the rectangles -> lon/lat -> Geod
    exp_overlap = geod_area(Polygon(orect), inv)
    exp_block = geod_area(Polygon([(X0, Y0), (X0 + W, Y0), (X0 + W, Y0 + H), (X0, Y0 + H)]), inv)
    jut = [f["properties"]["BSM"] for f in pl if f["properties"]["DLMC"] == "水田"]
    assert ov["count"] == 1 and ov["features"] == jut, ov
    assert abs(ov["area_m2"] - exp_overlap) < 1e-9 * exp_overlap, (ov["area_m2"], exp_overlap)
    assert abs(b["area_m2"] - exp_block) < 1e-9 * exp_block
    assert det["S01"]["farmland"]["union"].area == 20000.0

    # ---- the trap: both layers to lon/lat, overlay there ----
    fwd_pl = [(i, transform_geom(f["geometry"], inv)) for i, f in zip(ids, pl)]
    bg_ll = transform_geom(bg, inv)
    slivers = []
    for fid, g in fwd_pl:
        inter = bg_ll.intersection(g)
        a = geod_area(inter)
        if inter.area > 0:
            slivers.append({"feature": fid, "area_m2": a, "planar_deg2": inter.area,
                            "parts": len(polygons_of(inter))})
    sliver_ids = [s["feature"] for s in slivers if s["feature"] not in jut]
    assert len(slivers) > 1 and sliver_ids, "trap did not materialise"
    from shapely.ops import unary_union
    union_ll = unary_union([bg_ll.intersection(g) for _, g in fwd_pl])
    trap = {
        "what": "both layers transformed vertex-wise to EPSG:4490 lon/lat, then intersected "
                "there with shapely (the wrong way): straight GK edges become different "
                "straight lon/lat edges, so parcel vertices lying exactly on the block's "
                "edges fall inside it (south side by ~13 mm, west side by ~0.4 mm) or outside",
        "count": len(slivers),
        "features": [s["feature"] for s in slivers],
        "spurious_features": sliver_ids,
        "per_feature": slivers,
        "area_m2": geod_area(union_ll),
        "max_spurious_m2": max(s["area_m2"] for s in slivers if s["feature"] in sliver_ids),
    }
    orc = {
        "tool": TOOL,
        "plane": "EPSG:4526 projected (overlay in this plane; result vertices transformed to "
                 "EPSG:4490 for Geod areas)",
        "layers": ["farmland"],
        "blocks": res,
        "expected": {
            "block_planar_m2": float(W * H),
            "overlap_planar_m2": 20000.0,
            "overlap_rectangle_epsg4526": [list(p) for p in orect],
            "overlap_geodesic_m2": exp_overlap,
            "block_geodesic_m2": exp_block,
            "edge_touching_parcels": onedge,
        },
        "trap": trap,
    }
    write_json(os.path.join(OUT, "oracle.json"), orc)
    print("S01 area %.4f (planar %d)  overlap %.4f (planar 20000) %s  clean %.4f" % (
        b["area_m2"], W * H, ov["area_m2"], ov["features"], b["clean_m2"]))
    print("edge-touching parcels (own plane, count 0):", onedge)
    print("TRAP lon/lat overlay: count %d, spurious %s" % (trap["count"], sliver_ids))
    for s in slivers:
        print("   %s %.4f m2 (%d parts)" % (s["feature"], s["area_m2"], s["parts"]))


if __name__ == "__main__":
    main()
