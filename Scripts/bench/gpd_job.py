#!/usr/bin/env python3
"""Python side of Scripts/bench/run.py, run in a child process so that timing and peak memory
belong to one tool only. Prints one JSON object on stdout.

  gpd_job.py parse-json FILE        json.loads of the file's bytes (bytes read before timing)
  gpd_job.py parse-gpd FILE         geopandas.read_file (pyogrio engine), file read included
  gpd_job.py overlay --blocks F --block-id FIELD --layer NAME=PATH:IDFIELD [...] [--max-blocks N] -o OUT.json
      The overlap job as an analyst would write it in GeoPandas: read_file, overlay
      (intersection), count and ids of pieces with area > 1e-4 m² and mean width
      2·area/perimeter >= 1 mm (minescreen's noise rule; `real_overlap`), dissolve per block and
      layer, geodesic area of each union with pyproj Geod on the CGCS2000 ellipsoid; conflict =
      dissolve of the per-layer unions per block. Single-threaded.
  gpd_job.py expert  (same arguments)
      The faster path an expert writes: sindex.query(predicate="intersects") (what sjoin runs),
      features the block covers taken whole, vectorised shapely.intersection for the others,
      shapely.union_all per block and layer, geodesic areas of the unions. Single-threaded.
  Both use the same counting rule and area code, so their difference is the overlay method.
  --max-blocks N runs the first N blocks only (blocks are in random order in the file).
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


def _setup(args):
    """Imports, reads the files (pyogrio), keeps the first --max-blocks blocks. Returns a context dict."""
    t_start = time.perf_counter()
    import geopandas as gpd
    import numpy as np
    import shapely
    from pyproj import CRS
    t_import = time.perf_counter() - t_start
    layers = []
    for spec in args.layer:
        name, rest = spec.split("=", 1)
        path, idf = rest.rsplit(":", 1)
        layers.append((name, path, idf))
    t0 = time.perf_counter()
    blocks = gpd.read_file(args.blocks, engine="pyogrio")
    frames = {name: gpd.read_file(path, engine="pyogrio") for name, path, _ in layers}
    t_read = time.perf_counter() - t0
    n_all = len(blocks)
    if args.max_blocks and args.max_blocks < n_all:
        blocks = blocks.iloc[:args.max_blocks].copy()
    # EPSG:4490 -> CGCS2000 ellipsoid (a=6378137, 1/f=298.257222101). A projected file (GK) is kept in its own
    # plane, as a GeoPandas user would: areas are planar there (geod None).
    geod = CRS(blocks.crs).get_geod() if CRS(blocks.crs).is_geographic else None
    return {"t_start": t_start, "import_s": t_import, "read_s": t_read, "layers": layers, "blocks": blocks,
            "frames": frames, "geod": geod, "blocks_total": n_all, "gpd": gpd, "np": np, "shapely": shapely}


def geodesic_area_perimeter(geod, geoms):
    """Geodesic area and perimeter (m², m) of each polygonal geometry, pyproj Geod (Karney)."""
    import numpy as np
    import shapely
    if geod is None:
        geoms = np.asarray(geoms, dtype=object)
        return shapely.area(geoms), shapely.length(geoms)
    geoms = shapely.orient_polygons(np.asarray(geoms, dtype=object), exterior_cw=False)  # pyproj's sign: CCW shells
    ap = np.array([geod.geometry_area_perimeter(g) for g in geoms], dtype=float).reshape(-1, 2)
    return np.abs(ap[:, 0]), ap[:, 1]


def real_overlap(geod, pieces):
    """minescreen's noise rule, vectorised: a piece is an overlap when its geodesic area > 1e-4 m² and its
    mean width 2·area/perimeter >= 1 mm. Screened with a local planar approximation (metres from
    degrees, good to ~1%); pieces within a factor 3 of either threshold are measured geodesically."""
    import numpy as np
    import shapely
    pieces = np.asarray(pieces, dtype=object)
    if len(pieces) == 0:
        return np.zeros(0, dtype=bool)

    def to_m(c):
        return np.column_stack([c[:, 0] * 111_320.0 * np.cos(np.radians(c[:, 1])), c[:, 1] * 110_990.0])
    local = shapely.transform(pieces, to_m) if geod is not None else pieces
    a, p = shapely.area(local), shapely.length(local)
    w = np.where(p > 0, 2 * a / np.where(p > 0, p, 1), 0)
    ok = (a > 1e-4) & (p > 0) & (w >= 1e-3)
    unsure = ((a > 1e-4 / 3) & (a < 3e-4)) | ((w > 1e-3 / 3) & (w < 3e-3))
    if unsure.any():
        ga, gp = geodesic_area_perimeter(geod, pieces[unsure])
        ok[unsure] = (ga > 1e-4) & (gp > 0) & (2 * ga / np.where(gp > 0, gp, 1) >= 1e-3)
    return ok


def overlay(args):
    """GeoPandas overlay(how='intersection') + dissolve per block and layer (the analyst's way)."""
    import pandas as pd
    c = _setup(args)
    gpd, np, geod, blocks, frames, layers = c["gpd"], c["np"], c["geod"], c["blocks"], c["frames"], c["layers"]
    t0 = time.perf_counter()
    bid = args.block_id
    blocks = blocks[[bid, "geometry"]]
    block_area = dict(zip(blocks[bid], geodesic_area_perimeter(geod, blocks.geometry.values)[0]))
    per_layer = {}
    unions = []
    phase = {}
    for name, _, idf in layers:
        t1 = time.perf_counter()
        layer = frames[name][[idf, "geometry"]]
        pieces = gpd.overlay(blocks, layer, how="intersection", keep_geom_type=True)
        t2 = time.perf_counter()
        hit = pieces[real_overlap(geod, pieces.geometry.values)]
        ids = hit.groupby(bid)[idf].agg(list)
        t3 = time.perf_counter()
        dissolved = pieces[[bid, "geometry"]].dissolve(by=bid)
        t4 = time.perf_counter()
        areas = dict(zip(dissolved.index, geodesic_area_perimeter(geod, dissolved.geometry.values)[0]))
        unions.append(dissolved.reset_index())
        per_layer[name] = (areas, ids)
        phase[name] = {"intersection_s": t2 - t1, "count_s": t3 - t2, "union_s": t4 - t3,
                       "area_s": time.perf_counter() - t4, "pieces": int(len(pieces))}
    t1 = time.perf_counter()
    allu = pd.concat(unions, ignore_index=True)
    conflict_geoms = gpd.GeoDataFrame(allu, geometry="geometry", crs=blocks.crs).dissolve(by=bid)
    conflict = dict(zip(conflict_geoms.index, geodesic_area_perimeter(geod, conflict_geoms.geometry.values)[0]))
    phase["conflict_s"] = time.perf_counter() - t1
    return _finish(args, c, "geopandas-overlay", blocks[bid], block_area, per_layer, conflict, phase, t0)


def expert(args):
    """The faster GeoPandas path: sindex query (sjoin's engine, prepared 'intersects'), whole features
    taken as they are where the block covers them, vectorised shapely.intersection for the rest,
    shapely.union_all per block, geodesic areas of the unions only."""
    c = _setup(args)
    np, shapely, geod, blocks, frames, layers = c["np"], c["shapely"], c["geod"], c["blocks"], c["frames"], c["layers"]
    t0 = time.perf_counter()
    bid = args.block_id
    bgeom = blocks.geometry.values.to_numpy() if hasattr(blocks.geometry.values, "to_numpy") else np.asarray(blocks.geometry.values)
    bgeom = np.asarray(bgeom, dtype=object)
    bids = blocks[bid].astype(str).to_numpy()
    block_area = dict(zip(bids, geodesic_area_perimeter(geod, bgeom)[0]))
    shapely.prepare(bgeom)
    per_layer = {}
    layer_unions = {}
    phase = {}
    for name, _, idf in layers:
        t1 = time.perf_counter()
        frame = frames[name]
        lgeom = np.asarray(frame.geometry.values, dtype=object)
        lids = frame[idf].astype(str).to_numpy()
        bi, li = frame.sindex.query(blocks.geometry, predicate="intersects")
        A, B = bgeom[bi], lgeom[li]
        cov = shapely.covers(A, B)
        pieces = np.empty(len(bi), dtype=object)
        pieces[cov] = B[cov]
        pieces[~cov] = shapely.intersection(A[~cov], B[~cov])
        # keep the polygonal part (touching features give lines/points)
        tid = shapely.get_type_id(pieces)
        odd = np.nonzero((tid != 3) & (tid != 6))[0]
        for k in odd.tolist():
            parts = [p for p in shapely.get_parts(pieces[k]) if shapely.get_type_id(p) in (3, 6)]
            pieces[k] = shapely.union_all(parts) if parts else shapely.Polygon()
        t2 = time.perf_counter()
        ok = real_overlap(geod, pieces) & ~shapely.is_empty(pieces)
        t3 = time.perf_counter()
        order = np.argsort(bi, kind="stable")
        bi_s, pieces_s, ok_s, li_s = bi[order], pieces[order], ok[order], li[order]
        starts = np.nonzero(np.r_[True, bi_s[1:] != bi_s[:-1]])[0] if len(bi_s) else np.zeros(0, dtype=int)
        ends = np.r_[starts[1:], len(bi_s)]
        ids, unions = {}, {}
        for s, e in zip(starts.tolist(), ends.tolist()):
            b = bids[bi_s[s]]
            hit = ok_s[s:e]
            if hit.any():
                ids[b] = lids[li_s[s:e][hit]].tolist()
            unions[b] = pieces_s[s] if e - s == 1 else shapely.union_all(pieces_s[s:e])
        t4 = time.perf_counter()
        keys = list(unions)
        areas = dict(zip(keys, geodesic_area_perimeter(geod, [unions[k] for k in keys])[0]))
        per_layer[name] = (areas, ids)
        layer_unions[name] = unions
        phase[name] = {"intersection_s": t2 - t1, "count_s": t3 - t2, "union_s": t4 - t3,
                       "area_s": time.perf_counter() - t4, "pieces": int(len(bi)), "covered_whole": int(cov.sum())}
    t1 = time.perf_counter()
    conflict = {}
    for b in bids.tolist():
        parts = [layer_unions[n][b] for n, _, _ in layers if b in layer_unions[n]]
        if parts:
            g = parts[0] if len(parts) == 1 else shapely.union_all(parts)
            conflict[b] = float(geodesic_area_perimeter(geod, [g])[0][0])
    phase["conflict_s"] = time.perf_counter() - t1
    return _finish(args, c, "geopandas-expert", bids, block_area, per_layer, conflict, phase, t0)


def _finish(args, c, tool, block_ids, block_area, per_layer, conflict, phase, t0):
    t_overlay = time.perf_counter() - t0
    out_blocks = []
    for b in block_ids:
        ov = {}
        for name, _, _ in c["layers"]:
            areas, ids = per_layer[name]
            fids = [str(x) for x in ids.get(b, [])]
            ov[name] = {"area_m2": float(areas.get(b, 0.0)), "count": len(fids), "features": fids}
        cf = float(conflict.get(b, 0.0))
        out_blocks.append({"id": str(b), "area_m2": float(block_area[b]), "overlaps": ov,
                           "conflict_m2": cf, "clean_m2": float(block_area[b]) - cf})
    with open(args.o, "w") as f:
        json.dump({"tool": tool, "blocks": out_blocks}, f)
    import pyogrio
    gpd, shapely = c["gpd"], c["shapely"]
    return {"import_s": c["import_s"], "read_s": c["read_s"], "overlay_s": t_overlay, "phases": phase,
            "blocks_done": len(out_blocks), "blocks_total": c["blocks_total"],
            "total_s": time.perf_counter() - c["t_start"],
            "versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__,
                         "geos": ".".join(map(str, shapely.geos_version)), "pyogrio": pyogrio.__version__}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("parse-json").add_argument("file")
    sub.add_parser("parse-gpd").add_argument("file")
    for cmd in ("overlay", "expert"):
        o = sub.add_parser(cmd)
        o.add_argument("--blocks", required=True)
        o.add_argument("--block-id", required=True)
        o.add_argument("--layer", action="append", required=True, help="NAME=PATH:IDFIELD")
        o.add_argument("--max-blocks", type=int, default=0, help="only the first N blocks (time extrapolated by the caller)")
        o.add_argument("-o", required=True)
    a = ap.parse_args()
    if a.cmd == "parse-json":
        r = parse_json(a.file)
    elif a.cmd == "parse-gpd":
        r = parse_gpd(a.file)
    elif a.cmd == "expert":
        r = expert(a)
    else:
        r = overlay(a)
    json.dump(r, sys.stdout)
    print()


if __name__ == "__main__":
    main()
