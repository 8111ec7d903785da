#!/usr/bin/env python3
"""MineScreen benchmark: minescreen vs GeoPandas vs PostGIS on one synthetic scene, in one run.

  python3 Scripts/bench/run.py            # full: 200000 farmland parcels (~100 MB), 300 blocks
  python3 Scripts/bench/run.py --small    # quick: 20000 parcels, 300 blocks

Steps: `swift build -c release` (skip with --no-build); generate the scene with make_farmland.py
if bench-data/ (or bench-data/small/) does not hold it yet; warm the page cache; then
  parse      minescreen bench-read vs Python json.loads vs geopandas.read_file (pyogrio), best of --parse-repeat
  overlap    minescreen overlap (all cores, and --threads 1) vs GeoPandas (gpd_job.py) vs PostGIS (postgis_job.py)
  cross-check per-block union areas, conflict areas, counts and ids of all tools against minescreen
Writes DATA/results.json and the per-tool outputs in DATA/out/; prints a markdown report.
Each tool runs in its own process; wall time and peak RSS are measured per process (wait4).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

import _build

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(ROOT, ".build", "release", "minescreen")
LAYERS = [("farmland", "farmland.geojson", "BSM"), ("redline", "redline.geojson", "HXBH")]
BLOCK_ID = "block_id"


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def run_measured(cmd, stdout_path=None):
    """Runs cmd; returns (wall s, peak RSS MB of the child, stdout). The child is reaped by os.wait4."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    stdout = p.stdout.read() if not stdout_path else b""
    stderr = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    if p.returncode != 0:
        raise RuntimeError("%s exited %s:\n%s" % (" ".join(cmd[:4]), p.returncode, stderr.decode()[-2000:]))
    return wall, ru.ru_maxrss / 1024, stdout.decode()


def build(retries):
    _build.build(retries, log)


def ensure_data(data, parcels, blocks):
    manifest = os.path.join(data, "manifest.json")
    if os.path.exists(manifest):
        m = json.load(open(manifest))
        if m.get("parcels") == parcels and m.get("blocks") == blocks and all(
                os.path.exists(os.path.join(data, f["path"])) for f in m["files"].values()):
            log("data present in %s" % data)
            return m
    log("generating %d parcels, %d blocks into %s ..." % (parcels, blocks, data))
    subprocess.run([sys.executable, os.path.join(HERE, "make_farmland.py"), "--parcels", str(parcels),
                    "--blocks", str(blocks), "--out", data], check=True)
    return json.load(open(manifest))


def warm(paths):
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass


def best_of(n, fn):
    runs = [fn() for _ in range(n)]
    return min(runs, key=lambda r: r["seconds"]), [r["seconds"] for r in runs]


# ---------------------------------------------------------------------------------------------
def compare(ref, other, layer_names):
    """Max relative differences of `other` against `ref` (minescreen), per quantity."""
    by_id = {b["id"]: b for b in other["blocks"]}
    res = {"blocks_missing": 0, "block_area_max_rel": 0.0, "union_max_rel": 0.0, "union_max_abs_m2": 0.0,
           "union_worst": None, "conflict_max_rel": 0.0, "conflict_max_abs_m2": 0.0,
           "count_mismatches": 0, "id_set_mismatches": 0, "union_rel_floor_m2": 1.0}

    def rel(a, b):
        m = max(abs(a), abs(b))
        return abs(a - b) / m if m >= res["union_rel_floor_m2"] else 0.0

    for b in ref["blocks"]:
        o = by_id.get(b["id"])
        if o is None:
            res["blocks_missing"] += 1
            continue
        res["block_area_max_rel"] = max(res["block_area_max_rel"], rel(b["area_m2"], o["area_m2"]))
        for name in layer_names:
            x, y = b["overlaps"][name], o["overlaps"][name]
            r = rel(x["area_m2"], y["area_m2"])
            if r > res["union_max_rel"]:
                res["union_max_rel"] = r
                res["union_worst"] = {"block": b["id"], "layer": name, "minescreen_m2": x["area_m2"], "other_m2": y["area_m2"]}
            res["union_max_abs_m2"] = max(res["union_max_abs_m2"], abs(x["area_m2"] - y["area_m2"]))
            res["count_mismatches"] += x["count"] != y["count"]
            res["id_set_mismatches"] += set(map(str, x["features"])) != set(map(str, y["features"]))
        res["conflict_max_rel"] = max(res["conflict_max_rel"], rel(b["conflict_m2"], o["conflict_m2"]))
        res["conflict_max_abs_m2"] = max(res["conflict_max_abs_m2"], abs(b["conflict_m2"] - o["conflict_m2"]))
    return res


def fmt_s(x):
    return "—" if x is None else ("%.2f" % x if x < 100 else "%.0f" % x)


def ratio(x, ref):
    return "—" if x is None or not ref else "%.1f×" % (x / ref)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="20000 parcels (quick run)")
    ap.add_argument("--parcels", type=int)
    ap.add_argument("--blocks", type=int, default=300)
    ap.add_argument("--data", help="data folder (default bench-data/, or bench-data/small/ with --small)")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--build-retries", type=int, default=2, help="retry a failed build after 60 s (lead mid-edit)")
    ap.add_argument("--parse-repeat", type=int, default=3)
    ap.add_argument("--skip-geopandas", action="store_true")
    ap.add_argument("--skip-postgis", action="store_true")
    a = ap.parse_args()
    parcels = a.parcels or (20_000 if a.small else 200_000)
    data = os.path.abspath(a.data or os.path.join(ROOT, "bench-data", "small" if a.small else ""))
    outdir = os.path.join(data, "out")
    os.makedirs(outdir, exist_ok=True)
    t_begin = time.perf_counter()

    if not a.no_build:
        build(a.build_retries)
    if not os.path.exists(BIN):
        sys.exit("no binary at %s (run swift build -c release)" % BIN)
    manifest = ensure_data(data, parcels, a.blocks)
    blocks = os.path.join(data, "blocks.geojson")
    layer_paths = {n: os.path.join(data, f) for n, f, _ in LAYERS}
    farmland = layer_paths["farmland"]
    warm([blocks] + list(layer_paths.values()))
    results = {"machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
               "data": manifest, "parse": {}, "overlap": {}}

    # ---- parse throughput ------------------------------------------------------------------
    def ms_read():
        _, rss, out = run_measured([BIN, "bench-read", farmland])
        r = json.loads(out)
        r["peak_rss_mb"] = rss
        return r

    def py_parse(kind):
        def f():
            _, rss, out = run_measured([sys.executable, os.path.join(HERE, "gpd_job.py"), kind, farmland])
            r = json.loads(out)
            r["peak_rss_mb"] = rss
            return r
        return f

    for key, fn, label in [("minescreen", ms_read, "minescreen bench-read"),
                           ("python_json", py_parse("parse-json"), "Python json.loads"),
                           ("geopandas", py_parse("parse-gpd"), "geopandas.read_file (pyogrio)")]:
        log("parse: %s ..." % label)
        try:
            best, all_s = best_of(a.parse_repeat, fn)
            best["runs_s"] = all_s
            best["label"] = label
            results["parse"][key] = best
        except Exception as e:  # keep going: one tool failing must not lose the others
            results["parse"][key] = {"label": label, "error": str(e)[-800:]}
            log("  failed: %s" % str(e)[-300:])

    # ---- overlap -----------------------------------------------------------------------------
    layer_args = []
    for n, _, idf in LAYERS:
        layer_args += ["--layer", "%s=%s" % (n, layer_paths[n]), "--layer-id-field", "%s=%s" % (n, idf)]
    outputs = {}
    for key, threads in [("minescreen", None), ("minescreen_t1", 1)]:
        label = "minescreen overlap (%s)" % ("all %d cores" % os.cpu_count() if threads is None else "--threads 1")
        log("overlap: %s ..." % label)
        path = os.path.join(outdir, key + ".json")
        cmd = [BIN, "overlap", blocks] + layer_args + ["--id-field", BLOCK_ID, "--format", "json", "-o", path, "--quiet"]
        if threads:
            cmd += ["--threads", str(threads)]
        try:
            wall, rss, _ = run_measured(cmd)
            results["overlap"][key] = {"label": label, "wall_s": wall, "peak_rss_mb": rss}
            outputs[key] = json.load(open(path))
        except Exception as e:
            results["overlap"][key] = {"label": label, "error": str(e)[-800:]}
            log("  failed: %s" % str(e)[-300:])

    py_layers = []
    for n, _, idf in LAYERS:
        py_layers += ["--layer", "%s=%s:%s" % (n, layer_paths[n], idf)]
    if not a.skip_geopandas:
        log("overlap: GeoPandas ...")
        path = os.path.join(outdir, "geopandas.json")
        try:
            wall, rss, out = run_measured([sys.executable, os.path.join(HERE, "gpd_job.py"), "overlay", "--blocks", blocks,
                                           "--block-id", BLOCK_ID] + py_layers + ["-o", path])
            r = json.loads(out)
            r.update({"label": "GeoPandas (1 core)", "wall_s": wall, "peak_rss_mb": rss})
            results["overlap"]["geopandas"] = r
            outputs["geopandas"] = json.load(open(path))
        except Exception as e:
            results["overlap"]["geopandas"] = {"label": "GeoPandas", "error": str(e)[-800:]}
            log("  failed: %s" % str(e)[-300:])
    if not a.skip_postgis:
        log("overlap: PostGIS (throwaway server) ...")
        path = os.path.join(outdir, "postgis.json")
        try:
            wall, rss, out = run_measured([sys.executable, os.path.join(HERE, "postgis_job.py"), "--blocks", blocks,
                                           "--block-id", BLOCK_ID] + py_layers + ["-o", path])
            r = json.loads(out)
            r["label"] = "PostGIS"
            r["wall_s"] = wall  # includes initdb/start/stop of the throwaway server
            results["overlap"]["postgis"] = r
            if "skipped" in r:
                log("  PostGIS skipped: " + r["skipped"])
            else:
                outputs["postgis"] = json.load(open(path))
        except Exception as e:
            results["overlap"]["postgis"] = {"label": "PostGIS", "error": str(e)[-800:]}
            log("  failed: %s" % str(e)[-300:])

    # ---- cross-check ---------------------------------------------------------------------------
    names = [n for n, _, _ in LAYERS]
    if "minescreen" in outputs:
        results["crosscheck"] = {k: compare(outputs["minescreen"], v, names) for k, v in outputs.items() if k != "minescreen"}
    if "geopandas" in outputs and "postgis" in outputs:  # the two GEOS-without-snapping tools against each other
        results.setdefault("crosscheck", {})["geopandas_vs_postgis"] = compare(outputs["geopandas"], outputs["postgis"], names)
    results["total_wall_s"] = time.perf_counter() - t_begin
    with open(os.path.join(data, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(report(results, data))


def report(r, data):
    m = r["data"]
    files = m["files"]
    L = []
    L.append("## MineScreen benchmark — %d parcels (%.1f MB), %d redline patches, %d blocks; %d cores"
             % (m["parcels"], files["farmland"]["bytes"] / 1e6, m["redline"], m["blocks"], r["machine"]["cores"]))
    L.append("")
    L.append("### Parse throughput (farmland.geojson, best of runs; file in page cache)")
    L.append("")
    L.append("| tool | seconds | MB/s | features | peak RSS MB | ratio (tool / minescreen) |")
    L.append("|---|---:|---:|---:|---:|---:|")
    ref = r["parse"].get("minescreen", {}).get("seconds")
    for k in ("minescreen", "python_json", "geopandas"):
        p = r["parse"].get(k)
        if not p:
            continue
        if "error" in p:
            L.append("| %s | failed | | | | |" % p["label"])
            continue
        L.append("| %s | %.3f | %.0f | %d | %.0f | %s |" % (p["label"], p["seconds"], p["MBps"], p["features"],
                                                         p.get("peak_rss_mb") or 0, ratio(p["seconds"], ref)))
    L.append("")
    L.append("minescreen bench-read times parsing only (bytes already in memory), as does json.loads; "
             "read_file includes reading the file and building the GeoDataFrame.")
    L.append("")
    L.append("### Overlap job (wall seconds, each tool in its own process)")
    L.append("")
    L.append("| tool | load s | overlay s | total wall s | peak RSS MB | vs minescreen all cores | vs minescreen 1 thread |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    o = r["overlap"]
    ref_all = o.get("minescreen", {}).get("wall_s")
    ref_one = o.get("minescreen_t1", {}).get("wall_s")
    for k in ("minescreen", "minescreen_t1", "geopandas", "postgis"):
        v = o.get(k)
        if not v:
            continue
        if "error" in v or "skipped" in v:
            L.append("| %s | %s | | | | | |" % (v["label"], "skipped: " + v["skipped"] if "skipped" in v else "failed"))
            continue
        if k.startswith("minescreen"):
            load, overlay, total = None, None, v["wall_s"]
        elif k == "geopandas":
            load, overlay, total = v["read_s"], v["overlay_s"], v["wall_s"]
        else:
            load, overlay = v["load_total_s"], v["overlay_s"]
            total = load + overlay
        L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            v["label"], fmt_s(load), fmt_s(overlay), fmt_s(total),
            "%.0f" % v["peak_rss_mb"] if v.get("peak_rss_mb") and k != "postgis" else "—",
            "1.0×" if k == "minescreen" else ratio(total, ref_all),
            "1.0×" if k == "minescreen_t1" else ratio(total, ref_one)))
    L.append("")
    L.append("- minescreen: one process doing read + validate + index + overlay + JSON; no separate phase times.")
    g = o.get("geopandas")
    if g and "phases" in g:
        ph = g["phases"]
        L.append("- GeoPandas: load = read_file of the 3 files; overlay = gpd.overlay + per-piece geodesic area + "
                 "dissolve + union areas (farmland: overlay %.1f s, areas+dissolve %.1f s; %d pieces). "
                 "Python start + imports %.1f s are in neither column but in nothing else either."
                 % (ph["farmland"]["intersection_s"], ph["farmland"]["areas_dissolve_s"], ph["farmland"]["pieces"], g["import_s"]))
    p = o.get("postgis")
    if p and "load_s" in p:
        L.append("- PostGIS: load = %s (%s) + GiST index/ANALYZE (%s s); overlay = ST_Intersection table (%.1f s) + "
                 "ST_Union/ST_Area(geography, true) per block & layer + conflict union (%.1f s). "
                 "Server setup/teardown excluded (process wall incl. it: %.1f s)."
                 % (p["loader"], ", ".join("%s %.1f s" % kv for kv in p["load_s"].items()),
                    "%.1f" % sum(p["index_s"].values()), p["intersection_s"], p["union_area_s"], p["wall_s"]))
        w, c = p["blocks_total_m2_wgs84"], p["blocks_total_m2_srid_spheroid"]
        L.append("- Ellipsoid: PostGIS areas use SRID %s's spheroid (CGCS2000); on WGS84 the block total would differ "
                 "by %.1e relative." % (p["srid"], abs(w - c) / c))
    L.append("")
    if "crosscheck" in r:
        L.append("### Cross-check against minescreen (per block; relative differences ignore areas < 1 m²; last row: GeoPandas as reference)")
        L.append("")
        L.append("| tool | block area max rel | layer union max rel | max abs m² | conflict max rel | count mismatches | id-set mismatches |")
        L.append("|---|---:|---:|---:|---:|---:|---:|")
        for k, c in r["crosscheck"].items():
            L.append("| %s | %.1e | %.1e | %.3g | %.1e | %d | %d |" % (
                k, c["block_area_max_rel"], c["union_max_rel"], c["union_max_abs_m2"], c["conflict_max_rel"],
                c["count_mismatches"], c["id_set_mismatches"]))
        L.append("")
        L.append("Union areas differ beyond round-off because the tools' overlay results carry different vertices along "
                 "block edges (nodes where other features cross them, snap-rounding): a geodesic area treats every "
                 "edge as a geodesic, so a vertex on a straight lon/lat edge changes the area (~1 m² for a 500 m edge "
                 "at 36°N), although the overlay geometries themselves agree far more closely (in degree², spot-checked).")
        L.append("")
    L.append("Total benchmark wall time %.0f s. Results: %s" % (r["total_wall_s"], os.path.join(data, "results.json")))
    return "\n".join(L)


if __name__ == "__main__":
    main()
