#!/usr/bin/env python3
"""Synthetic inputs for reviewing `minescreen overlap` area-only vs general path (review branch).
Writes <out>/<variant>/{blocks,farm,red}.geojson. Variants:
  ll      blocks + layers in EPSG:4490
  blkgk   blocks in EPSG:4546 (GK 111E), layers in 4490
  laygk   blocks in 4490, layers in EPSG:4546
"""
import json, sys, os
from pyproj import Transformer

L0, B0, D = 111.5, 36.0, 0.001
def gx(i): return L0 + i * D
def gy(j): return B0 + j * D
def box(i0, j0, i1, j1, cw=False):
    r = [(gx(i0), gy(j0)), (gx(i1), gy(j0)), (gx(i1), gy(j1)), (gx(i0), gy(j1)), (gx(i0), gy(j0))]
    return r[::-1] if cw else r
def rbox(x0, y0, x1, y1, cw=False):  # raw degree box
    r = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return r[::-1] if cw else r

def farm():
    F = []
    def add(geom, fid=None):
        f = {"type": "Feature", "properties": {"name": "p%d" % len(F)}, "geometry": geom}
        if fid is not None: f["id"] = fid
        F.append(f)
    special = {(4,4),(5,4),(4,5),(7,7),(1,8),(2,8),(3,8),(2,3),(6,1),(8,2)}
    for i in range(10):
        for j in range(10):
            if (i, j) in special: continue
            cw = (i + j) % 3 == 0
            add({"type": "Polygon", "coordinates": [box(i, j, i+1, j+1, cw)]}, "F%d_%d" % (i, j))
    # L-shaped (non-convex)
    add({"type": "Polygon", "coordinates": [[(gx(4),gy(4)),(gx(6),gy(4)),(gx(6),gy(5)),(gx(5),gy(5)),(gx(5),gy(6)),(gx(4),gy(6)),(gx(4),gy(4))]]}, "L")
    # holed parcel + island
    hole = [(gx(7)+0.0003, gy(7)+0.0003), (gx(7)+0.0003, gy(7)+0.0007), (gx(7)+0.0007, gy(7)+0.0007), (gx(7)+0.0007, gy(7)+0.0003), (gx(7)+0.0003, gy(7)+0.0003)]
    add({"type": "Polygon", "coordinates": [box(7,7,8,8), hole]}, "HOLED")
    add({"type": "Polygon", "coordinates": [hole[::-1]]}, "ISLAND")
    # multipolygon parcel (1,8)+(3,8); (2,8) separate
    add({"type": "MultiPolygon", "coordinates": [[box(1,8,2,9)], [box(3,8,4,9)]]}, "MULTI")
    add({"type": "Polygon", "coordinates": [box(2,8,3,9)]}, "F2_8")
    # (2,3) split in halves (T-junctions with neighbours)
    m = gy(3) + 0.0005
    add({"type": "Polygon", "coordinates": [[(gx(2),gy(3)),(gx(3),gy(3)),(gx(3),m),(gx(2),m),(gx(2),gy(3))]]}, "HALF_S")
    add({"type": "Polygon", "coordinates": [[(gx(2),m),(gx(3),m),(gx(3),gy(4)),(gx(2),gy(4)),(gx(2),m)]]}, "HALF_N")
    # (6,1): extra collinear vertices (still convex), (8,2) missing (gap)
    add({"type": "Polygon", "coordinates": [[(gx(6),gy(1)),(gx(6)+0.0004,gy(1)),(gx(7),gy(1)),(gx(7),gy(2)),(gx(6),gy(2)),(gx(6),gy(1))]]}, "COLL")
    return F

def red():
    R = []
    def add(ring):
        R.append({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    # chain inside B0 area (cells 1..5, 1..3)
    for k in range(4):
        x = gx(1) + 0.0003 + k * 0.0006
        add(rbox(x, gy(1)+0.0002, x + 0.0009, gy(2)+0.0001, cw=(k % 2 == 1)))
    # triangle of three mutually overlapping (in B1 area, cells 0..3, 5..7)
    add(rbox(gx(0)+0.0002, gy(5)+0.0002, gx(1)+0.0002, gy(6)+0.0002))
    add(rbox(gx(0)+0.0007, gy(5)+0.0001, gx(1)+0.0007, gy(6)+0.0001))
    add([(gx(0)+0.0004, gy(5)+0.0006), (gx(1)+0.0005, gy(5)+0.0006), (gx(0)+0.0009, gy(6)+0.0008), (gx(0)+0.0004, gy(5)+0.0006)])
    # overlapping pair where only one of the pair meets block B6
    add(rbox(gx(8)+0.0001, gy(8)+0.0001, gx(8)+0.0006, gy(8)+0.0006))
    add(rbox(gx(8)+0.0004, gy(8)+0.0004, gx(9)+0.0009, gy(9)+0.0009))
    # non-convex red line (U) over the holed parcel
    add([(gx(7)+0.0001,gy(7)+0.0001),(gx(7)+0.0009,gy(7)+0.0001),(gx(7)+0.0009,gy(7)+0.0009),(gx(7)+0.0006,gy(7)+0.0009),(gx(7)+0.0006,gy(7)+0.0004),(gx(7)+0.0004,gy(7)+0.0004),(gx(7)+0.0004,gy(7)+0.0009),(gx(7)+0.0001,gy(7)+0.0009),(gx(7)+0.0001,gy(7)+0.0001)])
    return R

def blocks():
    Bs = []
    def add(geom, bid):
        Bs.append({"type": "Feature", "id": bid, "properties": {}, "geometry": geom})
    P = lambda r: {"type": "Polygon", "coordinates": r}
    # B0 big rectangle, off-grid, covering whole parcels plus cuts and the red chain
    add(P([rbox(gx(0)+0.00037, gy(0)+0.00041, gx(6)+0.00023, gy(4)+0.00071)]), "B0")
    # B1 non-convex (U) block over triangle reds
    add(P([[(gx(0)+0.0001,gy(4)+0.0003),(gx(3)+0.0004,gy(4)+0.0003),(gx(3)+0.0004,gy(7)+0.0006),(gx(2)+0.0002,gy(7)+0.0006),(gx(2)+0.0002,gy(5)+0.0004),(gx(1)+0.0008,gy(5)+0.0004),(gx(1)+0.0008,gy(7)+0.0006),(gx(0)+0.0001,gy(7)+0.0006),(gx(0)+0.0001,gy(4)+0.0003)]]), "B1")
    # B2 block with hole (CW exterior)
    add(P([rbox(gx(5)+0.00013, gy(5)+0.00017, gx(8)+0.00091, gy(8)+0.00087, cw=True), rbox(gx(6)+0.0002, gy(6)+0.0002, gx(7)+0.0005, gy(7)+0.0005, cw=False)]), "B2")
    # B3 multipart block
    add({"type": "MultiPolygon", "coordinates": [[rbox(gx(6)+0.0001, gy(0)+0.0001, gx(7)+0.0007, gy(1)+0.0009)], [rbox(gx(8)+0.0002, gy(1)+0.0002, gx(9)+0.0008, gy(3)+0.0003)]]}, "B3")
    # B4 exactly along parcel edges (shared vertices), covering cells 7..9 x 3..6
    add(P([box(7, 3, 10, 6)]), "B4")
    # B5 along a grid line but vertices off-grid (T-junctions), includes half-parcels
    add(P([rbox(gx(1)+0.0005, gy(3), gx(3)+0.0005, gy(4))]), "B5")
    # B6 inside a single parcel (8,8) + red pair
    add(P([rbox(gx(8)+0.0002, gy(8)+0.0002, gx(8)+0.0008, gy(8)+0.0008)]), "B6")
    # B7 far away
    add(P([rbox(115.0, 30.0, 115.01, 30.01)]), "B7")
    # B8 slivers: overlaps parcel (9,0) by 1e-9 deg (0.1 mm) and parcel (9,1) by 1e-7 deg (~1 cm)
    add(P([rbox(gx(10)-1e-9, gy(0)+0.0001, gx(10)+0.0005, gy(0)+0.0009)]), "B8a")
    add(P([rbox(gx(10)-1e-7, gy(1)+0.0001, gx(10)+0.0005, gy(1)+0.0009)]), "B8b")
    add(P([rbox(gx(10)-3e-6, gy(2)+0.0001, gx(10)+0.0005, gy(2)+0.0009)]), "B8c")  # ~27 cm x 90 m
    add(P([rbox(gx(10)-1e-5, gy(2)+0.0001, gx(10)+0.0005, gy(2)+0.00011)]), "B8d")  # ~0.9 m x 1.1 m (~1 m2)
    # B9 CW block covering the holed parcel / island and multipolygon
    add(P([rbox(gx(0)+0.0005, gy(7)+0.0002, gx(8)+0.0004, gy(9)+0.0004, cw=True)]), "B9")
    # B10 exactly the holed parcel outline (shared vertices)
    add(P([box(7, 7, 8, 8)]), "B10")
    # B11 equal to one parcel exactly
    add(P([box(0, 9, 1, 10)]), "B11")
    # B12 diamond (rotated square) over many parcels
    cx, cy, r = gx(5), gy(5), 0.0033
    add(P([[(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy), (cx, cy - r)]]), "B12")
    return Bs

def fc(features, crs):
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}}, "features": features}

def transform_features(features, t):
    def tr(c):
        if isinstance(c[0], (int, float)):
            x, y = t.transform(c[0], c[1]); return [x, y]
        return [tr(x) for x in c]
    out = json.loads(json.dumps(features))
    for f in out: f["geometry"]["coordinates"] = tr(f["geometry"]["coordinates"])
    return out

def main(out):
    t = Transformer.from_crs("EPSG:4490", "EPSG:4546", always_xy=True)
    b, fa, re = blocks(), farm(), red()
    variants = {
        "ll": (fc(b, "EPSG:4490"), fc(fa, "EPSG:4490"), fc(re, "EPSG:4490")),
        "blkgk": (fc(transform_features(b, t), "EPSG:4546"), fc(fa, "EPSG:4490"), fc(re, "EPSG:4490")),
        "laygk": (fc(b, "EPSG:4490"), fc(transform_features(fa, t), "EPSG:4546"), fc(transform_features(re, t), "EPSG:4546")),
    }
    for name, (bb, ff, rr) in variants.items():
        d = os.path.join(out, name); os.makedirs(d, exist_ok=True)
        for fn, obj in (("blocks", bb), ("farm", ff), ("red", rr)):
            json.dump(obj, open(os.path.join(d, fn + ".geojson"), "w"))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/review-cases")
