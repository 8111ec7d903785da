#!/usr/bin/env python3
"""Synthetic fixture of Changzhi's 21 concentrated mining zones (集中开采区 CS001–CS021).

Geometry is invented (irregular star-shaped polygons placed in the right county); the
geodesic area of each zone on the CGCS2000 ellipsoid equals the declared area in the
plan (km² × 1e6 m²) to better than 1e-9 relative, measured on the coordinates exactly as
written (10 decimals of a degree).

Outputs (run from the repo root: python3 Scripts/oracles/make_changzhi_cs21.py):
  Fixtures/changzhi-cs21.geojson          FeatureCollection, legacy crs member EPSG:4490
  Fixtures/changzhi-cs21.oracle.json      ellipsoidal areas per zone / county / total
  Fixtures/changzhi-cs21.planar.oracle.json  Gauss-Krüger 3° zone planar areas
Deterministic: fixed random seed, integer coordinate arithmetic in units of 1e-10 degree.
"""
import json
import math
import os
import random
import re
import sys

import pyproj
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, MultiPolygon, shape
from shapely.geometry.polygon import orient

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "Fixtures")
A_AXIS = 6378137.0
F = 1 / 298.257222101
GEOD = Geod(a=A_AXIS, f=F)
UNIT = 10 ** 10          # coordinates are integers in units of 1e-10 degree
REL_TOL = 1e-9

# code, km², county, mineral, parts: list of (centre lon, centre lat, share of area)
ZONES = [
    ("CS001", 2.45, "沁源县", "建筑石料用灰岩", [(112.25, 36.60, 1.0)]),
    ("CS002", 1.70, "沁源县", "建筑石料用灰岩", [(112.33, 36.48, 1.0)]),
    ("CS003", 2.45, "武乡县", "建筑石料用灰岩", [(112.84, 36.87, 1.0)]),
    ("CS004", 7.65, "武乡县", "建筑用白云岩", [(112.91, 36.83, 1.0)]),
    ("CS005", 2.74, "武乡县", "建筑石料用灰岩", [(112.97, 36.86, 1.0)]),
    ("CS006", 3.83, "黎城县", "建筑用白云岩", [(113.31, 36.575, 1.0)]),
    ("CS007", 8.46, "黎城县", "建筑石料用灰岩", [(113.37, 36.52, 1.0)]),
    ("CS008", 4.04, "黎城县", "建筑石料用灰岩", [(113.48, 36.575, 1.0)]),
    ("CS009", 29.65, "黎城县", "建筑石料用灰岩", [(113.43, 36.48, 1.0)]),
    ("CS010", 1.86, "黎城县", "制碱用灰岩", [(113.31, 36.47, 1.0)]),
    ("CS011", 2.19, "潞城区", "建筑石料用灰岩", [(113.215, 36.392, 1.0)]),
    ("CS012", 26.37, "潞城区", "水泥用石灰岩", [(113.21, 36.33, 0.6), (113.27, 36.295, 0.4)]),
    ("CS013", 41.03, "潞城区", "建筑石料用灰岩", [(113.30, 36.365, 1.0)]),
    ("CS014", 1.17, "上党区", "建筑石料用灰岩", [(113.04, 36.06, 1.0)]),
    ("CS015", 1.80, "上党区", "建筑石料用灰岩", [(113.11, 36.03, 1.0)]),
    ("CS016", 1.68, "壶关县", "建筑石料用灰岩", [(113.24, 36.07, 1.0)]),
    ("CS017", 2.44, "壶关县", "建筑石料用灰岩", [(113.33, 35.99, 1.0)]),
    ("CS018", 1.10, "平顺县", "建筑石料用灰岩", [(113.43, 36.27, 1.0)]),
    ("CS019", 12.72, "平顺县", "建筑石料用灰岩", [(113.52, 36.22, 1.0)]),
    ("CS020", 8.11, "平顺县", "建筑石料用灰岩", [(113.45, 36.14, 1.0)]),
    ("CS021", 1.52, "平顺县", "熔剂用石灰岩", [(113.57, 36.28, 1.0)]),
]
HOLES = {"CS009", "CS013"}


def ring_area(ring):
    """|geodesic area| of one closed ring given as [(lon, lat), ...] floats."""
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    a, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(a)


def geom_area(polys):
    """polys: list of polygons, each a list of rings (float coords); holes subtracted."""
    total = 0.0
    for rings in polys:
        total += ring_area(rings[0]) - sum(ring_area(r) for r in rings[1:])
    return total


def to_float(polys_int):
    return [[[(x / UNIT, y / UNIT) for x, y in ring] for ring in rings] for rings in polys_int]


def fmt(q):
    """Exact decimal text of an integer count of 1e-10 degree (positive values only)."""
    assert q > 0
    return f"{q // UNIT}.{q % UNIT:010d}"


def star_ring(rng, clon, clat, radius_m, n, ccw=True, jitter=0.22, offset=(0.0, 0.0)):
    """Irregular star-shaped ring in lon/lat (float), n distinct vertices, closed."""
    mlat = 111_000.0
    mlon = 111_000.0 * math.cos(math.radians(clat))
    rot = rng.uniform(0, 2 * math.pi)
    h = [(k, rng.uniform(0, 2 * math.pi), rng.uniform(0, 1)) for k in (2, 3, 5)]
    norm = sum(1.0 / k for k, _, _ in h)
    pts = []
    for i in range(n):
        t = rot + 2 * math.pi * (i + rng.uniform(-0.3, 0.3)) / n
        wave = sum(w / k * math.sin(k * t + ph) for k, ph, w in h) / norm
        r = radius_m * (1 + jitter * wave + rng.uniform(-0.06, 0.06))
        x = offset[0] + r * math.cos(t)
        y = offset[1] + r * math.sin(t)
        pts.append((clon + x / mlon, clat + y / mlat))
    if not ccw:
        pts.reverse()
    pts.append(pts[0])
    return pts


def build_zone(rng, code, km2, parts):
    target = km2 * 1e6
    polys = []
    for clon, clat, share in parts:
        radius = math.sqrt(target * share / math.pi)
        n = rng.randint(8, 24)
        rings = [star_ring(rng, clon, clat, radius, n)]
        if code in HOLES:
            off = (rng.uniform(-0.08, 0.08) * radius, rng.uniform(-0.08, 0.08) * radius)
            rings.append(star_ring(rng, clon, clat, 0.22 * radius, rng.randint(8, 12),
                                   ccw=False, jitter=0.15, offset=off))
        polys.append(rings)
    return polys


def centroid_lonlat(polys):
    g = shapely_geom(polys)
    c = g.centroid
    return c.x, c.y


def shapely_geom(polys):
    ps = [Polygon(rings[0], rings[1:]) for rings in polys]
    return ps[0] if len(ps) == 1 else MultiPolygon(ps)


def scale(polys, cx, cy, s):
    return [[[(cx + (x - cx) * s, cy + (y - cy) * s) for x, y in ring] for ring in rings]
            for rings in polys]


def quantise(polys):
    return [[[(round(x * UNIT), round(y * UNIT)) for x, y in ring] for ring in rings]
            for rings in polys]


def fit_area(polys, target):
    """Scale about centroid, quantise to 1e-10°, then nudge vertices by whole units."""
    cx, cy = centroid_lonlat(polys)
    for _ in range(6):
        a = geom_area(polys)
        polys = scale(polys, cx, cy, math.sqrt(target / a))
    q = quantise(polys)
    # Nudging: planar gradient of the shoelace area of the first outer ring, in m² per unit.
    for _ in range(20):
        resid = target - geom_area(to_float(q))
        if abs(resid) / target < 1e-12:
            break
        ring = q[0][0]
        n = len(ring) - 1
        lat0 = math.radians(ring[0][1] / UNIT)
        e2 = F * (2 - F)
        w = 1 - e2 * math.sin(lat0) ** 2
        mx = math.radians(1 / UNIT) * A_AXIS / math.sqrt(w) * math.cos(lat0)
        my = math.radians(1 / UNIT) * A_AXIS * (1 - e2) / w ** 1.5
        best = None
        for i in range(1, n):  # keep vertex 0 (the closing vertex) untouched
            gx = (ring[i + 1][1] - ring[i - 1][1]) * my / 2 * mx
            gy = -(ring[i + 1][0] - ring[i - 1][0]) * mx / 2 * my
            for dx in range(-60, 61):
                # best dy for this dx
                dy = round((resid - dx * gx) / gy)
                if abs(dy) > 60:
                    continue
                err = abs(resid - dx * gx - dy * gy)
                cand = (err, abs(dx) + abs(dy), i, dx, dy)
                if best is None or cand < best:
                    best = cand
        _, _, i, dx, dy = best
        x, y = ring[i]
        ring[i] = (x + dx, y + dy)
    return q


def main():
    rng = random.Random(20240521)
    zones_int = {}
    for code, km2, county, mineral, parts in ZONES:
        polys = build_zone(rng, code, km2, parts)
        zones_int[code] = fit_area(polys, km2 * 1e6)

    # ---- write GeoJSON with exact 10-decimal text ------------------------------------
    feats = []
    for code, km2, county, mineral, parts in ZONES:
        q = zones_int[code]
        coords = [[[f"@{fmt(x)},{fmt(y)}@" for x, y in ring] for ring in rings] for rings in q]
        if len(coords) == 1:
            geom = {"type": "Polygon", "coordinates": coords[0]}
        else:
            geom = {"type": "MultiPolygon", "coordinates": coords}
        feats.append({
            "type": "Feature",
            "id": code,
            "properties": {"code": code, "name": "集中开采区" + code[2:], "county": county,
                           "mineral": mineral, "declared_km2": km2},
            "geometry": geom,
        })
    fc = {"type": "FeatureCollection",
          "name": "changzhi-cs21 (synthetic geometry, declared areas from the Changzhi plan 2021–2025)",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
          "features": feats}
    text = json.dumps(fc, ensure_ascii=False, indent=1)
    text = re.sub(r'"@([0-9.]+),([0-9.]+)@"', r"[\1, \2]", text)
    # compact each coordinate array onto fewer lines is not needed; keep readable
    path = os.path.join(FIX, "changzhi-cs21.geojson")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")

    # ---- re-read and measure exactly what was written ------------------------------
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::4490"
    zone_area = {}
    geoms = {}
    county = {}
    declared = {}
    for f in data["features"]:
        code = f["id"]
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        polys = [[[tuple(p) for p in ring] for ring in rings] for rings in polys]
        for rings in polys:
            for k, ring in enumerate(rings):
                assert ring[0] == ring[-1], code
                if k == 0:
                    assert 8 <= len(ring) - 1 <= 24, (code, len(ring))
                    assert Polygon(ring).exterior.is_ccw, code
                else:
                    assert not Polygon(ring).exterior.is_ccw, code
        area = geom_area(polys)
        sg = shape(g)
        assert sg.is_valid, code
        # cross-check 1: pyproj geometry_area_perimeter (holes CW -> negative, summed)
        a2, _ = GEOD.geometry_area_perimeter(orient(sg, 1.0) if sg.geom_type == "Polygon"
                                             else MultiPolygon([orient(p, 1.0) for p in sg.geoms]))
        assert abs(a2 - area) / area < 1e-9, (code, a2, area)
        # cross-check 2 (independent): densify geodesic edges, Lambert azimuthal equal-area
        # on the CGCS2000 ellipsoid centred on the zone, planar area of the densified rings.
        c = sg.centroid
        laea = Transformer.from_crs(
            "EPSG:4490",
            f"+proj=laea +lat_0={c.y} +lon_0={c.x} +a={A_AXIS} +rf=298.257222101 +units=m",
            always_xy=True)
        a3 = 0.0
        for rings in polys:
            for k, ring in enumerate(rings):
                dense = []
                for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
                    dense.append((x1, y1))
                    dense.extend(GEOD.npts(x1, y1, x2, y2, 50))
                xs, ys = laea.transform([p[0] for p in dense], [p[1] for p in dense])
                pa = Polygon(list(zip(xs, ys))).area
                a3 += pa if k == 0 else -pa
        assert abs(a3 - area) / area < 1e-8, (code, a3, area)
        target = f["properties"]["declared_km2"] * 1e6
        assert abs(area - target) / target < REL_TOL, (code, area, target)
        zone_area[code] = area
        geoms[code] = (sg, polys)
        declared[code] = target
        cty = f["properties"]["county"]
        county.setdefault(cty, {"count": 0, "area_m2": 0.0})
        county[cty]["count"] += 1
        county[cty]["area_m2"] += area

    codes = sorted(zone_area)
    mind = math.inf
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            assert not geoms[a][0].intersects(geoms[b][0]), (a, b)
            mind = min(mind, geoms[a][0].distance(geoms[b][0]))
    total = sum(zone_area[c] for c in codes)
    assert round(total / 1e6, 2) == 164.96

    oracle = {
        "tool": f"pyproj {pyproj.__version__} Geod(a=6378137,f=1/298.257222101) polygon_area_perimeter",
        "method": "ellipsoidal",
        "note": "abs(area) per ring, holes subtracted, parts summed; measured on the coordinates as written",
        "zones": {c: zone_area[c] for c in codes},
        "counties": county,
        "total_m2": total,
    }
    with open(os.path.join(FIX, "changzhi-cs21.oracle.json"), "w", encoding="utf-8") as fh:
        json.dump(oracle, fh, ensure_ascii=False, indent=1)
        fh.write("\n")

    # ---- Gauss-Krüger planar areas -----------------------------------------------
    planar = {}
    for c in codes:
        sg, polys = geoms[c]
        zone = round(sg.centroid.x / 3)
        epsg = 4534 + zone - 25
        tr = Transformer.from_crs("EPSG:4490", f"EPSG:{epsg}", always_xy=True)
        parts = []
        for rings in polys:
            prj = []
            for ring in rings:
                xs, ys = tr.transform([p[0] for p in ring], [p[1] for p in ring])
                prj.append(list(zip(xs, ys)))
            parts.append(Polygon(prj[0], prj[1:]))
        pg = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        assert pg.is_valid
        planar[c] = {"epsg": epsg, "area_m2": pg.area}
        ratio = pg.area / zone_area[c] - 1
        assert 1e-6 < ratio < 1e-3, (c, ratio)
    with open(os.path.join(FIX, "changzhi-cs21.planar.oracle.json"), "w", encoding="utf-8") as fh:
        json.dump({"tool": f"pyproj {pyproj.__version__} Transformer(EPSG:4490 -> GK 3° zone, always_xy=True) + shapely {__import__('shapely').__version__} area",
                   "method": "planar Gauss-Krüger 3° zone (no zone prefix), zone = round(centroid_lon/3), EPSG = 4534 + zone - 25",
                   "zones": planar}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")

    worst = max(abs(zone_area[c] - declared[c]) / declared[c] for c in codes)
    print(f"changzhi-cs21: {len(codes)} zones, total {total:.6f} m² ({total/1e6:.4f} km²), "
          f"worst |area/declared-1| = {worst:.2e}, min gap between zones {mind*111000:.0f} m (approx)")
    for cty, v in county.items():
        print(f"  {cty}: {v['count']} zones, {v['area_m2']/1e6:.4f} km²")
    print("  planar/ellipsoidal - 1: " + ", ".join(
        f"{c}:{planar[c]['area_m2']/zone_area[c]-1:.2e}" for c in codes[:3]) + " ...")


if __name__ == "__main__":
    sys.exit(main())
