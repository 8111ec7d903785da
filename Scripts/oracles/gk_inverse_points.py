#!/usr/bin/env python3
"""Oracle for Tests/MineScreenNativeTests/TransverseMercatorInverseTests.swift: points in every CGCS2000
Gauss-Krüger zone CRS (EPSG:4491-4554: 6° and 3° zones, with and without the zone number in the false easting)
taken from the plane to CGCS2000 lon/lat by pyproj (its own bundled PROJ, not the code under test).

  python3 Scripts/oracles/gk_inverse_points.py      # writes Fixtures/gk-inverse/points.json

Each zone gets 12 points: lon/lat drawn within the zone's width plus 1° either side, latitude 18-54°N, moved to
the plane by pyproj, then the plane point (as stored, repr precision) moved back by pyproj: the stored lon/lat
are pyproj's inverse of the stored plane point.
"""
import json
import os
import random

import pyproj
from pyproj import Transformer

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Fixtures", "gk-inverse", "points.json")


def main():
    rng = random.Random(4490)
    cases = []
    for code in range(4491, 4555):
        crs = pyproj.CRS.from_epsg(code)
        conversion = crs.coordinate_operation
        params = {p.name: p.value for p in conversion.params}
        central = params["Longitude of natural origin"]
        half = 3.0 if code <= 4512 else 1.5  # EPSG:4491-4512 are the 6° zones
        forward = Transformer.from_crs("EPSG:4490", crs, always_xy=True)
        inverse = Transformer.from_crs(crs, "EPSG:4490", always_xy=True)
        for _ in range(12):
            lon = central + rng.uniform(-half - 1, half + 1)
            lat = rng.uniform(18, 54)
            e, n = forward.transform(lon, lat)
            back_lon, back_lat = inverse.transform(e, n)
            cases.append({"crs": "EPSG:%d" % code, "easting": e, "northing": n, "lon": back_lon, "lat": back_lat})
    doc = {"tool": "pyproj %s (PROJ %s)" % (pyproj.__version__, pyproj.proj_version_str),
           "note": "plane easting/northing of each CRS and pyproj's CGCS2000 lon/lat for it (x = east)",
           "cases": cases}
    with open(OUT, "w") as f:
        f.write('{"tool": %s,\n "note": %s,\n "cases": [\n' % (json.dumps(doc["tool"]), json.dumps(doc["note"])))
        f.write(",\n".join("  " + json.dumps(c) for c in cases))
        f.write("\n]}\n")
    print("%d points written to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
