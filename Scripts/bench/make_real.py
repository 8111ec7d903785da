#!/usr/bin/env python3
"""Benchmark scenes shaped like delivered data rather than like the fast paths (issue #14).

  python3 Scripts/bench/make_real.py --scale 0.05 --out bench-data/real005   # development (~15 000 parcels)
  python3 Scripts/bench/make_real.py --scale 1 --out bench-data/real1        # city scale (~300 000 parcels)

Writes into OUT:
  lonlat/   farmland, redline, urban, blocks as EPSG:4490 GeoJSON (make_city.py's writers and layout), but
            the eight farmland regions are irregular polygons of 10-16 vertices with straight outline edges
            of several km, and about 30 % of the parcels are non-convex: one vertex pushed in towards the
            centre of the parcel (a notch), leaving a sliver gap to the neighbour as real surveys do.
  gk/       the same four layers converted vertex by vertex by ogr2ogr to CGCS2000 3° Gauss-Krüger zone 38
            with the zone prefix (EPSG:4526), each as a Shapefile encoded in GBK (`.cpg` says GBK) and as a
            GeoPackage (one per layer: commands read a GeoPackage's first layer), with Chinese field names (标识码, 地类编码, 地类名称, 坐落代码; 红线编号, 红线名称;
            边界编号, 行政区名; 区块编号, 名称).
  mixed/    the blocks as a GBK 坐标文件 in the same GK zone (X north, Y east with zone prefix, in metres,
            converted by pyproj), to be screened against the lon/lat GeoJSON layers.
  manifest.json  counts, share of non-convex parcels, file sizes, id fields per format.

Deterministic (numpy PCG64 with fixed seeds). Requirements: Scripts/bench/requirements.txt, gdal-bin (ogr2ogr).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_city as city  # noqa: E402  (the city scene's writers, reused with irregular regions)

NOTCH_SHARE = 0.30
FIELDS = {
    "farmland": ("BSM", [("BSM", "标识码"), ("DLBM", "地类编码"), ("DLMC", "地类名称"), ("ZLDWDM", "坐落代码")]),
    "redline": ("HXBH", [("HXBH", "红线编号"), ("HXMC", "红线名称")]),
    "urban": ("CZKFBJ", [("CZKFBJ", "边界编号"), ("XZQMC", "行政区名")]),
    "blocks": ("block_id", [("block_id", "区块编号"), ("name", "名称")]),
}
GK_EPSG = 4526


def log(msg):
    print("[make_real] " + msg, file=sys.stderr, flush=True)


def irregular_regions(rng):
    """N_REGIONS disjoint non-convex farmland regions with 10-16 straight edges each (km long)."""
    import shapely
    regions = []
    cols, rows = 4, 2
    sx, sy = 2 * city.HALF_X / cols, 2 * city.HALF_Y / rows
    for k in range(city.N_REGIONS):
        i, j = divmod(k, cols)
        cx = -city.HALF_X + (j + 0.5) * sx + rng.uniform(-0.1, 0.1) * sx
        cy = -city.HALF_Y + (i + 0.5) * sy + rng.uniform(-0.1, 0.1) * sy
        while True:
            x, y, _ = city.star(rng, rng.uniform(300e6, 600e6), int(rng.integers(10, 17)), 0.45, rmin=0.45)
            g = shapely.Polygon(np.column_stack([cx + x, cy + y]))
            if g.is_valid:
                break
        regions.append(g)
    u = shapely.union_all(regions)
    assert abs(u.area - sum(r.area for r in regions)) < 1e-6 * u.area, "regions overlap"
    return regions


def notched(ring, rng):
    """The ring (open, CCW, n x 2) with one vertex moved 35-60 % of the way to the centroid: non-convex."""
    k = int(rng.integers(len(ring)))
    c = ring.mean(axis=0)
    out = ring.copy()
    out[k] = ring[k] + rng.uniform(0.35, 0.6) * (c - ring[k])
    return out


def write_farmland(path, scale, regions, seed):
    """Voronoi parcels as in make_city.py (clipped to the regions, ~7 % left out), ~30 % notched."""
    import shapely
    rng = np.random.default_rng(seed)
    total_area = sum(r.area for r in regions)
    spacing = (1 + 0.02 / math.sqrt(scale)) * math.sqrt(total_area * city.KEEP / (city.PARCELS_AT_SCALE_1 * scale))
    n = notches = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(city.header("farmland (synthetic, irregular regions, non-convex parcels)"))
        for ri, region in enumerate(regions):
            vx, vy, interior, clipped = city.region_cells(region, spacing, rng)
            cells = [(k, np.column_stack([vx[r], vy[r]])) for k, r in interior]
            cells += [(k, np.asarray(g.exterior.coords)[:-1]) for k, g in clipped if len(g.interiors) == 0]
            cells.sort(key=lambda c: c[0])
            keep = rng.random(len(cells)) < city.KEEP
            notch = rng.random(len(cells)) < NOTCH_SHARE
            dl_idx = rng.choice(len(city.DL), size=len(cells), p=[d[2] for d in city.DL])
            lines = []
            for m, (k, ring) in enumerate(cells):
                if not keep[m]:
                    continue
                if notch[m] and len(ring) >= 4:
                    candidate = notched(ring, rng)
                    if shapely.Polygon(candidate).is_valid:
                        ring = candidate
                        notches += 1
                n += 1
                code, name, _ = city.DL[dl_idx[m]]
                village = 101001 + ri * 1000 + (k // 2000)
                lines.append('%s{"type":"Feature","properties":{"BSM":"1404%02d%012d","DLBM":"%s","DLMC":"%s",'
                             '"ZLDWDM":"1404%02d%06d0000"},"geometry":{"type":"Polygon","coordinates":[[%s]]}}\n'
                             % ("" if n == 1 else ",", 21 + ri, n, code, name, 21 + ri, village,
                                city.ring_string(ring[:, 0], ring[:, 1])))
            out.write("".join(lines))
            log("  region %d: %d parcels so far (%d notched)" % (ri + 1, n, notches))
        out.write("]}\n")
    return n, notches


def ogr2ogr(src, dst, layer, driver, options):
    names = ", ".join('%s AS "%s"' % (a, b) for a, b in FIELDS[layer][1])
    cmd = ["ogr2ogr", "-overwrite", "-f", driver, "-t_srs", "EPSG:%d" % GK_EPSG, "-nln", layer,
           "-sql", "SELECT %s FROM \"%s\"" % (names, layer_name(src)), dst, src] + options
    subprocess.run(cmd, check=True)


def layer_name(path):
    out = subprocess.run(["ogrinfo", "-ro", "-q", path], capture_output=True, text=True, check=True).stdout
    # "1: name (Polygon)"
    return out.strip().splitlines()[0].split(":", 1)[1].strip().rsplit(" (", 1)[0]


def write_coordfile(blocks_geojson, path):
    """The blocks as a GBK 坐标文件 in GK zone 38 (X north, Y east with the zone prefix)."""
    from pyproj import Transformer
    to_gk = Transformer.from_crs("EPSG:4490", "EPSG:%d" % GK_EPSG, always_xy=True)
    doc = json.load(open(blocks_geojson, encoding="utf-8"))
    header = ("[属性描述]\n格式版本号=1.01版本\n数据产生单位=测速（合成数据）\n数据产生日期=2026-12-06\n"
              "坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=38\n精度=0.0001\n"
              "转换参数=,,,,,,\n[地块坐标]\n")
    lines = []
    for f in doc["features"]:
        ring = f["geometry"]["coordinates"][0]
        lon = np.array([p[0] for p in ring])
        lat = np.array([p[1] for p in ring])
        east, north = to_gk.transform(lon, lat)
        area_ha = f["properties"]["planar_m2"] / 1e4
        bid = f["properties"]["block_id"]
        lines.append("%d,%.4f,%s,%s,面,,采矿用地,,@" % (len(ring), area_ha, bid, f["properties"]["name"]))
        for i in range(len(ring)):
            lines.append("J%d,1,%.4f,%.4f" % (i % (len(ring) - 1) + 1, north[i], east[i]))
    with open(path, "w", encoding="gbk", newline="\r\n") as out:
        out.write(header + "\n".join(lines) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="parcels = 300000 x scale")
    ap.add_argument("--blocks", type=int, default=2000)
    ap.add_argument("--redline", type=int, default=3000)
    ap.add_argument("--urban", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    dirs = {k: os.path.join(a.out, k) for k in ("lonlat", "gk", "mixed")}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    regions = irregular_regions(np.random.default_rng(a.seed))
    ll = {k: os.path.join(dirs["lonlat"], k + ".geojson") for k in FIELDS}
    parcels, notches = write_farmland(ll["farmland"], a.scale, regions, a.seed + 1)
    city.write_redline(ll["redline"], a.redline, regions, np.random.default_rng(a.seed + 2))
    city.write_urban(ll["urban"], a.urban, regions, np.random.default_rng(a.seed + 3))
    city.write_blocks(ll["blocks"], a.blocks, regions, np.random.default_rng(a.seed + 4))
    log("lon/lat GeoJSON written (%.0f s); converting to EPSG:%d ..." % (time.perf_counter() - t0, GK_EPSG))
    files = {}
    for layer in FIELDS:
        shp = os.path.join(dirs["gk"], layer + ".shp")
        ogr2ogr(ll[layer], shp, layer, "ESRI Shapefile", ["-lco", "ENCODING=GBK"])
        gpkg = os.path.join(dirs["gk"], layer + ".gpkg")
        ogr2ogr(ll[layer], gpkg, layer, "GPKG", [])
        files[layer] = {"geojson": os.path.relpath(ll[layer], a.out), "shp": os.path.relpath(shp, a.out),
                        "gpkg": os.path.relpath(gpkg, a.out), "gpkg_bytes": os.path.getsize(gpkg),
                        "id_geojson": FIELDS[layer][0], "id_gk": FIELDS[layer][1][0][1],
                        "geojson_bytes": os.path.getsize(ll[layer]), "shp_bytes": sum(
                            os.path.getsize(os.path.join(dirs["gk"], layer + e)) for e in (".shp", ".shx", ".dbf"))}
    coord = os.path.join(dirs["mixed"], "blocks-gk.txt")
    write_coordfile(ll["blocks"], coord)
    manifest = {"generator": "Scripts/bench/make_real.py", "seed": a.seed, "scale": a.scale, "parcels": parcels,
                "notched_parcels": notches, "notched_share": round(notches / max(parcels, 1), 3),
                "blocks": a.blocks, "redline": a.redline, "urban": a.urban, "gk_epsg": GK_EPSG,
                "region_vertices": [len(r.exterior.coords) - 1 for r in regions],
                "region_edge_km_mean": round(float(np.mean([r.length / (len(r.exterior.coords) - 1) for r in regions])) / 1e3, 2),
                "files": files,
                "coordfile_blocks": os.path.relpath(coord, a.out), "seconds": round(time.perf_counter() - t0, 1)}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    log("%d parcels (%d notched), written to %s in %.0f s" % (parcels, notches, a.out, time.perf_counter() - t0))


if __name__ == "__main__":
    main()
