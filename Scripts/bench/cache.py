#!/usr/bin/env python3
"""Incremental re-screening benchmark (issue #19): `--cache DIR` on the city scene.

  python3 Scripts/bench/cache.py                 # city scale 1 (~300 000 parcels, 2000 blocks)
  python3 Scripts/bench/cache.py --scale 0.25    # quicker
  python3 Scripts/bench/cache.py --no-build --repeat 3

Data: bench-data/city<scale> from make_city.py (generated if missing) with a rules file for `screen` (the three
layers, no buffer), and bench-data/city<scale>-changed: the same scene after a farmland adjustment in one area:
the 1 % of parcels nearest to one farmland block's centre, half of them removed and half shrunk by 10 % towards
their vertex mean (convex parcels only, so the layer stays a coverage: no parcel overlaps another).

For `overlap` and `screen` (JSON reports), each run its own process, wall seconds best of --repeat:
  uncached        no cache, original data
  cold            --cache on an empty directory, original data (what filling the cache costs)
  unchanged       --cache again, original data                  target <= 35 % of `uncached`
  uncached-chg    no cache, changed data
  changed         --cache holding the original run's entries, changed data   target <= 50 % of `uncached-chg`
The cache directory is restored from a snapshot before every timed cached run, so repeats measure the same
state. `--pairs N` then runs N pairs (cached, uncached) on the changed data in turn and prints the median ratio.
Each cached report is checked against the uncached one on the same data: equal apart from provenance's
`started`, `duration_s`, `command` and `cache` (and the order of its inputs). Prints a markdown section for
RESULTS.md and writes DATA/cache-results.json.
"""
import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(ROOT, ".build", "release", "minescreen")
LAYERS = [("farmland", "farmland.geojson", "BSM"), ("redline", "redline.geojson", "HXBH"),
          ("urban", "urban.geojson", "CZKFBJ")]
BLOCK_ID = "block_id"
RULES = """tolerance_m2: 1
min_clean_area_m2: 10000
layers:
""" + "".join("  - name: %s\n    path: %s\n    id_field: %s\n" % layer for layer in LAYERS)


def log(message):
    print("[cache-bench] " + message, file=sys.stderr, flush=True)


def ensure_scene(data, scale):
    folder = os.path.join(data, "city%g" % scale)
    if not os.path.exists(os.path.join(folder, "manifest.json")):
        log("generating %s" % folder)
        subprocess.run([sys.executable, os.path.join(HERE, "make_city.py"), "--scale", str(scale), "--out", folder], check=True)
    with open(os.path.join(folder, "rules.yaml"), "w") as f:
        f.write(RULES)
    return folder


def vertex_mean(ring):
    points = ring[:-1]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def is_convex(ring):
    signs = set()
    points = ring[:-1]
    for k in range(len(points)):
        (ax, ay), (bx, by), (cx, cy) = points[k], points[(k + 1) % len(points)], points[(k + 2) % len(points)]
        cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx)
        if cross != 0:
            signs.add(cross > 0)
    return len(signs) == 1


def make_changed(folder, fraction):
    changed = folder + "-changed"
    if os.path.exists(os.path.join(changed, "change.json")):
        return changed, json.load(open(os.path.join(changed, "change.json")))
    os.makedirs(changed, exist_ok=True)
    for name in ["blocks.geojson", "redline.geojson", "urban.geojson", "rules.yaml"]:
        shutil.copyfile(os.path.join(folder, name), os.path.join(changed, name))
    farmland = json.load(open(os.path.join(folder, "farmland.geojson")))
    blocks = json.load(open(os.path.join(folder, "blocks.geojson")))
    parcels = farmland["features"]
    # The area: around the centre of the first block whose centre lies inside some parcel's region (a farmland block).
    centres = [(p, vertex_mean(p["geometry"]["coordinates"][0])) for p in parcels if p["geometry"]["type"] == "Polygon"]
    block_ring = blocks["features"][0]["geometry"]["coordinates"][0]
    bx, by = vertex_mean(block_ring)
    nearest_parcel = min(centres, key=lambda pc: (pc[1][0] - bx) ** 2 + (pc[1][1] - by) ** 2)
    if (nearest_parcel[1][0] - bx) ** 2 + (nearest_parcel[1][1] - by) ** 2 > 1e-4:
        # The first block is not in farmland: take the centre of the middle parcel instead.
        bx, by = centres[len(centres) // 2][1]
    k = max(1, int(round(fraction * len(parcels))))
    area = sorted(range(len(centres)), key=lambda i: (centres[i][1][0] - bx) ** 2 + (centres[i][1][1] - by) ** 2)[:k]
    chosen = {id(centres[i][0]) for i in area}
    removed = shrunk = 0
    kept = []
    for n, parcel in enumerate(parcels):
        if id(parcel) not in chosen:
            kept.append(parcel)
            continue
        ring = parcel["geometry"]["coordinates"][0]
        if len(parcel["geometry"]["coordinates"]) == 1 and is_convex(ring) and n % 2 == 0:
            cx, cy = vertex_mean(ring)
            parcel["geometry"]["coordinates"] = [[[cx + (x - cx) * 0.9, cy + (y - cy) * 0.9] for x, y in ring]]
            kept.append(parcel)
            shrunk += 1
        else:
            removed += 1
    farmland["features"] = kept
    with open(os.path.join(changed, "farmland.geojson"), "w") as f:
        json.dump(farmland, f, separators=(",", ":"))
    change = {"parcels": len(parcels), "changed": k, "removed": removed, "shrunk": shrunk, "centre": [bx, by]}
    with open(os.path.join(changed, "change.json"), "w") as f:
        json.dump(change, f)
    return changed, change


def command(kind, folder, output, cache=None):
    blocks = os.path.join(folder, "blocks.geojson")
    if kind == "overlap":
        cmd = [BIN, "overlap", blocks]
        for name, file, id_field in LAYERS:
            cmd += ["--layer", "%s=%s" % (name, os.path.join(folder, file)), "--layer-id-field", "%s=%s" % (name, id_field)]
    else:
        cmd = [BIN, "screen", blocks, "--rules", os.path.join(folder, "rules.yaml")]
    cmd += ["--id-field", BLOCK_ID, "--format", "json", "-o", output, "--quiet"]
    if cache:
        cmd += ["--cache", cache]
    return cmd


def timed(cmd):
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode not in (0, 1):
        raise SystemExit("exit %d: %s\n%s" % (result.returncode, " ".join(cmd), result.stderr))
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def report_body(path):
    """The report without the run's own provenance details, for comparison."""
    text = open(path).read()
    cut = text.find('"provenance"')
    provenance = json.loads(text)["provenance"]
    for key in ["started", "duration_s", "command", "cache"]:
        provenance.pop(key, None)
    provenance["inputs"] = sorted(provenance.get("inputs", []), key=lambda i: i["role"])
    return text[:cut], provenance


def cache_counts(path):
    return json.load(open(path))["provenance"].get("cache")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1)
    ap.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    ap.add_argument("--fraction", type=float, default=0.01, help="share of farmland parcels changed")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--commands", default="overlap,screen")
    ap.add_argument("--pairs", type=int, default=0,
                    help="then this many pairs (cached, uncached) on the changed data, in turn: the median of the ratios "
                         "taken pair by pair holds when the machine's speed drifts")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "minescreen"], cwd=ROOT, check=True)
    folder = ensure_scene(args.data, args.scale)
    changed, change = make_changed(folder, args.fraction)
    log("changed %d of %d parcels (%d removed, %d shrunk)" % (change["changed"], change["parcels"], change["removed"], change["shrunk"]))
    work = os.path.join(args.data, "cache-bench")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    results = {"scale": args.scale, "change": change, "cores": os.cpu_count(), "machine": platform.platform(), "commands": {}}

    def best(cmd, prepare=None):
        runs = []
        for _ in range(args.repeat):
            if prepare:
                prepare()
            runs.append(timed(cmd))
        return min(runs)

    for kind in args.commands.split(","):
        out = lambda tag: os.path.join(work, "%s-%s.json" % (kind, tag))
        snapshot = os.path.join(work, kind + "-snapshot")
        live = os.path.join(work, kind + "-cache")

        def restore():
            shutil.rmtree(live, ignore_errors=True)
            shutil.copytree(snapshot, live)

        def empty():
            shutil.rmtree(live, ignore_errors=True)

        log("%s: uncached" % kind)
        timed(command(kind, folder, out("warm")))  # page cache
        uncached = best(command(kind, folder, out("uncached")))
        log("%s: cold cache" % kind)
        cold = best(command(kind, folder, out("cold"), live), prepare=empty)
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.copytree(live, snapshot)
        log("%s: unchanged" % kind)
        unchanged = best(command(kind, folder, out("unchanged"), live), prepare=restore)
        log("%s: uncached, changed data" % kind)
        uncached_changed = best(command(kind, changed, out("uncached-changed")))
        log("%s: cached, changed data" % kind)
        cached_changed = best(command(kind, changed, out("changed"), live), prepare=restore)
        ratios = []
        if args.pairs:
            log("%s: %d pairs, cached and uncached on changed data in turn" % (kind, args.pairs))
        for _ in range(args.pairs):
            restore()
            cached_run = timed(command(kind, changed, out("changed"), live))
            uncached_run = timed(command(kind, changed, out("uncached-changed")))
            ratios.append(cached_run[0] / uncached_run[0])
        same_unchanged = report_body(out("uncached")) == report_body(out("unchanged")) == report_body(out("cold"))
        same_changed = report_body(out("uncached-changed")) == report_body(out("changed"))
        results["commands"][kind] = {
            "uncached": uncached, "cold": cold, "unchanged": unchanged, "uncached_changed": uncached_changed,
            "changed": cached_changed, "unchanged_ratio": unchanged[0] / uncached[0],
            "changed_ratio": cached_changed[0] / uncached_changed[0],
            "counts_unchanged": cache_counts(out("unchanged")), "counts_changed": cache_counts(out("changed")),
            "same_unchanged": same_unchanged, "same_changed": same_changed, "paired_ratios": ratios,
        }
    with open(os.path.join(args.data, "cache-results.json"), "w") as f:
        json.dump(results, f, indent=2)
    load = os.getloadavg()
    print("## Incremental re-screening, `--cache` (issue #19)\n")
    print("Generated by `python3 Scripts/bench/cache.py --scale %g --repeat %d` on %s UTC; %d cores, load average at end %.2f/%.2f/%.2f."
          % (args.scale, args.repeat, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), os.cpu_count(), *load))
    print("City scene scale %g: %d parcels; changed data: %d parcels (%.1f %%) nearest one point, %d removed, %d shrunk by 10 %%.\n"
          % (args.scale, change["parcels"], change["changed"], 100 * change["changed"] / change["parcels"], change["removed"], change["shrunk"]))
    print("| command | uncached s | cold cache s | unchanged s (ratio, target ≤ 0.35) | uncached on changed s | cached on changed s (ratio, target ≤ 0.50) | hits/misses unchanged | hits/misses changed | reports equal |")
    print("|---|---:|---:|---:|---:|---:|---|---|---|")
    for kind, r in results["commands"].items():
        cu, cc = r["counts_unchanged"], r["counts_changed"]
        print("| %s | %.2f | %.2f | %.2f (%.2f) | %.2f | %.2f (%.2f) | %d/%d | %d/%d | %s |" % (
            kind, r["uncached"][0], r["cold"][0], r["unchanged"][0], r["unchanged_ratio"], r["uncached_changed"][0],
            r["changed"][0], r["changed_ratio"], cu["hits"], cu["misses"], cc["hits"], cc["misses"],
            "yes" if r["same_unchanged"] and r["same_changed"] else "NO"))
    print("\nWall seconds, best of %d, each run its own process (JSON report to a file). CPU seconds (user+sys) of the same runs:" % args.repeat)
    for kind, r in results["commands"].items():
        print("%s %.2f / %.2f / %.2f / %.2f / %.2f." % (kind, r["uncached"][1], r["cold"][1], r["unchanged"][1], r["uncached_changed"][1], r["changed"][1]))
    for kind, r in results["commands"].items():
        if r["paired_ratios"]:
            ratios = sorted(r["paired_ratios"])
            print("%s, cached/uncached on changed data in %d pairs run in turn: median %.2f (%.2f–%.2f)."
                  % (kind, len(ratios), ratios[len(ratios) // 2], ratios[0], ratios[-1]))
    if not all(r["same_unchanged"] and r["same_changed"] for r in results["commands"].values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
