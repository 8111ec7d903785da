#!/usr/bin/env python3
"""Fixtures and oracle for `minescreen screen` (clean-ore / 净矿 block screening).

Run from the repo root:
    python3 Scripts/oracles/make_screen_fixture.py            # both scenes
    python3 Scripts/oracles/make_screen_fixture.py --only screen
    python3 Scripts/oracles/make_screen_fixture.py --only demo

Outputs
  Fixtures/screen/  blocks, redline, farmland, railway, rights, dwellings (.geojson), rules.yaml,
                    oracle.json  -- a small synthetic scene in 潞城区 (113.2–113.4E, 36.3–36.45N)
                    with one block per screening case (K01…K10, see BLOCK_CASES below).
  Fixtures/demo/    a county-scale demo scene in 平顺县 (113.4–113.6E, 36.1–36.3N): 8 candidate
                    blocks, redline, farmland (coverage, a few hundred parcels), urban, railway,
                    expressway, rights, dwellings, rules.yaml.  No oracle; verdicts are printed.

All layers: GeoJSON FeatureCollection, legacy crs member urn:ogc:def:crs:EPSG::4490, lon/lat
written with exactly 10 decimals (coordinates are integers in units of 1e-10 degree).  Geometry is
designed in metres in a scene transverse Mercator, block and railway edges are split to <= 100 m so
that "straight in lon/lat", "straight in the block plane" and "geodesic" edges agree to < 1 mm.

Oracle method (independent of the Swift code; pyproj + shapely/GEOS)
  area            Geod(a=6378137, f=1/298.257222101).polygon_area_perimeter per ring,
                  |exterior| - sum |holes|, summed over parts.
  plain layers    overlay in lon/lat (EPSG:4490 as written): union over features of
                  polygonal(block ∩ feature); area as above.
  buffer layers   plane = +proj=tmerc centred on the block (shapely centroid of the block in
                  lon/lat, not rounded) +k=1 +ellps=GRS80; block and features moved vertex by vertex;
                  union over features of (feature.buffer(buffer_m, quad_segs=256) ∩ block);
                  segmentize to <= 10 m, vertices back to lon/lat, geodesic area.
                  Cross-checked (asserted) against: centre = bbox midpoint rounded to 6 decimals
                  (the Swift choice), and the corridor built in the plane but intersected with the
                  block in lon/lat.
  slivers         a layer whose overlap area <= tolerance_m2 is ignored (no reason, no conflict).
  conflict        union (lon/lat) of the overlaps of layers above tolerance; clean = area - conflict.
  verdict         clean / needs-cut (clean >= min_clean_area_m2) / blocked.
  remainder       block - conflict in lon/lat; parts with area <= tolerance_m2 dropped (numerical
                  slivers of the plane round trip); remainder_parts_m2 sorted descending.
  min_distance_m  shapely distance in the block plane (min over the layer's features); cross-checked
                  against brute-force Geod.inv between boundaries densified to <= 2 m.
  robustness      asserted: no remainder part or kept overlap has a neck narrower than 2 cm (erosion
                  by 1 cm in the block plane keeps one piece), so snap-rounding overlays (e.g. GEOS with
                  grid 1e-10 degree) must find the same number of parts.
  overlapsWith    other blocks with polygonal(block ∩ other) area > 0 (lon/lat overlay).
  features        ids (layer's id_field, else Feature id) with overlap area > 0, in layer file order.
Deterministic: fixed seeds, integer coordinates.
"""
import argparse
import json
import math
import os
import random
import re
import sys

import numpy as np
import pyproj
import shapely
import yaml
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.polygon import orient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "Fixtures")
A_AXIS = 6378137.0
F = 1 / 298.257222101
GEOD = Geod(a=A_AXIS, f=F)
UNIT = 10 ** 10
CRS_MEMBER = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
QUAD_SEGS = 256  # 1024-gon circles: area within 7e-6 of the true circle
BACK_SEGMENT_M = 10.0
EDGE_M = 100.0           # design edges are split to at most this length


# ---------------------------------------------------------------------------------------------
# Design frame: metres in a scene transverse Mercator -> integer lon/lat (1e-10 degree)
# ---------------------------------------------------------------------------------------------
class Scene:
    def __init__(self, lon0, lat0):
        self.fwd = Transformer.from_crs(
            "+proj=longlat +ellps=GRS80 +no_defs",
            f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs",
            always_xy=True)

    def q(self, x, y):
        lon, lat = self.fwd.transform(x, y, direction="INVERSE")
        return (round(lon * UNIT), round(lat * UNIT))

    def path(self, pts, closed, max_len=EDGE_M):
        """Split each edge (in metres) to <= max_len, return integer lon/lat (closed if asked)."""
        seq = list(pts) + ([pts[0]] if closed else [])
        out = []
        for (x1, y1), (x2, y2) in zip(seq[:-1], seq[1:]):
            n = max(1, math.ceil(math.hypot(x2 - x1, y2 - y1) / max_len))
            for k in range(n):
                t = k / n
                out.append(self.q(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
        out.append(self.q(*seq[-1]))
        return out

    def ring(self, corners, max_len=EDGE_M):
        r = self.path(corners, closed=True, max_len=max_len)
        r[-1] = r[0]
        return ccw(r)


def ccw(ring):
    """Orient an integer ring counter-clockwise (shoelace on integers)."""
    s = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]))
    return ring if s > 0 else ring[::-1]


def fmt(v):
    sign = "-" if v < 0 else ""
    v = abs(v)
    return f"{sign}{v // UNIT}.{v % UNIT:010d}"


def pos(p):
    return f"@{fmt(p[0])},{fmt(p[1])}@"


def write_fc(path, name, feats):
    fc = {"type": "FeatureCollection", "name": name, "crs": CRS_MEMBER, "features": feats}
    text = json.dumps(fc, ensure_ascii=False, indent=1)
    text = re.sub(r'"@(-?[0-9.]+),(-?[0-9.]+)@"', r"[\1, \2]", text)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")


def poly_feature(fid, props, rings):
    f = {"type": "Feature"}
    if fid is not None:
        f["id"] = fid
    f["properties"] = props
    f["geometry"] = {"type": "Polygon", "coordinates": [[pos(p) for p in r] for r in rings]}
    return f


def line_feature(fid, props, pts):
    return {"type": "Feature", "id": fid, "properties": props,
            "geometry": {"type": "LineString", "coordinates": [pos(p) for p in pts]}}


def point_feature(fid, props, p):
    return {"type": "Feature", "id": fid, "properties": props,
            "geometry": {"type": "Point", "coordinates": pos(p)}}


def jittered_grid(scene, rng, x0, y0, nx, ny, cell, jitter, keep):
    """Coverage of quads on a jittered grid (shared integer vertices).  Returns {(i,j): ring}.
    keep(i, j) -> bool decides which cells are farmland.  Boundary vertices of the grid are not
    jittered across the boundary."""
    V = {}
    for i in range(nx + 1):
        for j in range(ny + 1):
            dx = rng.uniform(-jitter, jitter) if 0 < i < nx else 0.0
            dy = rng.uniform(-jitter, jitter) if 0 < j < ny else 0.0
            V[i, j] = (x0 + i * cell + dx, y0 + j * cell + dy)
    Q = {k: scene.q(*v) for k, v in V.items()}
    cells = {}
    for i in range(nx):
        for j in range(ny):
            if keep(i, j):
                cells[i, j] = [Q[i, j], Q[i + 1, j], Q[i + 1, j + 1], Q[i, j + 1], Q[i, j]]
    return cells, Q


# ---------------------------------------------------------------------------------------------
# Geometry helpers for the oracle
# ---------------------------------------------------------------------------------------------
def polygons_of(g):
    if g is None or g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type == "MultiPolygon":
        return list(g.geoms)
    if g.geom_type == "GeometryCollection":
        out = []
        for h in g.geoms:
            out += polygons_of(h)
        return out
    return []


def polygonal(g):
    ps = [p for p in polygons_of(g) if not p.is_empty]
    if not ps:
        return Polygon()
    return ps[0] if len(ps) == 1 else MultiPolygon(ps)


def ring_area(coords):
    xs, ys = zip(*coords)
    a, _ = GEOD.polygon_area_perimeter(xs, ys)
    return abs(a)


def geod_area(g):
    total = 0.0
    for p in polygons_of(g):
        total += ring_area(p.exterior.coords) - sum(ring_area(r.coords) for r in p.interiors)
    return total


def plane_for(lon, lat):
    t = Transformer.from_crs(
        "+proj=longlat +ellps=GRS80 +no_defs",
        f"+proj=tmerc +lat_0={lat} +lon_0={lon} +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs",
        always_xy=True)

    def fwd(g):
        return shapely.transform(g, lambda a: np.column_stack(t.transform(a[:, 0], a[:, 1])))

    def inv(g):
        g = shapely.segmentize(g, BACK_SEGMENT_M)
        return shapely.transform(
            g, lambda a: np.column_stack(t.transform(a[:, 0], a[:, 1], direction="INVERSE")))
    return fwd, inv


def densify_lonlat(g, max_m):
    """Boundary points of g (lon/lat) with spacing <= max_m (linear in lon/lat)."""
    lines = []
    if g.geom_type == "Point":
        return np.array([[g.x, g.y]])
    if g.geom_type in ("Polygon",):
        lines = [g.exterior] + list(g.interiors)
    elif g.geom_type == "LineString":
        lines = [g]
    else:
        return np.vstack([densify_lonlat(h, max_m) for h in g.geoms])
    pts = []
    for ln in lines:
        c = np.asarray(ln.coords)
        for a, b in zip(c[:-1], c[1:]):
            _, _, d = GEOD.inv(a[0], a[1], b[0], b[1])
            n = max(1, math.ceil(d / max_m))
            t = np.arange(n)[:, None] / n
            pts.append(a + (b - a) * t)
        pts.append(c[-1:])
    return np.vstack(pts)


def brute_distance(block, feat, approx):
    """Brute-force geodesic min distance between densified boundaries near the closest region."""
    if approx == 0.0:
        return 0.0
    window = approx + 300.0
    fb = densify_lonlat(feat, 25.0)
    bb = densify_lonlat(block, 25.0)
    # keep only points of each within `window` of the other (coarse)
    def near(src, other):
        keep = np.zeros(len(src), bool)
        for k in range(0, len(other), 200):
            o = other[k:k + 200]
            lo = np.repeat(src[:, 0][:, None], len(o), 1)
            la = np.repeat(src[:, 1][:, None], len(o), 1)
            _, _, d = GEOD.inv(lo, la, np.broadcast_to(o[:, 0], lo.shape), np.broadcast_to(o[:, 1], lo.shape))
            keep |= (d < window).any(axis=1)
        return keep
    fsel = near(fb, bb)
    bsel = near(bb, fb)
    box = shapely.box(*np.r_[np.vstack([fb[fsel], bb[bsel]]).min(0) - 1e-4,
                             np.vstack([fb[fsel], bb[bsel]]).max(0) + 1e-4])
    f2 = densify_lonlat(feat, 2.0)
    b2 = densify_lonlat(block, 2.0)
    f2 = f2[shapely.contains_xy(box, f2[:, 0], f2[:, 1])]
    b2 = b2[shapely.contains_xy(box, b2[:, 0], b2[:, 1])]
    best = math.inf
    for k in range(0, len(f2), 500):
        o = f2[k:k + 500]
        lo = np.repeat(b2[:, 0][:, None], len(o), 1)
        la = np.repeat(b2[:, 1][:, None], len(o), 1)
        _, _, d = GEOD.inv(lo, la, np.broadcast_to(o[:, 0], lo.shape), np.broadcast_to(o[:, 1], lo.shape))
        best = min(best, float(d.min()))
    return best


# ---------------------------------------------------------------------------------------------
# The screening oracle (reads files exactly as written)
# ---------------------------------------------------------------------------------------------
def load_fc(path):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::4490", path
    return data["features"]


def screen(rules_path, blocks_path, block_id_field="code", brute=True):
    with open(rules_path, encoding="utf-8") as fh:
        rules = yaml.safe_load(fh)
    base = os.path.dirname(rules_path)
    tol = float(rules["tolerance_m2"])
    min_clean = float(rules["min_clean_area_m2"])
    layers = []
    for spec in rules["layers"]:
        feats = []
        for f in load_fc(os.path.join(base, spec["path"])):
            fid = str(f["properties"][spec["id_field"]]) if "id_field" in spec else str(f["id"])
            g = shape(f["geometry"])
            assert g.is_valid, (spec["name"], fid)
            feats.append((fid, g))
        layers.append({"name": spec["name"], "buffer": spec.get("buffer_m"), "features": feats})
    blocks = []
    for f in load_fc(blocks_path):
        g = shape(f["geometry"])
        assert g.is_valid and g.geom_type == "Polygon", f["properties"][block_id_field]
        blocks.append((str(f["properties"][block_id_field]), g, f["properties"]))

    results = []
    for bid, B, props in blocks:
        area = geod_area(B)
        c = B.centroid
        fwd, inv = plane_for(c.x, c.y)
        minx, miny, maxx, maxy = B.bounds
        fwd2, inv2 = plane_for(round((minx + maxx) / 2, 6), round((miny + maxy) / 2, 6))
        Bt, Bt2 = fwd(B), fwd2(B)
        layer_out = []
        nearest = {}
        xchk = []
        for L in layers:
            ids, pieces, per_area = [], [], []
            dmin = math.inf
            if L["buffer"] is not None:
                buf = float(L["buffer"])
                zones_t, zones_t2, corridor_ll = [], [], []
                for fid, g in L["features"]:
                    gt = fwd(g)
                    d = gt.distance(Bt)
                    if d < dmin:
                        dmin, dfeat = d, (fid, g)
                    if d >= buf:
                        continue
                    z = gt.buffer(buf, quad_segs=QUAD_SEGS)
                    piece = polygonal(z.intersection(Bt))
                    a = geod_area(inv(piece))
                    if a > 0:
                        ids.append(fid)
                        zones_t.append(piece)
                        zones_t2.append(polygonal(fwd2(g).buffer(buf, quad_segs=QUAD_SEGS).intersection(Bt2)))
                        corridor_ll.append(inv(z))
                if zones_t:
                    ov = polygonal(inv(shapely.union_all(zones_t)))
                    ov_area = geod_area(ov)
                    # cross-checks: other centre; intersect in lon/lat instead of in the plane
                    a2 = geod_area(inv2(shapely.union_all(zones_t2)))
                    a3 = geod_area(polygonal(shapely.union_all(corridor_ll).intersection(B)))
                    for other in (a2, a3):
                        assert abs(other - ov_area) <= 2e-6 * ov_area, (bid, L["name"], ov_area, a2, a3)
                    xchk.append((L["name"], (a2 - ov_area) / ov_area, (a3 - ov_area) / ov_area))
                else:
                    ov, ov_area = Polygon(), 0.0
                # distance cross-check
                if brute and dmin < 5000:
                    bd = brute_distance(B, dfeat[1], dmin)
                    rel = abs(bd - dmin) / max(dmin, 1e-9)
                    assert (dmin == 0 and bd == 0) or rel < 1e-3, (bid, L["name"], dmin, bd)
                    nearest[L["name"] + "_brute"] = bd
                nearest[L["name"]] = dmin
            else:
                for fid, g in L["features"]:
                    if not g.intersects(B):
                        continue
                    piece = polygonal(B.intersection(g))
                    if geod_area(piece) > 0:
                        ids.append(fid)
                        pieces.append(piece)
                ov = polygonal(shapely.union_all(pieces)) if pieces else Polygon()
                ov_area = geod_area(ov)
            layer_out.append({"layer": L["name"], "area_m2": ov_area, "geom": ov, "features": ids,
                              "buffer": L["buffer"], "min_distance_m": dmin if L["buffer"] is not None else None})
        reasons, slivers, conf = [], [], []
        for lo in layer_out:
            if lo["area_m2"] > tol:
                r = {"layer": lo["layer"], "area_m2": lo["area_m2"], "percent": lo["area_m2"] / area * 100,
                     "count": len(lo["features"]), "features": lo["features"]}
                if lo["buffer"] is not None:
                    r["min_distance_m"] = lo["min_distance_m"]
                reasons.append(r)
                conf.append(lo["geom"])
            elif lo["area_m2"] > 0:
                slivers.append({"layer": lo["layer"], "area_m2": lo["area_m2"], "features": lo["features"]})
        if conf:
            conflict_g = polygonal(shapely.union_all(conf))
            conflict = min(geod_area(conflict_g), area)
            rest = polygonal(B.difference(conflict_g))
            parts_all = sorted((geod_area(p) for p in polygons_of(rest)), reverse=True)
        else:
            conflict, parts_all = 0.0, [area]
        clean = area - conflict
        parts = [p for p in parts_all if p > tol]
        # robustness: no part of the remainder or of a kept overlap has a neck narrower than 2 cm
        # (else an implementation that snaps to a grid may legitimately count parts differently)
        necks = []
        for gname, g in [("remainder", rest if conf else B)] + [(lo["layer"], lo["geom"]) for lo in layer_out
                                                                 if lo["area_m2"] > tol]:
            for part in polygons_of(g):
                if geod_area(part) <= tol:
                    continue
                eroded = [e for e in polygons_of(fwd(part).buffer(-0.01)) if e.area > 1e-6]
                if len(eroded) != 1:
                    necks.append(gname)
        verdict = "clean" if not reasons else ("needs-cut" if clean >= min_clean else "blocked")
        results.append({"id": bid, "name": props.get("name"), "area_m2": area, "verdict": verdict,
                        "conflict_m2": conflict, "clean_m2": clean, "reasons": reasons,
                        "slivers": slivers, "overlapsWith": [], "remainder_parts_m2": parts,
                        "_dropped_parts_m2": [p for p in parts_all if p <= tol],
                        "distances_m": {k: v for k, v in nearest.items() if not k.endswith("_brute")},
                        "_brute": {k: v for k, v in nearest.items() if k.endswith("_brute")},
                        "_geom": B, "_xchk": xchk, "_necks": necks})
    for r in results:
        for s in results:
            if r is s:
                continue
            if r["_geom"].intersects(s["_geom"]):
                a = geod_area(polygonal(r["_geom"].intersection(s["_geom"])))
                if a > 0:
                    r["overlapsWith"].append({"id": s["id"], "area_m2": a})
    return rules, results


# ---------------------------------------------------------------------------------------------
# Task 1: Fixtures/screen
# ---------------------------------------------------------------------------------------------
BLOCK_CASES = {
    "K01": "clean: railway 1300 m away (> 1000 m corridor), nothing else near",
    "K02": "railway corridor covers its east strip (railway 600 m east of the block) -> needs-cut",
    "K03": "shares an edge (identical vertices) with an existing right, no area -> clean",
    "K04": "farmland parcel pokes in by a triangle of ~0.5 m2 (<= tolerance 1 m2) -> clean",
    "K05": "redline covers all but a ~60 m strip (< 100000 m2 left) -> blocked",
    "K06": "railway through the middle: corridor cuts it into 2 remainder parts -> needs-cut",
    "K07": "overlaps K08 (planning error), otherwise clean",
    "K08": "overlaps K07 (planning error), otherwise clean",
    "K09": "dwelling D1 120 m outside its east edge (300 m blasting distance) -> needs-cut",
    "K10": "redline HX02/HX03 overlap each other, farmland and right C2 overlap them: union, "
           "no double counting -> needs-cut",
}


def make_screen():
    out = os.path.join(FIX, "screen")
    os.makedirs(out, exist_ok=True)
    S = Scene(113.3, 36.375)
    rng = random.Random(20240611)

    # --- blocks (design corners in metres) ---
    blocks = [
        ("K01", "潞城区微子镇东岭建筑石料用灰岩矿", "建筑石料用灰岩",
         [(4300, 4000), (5400, 4050), (5350, 5000), (4300, 4950)]),
        ("K02", "潞城区店上镇南沟建筑石料用灰岩矿", "建筑石料用灰岩",
         [(1500, 2000), (2400, 2000), (2450, 3200), (1450, 3150)]),
        ("K03", "潞城区合室乡西坡建筑用白云岩矿", "建筑用白云岩",
         [(-2000, 4000), (-1000, 4000), (-1000, 5000), (-2000, 4900)]),
        ("K04", "潞城区翟店镇北垴建筑石料用灰岩矿", "建筑石料用灰岩",
         [(-3500, -4000), (-2500, -4000), (-2450, -3000), (-3550, -3050)]),
        ("K05", "潞城区黄牛蹄乡石窑水泥用石灰岩矿", "水泥用石灰岩",
         [(-6000, -2000), (-5000, -1980), (-4980, -1000), (-6020, -1020)]),
        ("K06", "潞城区成家川街道河西熔剂用石灰岩矿", "熔剂用石灰岩",
         [(1500, -400), (4500, -350), (4550, 400), (1450, 420)]),
        ("K07", "潞城区史回镇上庄建筑石料用灰岩矿", "建筑石料用灰岩",
         [(-7000, 1000), (-6000, 1050), (-6000, 2000), (-7050, 1950)]),
        ("K08", "潞城区史回镇下庄建筑石料用灰岩矿", "建筑石料用灰岩",
         [(-6200, 1500), (-5200, 1500), (-5250, 2500), (-6200, 2450)]),
        ("K09", "潞城区辛安泉镇后峧制碱用灰岩矿", "制碱用灰岩",
         [(5000, -3000), (6000, -3000), (6000, -2000), (5000, -2050)]),
        ("K10", "潞城区翟店镇东庄建筑石料用灰岩矿", "建筑石料用灰岩",
         [(-1700, -5490), (-400, -5520), (-350, -4480), (-1720, -4500)]),
    ]
    rings = {code: S.ring(c) for code, _, _, c in blocks}

    # --- farmland coverage: 15 x 10 cells of 200 m, x in [-4000,-1000], y in [-6000,-4000] ---
    nx, ny = 15, 10
    drop = {(i, j) for i in range(nx) for j in range(ny) if rng.random() < 0.12}
    drop -= {(5, ny - 1)} | {(i, j) for i in (12, 13, 14) for j in range(2, 8)}
    cells, Q = jittered_grid(S, rng, -4000, -6000, nx, ny, 200, 40, lambda i, j: (i, j) not in drop)
    # Top boundary of the coverage exactly on one parallel Lq; K04's south edge lies on it too.
    Lq = S.q(-3000, -4000)[1]
    for i in range(nx + 1):
        Q[i, ny] = (Q[i, ny][0], Lq)
    cells = {k: [Q[k[0], k[1]], Q[k[0] + 1, k[1]], Q[k[0] + 1, k[1] + 1], Q[k[0], k[1] + 1], Q[k[0], k[1]]]
             for k in cells}
    # The sliver: parcel (5, ny-1) gets a vertex 5 cm north of Lq on its top edge (base 20 m).
    x1 = S.q(-2950, -4000)[0]
    x2 = S.q(-2930, -4000)[0]
    xm = S.q(-2940, -4000)[0]
    h = round(0.05 / 110_950 * UNIT)
    r = cells[5, ny - 1]
    # ring: (i,j) (i+1,j) (i+1,j+1) (i,j+1) (i,j): top edge runs east -> west between idx 2 and 3
    cells[5, ny - 1] = r[:3] + [(x2, Lq), (xm, Lq + h), (x1, Lq)] + r[3:]
    assert Q[5, ny][0] < x1 < x2 < Q[6, ny][0]
    # K04: replace its south edge latitude by Lq (its design south edge is y = -4000)
    k04 = rings["K04"]
    k04 = [(x, Lq) if abs(y - Lq) < 100_000 else (x, y) for x, y in k04]  # design y=-4000 is within 0.2 m of Lq
    rings["K04"] = ccw(k04)
    south = [p for p in rings["K04"] if p[1] == Lq]
    assert min(p[0] for p in south) < x1 and max(p[0] for p in south) > x2 and len(south) >= 11

    # --- rights ---
    # K03's east edge (design x = -1000) with its exact vertices, reused reversed by right C1
    k03_path = S.path([(-1000, 4000), (-1000, 5000)], closed=False)
    assert all(p in rings["K03"] for p in k03_path)
    c1 = S.path([(-1000, 4000), (-200, 3900), (0, 4600), (-300, 5200), (-1000, 5000)], closed=False)
    assert c1[0] == k03_path[0] and c1[-1] == k03_path[-1]
    c1 = ccw(c1[:-1] + k03_path[::-1])
    rights = [
        ("C1404002009121120049871", "潞城区合室乡鑫磊石料厂", "建筑石料用灰岩", "2027-12-31", c1),
        ("C1404262011041130110563", "潞城区翟店镇宏达建材有限公司采石场", "建筑石料用灰岩", "2026-04-30",
         S.ring([(-500, -6000), (500, -6000), (500, -5200), (-550, -5300)])),
        ("C1404002014071110135127", "潞城区辛安泉镇兴旺白云岩矿", "建筑用白云岩", "2029-07-31",
         S.ring([(6500, 1000), (7800, 1100), (7700, 2200), (6600, 2100)])),
    ]
    redline = [
        ("HX01", "太行山水源涵养生态保护红线", "水源涵养",
         S.ring([(-6500, -1945), (-4500, -1915), (-4200, -300), (-5000, 300), (-6800, 0)])),
        ("HX02", "浊漳河生物多样性维护生态保护红线", "生物多样性维护",
         S.ring([(-1300, -5300), (-700, -5400), (-600, -4300), (-1200, -4200)])),
        ("HX03", "浊漳河水土保持生态保护红线", "水土保持",
         S.ring([(-900, -5000), (0, -5100), (100, -4400), (-800, -4300)])),
        ("HX04", "太行山北段水源涵养生态保护红线", "水源涵养",
         S.ring([(-9000, 6000), (-6500, 6500), (-6000, 8500), (-9000, 8800)])),
    ]
    railways = [
        ("RW1", "太焦高铁", "高速铁路", S.path([(2600, -9000), (3000, -3000), (3000, 6000), (3400, 9000)], False)),
        ("RW2", "邯长铁路", "普速铁路", S.path([(-9500, -7600), (0, -7300), (9500, -7800)], False)),
    ]
    dwellings = [("D1", "后峧村", (6120, -2430)), ("D2", "上庄村", (-3000, 2000)), ("D3", "河西村", (0, 0)),
                 ("D4", "东岭村", (6500, 6000)), ("D5", "石窑村", (-7500, -4000)), ("D6", "北垴村", (-2200, -2500)),
                 ("D7", "南沟村", (1000, -3000)), ("D8", "西坡村", (7500, -5000))]

    write_fc(os.path.join(out, "blocks.geojson"), "screen fixture: candidate blocks (synthetic, 潞城区)",
             [poly_feature(None, {"code": code, "name": name, "mineral": mineral, "county": "潞城区",
                                  "case": BLOCK_CASES[code]}, [rings[code]])
              for code, name, mineral, _ in blocks])
    write_fc(os.path.join(out, "redline.geojson"), "ecological protection red line 生态保护红线 (synthetic)",
             [poly_feature(fid, {"name": n, "type": t}, [r]) for fid, n, t, r in redline])
    bsm0 = 140406_0000_0000
    farm_feats = []
    for k, (i, j) in enumerate(sorted(cells, key=lambda c: (c[1], c[0]))):
        farm_feats.append(poly_feature(None, {"BSM": str(bsm0 + 1 + k), "DLBM": "0103", "DLMC": "旱地",
                                              "ZLDWMC": "翟店镇"}, [cells[i, j]]))
    write_fc(os.path.join(out, "farmland.geojson"), "permanent basic farmland 永久基本农田 (synthetic coverage)",
             farm_feats)
    write_fc(os.path.join(out, "railway.geojson"), "railways (synthetic)",
             [line_feature(fid, {"name": n, "class": c}, p) for fid, n, c, p in railways])
    write_fc(os.path.join(out, "rights.geojson"), "existing mining rights 采矿权 (synthetic)",
             [poly_feature(fid, {"证号": fid, "矿山名称": n, "矿种": m, "有效期止": e}, [r])
              for fid, n, m, e, r in rights])
    write_fc(os.path.join(out, "dwellings.geojson"), "dwellings 居民点 (synthetic)",
             [point_feature(fid, {"name": n}, S.q(*p)) for fid, n, p in dwellings])
    rules = """# Screening rules for Fixtures/screen (paths relative to this file)
tolerance_m2: 1
min_clean_area_m2: 100000
layers:
  - name: redline
    path: redline.geojson
  - name: farmland
    path: farmland.geojson
    id_field: BSM
  - name: railway
    path: railway.geojson
    buffer_m: 1000
  - name: rights
    path: rights.geojson
  - name: dwellings
    path: dwellings.geojson
    buffer_m: 300
"""
    with open(os.path.join(out, "rules.yaml"), "w", encoding="utf-8") as fh:
        fh.write(rules)

    # ---------------- oracle ----------------
    check_files_valid(out)
    rules_d, res = screen(os.path.join(out, "rules.yaml"), os.path.join(out, "blocks.geojson"))
    R = {r["id"]: r for r in res}
    expect = {"K01": "clean", "K02": "needs-cut", "K03": "clean", "K04": "clean", "K05": "blocked",
              "K06": "needs-cut", "K07": "clean", "K08": "clean", "K09": "needs-cut", "K10": "needs-cut"}
    for bid, v in expect.items():
        r = R[bid]
        assert r["verdict"] == v, (bid, r["verdict"], v)
        assert 0.5e6 <= r["area_m2"] <= 3e6, (bid, r["area_m2"])
        assert abs(r["clean_m2"] + r["conflict_m2"] - r["area_m2"]) <= 1e-9 * r["area_m2"], bid
        if r["reasons"]:
            assert abs(sum(r["remainder_parts_m2"]) - r["clean_m2"]) <= 1e-6 * r["area_m2"], \
                (bid, sum(r["remainder_parts_m2"]), r["clean_m2"])
        assert sum(r["_dropped_parts_m2"]) < 1.0, (bid, r["_dropped_parts_m2"])
    for r in res:
        assert not r["_necks"], (r["id"], r["_necks"])
    layers_of = {bid: [x["layer"] for x in R[bid]["reasons"]] for bid in R}
    assert layers_of == {"K01": [], "K02": ["railway"], "K03": [], "K04": [], "K05": ["redline"],
                         "K06": ["railway"], "K07": [], "K08": [], "K09": ["dwellings"],
                         "K10": ["redline", "farmland", "rights"]}, layers_of
    assert R["K01"]["distances_m"]["railway"] > 1000
    assert R["K01"]["distances_m"]["dwellings"] > 300
    assert R["K02"]["reasons"][0]["features"] == ["RW1"] and R["K02"]["reasons"][0]["area_m2"] >= 1e5
    assert 500 < R["K02"]["reasons"][0]["min_distance_m"] < 700
    assert R["K03"]["slivers"] == [] and not R["K03"]["reasons"]
    s4 = R["K04"]["slivers"]
    assert len(s4) == 1 and s4[0]["layer"] == "farmland" and 0.1 < s4[0]["area_m2"] < 0.9, s4
    assert R["K05"]["clean_m2"] < 1e5
    r6 = R["K06"]
    assert len(r6["remainder_parts_m2"]) == 2 and all(p > 1e5 for p in r6["remainder_parts_m2"])
    assert r6["reasons"][0]["min_distance_m"] == 0.0 and r6["reasons"][0]["area_m2"] >= 1e6
    assert [o["id"] for o in R["K07"]["overlapsWith"]] == ["K08"]
    assert [o["id"] for o in R["K08"]["overlapsWith"]] == ["K07"]
    assert R["K07"]["overlapsWith"][0]["area_m2"] == R["K08"]["overlapsWith"][0]["area_m2"]
    assert all(not R[b]["overlapsWith"] for b in R if b not in ("K07", "K08"))
    d9 = R["K09"]["reasons"][0]
    assert d9["count"] == 1 and d9["features"] == ["D1"] and 110 < d9["min_distance_m"] < 130
    assert d9["area_m2"] >= 1e4
    r10 = {x["layer"]: x for x in R["K10"]["reasons"]}
    assert r10["redline"]["features"] == ["HX02", "HX03"]
    s = sum(x["area_m2"] for x in R["K10"]["reasons"])
    assert R["K10"]["conflict_m2"] < s - 1e4, "K10 should exercise the union (no double counting)"

    oracle = {
        "tool": f"pyproj {pyproj.__version__} Geod(a=6378137,f=1/298.257222101) + shapely {shapely.__version__} "
                f"(GEOS {'.'.join(map(str, shapely.geos_version))}); Scripts/oracles/make_screen_fixture.py",
        "method": ("ellipsoidal areas (geodesic polygon area, |exterior| - |holes|, parts summed). Plain layers: "
                   "overlay in lon/lat, union of block∩feature per layer. Buffer layers: +proj=tmerc "
                   "+k=1 +ellps=GRS80 centred on the block's lon/lat centroid, feature.buffer(buffer_m, "
                   "quad_segs=256) ∩ block in that plane, segmentized to <=10 m, back to lon/lat. Layers with "
                   "overlap <= tolerance_m2 are slivers and ignored. conflict = area(union of kept overlaps), "
                   "clean = area - conflict. remainder = block - conflict (lon/lat), parts <= tolerance dropped, "
                   "sorted descending. min_distance_m = shapely distance in the block plane, min over the layer's "
                   "features (cross-checked with brute-force Geod.inv on <=2 m densified boundaries)."),
        "rules": "rules.yaml",
        "id_field": "code",
        "tolerance_m2": rules_d["tolerance_m2"],
        "min_clean_area_m2": rules_d["min_clean_area_m2"],
        "compare": {"plain_layers_rel": 1e-6, "buffer_layers_rel": 1e-4},
        "notes": ("features are listed in layer-file order; 'slivers' lists layers with 0 < overlap <= tolerance "
                  "(not reasons); 'distances_m' is the nearest distance to each buffer layer (also for layers "
                  "that are not reasons); 'case' describes the intent of each block."),
        "blocks": [],
    }
    for r in res:
        oracle["blocks"].append({
            "id": r["id"], "name": r["name"], "case": BLOCK_CASES[r["id"]],
            "area_m2": r["area_m2"], "verdict": r["verdict"], "conflict_m2": r["conflict_m2"],
            "clean_m2": r["clean_m2"], "reasons": r["reasons"], "slivers": r["slivers"],
            "overlapsWith": r["overlapsWith"], "remainder_parts_m2": r["remainder_parts_m2"],
            "distances_m": r["distances_m"]})
    with open(os.path.join(out, "oracle.json"), "w", encoding="utf-8") as fh:
        json.dump(oracle, fh, ensure_ascii=False, indent=1)
        fh.write("\n")

    print(f"Fixtures/screen: {len(res)} blocks, {len(farm_feats)} farmland parcels")
    for r in res:
        rs = "; ".join(f"{x['layer']} {x['area_m2']:.2f} m² {x['features']}"
                       + (f" d={x['min_distance_m']:.3f}" if "min_distance_m" in x else "") for x in r["reasons"])
        extra = ""
        if r["slivers"]:
            extra += f" slivers={[(s['layer'], round(s['area_m2'], 4)) for s in r['slivers']]}"
        if r["overlapsWith"]:
            extra += f" overlapsWith={[(o['id'], round(o['area_m2'], 2)) for o in r['overlapsWith']]}"
        print(f"  {r['id']} {r['verdict']:9s} area {r['area_m2']:.2f} conflict {r['conflict_m2']:.2f} "
              f"clean {r['clean_m2']:.2f} parts {[round(p, 2) for p in r['remainder_parts_m2']]} | {rs}{extra}")
        for name, d2, d3 in r["_xchk"]:
            print(f"      {name} corridor cross-checks: bbox-centre plane {d2:+.1e}, lon/lat intersection {d3:+.1e}")
        if r["_dropped_parts_m2"]:
            print(f"      dropped remainder slivers: {r['_dropped_parts_m2']}")
        for k, v in r["distances_m"].items():
            b = r["_brute"].get(k + "_brute")
            if b is not None and v > 0:
                print(f"      {k}: plane {v:.4f} m, brute geodesic {b:.4f} m, rel {abs(b - v) / v:.1e}")


def check_files_valid(folder):
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".geojson"):
            continue
        feats = load_fc(os.path.join(folder, name))
        geoms = []
        for f in feats:
            g = shape(f["geometry"])
            assert g.is_valid, (name, f.get("id"), shapely.is_valid_reason(g))
            if g.geom_type == "Polygon":
                assert Polygon(g.exterior).exterior.is_ccw, (name, f.get("id"))
                assert all(len(r.coords) >= 4 for r in [g.exterior, *g.interiors])
            for c in shapely.get_coordinates(g):
                t = f"{c[0]:.10f}"
                assert abs(float(t) - c[0]) < 1e-12
            geoms.append(g)
        if name == "farmland.geojson":   # a coverage: parcels never share area
            tree = shapely.STRtree(geoms)
            for a, b in zip(*tree.query(geoms, predicate="intersects")):
                if a < b:
                    assert geod_area(polygonal(geoms[a].intersection(geoms[b]))) == 0.0, (a, b)


# ---------------------------------------------------------------------------------------------
# Task 2: Fixtures/demo (平顺县)
# ---------------------------------------------------------------------------------------------
def blob(rng, cx, cy, r, n=10, jit=0.25):
    rot = rng.uniform(0, 2 * math.pi)
    return [(cx + r * (1 + rng.uniform(-jit, jit)) * math.cos(rot + 2 * math.pi * k / n),
             cy + r * (1 + rng.uniform(-jit, jit)) * math.sin(rot + 2 * math.pi * k / n)) for k in range(n)]


def make_demo():
    out = os.path.join(FIX, "demo")
    os.makedirs(out, exist_ok=True)
    S = Scene(113.5, 36.2)
    rng = random.Random(20240612)
    # x east, y north in metres around 113.5E 36.2N; county seat 青羊镇 near (-6000, 0)
    blocks = [
        ("PS01", "平顺县石城镇岳家寨建筑石料用灰岩矿", "建筑石料用灰岩", [(6000, -6500), (7300, -6400), (7200, -5300), (6100, -5400)]),
        ("PS02", "平顺县龙溪镇井底建筑石料用灰岩矿", "建筑石料用灰岩", [(-1500, -3500), (0, -3400), (100, -2300), (-1400, -2400), (-1700, -2900)]),
        ("PS03", "平顺县虹梯关乡虹霓熔剂用石灰岩矿", "熔剂用石灰岩", [(5500, 3000), (7000, 3100), (6900, 4300), (5600, 4200)]),
        ("PS04", "平顺县西沟乡池底建筑用白云岩矿", "建筑用白云岩", [(-4300, 6000), (-3100, 6100), (-3200, 7000), (-4400, 6900)]),
        ("PS05", "平顺县青羊镇东河建筑石料用灰岩矿", "建筑石料用灰岩", [(-7000, -2200), (-5900, -2150), (-5950, -1100), (-7050, -1150)]),
        ("PS06", "平顺县北耽车乡实会水泥用石灰岩矿", "水泥用石灰岩", [(-8000, 5500), (-6000, 5600), (-6100, 6500), (-8100, 6400)]),
        ("PS07", "平顺县阳高乡车当建筑石料用灰岩矿", "建筑石料用灰岩", [(1200, 7000), (2400, 7100), (2300, 8200), (1100, 8100)]),
        ("PS08", "平顺县东寺头乡后庄建筑石料用灰岩矿", "建筑石料用灰岩", [(2500, -9000), (3600, -8950), (3550, -7900), (2450, -8000)]),
    ]
    rings = {c: S.ring(p) for c, _, _, p in blocks}
    # railway (N-S west of centre) and expressway (towards the county seat)
    railway = [("RW1", "邯长铁路平顺支线（规划）", "普速铁路",
                S.path([(-2500, -11500), (-2000, -4000), (-2400, 2000), (-1000, 11500)], False, 200))]
    express = [("GS1", "长平高速", "高速公路",
                S.path([(-9000, 900), (-5000, 1300), (0, 900), (5000, 2200), (9000, 4500)], False, 200)),
               ("GS2", "平顺—壶关联络线", "高速公路",
                S.path([(3000, -11000), (4200, -5000), (5000, 2200)], False, 200))]
    redline = [
        ("HX01", "太行山南段水源涵养生态保护红线", [(3500, 5500), (9000, 5200), (9200, 11000), (4000, 11000)]),
        ("HX02", "浊漳河峡谷生物多样性维护生态保护红线", [(5000, -7000), (6800, -7200), (7000, -5950), (5200, -5900)]),
        ("HX03", "天脊山水土保持生态保护红线", [(-9000, -11000), (-5000, -11000), (-5500, -7000), (-9000, -6500)]),
        ("HX04", "通天峡水源涵养生态保护红线", [(7500, -11000), (9000, -11000), (9000, -3000), (8000, -4000)]),
    ]
    urban = [
        ("UB01", "平顺县城城镇开发边界（青羊镇）", blob(rng, -6000, 0, 1400, 14, 0.15)),
        ("UB02", "龙溪镇城镇开发边界", blob(rng, 1500, -4500, 700, 10, 0.15)),
        ("UB03", "石城镇城镇开发边界", blob(rng, 6500, -2500, 600, 10, 0.15)),
    ]
    rights = [
        ("C1404252008071120011873", "平顺县龙溪镇建兴石料厂", "建筑石料用灰岩", [(-700, -3800), (400, -3800), (300, -3100), (-800, -3000)]),
        ("C1404252010121130090412", "平顺县北耽车乡鑫源水泥灰岩矿", "水泥用石灰岩", [(-7000, 4400), (-5500, 4500), (-5600, 5200), (-7100, 5100)]),
        ("C1404252012061110125736", "平顺县阳高乡宏泰建材厂", "建筑石料用灰岩", [(2300, 7300), (3200, 7300), (3200, 7900), (2300, 7900)]),
        ("C1404252015091130147055", "平顺县西沟乡永安白云岩矿", "建筑用白云岩", [(-5200, 7500), (-4300, 7600), (-4400, 8400), (-5300, 8300)]),
        ("C1404252013031120139928", "平顺县石城镇豫晋石料厂", "建筑石料用灰岩", [(7500, -9500), (8800, -9400), (8700, -8600), (7600, -8700)]),
    ]
    # farmland: three clusters of jittered-grid parcels (valley floors), a coverage
    farm = []
    for (x0, y0, nx, ny, cell, town) in [(-9000, -3000, 14, 10, 180, "青羊镇"),
                                         (-500, 4500, 12, 9, 170, "西沟乡"),
                                         (2600, -4200, 10, 8, 160, "龙溪镇")]:
        keep = lambda i, j: rng.random() > 0.15
        cells, _ = jittered_grid(S, rng, x0, y0, nx, ny, cell, cell * 0.2, keep)
        for k in sorted(cells, key=lambda c: (c[1], c[0])):
            farm.append((town, cells[k]))
    dw_pts = [(7450, -5900), (-600, -1800), (4000, 3600), (7400, 2600), (-3300, 8200), (-4000, 3000),
              (-8500, 7500), (1800, 9200), (3000, -6500), (5000, -8800), (8200, 800), (-1000, 2500),
              (4500, 9500), (-8600, -8000), (800, -9800), (6600, 7800), (-7600, 2700), (2700, 5300)]
    dw_names = ["岳家寨村", "井底村", "虹霓村", "神龙湾村", "池底村", "申家坪村", "实会村", "车当村", "后庄村",
                "王家庄村", "东庄村", "安乐村", "西沟村", "大山村", "石埠头村", "消军岭村", "北社村", "棠梨村"]
    write_fc(os.path.join(out, "blocks.geojson"), "平顺县 candidate mining blocks (demo, synthetic)",
             [poly_feature(None, {"code": c, "name": n, "mineral": m, "county": "平顺县"}, [rings[c]])
              for c, n, m, _ in blocks])
    write_fc(os.path.join(out, "redline.geojson"), "生态保护红线 (demo, synthetic)",
             [poly_feature(f, {"name": n}, [S.ring(p, 200)]) for f, n, p in redline])
    write_fc(os.path.join(out, "urban.geojson"), "城镇开发边界 (demo, synthetic)",
             [poly_feature(f, {"name": n}, [S.ring(p, 200)]) for f, n, p in urban])
    write_fc(os.path.join(out, "farmland.geojson"), "永久基本农田 (demo, synthetic coverage)",
             [poly_feature(None, {"BSM": str(140425_0000_0000 + k + 1), "DLBM": "0103", "DLMC": "旱地",
                                  "ZLDWMC": t}, [r]) for k, (t, r) in enumerate(farm)])
    write_fc(os.path.join(out, "railway.geojson"), "铁路 (demo, synthetic)",
             [line_feature(f, {"name": n, "class": c}, p) for f, n, c, p in railway])
    write_fc(os.path.join(out, "expressway.geojson"), "高速公路 (demo, synthetic)",
             [line_feature(f, {"name": n, "class": c}, p) for f, n, c, p in express])
    write_fc(os.path.join(out, "rights.geojson"), "现有矿业权 (demo, synthetic)",
             [poly_feature(f, {"证号": f, "矿山名称": n, "矿种": m}, [S.ring(p)]) for f, n, m, p in rights])
    write_fc(os.path.join(out, "dwellings.geojson"), "居民点 (demo, synthetic)",
             [point_feature(f"D{k + 1}", {"name": dw_names[k]}, S.q(*p)) for k, p in enumerate(dw_pts)])
    with open(os.path.join(out, "rules.yaml"), "w", encoding="utf-8") as fh:
        fh.write("""# 净矿出让 screening rules for the 平顺县 demo (paths relative to this file)
tolerance_m2: 1
min_clean_area_m2: 100000
layers:
  - name: redline        # 生态保护红线
    path: redline.geojson
  - name: farmland       # 永久基本农田
    path: farmland.geojson
    id_field: BSM
  - name: urban          # 城镇开发边界
    path: urban.geojson
  - name: railway        # 1000 m corridor each side
    path: railway.geojson
    buffer_m: 1000
  - name: expressway     # 1000 m corridor each side
    path: expressway.geojson
    buffer_m: 1000
  - name: rights         # existing mining rights
    path: rights.geojson
  - name: dwellings      # 300 m blasting safety distance
    path: dwellings.geojson
    buffer_m: 300
""")
    check_files_valid(out)
    _, res = screen(os.path.join(out, "rules.yaml"), os.path.join(out, "blocks.geojson"), brute=False)
    verdicts = [r["verdict"] for r in res]
    for r in res:
        assert not r["_necks"], (r["id"], r["_necks"])
    print(f"Fixtures/demo: {len(res)} blocks, {len(farm)} farmland parcels")
    for r in res:
        rs = ", ".join(f"{x['layer']} {x['area_m2'] / 1e6:.4f} km²" for x in r["reasons"])
        print(f"  {r['id']} {r['verdict']:9s} {r['area_m2'] / 1e6:.4f} km² clean {r['clean_m2'] / 1e6:.4f} | {rs}")
    return verdicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["screen", "demo"])
    a = ap.parse_args()
    if a.only in (None, "screen"):
        make_screen()
    if a.only in (None, "demo"):
        v = make_demo()
        assert {"clean", "needs-cut", "blocked"} <= set(v), v


if __name__ == "__main__":
    sys.exit(main())
