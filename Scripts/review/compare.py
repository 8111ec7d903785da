#!/usr/bin/env python3
"""Compare `minescreen overlap` area-only (json) vs general (geojson) path, --threads 1 vs 2, and a
shapely+pyproj oracle (overlay in lon/lat after moving vertices, geodesic area on GRS80).
usage: compare.py DIR [minescreen]   (DIR holds blocks/farm/red.geojson)"""
import json, sys, subprocess, os
from shapely.geometry import shape, mapping
from shapely.ops import unary_union, transform
from shapely import set_precision
from pyproj import Geod, Transformer, CRS

d = sys.argv[1]
exe = sys.argv[2] if len(sys.argv) > 2 else "/work/wt-review/.build/release/minescreen"
geod = Geod(ellps="GRS80")
def run(fmt, threads, out):
    cmd = [exe, "overlap", f"{d}/blocks.geojson", "--layer", f"farm={d}/farm.geojson", "--layer", f"red={d}/red.geojson",
           "--format", fmt, "-o", out, "--threads", str(threads)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 3): print("RC", r.returncode, r.stderr); sys.exit(1)
    return open(out, "rb").read()

outs = {}
for fmt in ("json", "geojson"):
    for th in (1, 2):
        outs[(fmt, th)] = run(fmt, th, f"/tmp/_cmp_{os.getpid()}_{th}.{fmt}")
    if outs[(fmt, 1)] != outs[(fmt, 2)]: print(f"!! {fmt}: --threads 1 and 2 differ")
A = json.loads(outs[("json", 1)]); G = json.loads(outs[("geojson", 1)])
if A.get("rejected"): print("rejected:", A["rejected"])
gprops = {(f["properties"]["block"], f["properties"]["layer"]): f["properties"] for f in G["features"]}

def ll(path):
    fc = json.load(open(path)); crs = fc["crs"]["properties"]["name"]
    t = None if crs == "EPSG:4490" else Transformer.from_crs(crs, "EPSG:4490", always_xy=True)
    feats = []
    for k, f in enumerate(fc["features"]):
        g = shape(f["geometry"])
        if t: g = transform(t.transform, g)
        feats.append((str(f.get("id", k)), g))
    return feats
def garea(g):
    if g.is_empty: return 0.0
    return abs(geod.geometry_area_perimeter(g)[0]) if g.geom_type == "Polygon" else sum(abs(geod.geometry_area_perimeter(p)[0]) for p in getattr(g, "geoms", []) if p.geom_type == "Polygon")
def polys(g):
    if g.is_empty: return g
    if g.geom_type in ("Polygon", "MultiPolygon"): return g
    from shapely.geometry import MultiPolygon
    return MultiPolygon([p for p in g.geoms if p.geom_type == "Polygon"]) if hasattr(g, "geoms") else g.buffer(0).intersection(g)
blocks = ll(f"{d}/blocks.geojson"); layers = {"farm": ll(f"{d}/farm.geojson"), "red": ll(f"{d}/red.geojson")}
bad = 0
for b in A["blocks"]:
    bid = b["id"]; bg = dict(blocks)[bid]
    ba = garea(bg)
    msgs = []
    if abs(b["area_m2"] - ba) > 1e-6 * ba: msgs.append(f"block area {b['area_m2']} vs oracle {ba}")
    unions = []
    for ln, ov in b["overlaps"].items():
        gp = gprops.get((bid, ln))
        ga = gp["area_m2"] if gp else 0.0
        gids = gp["features"].split(",") if gp else []
        if abs(ov["area_m2"] - ga) > max(1e-7 * abs(ga), 1e-6): msgs.append(f"{ln}: json {ov['area_m2']!r} vs geojson {ga!r} (rel {abs(ov['area_m2']-ga)/max(ga,1e-300):.2e})")
        if ov["features"] != gids and (ov["features"] or gids): msgs.append(f"{ln}: ids json {ov['features']} vs geojson {gids}")
        pieces = []; ids = []
        for fid, fg in layers[ln]:
            if not fg.intersects(bg): continue
            p = polys(fg.intersection(bg)); a = garea(p) if not p.is_empty else 0.0
            if a > 1e-4: pieces.append(p); ids.append(fid)
        u = unary_union(pieces) if pieces else None
        oa = garea(u) if u is not None else 0.0
        unions.append(u) if u is not None else None
        if abs(ov["area_m2"] - oa) > max(1e-6 * oa, 1e-4): msgs.append(f"{ln}: json {ov['area_m2']!r} vs oracle {oa!r} (rel {abs(ov['area_m2']-oa)/max(oa,1e-300):.2e})")
        if sorted(ids) != sorted(ov["features"]): msgs.append(f"{ln}: ids json {ov['features']} vs oracle {ids}")
    ca = garea(unary_union(unions)) if unions else 0.0
    if abs(b["conflict_m2"] - ca) > max(1e-6 * ca, 1e-4): msgs.append(f"conflict json {b['conflict_m2']!r} vs oracle {ca!r} (rel {abs(b['conflict_m2']-ca)/max(ca,1e-300):.2e})")
    if abs(b["clean_m2"] + b["conflict_m2"] - b["area_m2"]) > 1e-9 * b["area_m2"]: msgs.append("clean+conflict != area")
    if msgs:
        bad += 1; print(f"[{os.path.basename(d)}] block {bid}:"); [print("   ", m) for m in msgs]
print(f"[{os.path.basename(d)}] {len(A['blocks'])} blocks, {bad} with discrepancies")
