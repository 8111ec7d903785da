#!/usr/bin/env python3
"""PostGIS side of Scripts/bench/run.py: a throwaway PostgreSQL server (unix socket only, no TCP)
in a temporary folder, the overlap job in SQL, then the server is stopped and the folder deleted.

  postgis_job.py --blocks F --block-id FIELD --layer NAME=PATH:IDFIELD [...] -o OUT.json

Prints one JSON object on stdout: {"skipped": "why"} when PostgreSQL/PostGIS is not available,
else timings (load per table, index, intersection, union+areas) and settings.
Loader: ogr2ogr (gdal-bin) when present, else a Python loader (json -> WKT -> psql \\copy).
Areas: ST_Area(geom::geography, true) -- on the spheroid of the geometry's SRID (4490 ->
CGCS2000/GRS80); the WGS84 figure is computed once for the block total to show the difference.
"""
import argparse
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PG_BIN_CANDIDATES = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"]
SETTINGS = {
    # throwaway server: durability off, memory for a 24 GiB / 2-core machine
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
    "shared_buffers": "2GB", "work_mem": "512MB", "maintenance_work_mem": "1GB",
    "max_parallel_workers_per_gather": "2", "max_wal_size": "4GB",
}


def find_bin(name):
    for d in PG_BIN_CANDIDATES:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return shutil.which(name)


class Server:
    def __init__(self):
        self.root = None
        self.started = False

    def as_owner(self, cmd):
        return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd

    def start(self, port):
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise SkipError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.pg_ctl = pg_ctl
        self.root = tempfile.mkdtemp(prefix="minescreen-bench-pg-")
        self.data, self.sock = os.path.join(self.root, "data"), os.path.join(self.root, "sock")
        os.makedirs(self.sock)
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise SkipError("running as root and there is no postgres user to own the server")
            for p in (self.root, self.sock):
                os.chown(p, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o755)
        subprocess.run(self.as_owner([initdb, "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                      "--locale=C"]), check=True, capture_output=True)
        opts = "-p %d -k %s -c listen_addresses=''" % (port, self.sock)
        opts += "".join(" -c %s=%s" % kv for kv in SETTINGS.items())
        subprocess.run(self.as_owner([pg_ctl, "-D", self.data, "-o", opts, "-l", os.path.join(self.root, "log"),
                                      "-w", "start"]), check=True, capture_output=True)
        self.started = True
        self.port = port

    def stop(self):
        if self.started:
            subprocess.run(self.as_owner([self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop"]),
                           capture_output=True)
            self.started = False
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def psql(self, sql, db="bench", csv=False, stdin=None):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.sock, "-p", str(self.port), "-U", "postgres",
               "-d", db]
        cmd += (["--csv", "-t"] if csv else [])
        cmd += ["-c", sql]
        r = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("psql failed: %s\n%s" % (sql[:200], r.stderr))
        return r.stdout

    def timed(self, sql):
        t0 = time.perf_counter()
        self.psql(sql)
        return time.perf_counter() - t0

    @property
    def ogr_dsn(self):
        return "PG:host=%s port=%d dbname=bench user=postgres" % (self.sock, self.port)


class SkipError(Exception):
    pass


class MemorySampler:
    """Peak total PSS (proportional set size, so shared buffers count once) of the postmaster and its
    backends, sampled every 0.25 s from /proc: the server is not a child of this process, so
    /usr/bin/time cannot see it."""

    def __init__(self, data_dir):
        import threading
        self.data_dir, self.peak_kb, self.stop_flag = data_dir, 0, False
        self.thread = threading.Thread(target=self.run, daemon=True)

    def pids(self):
        try:
            root = int(open(os.path.join(self.data_dir, "postmaster.pid")).readline())
        except (OSError, ValueError):
            return []
        out = [root]
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    if int(open("/proc/%s/stat" % d).read().rsplit(")", 1)[1].split()[1]) == root:
                        out.append(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        return out

    def run(self):
        while not self.stop_flag:
            total = 0
            for pid in self.pids():
                try:
                    for line in open("/proc/%d/smaps_rollup" % pid):
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                            break
                except OSError:
                    pass
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(0.25)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stop_flag = True
        self.thread.join(timeout=2)


def ring_wkt(ring):
    return "(" + ",".join("%r %r" % (p[0], p[1]) for p in ring) + ")"


def python_load(server, table, path, idf):
    """Fallback loader without GDAL: parse with json, send EWKT through psql \\copy."""
    with open(path, "rb") as f:
        doc = json.load(f)
    srid = 4490
    lines = []
    for k, feat in enumerate(doc["features"]):
        g = feat["geometry"]
        if g["type"] == "Polygon":
            wkt = "POLYGON(" + ",".join(ring_wkt(r) for r in g["coordinates"]) + ")"
        else:
            wkt = "MULTIPOLYGON(" + ",".join("(" + ",".join(ring_wkt(r) for r in p) + ")" for p in g["coordinates"]) + ")"
        lines.append("%d\t%s\tSRID=%d;%s" % (k + 1, feat["properties"][idf], srid, wkt))
    server.psql("CREATE TABLE %s (gid integer PRIMARY KEY, %s text, geom geometry(Geometry,%d))" % (table, idf.lower(), srid))
    server.psql("\\copy %s FROM STDIN" % table, stdin="\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--blocks", required=True)
    ap.add_argument("--block-id", required=True)
    ap.add_argument("--layer", action="append", required=True, help="NAME=PATH:IDFIELD")
    ap.add_argument("--port", type=int, default=55439)
    ap.add_argument("--loader", choices=["auto", "ogr2ogr", "python"], default="auto")
    ap.add_argument("-o", required=True)
    a = ap.parse_args()
    # a caller's timeout sends SIGTERM: leave through `finally`, which stops the server and deletes its folder
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    layers = []
    for spec in a.layer:
        name, rest = spec.split("=", 1)
        path, idf = rest.rsplit(":", 1)
        layers.append((name, path, idf))

    server = Server()
    try:
        if not shutil.which("psql"):
            raise SkipError("psql not found (apt-get install postgresql-client)")
        server.start(a.port)
        sampler = MemorySampler(server.data)
        sampler.start()
        server.psql("CREATE DATABASE bench", db="postgres")
        try:
            server.psql("CREATE EXTENSION postgis")
        except RuntimeError as e:
            raise SkipError("PostGIS extension not available (apt-get install postgresql-15-postgis-3): %s"
                            % str(e).strip().splitlines()[-1])
        version = server.psql("SELECT postgis_full_version()", csv=True).strip().strip('"').replace('""', '"')
        loader = a.loader
        if loader == "auto":
            loader = "ogr2ogr" if shutil.which("ogr2ogr") else "python"
        timings = {"load_s": {}, "index_s": {}}
        tables = [("blocks", a.blocks, a.block_id)] + [(n, p, i) for n, p, i in layers]
        for table, path, idf in tables:
            t0 = time.perf_counter()
            if loader == "ogr2ogr":
                subprocess.run(["ogr2ogr", "-f", "PostgreSQL", server.ogr_dsn, path, "-nln", table,
                                "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=gid", "-lco", "SPATIAL_INDEX=NONE",
                                "-lco", "PRECISION=NO", "-nlt", "POLYGON"],
                               check=True, capture_output=True)
            else:
                python_load(server, table, path, idf)
            timings["load_s"][table] = time.perf_counter() - t0
            timings["index_s"][table] = server.timed("CREATE INDEX ON %s USING GIST (geom); ANALYZE %s" % (table, table))
        srid = server.psql("SELECT Find_SRID('public','blocks','geom')", csv=True).strip()
        bid = a.block_id.lower()

        # 1. pieces: intersection of every block with every feature it meets (polygonal part only)
        selects = []
        for name, _, idf in layers:
            selects.append(
                "SELECT b.%s AS bid, '%s'::text AS layer, f.%s::text AS fid, "
                "ST_CollectionExtract(ST_Intersection(b.geom, f.geom), 3) AS g "
                "FROM blocks b JOIN %s f ON ST_Intersects(b.geom, f.geom)" % (bid, name, idf.lower(), name))
        timings["intersection_s"] = server.timed(
            "CREATE UNLOGGED TABLE pieces AS " + " UNION ALL ".join(selects))
        # 2. per block and layer: union, its geodesic area, count/ids of pieces with area > 1e-4 m² and
        #    mean width 2·area/perimeter >= 1 mm (minescreen's noise rule);
        #    conflict: union over layers per block.
        t0 = time.perf_counter()
        server.psql("""
            CREATE UNLOGGED TABLE per_layer AS
            SELECT bid, layer, ST_Union(g) AS u,
                   array_agg(fid ORDER BY fid) FILTER (WHERE a > 1e-4 AND p > 0 AND 2 * a / p >= 1e-3) AS ids
            FROM (SELECT *, ST_Area(g::geography, true) AS a, ST_Perimeter(g::geography, true) AS p
                  FROM pieces WHERE NOT ST_IsEmpty(g)) q
            GROUP BY bid, layer""")
        rows = server.psql("""
            WITH c AS (SELECT bid, ST_Area(ST_Union(u)::geography, true) AS conflict FROM per_layer GROUP BY bid)
            SELECT b.%s, ST_Area(b.geom::geography, true), coalesce(c.conflict, 0),
                   coalesce((SELECT json_object_agg(layer, json_build_object(
                       'area_m2', ST_Area(u::geography, true), 'features', coalesce(ids, '{}')))
                     FROM per_layer p WHERE p.bid = b.%s), '{}')
            FROM blocks b LEFT JOIN c ON c.bid = b.%s ORDER BY b.gid""" % (bid, bid, bid), csv=True)
        timings["union_area_s"] = time.perf_counter() - t0
        timings["overlay_s"] = timings["intersection_s"] + timings["union_area_s"]
        timings["load_total_s"] = sum(timings["load_s"].values()) + sum(timings["index_s"].values())
        spheroids = server.psql(
            "SELECT sum(ST_Area(geom::geography, true)), sum(ST_Area(ST_SetSRID(geom, 4326)::geography, true)) "
            "FROM blocks", csv=True).strip().split(",")
        out_blocks = []
        import csv as csvmod
        for rec in csvmod.reader(rows.splitlines()):
            ov = json.loads(rec[3])
            full = {}
            for name, _, _ in layers:
                o = ov.get(name, {"area_m2": 0.0, "features": []})
                full[name] = {"area_m2": float(o["area_m2"]), "count": len(o["features"]), "features": o["features"]}
            area, conflict = float(rec[1]), float(rec[2])
            out_blocks.append({"id": rec[0], "area_m2": area, "overlaps": full, "conflict_m2": conflict,
                               "clean_m2": area - conflict})
        with open(a.o, "w") as f:
            json.dump({"tool": "postgis", "blocks": out_blocks}, f)
        result = dict(timings)
        sampler.stop()
        result["server_peak_pss_mb"] = sampler.peak_kb / 1024
        result.update({"loader": loader, "srid": srid, "version": version, "settings": SETTINGS,
                       "blocks_total_m2_srid_spheroid": float(spheroids[0]),
                       "blocks_total_m2_wgs84": float(spheroids[1])})
    except SkipError as e:
        result = {"skipped": str(e)}
    except subprocess.CalledProcessError as e:
        result = {"skipped": "command failed: %s: %s" % (" ".join(e.cmd[:3]), (e.stderr or b"").decode()[-500:])}
    finally:
        server.stop()
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
