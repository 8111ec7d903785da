#!/usr/bin/env python3
"""Oracle for `--method tdt1055` in overlap and screen: areas of regions as drawn (edges straight in the data's CRS).

Writes Fixtures/drawn-area/: a block with edges 5-9 km long and two constraint layers whose patches overlap each
other and cross the block's edges, once in CGCS2000 lon/lat (EPSG:4490) and once in the Gauss-Krüger plane
EPSG:4547 (CM 114°E; vertices converted one by one, so there the edges are straight in the plane), and oracle.json.

Areas here are computed without the tool's formulas: shapely (GEOS) forms the overlays in the data's CRS, and each
region's area is the integral of (λ − λ0)·g(φ) dφ around its boundary, g(φ) = b² cos φ / (1 − e² sin² φ)² in
closed form (not the series), by 16-point Gauss-Legendre per edge. Plane edges are first cut into 1 m pieces
whose ends pyproj takes to lon/lat; over 1 m a plane line and a lon/lat line part by ~1e-8 m.

It also gives the default method's figures for `screen` on the same scenes ("ellipsoidal_*"): the block is the
geodesic polygon on its vertices (pyproj Geod), and a vertex that the overlay puts on a block edge is placed at the
same fraction of the block's geodesic edge before the pieces are measured as geodesic polygons, so conflict and
remainder tile the block. "vertex_effect_m2" is what the remainder would measure beyond clean without that
placement (the cut's vertices left on the edges as drawn).
Requires shapely >= 2, pyproj, numpy.
"""
import json
import math
import os

import numpy as np
import pyproj
from shapely.geometry import Polygon, mapping, shape
from shapely.ops import unary_union

A = 6378137.0
F = 1 / 298.257222101
E2 = F * (2 - F)
B2 = (A * (1 - F)) ** 2
NODES, WEIGHTS = np.polynomial.legendre.leggauss(16)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "drawn-area")
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:4547", "EPSG:4490", always_xy=True)
TO_PLANE = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4547", always_xy=True)


def density(phi):
    s = np.sin(phi)
    return B2 * np.cos(phi) / (1 - E2 * s * s) ** 2


def lonlat_ring_area(coords):
    """Signed area (m²) of a ring whose edges are straight in lon/lat (degrees)."""
    pts = np.radians(np.asarray(coords, dtype=float))
    ref = pts[0, 0]
    total = 0.0
    for (l0, p0), (l1, p1) in zip(pts[:-1], pts[1:]):
        if p0 == p1:
            continue
        half, mid = (p1 - p0) / 2, (p1 + p0) / 2
        phi = mid + half * NODES
        lam = l0 + (l1 - l0) * (phi - p0) / (p1 - p0)
        total += half * np.sum(WEIGHTS * (lam - ref) * density(phi))
    return total


def plane_ring_area(coords):
    """Signed area (m²) of a ring whose edges are straight in EPSG:4547: 1 m pieces, then as lon/lat."""
    dense = []
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:]):
        n = max(1, int(math.ceil(math.hypot(x1 - x0, y1 - y0) / 1.0)))
        t = np.arange(n) / n
        dense.append(np.column_stack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t]))
    dense.append(np.asarray([coords[-1]]))
    xy = np.vstack(dense)
    lon, lat = TO_LONLAT.transform(xy[:, 0], xy[:, 1])
    return lonlat_ring_area(np.column_stack([lon, lat]))


def area(geometry, ring_area):
    polygons = [geometry] if geometry.geom_type == "Polygon" else list(getattr(geometry, "geoms", []))
    total = 0.0
    for p in polygons:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        total += abs(ring_area(list(p.exterior.coords)))
        for hole in p.interiors:
            total -= abs(ring_area(list(hole.coords)))
    return total


def star(rng, cx, cy, rx, ry, n):
    angles = np.sort(rng.uniform(0, 2 * math.pi, n))
    r = rng.uniform(0.5, 1.0, n)
    ring = [(cx + rx * ri * math.cos(a), cy + ry * ri * math.sin(a)) for a, ri in zip(angles, r)]
    p = Polygon(ring)
    return p if p.is_valid else p.convex_hull


def scene():
    rng = np.random.default_rng(13)
    # About 0.09° of longitude (8 km) by 0.06° of latitude (6.7 km) at 36.5°N, corners moved by up to 0.01°.
    corners = [(112.40, 36.45), (112.49, 36.45), (112.49, 36.51), (112.40, 36.51)]
    block = Polygon([(x + rng.uniform(-0.01, 0.01), y + rng.uniform(-0.008, 0.008)) for x, y in corners])
    layers = {}
    for name, count in (("red", 5), ("farm", 7)):
        features = []
        for _ in range(count):
            # Centres near the block's edges so that patches cross them (the long edges are what is cut).
            edge = rng.integers(4)
            t = rng.uniform(0.1, 0.9)
            (x0, y0), (x1, y1) = corners[edge], corners[(edge + 1) % 4]
            cx, cy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            features.append(star(rng, cx, cy, rng.uniform(0.01, 0.03), rng.uniform(0.008, 0.02), int(rng.integers(5, 12))))
        layers[name] = features
    return block, layers


def to_plane(geometry):
    return Polygon([TO_PLANE.transform(x, y) for x, y in geometry.exterior.coords])


def write(name, crs, geometries, ids):
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}},
                  "features": [{"type": "Feature", "properties": {"id": i}, "geometry": mapping(g)} for g, i in zip(geometries, ids)]}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(collection, f, indent=1)


def oracle(block, layers, ring_area):
    per_layer = {}
    unions = []
    for name, features in layers.items():
        pieces = [block.intersection(f) for f in features]
        union = unary_union([p for p in pieces if not p.is_empty])
        unions.append(union)
        per_layer[name] = area(union, ring_area)
    conflict = unary_union(unions)
    remainder = block.difference(conflict)
    block_area = area(block, ring_area)
    conflict_area = area(conflict, ring_area)
    return {"area_m2": block_area, "layers": per_layer, "conflict_m2": conflict_area,
            "clean_m2": block_area - conflict_area, "remainder_m2": area(remainder, ring_area)}


GEOD = pyproj.Geod(a=A, f=F)


def geodesic_area(geometry, to_lonlat, place):
    """Geodesic area (m²) of a geometry given in its CRS; `place` maps a vertex (plane coordinates) to lon/lat."""
    polygons = [geometry] if geometry.geom_type == "Polygon" else list(getattr(geometry, "geoms", []))
    total = 0.0
    for p in polygons:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        for k, ring in enumerate([p.exterior] + list(p.interiors)):
            pts = [place(x, y) for x, y in ring.coords]
            a, _ = GEOD.polygon_area_perimeter([q[0] for q in pts], [q[1] for q in pts])
            total += abs(a) if k == 0 else -abs(a)
    return total


def placer(block, to_lonlat, tolerance):
    corners = list(block.exterior.coords)
    lonlat = [to_lonlat(x, y) for x, y in corners]

    def place(x, y):
        for (ax, ay), (bx, by), A_, B_ in zip(corners[:-1], corners[1:], lonlat[:-1], lonlat[1:]):
            dx, dy = bx - ax, by - ay
            s = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)
            if 0 < s < 1 and math.hypot(ax + s * dx - x, ay + s * dy - y) <= tolerance:
                azimuth, _, distance = GEOD.inv(A_[0], A_[1], B_[0], B_[1])
                lon, lat, _ = GEOD.fwd(A_[0], A_[1], azimuth, s * distance)
                return (lon, lat)
        return to_lonlat(x, y)
    return place


def ellipsoidal_oracle(block, layers, to_lonlat, tolerance):
    place = placer(block, to_lonlat, tolerance)
    unions = [unary_union([block.intersection(f) for f in fs]) for fs in layers.values()]
    conflict = unary_union(unions)
    remainder = block.difference(conflict)
    block_area = geodesic_area(block, to_lonlat, lambda x, y: to_lonlat(x, y))
    conflict_area = geodesic_area(conflict, to_lonlat, place)
    unplaced = geodesic_area(remainder, to_lonlat, to_lonlat) - (block_area - geodesic_area(conflict, to_lonlat, to_lonlat))
    return {"ellipsoidal_area_m2": block_area, "ellipsoidal_conflict_m2": conflict_area,
            "ellipsoidal_clean_m2": block_area - conflict_area,
            "ellipsoidal_remainder_m2": geodesic_area(remainder, to_lonlat, place), "vertex_effect_m2": unplaced}


def main():
    os.makedirs(OUT, exist_ok=True)
    block, layers = scene()
    plane_block = to_plane(block)
    plane_layers = {name: [to_plane(f) for f in features] for name, features in layers.items()}
    for suffix, crs, b, ls in (("lonlat", "urn:ogc:def:crs:EPSG::4490", block, layers),
                               ("gk", "urn:ogc:def:crs:EPSG::4547", plane_block, plane_layers)):
        write(f"blocks-{suffix}.geojson", crs, [b], ["B1"])
        for name, features in ls.items():
            write(f"{name}-{suffix}.geojson", crs, features, [f"{name}{k}" for k in range(len(features))])
    result = {
        "method": "edges straight in the data's CRS; area element b² cos φ/(1 − e² sin² φ)² by Gauss-Legendre; overlays by shapely",
        "lonlat": oracle(block, layers, lonlat_ring_area),
        "gk": oracle(plane_block, plane_layers, plane_ring_area),
    }
    result["lonlat"].update(ellipsoidal_oracle(block, layers, lambda x, y: (x, y), 1e-9))
    result["gk"].update(ellipsoidal_oracle(plane_block, plane_layers, lambda x, y: TO_LONLAT.transform(x, y), 1e-4))
    with open(os.path.join(OUT, "oracle.json"), "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
