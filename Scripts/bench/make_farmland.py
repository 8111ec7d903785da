#!/usr/bin/env python3
"""Synthetic but realistic benchmark scene near Changzhi (113.0E 36.2N), EPSG:4490 lon/lat.

Writes three GeoJSON FeatureCollections (legacy `crs` member urn:ogc:def:crs:EPSG::4490,
one feature per line, coordinates with 10 decimals) plus a manifest:

  farmland.geojson  N parcels (default 200000, ~100 MB): a coverage -- no two parcels
                    overlap. Parcels are cells of a jittered grid (column widths and row
                    heights 60-140 m, corners jittered up to 7 m); every grid edge carries
                    0-2 extra vertices pushed sideways, shared by both neighbouring parcels,
                    so parcels are irregular quadrilaterals/pentagons with 4-12 vertices
                    (mean ~9; >= 6 for ~99% of them). About 12% of grid cells are left out
                    (roads, villages), so the coverage has gaps.
                    Properties: BSM (18-char string id), DLBM, DLMC, ZLDWDM.
  redline.geojson   a few hundred (300 at the default size; scaled with N) larger
                    ecological-redline patches (0.2-4 km², 48-160 vertices) placed in
                    clusters so that they DO overlap each other. Property HXBH.
  blocks.geojson    M candidate blocks (default 300), irregular 24-64-vertex polygons of
                    0.5-3 km² (planar, local metres), anywhere inside the farmland extent.
                    Feature id and property block_id "B0001"...
  manifest.json     the parameters, counts and file sizes.

Deterministic: numpy PCG64 with a fixed seed; same arguments -> byte-identical files.
Usage: python3 Scripts/bench/make_farmland.py [--parcels N] [--blocks M] [--out DIR]
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LON0, LAT0 = 113.0, 36.2
# Local equirectangular metres -> degrees (good to ~1e-3 relative over 50 km; the scene is
# synthetic, only the lon/lat coordinates as written matter).
M_PER_DEG_LAT = 110_990.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
KEEP = 0.88  # share of grid cells that are farmland
DL = [("0101", "水田", 0.03), ("0102", "水浇地", 0.27), ("0103", "旱地", 0.70)]


def lonlat(x, y):
    return LON0 + x / M_PER_DEG_LON, LAT0 + y / M_PER_DEG_LAT


def fmt(lon, lat):
    return "[%.10f,%.10f]" % (lon, lat)


def header(name):
    return '{"type":"FeatureCollection","name":%s,"crs":%s,"features":[\n' % (
        json.dumps(name), json.dumps(CRS, separators=(",", ":")))


def write_farmland(path, n, rng):
    cells = int(math.ceil(n / KEEP))
    nc = int(math.ceil(math.sqrt(cells)))
    nr = int(math.ceil(cells / nc))
    widths = rng.uniform(60.0, 140.0, nc)
    heights = rng.uniform(60.0, 140.0, nr)
    xs = np.concatenate([[0.0], np.cumsum(widths)])
    ys = np.concatenate([[0.0], np.cumsum(heights)])
    xs -= xs[-1] / 2
    ys -= ys[-1] / 2
    # nodes (nr+1, nc+1): corners jittered by up to 7 m (cells are >= 60 m)
    nx = xs[None, :] + rng.uniform(-7.0, 7.0, (nr + 1, nc + 1))
    ny = ys[:, None] + rng.uniform(-7.0, 7.0, (nr + 1, nc + 1))

    def edge_points(ax, ay, bx, by, shape):
        """0-2 intermediate points per edge, offset perpendicular by <= 12% of its length."""
        k = rng.choice(3, size=shape, p=[0.1, 0.5, 0.4])
        t1 = np.where(k == 1, rng.uniform(0.35, 0.65, shape), rng.uniform(0.2, 0.4, shape))
        t2 = rng.uniform(0.6, 0.8, shape)
        d1 = rng.uniform(-0.12, 0.12, shape)
        d2 = rng.uniform(-0.06, 0.06, shape)
        dx, dy = bx - ax, by - ay  # perpendicular of (dx,dy) is (-dy,dx); offset scales with length
        p1 = (ax + t1 * dx - d1 * dy, ay + t1 * dy + d1 * dx)
        p2 = (ax + t2 * dx - d2 * dy, ay + t2 * dy + d2 * dx)
        return k, p1, p2

    # horizontal edges: node(i,j) -> node(i,j+1); vertical edges: node(i,j) -> node(i+1,j)
    hk, hp1, hp2 = edge_points(nx[:, :-1], ny[:, :-1], nx[:, 1:], ny[:, 1:], (nr + 1, nc))
    vk, vp1, vp2 = edge_points(nx[:-1, :], ny[:-1, :], nx[1:, :], ny[1:, :], (nr, nc + 1))

    def strings(x, y):
        lon, lat = lonlat(x, y)
        out = np.empty(x.shape, dtype=object)
        flat = out.reshape(-1)
        for idx, (a, b) in enumerate(zip(lon.reshape(-1).tolist(), lat.reshape(-1).tolist())):
            flat[idx] = fmt(a, b)
        return out

    # Each shared point is formatted once, so neighbours write byte-identical vertices.
    node_s = strings(nx, ny)
    h1_s, h2_s = strings(*hp1), strings(*hp2)
    v1_s, v2_s = strings(*vp1), strings(*vp2)

    chosen = np.sort(rng.choice(nr * nc, size=n, replace=False))
    dl_idx = rng.choice(len(DL), size=n, p=[d[2] for d in DL])
    serials = rng.permutation(n) + 1
    nverts = np.empty(n, dtype=np.int32)
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("farmland (synthetic coverage, Changzhi)"))
        for m, c in enumerate(chosen.tolist()):
            i, j = divmod(c, nc)
            ring = [node_s[i, j]]
            k = hk[i, j]                      # bottom edge, west -> east
            if k >= 1: ring.append(h1_s[i, j])
            if k == 2: ring.append(h2_s[i, j])
            ring.append(node_s[i, j + 1])
            k = vk[i, j + 1]                  # east edge, south -> north
            if k >= 1: ring.append(v1_s[i, j + 1])
            if k == 2: ring.append(v2_s[i, j + 1])
            ring.append(node_s[i + 1, j + 1])
            k = hk[i + 1, j]                  # top edge, east -> west (reversed)
            if k == 2: ring.append(h2_s[i + 1, j])
            if k >= 1: ring.append(h1_s[i + 1, j])
            ring.append(node_s[i + 1, j])
            k = vk[i, j]                      # west edge, north -> south (reversed)
            if k == 2: ring.append(v2_s[i, j])
            if k >= 1: ring.append(v1_s[i, j])
            nverts[m] = len(ring)
            ring.append(ring[0])
            code, name, _ = DL[dl_idx[m]]
            village = 101001 + (i // 40) * 100 + (j // 40)
            out.write('{"type":"Feature","properties":{"BSM":"140421%012d","DLBM":"%s","DLMC":"%s",'
                      '"ZLDWDM":"140421%06d0000"},"geometry":{"type":"Polygon","coordinates":[[%s]]}}%s\n'
                      % (serials[m], code, name, village, ",".join(ring), "," if m + 1 < n else ""))
        out.write("]}\n")
    extent = (float(xs[0]), float(ys[0]), float(xs[-1]), float(ys[-1]))
    return extent, nverts


def star(rng, cx, cy, area, nv, rough):
    """Simple (star-shaped) polygon around (cx,cy) with planar area `area` m², CCW."""
    th = np.sort(rng.uniform(0, 2 * math.pi, nv))
    r = np.ones(nv)
    for h in range(2, 7):
        r += rough / h * math.cos(rng.uniform(0, 2 * math.pi)) * np.cos(h * th + rng.uniform(0, 2 * math.pi))
    r *= rng.uniform(1 - rough / 3, 1 + rough / 3, nv)
    r = np.clip(r, 0.25, None)
    x, y = r * np.cos(th), r * np.sin(th)
    a = 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
    s = math.sqrt(area / a)
    return cx + s * x, cy + s * y


def ring_string(x, y):
    lon, lat = lonlat(x, y)
    pts = [fmt(a, b) for a, b in zip(lon.tolist(), lat.tolist())]
    pts.append(pts[0])
    return ",".join(pts)


def write_redline(path, count, extent, rng):
    x0, y0, x1, y1 = extent
    clusters = max(1, count // 5)
    centres = np.column_stack([rng.uniform(x0 + 1500, x1 - 1500, clusters), rng.uniform(y0 + 1500, y1 - 1500, clusters)])
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("ecological redline (synthetic, overlapping patches)"))
        for m in range(count):
            cx, cy = centres[m % clusters] + rng.normal(0, 700, 2)
            area = math.exp(rng.uniform(math.log(0.2e6), math.log(4e6)))
            x, y = star(rng, cx, cy, area, int(rng.integers(48, 161)), 0.45)
            out.write('{"type":"Feature","properties":{"HXBH":"HX14%05d","HXMC":"生态保护红线斑块%d"},'
                      '"geometry":{"type":"Polygon","coordinates":[[%s]]}}%s\n'
                      % (m + 1, m + 1, ring_string(x, y), "," if m + 1 < count else ""))
        out.write("]}\n")


def write_blocks(path, count, extent, rng):
    x0, y0, x1, y1 = extent
    margin = 1500.0
    with open(path, "w", encoding="utf-8") as out:
        out.write(header("candidate blocks (synthetic)"))
        for m in range(count):
            cx, cy = rng.uniform(x0 + margin, x1 - margin), rng.uniform(y0 + margin, y1 - margin)
            area = rng.uniform(0.5e6, 3.0e6)
            x, y = star(rng, cx, cy, area, int(rng.integers(24, 65)), 0.35)
            bid = "B%04d" % (m + 1)
            out.write('{"type":"Feature","id":"%s","properties":{"block_id":"%s","name":"候选区块%d","planar_m2":%.1f},'
                      '"geometry":{"type":"Polygon","coordinates":[[%s]]}}%s\n'
                      % (bid, bid, m + 1, area, ring_string(x, y), "," if m + 1 < count else ""))
        out.write("]}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parcels", type=int, default=200_000)
    ap.add_argument("--blocks", type=int, default=300)
    ap.add_argument("--redline", type=int, default=None, help="redline patches (default: 300 * parcels / 200000, at least 20)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-data"))
    a = ap.parse_args(argv)
    if a.parcels < 100 or a.blocks < 1:
        ap.error("need --parcels >= 100 and --blocks >= 1")
    redline = a.redline if a.redline is not None else max(20, round(300 * a.parcels / 200_000))
    os.makedirs(a.out, exist_ok=True)
    t0 = time.perf_counter()
    rng = np.random.default_rng(a.seed)
    paths = {k: os.path.join(a.out, k + ".geojson") for k in ("farmland", "redline", "blocks")}
    extent, nverts = write_farmland(paths["farmland"], a.parcels, rng)
    write_redline(paths["redline"], redline, extent, np.random.default_rng(a.seed + 1))
    write_blocks(paths["blocks"], a.blocks, extent, np.random.default_rng(a.seed + 2))
    manifest = {
        "generator": "Scripts/bench/make_farmland.py", "seed": a.seed, "crs": "EPSG:4490",
        "parcels": a.parcels, "blocks": a.blocks, "redline": redline,
        "extent_m": [round(v, 1) for v in extent],
        "parcel_vertices": {"min": int(nverts.min()), "mean": round(float(nverts.mean()), 2), "max": int(nverts.max()),
                            "share_ge_6": round(float((nverts >= 6).mean()), 4)},
        "files": {k: {"path": os.path.basename(p), "bytes": os.path.getsize(p)} for k, p in paths.items()},
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    sizes = ", ".join("%s %.1f MB" % (k, v["bytes"] / 1e6) for k, v in manifest["files"].items())
    print("make_farmland: %d parcels, %d redline patches, %d blocks -> %s (%s) in %.1f s"
          % (a.parcels, redline, a.blocks, a.out, sizes, time.perf_counter() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
