#!/usr/bin/env python3
"""Overlap fixture: candidate blocks vs 三区三线 constraint layers near Changzhi (synthetic).

Run from the repo root:  python3 Scripts/oracles/make_overlap_fixture.py

Writes Fixtures/overlap/{blocks,redline,farmland,urban}.geojson (EPSG:4490 lon/lat, legacy
crs member, 10 decimals) + oracle.json, and the same data in three CRS variants, each with
its own oracle computed in the variant's own plane:
  Fixtures/overlap/nocrs/      same lon/lat text, no crs member (RFC 7946 CRS84 ~ CGCS2000)
  Fixtures/overlap/epsg4526/   CGCS2000 GK 3-degree zone 38, easting prefixed (38xxxxxx), 4 decimals
  Fixtures/overlap/epsg4547/   CGCS2000 GK 3-degree CM 114E, no prefix, 4 decimals

Oracle = overlay with shapely in the data's own plane, then geodesic area (pyproj Geod,
CGCS2000 ellipsoid) of the resulting vertices (transformed to EPSG:4490 lon/lat first for
projected planes); per layer area is the area of the UNION of the block's intersections.

Cases: B01 clean (touches nothing); B02 overlaps redline HX001 and HX002 which overlap each
other inside B02 (union < sum); B03 entirely inside redline HX003; B04 contains farmland
parcel 140426000002 whole, crosses 5 more parcels, and redline HX005 which itself overlaps
that farmland inside B04 (conflict < sum over layers); B05 shares one boundary stretch with farmland
parcel 140426000007 (its south side: 3 segments, identical vertices) and one edge with urban
polygon 0 (identical vertices), no overlap: count 0; B06 has a hole
containing a whole farmland parcel (not counted) while other parcels cross the hole boundary;
B07 is a MultiPolygon whose part 1 overlaps HX004 and part 2 overlaps urban polygon 1.

Design for cross-plane agreement: every edge that crosses another layer's edge is short
(<= ~100 m: blocks, red line and urban outlines are densified, farmland parcel sides carry 2
wiggled intermediate vertices), so that an
edge straight in lon/lat and the same edge straight in a GK plane differ by < ~0.2 mm; the
variants' oracles then agree with the lon/lat oracle to < 1e-6 relative (asserted below).
Deterministic: fixed seeds, integer arithmetic in units of 1e-10 degree.
"""
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _ovl_common import (TOOL, assert_valid, overlap_oracle, read_fc,  # noqa: E402
                         transform_geom, transformer, write_fc, write_json)
from shapely.geometry import LineString, MultiPolygon, Polygon  # noqa: E402
from shapely import STRtree  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Fixtures", "overlap")
UNIT = 10 ** 10
LON0, LAT0 = 113.0, 36.2          # origin of the design grid
DU, DV = 0.003, 0.0025            # one design unit: ~269 m east, ~278 m north
MAX_SEG = 0.36                    # densify design edges to <= 0.36 unit (~100 m)
LAYERS = ["redline", "farmland", "urban"]
FILES = {"blocks": "blocks.geojson", "redline": "redline.geojson",
         "farmland": "farmland.geojson", "urban": "urban.geojson"}
REL_TOL, ABS_TOL = 1e-6, 1e-3


# ---------------------------------------------------------------- design -> lon/lat
def q(u, v):
    """design units -> lon/lat quantised to 1e-10 degree (exactly what is written)."""
    lon = round((LON0 + u * DU) * UNIT)
    lat = round((LAT0 + v * DV) * UNIT)
    return (lon / UNIT, lat / UNIT)


def densify(pts, closed=True, max_seg=MAX_SEG, keep=()):
    """pts: design-unit vertices. Inserts points so design segments are <= max_seg.
    Segments listed in keep (index i: pts[i]->pts[i+1]) stay undivided (shared edges)."""
    out = []
    n = len(pts)
    rng = range(n) if closed else range(n - 1)
    for i in rng:
        a, b = pts[i], pts[(i + 1) % n]
        out.append(a)
        if i in keep:
            continue
        d = math.hypot(b[0] - a[0], b[1] - a[1])
        k = int(math.ceil(d / max_seg))
        for j in range(1, k):
            t = j / k
            out.append((a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])))
    if not closed:
        out.append(pts[-1])
    return out


def ring_ll(pts):
    r = [q(u, v) for (u, v) in pts]
    return r + [r[0]]


def poly(outer, holes=(), keep=()):
    p = Polygon(ring_ll(densify(outer, keep=keep)), [ring_ll(densify(h)) for h in holes])
    from shapely.geometry.polygon import orient
    return orient(p, 1.0)


def star(rng, cu, cv, r, harmonics=4, amp=0.16, n=None):
    coef = [(rng.uniform(-amp, amp) / (k ** 0.7), rng.uniform(0, 2 * math.pi))
            for k in range(2, 2 + harmonics)]
    if n is None:
        n = max(24, int(math.ceil(2 * math.pi * r / MAX_SEG * 1.1)))
    pts = []
    for i in range(n):
        th = 2 * math.pi * i / n
        rr = r * (1 + sum(a * math.cos((k + 2) * th + ph) for k, (a, ph) in enumerate(coef)))
        pts.append((cu + rr * math.cos(th), cv + rr * math.sin(th)))
    return pts


# ---------------------------------------------------------------- farmland coverage
G_U, G_V, NCOL, NROW = 14, 16, 10, 6      # grid origin (design units) and size


def farmland_grid(rng):
    """jittered grid; outer boundary vertices move only along the boundary. Every grid edge
    gets 2 intermediate, slightly wiggled vertices (shared verbatim by both neighbours), so
    parcels are 12-gons with edges of ~90 m."""
    V = {}
    for i in range(NCOL + 1):
        for j in range(NROW + 1):
            du = 0.0 if i in (0, NCOL) else rng.uniform(-0.2, 0.2)
            dv = 0.0 if j in (0, NROW) else rng.uniform(-0.2, 0.2)
            V[i, j] = (G_U + i + du, G_V + j + dv)
    M = {}   # (start, end) grid keys -> intermediate points from start to end

    def mids(a, b):
        pa, pb = V[a], V[b]
        dx, dy = pb[0] - pa[0], pb[1] - pa[1]
        L = math.hypot(dx, dy)
        nx, ny = -dy / L, dx / L
        pts = []
        for t in (1 / 3, 2 / 3):
            w = rng.uniform(-0.03, 0.03)
            pts.append((pa[0] + t * dx + w * nx, pa[1] + t * dy + w * ny))
        M[a, b] = pts
        M[b, a] = pts[::-1]

    for j in range(NROW + 1):
        for i in range(NCOL):
            mids((i, j), (i + 1, j))
    for i in range(NCOL + 1):
        for j in range(NROW):
            mids((i, j), (i, j + 1))
    parcels = []
    for j in range(NROW):
        for i in range(NCOL):
            keys = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
            pts = []
            for k in range(4):
                pts.append(V[keys[k]])
                pts.extend(M[keys[k], keys[(k + 1) % 4]])
            parcels.append(((i, j), Polygon(ring_ll(pts))))
    return V, M, parcels


def build():
    rng = random.Random(4490_2024)
    V, M, grid = farmland_grid(rng)
    farmland = []
    for k, ((i, j), p) in enumerate(grid):
        farmland.append({"id": None, "geometry": p, "cell": (i, j), "properties": {
            "BSM": "140426%06d" % (k + 1),
            "DLBM": None, "DLMC": rng.choice(["水田", "旱地", "旱地", "水浇地"]),
            "ZLDWMC": rng.choice(["东和村", "西和村", "南天河村", "北天河村"]),
        }})
        farmland[-1]["properties"]["DLBM"] = {"水田": "0101", "水浇地": "0102",
                                              "旱地": "0103"}[farmland[-1]["properties"]["DLMC"]]

    # ---- blocks (design units) ----
    A, E = V[6, 0], V[7, 0]                   # bottom edge of parcel (6,0), shared with B05
    B = (A[0] - 0.8, 12.4)
    C = (E[0] + 1.2, 12.1)
    D = (E[0] + 1.5, 14.8)
    # A->B->C->D->E->(edge E..A of parcel (6,0), verbatim)->A; C-D shared with urban 0
    b05_ring = [A, B, C, D, E] + M[(7, 0), (6, 0)]
    b05 = Polygon(ring_ll(b05_ring))          # no densification: shared edges stay exact
    from shapely.geometry.polygon import orient
    b05 = orient(b05, 1.0)

    blocks = [
        ("B01", "开采规划区块01", poly([(2.0, 33.5), (6.2, 33.8), (6.5, 37.6), (2.4, 38.0)])),
        ("B02", "开采规划区块02", poly([(6.2, 6.6), (10.4, 7.1), (10.1, 10.2), (6.5, 10.0)])),
        ("B03", "开采规划区块03", poly([(26.6, 30.7), (29.7, 30.5), (29.8, 33.3), (26.8, 33.5)])),
        ("B04", "开采规划区块04", poly([(14.4, 13.5), (16.55, 13.7), (16.6, 17.5),
                                   (15.5, 17.55), (14.45, 17.45)])),
        ("B05", "开采规划区块05", b05),
        ("B06", "开采规划区块06", poly([(20.6, 17.6), (25.0, 17.7), (24.9, 23.2), (20.7, 23.1)],
                                  holes=[[(21.5, 18.5), (21.5, 20.5), (23.5, 20.5), (23.5, 18.5)]])),
        ("B07", "开采规划区块07", MultiPolygon([
            poly([(5.0, 19.8), (7.6, 20.0), (7.5, 23.0), (5.1, 22.9)]),
            poly([(25.0, 4.6), (28.0, 4.8), (27.8, 7.9), (25.2, 7.7)])])),
    ]

    # ---- red line: 5 smooth patches ----
    rr = random.Random(1055)
    redline = []
    specs = [("HX001", "太行山水源涵养生态保护红线", "水源涵养", 6.0, 9.4, 2.4),
             ("HX002", "浊漳河生物多样性维护生态保护红线", "生物多样性维护", 9.8, 10.6, 2.2),
             ("HX003", "老顶山水土保持生态保护红线", "水土保持", 28.2, 32.0, 5.0),
             ("HX004", "羊头山水土保持生态保护红线", "水土保持", 4.0, 21.8, 2.2),
             ("HX005", "漳泽水库生态保护红线", "水源涵养", 14.2, 15.0, 1.6)]
    for hid, name, kind, cu, cv, r in specs:
        redline.append({"id": hid, "geometry": poly(star(rr, cu, cv, r)),
                        "properties": {"名称": name, "类型": kind, "XZQDM": "140404"}})

    # ---- urban development boundary: 2 polygons, no id at all ----
    u0_ring = [D, C, (C[0] + 3.0, C[1] - 0.6), (C[0] + 4.2, C[1] + 1.1),
               (D[0] + 3.6, D[1] + 0.3), (D[0] + 1.8, D[1] + 0.9)]
    u0 = poly(u0_ring, keep=(0,))              # edge D->C undivided (shared with B05)
    u1 = poly(star(random.Random(7), 30.0, 6.2, 3.4, amp=0.12))
    urban = [{"id": None, "geometry": u0, "properties": {"LX": "城镇开发边界", "XZQMC": "潞州区"}},
             {"id": None, "geometry": u1, "properties": {"LX": "城镇开发边界", "XZQMC": "潞州区"}}]

    blockfeats = [{"id": None, "geometry": g, "properties": {"code": c, "name": n}}
                  for c, n, g in blocks]
    return {"blocks": blockfeats, "redline": redline, "farmland": farmland, "urban": urban}


# ---------------------------------------------------------------- I/O of one variant
def write_variant(data, d, epsg, decimals, tr=None, crs=True):
    os.makedirs(d, exist_ok=True)
    names = {"blocks": "开采规划区块 (synthetic)", "redline": "生态保护红线 (synthetic)",
             "farmland": "永久基本农田 (synthetic)", "urban": "城镇开发边界 (synthetic)"}
    for key, fn in FILES.items():
        feats = data[key]
        if tr is not None:
            feats = [dict(f, geometry=transform_geom(f["geometry"], tr)) for f in feats]
        write_fc(os.path.join(d, fn), names[key], feats, decimals, epsg if crs else None)


def load_variant(d):
    out = {}
    for key, fn in FILES.items():
        _, feats = read_fc(os.path.join(d, fn))
        assert_valid(feats, os.path.join(d, fn))
        out[key] = feats
    return out


def layer_ids(key, feats):
    if key == "redline":
        return [f["id"] for f in feats]
    if key == "farmland":
        return [f["properties"]["BSM"] for f in feats]
    return [str(i) for i in range(len(feats))]


def oracle_for(loaded, to_lonlat, plane):
    blocks = [(f["properties"]["code"], f["geometry"]) for f in loaded["blocks"]]
    layers = [(k, list(zip(layer_ids(k, loaded[k]), [f["geometry"] for f in loaded[k]])))
              for k in LAYERS]
    res, det = overlap_oracle(blocks, layers, to_lonlat)
    return {"tool": TOOL, "plane": plane, "layers": LAYERS, "blocks": res}, det


# ---------------------------------------------------------------- checks
def check_data(loaded, to_lonlat, label):
    """structural checks in one plane"""
    bl = loaded["blocks"]
    for a in range(len(bl)):
        for b in range(a + 1, len(bl)):
            assert bl[a]["geometry"].disjoint(bl[b]["geometry"]), (label, "blocks touch")
    # farmland is a coverage: pairwise overlaps have zero area
    fg = [f["geometry"] for f in loaded["farmland"]]
    tree = STRtree(fg)
    for i, g in enumerate(fg):
        for j in tree.query(g):
            if j > i:
                assert g.intersection(fg[j]).area == 0.0, (label, "farmland overlap", i, j)
    # B01 touches nothing (clearance > 100 m everywhere)
    b01 = bl[0]["geometry"]
    for k in LAYERS:
        for f in loaded[k]:
            assert b01.disjoint(f["geometry"]), (label, "B01 touches", k)
    # B05 shares an edge (line of positive length) with a parcel and urban polygon 0
    b05 = bl[4]["geometry"]
    for k, idx in (("farmland", 6), ("urban", 0)):
        g = loaded[k][idx]["geometry"]
        inter = b05.intersection(g)
        assert inter.geom_type in ("LineString", "MultiLineString") and inter.length > 0, (
            label, "B05 edge touch", k, inter.geom_type)
        assert b05.touches(g), (label, "B05 must only touch", k)


def check_oracle(orc, det, loaded, label):
    by = {b["id"]: b for b in orc["blocks"]}
    # B01 clean
    assert by["B01"]["clean"] and by["B01"]["conflict_m2"] == 0.0, label
    # B02: double-count trap is real
    b02 = by["B02"]["overlaps"]["redline"]
    per = det["B02"]["redline"]["per_feature"]
    assert b02["features"] == ["HX001", "HX002"], (label, b02["features"])
    assert sum(per.values()) - b02["area_m2"] > 1e4, (label, "B02 trap too small", per, b02)
    # B03 inside one patch
    b03 = by["B03"]
    assert b03["overlaps"]["redline"]["features"] == ["HX003"], label
    assert abs(b03["overlaps"]["redline"]["area_m2"] - b03["area_m2"]) < 1e-9 * b03["area_m2"], label
    # B04: one whole parcel inside, its area fully counted; cross-layer overlap
    b04g = loaded["blocks"][3]["geometry"]
    whole = [f for f in loaded["farmland"] if f["geometry"].within(b04g)]
    assert len(whole) == 1, (label, len(whole))
    w = whole[0]
    assert w["properties"]["BSM"] in by["B04"]["overlaps"]["farmland"]["features"], label
    assert w["properties"]["BSM"] == "140426000002", w["properties"]["BSM"]
    assert by["B04"]["overlaps"]["farmland"]["count"] == 6, by["B04"]["overlaps"]["farmland"]
    s = sum(by["B04"]["overlaps"][k]["area_m2"] for k in LAYERS)
    assert s - by["B04"]["conflict_m2"] > 1e4, (label, "no cross-layer overlap in B04")
    # B05 edge-only
    for k in LAYERS:
        assert by["B05"]["overlaps"][k]["count"] == 0, (label, "B05", k)
    assert by["B05"]["clean"], label
    # B06 hole
    b06g = loaded["blocks"][5]["geometry"]
    hole = Polygon(b06g.interiors[0])
    inside = [f for f in loaded["farmland"] if f["geometry"].within(hole)]
    assert len(inside) == 1, (label, len(inside))
    feats6 = by["B06"]["overlaps"]["farmland"]["features"]
    assert inside[0]["properties"]["BSM"] not in feats6, label
    ring = LineString(b06g.interiors[0].coords)
    crossing = [f["properties"]["BSM"] for f in loaded["farmland"]
                if f["geometry"].crosses(ring) and f["properties"]["BSM"] in feats6]
    assert len(crossing) >= 1, label
    # B07: part 1 only redline HX004, part 2 only urban 1
    b07 = by["B07"]["overlaps"]
    assert b07["redline"]["features"] == ["HX004"] and b07["urban"]["features"] == ["1"], b07
    assert b07["farmland"]["count"] == 0, label
    parts = list(loaded["blocks"][6]["geometry"].geoms)
    assert parts[0].intersects(loaded["redline"][3]["geometry"]) and \
        parts[0].disjoint(loaded["urban"][1]["geometry"]), label
    assert parts[1].intersects(loaded["urban"][1]["geometry"]) and \
        parts[1].disjoint(loaded["redline"][3]["geometry"]), label
    # every block 0.5..3 km2
    for b in orc["blocks"]:
        assert 0.5e6 < b["area_m2"] < 3e6, (b["id"], b["area_m2"])
    return {"B06_hole_parcel": inside[0]["properties"]["BSM"], "B06_crossing_hole": crossing,
            "B04_whole_parcel": w["properties"]["BSM"]}


def close(a, b):
    return abs(a - b) <= max(ABS_TOL, REL_TOL * max(abs(a), abs(b)))


def compare(ref, other, label):
    worst = 0.0
    for rb, ob in zip(ref["blocks"], other["blocks"]):
        assert rb["id"] == ob["id"]
        pairs = [("area_m2", rb["area_m2"], ob["area_m2"]),
                 ("conflict_m2", rb["conflict_m2"], ob["conflict_m2"]),
                 ("clean_m2", rb["clean_m2"], ob["clean_m2"])]
        assert rb["clean"] == ob["clean"], (label, rb["id"])
        for k in LAYERS:
            r, o = rb["overlaps"][k], ob["overlaps"][k]
            assert r["count"] == o["count"] and r["features"] == o["features"], (label, rb["id"], k)
            pairs += [(k + ".area_m2", r["area_m2"], o["area_m2"]),
                      (k + ".percent", r["percent"], o["percent"])]
        for name, a, b in pairs:
            assert close(a, b), (label, rb["id"], name, a, b)
            if abs(a) > 1:
                worst = max(worst, abs(a - b) / abs(a))
    return worst


def main():
    data = build()
    # main: EPSG:4490 lon/lat
    write_variant(data, OUT, 4490, 10)
    main_loaded = load_variant(OUT)
    check_data(main_loaded, None, "4490")
    ref, det = oracle_for(main_loaded, None, "EPSG:4490 lon/lat")
    facts = check_oracle(ref, det, main_loaded, "4490")
    ref["note"] = ("overlay in the data's own plane (lon/lat as written); geodesic areas on "
                   "the CGCS2000 ellipsoid, |exterior| - sum|holes| per polygon; per layer "
                   "area = area of the union of the block's intersections; count = features "
                   "with intersection area > 0 (fixture guarantees > 1 m2 or exactly 0)")
    write_json(os.path.join(OUT, "oracle.json"), ref)

    # variants
    summary = []
    wgs = os.path.join(OUT, "nocrs")
    write_variant(data, wgs, None, 10, crs=False)
    ld = load_variant(wgs)
    check_data(ld, None, "nocrs")
    orc, det = oracle_for(ld, None, "OGC:CRS84 lon/lat (no crs member; CRS84 taken as CGCS2000)")
    check_oracle(orc, det, ld, "nocrs")
    summary.append(("nocrs", compare(ref, orc, "nocrs")))
    write_json(os.path.join(wgs, "oracle.json"), orc)

    main_lonlat = {k: [dict(f) for f in v] for k, v in main_loaded.items()}
    for epsg in (4526, 4547):
        d = os.path.join(OUT, "epsg%d" % epsg)
        fwd = transformer(4490, epsg)
        write_variant(main_lonlat, d, epsg, 4, tr=fwd)
        ld = load_variant(d)
        inv = transformer(epsg, 4490)
        check_data(ld, inv, str(epsg))
        orc, det = oracle_for(ld, inv, "EPSG:%d projected (overlay in this plane; result "
                                       "vertices transformed to EPSG:4490 for Geod areas)" % epsg)
        check_oracle(orc, det, ld, str(epsg))
        summary.append(("epsg%d" % epsg, compare(ref, orc, str(epsg))))
        write_json(os.path.join(d, "oracle.json"), orc)

    for b in ref["blocks"]:
        print("%s area %12.2f conflict %12.2f clean %-5s  %s" % (
            b["id"], b["area_m2"], b["conflict_m2"], b["clean"],
            "  ".join("%s:%d/%.2f" % (k, b["overlaps"][k]["count"], b["overlaps"][k]["area_m2"])
                      for k in LAYERS)))
    print("facts:", facts)
    for name, w in summary:
        print("variant %-9s agrees with 4490 oracle; worst relative diff %.2e" % (name, w))


if __name__ == "__main__":
    main()
