#!/usr/bin/env python3
"""Oracle for Fixtures/review/boundary-nudge/{node,conflict} (review of the boundary-measured overlap: regions
that touch are measured moved by micrometres). Per block, the geodesic area (GRS80, pyproj) of the shapely
intersection with each layer's union, and with the union of all layers (the conflict).
Writes oracle.json beside the inputs.  python3 Scripts/oracles/boundary_nudge_oracle.py"""
import json, os
import shapely
from shapely.geometry import shape
from pyproj import Geod

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures", "review", "boundary-nudge")
geod = Geod(ellps="GRS80")
cases = {"node": ("red", "other"), "conflict": ("farm", "urban")}
for case, names in cases.items():
    here = os.path.join(root, case)
    def feats(name):
        return json.load(open(os.path.join(here, name + ".geojson")))["features"]
    layers = {n: shapely.union_all([shape(f["geometry"]) for f in feats(n)]) for n in names}
    everything = shapely.union_all(list(layers.values()))
    out = {}
    for f in feats("blocks"):
        block = shape(f["geometry"])
        bid = str(f.get("id") or f["properties"].get("id"))
        area = lambda g: abs(geod.geometry_area_perimeter(g)[0])
        out[bid] = {"layers": {n: area(block.intersection(u)) for n, u in layers.items()},
                    "conflict_m2": area(block.intersection(everything)), "area_m2": area(block)}
    json.dump({"tool": "shapely %s + pyproj Geod(GRS80)" % shapely.__version__, "blocks": out},
              open(os.path.join(here, "oracle.json"), "w"), indent=1)
    print(case, out)
