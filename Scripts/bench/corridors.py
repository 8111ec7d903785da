#!/usr/bin/env python3
"""Corridor benchmark (issue #14): `screen` with corridor layers, corridors built once per run (`CorridorZones`)
against the per-block path (MINESCREEN_CORRIDORS_PER_BLOCK=1), in the same run of this script.

  python3 Scripts/bench/corridors.py --blocks 200 --lines 20      # a quick debug-build check
  python3 Scripts/bench/corridors.py                              # 2000 blocks, 200 lines (release build)
  python3 Scripts/bench/corridors.py --binary .build/debug/minescreen --repeat 1

Scene (deterministic, seeded; lon/lat CGCS2000 near 113E 36N): blocks are 6-10-sided stars of 0.4-1.2 km radius
on a jittered grid over ~60 x 60 km; roads and rivers are random walks of 5-50 km (steps of 0.5-3 km turning up to
40 degrees), written to bench-data/corridors-<blocks>-<lines>/. Rules: roads buffer_m 1000, rivers buffer_m 500,
tolerance_m2 1, min_clean_area_m2 10000.

For both paths: `screen --format json --timings`, wall seconds best of --repeat (each run its own process), the
--timings lines of the best run, a check that the verdicts are the same, and how far the conflict areas agree
(blocks apart by more than 1e-6 of the block's area or 1 m2, and the largest difference). Prints a markdown section
for Scripts/bench/RESULTS.md.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}


def log(message):
    print("[corridor-bench] " + message, file=sys.stderr, flush=True)


def star(rng, cx, cy, radius_m, vertices):
    kx = 111320 * math.cos(math.radians(cy))
    ring = []
    for k in range(vertices):
        a = 2 * math.pi * k / vertices
        r = radius_m * rng.uniform(0.6, 1.0)
        ring.append([round(cx + r * math.cos(a) / kx, 8), round(cy + r * math.sin(a) / 110900, 8)])
    return ring + [ring[0]]


def walk(rng, x, y, length_m):
    kx = 111320 * math.cos(math.radians(y))
    heading = rng.uniform(0, 2 * math.pi)
    line, travelled = [[x, y]], 0.0
    while travelled < length_m:
        step = rng.uniform(500, 3000)
        heading += rng.uniform(-0.7, 0.7)
        x += step * math.cos(heading) / kx
        y += step * math.sin(heading) / 110900
        line.append([round(x, 8), round(y, 8)])
        travelled += step
    return line


def collection(features):
    return {"type": "FeatureCollection", "crs": CRS, "features": features}


def make_scene(folder, blocks, lines, seed):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    side = math.ceil(math.sqrt(blocks))
    cx, cy, span = 113.0, 36.0, 0.6
    features = []
    for k in range(blocks):
        i, j = k % side, k // side
        x = cx - span / 2 + (i + 0.5) * span / side + rng.uniform(-0.3, 0.3) * span / side
        y = cy - span / 2 + (j + 0.5) * span / side + rng.uniform(-0.3, 0.3) * span / side
        features.append({"type": "Feature", "properties": {"block_id": "B%05d" % k},
                         "geometry": {"type": "Polygon", "coordinates": [star(rng, x, y, rng.uniform(400, 1200), rng.randint(6, 10))]}})
    json.dump(collection(features), open(os.path.join(folder, "blocks.geojson"), "w"))
    for name, count in (("roads", lines - lines // 3), ("rivers", lines // 3)):
        features = []
        for k in range(count):
            x = cx + rng.uniform(-span / 2, span / 2)
            y = cy + rng.uniform(-span / 2, span / 2)
            features.append({"type": "Feature", "properties": {"fid": "%s%04d" % (name[0].upper(), k)},
                             "geometry": {"type": "LineString", "coordinates": walk(rng, x, y, rng.uniform(5000, 50000))}})
        json.dump(collection(features), open(os.path.join(folder, name + ".geojson"), "w"))
    with open(os.path.join(folder, "rules.yaml"), "w") as f:
        f.write("tolerance_m2: 1\nmin_clean_area_m2: 10000\nlayers:\n"
                "  - name: roads\n    path: roads.geojson\n    id_field: fid\n    buffer_m: 1000\n"
                "  - name: rivers\n    path: rivers.geojson\n    id_field: fid\n    buffer_m: 500\n")


def best_of(label, repeat, binary, folder, per_block, threads):
    """The fastest of `repeat` runs: (wall seconds, timings, report)."""
    best = None
    for _ in range(repeat):
        log("%s ..." % label)
        wall, timings, report = run(binary, folder, per_block, threads)
        log("%s %.2f s" % (label, wall))
        if best is None or wall < best[0]:
            best = (wall, timings, report)
    return best


def run(binary, folder, per_block, threads):
    env = dict(os.environ)
    env.pop("MINESCREEN_CORRIDORS_PER_BLOCK", None)
    if per_block:
        env["MINESCREEN_CORRIDORS_PER_BLOCK"] = "1"
    out = os.path.join(folder, "screen-%s.json" % ("per-block" if per_block else "zones"))
    command = [binary, "screen", os.path.join(folder, "blocks.geojson"), "--id-field", "block_id",
               "--rules", os.path.join(folder, "rules.yaml"), "--format", "json", "-o", out, "--timings"]
    if threads:
        command += ["--threads", str(threads)]
    start = time.monotonic()
    r = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if r.returncode not in (0, 1):
        sys.exit("screen failed (%d):\n%s" % (r.returncode, r.stderr[-2000:]))
    timings = {}
    for line in r.stderr.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0] == "timing":
            timings[parts[1]] = float(parts[2])
    return wall, timings, json.load(open(out))


def compare(zones, per_block):
    """Blocks with another verdict; blocks whose conflicts differ by more than max(1 m2, 1e-6 of the block); the
    largest difference as a fraction of the block's area, and that block."""
    a, b = zones["blocks"], per_block["blocks"]
    assert [x["id"] for x in a] == [x["id"] for x in b], "block order differs"
    verdicts = sum(x["verdict"] != y["verdict"] for x, y in zip(a, b))
    apart, worst, where = 0, 0.0, None
    for x, y in zip(a, b):
        difference = abs(x["conflict_m2"] - y["conflict_m2"])
        apart += difference > max(1.0, y["area_m2"] * 1e-6)
        if difference / y["area_m2"] > worst:
            worst, where = difference / y["area_m2"], "%s (%.1f m2)" % (x["id"], difference)
    return verdicts, apart, worst, where


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blocks", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "minescreen"))
    parser.add_argument("--data", default=os.path.join(ROOT, "bench-data"))
    args = parser.parse_args()
    folder = os.path.join(args.data, "corridors-%d-%d" % (args.blocks, args.lines))
    make_scene(folder, args.blocks, args.lines, args.seed)
    results = {}
    for per_block in (False, True):
        label = "per-block" if per_block else "zones"
        results[label] = best_of(label, args.repeat, args.binary, folder, per_block, args.threads)
    verdicts, apart, worst, where = compare(results["zones"][2], results["per-block"][2])
    summary = results["zones"][2]["summary"]
    build = "release" if "release" in args.binary else "debug"
    phases = ["read", "reproject", "index", "intersect", "union", "area", "write", "other", "total"]
    lines = ["## Corridors built once per run (issue #14)", "",
             "Generated by `python3 Scripts/bench/corridors.py --blocks %d --lines %d --repeat %d` on %s UTC (%s build, "
             "%s); 2 cores, shared with other builds." % (args.blocks, args.lines, args.repeat,
                                                           time.strftime("%Y-%m-%d %H:%M", time.gmtime()), build,
                                                           os.path.relpath(args.binary, ROOT)),
             "Scene: %d blocks (0.4-1.2 km stars over ~60 x 60 km near 113E 36N), %d lines of 5-50 km (roads buffer_m 1000, "
             "rivers buffer_m 500); verdicts %s." % (args.blocks, args.lines,
                                                     ", ".join("%s %d" % (k, summary[k]) for k in ("clean", "needs-cut", "blocked"))),
             "", "| path | wall s | " + " | ".join(phases) + " |", "|---|---:|" + "---:|" * len(phases)]
    for label in ("zones", "per-block"):
        wall, timings, _ = results[label]
        lines.append("| %s | %.2f | " % (label, wall) + " | ".join("%.2f" % timings.get(p, 0) for p in phases) + " |")
    ratio = results["per-block"][0] / results["zones"][0]
    lines += ["", "Per-block / zones: %.1fx (wall). Verdicts differing: %d of %d. Conflicts differing by more than "
              "max(1 m2, 1e-6 of the block): %d; the largest difference %.2g of the block, %s." % (
                  ratio, verdicts, args.blocks, apart, worst, where or "-"), ""]
    print("\n".join(lines))
    if verdicts:
        sys.exit("the two paths disagree on verdicts")


if __name__ == "__main__":
    main()
