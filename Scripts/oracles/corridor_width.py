"""Oracle for the corridor-width test (Tests/MineScreenAnalysisTests/Engines/ScreenEngineTests.swift).

A 1000 m corridor around the meridian 113.3E, cut by the parallels 36.29N and 36.31N, has area
2000 m x (meridian arc between the parallels), to within (1000 m / R)^2 ~ 3e-8 relative.
The arc comes from pyproj's Geod (Karney) on the CGCS2000 ellipsoid, cross-checked with the
`geod` program if present.
"""
import json, shutil, subprocess
from pyproj import Geod

geod = Geod(a=6378137, f=1 / 298.257222101)
_, _, arc = geod.inv(113.3, 36.29, 113.3, 36.31)
out = {"meridian": 113.3, "south": 36.29, "north": 36.31, "half_width_m": 1000.0,
       "meridian_arc_m": arc, "corridor_area_m2": 2000.0 * arc,
       "tool": "pyproj Geod(a=6378137, f=1/298.257222101).inv"}
if shutil.which("geod"):
    text = subprocess.run(["geod", "+a=6378137", "+rf=298.257222101", "-I", "-f", "%.9f", "-F", "%.9f", "+units=m"],
                          input="36.29 113.3 36.31 113.3\n", capture_output=True, text=True).stdout.split()
    out["geod_program_arc_m"] = float(text[-1])
    assert abs(out["geod_program_arc_m"] - arc) < 1e-6
json.dump(out, open("Fixtures/corridor-width.json", "w"), indent=1)
print(out)
