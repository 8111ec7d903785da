#!/usr/bin/env python3
"""Fixtures/new-mines: candidate blocks with the properties the plans' rules for new mines read, and the
verdicts and rule reasons the plans' figures give them (Fixtures/new-mines/*-rules.yaml transcribe the plans).

The expectations come from the plans' numbers alone: a block just below a minimum (minimum − 0.01) breaks it,
a block at the minimum does not. Blocks are 0.005° squares far from the single stand-in layer patch, so no layer
reason interferes: every block is `clean` unless a rule speaks.
"""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "new-mines")
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}


def square(k):
    x0, y0 = 112.0 + 0.01 * (k % 10), 36.5 + 0.01 * (k // 10)
    d = 0.005
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]]}


def write(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def blocks_file(name, rows):
    features = []
    for k, (bid, props, _verdict, _rules) in enumerate(rows):
        features.append({"type": "Feature", "properties": {"code": bid, **props}, "geometry": square(k)})
    write(name, {"type": "FeatureCollection", "crs": CRS, "features": features})
    return {bid: {"verdict": verdict, "rules": rules} for bid, _p, verdict, rules in rows}


M, S, D, C = "开采矿种", "设计生产规模", "矿床规模", "所在行政区"
changzhi_minimum = {"煤炭": 120, "铁矿": 5, "水泥用灰岩": 30, "建筑用白云岩": 10, "建筑石料用灰岩": 50, "陶瓷土": 10, "石英岩": 10}
rows = []
for i, (mineral, minimum) in enumerate(changzhi_minimum.items()):
    rows.append((f"CZ-{i}-below", {M: mineral, S: round(minimum - 0.01, 2)}, "blocked", ["min-design-scale"]))
    rows.append((f"CZ-{i}-at", {M: mineral, S: minimum}, "clean", []))
rows += [
    # Scales written as text: plain, with a decimal point, in full-width digits (read as numbers).
    ("CZ-text-30", {M: "水泥用灰岩", S: "30"}, "clean", []),
    ("CZ-text-29.5", {M: "水泥用灰岩", S: "29.5"}, "blocked", ["min-design-scale"]),
    ("CZ-fullwidth-30", {M: "水泥用灰岩", S: "３０．０"}, "clean", []),
    # Sand-gravel: no new small mines (medium from 50 in the example rules).
    ("CZ-sand-small", {M: "砂石", S: 49.99}, "blocked", ["no-new-small"]),
    ("CZ-sand-medium", {M: "砂石", S: 50}, "clean", []),
    # A mineral the rules do not name is not judged on scale, even with no scale at all.
    ("CZ-gypsum", {M: "石膏", S: 1}, "clean", []),
    ("CZ-gypsum-noscale", {M: "石膏"}, "clean", []),
    # Missing and unusable properties: blocked, never passed.
    ("CZ-no-scale", {M: "煤炭"}, "blocked", ["missing-attribute"]),
    ("CZ-null-scale", {M: "煤炭", S: None}, "blocked", ["missing-attribute"]),
    ("CZ-no-mineral", {S: 500}, "blocked", ["missing-attribute"]),
    ("CZ-bad-scale", {M: "煤炭", S: "120万吨/年"}, "blocked", ["bad-attribute"]),
    ("CZ-bad-bool", {M: "煤炭", S: True}, "blocked", ["bad-attribute"]),
]
expected = {"changzhi-rules.yaml": blocks_file("changzhi-blocks.geojson", rows)}

rows = [
    ("DT-coal-below", {M: "煤炭", S: 119.99, C: "大同市"}, "blocked", ["min-design-scale"]),
    ("DT-coal-at", {M: "煤炭", S: 120}, "clean", []),
    ("DT-graphite-below", {M: "石墨", S: 0.59}, "blocked", ["min-design-scale"]),
    ("DT-graphite-at", {M: "石墨", S: 0.6}, "clean", []),
    ("DT-cement-below", {M: "水泥用灰岩", S: 49.99}, "blocked", ["min-design-scale"]),
    ("DT-cement-at", {M: "水泥用灰岩", S: 50}, "clean", []),
    ("DT-dolomite-below", {M: "冶金用白云岩", S: 29.99}, "blocked", ["min-design-scale"]),
    ("DT-dolomite-at", {M: "冶金用白云岩", S: 30}, "clean", []),
    # Iron: 10 in general, 30 in 灵丘县 (the county override); the county is needed to judge iron.
    ("DT-iron-guangling-20", {M: "铁矿", S: 20, C: "广灵县"}, "clean", []),
    ("DT-iron-guangling-below", {M: "铁矿", S: 9.99, C: "广灵县"}, "blocked", ["min-design-scale"]),
    ("DT-iron-lingqiu-20", {M: "铁矿", S: 20, C: "灵丘县"}, "blocked", ["min-design-scale"]),
    ("DT-iron-lingqiu-below", {M: "铁矿", S: 29.99, C: "灵丘县"}, "blocked", ["min-design-scale"]),
    ("DT-iron-lingqiu-at", {M: "铁矿", S: 30, C: "灵丘县"}, "clean", []),
    ("DT-iron-no-county", {M: "铁矿", S: 50}, "blocked", ["missing-attribute"]),
]
expected["datong-rules.yaml"] = blocks_file("datong-blocks.geojson", rows)

rows = [
    ("DP-large", {"mineral": "铝土矿", "scale": 30, "deposit": "大型"}, "clean", []),
    ("DP-medium", {"mineral": "铝土矿", "scale": 30, "deposit": "中型"}, "clean", []),
    ("DP-small", {"mineral": "铝土矿", "scale": 30, "deposit": "小型"}, "blocked", ["deposit-size"]),
    ("DP-small-and-below", {"mineral": "铝土矿", "scale": 29.99, "deposit": "小型"}, "blocked", ["min-design-scale", "deposit-size"]),
    ("DP-no-deposit", {"mineral": "铝土矿", "scale": 30}, "blocked", ["missing-attribute"]),
    ("DP-bad-deposit", {"mineral": "铝土矿", "scale": 30, "deposit": "huge"}, "blocked", ["bad-attribute"]),
    # Deposit size is asked of every new mine, whatever the mineral.
    ("DP-other-small", {"mineral": "石膏", "deposit": "小型"}, "blocked", ["deposit-size"]),
]
expected["deposit-rules.yaml"] = blocks_file("deposit-blocks.geojson", rows)

# The stand-in constraint layer: one patch far from every block.
write("layer.geojson", {"type": "FeatureCollection", "crs": CRS, "features": [
    {"type": "Feature", "properties": {"code": "far"}, "geometry": {"type": "Polygon", "coordinates": [
        [[113.0, 37.0], [113.01, 37.0], [113.01, 37.01], [113.0, 37.01], [113.0, 37.0]]]}}]})
write("expected.json", expected)
