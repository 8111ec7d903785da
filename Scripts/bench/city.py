#!/usr/bin/env python3
"""City-scale benchmark (issue #6): minescreen overlap vs GeoPandas (overlay, expert path) vs PostGIS.

  python3 Scripts/bench/city.py                 # full: city1 (300k parcels) + city4 (1.2M parcels)
  python3 Scripts/bench/city.py --small         # pipeline test: scale 0.05 and 0.2 (minutes)
  python3 Scripts/bench/city.py --no-build --overlay-blocks 500 --skip-postgis
  python3 Scripts/bench/city.py --no-build --ms-repeat 2   # best of 2 for each minescreen run (noisy machine)

Steps (each tool in its own process under /usr/bin/time -v: wall time and peak RSS):
  build      swift build -c release (skip: --no-build)
  data       make_city.py --scale S (bench-data/city1) and --scale 4S (bench-data/city4) if missing
  read       minescreen bench-read farmland.geojson pinned to one core (taskset -c 0), best of --read-repeat
  minescreen overlap on city1: default threads with --timings (per-phase seconds), then --threads 1;
             overlap on city4 with --timings (scaling)
  peers      gpd_job.py expert, gpd_job.py overlay, postgis_job.py on city1 (and city4 with --peers-on-4x);
             each with --timeout; --overlay-blocks/--expert-blocks N run the first N blocks only, and the
             full time is then extrapolated (read + overlay x blocks/N), labelled as such
  check      per block and layer |area difference| / block area against minescreen (target <= 1e-4),
             conflict the same, feature counts and id sets
  report     markdown on stdout, Scripts/bench/RESULTS.md (full runs; --results PATH to choose),
             all numbers in DATA/city-results.json
"""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import _build

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(ROOT, ".build", "release", "minescreen")
LAYERS = [("farmland", "farmland.geojson", "BSM"), ("redline", "redline.geojson", "HXBH"),
          ("urban", "urban.geojson", "CZKFBJ")]
BLOCK_ID = "block_id"
TOL = 1e-4
T0 = time.perf_counter()


def log(msg):
    print("[city %5.0fs] %s" % (time.perf_counter() - T0, msg), file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
def measured(cmd, timeout=None, env=None, stdout_path=None, one_core=False):
    """Runs cmd under /usr/bin/time -v. Returns dict: wall_s, peak_rss_mb, rc, stdout, stderr, timeout."""
    fd, tfile = tempfile.mkstemp(prefix="city-time-")
    os.close(fd)
    full = ["/usr/bin/time", "-v", "-o", tfile] + (["taskset", "-c", "0"] if one_core else []) + cmd
    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=out, stderr=subprocess.PIPE, env=env, start_new_session=True)
    res = {"cmd": " ".join(cmd), "timeout": False}
    try:
        stdout, stderr = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        res["timeout"] = True
        os.killpg(p.pid, signal.SIGTERM)  # postgis_job stops its server on SIGTERM
        try:
            stdout, stderr = p.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            stdout, stderr = p.communicate()
    res["wall_s"] = time.perf_counter() - t0
    if stdout_path:
        out.close()
    res["rc"] = p.returncode
    res["stdout"] = (stdout or b"").decode(errors="replace")
    res["stderr"] = (stderr or b"").decode(errors="replace")
    txt = open(tfile).read()
    os.unlink(tfile)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", txt)
    res["peak_rss_mb"] = int(m.group(1)) / 1024 if m else None
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", txt)
    if m:
        parts = [float(x) for x in m.group(1).split(":")]
        res["time_wall_s"] = sum(v * 60 ** k for k, v in enumerate(reversed(parts)))
    m = re.search(r"Percent of CPU this job got: (\d+)%", txt)
    res["cpu_percent"] = int(m.group(1)) if m else None
    for key, pat in (("user_s", r"User time \(seconds\): ([\d.]+)"), ("sys_s", r"System time \(seconds\): ([\d.]+)"),
                     ("voluntary_cs", r"Voluntary context switches: (\d+)"),
                     ("involuntary_cs", r"Involuntary context switches: (\d+)")):
        m = re.search(pat, txt)
        res[key] = float(m.group(1)) if m else None
    res["loadavg_after"] = os.getloadavg()
    return res


def build(retries):
    _build.build(retries, log)


def ensure_data(folder, scale):
    manifest = os.path.join(folder, "manifest.json")
    if os.path.exists(manifest):
        m = json.load(open(manifest))
        if m.get("scale") == scale and m.get("generator") == "Scripts/bench/make_city.py" and all(
                os.path.exists(os.path.join(folder, f["path"])) for f in m["files"].values()):
            log("data present in %s (%d parcels)" % (folder, m["parcels"]))
            m["generated_now_s"] = None
            return m
    log("generating scale %g into %s ..." % (scale, folder))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, os.path.join(HERE, "make_city.py"), "--scale", str(scale), "--out", folder], check=True)
    m = json.load(open(manifest))
    m["generated_now_s"] = time.perf_counter() - t0
    return m


def warm(folder):
    for p in glob.glob(os.path.join(folder, "*.geojson")):
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass


def parse_timings(stderr):
    """`timing<TAB>phase<TAB>s` (--timings) or the older `timing PHASE: s s` (MINESCREEN_TIMING)."""
    out = []
    for line in stderr.splitlines():
        m = re.match(r"^timing\t([^\t]+)\t([-\d.eE+]+)\s*$", line) or re.match(r"^timing (.+): ([-\d.eE+]+) s\s*$", line)
        if m:
            name = re.sub(r"(\S*/)+", "", m.group(1))  # the older format names files by path
            out.append((name, float(m.group(2))))
    return out


def has_timings_flag():
    r = subprocess.run([BIN, "overlap", "--help"], capture_output=True, text=True)
    return "--timings" in r.stdout


# ---------------------------------------------------------------------------------------------
def run_minescreen_best(repeat, *args, **kw):
    """Best (least wall time) of `repeat` runs; all walls kept in runs_s."""
    best, out, walls = None, None, []
    for _ in range(max(1, repeat)):
        r, o = run_minescreen(*args, **kw)
        walls.append(r["wall_s"])
        if "error" in r:
            return r, o
        if best is None or r["wall_s"] < best["wall_s"]:
            best, out = r, o
    best["runs_s"] = walls
    return best, out


def run_minescreen(folder, outdir, tag, threads=None, timings=False, timeout=None):
    path = os.path.join(outdir, "minescreen-%s.json" % tag)
    cmd = [BIN, "overlap", os.path.join(folder, "blocks.geojson")]
    for n, f, idf in LAYERS:
        cmd += ["--layer", "%s=%s" % (n, os.path.join(folder, f)), "--layer-id-field", "%s=%s" % (n, idf)]
    cmd += ["--id-field", BLOCK_ID, "--format", "json", "-o", path, "--quiet"]
    if threads:
        cmd += ["--threads", str(threads)]
    env = None
    if timings:
        if has_timings_flag():
            cmd.append("--timings")
        else:
            env = dict(os.environ, MINESCREEN_TIMING="1")
    warm(folder)
    log("minescreen overlap %s (%s) ..." % (tag, "threads %s" % threads if threads else "default threads"))
    r = measured(cmd, timeout=timeout, env=env)
    r["label"] = "minescreen overlap (%s)" % ("--threads %d" % threads if threads else "all %d cores" % os.cpu_count())
    r["phases"] = parse_timings(r["stderr"]) if timings else []
    if r["timeout"] or r["rc"] not in (0, 3):
        r["error"] = "timeout" if r["timeout"] else "exit %s: %s" % (r["rc"], r["stderr"][-800:])
        log("  failed: %s" % r["error"][:300])
        return r, None
    out = json.load(open(path))
    r["rejected"] = len(out.get("rejected", []))
    log("  %.1f s, %.0f MB" % (r["wall_s"], r["peak_rss_mb"] or 0))
    return r, out


def run_read(path, repeat):
    runs = []
    for _ in range(repeat):
        r = measured([BIN, "bench-read", path], one_core=True)
        if r["rc"] != 0:
            return {"error": r["stderr"][-500:]}
        j = json.loads(r["stdout"])
        j["peak_rss_mb"] = r["peak_rss_mb"]
        runs.append(j)
    best = min(runs, key=lambda j: j["seconds"])
    best["runs_s"] = [j["seconds"] for j in runs]
    return best


def run_peer(kind, folder, outdir, tag, timeout, max_blocks=0):
    path = os.path.join(outdir, "%s-%s.json" % (kind, tag))
    py_layers = []
    for n, f, idf in LAYERS:
        py_layers += ["--layer", "%s=%s:%s" % (n, os.path.join(folder, f), idf)]
    common = ["--blocks", os.path.join(folder, "blocks.geojson"), "--block-id", BLOCK_ID] + py_layers + ["-o", path]
    if kind == "postgis":
        cmd = [sys.executable, os.path.join(HERE, "postgis_job.py")] + common
        label = "PostGIS (ST_Intersects + ST_Union, throwaway server)"
    else:
        cmd = [sys.executable, os.path.join(HERE, "gpd_job.py"), kind] + common
        if max_blocks:
            cmd += ["--max-blocks", str(max_blocks)]
        label = {"overlay": "GeoPandas overlay + dissolve (1 core)",
                 "expert": "GeoPandas expert: sindex + shapely.intersection + union_all (1 core)"}[kind]
    warm(folder)
    log("peer %s on %s%s (timeout %s s) ..." % (kind, tag, " (first %d blocks)" % max_blocks if max_blocks else "", timeout))
    if os.path.exists(path):
        os.unlink(path)
    r = measured(cmd, timeout=timeout)
    r["label"] = label
    if r["timeout"]:
        r["error"] = "timeout"
        log("  timed out after %.0f s" % r["wall_s"])
        return r, None
    if r["rc"] != 0:
        r["error"] = "exit %s: %s" % (r["rc"], r["stderr"][-800:])
        log("  failed: %s" % r["error"][:300])
        return r, None
    try:
        r["job"] = json.loads(r["stdout"].strip().splitlines()[-1])
    except Exception:
        r["error"] = "no result: " + r["stdout"][-300:] + r["stderr"][-300:]
        return r, None
    if "skipped" in r["job"]:
        r["skipped"] = r["job"]["skipped"]
        log("  skipped: " + r["skipped"])
        return r, None
    j = r["job"]
    if j.get("blocks_done") and j.get("blocks_total") and j["blocks_done"] < j["blocks_total"]:
        # time of the whole job estimated: fixed part (start, imports, reading) + overlay part scaled by blocks
        fixed = r["wall_s"] - j["overlay_s"]
        r["extrapolated_wall_s"] = fixed + j["overlay_s"] * j["blocks_total"] / j["blocks_done"]
    log("  %.1f s, %.0f MB%s" % (r["wall_s"], r["peak_rss_mb"] or 0,
                               " (extrapolated to all blocks: %.0f s)" % r["extrapolated_wall_s"] if "extrapolated_wall_s" in r else ""))
    return r, json.load(open(path))


# ---------------------------------------------------------------------------------------------
def compare(ref, other, layer_names):
    """Per block (those the other tool did): |area difference| / block area for each layer and the
    conflict, worst case with its block; feature count and id-set mismatches with examples."""
    by_id = {b["id"]: b for b in other["blocks"]}
    res = {"blocks_compared": 0, "blocks_missing_in_minescreen": 0, "layer_max_rel": 0.0, "layer_worst": None,
           "conflict_max_rel": 0.0, "conflict_worst": None, "block_area_max_rel": 0.0, "count_mismatches": 0,
           "id_set_mismatches": 0, "examples": [], "per_layer_max_rel": {n: 0.0 for n in layer_names},
           "over_tolerance": 0, "other_layer_above_block": 0, "other_conflict_above_block": 0}
    ref_ids = {b["id"] for b in ref["blocks"]}
    res["blocks_missing_in_minescreen"] = len(set(by_id) - ref_ids)
    for b in ref["blocks"]:
        o = by_id.get(b["id"])
        if o is None:
            continue
        res["blocks_compared"] += 1
        A = b["area_m2"]
        if A <= 0:
            continue
        res["block_area_max_rel"] = max(res["block_area_max_rel"], abs(b["area_m2"] - o["area_m2"]) / A)
        for n in layer_names:
            x, y = b["overlaps"][n], o["overlaps"][n]
            d = abs(x["area_m2"] - y["area_m2"]) / A
            res["per_layer_max_rel"][n] = max(res["per_layer_max_rel"][n], d)
            res["over_tolerance"] += d > TOL
            if d > res["layer_max_rel"]:
                res["layer_max_rel"] = d
                res["layer_worst"] = {"block": b["id"], "layer": n, "block_m2": A, "minescreen_m2": x["area_m2"],
                                      "other_m2": y["area_m2"], "other_exceeds_block": y["area_m2"] > A}
            if y["area_m2"] > A * (1 + 1e-12):
                res["other_layer_above_block"] += 1
            if x["count"] != y["count"]:
                res["count_mismatches"] += 1
            xs, ys = set(map(str, x["features"])), set(map(str, y["features"]))
            if xs != ys:
                res["id_set_mismatches"] += 1
                if len(res["examples"]) < 8:
                    res["examples"].append({"block": b["id"], "layer": n, "minescreen_count": x["count"],
                                            "other_count": y["count"], "only_minescreen": sorted(xs - ys)[:5],
                                            "only_other": sorted(ys - xs)[:5]})
        d = abs(b["conflict_m2"] - o["conflict_m2"]) / A
        res["over_tolerance"] += d > TOL
        if d > res["conflict_max_rel"]:
            res["conflict_max_rel"] = d
            res["conflict_worst"] = {"block": b["id"], "block_m2": A, "minescreen_m2": b["conflict_m2"],
                                     "other_m2": o["conflict_m2"], "other_exceeds_block": o["conflict_m2"] > A}
        if o["conflict_m2"] > A * (1 + 1e-12):
            res["other_conflict_above_block"] += 1
    return res


# ---------------------------------------------------------------------------------------------
def versions():
    v = {}

    def cmd(c):
        try:
            return subprocess.run(c, capture_output=True, text=True, timeout=60).stdout.strip()
        except Exception:
            return None
    v["minescreen"] = cmd([BIN, "--version"])
    v["git_commit"] = cmd(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    v["GEOS (minescreen, pkg-config)"] = cmd(["pkg-config", "--modversion", "geos"])
    v["PROJ (minescreen, pkg-config)"] = cmd(["pkg-config", "--modversion", "proj"])
    v["swift"] = (cmd(["swift", "--version"]) or "").splitlines()[0] if cmd(["swift", "--version"]) else None
    v["GDAL (ogr2ogr)"] = cmd(["ogr2ogr", "--version"])
    v["python"] = platform.python_version()
    try:
        import geopandas, shapely, pyproj, pyogrio, numpy, pandas
        v["geopandas"] = geopandas.__version__
        v["shapely"] = "%s (GEOS %s)" % (shapely.__version__, ".".join(map(str, shapely.geos_version)))
        v["pyproj"] = "%s (PROJ %s)" % (pyproj.__version__, pyproj.proj_version_str)
        v["pyogrio"] = pyogrio.__version__
        v["numpy"], v["pandas"] = numpy.__version__, pandas.__version__
    except Exception as e:
        v["python_libs_error"] = str(e)
    return v


def machine():
    m = {"cores": os.cpu_count(), "platform": platform.platform()}
    try:
        m["cpu"] = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        m["cpu"] = platform.processor()
    try:
        kb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")))
        m["ram_gib"] = round(kb / 1024 ** 2, 1)
    except Exception:
        pass
    m["loadavg_start"] = os.getloadavg()
    return m


def fs(x):
    if x is None:
        return "—"
    return "%.2f" % x if x < 10 else ("%.1f" % x if x < 100 else "%.0f" % x)


def peer_time(r):
    """(seconds for ratios, text, kind) of a peer run: measured, extrapolated or timed out."""
    if r is None:
        return None, "not run", "none"
    if r.get("timeout"):
        return r["wall_s"], "> %.0f (timeout)" % r["wall_s"], "lower"
    if "skipped" in r or "error" in r:
        return None, "skipped: %s" % r.get("skipped", r.get("error", ""))[:120], "none"
    if "extrapolated_wall_s" in r:
        j = r["job"]
        return r["extrapolated_wall_s"], "≈ %s (extrapolated from %d of %d blocks: %s s measured)" % (
            fs(r["extrapolated_wall_s"]), j["blocks_done"], j["blocks_total"], fs(r["wall_s"])), "estimate"
    return r["wall_s"], fs(r["wall_s"]), "measured"


def ratio_text(t, kind, ref):
    if t is None or not ref:
        return "—"
    x = t / ref
    return {"lower": "> %.1f×" % x, "estimate": "≈ %.1f×" % x}.get(kind, "%.1f×" % x)


def verdict(ok):
    return "**PASS**" if ok else "**FAIL**"


def report(R):
    L = []
    m, mach = R["data"]["city1"], R["machine"]
    L.append("# MineScreen city-scale benchmark (issue #6)")
    L.append("")
    argv, skip = [], False
    for x in R["argv"]:  # the note is shown below, not in the command line
        if skip:
            skip = False
            continue
        if x == "--note":
            skip = True
            continue
        if not x.startswith("--note="):
            argv.append(x)
    L.append("Generated by `python3 Scripts/bench/city.py %s` on %s UTC." % (" ".join(argv), R["date"]))
    if R.get("note"):
        L.append("")
        L.append("> " + R["note"])
    L.append("")
    L.append("**Machine:** %d cores (%s), %.1f GiB RAM, %s. Load average at start %s, at end %s."
             % (mach["cores"], mach["cpu"], mach.get("ram_gib", 0), mach["platform"],
                "/".join("%.2f" % x for x in mach["loadavg_start"]), "/".join("%.2f" % x for x in mach["loadavg_end"])))
    L.append("")
    L.append("**Versions:** " + "; ".join("%s %s" % (k, v) for k, v in R["versions"].items() if v))
    L.append("")
    L.append("## Data (`Scripts/bench/make_city.py`, EPSG:4490 GeoJSON)")
    L.append("")
    L.append("| set | parcels | farmland MB | red lines (holes) | urban | blocks | generation s |")
    L.append("|---|---:|---:|---:|---:|---:|---:|")
    for key in ("city1", "city4"):
        d = R["data"].get(key)
        if not d:
            continue
        gen = d.get("generated_now_s") or d.get("timings", {}).get("farmland_s")
        L.append("| %s (scale %g) | %d | %.1f | %d (%d) | %d | %d | %s |" % (
            key, d["scale"], d["parcels"], d["files"]["farmland"]["bytes"] / 1e6, d["redline"], d["redline_holes"],
            d["urban"], d["blocks"], fs(d.get("generated_now_s")) if d.get("generated_now_s") else
            "%s (when generated, manifest)" % fs(sum(d.get("timings", {}).values()))))
    L.append("")
    o = R["runs"]
    ms, ms1, ms4 = o.get("ms_default"), o.get("ms_t1"), o.get("ms4_default")
    ref = ms["wall_s"] if ms and "error" not in ms else None
    ref1 = ms1["wall_s"] if ms1 and "error" not in ms1 else None
    L.append("## Overlap job on city1 (%d parcels, %d blocks, 3 layers), wall seconds and peak RSS" % (m["parcels"], m["blocks"]))
    L.append("")
    L.append("| tool | wall s | peak RSS MB | CPU %% | CPU s (user+sys) | involuntary ctx switches | vs minescreen (%d cores) | vs minescreen (1 thread) |" % mach["cores"])
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")

    def cpu(r):
        return fs(r["user_s"] + r["sys_s"]) if r.get("user_s") is not None and r.get("sys_s") is not None else "—"
    for key in ("ms_default", "ms_t1", "expert", "overlay", "postgis"):
        r = o.get(key)
        if r is None:
            continue
        if key.startswith("ms"):
            if "error" in r:
                L.append("| %s | failed: %s | | | | |" % (r["label"], r["error"][:100]))
                continue
            L.append("| %s | %s | %.0f | %s | %s | %s | %s | %s |" % (r["label"], fs(r["wall_s"]) + (" (best of %s)" % "/".join(fs(x) for x in r["runs_s"]) if len(r.get("runs_s", [])) > 1 else ""), r["peak_rss_mb"] or 0,
                                                          r.get("cpu_percent") or "—", cpu(r), "%d" % r["involuntary_cs"] if r.get("involuntary_cs") is not None else "—",
                                                          ratio_text(r["wall_s"], "measured", ref),
                                                          ratio_text(r["wall_s"], "measured", ref1)))
            continue
        t, txt, kind = peer_time(r)
        rss = "%.0f" % r["peak_rss_mb"] if r.get("peak_rss_mb") and key != "postgis" else "—"
        if key == "postgis" and (r.get("job") or {}).get("server_peak_pss_mb"):
            rss = "%.0f (server PSS, sampled)" % r["job"]["server_peak_pss_mb"]
        L.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (r.get("label", key), txt, rss, r.get("cpu_percent") or "—",
                                                    cpu(r) if key != "postgis" else "— (server)",
                                                    "%d" % r["involuntary_cs"] if r.get("involuntary_cs") is not None else "—",
                                                    ratio_text(t, kind, ref), ratio_text(t, kind, ref1)))
    L.append("")
    L.append("Each row is one process, timed by `/usr/bin/time -v` (peers: Python start, imports and reading the "
             "GeoJSON included, as for minescreen). PostGIS: wall time of the client script including initdb, "
             "server start, ogr2ogr load, GiST indexes, the query and server stop; its memory is the server's peak "
             "total PSS (postmaster and backends, sampled from /proc every 0.25 s). CPU seconds (user+sys of the process and its waited-for children) are what a busy "
             "machine distorts least: compare them when the involuntary context switches are many (other load).")
    if any(o.get(k) for k in ("expert4", "overlay4", "postgis4")) and ms4 and "error" not in ms4:
        L.append("")
        L.append("On city4 (`--peers-on-4x`):")
        L.append("")
        L.append("| tool | wall s | peak RSS MB | CPU s (user+sys) | vs minescreen city4 (%s s) |" % fs(ms4["wall_s"]))
        L.append("|---|---:|---:|---:|---:|")
        for key in ("expert4", "overlay4", "postgis4"):
            r = o.get(key)
            if not r:
                continue
            t, txt, kind = peer_time(r)
            rss = "%.0f" % r["peak_rss_mb"] if r.get("peak_rss_mb") and key != "postgis4" else "—"
            if key == "postgis4" and (r.get("job") or {}).get("server_peak_pss_mb"):
                rss = "%.0f (server PSS)" % r["job"]["server_peak_pss_mb"]
            L.append("| %s | %s | %s | %s | %s |" % (r.get("label", key), txt, rss,
                                                    cpu(r) if key != "postgis4" else "— (server)", ratio_text(t, kind, ms4["wall_s"])))
        L.append("")
    p = o.get("postgis")
    if p and p.get("job") and "load_s" in p["job"]:
        j = p["job"]
        L.append("PostGIS split: load (ogr2ogr) %s s, indexes %s s, ST_Intersection pieces %s s, ST_Union + areas %s s."
                 % (fs(sum(j["load_s"].values())), fs(sum(j["index_s"].values())), fs(j["intersection_s"]), fs(j["union_area_s"])))
    for key in ("expert", "overlay"):
        r = o.get(key)
        if r and r.get("job"):
            j = r["job"]
            ph = j["phases"]
            L.append("%s split: import %s s, read %s s, then per layer intersection/count/union/area: %s; conflict %s s."
                     % (r["label"].split(":")[0].split(" (")[0], fs(j["import_s"]), fs(j["read_s"]),
                        "; ".join("%s %s/%s/%s/%s (%d pieces)" % (n, fs(ph[n]["intersection_s"]), fs(ph[n]["count_s"]),
                                                                 fs(ph[n]["union_s"]), fs(ph[n]["area_s"]), ph[n]["pieces"])
                                  for n, _, _ in LAYERS if n in ph), fs(ph["conflict_s"])))
    L.append("")
    # phases
    L.append("## minescreen phases (`--timings`, seconds)")
    L.append("")
    keys = []
    for k in ("ms_default", "ms4_default"):
        r = o.get(k)
        if r and r.get("phases"):
            for name, _ in r["phases"]:
                if name not in keys:
                    keys.append(name)
    if keys:
        L.append("| phase | city1 | city4 | city4 / city1 |")
        L.append("|---|---:|---:|---:|")
        p1 = dict(o["ms_default"]["phases"]) if o.get("ms_default", {}).get("phases") else {}
        p4 = dict(o["ms4_default"]["phases"]) if o.get("ms4_default", {}).get("phases") else {}
        for name in keys:
            a, b = p1.get(name), p4.get(name)
            L.append("| %s | %s | %s | %s |" % (name, fs(a), fs(b), "%.2f×" % (b / a) if a and b else "—"))
        if not has_timings_flag():
            L.append("")
            L.append("(This binary has no `--timings` yet: phases from `MINESCREEN_TIMING=1`, as marked in the code.)")
    else:
        L.append("(no phase timings)")
    L.append("")
    # reader
    L.append("## GeoJSON reader alone (`minescreen bench-read`, pinned to one core with `taskset -c 0`, best of runs)")
    L.append("")
    L.append("| file | MB | seconds | MB/s | features |")
    L.append("|---|---:|---:|---:|---:|")
    for key in ("read1", "read4"):
        r = R["read"].get(key)
        if r and "error" not in r:
            L.append("| %s farmland | %.1f | %.3f | %.0f | %d |" % (key.replace("read", "city"), r["bytes"] / 1e6, r["seconds"], r["MBps"], r["features"]))
    L.append("")
    # cross-check
    L.append("## Cross-check against minescreen (per block and layer: |area difference| / block area; target ≤ 1e-4)")
    L.append("")
    L.append("| peer | blocks | layer max | worst (block, layer) | conflict max | worst block | count mismatches | id-set mismatches | > 1e-4 |")
    L.append("|---|---:|---:|---|---:|---|---:|---:|---:|")
    for k, c in R["crosscheck"].items():
        lw, cw = c["layer_worst"], c["conflict_worst"]
        L.append("| %s | %d | %.1e | %s | %.1e | %s | %d | %d | %d |" % (
            k, c["blocks_compared"], c["layer_max_rel"], "%s %s (%.1f vs %.1f m²)" % (lw["block"], lw["layer"], lw["minescreen_m2"], lw["other_m2"]) if lw else "—",
            c["conflict_max_rel"], "%s (%.1f vs %.1f m²)" % (cw["block"], cw["minescreen_m2"], cw["other_m2"]) if cw else "—",
            c["count_mismatches"], c["id_set_mismatches"], c["over_tolerance"]))
    for k, c in R["crosscheck"].items():
        if c.get("other_layer_above_block") or c.get("other_conflict_above_block"):
            L.append("")
            L.append("- %s reports more than the block's own area for %d block×layer overlaps and %d conflicts "
                     "(geodesic area of a union with vertices added along the block's edges; minescreen caps at the block)%s."
                     % (k, c["other_layer_above_block"], c["other_conflict_above_block"],
                        "; its worst layer and conflict differences are such cases" if (c["layer_worst"] or {}).get("other_exceeds_block")
                        and (c["conflict_worst"] or {}).get("other_exceeds_block") else ""))
        for ex in c["examples"][:3]:
            L.append("")
            L.append("- %s id-set mismatch: block %s layer %s: minescreen %d, peer %d; only minescreen %s; only peer %s"
                     % (k, ex["block"], ex["layer"], ex["minescreen_count"], ex["other_count"], ex["only_minescreen"], ex["only_other"]))
    L.append("")
    # targets
    L.append("## Targets (issue #6)")
    L.append("")
    L.append("| target | measured | verdict |")
    L.append("|---|---|---|")
    for t in R["targets"]:
        L.append("| %s | %s | %s |" % tuple(t))
    L.append("")
    # the table docs/speed.md shows
    L.append("## Table for docs/speed.md")
    L.append("")
    cores = mach["cores"]
    L.append("| city1: %d parcels (%.0f MB), 3000 red lines, 100 urban, 2000 blocks; %d cores | wall s | peak RSS MB | minescreen faster by |"
             % (m["parcels"], m["files"]["farmland"]["bytes"] / 1e6, cores))
    L.append("|---|---:|---:|---:|")
    for key in ("ms_default", "ms_t1", "ms4_default", "expert", "overlay", "postgis"):
        r = o.get(key)
        if not r:
            continue
        lab = {"ms_default": "minescreen overlap (%d threads)" % cores, "ms_t1": "minescreen overlap (1 thread)",
               "ms4_default": "minescreen overlap, city4 (%d parcels)" % R["data"].get("city4", {}).get("parcels", 0),
               "expert": "GeoPandas sjoin + shapely.intersection + union_all", "overlay": "GeoPandas overlay + dissolve",
               "postgis": "PostGIS ST_Intersects + ST_Union (incl. server start, ogr2ogr load)"}[key]
        if key.startswith("ms"):
            if "error" in r:
                continue
            L.append("| %s | %s | %.0f | %s |" % (lab, fs(r["wall_s"]), r["peak_rss_mb"] or 0,
                                                 "—" if key != "ms_t1" else "%.2f× (threads)" % (r["wall_s"] / ref) if ref else "—"))
        else:
            t, txt, kind = peer_time(r)
            rss = "%.0f" % r["peak_rss_mb"] if r.get("peak_rss_mb") and key != "postgis" else "—"
            if key == "postgis" and (r.get("job") or {}).get("server_peak_pss_mb"):
                rss = "%.0f (server)" % r["job"]["server_peak_pss_mb"]
            L.append("| %s | %s | %s | %s |" % (lab, txt, rss, ratio_text(t, kind, ref)))
    r = R["read"].get("read1")
    if r and "error" not in r:
        L.append("| GeoJSON reader alone, one core | %.2f (%.0f MB/s) | | |" % (r["seconds"], r["MBps"]))
    L.append("")
    L.append("## Notes on method")
    L.append("")
    L.append("- Same job everywhere: per block and layer the geodesic area (CGCS2000 ellipsoid; PostGIS: the "
             "spheroid of SRID 4490) of the union of the block's intersections with the layer, the count and ids "
             "of features whose intersection is a real overlap (area > 1e-4 m² and mean width 2·area/perimeter "
             "≥ 1 mm, minescreen's noise rule), and the conflict (union over the layers).")
    L.append("- Expected differences: a peer's union carries extra vertices where feature edges cut the block's "
             "edges; a geodesic area treats every segment as a geodesic, so such a union can measure a little "
             "more than the block itself (peers' conflict > block area is seen). minescreen never reports more "
             "than the block (it caps layer and conflict areas at the block area), so the largest differences "
             "are of this kind and show up on blocks (nearly) covered by farmland.")
    L.append("- The GeoPandas peers share their counting and area code (`gpd_job.py`), so their difference is "
             "overlay+dissolve versus sindex query + covers shortcut + vectorised intersection + union_all.")
    L.append("- The synthetic urban boundaries are placed without regard to the farmland (real 三区三线 layers do not "
             "overlap), so blocks often meet farmland, red line and urban boundary at once and the conflict union "
             "has real work to do.")
    L.append("- Profile of minescreen on this scene: `Scripts/bench/PROFILE.md`.")
    L.append("")
    L.append("## Step durations (for planning a run)")
    L.append("")
    L.append("| step | seconds |")
    L.append("|---|---:|")
    for k, v in R["steps"].items():
        L.append("| %s | %s |" % (k, fs(v)))
    L.append("")
    L.append("Total benchmark wall time %.0f s. Raw numbers: `%s`." % (R["total_wall_s"], R["results_json"]))
    return "\n".join(L)


def cpu_s(r):
    if not r or r.get("user_s") is None or r.get("sys_s") is None:
        return None
    return r["user_s"] + r["sys_s"]


def targets(R):
    o, T = R["runs"], []
    ms, ms1, ms4 = o.get("ms_default"), o.get("ms_t1"), o.get("ms4_default")
    ok_ms = ms and "error" not in ms
    ref = ms["wall_s"] if ok_ms else None
    for key, need, name in (("overlay", 10, "GeoPandas overlay + dissolve"), ("expert", 8, "GeoPandas expert path")):
        r = o.get(key)
        t, txt, kind = peer_time(r)
        if t is None or not ref:
            T.append(("overlap ≥ %d× faster than %s (city1, same run)" % (need, name), txt, "not measured"))
            continue
        x = t / ref
        meas = "%s s / %s s = %s" % (txt if kind != "measured" else fs(t), fs(ref), ratio_text(t, kind, ref))
        if kind == "measured" and cpu_s(r) and cpu_s(ms):
            meas += " (CPU seconds %s / %s = %.2f×)" % (fs(cpu_s(r)), fs(cpu_s(ms)), cpu_s(r) / cpu_s(ms))
        if kind == "lower":
            v = verdict(True) if x >= need else "undecided (timeout below the target)"
        elif kind == "estimate":
            v = ("PASS (estimate)" if x >= need else "FAIL (estimate)")
        else:
            v = verdict(x >= need)
        T.append(("overlap ≥ %d× faster than %s (city1, same run)" % (need, name), meas, v))
    if ok_ms:
        T.append(("peak RSS ≤ 1 GB (overlap, city1, %d threads)" % R["machine"]["cores"], "%.0f MB" % ms["peak_rss_mb"], verdict(ms["peak_rss_mb"] <= 1024)))
    if ms4 and "error" not in ms4:
        T.append(("peak RSS (overlap, city4; no target)", "%.0f MB" % ms4["peak_rss_mb"], "—"))
    if ok_ms and ms1 and "error" not in ms1:
        x = ms1["wall_s"] / ms["wall_s"]
        meas = "%s s / %s s = %.2f×" % (fs(ms1["wall_s"]), fs(ms["wall_s"]), x)
        if cpu_s(ms1):
            meas += " (1-thread CPU seconds / %d-thread wall: %s / %s = %.2f×)" % (
                R["machine"]["cores"], fs(cpu_s(ms1)), fs(ms["wall_s"]), cpu_s(ms1) / ms["wall_s"])
        T.append(("≥ 1.7× faster with %d threads than with 1" % R["machine"]["cores"], meas, verdict(x >= 1.7)))
    if ok_ms and ms4 and "error" not in ms4:
        x = ms4["wall_s"] / ms["wall_s"]
        pr = R["data"]["city4"]["parcels"] / R["data"]["city1"]["parcels"]
        meas = "%s s / %s s = %.2f× (parcels ×%.2f)" % (fs(ms4["wall_s"]), fs(ms["wall_s"]), x, pr)
        if cpu_s(ms4) and cpu_s(ms):
            meas += "; CPU seconds %s / %s = %.2f×" % (fs(cpu_s(ms4)), fs(cpu_s(ms)), cpu_s(ms4) / cpu_s(ms))
        T.append(("4× parcels costs ≤ 4.5× the time", meas, verdict(x <= 4.5)))
    r = R["read"].get("read1")
    if r and "error" not in r:
        T.append(("GeoJSON reading ≥ 150 MB/s on one core", "%.0f MB/s (city1 farmland, %.1f MB)" % (r["MBps"], r["bytes"] / 1e6), verdict(r["MBps"] >= 150)))
    for k, c in R["crosscheck"].items():
        worst = max(c["layer_max_rel"], c["conflict_max_rel"])
        T.append(("areas agree with %s to ≤ 1e-4 of block area (%d blocks)" % (k, c["blocks_compared"]), "max %.1e" % worst, verdict(worst <= TOL)))
        T.append(("feature counts agree with %s" % k, "%d of %d block×layer differ" % (c["count_mismatches"], c["blocks_compared"] * len(LAYERS)),
                  verdict(c["count_mismatches"] == 0)))
    return T


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="pipeline test: scales 0.05 and 0.2")
    ap.add_argument("--scale", type=float, default=None, help="base scale (default 1; 4x this for the scaling set)")
    ap.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--build-retries", type=int, default=2)
    ap.add_argument("--read-repeat", type=int, default=3)
    ap.add_argument("--ms-repeat", type=int, default=1, help="run each minescreen overlap N times, keep the fastest")
    ap.add_argument("--skip-4x", action="store_true")
    ap.add_argument("--skip-t1", action="store_true", help="no --threads 1 run")
    ap.add_argument("--skip-overlay", action="store_true")
    ap.add_argument("--skip-expert", action="store_true")
    ap.add_argument("--skip-postgis", action="store_true")
    ap.add_argument("--peers-on-4x", action="store_true", help="also run the peers on the 4x set")
    ap.add_argument("--overlay-blocks", type=int, default=0, help="overlay peer on the first N blocks only (time extrapolated)")
    ap.add_argument("--expert-blocks", type=int, default=0, help="expert peer on the first N blocks only (time extrapolated)")
    ap.add_argument("--timeout", type=float, default=1800, help="per peer process, seconds")
    ap.add_argument("--results", help="markdown report path (default Scripts/bench/RESULTS.md; with --small DATA/RESULTS-small.md)")
    ap.add_argument("--note", help="a line placed at the top of the report (e.g. 'machine busy')")
    ap.add_argument("--report-only", metavar="RESULTS_JSON", help="re-render the report from a city-results.json (no runs)")
    a = ap.parse_args()
    if a.report_only:
        R = json.load(open(a.report_only))
        if a.note:
            R["note"] = a.note
        R["targets"] = targets(R)
        text = report(R)
        if a.results:
            with open(a.results, "w") as f:
                f.write(text + "\n")
        print(text)
        return
    scale = a.scale or (0.05 if a.small else 1.0)
    name1, name4 = ("city1", "city4") if scale == 1.0 else ("city-s%g" % scale, "city-s%g" % (4 * scale))
    d1, d4 = os.path.join(a.data, name1), os.path.join(a.data, name4)
    results_md = a.results or (os.path.join(a.data, "RESULTS-%s.md" % name1) if scale != 1.0 else os.path.join(HERE, "RESULTS.md"))
    R = {"argv": sys.argv[1:], "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "machine": machine(),
         "versions": {}, "data": {}, "runs": {}, "read": {}, "crosscheck": {}, "steps": {}, "note": a.note}
    steps = R["steps"]

    def step(name, t0):
        steps[name] = time.perf_counter() - t0

    t = time.perf_counter()
    if not a.no_build:
        build(a.build_retries)
        step("swift build -c release", t)
    if not os.path.exists(BIN):
        sys.exit("no binary at %s (swift build -c release)" % BIN)
    R["versions"] = versions()
    t = time.perf_counter()
    R["data"]["city1"] = ensure_data(d1, scale)
    step("data city1 (generate if missing)", t)
    if not a.skip_4x:
        t = time.perf_counter()
        R["data"]["city4"] = ensure_data(d4, 4 * scale)
        step("data city4 (generate if missing)", t)
    out1 = os.path.join(d1, "out")
    out4 = os.path.join(d4, "out")
    os.makedirs(out1, exist_ok=True)

    # reader alone, one core
    t = time.perf_counter()
    log("bench-read city1 farmland x%d (one core) ..." % a.read_repeat)
    R["read"]["read1"] = run_read(os.path.join(d1, "farmland.geojson"), a.read_repeat)
    if not a.skip_4x:
        R["read"]["read4"] = run_read(os.path.join(d4, "farmland.geojson"), 1)
    step("bench-read", t)

    outputs = {}
    t = time.perf_counter()
    R["runs"]["ms_default"], outputs["minescreen"] = run_minescreen_best(a.ms_repeat, d1, out1, "city1", timings=True)
    step("minescreen city1 default threads (--timings)", t)
    if not a.skip_t1:
        t = time.perf_counter()
        R["runs"]["ms_t1"], outputs["minescreen_t1"] = run_minescreen_best(a.ms_repeat, d1, out1, "city1-t1", threads=1)
        step("minescreen city1 --threads 1", t)
    if not a.skip_4x:
        os.makedirs(out4, exist_ok=True)
        t = time.perf_counter()
        R["runs"]["ms4_default"], outputs["minescreen4"] = run_minescreen_best(a.ms_repeat, d4, out4, "city4", timings=True)
        step("minescreen city4 default threads (--timings)", t)

    for kind, skip, nb in (("expert", a.skip_expert, a.expert_blocks), ("overlay", a.skip_overlay, a.overlay_blocks),
                           ("postgis", a.skip_postgis, 0)):
        if skip:
            continue
        t = time.perf_counter()
        R["runs"][kind], outputs[kind] = run_peer(kind, d1, out1, "city1", a.timeout, nb)
        step("%s city1%s" % (kind, " (%d blocks)" % nb if nb else ""), t)
        if a.peers_on_4x and not a.skip_4x:
            t = time.perf_counter()
            R["runs"][kind + "4"], outputs[kind + "4"] = run_peer(kind, d4, out4, "city4", a.timeout, nb)
            step("%s city4%s" % (kind, " (%d blocks)" % nb if nb else ""), t)

    names = [n for n, _, _ in LAYERS]
    if outputs.get("minescreen"):
        for k in ("minescreen_t1", "expert", "overlay", "postgis"):
            if outputs.get(k):
                R["crosscheck"][k if k != "minescreen_t1" else "minescreen --threads 1"] = compare(outputs["minescreen"], outputs[k], names)
    if outputs.get("minescreen4"):
        for k in ("expert4", "overlay4", "postgis4"):
            if outputs.get(k):
                R["crosscheck"][k.replace("4", "") + " (city4)"] = compare(outputs["minescreen4"], outputs[k], names)
    R["machine"]["loadavg_end"] = os.getloadavg()
    R["targets"] = targets(R)
    R["total_wall_s"] = time.perf_counter() - T0
    R["results_json"] = os.path.join(d1, "city-results.json")
    for r in R["runs"].values():  # keep the JSON small
        if r:
            r["stdout"] = r.get("stdout", "")[-2000:]
            r["stderr"] = r.get("stderr", "")[-4000:]
    with open(R["results_json"], "w") as f:
        json.dump(R, f, indent=1, default=str)
    text = report(R)
    with open(results_md, "w") as f:
        f.write(text + "\n")
    print(text)
    log("report written to %s" % results_md)


if __name__ == "__main__":
    main()
