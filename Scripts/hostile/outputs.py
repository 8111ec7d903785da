#!/usr/bin/env python3
"""Hostile inputs for the output side (issue #13, part "outputs"), written into Fixtures/hostile/outputs/.

- deep-flow.yaml, deep-dash.yaml: rules files nested 10 000 levels (flow brackets; `- ` entries on one
  line) that overflowed the YAML parser's stack; deep-indent.yaml: 200 levels of indented mappings.
- hostile-ids.geojson: four small squares (CGCS2000 lon/lat) whose ids are spreadsheet formulas, four
  whose ids carry a newline, an ANSI escape, a bidi override and Chinese text, and one rejected feature
  whose id clears the screen.

Run from the repository root: python3 Scripts/hostile/outputs.py
"""
import json
import os

OUT = os.path.join("Fixtures", "hostile", "outputs")
DEPTH = 10_000


def square(k):
    x, y = 112.0 + 0.02 * k, 36.0
    return [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]]


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "deep-flow.yaml"), "w") as f:
        f.write("tolerance_m2: 1\nlayers: " + "[" * DEPTH + "]" * DEPTH + "\n")
    with open(os.path.join(OUT, "deep-dash.yaml"), "w") as f:
        f.write("tolerance_m2: 1\nlayers:\n  " + "- " * DEPTH + "x\n")
    with open(os.path.join(OUT, "deep-indent.yaml"), "w") as f:
        f.write("".join(" " * k + "k%d:\n" % k for k in range(200)) + " " * 200 + "v: 1\n")
    ids = ["=1+1", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0",
           "line\nbreak", "\x1b[31mred", "abc\u202eevil", "长治一号"]
    # Declared areas of 0.5 and 2 km² beside the ~1 km² squares: the difference column has both signs.
    features = [{"type": "Feature", "id": i, "properties": {"name": i, "declared": 0.5 if k % 2 else 2.0},
                 "geometry": {"type": "Polygon", "coordinates": square(k)}}
                for k, i in enumerate(ids)]
    # One feature that is rejected (a ring of two points), so its id reaches the rejection lines.
    features.append({"type": "Feature", "id": "\x1b[2Jgone", "properties": {"name": "x", "declared": 1.0},
                     "geometry": {"type": "Polygon", "coordinates": [[[112, 36], [112.01, 36]]]}})
    with open(os.path.join(OUT, "hostile-ids.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection",
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
                   "features": features}, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
