#!/usr/bin/env python3
"""Fixtures/candidates: blocks for `screen` with a `new_mines:` rules file, whose JSON report feeds
`rectify --candidates` (the Jincheng plan's attachment 4, 拟新设置名单).

Run from the repo root:
    python3 Scripts/oracles/make_candidates_fixture.py

Outputs (Fixtures/candidates/)
  blocks.geojson   nine candidate blocks near 晋城 (0.01° squares, EPSG:4490) with the properties the new-mine rules
                   read (开采矿种, 设计生产规模, 矿床规模) and attachment 4's columns (名称, 预测资源量, 地理位置, 拟出让年度)
  layer.geojson    red-line patches R1 (the east half of N2) and R2 (all of N5) and a bow-tie beside N8 (rejected: N8 unverified)
  rules.yaml       Jincheng's 双控 as test rules: medium deposit and, for the two named minerals, no new small mines
  expected.json    per block the verdict and whether it is on the new-mines list (by hand, from rules.yaml), and
                   the listed blocks' areas by pyproj Geod on the CGCS2000 ellipsoid (block, and the clean west half of N2)
"""
import json
import os

from pyproj import Geod

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "candidates")
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}
GEOD = Geod(a=6378137.0, f=1 / 298.257222101)
D = 0.01


def corner(k):
    return 112.80 + 0.02 * k, 35.50


def ring(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def area(x0, y0, x1, y1):
    r = ring(x0, y0, x1, y1)
    a, _ = GEOD.polygon_area_perimeter([p[0] for p in r], [p[1] for p in r])
    return abs(a)


M, S, Z = "开采矿种", "设计生产规模", "矿床规模"
# id, properties, verdict, listed, why (the rule that decides)
BLOCKS = [
    ("N1", {"名称": "泽州县南村灰岩矿", M: "水泥用灰岩", S: 60, Z: "中型", "预测资源量": 1200, "地理位置": "泽州县南村镇", "拟出让年度": 2025},
     "clean", True, "medium deposit, 60 ≥ medium 50"),
    ("N2", {"名称": "陵川县附城石料矿", M: "建筑石料用灰岩", S: 100, Z: "大型", "预测资源量": 850.5, "地理位置": "陵川县附城镇", "拟出让年度": "2026"},
     "needs-cut", True, "east half in the red line; the west half (about 0.5 km²) is above min_clean_area_m2"),
    ("N3", {"名称": "小型灰岩矿", M: "水泥用灰岩", S: 60, Z: "小型", "预测资源量": 300, "地理位置": "泽州县", "拟出让年度": 2025},
     "blocked", False, "deposit-size: 小型"),
    ("N4", {"名称": "小规模石料矿", M: "建筑石料用灰岩", S: 10, Z: "中型", "预测资源量": 200, "地理位置": "高平市", "拟出让年度": 2025},
     "blocked", False, "no-new-small: 10 < 50"),
    ("N5", {"名称": "红线内矿", M: "水泥用灰岩", S: 60, Z: "中型", "预测资源量": 900, "地理位置": "阳城县", "拟出让年度": 2025},
     "blocked", False, "wholly in the red line"),
    ("N6", {"名称": "无规模矿", M: "水泥用灰岩", S: 60, "预测资源量": 500, "地理位置": "沁水县", "拟出让年度": 2026},
     "blocked", False, "missing-attribute: 矿床规模"),
    ("N7", {"名称": "高平市白云岩矿", M: "建筑用白云岩", Z: "大型", "预测资源量": "约300", "地理位置": "高平市"},
     "clean", True, "mineral no scale rule names; large deposit; resources as text, no year"),
    ("N8", {"名称": "待核实矿", M: "水泥用灰岩", S: 60, Z: "中型", "预测资源量": 700, "地理位置": "阳城县", "拟出让年度": 2025},
     "unverified", False, "a rejected red-line feature (bow-tie) may touch it"),
]


# Test rules, not a transcription: Jincheng's 双控 (new mines medium or above in deposit and in scale) with the
# medium scales the rectify fixture uses for 水泥用灰岩 (50) and an assumed 50 for 建筑石料用灰岩.
RULES = """# Made by Scripts/oracles/make_candidates_fixture.py: Jincheng's 双控 as test rules (scales in 10⁴ t/yr).
tolerance_m2: 1
min_clean_area_m2: 100000
layers:
  - name: redline
    path: layer.geojson
new_mines:
  no_new_small: [水泥用灰岩, 建筑石料用灰岩]
  medium_scale: {水泥用灰岩: 50, 建筑石料用灰岩: 50}
  require_medium_deposit: true
"""


def write(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    features = []
    expected = {}
    for k, (bid, props, verdict, listed, why) in enumerate(BLOCKS):
        x0, y0 = corner(k)
        features.append({"type": "Feature", "properties": {"code": bid, **props},
                         "geometry": {"type": "Polygon", "coordinates": [ring(x0, y0, x0 + D, y0 + D)]}})
        entry = {"verdict": verdict, "listed": listed, "why": why}
        if listed:
            entry["area_km2"] = area(x0, y0, x0 + D, y0 + D) / 1e6
            if verdict == "needs-cut":
                entry["clean_km2"] = area(x0, y0, x0 + D / 2, y0 + D) / 1e6
        expected[bid] = entry
    # A block with no geometry: screen rejects it, so it is on no list.
    features.append({"type": "Feature", "properties": {"code": "N9", "名称": "无图形矿", M: "水泥用灰岩", S: 60, Z: "中型"}, "geometry": None})
    expected["N9"] = {"verdict": "rejected", "listed": False, "why": "null geometry: rejected by screen"}
    write("blocks.geojson", {"type": "FeatureCollection", "crs": CRS, "features": features})

    x2, y2 = corner(1)
    x5, y5 = corner(4)
    x8, y8 = corner(7)
    layer = [
        {"type": "Feature", "properties": {"id": "R1"},
         "geometry": {"type": "Polygon", "coordinates": [ring(x2 + D / 2, y2 - D, x2 + D + 0.002, y2 + 2 * D)]}},
        {"type": "Feature", "properties": {"id": "R2"},
         "geometry": {"type": "Polygon", "coordinates": [ring(x5 - 0.002, y5 - D, x5 + D + 0.002, y5 + 2 * D)]}},
        # A bow-tie 0.002° east of N8: invalid, rejected, and its box lies within 50 m of nothing but N8.
        {"type": "Feature", "properties": {"id": "BOWTIE"},
         "geometry": {"type": "Polygon", "coordinates": [[[x8 + D + 0.0002, y8], [x8 + D + 0.0030, y8 + D], [x8 + D + 0.0030, y8],
                                                          [x8 + D + 0.0002, y8 + D], [x8 + D + 0.0002, y8]]]}},
    ]
    write("layer.geojson", {"type": "FeatureCollection", "crs": CRS, "features": layer})
    with open(os.path.join(OUT, "rules.yaml"), "w", encoding="utf-8") as f:
        f.write(RULES)
    write("expected.json", {"blocks": expected, "listed": [b for b, e in expected.items() if e["listed"]]})


if __name__ == "__main__":
    main()
