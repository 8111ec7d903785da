"""Oracle for --pipeline: the Xi'an 1980 block of Fixtures/xian80 (EPSG:2383, 3-degree Gauss-Kruger CM 114E,
IAU 1976 ellipsoid) moved to CGCS2000 by a hand-written PROJ pipeline with the same made-up 7 parameters as
the --towgs84 oracle (position vector: m, arc seconds, ppm). pyproj runs the pipeline itself
(Transformer.from_pipeline) and measures the geodesic area on CGCS2000. Writes Fixtures/xian80/pipeline-oracle.json.
"""
import json
import pyproj
from pyproj import Geod, Transformer

P = [24.0, -123.0, -94.0, 0.02, -0.25, -0.13, 1.1]
PIPELINE = ("+proj=pipeline"
            " +step +inv +proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=IAU76"
            " +step +proj=cart +ellps=IAU76"
            " +step +proj=helmert +x=%r +y=%r +z=%r +rx=%r +ry=%r +rz=%r +s=%r +convention=position_vector"
            " +step +inv +proj=cart +ellps=GRS80"
            " +step +proj=unitconvert +xy_in=rad +xy_out=deg") % tuple(P)

block = json.load(open("Fixtures/xian80/block-2383.geojson", encoding="utf-8"))
ring = block["features"][0]["geometry"]["coordinates"][0]
t = Transformer.from_pipeline(PIPELINE)
lon, lat = t.transform([p[0] for p in ring], [p[1] for p in ring])
area = abs(Geod(a=6378137, f=1 / 298.257222101).polygon_area_perimeter(lon, lat)[0])
oracle = {"tool": "pyproj %s (PROJ %s), Transformer.from_pipeline" % (pyproj.__version__, pyproj.proj_version_str),
          "pipeline": PIPELINE, "lonlat": [list(p) for p in zip(lon, lat)], "area_m2": area}
json.dump(oracle, open("Fixtures/xian80/pipeline-oracle.json", "w"), indent=1)
print(json.dumps(oracle, indent=1))
