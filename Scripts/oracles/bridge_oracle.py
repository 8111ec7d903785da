#!/usr/bin/env python3
"""Oracle for Fixtures/review/sh-bridge (a U-shaped block whose legs enter one long convex parcel):
per block, the geodesic area (GRS80, pyproj) of the shapely intersection with each layer's union.
Writes Fixtures/review/sh-bridge/oracle.json.  python3 Scripts/oracles/bridge_oracle.py"""
import json, os
import shapely
from shapely.geometry import shape
from pyproj import Geod

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Fixtures", "review", "sh-bridge")
geod = Geod(ellps="GRS80")
def feats(name):
    return json.load(open(os.path.join(here, name)))["features"]
layers = {name: shapely.union_all([shape(f["geometry"]) for f in feats(name + ".geojson")]) for name in ("farm", "red")}
out = {}
for f in feats("blocks.geojson"):
    block = shape(f["geometry"])
    bid = f.get("id") or f["properties"].get("id")
    out[str(bid)] = {name: abs(geod.geometry_area_perimeter(block.intersection(u))[0]) for name, u in layers.items()}
json.dump({"tool": "shapely %s + pyproj Geod(GRS80)" % shapely.__version__, "blocks": out},
          open(os.path.join(here, "oracle.json"), "w"), indent=1)
print(out)
