"""Oracle for --towgs84: a block given in Xi'an 1980 / 3-degree Gauss-Kruger CM 114E (EPSG:2383), with
example 7 parameters (position vector, PROJ +towgs84: m, arc seconds, ppm — made up for the test, not
an official set). The vertices go to CGCS2000 through an explicit, hand-written PROJ pipeline (inverse
Gauss-Kruger on IAU 1976, geocentric, the 7-parameter Helmert, back to GRS80 lon/lat: WGS 84 taken as
CGCS2000), run by pyproj, and the geodesic area is measured on CGCS2000. Not through a bound CRS to
EPSG:4490: PROJ finds no WGS 84 -> CGCS2000 operation and uses a "ballpark" offset that silently drops the
parameters (30 m here), which is how an earlier version of this oracle and of MineScreen agreed on a wrong
answer. Writes Fixtures/xian80/.
"""
import json
from pyproj import CRS, Geod, Transformer

PARAMS = [24.0, -123.0, -94.0, 0.02, -0.25, -0.13, 1.1]
base = CRS("EPSG:2383").to_proj4().replace(" +type=crs", "")
bound = CRS(base + " +towgs84=" + ",".join(repr(p) for p in PARAMS) + " +type=crs")
HELMERT = "+x=%r +y=%r +z=%r +rx=%r +ry=%r +rz=%r +s=%r" % tuple(PARAMS)
to_lonlat = Transformer.from_pipeline(
    "+proj=pipeline +step +inv +proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=IAU76"
    " +step +proj=cart +ellps=IAU76 +step +proj=helmert " + HELMERT + " +convention=position_vector"
    " +step +inv +proj=cart +ellps=GRS80 +step +proj=unitconvert +xy_in=rad +xy_out=deg")
geod = Geod(a=6378137, f=1 / 298.257222101)

ring = [(512000.0, 4018000.0), (513500.0, 4018000.0), (513500.0, 4019200.0), (512000.0, 4019200.0), (512000.0, 4018000.0)]
lon, lat = to_lonlat.transform(*zip(*ring))
area = abs(geod.polygon_area_perimeter(lon, lat)[0])
fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2383"}},
      "features": [{"type": "Feature", "id": "X80-1", "properties": {"name": "西安80示例地块"},
                    "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}}]}
json.dump(fc, open("Fixtures/xian80/block-2383.geojson", "w"), ensure_ascii=False, indent=1)
oracle = {"tool": "pyproj %s (PROJ %s)" % (__import__("pyproj").__version__, __import__("pyproj").proj_version_str),
          "towgs84": PARAMS, "bound_crs": bound.to_proj4(), "lonlat": [list(p) for p in zip(lon, lat)],
          "area_m2": area, "planar_area_m2_in_2383": 1500.0 * 1200.0}
json.dump(oracle, open("Fixtures/xian80/oracle.json", "w"), indent=1)
print(json.dumps(oracle, indent=1))
