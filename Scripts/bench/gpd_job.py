#!/usr/bin/env python3
"""Python side of Scripts/bench/run.py, run in a child process so that timing and peak memory
belong to one tool only. Prints one JSON object on stdout.

  gpd_job.py parse-json FILE        json.loads of the file's bytes (bytes read before timing)
  gpd_job.py parse-gpd FILE         geopandas.read_file (pyogrio engine), file read included
  gpd_job.py overlay --blocks F --block-id FIELD --layer NAME=PATH:IDFIELD [...] -o OUT.json
      The overlap job as an analyst would write it in GeoPandas: read_file, overlay
      (intersection), geodesic area of each piece with pyproj Geod on the CGCS2000 ellipsoid,
      count and ids of pieces with area > 1e-4 m² and mean width
      2·area/perimeter >= 1 mm (minescreen's noise rule), dissolve per block and layer, geodesic area
      of each union; conflict = dissolve of the per-layer unions per block. Single-threaded.
"""
import argparse
import json
import os
import sys
import time


def parse_json(path):
    with open(path, "rb") as f:
        data = f.read()
    t0 = time.perf_counter()
    doc = json.loads(data)
    s = time.perf_counter() - t0
    return {"bytes": len(data), "seconds": s, "MBps": len(data) / 1e6 / s, "features": len(doc["features"])}


def parse_gpd(path):
    import geopandas as gpd
    t0 = time.perf_counter()
    df = gpd.read_file(path, engine="pyogrio")
    s = time.perf_counter() - t0
    n = os.path.getsize(path)
    return {"bytes": n, "seconds": s, "MBps": n / 1e6 / s, "features": len(df)}


def overlay(args):
    t_start = time.perf_counter()
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely
    from pyproj import CRS
    t_import = time.perf_counter() - t_start

    layers = []
    for spec in args.layer:
        name, rest = spec.split("=", 1)
        path, idf = rest.rsplit(":", 1)
        layers.append((name, path, idf))

    t0 = time.perf_counter()
    blocks = gpd.read_file(args.blocks)
    frames = {name: gpd.read_file(path) for name, path, _ in layers}
    t_read = time.perf_counter() - t0

    t0 = time.perf_counter()
    geod = CRS(blocks.crs).get_geod()  # EPSG:4490 -> CGCS2000 ellipsoid (a=6378137, 1/f=298.257222101)

    def geodesic_areas(geoms):
        # pyproj's area is signed by ring orientation: orient shells CCW, holes CW first.
        geoms = shapely.orient_polygons(np.asarray(geoms), exterior_cw=False)
        return np.array([abs(geod.geometry_area_perimeter(g)[0]) for g in geoms])

    def geodesic_area_perimeter(geoms):
        geoms = shapely.orient_polygons(np.asarray(geoms), exterior_cw=False)
        ap = np.array([geod.geometry_area_perimeter(g) for g in geoms]).reshape(-1, 2)
        return np.abs(ap[:, 0]), ap[:, 1]

    bid = args.block_id
    blocks = blocks[[bid, "geometry"]]
    block_area = dict(zip(blocks[bid], geodesic_areas(blocks.geometry.values)))
    per_layer = {}
    unions = []
    phase = {}
    for name, _, idf in layers:
        t1 = time.perf_counter()
        layer = frames[name][[idf, "geometry"]]
        pieces = gpd.overlay(blocks, layer, how="intersection", keep_geom_type=True)
        t2 = time.perf_counter()
        a, p = geodesic_area_perimeter(pieces.geometry.values)
        # minescreen's noise rule: a piece overlaps when area > 1e-4 m² and mean width 2·area/perimeter >= 1 mm
        hit = pieces[(a > 1e-4) & (p > 0) & (2 * a / np.where(p > 0, p, 1) >= 1e-3)]
        ids = hit.groupby(bid)[idf].agg(list)
        dissolved = pieces[[bid, "geometry"]].dissolve(by=bid)
        areas = dict(zip(dissolved.index, geodesic_areas(dissolved.geometry.values)))
        unions.append(dissolved.reset_index())
        per_layer[name] = (areas, ids)
        phase[name] = {"intersection_s": t2 - t1, "areas_dissolve_s": time.perf_counter() - t2,
                       "pieces": int(len(pieces))}
    t1 = time.perf_counter()
    allu = pd.concat(unions, ignore_index=True)
    conflict_geoms = gpd.GeoDataFrame(allu, geometry="geometry", crs=blocks.crs).dissolve(by=bid)
    conflict = dict(zip(conflict_geoms.index, geodesic_areas(conflict_geoms.geometry.values)))
    phase["conflict_s"] = time.perf_counter() - t1
    t_overlay = time.perf_counter() - t0

    out_blocks = []
    for b in blocks[bid]:
        ov = {}
        for name, _, _ in layers:
            areas, ids = per_layer[name]
            fids = [str(x) for x in ids.get(b, [])]
            ov[name] = {"area_m2": float(areas.get(b, 0.0)), "count": len(fids), "features": fids}
        c = float(conflict.get(b, 0.0))
        out_blocks.append({"id": str(b), "area_m2": float(block_area[b]), "overlaps": ov,
                           "conflict_m2": c, "clean_m2": float(block_area[b]) - c})
    with open(args.o, "w") as f:
        json.dump({"tool": "geopandas", "blocks": out_blocks}, f)
    import pyogrio
    return {"import_s": t_import, "read_s": t_read, "overlay_s": t_overlay, "phases": phase,
            "total_s": time.perf_counter() - t_start,
            "versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__,
                         "geos": ".".join(map(str, shapely.geos_version)), "pyogrio": pyogrio.__version__}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("parse-json").add_argument("file")
    sub.add_parser("parse-gpd").add_argument("file")
    o = sub.add_parser("overlay")
    o.add_argument("--blocks", required=True)
    o.add_argument("--block-id", required=True)
    o.add_argument("--layer", action="append", required=True, help="NAME=PATH:IDFIELD")
    o.add_argument("-o", required=True)
    a = ap.parse_args()
    if a.cmd == "parse-json":
        r = parse_json(a.file)
    elif a.cmd == "parse-gpd":
        r = parse_gpd(a.file)
    else:
        r = overlay(a)
    json.dump(r, sys.stdout)
    print()


if __name__ == "__main__":
    main()
