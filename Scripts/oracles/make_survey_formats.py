#!/usr/bin/env python3
"""Survey-format fixtures (坐标文件, corner-point CSV) and the check corpus, with oracles from pyproj/shapely.

Run from the repository root: python3 Scripts/oracles/make_survey_formats.py

1. Changzhi CS001–CS021 (Fixtures/changzhi-cs21.geojson, EPSG:4490 lon/lat) projected with pyproj into
   CGCS2000 3-degree Gauss-Krüger zone 38 WITH the zone prefix (EPSG:4526), written to 4 decimals (0.1 mm):
     Fixtures/coordfile/changzhi-cs21-gbk.txt   坐标文件, GBK, 带号=38; header 面积 = shapely planar area (ha, 4 dp)
     Fixtures/cornercsv/changzhi-cs21.csv       corner-point CSV 地块编号,地块名称,点号,圈号,X,Y (UTF-8 with BOM)
     Fixtures/cornercsv/changzhi-cs21-gbk.csv   the same in GBK
     Fixtures/coordfile/changzhi-cs21.oracle.json
   Oracle per block: the written (rounded) vertices inverse-projected with pyproj (EPSG:4526 -> EPSG:4490),
   then pyproj Geod(a=6378137, f=1/298.257222101) geodesic area (holes subtracted, parts summed); also the
   shapely planar area in the zone plane, and which blocks have a vertex west of zone 38's band (112.5°E).
   CS001/CS002 lie in zone 37: one zone per file means they are written in zone 38 and `check` flags them.
2. Fixtures/check/: a hand-made malformed corpus, expected findings in Fixtures/check/expected.json:
     bad-blocks.txt  (GBK 坐标文件, 带号=38)  CK01 clean; CK02 unclosed ring; CK03 bowtie; CK04 two points;
                     CK05 consecutive repeated point; CK06 one easting with prefix 37; CK07 a point visited twice
                     (non-consecutive repeat); CK08 declared area 1 % too large; CK09 two points west of 112.5°E
     swapped.csv     block S1 clean, block S2 with X and Y exchanged
   Expected `at` values are [X, Y] as written (northing, easting); self-intersection points from shapely's
   explain_validity, band membership from pyproj.
"""
import json
import os
import re

from pyproj import Geod, Transformer
from shapely.geometry import Polygon, shape
from shapely.validation import explain_validity

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "Fixtures")
GEOD = Geod(a=6378137, f=1 / 298.257222101)
TO_4526 = Transformer.from_crs("EPSG:4490", "EPSG:4526", always_xy=True)
TO_LONLAT = Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)
ZONE38_TO_LONLAT = Transformer.from_crs("EPSG:4547", "EPSG:4490", always_xy=True)

HEADER = ["[属性描述]", "格式版本号=1.01版本", "数据产生单位=长治市规划和自然资源局（示例）", "数据产生日期=2024-05-01",
          "坐标系=2000国家大地坐标系", "几度分带=3", "投影类型=高斯克吕格", "计量单位=米", "带号=38", "精度=0.0001",
          "转换参数=,,,,,,", "[地块坐标]"]


def r4(v):
    return float(f"{v:.4f}")


def geodesic(parts):
    """parts: list of rings lists in (E, N); first ring exterior, rest holes."""
    total = 0.0
    for rings in parts:
        for k, ring in enumerate(rings):
            lon, lat = TO_LONLAT.transform([p[0] for p in ring], [p[1] for p in ring])
            a = abs(GEOD.polygon_area_perimeter(lon, lat)[0])
            total += a if k == 0 else -a
    return total


def changzhi():
    src = json.load(open(os.path.join(FIX, "changzhi-cs21.geojson"), encoding="utf-8"))
    txt = list(HEADER)
    csv = ["地块编号,地块名称,点号,圈号,X,Y"]
    oracle = {"tool": "pyproj 4526->4490 inverse of the written vertices + Geod(a=6378137,f=1/298.257222101); shapely planar",
              "crs": "EPSG:4526", "blocks": {}}
    for f in src["features"]:
        code, name = f["properties"]["code"], f["properties"]["name"]
        geom = shape(f["geometry"])
        polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        parts = []
        for p in polys:
            rings = []
            for ring in [p.exterior] + list(p.interiors):
                e, n = TO_4526.transform(*zip(*ring.coords))
                rings.append([(r4(x), r4(y)) for x, y in zip(e, n)])  # closed: shapely repeats the first
            parts.append(rings)
        planar = sum(Polygon(r[0], r[1:]).area for r in parts)
        west = any(lon < 112.5 for rings in parts for ring in rings for lon in TO_LONLAT.transform(*zip(*ring))[0])
        oracle["blocks"][code] = {"area_m2": geodesic(parts), "planar_m2": planar, "parts": len(parts),
                                  "holes": sum(len(r) - 1 for r in parts), "outside_zone38_band": west}
        rings = [ring for r in parts for ring in r]
        txt.append(f"{sum(len(r) for r in rings)},{planar / 1e4:.4f},{code},{name},面,,采矿用地,,@")
        k = 0
        for number, ring in enumerate(rings, start=1):
            first = k + 1
            for i, (x, y) in enumerate(ring):
                if i == len(ring) - 1:
                    label = f"J{first}"
                else:
                    k += 1
                    label = f"J{k}"
                txt.append(f"{label},{number},{y:.4f},{x:.4f}")
                csv.append(f"{code},{name},{label},{number},{y:.4f},{x:.4f}")
    text = "\r\n".join(txt) + "\r\n"
    open(os.path.join(FIX, "coordfile/changzhi-cs21-gbk.txt"), "wb").write(text.encode("gbk"))
    table = "\r\n".join(csv) + "\r\n"
    open(os.path.join(FIX, "cornercsv/changzhi-cs21.csv"), "wb").write(b"\xef\xbb\xbf" + table.encode("utf-8"))
    open(os.path.join(FIX, "cornercsv/changzhi-cs21-gbk.csv"), "wb").write(table.encode("gbk"))
    json.dump(oracle, open(os.path.join(FIX, "coordfile/changzhi-cs21.oracle.json"), "w"), ensure_ascii=False, indent=1)


def square(e, n, size=1000.0):
    """A closed square as (E, N), counter-clockwise."""
    return [(e, n), (e + size, n), (e + size, n + size), (e, n + size), (e, n)]


def corpus():
    E, N = 38_420_000.0, 4_020_000.0
    blocks = []  # (code, rings as (E, N) lists exactly as written, declared ha, expected problems)
    ok = square(E, N)
    blocks.append(("CK01", [ok], None, []))
    unclosed = square(E, N + 2000)[:-1]
    blocks.append(("CK02", [unclosed], None, [{"code": "unclosed-ring", "at": [unclosed[0][1], unclosed[0][0]]}]))
    bow = [(E, N + 4000), (E + 1000, N + 5000), (E + 1000, N + 4000), (E, N + 5000), (E, N + 4000)]
    why = explain_validity(Polygon(bow))
    cross = [float(v) for v in re.findall(r"[-0-9.e+]+", why.split("[")[1])]
    assert why.startswith("Self-intersection"), why
    blocks.append(("CK03", [bow], 0.0, [{"code": "self-intersection", "at": [cross[1], cross[0]]}]))
    two = [(E, N + 6000), (E + 1000, N + 6000), (E, N + 6000)]
    blocks.append(("CK04", [two], 0.0, [{"code": "too-few-points", "at": None}]))
    dup = square(E, N + 8000)
    dup = dup[:3] + [dup[2]] + dup[3:]
    blocks.append(("CK05", [dup], None, [{"code": "duplicate-point", "at": [dup[3][1], dup[3][0]]}]))
    wrong = square(E, N + 10000)
    wrong[2] = (wrong[2][0] - 1_000_000, wrong[2][1])  # zone prefix 37 instead of 38
    declared_ck06 = Polygon(square(E, N + 10000)).area / 1e4
    blocks.append(("CK06", [wrong], declared_ck06, [{"code": "zone-mismatch", "at": [wrong[2][1], wrong[2][0]]}]))
    c = (E + 500, N + 12500)
    pinch = [(E, N + 12000), (E + 1000, N + 12000), c, (E + 1000, N + 13000), (E, N + 13000), c, (E, N + 12000)]
    blocks.append(("CK07", [pinch], None, [{"code": "duplicate-point", "at": [c[1], c[0]]}]))
    off = square(E, N + 14000)
    blocks.append(("CK08", [off], Polygon(off).area / 1e4 * 1.01, [{"code": "area-mismatch", "at": None}]))
    # Zone 38's band begins at 112.5°E; near 36.4°N that is about 365 km of offset easting.
    west_e = 38_364_000.0
    seam = square(west_e, N + 16000, 2000.0)
    expected = []
    for x, y in seam[:-1]:
        lon, _ = ZONE38_TO_LONLAT.transform(x - 38_000_000, y)
        if lon < 112.5:
            expected.append({"code": "zone-mismatch", "at": [y, x]})
    assert 0 < len(expected) < 4
    blocks.append(("CK09", [seam], None, expected))

    lines = list(HEADER)
    lines[9] = "精度=0.01"
    expect = {}
    for code, rings, declared, problems in blocks:
        if declared is None:
            closed = [r if r[0] == r[-1] else r + [r[0]] for r in rings]
            declared = Polygon(closed[0], closed[1:]).area / 1e4
        lines.append(f"{sum(len(r) for r in rings)},{declared:.4f},{code},检查样例{code[2:]},面,,采矿用地,,@")
        k = 0
        for number, ring in enumerate(rings, start=1):
            for x, y in ring:
                k += 1
                lines.append(f"J{k},{number},{y:.2f},{x:.2f}")
        expect[code] = problems
    open(os.path.join(FIX, "check/bad-blocks.txt"), "wb").write(("\r\n".join(lines) + "\r\n").encode("gbk"))

    rows = ["地块编号,点号,X,Y"]
    good = square(E, N)
    for k, (x, y) in enumerate(good, start=1):
        rows.append(f"S1,J{k},{y:.2f},{x:.2f}")
    for k, (x, y) in enumerate(square(E, N + 2000), start=1):
        rows.append(f"S2,J{k},{x:.2f},{y:.2f}")  # X and Y exchanged
    open(os.path.join(FIX, "check/swapped.csv"), "wb").write(("\n".join(rows) + "\n").encode("utf-8"))
    json.dump({"tool": "hand-made corpus; crossing point from shapely explain_validity, band test with pyproj (EPSG:4547 -> 4490)",
               "at": "[X, Y] as written: northing, easting; null where a finding has no point",
               "files": {"bad-blocks.txt": expect,
                         "swapped.csv": {"S1": [], "S2": [{"code": "swapped-axes", "at": None, "line": 7}]}}},
              open(os.path.join(FIX, "check/expected.json"), "w"), ensure_ascii=False, indent=1)


changzhi()
corpus()
