#!/usr/bin/env python3
"""City-scale synthetic benchmark scene (issue #6): a prefecture around Changzhi, EPSG:4490 lon/lat.

  python3 Scripts/bench/make_city.py --scale 1 --out bench-data/city1    # ~300 000 parcels, ~100 MB
  python3 Scripts/bench/make_city.py --scale 4 --out bench-data/city4    # ~1.2 M parcels, same other layers
  python3 Scripts/bench/make_city.py --scale 0.05 --out bench-data/city005  # quick pipeline test

Writes four GeoJSON FeatureCollections (legacy `crs` member urn:ogc:def:crs:EPSG::4490, one
feature per line, coordinates with 8 decimals, about 1 mm) plus manifest.json:

  farmland.geojson  ~300 000 x scale parcels (property BSM, DLBM, DLMC, ZLDWDM). Eight farmland
                    regions (irregular smooth polygons of ~300-600 km^2 between 112.0-113.5E and
                    35.5-37.0N) are tiled edge to edge by Voronoi cells of a jittered, anisotropic,
                    per-region rotated grid of seeds (fields are elongated, 1.6:1). Neighbouring
                    cells share their Voronoi vertices byte for byte (each vertex is formatted once);
                    cells crossing a region's boundary are clipped to it (shapely). About 7% of the
                    cells are left out (villages, roads, ponds), so the coverage has gaps. Mean
                    parcel ~1.1 ha at scale 1 (the regions are the same at every scale; the parcels
                    get smaller: scale 4 = 4x the parcels on the same ground).
  redline.geojson   3000 ecological-redline polygons, 40-400 vertices, 0.05-10 km^2 (log-uniform),
                    in clusters so that many overlap each other; ~12% have 1-2 holes.
                    Property HXBH, HXMC.
  urban.geojson     100 urban development boundaries (8 town centres of 15-45 km^2 inside the
                    farmland regions, 92 smaller towns 0.3-5 km^2), 60-500 vertices, mutually disjoint.
                    Property CZKFBJ, XZQMC.
  blocks.geojson    2000 candidate blocks, 0.1-25 km^2 (log-uniform), 24-120 vertices; ~65% centred in
                    farmland regions, the rest anywhere in the prefecture. Feature id and property
                    block_id "C0001"...

Only farmland depends on --scale; redline, urban and blocks are byte-identical across scales.
Deterministic: numpy PCG64 with fixed seeds, scipy.spatial.Voronoi (qhull), shapely 2 (GEOS).
Requirements: Scripts/bench/requirements.txt (numpy, scipy, shapely).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LON0, LAT0 = 112.75, 36.25
# Local equirectangular metres <-> degrees. The scene is synthetic: only the lon/lat written matter.
M_PER_DEG_LAT = 110_990.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))
HALF_X = 0.75 * M_PER_DEG_LON   # 112.0 - 113.5 E
HALF_Y = 0.75 * M_PER_DEG_LAT   # 35.5 - 37.0 N
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
DL = [("0101", "水田", 0.03), ("0102", "水浇地", 0.27), ("0103", "旱地", 0.70)]
PARCELS_AT_SCALE_1 = 300_000
KEEP = 0.93           # share of Voronoi cells that are farmland
N_REGIONS = 8
DECIMALS = 8


def log(msg):
    print("[make_city] " + msg, file=sys.stderr, flush=True)


def to_lonlat(x, y):
    return LON0 + np.asarray(x) / M_PER_DEG_LON, LAT0 + np.asarray(y) / M_PER_DEG_LAT


def vertex_strings(x, y):
    """'[lon,lat]' for each point; numpy's fixed formatting, vectorised."""
    lon, lat = to_lonlat(x, y)
    f = "%%.%df" % DECIMALS
    ls = np.char.mod(f, lon)
    la = np.char.mod(f, lat)
    return np.char.add(np.char.add(np.char.add("[", ls), np.char.add(",", la)), "]")


def header(name):
    return '{"type":"FeatureCollection","name":%s,"crs":%s,"features":[\n' % (
        json.dumps(name, ensure_ascii=False), json.dumps(CRS, separators=(",", ":")))


def star(rng, area, nv, rough, rmin=0.25):
    """Unit-centred simple (star-shaped) polygon with planar area `area`, CCW; returns x, y, scale."""
    th = np.sort(rng.uniform(0, 2 * math.pi, nv))
    r = np.ones(nv)
    for h in range(2, 7):
        r += rough / h * math.cos(rng.uniform(0, 2 * math.pi)) * np.cos(h * th + rng.uniform(0, 2 * math.pi))
    r *= rng.uniform(1 - rough / 4, 1 + rough / 4, nv)
    r = np.clip(r, rmin, None)
    x, y = r * np.cos(th), r * np.sin(th)
    a = 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
    s = math.sqrt(area / a)
    return s * x, s * y, s


def ring_string(x, y):
    s = vertex_strings(x, y).tolist()
    s.append(s[0])
    return ",".join(s)


# ---------------------------------------------------------------------------------------------
def make_regions(rng):
    """N_REGIONS disjoint smooth farmland regions (shapely Polygons, local metres)."""
    import shapely
    regions = []
    # a jittered 4 x 2 layout over the prefecture, radii bounded so that neighbours never touch
    cols, rows = 4, 2
    sx, sy = 2 * HALF_X / cols, 2 * HALF_Y / rows
    for k in range(N_REGIONS):
        i, j = divmod(k, cols)
        cx = -HALF_X + (j + 0.5) * sx + rng.uniform(-0.12, 0.12) * sx
        cy = -HALF_Y + (i + 0.5) * sy + rng.uniform(-0.15, 0.15) * sy
        area = rng.uniform(300e6, 600e6)
        x, y, _ = star(rng, area, 720, 0.30, rmin=0.5)
        g = shapely.Polygon(np.column_stack([cx + x, cy + y]))
        regions.append(g)
    u = shapely.union_all(regions)
    assert abs(u.area - sum(r.area for r in regions)) < 1e-6 * u.area, "regions overlap"
    return regions


def region_cells(region, spacing, rng):
    """Voronoi cells tiling `region`: returns (vertex x, vertex y, list of vertex-index rings for
    interior cells, list of clipped shapely polygons for boundary cells, seed order keys)."""
    import shapely
    from scipy.spatial import Voronoi
    minx, miny, maxx, maxy = region.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ang = rng.uniform(0, math.pi)
    aspect = 1.6
    dx, dy = spacing * math.sqrt(aspect), spacing / math.sqrt(aspect)
    R = 0.5 * math.hypot(maxx - minx, maxy - miny) + 4 * spacing
    nx, ny = int(2 * R / dx) + 1, int(2 * R / dy) + 1
    gu = -R + dx * (np.arange(nx) + 0.5)
    gv = -R + dy * (np.arange(ny) + 0.5)
    U, V = np.meshgrid(gu, gv)
    U = U + rng.uniform(-0.32, 0.32, U.shape) * dx
    V = V + rng.uniform(-0.32, 0.32, V.shape) * dy
    ca, sa = math.cos(ang), math.sin(ang)
    X = cx + U * ca - V * sa
    Y = cy + U * sa + V * ca
    pts = np.column_stack([X.ravel(), Y.ravel()])
    # Only seeds near the region matter (their cells are bounded by the frame of seeds around them).
    near = (pts[:, 0] > minx - 6 * spacing) & (pts[:, 0] < maxx + 6 * spacing) & \
           (pts[:, 1] > miny - 6 * spacing) & (pts[:, 1] < maxy + 6 * spacing)
    pts = pts[near]
    vor = Voronoi(pts)
    # candidate cells: seed within 3 spacings of the region
    prepared = region.buffer(3 * spacing, quad_segs=4)
    shapely.prepare(prepared)
    cand = np.nonzero(shapely.contains_xy(prepared, pts[:, 0], pts[:, 1]))[0]
    regs = [vor.regions[vor.point_region[i]] for i in cand.tolist()]
    ok = np.array([len(r) >= 3 and -1 not in r for r in regs])
    assert ok.all(), "unbounded candidate cell"
    lens = np.fromiter((len(r) for r in regs), dtype=np.int64, count=len(regs))
    flat = np.fromiter((v for r in regs for v in r), dtype=np.int64, count=int(lens.sum()))
    vx, vy = vor.vertices[:, 0], vor.vertices[:, 1]
    # orientation: make every ring CCW (qhull's 2-D order is consistent but either way round)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    nxt = np.arange(len(flat)) + 1
    ends = starts + lens
    nxt[ends - 1] = starts
    cross = vx[flat] * vy[flat[nxt]] - vx[flat[nxt]] * vy[flat]
    signed = np.add.reduceat(cross, starts)
    ring_ix = np.repeat(np.arange(len(regs)), lens)
    polys = shapely.polygons(shapely.linearrings(np.column_stack([vx[flat], vy[flat]]), indices=ring_ix))
    shapely.prepare(region)
    inside = shapely.contains_properly(region, polys)
    touching = ~inside & shapely.intersects(region, polys)
    interior = []
    for k in np.nonzero(inside)[0].tolist():
        r = list(regs[k])
        if signed[k] < 0:
            r.reverse()
        interior.append((k, r))
    clipped = []
    tk = np.nonzero(touching)[0]
    pieces = shapely.intersection(polys[tk], region)
    for k, g in zip(tk.tolist(), pieces):
        if g.is_empty:
            continue
        if g.geom_type == "MultiPolygon":   # keep the largest part: a parcel is one piece of ground
            g = max(g.geoms, key=lambda p: p.area)
        if g.geom_type != "Polygon" or g.area < 0.02 * spacing * spacing:
            continue
        clipped.append((k, shapely.orient_polygons(g)))
    return vx, vy, interior, clipped


def write_farmland(path, scale, regions, seed):
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    total_area = sum(r.area for r in regions)
    n_target = PARCELS_AT_SCALE_1 * scale
    # cells clipped along the regions' boundaries add ~4% / sqrt(scale) to the count
    spacing = (1 + 0.02 / math.sqrt(scale)) * math.sqrt(total_area * KEEP / n_target)
    n = 0
    nverts = []
    dl_p = [d[2] for d in DL]
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("farmland (synthetic Voronoi coverage, Changzhi prefecture)"))
        first = True
        for ri, region in enumerate(regions):
            vx, vy, interior, clipped = region_cells(region, spacing, rng)
            vs = vertex_strings(vx, vy)  # every Voronoi vertex formatted once: neighbours share bytes
            cells = [(k, "i", r) for k, r in interior] + [(k, "c", g) for k, g in clipped]
            cells.sort(key=lambda c: c[0])  # seed order (grid rows): spatially coherent file order
            keep = rng.random(len(cells)) < KEEP
            dl_idx = rng.choice(len(DL), size=len(cells), p=dl_p)
            lines = []
            for m, (k, kind, geom) in enumerate(cells):
                if not keep[m]:
                    continue
                if kind == "i":
                    ring = vs[geom].tolist()
                    ring.append(ring[0])
                    rings = ["[" + ",".join(ring) + "]"]
                    nverts.append(len(geom))
                else:
                    rings = []
                    for lr in [geom.exterior] + list(geom.interiors):
                        c = np.asarray(lr.coords)
                        rings.append("[" + ",".join(vertex_strings(c[:, 0], c[:, 1]).tolist()) + "]")
                    nverts.append(len(geom.exterior.coords) - 1)
                n += 1
                code, name, _ = DL[dl_idx[m]]
                village = 101001 + ri * 1000 + (k // 2000)
                lines.append('%s{"type":"Feature","properties":{"BSM":"1404%02d%012d","DLBM":"%s","DLMC":"%s",'
                             '"ZLDWDM":"1404%02d%06d0000"},"geometry":{"type":"Polygon","coordinates":[%s]}}\n'
                             % ("" if first else ",", 21 + ri, n, code, name, 21 + ri, village, ",".join(rings)))
                first = False
            out.write("".join(lines))
            log("  region %d: %d cells (%d clipped), %d parcels so far, %.1f s"
                % (ri + 1, len(cells), len(clipped), n, time.perf_counter() - t0))
        out.write("]}\n")
    nv = np.array(nverts)
    return n, spacing, nv


def write_redline(path, count, regions, rng):
    clusters = count // 6
    centres = []
    for c in range(clusters):
        if rng.random() < 0.45:  # near farmland (plains with protected wetlands, rivers)
            r = regions[int(rng.integers(len(regions)))]
            minx, miny, maxx, maxy = r.bounds
            centres.append((rng.uniform(minx, maxx), rng.uniform(miny, maxy)))
        else:                    # mountains anywhere in the prefecture
            centres.append((rng.uniform(-HALF_X, HALF_X), rng.uniform(-HALF_Y, HALF_Y)))
    centres = np.array(centres)
    holes_total = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("ecological redline (synthetic, overlapping patches)"))
        for m in range(count):
            cx, cy = centres[m % clusters] + rng.normal(0, 1500, 2)
            area = math.exp(rng.uniform(math.log(0.05e6), math.log(10e6)))
            x, y, s = star(rng, area, int(rng.integers(40, 401)), 0.45)
            rings = ["[" + ring_string(cx + x, cy + y) + "]"]
            nh = int(rng.choice(3, p=[0.88, 0.08, 0.04]))
            # holes: near-circles of radius <= 0.2 s (the shell keeps r >= 0.25 s) around points at
            # distance 0 (one hole) or +-0.0 (two holes side by side, radius <= 0.1 s, offsets 0.12 s)
            for h in range(nh):
                hv = int(rng.integers(12, 40))
                th = np.sort(rng.uniform(0, 2 * math.pi, hv))[::-1]  # clockwise
                rad = s * (rng.uniform(0.10, 0.20) if nh == 1 else rng.uniform(0.05, 0.10))
                rr = rad * rng.uniform(0.85, 1.0, hv)
                ox = 0.0 if nh == 1 else (-0.12 * s if h == 0 else 0.12 * s)
                rings.append("[" + ring_string(cx + ox + rr * np.cos(th), cy + rr * np.sin(th)) + "]")
            holes_total += nh
            out.write('%s{"type":"Feature","properties":{"HXBH":"HX1404%05d","HXMC":"生态保护红线斑块%d"},'
                      '"geometry":{"type":"Polygon","coordinates":[%s]}}\n'
                      % ("" if m == 0 else ",", m + 1, m + 1, ",".join(rings)))
        out.write("]}\n")
    return holes_total


def write_urban(path, count, regions, rng):
    import shapely
    placed = []
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("urban development boundary (synthetic)"))
        m = 0
        tries = 0
        while m < count:
            tries += 1
            assert tries < 100_000
            if m < len(regions):
                r = regions[m]
                c = r.centroid
                cx, cy = c.x + rng.normal(0, 2000), c.y + rng.normal(0, 2000)
                area = rng.uniform(15e6, 45e6)
            else:
                r = regions[int(rng.integers(len(regions)))] if rng.random() < 0.7 else None
                if r is not None:
                    minx, miny, maxx, maxy = r.bounds
                    cx, cy = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
                else:
                    cx, cy = rng.uniform(-HALF_X, HALF_X), rng.uniform(-HALF_Y, HALF_Y)
                area = math.exp(rng.uniform(math.log(0.3e6), math.log(5e6)))
            x, y, _ = star(rng, area, int(rng.integers(60, 501)), 0.35)
            g = shapely.Polygon(np.column_stack([cx + x, cy + y]))
            if any(g.distance(p) < 200 for p in placed):
                continue
            placed.append(g)
            m += 1
            out.write('%s{"type":"Feature","properties":{"CZKFBJ":"CZ1404%03d","XZQMC":"城镇开发边界%d"},'
                      '"geometry":{"type":"Polygon","coordinates":[[%s]]}}\n'
                      % ("" if m == 1 else ",", m, m, ring_string(cx + x, cy + y)))
        out.write("]}\n")


def write_blocks(path, count, regions, rng):
    areas = []
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("candidate blocks (synthetic, city scale)"))
        for m in range(count):
            if rng.random() < 0.65:
                r = regions[int(rng.integers(len(regions)))]
                minx, miny, maxx, maxy = r.bounds
                cx, cy = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            else:
                cx, cy = rng.uniform(-HALF_X + 3000, HALF_X - 3000), rng.uniform(-HALF_Y + 3000, HALF_Y - 3000)
            area = math.exp(rng.uniform(math.log(0.1e6), math.log(25e6)))
            x, y, _ = star(rng, area, int(rng.integers(24, 121)), 0.35)
            bid = "C%04d" % (m + 1)
            areas.append(area)
            out.write('%s{"type":"Feature","id":"%s","properties":{"block_id":"%s","name":"候选区块%d","planar_m2":%.1f},'
                      '"geometry":{"type":"Polygon","coordinates":[[%s]]}}\n'
                      % ("" if m == 0 else ",", bid, bid, m + 1, area, ring_string(cx + x, cy + y)))
        out.write("]}\n")
    return areas


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="parcels = 300000 x scale (1, 4; 0.05 for a test)")
    ap.add_argument("--blocks", type=int, default=2000)
    ap.add_argument("--redline", type=int, default=3000)
    ap.add_argument("--urban", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.scale <= 0:
        ap.error("--scale must be positive")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    regions = make_regions(np.random.default_rng(a.seed))
    paths = {k: os.path.join(a.out, k + ".geojson") for k in ("farmland", "redline", "urban", "blocks")}
    timings = {}
    t = time.perf_counter()
    n, spacing, nv = write_farmland(paths["farmland"], a.scale, regions, a.seed + 1)
    timings["farmland_s"] = time.perf_counter() - t
    t = time.perf_counter()
    holes = write_redline(paths["redline"], a.redline, regions, np.random.default_rng(a.seed + 2))
    write_urban(paths["urban"], a.urban, regions, np.random.default_rng(a.seed + 3))
    block_areas = write_blocks(paths["blocks"], a.blocks, regions, np.random.default_rng(a.seed + 4))
    timings["other_layers_s"] = time.perf_counter() - t
    manifest = {
        "generator": "Scripts/bench/make_city.py", "seed": a.seed, "scale": a.scale, "crs": "EPSG:4490",
        "parcels": n, "blocks": a.blocks, "redline": a.redline, "redline_holes": holes, "urban": a.urban,
        "regions_km2": [round(r.area / 1e6, 1) for r in regions],
        "parcel_spacing_m": round(spacing, 2),
        "parcel_vertices": {"min": int(nv.min()), "mean": round(float(nv.mean()), 2), "max": int(nv.max())},
        "block_planar_km2": {"min": round(min(block_areas) / 1e6, 3), "mean": round(float(np.mean(block_areas)) / 1e6, 3),
                             "max": round(max(block_areas) / 1e6, 3)},
        "files": {k: {"path": os.path.basename(p), "bytes": os.path.getsize(p)} for k, p in paths.items()},
        "timings": {k: round(v, 1) for k, v in timings.items()},
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    sizes = ", ".join("%s %.1f MB" % (k, v["bytes"] / 1e6) for k, v in manifest["files"].items())
    log("%d parcels, %d redline, %d urban, %d blocks -> %s (%s) in %.1f s"
        % (n, a.redline, a.urban, a.blocks, a.out, sizes, time.perf_counter() - t0))


if __name__ == "__main__":
    main()
