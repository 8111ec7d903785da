#!/usr/bin/env python3
"""Randomised coverage/red-line/block inputs (lon/lat EPSG:4490, optionally blocks or layers moved to EPSG:4546).
usage: gen_random.py OUTDIR SEED [ll|blkgk|laygk]"""
import json, sys, os, random
import numpy as np
import shapely
from shapely.geometry import Polygon, MultiPolygon, MultiPoint, Point, LineString, box, mapping
from shapely.ops import unary_union
from pyproj import Transformer

out, seed = sys.argv[1], int(sys.argv[2]); variant = sys.argv[3] if len(sys.argv) > 3 else "ll"
rnd = random.Random(seed); np.random.seed(seed)
L0, B0, W = 111.5, 36.0, 0.02   # ~1.8 km x 2.2 km
def orient(g, cw):
    return shapely.geometry.polygon.orient(g, -1.0 if cw else 1.0)

pts = MultiPoint([(L0 + rnd.random() * W, B0 + rnd.random() * W) for _ in range(220)])
cells = [c.intersection(box(L0, B0, L0 + W, B0 + W)) for c in shapely.voronoi_polygons(pts, extend_to=box(L0 - .01, B0 - .01, L0 + W + .01, B0 + W + .01)).geoms]
cells = [c for c in cells if c.geom_type == "Polygon" and not c.is_empty]
rnd.shuffle(cells)
farm = []
used = set()
def nb(i):
    return [j for j in range(len(cells)) if j != i and j not in used and cells[i].touches(cells[j]) and cells[i].intersection(cells[j]).length > 0]
for i in range(len(cells)):
    if i in used: continue
    used.add(i)
    r = rnd.random()
    if r < 0.2: continue                          # gap
    g = cells[i]
    if r < 0.35:                                  # merged with a neighbour: non-convex (usually)
        n = nb(i)
        if n: used.add(n[0]); g = unary_union([g, cells[n[0]]])
    elif r < 0.42:                                # multipolygon with a non-adjacent cell
        far = [j for j in range(len(cells)) if j not in used and not cells[i].touches(cells[j]) and not cells[i].intersects(cells[j])]
        if far: used.add(far[0]); g = MultiPolygon([g, cells[far[0]]])
    elif r < 0.5 and g.area > 0:                  # hole + island
        c = g.representative_point(); hole = Point(c).buffer((g.area ** .5) * 0.15, 6)
        if g.contains(hole):
            hole = orient(hole, True)
            g = Polygon(g.exterior.coords, [hole.exterior.coords])
            farm.append((shapely.geometry.polygon.orient(Polygon(hole.exterior.coords), 1.0), None))
    cw = rnd.random() < 0.5
    g = orient(g, cw) if g.geom_type == "Polygon" else MultiPolygon([orient(p, cw) for p in g.geoms])
    farm.append((g, f"P{i}" if rnd.random() < 0.8 else None))
red = []
for k in range(14):   # clusters: chains and triangles of mutually overlapping shapes
    cx, cy = L0 + rnd.random() * W, B0 + rnd.random() * W
    for m in range(rnd.choice([1, 2, 3, 3, 4])):
        s = 0.0005 + rnd.random() * 0.0015
        x, y = cx + rnd.uniform(-s, s) * 0.8, cy + rnd.uniform(-s, s) * 0.8
        kind = rnd.random()
        if kind < 0.4: g = box(x, y, x + s, y + s * rnd.uniform(.5, 1.5))
        elif kind < 0.7: g = Polygon([(x, y), (x + s, y + s * .2), (x + s * .3, y + s)])
        else: g = Point(x, y).buffer(s, 3).difference(box(x, y, x + s, y + s))  # non-convex
        if g.geom_type != "Polygon": continue
        red.append((orient(g, rnd.random() < .5), None))
blocks = []
for k in range(40):
    cx, cy = L0 + rnd.random() * W, B0 + rnd.random() * W
    s = 0.0005 + rnd.random() * 0.004
    kind = rnd.random()
    if kind < 0.3:
        g = MultiPoint([(cx + rnd.uniform(0, s), cy + rnd.uniform(0, s)) for _ in range(7)]).convex_hull
    elif kind < 0.45:
        g = box(cx, cy, cx + s, cy + s).difference(box(cx + s * .3, cy + s * .2, cx + s * .6, cy + s * 1.1))  # U
    elif kind < 0.6:
        g = Polygon(box(cx, cy, cx + s, cy + s).exterior.coords, [box(cx + s * .3, cy + s * .3, cx + s * .6, cy + s * .7).exterior.coords])
    elif kind < 0.7:
        g = MultiPolygon([box(cx, cy, cx + s / 2, cy + s / 2), box(cx + s * .7, cy + s * .1, cx + s, cy + s * .9)])
    elif kind < 0.85:   # exactly along parcel edges: a union of whole parcels (shared vertices)
        sel = [f for f, _ in farm if f.geom_type == "Polygon" and not f.interiors and f.distance(Point(cx, cy)) < s]
        if not sel: continue
        g = unary_union(sel)
        if g.geom_type != "Polygon": continue
        g = Polygon(g.exterior.coords)
    else:               # one parcel's outline, or inside one parcel
        f = rnd.choice(farm)[0]
        g = f if rnd.random() < .5 else f.buffer(-0.00005)
        if g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"): continue
    if g.is_empty or not g.is_valid: continue
    cw = rnd.random() < .5
    g = orient(g, cw) if g.geom_type == "Polygon" else MultiPolygon([orient(p, cw) for p in g.geoms])
    blocks.append((g, f"B{k}"))

def fc(items, crs, t=None):
    feats = []
    for g, fid in items:
        if t: g = shapely.transform(g, lambda a: np.column_stack(t.transform(a[:, 0], a[:, 1])))
        f = {"type": "Feature", "properties": {"note": "x"}, "geometry": mapping(g)}
        if fid is not None: f["id"] = fid
        feats.append(f)
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}}, "features": feats}
t = Transformer.from_crs("EPSG:4490", "EPSG:4546", always_xy=True)
os.makedirs(out, exist_ok=True)
bt, lt = (t if variant == "blkgk" else None), (t if variant == "laygk" else None)
json.dump(fc(blocks, "EPSG:4546" if bt else "EPSG:4490", bt), open(f"{out}/blocks.geojson", "w"))
json.dump(fc(farm, "EPSG:4546" if lt else "EPSG:4490", lt), open(f"{out}/farm.geojson", "w"))
json.dump(fc(red, "EPSG:4546" if lt else "EPSG:4490", lt), open(f"{out}/red.geojson", "w"))
print(out, len(blocks), "blocks", len(farm), "parcels", len(red), "red")
