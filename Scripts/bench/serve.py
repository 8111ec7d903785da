#!/usr/bin/env python3
"""Benchmark of `minescreen serve` (issue #16) on the city scene (Scripts/bench/make_city.py, scale 1).

  python3 Scripts/bench/serve.py                 # build, data if missing, every step
  python3 Scripts/bench/serve.py --no-build --requests 2000 --rss-requests 10000 --soak 60
  python3 Scripts/bench/serve.py --no-build --skip-postgis --results /tmp/serve-results.md

Steps (the release binary; the scene's farmland, redline and urban layers in one rules file):
  cli        `minescreen screen` of one block (its wall time is the CLI's load time: reading and indexing every
             layer, then one block), and of the whole 2000-block file (--timings: read, index, screen phases)
  ready      `minescreen serve --port 0`: time from start to its "listening on" line
  latency    4 concurrent clients, each posting single-block GeoJSON bodies (the scene's blocks in turn) on a
             kept-alive connection: p50, p99, max, requests/s (client side, whole HTTP round trip)
  whole      the 2000-block file in one request, against the CLI's whole-file time minus its load time
  rss        VmRSS of the server after a warm-up and after --rss-requests more single-block requests
  soak       --soak seconds of 8 clients with a reload (POST /v1/reload after changing the urban layer's file) in the middle:
             every request must be answered 200
  postgis    the same single-block questions (per layer: area of the union of the block's intersections) asked of
             PostGIS by 4 concurrent psql sessions on a throwaway server (postgis_job.Server), timed by psql's
             \\timing; skipped when PostgreSQL/PostGIS is missing (--skip-postgis to skip on purpose)
Writes DATA/serve-results.json and a markdown section on stdout; --results FILE replaces the
"Screening service" section of that file (default Scripts/bench/RESULTS.md) with it.
"""
import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import _build

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(ROOT, ".build", "release", "minescreen")
LAYERS = [("farmland", "farmland.geojson", "BSM"), ("redline", "redline.geojson", "HXBH"),
          ("urban", "urban.geojson", "CZKFBJ")]
BLOCK_ID = "block_id"
SECTION = "## Screening service (`minescreen serve`, issue #16)"
T0 = time.perf_counter()


def log(msg):
    print("[serve %5.0fs] %s" % (time.perf_counter() - T0, msg), file=sys.stderr, flush=True)


def ensure_data(folder):
    manifest = os.path.join(folder, "manifest.json")
    if not os.path.exists(manifest):
        log("generating the city scene into %s ..." % folder)
        subprocess.run([sys.executable, os.path.join(HERE, "make_city.py"), "--scale", "1", "--out", folder], check=True)
    return json.load(open(manifest))


def write_rules(folder):
    """The rules file of the run. The urban layer is read from a copy the soak step rewrites (one byte more), so
    that its reload really reads a changed file; the scene itself is left as generated."""
    path = os.path.join(folder, "serve-rules.yaml")
    shutil.copyfile(os.path.join(folder, "urban.geojson"), os.path.join(folder, "serve-urban.geojson"))
    lines = ["tolerance_m2: 1", "min_clean_area_m2: 10000", "layers:"]
    for name, file, idf in LAYERS:
        file = "serve-urban.geojson" if name == "urban" else file
        lines += ["  - name: %s" % name, "    path: %s" % file, "    id_field: %s" % idf]
    open(path, "w").write("\n".join(lines) + "\n")
    return path


def read_blocks(folder):
    collection = json.load(open(os.path.join(folder, "blocks.geojson")))
    return collection, [json.dumps({"type": "FeatureCollection", "crs": collection.get("crs"), "features": [f]}).encode()
                        for f in collection["features"]]


def timed_run(cmd):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True)
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1, 3):
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd[:3]), r.returncode, r.stderr.decode()[-1500:]))
    timings = {m.group(1): float(m.group(2)) for m in re.finditer(r"^timing\t([^\t]+)\t([-\d.eE+]+)\s*$", r.stderr.decode(), re.M)}
    return wall, timings, r.stdout


class Server:
    """`minescreen serve` in its own process; `ready_s` is the time to its "listening on" line."""

    def __init__(self, rules, threads=None):
        cmd = [BIN, "serve", "--rules", rules, "--port", "0", "--max-body-mb", "256"]
        if threads:
            cmd += ["--threads", str(threads)]
        t0 = time.perf_counter()
        self.process = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        self.log = []
        self.port = None
        for raw in self.process.stderr:
            line = raw.decode(errors="replace")
            self.log.append(line)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        self.ready_s = time.perf_counter() - t0
        if self.port is None:
            raise RuntimeError("server did not start:\n" + "".join(self.log[-20:]))
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()

    def _drain(self):
        for raw in self.process.stderr:
            self.log.append(raw.decode(errors="replace"))

    def rss_mb(self):
        for line in open("/proc/%d/status" % self.process.pid):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=120)


class Client:
    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def post(self, body, path="/v1/screen?id-field=" + BLOCK_ID):
        t0 = time.perf_counter()
        try:
            self.connection.request("POST", path, body=body, headers={"Content-Type": "application/geo+json"})
            response = self.connection.getresponse()
            data = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            return time.perf_counter() - t0, 0, str(error).encode()
        return time.perf_counter() - t0, status, data


def load_clients(port, bodies, clients, count=None, seconds=None, offset=0):
    """`clients` threads posting single-block bodies in turn; returns [(latency s, status)]."""
    results, lock = [], threading.Lock()
    next_index = [offset]
    deadline = time.perf_counter() + seconds if seconds else None

    def worker():
        client = Client(port)
        while True:
            with lock:
                k = next_index[0]
                if count is not None and k - offset >= count:
                    return
                next_index[0] += 1
            if deadline and time.perf_counter() > deadline:
                return
            latency, status, _ = client.post(bodies[k % len(bodies)])
            with lock:
                results.append((latency, status))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def latency_summary(results, wall):
    ok = [l for l, s in results if s == 200]
    return {"requests": len(results), "ok": len(ok), "failed": len(results) - len(ok),
            "p50_ms": percentile(ok, 50) * 1000 if ok else None, "p99_ms": percentile(ok, 99) * 1000 if ok else None,
            "max_ms": max(ok) * 1000 if ok else None, "mean_ms": statistics.mean(ok) * 1000 if ok else None,
            "per_s": len(results) / wall if wall else None}


def postgis_latency(folder, collection, clients, count):
    """The single-block questions asked of PostGIS by `clients` psql sessions; psql's \\timing per query."""
    sys.path.insert(0, HERE)
    import postgis_job
    if not shutil.which("psql") or not shutil.which("ogr2ogr"):
        return {"skipped": "psql or ogr2ogr not found"}
    server = postgis_job.Server()
    try:
        server.start(55441)
        server.psql("CREATE DATABASE bench", db="postgres")
        try:
            server.psql("CREATE EXTENSION postgis")
        except RuntimeError as error:
            return {"skipped": "PostGIS extension not available: %s" % str(error).strip().splitlines()[-1]}
        t0 = time.perf_counter()
        for name, file, _ in LAYERS:
            subprocess.run(["ogr2ogr", "-f", "PostgreSQL", server.ogr_dsn, os.path.join(folder, file), "-nln", name,
                            "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=NONE", "-lco", "PRECISION=NO",
                            "-nlt", "PROMOTE_TO_MULTI"], check=True, capture_output=True)
            server.psql("CREATE INDEX ON %s USING GIST (geom); ANALYZE %s" % (name, name))
        load_s = time.perf_counter() - t0
        queries = []
        for feature in collection["features"]:
            geometry = json.dumps(feature["geometry"]).replace("'", "''")
            parts = ["SELECT '%s' AS layer, ST_Area(ST_Union(ST_Intersection(b.g, f.geom))::geography, true) "
                     "FROM b JOIN %s f ON ST_Intersects(b.g, f.geom)" % (name, name) for name, _, _ in LAYERS]
            queries.append("WITH b AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON('%s'), 4490) AS g) %s;"
                           % (geometry, " UNION ALL ".join(parts)))
        per_client = [queries[k::clients][:max(1, count // clients)] for k in range(clients)]
        times, lock = [], threading.Lock()

        def session(batch):
            cmd = ["psql", "-X", "-q", "-h", server.sock, "-p", str(server.port), "-U", "postgres", "-d", "bench",
                   "-o", "/dev/null"]
            script = "\\timing on\n" + "\n".join(batch) + "\n"
            r = subprocess.run(cmd, input=script, capture_output=True, text=True)
            found = [float(m.group(1)) / 1000 for m in re.finditer(r"Time: ([\d.]+) ms", r.stdout + r.stderr)]
            with lock:
                times.extend(found)

        threads = [threading.Thread(target=session, args=(batch,)) for batch in per_client]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        result = latency_summary([(t, 200) for t in times], wall)
        result["load_and_index_s"] = load_s
        result["version"] = server.psql("SELECT postgis_lib_version()", csv=True).strip()
        return result
    except postgis_job.SkipError as error:
        return {"skipped": str(error)}
    finally:
        server.stop()


def fmt(x, digits=1):
    return "—" if x is None else ("%.*f" % (digits, x))


def report(R):
    lines = [SECTION, ""]
    lines.append("Generated by `python3 Scripts/bench/serve.py %s` on %s UTC. **Machine:** %d cores, %s; load average "
                 "at start %s, at end %s (other builds shared the machine when above 2). "
                 "Data: city1 (%d parcels, 3000 red lines, 100 urban boundaries, 2000 blocks), rules tolerance 1 m², "
                 "minimum clean remainder 10 000 m²."
                 % (" ".join(R["argv"]), R["date"], os.cpu_count(), platform.platform(), R["load_start"], R["load_end"],
                    R["parcels"]))
    lines.append("")
    c, s = R["cli"], R["server"]
    lines += ["| step | measured | target (issue #16) | met |", "|---|---:|---|---|"]
    ready_ok = s["ready_s"] <= 1.5 * c["load_s"]
    lines.append("| CLI load (screen of one block: read + index + 1 block) | %.2f s | | |" % c["load_s"])
    lines.append("| service ready (start to `listening on`) | %.2f s (%.2f× CLI load) | ≤ 1.5× CLI load | %s |"
                 % (s["ready_s"], s["ready_s"] / c["load_s"], "yes" if ready_ok else "no"))
    L = R["latency"]
    lines.append("| single block, 4 concurrent clients, %d requests: p50 | %s ms | ≤ 25 ms | %s |"
                 % (L["requests"], fmt(L["p50_ms"]), "yes" if L["p50_ms"] is not None and L["p50_ms"] <= 25 else "no"))
    lines.append("| … p99 (max %s ms, %s requests/s, %d failed) | %s ms | ≤ 100 ms | %s |"
                 % (fmt(L["max_ms"]), fmt(L["per_s"]), L["failed"], fmt(L["p99_ms"]),
                    "yes" if L["p99_ms"] is not None and L["p99_ms"] <= 100 else "no"))
    W = R["whole"]
    lines.append("| whole 2000-block file in one request | %.2f s | ≤ CLI whole-file %.2f s − load %.2f s = %.2f s | %s |"
                 % (W["request_s"], c["whole_s"], c["load_s"], c["whole_s"] - c["load_s"],
                    "yes" if W["request_s"] <= c["whole_s"] - c["load_s"] else "no"))
    M = R["rss"]
    lines.append("| RSS over %d single-block requests | %.0f → %.0f MB (%+.1f %%) | growth ≤ 10 %% | %s |"
                 % (M["requests"], M["before_mb"], M["after_mb"], M["growth_percent"],
                    "yes" if M["growth_percent"] <= 10 else "no"))
    S = R["soak"]
    lines.append("| soak: %d s, 8 clients, reload in the middle (%s) | %d requests, %d failed | none lost | %s |"
                 % (S["seconds"], "reload %s" % S["reload_status"], S["requests"], S["failed"],
                    "yes" if S["failed"] == 0 and S["reload_status"] == 200 else "no"))
    P = R.get("postgis", {})
    if "skipped" in P:
        lines.append("| PostGIS, same single-block questions | skipped: %s | | |" % P["skipped"])
    elif P:
        lines.append("| PostGIS %s, same single-block questions, 4 psql sessions, %d queries: p50 / p99 | %s / %s ms "
                     "(load + GiST %.1f s) | (comparison) | |"
                     % (P.get("version", ""), P["requests"], fmt(P["p50_ms"]), fmt(P["p99_ms"]), P["load_and_index_s"]))
    lines.append("")
    lines.append("CLI phases of the whole-file run (`--timings`, s): " + ", ".join(
        "%s %.2f" % (k, v) for k, v in c["whole_timings"].items()))
    lines.append("")
    lines.append("Latency is measured by the client (Python http.client, one kept-alive connection per client): the "
                 "whole HTTP round trip, reading the body, screening, writing the JSON report. PostGIS times are "
                 "psql's `\\timing` (server execution and transfer, no client start), for the overlap areas alone "
                 "(no verdicts, remainders or report).")
    return "\n".join(lines) + "\n"


def replace_section(path, section):
    text = open(path).read() if os.path.exists(path) else ""
    start = text.find(SECTION)
    if start >= 0:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "bench-data", "city1"))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--build-retries", type=int, default=1)
    ap.add_argument("--requests", type=int, default=2000, help="single-block requests for the latency step")
    ap.add_argument("--rss-requests", type=int, default=10000)
    ap.add_argument("--soak", type=int, default=60, help="seconds")
    ap.add_argument("--skip-postgis", action="store_true")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    a = ap.parse_args()
    if not a.no_build:
        _build.build(a.build_retries, log)
    manifest = ensure_data(a.data)
    rules = write_rules(a.data)
    collection, bodies = read_blocks(a.data)
    R = {"argv": sys.argv[1:], "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "parcels": manifest.get("parcels", 0),
         "load_start": "%.2f/%.2f/%.2f" % os.getloadavg()}

    log("CLI: one block, then the whole file")
    one = os.path.join(tempfile.mkdtemp(prefix="serve-bench-"), "one.geojson")
    open(one, "wb").write(bodies[0])
    load_s, _, _ = timed_run([BIN, "screen", one, "--rules", rules, "--id-field", BLOCK_ID, "--format", "json", "--quiet"])
    whole_s, whole_timings, _ = timed_run([BIN, "screen", os.path.join(a.data, "blocks.geojson"), "--rules", rules,
                                           "--id-field", BLOCK_ID, "--format", "json", "--quiet", "--timings"])
    R["cli"] = {"load_s": load_s, "whole_s": whole_s, "whole_timings": whole_timings}

    log("server: start")
    server = Server(rules)
    R["server"] = {"ready_s": server.ready_s}
    try:
        log("latency: 4 clients, %d requests" % a.requests)
        load_clients(server.port, bodies, 4, count=40)  # warm-up: first PROJ transformers, page-ins
        results, wall = load_clients(server.port, bodies, 4, count=a.requests)
        R["latency"] = latency_summary(results, wall)
        log("latency: %s" % R["latency"])

        log("whole file in one request")
        client = Client(server.port)
        request_s, status, _ = client.post(open(os.path.join(a.data, "blocks.geojson"), "rb").read())
        R["whole"] = {"request_s": request_s, "status": status}

        log("rss: %d requests" % a.rss_requests)
        load_clients(server.port, bodies, 4, count=500)
        before = server.rss_mb()
        results, wall = load_clients(server.port, bodies, 4, count=a.rss_requests)
        after = server.rss_mb()
        R["rss"] = {"requests": a.rss_requests, "before_mb": before, "after_mb": after,
                    "growth_percent": (after - before) / before * 100, "failed": sum(1 for _, s in results if s != 200)}

        log("soak: %d s with 8 clients and a reload" % a.soak)
        reload_status = [None]

        def reload_later():
            time.sleep(a.soak / 2)
            with open(os.path.join(a.data, "serve-urban.geojson"), "ab") as f:
                f.write(b"\n")
            reload_status[0] = Client(server.port).post(b"", path="/v1/reload")[1]

        reloader = threading.Thread(target=reload_later)
        reloader.start()
        results, wall = load_clients(server.port, bodies, 8, seconds=a.soak)
        reloader.join()
        R["soak"] = dict(latency_summary(results, wall), seconds=a.soak, reload_status=reload_status[0])
    finally:
        R["server"]["exit"] = server.stop()
    if not a.skip_postgis:
        log("PostGIS: the same single-block questions")
        R["postgis"] = postgis_latency(a.data, collection, 4, min(a.requests, len(collection["features"])))
    R["load_end"] = "%.2f/%.2f/%.2f" % os.getloadavg()
    json.dump(R, open(os.path.join(a.data, "serve-results.json"), "w"), indent=1)
    section = report(R)
    print(section)
    if a.results:
        replace_section(a.results, section)
        log("wrote %s" % a.results)


if __name__ == "__main__":
    main()
