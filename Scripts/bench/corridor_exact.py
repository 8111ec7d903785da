#!/usr/bin/env python3
"""Exact corridors for blocks of a Scripts/bench/corridors.py scene, beside what both `screen` paths reported.

  python3 Scripts/bench/corridor_exact.py bench-data/corridors-2000-200/ B00902 B00903

For each block, in a transverse Mercator centred on it (as `screen` cuts): every road and river within reach,
densified to 1e-4 degrees in lon/lat, buffered (a) whole, as GEOS buffers a line (with its input simplification,
which moves the line by up to 1 % of the distance on the inside of gentle bends) and (b) as the union of the
buffers of its 2-point segments within reach (no simplification: the exact corridor, to the 1024-gon arcs).
Prints the geodesic area of the block's conflict both ways, and the `conflict_m2` of screen-zones.json and
screen-per-block.json.
"""
import json, math, sys
from shapely.geometry import shape, LineString
from shapely.ops import transform, unary_union
from pyproj import Transformer, Geod
d = sys.argv[1]
blocks = {f['properties']['block_id']: shape(f['geometry']) for f in json.load(open(d + 'blocks.geojson'))['features']}
layers = [(shape(f['geometry']), 1000.0) for f in json.load(open(d + 'roads.geojson'))['features']] + \
         [(shape(f['geometry']), 500.0) for f in json.load(open(d + 'rivers.geojson'))['features']]
za = {b['id']: b for b in json.load(open(d + 'screen-zones.json'))['blocks']}
pa = {b['id']: b for b in json.load(open(d + 'screen-per-block.json'))['blocks']}
geod = Geod(a=6378137, f=1 / 298.257222101)
for bid in sys.argv[2:]:
    blk = blocks[bid]
    x0, y0, x1, y1 = blk.bounds
    t = Transformer.from_crs("EPSG:4490", "+proj=tmerc +lat_0=%.6f +lon_0=%.6f +ellps=GRS80 +units=m" % ((y0 + y1) / 2, (x0 + x1) / 2), always_xy=True)
    inv = Transformer.from_crs("+proj=tmerc +lat_0=%.6f +lon_0=%.6f +ellps=GRS80 +units=m" % ((y0 + y1) / 2, (x0 + x1) / 2), "EPSG:4490", always_xy=True)
    B = transform(t.transform, blk.segmentize(1e-4))
    zones = []
    for line, r in layers:
        if line.distance(blk) > r / 80000:
            continue
        c = list(line.coords); out = [c[0]]
        for a, b in zip(c, c[1:]):
            n = math.ceil(math.hypot(b[0] - a[0], b[1] - a[1]) / 1e-4)
            out += [(a[0] + (b[0] - a[0]) * s / n, a[1] + (b[1] - a[1]) * s / n) for s in range(1, n)] + [b]
        P = [t.transform(*p) for p in out]
        segs = [LineString([a, b]) for a, b in zip(P, P[1:]) if LineString([a, b]).distance(B) <= r]
        whole = LineString(P).buffer(r, quad_segs=256)
        exact = unary_union([s.buffer(r, quad_segs=256) for s in segs]) if segs else None
        zones.append((whole, exact))
    def area(g):
        g = transform(inv.transform, g.segmentize(10))
        return abs(geod.geometry_area_perimeter(g)[0])
    whole = area(unary_union([w for w, _ in zones]).intersection(B))
    exact = area(unary_union([e for _, e in zones if e is not None]).intersection(B))
    print("%s exact %.1f  GEOS whole-line %.1f  zones %.1f  per-block %.1f" % (bid, exact, whole, za[bid]['conflict_m2'], pa[bid]['conflict_m2']))
