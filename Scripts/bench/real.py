#!/usr/bin/env python3
"""Benchmark on data shaped as it is delivered (issue #14): irregular farmland, GK Shapefile/GeoPackage,
a 坐标文件 of blocks in GK, and `screen` next to `overlap`, all in one run.

  python3 Scripts/bench/real.py                 # city scale: make_real.py --scale 1 (300 000 parcels)
  python3 Scripts/bench/real.py --small         # scale 0.05, for development
  python3 Scripts/bench/real.py --scale 0.25 --no-build --skip-peers

Steps (each tool in its own process, wall time and peak RSS from /usr/bin/time -v, as city.py measures):
  build     swift build -c release --product minescreen (skip: --no-build)
  data      make_real.py into bench-data/real<scale> if missing
  read      minescreen bench-read of every layer file, one core, best of --read-repeat: GeoJSON; GeoPackage
            through GDAL's Arrow stream, Shapefile with its shapes read straight from the .shp and its table
            through the Arrow stream, and both, with MINESCREEN_GDAL_READ=features, feature by feature
  overlap   minescreen overlap --timings on: lon/lat GeoJSON; GK GeoPackage; GK Shapefile (GBK, Chinese field
            names); both GK formats read feature by feature; the mixed run (blocks as a GK 坐标文件, layers lon/lat)
  screen    minescreen screen --timings (rules: the same three layers, no corridors, tolerance 0) on the
            GeoJSON and the Shapefile; its conflict is compared block by block with overlap's on the same files
  peers     gpd_job.py overlay (GeoPandas overlay + dissolve) on the GeoJSON and on the Shapefile (kept in its
            own plane, planar areas); --peer-blocks N runs the first N blocks and extrapolates, labelled as such
  report    markdown on stdout; all numbers in DATA/real-results.json
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import _build

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(ROOT, ".build", "release", "minescreen")
LAYERS = ["farmland", "redline", "urban"]
T0 = time.perf_counter()


def log(msg):
    print("[real %5.0fs] %s" % (time.perf_counter() - T0, msg), file=sys.stderr, flush=True)


def measured(cmd, env_extra=None, one_core=False):
    fd, tfile = tempfile.mkstemp(prefix="real-time-")
    os.close(fd)
    env = dict(os.environ, **(env_extra or {}))
    full = ["/usr/bin/time", "-v", "-o", tfile] + (["taskset", "-c", "0"] if one_core else []) + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, capture_output=True, env=env)
    wall = time.perf_counter() - t0
    txt = open(tfile).read()
    os.unlink(tfile)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", txt)
    res = {"cmd": " ".join(cmd), "env": env_extra or {}, "wall_s": wall, "rc": p.returncode,
           "peak_rss_mb": int(m.group(1)) / 1024 if m else None,
           "stdout": p.stdout.decode(errors="replace"), "stderr": p.stderr.decode(errors="replace")}
    cpu = [re.search(pat, txt) for pat in (r"User time \(seconds\): ([\d.]+)", r"System time \(seconds\): ([\d.]+)")]
    res["cpu_s"] = sum(float(c.group(1)) for c in cpu if c)
    res["phases"] = {k: float(v) for k, v in re.findall(r"timing\t(\w+)\t([\d.]+)", res["stderr"])}
    return res


def ensure_data(folder, scale):
    manifest = os.path.join(folder, "manifest.json")
    if os.path.exists(manifest) and json.load(open(manifest)).get("scale") == scale:
        log("data present in %s" % folder)
        return json.load(open(manifest))
    log("generating scale %g into %s ..." % (scale, folder))
    subprocess.run([sys.executable, os.path.join(HERE, "make_real.py"), "--scale", str(scale), "--out", folder], check=True)
    return json.load(open(manifest))


def warm(paths):
    for p in paths:
        if os.path.isfile(p):
            with open(p, "rb") as f:
                while f.read(1 << 24):
                    pass


def layer_args(data, fmt):
    """(blocks path, block id field, [--layer ... args], [(name, path, id)]) for a format."""
    if fmt == "geojson":
        files = {k: (os.path.join(data, "lonlat", k + ".geojson"), v) for k, v in
                 {"blocks": "block_id", "farmland": "BSM", "redline": "HXBH", "urban": "CZKFBJ"}.items()}
    else:
        files = {k: (os.path.join(data, "gk", "%s.%s" % (k, fmt)), v) for k, v in
                 {"blocks": "区块编号", "farmland": "标识码", "redline": "红线编号", "urban": "边界编号"}.items()}
    args = []
    for name in LAYERS:
        path, idf = files[name]
        args += ["--layer", "%s=%s" % (name, path), "--layer-id-field", "%s=%s" % (name, idf)]
    return files["blocks"][0], files["blocks"][1], args, [(n, files[n][0], files[n][1]) for n in LAYERS]


def run_overlap(data, out, tag, fmt, env=None, blocks=None):
    bpath, bid, args, _ = layer_args(data, fmt)
    if blocks:  # the mixed run: blocks from another file (坐标文件: ids from the file's 地块编号)
        bpath, bid = blocks, None
    path = os.path.join(out, "overlap-%s.json" % tag)
    cmd = [BIN, "overlap", bpath] + args + (["--id-field", bid] if bid else []) + ["--format", "json", "-o", path, "--quiet", "--timings"]
    log("overlap %s ..." % tag)
    r = measured(cmd, env)
    r["label"], r["tag"] = "overlap " + tag + (" (blocks: GK 坐标文件; layers: lon/lat GeoJSON)" if blocks else ""), tag
    if r["rc"] not in (0, 1, 3):
        r["error"] = r["stderr"][-600:]
        log("  failed: " + r["error"])
        return r, None
    log("  %.2f s, %.0f MB" % (r["wall_s"], r["peak_rss_mb"]))
    return r, json.load(open(path))


def run_screen(data, out, tag, fmt):
    bpath, bid, _, layers = layer_args(data, fmt)
    rules = os.path.join(out, "rules-%s.yaml" % tag)
    with open(rules, "w", encoding="utf-8") as f:
        f.write("tolerance_m2: 0\nmin_clean_area_m2: 0\nlayers:\n")
        for name, path, idf in layers:
            f.write("  - name: %s\n    path: %s\n    id_field: %s\n" % (name, json.dumps(path), json.dumps(idf, ensure_ascii=False)))
    path = os.path.join(out, "screen-%s.json" % tag)
    cmd = [BIN, "screen", bpath, "--rules", rules, "--id-field", bid, "--format", "json", "-o", path, "--quiet", "--timings"]
    log("screen %s ..." % tag)
    r = measured(cmd)
    r["label"], r["tag"] = "screen " + tag, tag
    if r["rc"] not in (0, 1, 3):
        r["error"] = r["stderr"][-600:]
        log("  failed: " + r["error"])
        return r, None
    log("  %.2f s, %.0f MB" % (r["wall_s"], r["peak_rss_mb"]))
    return r, json.load(open(path))


def run_read(path, repeat, env=None):
    best = None
    for _ in range(repeat):
        r = measured([BIN, "bench-read", path], env, one_core=True)
        if r["rc"] != 0:
            return {"error": r["stderr"][-300:]}
        j = json.loads(r["stdout"])
        j["process_cpu_s"] = r["cpu_s"]  # the whole process, start-up (loading GDAL) included
        if best is None or j["seconds"] < best["seconds"]:
            best = j
    return best


def run_peer(data, out, tag, fmt, max_blocks):
    bpath, bid, _, layers = layer_args(data, fmt)
    path = os.path.join(out, "gpd-overlay-%s.json" % tag)
    cmd = [sys.executable, os.path.join(HERE, "gpd_job.py"), "overlay", "--blocks", bpath, "--block-id", bid]
    for name, lpath, idf in layers:
        cmd += ["--layer", "%s=%s:%s" % (name, lpath, idf)]
    cmd += ["-o", path] + (["--max-blocks", str(max_blocks)] if max_blocks else [])
    log("GeoPandas overlay %s%s ..." % (tag, " (first %d blocks)" % max_blocks if max_blocks else ""))
    r = measured(cmd)
    r["label"], r["tag"] = "GeoPandas overlay + dissolve " + tag, tag
    if r["rc"] != 0:
        r["error"] = r["stderr"][-600:]
        log("  failed: " + r["error"])
        return r
    try:
        job = json.loads(r["stdout"].strip().splitlines()[-1])
        r["job"] = {k: v for k, v in job.items() if not isinstance(v, (list, dict))}
    except Exception:
        job = {}
    if max_blocks and job.get("blocks_total") and job.get("read_s") is not None:
        # read once, overlay time scaled by the share of blocks run
        done = min(max_blocks, job["blocks_total"])
        r["extrapolated_s"] = job["read_s"] + (r["wall_s"] - job["read_s"]) * job["blocks_total"] / done
    log("  %.1f s" % r["wall_s"])
    return r


def conflicts(doc, key="conflict_m2"):
    return {b["id"]: (b.get(key, b.get("conflict_m2")), b["area_m2"]) for b in doc["blocks"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--small", action="store_true", help="scale 0.05")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--peer-blocks", type=int, default=0, help="GeoPandas on the first N blocks only, extrapolated")
    ap.add_argument("--read-repeat", type=int, default=3)
    ap.add_argument("--data", help="default bench-data/real<scale>")
    a = ap.parse_args()
    scale = 0.05 if a.small else a.scale
    data = a.data or os.path.join(ROOT, "bench-data", "real%s" % ("%g" % scale).replace(".", ""))
    if not a.no_build:
        _build.build(2, log)
    manifest = ensure_data(data, scale)
    out = os.path.join(data, "out")
    os.makedirs(out, exist_ok=True)
    warm([os.path.join(data, d, f) for d in ("lonlat", "gk", "mixed") for f in os.listdir(os.path.join(data, d))])
    results = {"manifest": manifest, "machine": {"cpus": os.cpu_count(), "loadavg_start": os.getloadavg()},
               "read": {}, "runs": [], "checks": {}}

    for name in LAYERS:
        entry = {"geojson": run_read(os.path.join(data, "lonlat", name + ".geojson"), a.read_repeat)}
        for fmt in ("gpkg", "shp"):
            path = os.path.join(data, "gk", "%s.%s" % (name, fmt))
            # The default reader: GDAL's Arrow stream (a Shapefile's shapes straight from its .shp).
            entry[fmt + (" arrow" if fmt == "gpkg" else " shapes + arrow table")] = run_read(path, a.read_repeat)
            entry[fmt + " per-feature"] = run_read(path, a.read_repeat, {"MINESCREEN_GDAL_READ": "features"})
        results["read"][name] = entry
        log("read %s: %s" % (name, ", ".join("%s %.3f s" % (k, v.get("seconds", float("nan"))) for k, v in entry.items())))

    docs = {}
    for tag, fmt, env, blocks in [("lonlat-geojson", "geojson", None, None), ("gk-gpkg", "gpkg", None, None),
                                  ("gk-shp", "shp", None, None),
                                  ("gk-gpkg per-feature", "gpkg", {"MINESCREEN_GDAL_READ": "features"}, None),
                                  ("gk-shp per-feature", "shp", {"MINESCREEN_GDAL_READ": "features"}, None),
                                  ("mixed", "geojson", None,
                                   os.path.join(data, "mixed", "blocks-gk.txt"))]:
        r, doc = run_overlap(data, out, tag, fmt, env, blocks)
        results["runs"].append(r)
        docs["overlap " + tag] = doc
    for tag, fmt in [("lonlat-geojson", "geojson"), ("gk-shp", "shp")]:
        r, doc = run_screen(data, out, tag, fmt)
        results["runs"].append(r)
        docs["screen " + tag] = doc
        o = docs.get("overlap " + tag)
        if doc and o:
            oc, sc = conflicts(o), conflicts(doc)
            worst = max(abs(sc[k][0] - oc[k][0]) / oc[k][1] for k in oc if k in sc and oc[k][1] > 0)
            results["checks"]["screen vs overlap conflict, " + tag] = worst
    g, s = docs.get("overlap lonlat-geojson"), docs.get("overlap gk-shp")
    if g and s:
        gc, sc = conflicts(g), conflicts(s)
        results["checks"]["GK Shapefile vs lon/lat GeoJSON conflict"] = max(
            abs(sc[k][0] - gc[k][0]) / gc[k][1] for k in gc if k in sc and gc[k][1] > 0)
    m = docs.get("overlap mixed")
    if g and m:
        gc, mc = conflicts(g), conflicts(m)
        common = [k for k in gc if k in mc and gc[k][1] > 0]
        results["checks"]["mixed vs lon/lat GeoJSON conflict (%d blocks matched by id)" % len(common)] = max(
            (abs(mc[k][0] - gc[k][0]) / gc[k][1] for k in common), default=None)
    if not a.skip_peers:
        for tag, fmt in [("lonlat-geojson", "geojson"), ("gk-shp", "shp")]:
            results["runs"].append(run_peer(data, out, tag, fmt, a.peer_blocks))
    results["machine"]["loadavg_end"] = os.getloadavg()
    for r in results["runs"]:
        r.pop("stdout", None)
        r["stderr"] = r.get("stderr", "")[-400:]
    with open(os.path.join(data, "real-results.json"), "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    print(report(results))


def report(res):
    m = res["manifest"]
    L = ["### Scene: %d parcels (%.0f %% non-convex), %d red lines, %d urban, %d blocks; regions of %s vertices (mean edge %.1f km); %d CPUs"
         % (m["parcels"], 100 * m["notched_share"], m["redline"], m["urban"], m["blocks"],
            "-".join(str(v) for v in (min(m["region_vertices"]), max(m["region_vertices"]))), m["region_edge_km_mean"],
            res["machine"]["cpus"]), "",
         "| read, one core (best of N): seconds of the read / CPU seconds of the whole process | " + " | ".join(LAYERS) + " |",
         "|---|" + "---:|" * len(LAYERS)]
    kinds = list(next(iter(res["read"].values())).keys())
    for k in kinds:
        L.append("| %s | %s |" % (k, " | ".join("%.3f / %.2f" % (res["read"][n][k].get("seconds", float("nan")),
                                                                 res["read"][n][k].get("process_cpu_s", float("nan"))) for n in LAYERS)))
    L += ["", "Load average at start %.1f, at end %.1f (2 cores shared with other work: compare CPU seconds too)."
          % (res["machine"]["loadavg_start"][0], res["machine"]["loadavg_end"][0]), "",
          "| run | wall s | CPU s | peak RSS MB | read | reproject | index | intersect | union | area | wall vs overlap lon/lat GeoJSON |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    base = next((r["wall_s"] for r in res["runs"] if r.get("tag") == "lonlat-geojson" and r["label"].startswith("overlap")), None)
    for r in res["runs"]:
        if "error" in r:
            L.append("| %s | failed | | | | | | | | | |" % r["label"])
            continue
        ph = r.get("phases", {})
        wall = r.get("extrapolated_s", r["wall_s"])
        label = r["label"] + (" (extrapolated)" if "extrapolated_s" in r else "")
        L.append("| %s | %.2f | %.2f | %.0f | %s | %s |" % (
            label, wall, r.get("cpu_s", 0), r["peak_rss_mb"] or 0,
            " | ".join("%.2f" % ph[p] if p in ph else "" for p in ("read", "reproject", "index", "intersect", "union", "area")),
            "%.2f×" % (wall / base) if base else ""))
    L += ["", "| check | worst |difference| / block area |", "|---|---:|"]
    for k, v in res["checks"].items():
        L.append("| %s | %s |" % (k, "%.1e" % v if v is not None else "—"))
    return "\n".join(L)


if __name__ == "__main__":
    main()
