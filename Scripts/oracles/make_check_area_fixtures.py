#!/usr/bin/env python3
"""Oracles and hand-made 坐标文件 for `check --area-method`, zone inference and exact planar areas.

Output (run from the repo root: python3 Scripts/oracles/make_check_area_fixtures.py): Fixtures/check/fix5/

- square-tdt.txt: a 1 km square (X 4000000–4001000, Y 38420000–38421000, 3° zone 38, 80 km west of the
  central meridian) whose 面积 is its TD/T 1055 area in ha to 4 decimals. The TD/T 1055 area is computed here
  with pyproj only: each plane edge cut into ceil(length / 70 m) equal pieces (this script's code), every
  point to lon/lat with pyproj (EPSG:4526 → 4490, always_xy), Karney area with pyproj.Geod on the CGCS2000
  ellipsoid. Also the ellipsoidal area (Geod on the 4 corners) and the plane area (closed form: 1e6 m²).
  square.oracle.json holds the three.
- rect-exact.txt: a rectangle 8 m × 125.015625 m (binary-exact numbers), plane area 1000.125 m² exactly
  (closed form), which prints 1000.13 at 2 decimals when ties round half up as CAD prints them.
- unprefixed-38.txt: 带号=38 with eastings without the zone prefix (a clean block: no findings expected).
- stray-37.txt: no 带号; one easting with prefix 37 among prefix-38 eastings (expected: zone-mismatch at
  that point, no self-intersection).
"""
import json
import math
import os

from pyproj import Geod, Transformer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Fixtures", "check", "fix5")
GEOD = Geod(a=6378137.0, f=1 / 298.257222101)
MAX_SEGMENT = 70.0

HEADER = """[属性描述]
格式版本号=1.01版本
数据产生单位=
数据产生日期=2026-11-23
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
{zone}精度=0.0001
转换参数=,,,,,,
[地块坐标]
"""


def densify(ring):
    out = [ring[0]]
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        n = max(1, math.ceil(math.hypot(x2 - x1, y2 - y1) / MAX_SEGMENT))
        out += [(x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n) for k in range(1, n + 1)]
    return out


def lonlat(ring):
    t = Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)
    return [t.transform(e, n) for e, n in ring]


def geod_area(ring):
    area, _ = GEOD.polygon_area_perimeter([p[0] for p in ring], [p[1] for p in ring])
    return abs(area)


def block(header, points):
    """points: (X northing, Y easting) strings, first repeated at the end."""
    lines = [header] + [f"J{k + 1 if k < len(points) - 1 else 1},1,{x},{y}" for k, (x, y) in enumerate(points)]
    return "\n".join(lines) + "\n"


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    # (easting, northing), counter-clockwise, closed
    square = [(38420000.0, 4000000.0), (38421000.0, 4000000.0), (38421000.0, 4001000.0), (38420000.0, 4001000.0),
              (38420000.0, 4000000.0)]
    tdt = geod_area(lonlat(densify(square)))
    ellipsoidal = geod_area(lonlat(square))
    declared_ha = round(tdt / 1e4, 4)
    pts = [(f"{n:.4f}", f"{e:.4f}") for e, n in square]
    write("square-tdt.txt", HEADER.format(zone="带号=38\n")
          + block(f"5,{declared_ha:.4f},SQ01,一公里方块,面,,采矿用地,,@", pts))
    with open(os.path.join(OUT, "square.oracle.json"), "w") as f:
        json.dump({"tdt1055_m2": tdt, "ellipsoidal_m2": ellipsoidal, "planar_m2": 1e6, "declared_ha": declared_ha}, f, indent=1)
        f.write("\n")

    # 8 × 125.015625 (= 125 + 1/64): every coordinate and the shoelace products are exact in binary.
    rect = [("4000000", "38420000"), ("4000000", "38420125.015625"), ("4000008", "38420125.015625"),
            ("4000008", "38420000"), ("4000000", "38420000")]
    write("rect-exact.txt", HEADER.format(zone="带号=38\n") + block("5,0.1000,RE01,矩形,面,,采矿用地,,@", rect))

    unprefixed = [(f"{n:.4f}", f"{e - 38_000_000:.4f}") for e, n in square]
    write("unprefixed-38.txt", HEADER.format(zone="带号=38\n")
          + block(f"5,{declared_ha:.4f},UP01,无带号前缀,面,,采矿用地,,@", unprefixed))

    stray = list(pts)
    stray[2] = (stray[2][0], "37" + stray[2][1][2:])  # J3's easting with prefix 37: 1000 km west
    write("stray-37.txt", HEADER.format(zone="") + block("5,0,ST01,错带点,面,,采矿用地,,@", stray))


if __name__ == "__main__":
    main()
