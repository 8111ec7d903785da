"""Oracle for the corridor-zone area test (Tests/MineScreenAnalysisTests/Engines/CorridorZonesTests.swift).

A meridian segment of length L (113.3E, 36.0N to 36.3N: ~33 km, so the corridor is built from several pieces)
buffered by r = 1000 m covers 2rL + pi r^2 (a strip and two half discs), to within (r/R)^2 ~ 3e-8 relative.
L is the meridian arc from pyproj's Geod (Karney) on the CGCS2000 ellipsoid.
"""
import json, math
from pyproj import Geod

geod = Geod(a=6378137, f=1 / 298.257222101)
lon, south, north, r = 113.3, 36.0, 36.3, 1000.0
_, _, arc = geod.inv(lon, south, lon, north)
out = {"meridian": lon, "south": south, "north": north, "buffer_m": r, "meridian_arc_m": arc,
       "zone_area_m2": 2 * r * arc + math.pi * r * r,
       "tool": "pyproj Geod(a=6378137, f=1/298.257222101).inv"}
json.dump(out, open("Fixtures/corridor-zone-area.json", "w"), indent=1)
print(out)
