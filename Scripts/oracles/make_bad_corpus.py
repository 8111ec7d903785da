#!/usr/bin/env python3
"""Bad-input corpus for the GeoJSON reader / validator.

Writes Fixtures/bad/*.geojson and Fixtures/bad/expected.json
(run from the repo root: python3 Scripts/oracles/make_bad_corpus.py).

Per-feature cases: a FeatureCollection (crs EPSG:4490, lon/lat near 113E 36.3N) with two
features: index 0 the same valid square (id "ok") in every file, index 1 the bad feature
(id "bad").  mixed.geojson holds 6 features (3 good, 3 bad) and must be analysed without
aborting.  File-level cases make the whole run fail (exit code 2).
"""
import json
import math
import os

import pyproj
from pyproj import Geod
from shapely.geometry import Polygon, shape
from shapely.validation import explain_validity

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BAD = os.path.join(ROOT, "Fixtures", "bad")
GEOD = Geod(a=6378137, f=1 / 298.257222101)
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}}


def square(lon, lat, d=0.01):
    """CCW closed square ring, SW corner (lon, lat), side d degrees."""
    return [[lon, lat], [round(lon + d, 10), lat], [round(lon + d, 10), round(lat + d, 10)],
            [lon, round(lat + d, 10)], [lon, lat]]


OK_RING = square(112.95, 36.28)
OK = {"type": "Feature", "id": "ok", "properties": {"name": "valid square"},
      "geometry": {"type": "Polygon", "coordinates": [OK_RING]}}


def fc(features, crs=CRS):
    return {"type": "FeatureCollection", "crs": crs, "features": features}


def bad(geometry, name):
    return {"type": "Feature", "id": "bad", "properties": {"name": name}, "geometry": geometry}


def write_json(name, obj):
    path = os.path.join(BAD, name)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    return path


def geod_area(ring):
    a, _ = GEOD.polygon_area_perimeter([p[0] for p in ring], [p[1] for p in ring])
    return abs(a)


def main():
    os.makedirs(BAD, exist_ok=True)
    assert Polygon(OK_RING).is_valid and Polygon(OK_RING).exterior.is_ccw
    expected = {"features": {}, "files": {}}
    E = expected["features"]

    # self-intersection: bowtie, diagonals (113.00,36.30)-(113.02,36.32) and
    # (113.02,36.30)-(113.00,36.32) cross at (113.01, 36.31) (planar lon/lat crossing).
    bowtie = [[113.00, 36.30], [113.02, 36.32], [113.02, 36.30], [113.00, 36.32], [113.00, 36.30]]
    ev = explain_validity(Polygon(bowtie))
    assert ev.startswith("Self-intersection[113.01 36.31]"), ev
    write_json("self-intersection.geojson",
               fc([OK, bad({"type": "Polygon", "coordinates": [bowtie]}, "bowtie")]))
    E["self-intersection.geojson"] = {"rejected_index": 1, "reason_contains": "self-intersection",
                                      "point": [113.01, 36.31]}

    unclosed = square(113.03, 36.30)[:-1]           # 4 positions, last != first
    assert unclosed[0] != unclosed[-1]
    write_json("unclosed-ring.geojson",
               fc([OK, bad({"type": "Polygon", "coordinates": [unclosed]}, "unclosed ring")]))
    E["unclosed-ring.geojson"] = {"rejected_index": 1, "reason_contains": "unclosed ring"}

    few = [[113.03, 36.30], [113.04, 36.30], [113.03, 36.30]]   # [a, b, a]
    write_json("too-few-positions.geojson",
               fc([OK, bad({"type": "Polygon", "coordinates": [few]}, "3 positions")]))
    E["too-few-positions.geojson"] = {"rejected_index": 1, "reason_contains": "fewer than 4 positions"}

    shell = square(113.03, 36.30)
    hole = square(113.05, 36.30, 0.005)[::-1]      # CW, entirely east of the shell
    pg = Polygon(shell, [hole])
    assert not pg.is_valid and "Hole lies outside shell" in explain_validity(pg)
    assert not Polygon(shell).intersects(Polygon(hole))
    write_json("hole-outside-shell.geojson",
               fc([OK, bad({"type": "Polygon", "coordinates": [shell, hole]}, "hole outside shell")]))
    E["hole-outside-shell.geojson"] = {"rejected_index": 1, "reason_contains": "hole outside shell"}

    write_json("empty.geojson", fc([OK, bad({"type": "Polygon", "coordinates": []}, "empty")]))
    E["empty.geojson"] = {"rejected_index": 1, "reason_contains": "empty"}

    # non-finite: written by hand as text; 1e400 is valid JSON number syntax but overflows double.
    ok_text = json.dumps(OK)
    nf_text = (
        '{"type": "FeatureCollection",\n'
        ' "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},\n'
        ' "features": [\n'
        f'  {ok_text},\n'
        '  {"type": "Feature", "id": "bad", "properties": {"name": "1e400 latitude"},\n'
        '   "geometry": {"type": "Polygon", "coordinates": [[[113.03, 36.30], [113.04, 36.30], '
        '[113.04, 1e400], [113.03, 36.31], [113.03, 36.30]]]}}\n'
        ' ]\n'
        '}\n')
    with open(os.path.join(BAD, "non-finite.geojson"), "w", encoding="utf-8") as fh:
        fh.write(nf_text)
    d = json.loads(nf_text)
    assert math.isinf(d["features"][1]["geometry"]["coordinates"][0][2][1])
    assert d["features"][0] == OK
    E["non-finite.geojson"] = {"rejected_index": 1, "reason_contains": "non-finite"}

    oor = [[113.03, 36.30], [200.5, 36.30], [113.04, 36.31], [113.03, 36.31], [113.03, 36.30]]
    write_json("out-of-range.geojson",
               fc([OK, bad({"type": "Polygon", "coordinates": [oor]}, "longitude 200.5")]))
    E["out-of-range.geojson"] = {"rejected_index": 1, "reason_contains": "out-of-range"}

    write_json("unsupported-type.geojson",
               fc([OK, bad({"type": "LineString", "coordinates": [[113.03, 36.30], [113.04, 36.31]]},
                           "a line")]))
    E["unsupported-type.geojson"] = {"rejected_index": 1, "reason_contains": "unsupported geometry type"}

    write_json("null-geometry.geojson", fc([OK, bad(None, "no geometry")]))
    E["null-geometry.geojson"] = {"rejected_index": 1, "reason_contains": "null geometry"}

    # mixed: good, bowtie, good, unclosed, null, good
    g2 = {"type": "Feature", "id": "ok2", "properties": {"name": "valid square 2"},
          "geometry": {"type": "Polygon", "coordinates": [square(112.97, 36.28)]}}
    g5 = {"type": "Feature", "id": "ok5", "properties": {"name": "valid square 5 (half size)"},
          "geometry": {"type": "Polygon", "coordinates": [square(112.99, 36.28, 0.005)]}}
    b1 = dict(bad({"type": "Polygon", "coordinates": [bowtie]}, "bowtie"), id="bad1")
    b3 = dict(bad({"type": "Polygon", "coordinates": [unclosed]}, "unclosed ring"), id="bad3")
    b4 = dict(bad(None, "no geometry"), id="bad4")
    mixed = [OK, b1, g2, b3, b4, g5]
    write_json("mixed.geojson", fc(mixed))
    for g in (OK, g2, g5):
        assert shape(g["geometry"]).is_valid
    E["mixed.geojson"] = {
        "rejected_indices": [1, 3, 4], "analysed": 3,
        "reasons": {"1": "self-intersection", "3": "unclosed ring", "4": "null geometry"},
        "analysed_ids": ["ok", "ok2", "ok5"],
        "analysed_area_m2": {g["id"]: geod_area(g["geometry"]["coordinates"][0]) for g in (OK, g2, g5)},
    }

    # ---- file-level errors ------------------------------------------------------------
    lines = [
        '{',
        '  "type": "FeatureCollection",',
        '  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},',
        '  "features": [',
        '    {"type": "Feature", "id": "ok" "properties": {},',      # missing comma after "ok"
        '     "geometry": {"type": "Polygon", "coordinates": ' + json.dumps([OK_RING]) + '}}',
        '  ]',
        '}',
    ]
    text = "\n".join(lines) + "\n"
    assert text.isascii()
    with open(os.path.join(BAD, "not-json.geojson"), "w", encoding="utf-8") as fh:
        fh.write(text)
    line, col = 5, lines[4].index('"properties"') + 1
    try:
        json.loads(text)
        raise AssertionError("not-json.geojson parsed")
    except json.JSONDecodeError as err:
        assert (err.lineno, err.colno) == (line, col), (err.lineno, err.colno, err.msg)
        py_msg = f"{err.msg}: line {err.lineno} column {err.colno}"
    expected["files"]["not-json.geojson"] = {
        "exit_code": 2, "line": line, "column": col,
        "note": ("Missing ',' between \"id\": \"ok\" and \"properties\" on line 5. line is 1-based; column is "
                 "1-based and counts characters from the first character of the line to the offending "
                 "character, which is the opening quote of \"properties\" (where a strict parser expects "
                 "',' or '}'); the file is pure ASCII so characters = bytes = UTF-16 units. "
                 f"Python json says: {py_msg}."),
    }

    write_json("unknown-crs.geojson",
               fc([OK], crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::99999"}}))
    expected["files"]["unknown-crs.geojson"] = {"exit_code": 2, "reason_contains": "unknown CRS",
                                                "crs": "urn:ogc:def:crs:EPSG::99999"}
    assert not os.path.exists(os.path.join(BAD, "missing.geojson"))
    expected["files"]["missing.geojson"] = {
        "exit_code": 2, "exists": False,
        "note": "no such file is shipped; pass Fixtures/bad/missing.geojson to test the missing-input path"}

    expected["ok_area_m2"] = geod_area(OK_RING)
    expected["ok_ring"] = OK_RING
    expected["tool"] = (f"pyproj {pyproj.__version__} Geod(a=6378137,f=1/298.257222101) "
                        "polygon_area_perimeter (abs)")
    write_json("expected.json", expected)

    # sanity: every per-feature file holds the identical ok square at index 0
    for name in E:
        with open(os.path.join(BAD, name), encoding="utf-8") as fh:
            d = json.load(fh)
        assert d["features"][0] == OK, name
        assert d["crs"] == CRS
        if name != "mixed.geojson":
            assert len(d["features"]) == 2 and d["features"][1]["id"] == "bad", name
    print(f"bad corpus: {len(E)} per-feature files + {len(expected['files']) - 1} file-level files "
          f"(+ missing-file case) in Fixtures/bad; ok square {expected['ok_area_m2']:.6f} m²; "
          f"not-json at line {line} column {col}")


if __name__ == "__main__":
    main()
