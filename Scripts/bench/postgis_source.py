#!/usr/bin/env python3
"""PostGIS as a source (issue #17): a province-sized farmland table, 100 blocks in one county.

  python3 Scripts/bench/postgis_source.py                 # scale 4: ~1.2 M parcels (make_city.py), 100 blocks
  python3 Scripts/bench/postgis_source.py --scale 0.2     # pipeline test (~60 000 parcels)
  python3 Scripts/bench/postgis_source.py --no-build --repeat 3

Steps:
  build    swift build -c release (skip: --no-build)
  data     bench-data/city<S>/farmland.geojson from make_city.py --scale S (kept between runs)
  blocks   100 rectangular blocks, 0.2-2 km^2, seeded, inside one county-sized box (0.3 deg x 0.25 deg,
           about 27 km x 28 km) centred on the farmland: bench-data/city<S>/county-blocks.geojson
  table    Scripts/pg/start (throwaway server on a unix socket), ogr2ogr of farmland.geojson into
           public.bench_farmland (GiST index, ANALYZE); reloaded only when its row count differs
  runs     minescreen overlap of the 100 blocks against farmland, under /usr/bin/time -v, best of --repeat:
           (a) farmland='PG:… tables=public.bench_farmland'  (b) farmland=farmland.geojson, read whole
           rows fetched by (a): pg_stat_user_tables seq_tup_read + idx_tup_fetch before and after
  check    per block: farmland area (relative difference), feature ids: (a) must equal (b)
  report   markdown on stdout; with --results PATH (default Scripts/bench/RESULTS.md on a full run) the
           section "PostGIS as a source" there is replaced
"""
import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import _build  # noqa: E402
from city import measured, ensure_data  # noqa: E402

T0 = time.perf_counter()
SECTION = "## PostGIS as a source (issue #17)"


def log(msg):
    print("[pg-source %5.0fs] %s" % (time.perf_counter() - T0, msg), file=sys.stderr, flush=True)


def start_postgis():
    out = subprocess.run([os.path.join(ROOT, "Scripts", "pg", "start")], check=True, capture_output=True, text=True).stdout
    m = re.search(r"MINESCREEN_PG='([^']*)'", out)
    if not m:
        sys.exit("Scripts/pg/start printed no connection: " + out)
    return m.group(1)


def psql(conn, sql):
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conn, "-c", sql],
                       check=True, capture_output=True, text=True)
    return r.stdout.strip()


def farmland_extent(path, sample=20000):
    """Centre of the farmland: the median lon/lat of the first vertices of a sample of parcels (one per line)."""
    xs, ys = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.search(r'"coordinates":\s*\[\[\[\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)', line)
            if m:
                xs.append(float(m.group(1)))
                ys.append(float(m.group(2)))
                if len(xs) >= sample:
                    break
    xs.sort()
    ys.sort()
    return xs[len(xs) // 2], ys[len(ys) // 2]


def write_county_blocks(path, centre, count, seed=17):
    rng = random.Random(seed)
    cx, cy = centre
    features = []
    for k in range(count):
        area_km2 = 10 ** rng.uniform(math_log10(0.2), math_log10(2.0))
        side_y = (area_km2 ** 0.5) / 111.0
        side_x = side_y * rng.uniform(0.7, 1.4) / 0.81  # cos(36 deg): about square on the ground
        x0 = cx + rng.uniform(-0.15, 0.15 - side_x)
        y0 = cy + rng.uniform(-0.125, 0.125 - side_y)
        ring = [[x0, y0], [x0 + side_x, y0], [x0 + side_x, y0 + side_y], [x0, y0 + side_y], [x0, y0]]
        features.append({"type": "Feature", "properties": {"block_id": "Q%03d" % (k + 1)},
                         "geometry": {"type": "Polygon", "coordinates": [[[round(a, 8), round(b, 8)] for a, b in ring]]}})
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
           "features": features}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)


def math_log10(v):
    import math
    return math.log10(v)


def ensure_table(conn, farmland, expected_rows):
    have = psql(conn, "select count(*) from pg_class where relname = 'bench_farmland'")
    if have == "1" and psql(conn, "select count(*) from bench_farmland") == str(expected_rows):
        log("table bench_farmland present (%d rows)" % expected_rows)
        return None
    log("loading %s into PostGIS ..." % farmland)
    t0 = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:" + conn, farmland, "-nln", "bench_farmland", "-overwrite",
                    "-lco", "GEOMETRY_NAME=geom", "-lco", "LAUNDER=NO", "-lco", "SPATIAL_INDEX=GIST", "-gt", "65536"],
                   check=True)
    psql(conn, "analyze bench_farmland")
    return time.perf_counter() - t0


def fetched(conn):
    row = psql(conn, "select coalesce(seq_tup_read,0), coalesce(idx_tup_fetch,0), coalesce(seq_scan,0), coalesce(idx_scan,0) "
                     "from pg_stat_user_tables where relname = 'bench_farmland'")
    return [int(v) for v in row.split("|")]


def run_overlap(binary, blocks, layer, out_path, repeat):
    best = None
    for _ in range(repeat):
        r = measured([binary, "overlap", blocks, "--id-field", "block_id", "--layer", "farmland=" + layer,
                      "--layer-id-field", "farmland=BSM", "--format", "json", "-o", out_path, "--timings", "--quiet"])
        if r["rc"] != 0:
            sys.exit("minescreen failed (%s): %s" % (r["rc"], r["stderr"][-2000:]))
        if best is None or r["wall_s"] < best["wall_s"]:
            best = r
        best.setdefault("walls", []).append(r["wall_s"])
    return best


def compare(a_path, b_path):
    a = {b["id"]: b for b in json.load(open(a_path))["blocks"]}
    b = {b["id"]: b for b in json.load(open(b_path))["blocks"]}
    worst, ids_equal, features = 0.0, True, 0
    for k, x in a.items():
        y = b[k]
        fa, fb = x["overlaps"]["farmland"], y["overlaps"]["farmland"]
        worst = max(worst, abs(fa["area_m2"] - fb["area_m2"]) / max(x["area_m2"], 1e-9))
        ids_equal &= fa["features"] == fb["features"]
        features += len(fa["features"])
    return {"blocks": len(a), "max_rel_diff": worst, "ids_equal": ids_equal and set(a) == set(b), "overlapping_parcels": features}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=4.0)
    ap.add_argument("--blocks", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--results", default=None)
    a = ap.parse_args()
    if not a.no_build:
        _build.build(1, log)
    binary = os.path.join(ROOT, ".build", "release", "minescreen")
    folder = os.path.join(ROOT, "bench-data", "city%g" % a.scale)
    manifest = ensure_data(folder, a.scale)
    farmland = os.path.join(folder, "farmland.geojson")
    blocks = os.path.join(folder, "county-blocks.geojson")
    centre = farmland_extent(farmland)
    write_county_blocks(blocks, centre, a.blocks)
    conn = start_postgis()
    load_s = ensure_table(conn, farmland, manifest["parcels"])
    rows = int(psql(conn, "select count(*) from bench_farmland"))
    table = "PG:%s tables=public.bench_farmland" % conn

    before = fetched(conn)
    pg = run_overlap(binary, blocks, table, os.path.join(folder, "county-pg.json"), a.repeat)
    time.sleep(1.0)
    after = fetched(conn)
    read_rows = (after[0] - before[0] + after[1] - before[1]) // a.repeat
    seq_scans = (after[2] - before[2]) // a.repeat
    log("PostGIS run: %.2f s, %d rows fetched per run" % (pg["wall_s"], read_rows))
    fl = run_overlap(binary, blocks, farmland, os.path.join(folder, "county-file.json"), a.repeat)
    log("file run: %.2f s" % fl["wall_s"])
    check = compare(os.path.join(folder, "county-file.json"), os.path.join(folder, "county-pg.json"))
    if not check["ids_equal"] or check["max_rel_diff"] > 1e-9:
        log("RESULTS DIFFER: %s" % check)

    def timings(r):
        parts = [l.split("\t") for l in r["stderr"].splitlines() if l.startswith("timing\t")]
        return ", ".join("%s %s" % (p[1], p[2]) for p in parts if len(p) == 3 and p[1] in ("read", "index", "intersect", "union", "area", "total"))

    size_mb = os.path.getsize(farmland) / 1e6
    L = [SECTION, "",
         "Generated by `python3 Scripts/bench/postgis_source.py%s` on %s UTC; %s, %d cores, load average at end %.2f."
         % ("" if a.scale == 4 else " --scale %g" % a.scale, time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
            platform.platform(), os.cpu_count(), os.getloadavg()[0]),
         "",
         "Farmland: %d parcels (make_city.py --scale %g), GeoJSON %.0f MB; in PostGIS 15 + PostGIS 3 (Scripts/pg/start, "
         "unix socket) as public.bench_farmland with a GiST index%s. Blocks: %d rectangles of 0.2-2 km² in one county-sized "
         "box (0.3° × 0.25°) at the farmland's centre; %d parcels overlap them."
         % (rows, a.scale, size_mb, "" if load_s is None else " (ogr2ogr load and index %.0f s)" % load_s, check["blocks"],
            check["overlapping_parcels"]),
         "",
         "| farmland read from | wall s (best of %d) | peak RSS MB | CPU s | rows fetched |" % a.repeat,
         "|---|---:|---:|---:|---:|",
         "| PostGIS table, blocks' extent pushed down | %.2f | %.0f | %.2f | %d of %d (%s) |"
         % (pg["wall_s"], pg["peak_rss_mb"] or 0, (pg["user_s"] or 0) + (pg["sys_s"] or 0), read_rows, rows,
            "no sequential scan" if seq_scans == 0 else "%d sequential scans" % seq_scans),
         "| GeoJSON file, read whole | %.2f | %.0f | %.2f | all %d |"
         % (fl["wall_s"], fl["peak_rss_mb"] or 0, (fl["user_s"] or 0) + (fl["sys_s"] or 0), rows),
         "",
         "Same results: ids %s, largest farmland-area difference %.1e of a block's area."
         % ("equal" if check["ids_equal"] else "DIFFER", check["max_rel_diff"]),
         "Phases (`--timings`): PostGIS: %s. File: %s." % (timings(pg), timings(fl)),
         ""]
    text = "\n".join(L)
    print(text)
    results = a.results or (os.path.join(HERE, "RESULTS.md") if a.scale == 4 else None)
    if results:
        old = open(results, encoding="utf-8").read() if os.path.exists(results) else ""
        if SECTION in old:
            start = old.index(SECTION)
            rest = old[start + len(SECTION):]
            nxt = rest.find("\n## ")
            old = old[:start] + (rest[nxt + 1:] if nxt >= 0 else "")
        with open(results, "w", encoding="utf-8") as f:
            f.write(old.rstrip("\n") + "\n\n" + text)
        log("section written to %s" % results)


if __name__ == "__main__":
    main()
