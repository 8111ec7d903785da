"""Makes Fixtures/coordfile/: a 坐标文件 (boundary coordinate text file) in GBK and in UTF-8, and its oracle.

Blocks (CGCS2000, 3-degree zone 38 with the zone prefix, i.e. EPSG:4526; X = northing, Y = easting):
  CS101  a hexagon                                  -> analysed
  CS102  an outer ring with a hole (ring 2 inside)  -> one polygon with a hole
  CS103  two separate rings                         -> a MultiPolygon of two parts
  CS104  ring 1 not closed                          -> rejected: unclosed ring
  CS105  eastings with prefix 39 in a zone-38 file  -> rejected: wrong side of a zone seam
Oracle areas: vertices moved to CGCS2000 lon/lat with pyproj (EPSG:4526 -> EPSG:4490, always_xy), then
pyproj Geod(a=6378137, f=1/298.257222101) polygon areas; planar areas with shapely in the zone plane.
"""
import json
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, MultiPolygon

geod = Geod(a=6378137, f=1 / 298.257222101)
to_lonlat = Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)

def ring(points):  # points as (X northing, Y easting)
    return points + [points[0]]

E, N = 38_420_000.0, 4_020_000.0
blocks = [
    ("CS101", "集中开采区101", [ring([(N, E), (N, E + 900), (N + 400, E + 1200), (N + 900, E + 1000), (N + 1000, E + 300), (N + 500, E - 150)])]),
    ("CS102", "集中开采区102", [ring([(N + 3000, E), (N + 3000, E + 1500), (N + 4200, E + 1500), (N + 4200, E)]),
                           ring([(N + 3400, E + 400), (N + 3800, E + 400), (N + 3800, E + 900), (N + 3400, E + 900)])]),
    ("CS103", "集中开采区103", [ring([(N + 6000, E), (N + 6000, E + 700), (N + 6600, E + 700), (N + 6600, E)]),
                           ring([(N + 6000, E + 2000), (N + 6000, E + 2500), (N + 6500, E + 2500), (N + 6500, E + 2000)])]),
    ("CS104", "集中开采区104", [[(N + 9000, E), (N + 9000, E + 600), (N + 9500, E + 600), (N + 9500, E)]]),
    ("CS105", "集中开采区105", [ring([(N + 12000, E + 1_000_000), (N + 12000, E + 1_000_500), (N + 12400, E + 1_000_500), (N + 12400, E + 1_000_000)])]),
]

def shapes(rings):
    """Hole/part by containment, as the file format defines (ring numbers only separate rings)."""
    polys = [Polygon([(y, x) for x, y in r]) for r in rings]
    outer, holes = [], {}
    for i, p in enumerate(polys):
        host = next((j for j, q in enumerate(polys) if j != i and q.contains(p)), None)
        if host is None:
            outer.append(i)
        else:
            holes.setdefault(host, []).append(i)
    return [Polygon(polys[i].exterior.coords, [polys[h].exterior.coords for h in holes.get(i, [])]) for i in outer]

def geodesic_area(parts):
    total = 0.0
    for p in parts:
        lon, lat = to_lonlat.transform(*zip(*p.exterior.coords))
        total += abs(geod.polygon_area_perimeter(lon, lat)[0])
        for h in p.interiors:
            lon, lat = to_lonlat.transform(*zip(*h.coords))
            total -= abs(geod.polygon_area_perimeter(lon, lat)[0])
    return total

lines = ["[属性描述]", "格式版本号=1.01版本", "数据产生单位=长治市规划和自然资源局（示例）", "数据产生日期=2024-05-01",
         "坐标系=2000国家大地坐标系", "几度分带=3", "投影类型=高斯克吕格", "计量单位=米", "带号=38", "精度=0.01",
         "转换参数=,,,,,,", "[地块坐标]"]
oracle = {"tool": "pyproj Transformer EPSG:4526->EPSG:4490 + Geod(a=6378137,f=1/298.257222101); shapely planar",
          "crs": "EPSG:4526", "blocks": {}, "rejected": {"CS104": "unclosed ring", "CS105": "zone seam"}}
for code, name, rings in blocks:
    count = sum(len(r) for r in rings)
    if code not in oracle["rejected"]:
        parts = shapes(rings)
        planar = MultiPolygon(parts).area
        oracle["blocks"][code] = {"parts": len(parts), "holes": sum(len(p.interiors) for p in parts),
                                  "area_m2": geodesic_area(parts), "planar_m2": planar}
        declared_ha = round(planar / 1e4, 4)
    else:
        declared_ha = 0
    lines.append(f"{count},{declared_ha:.4f},{code},{name},面,,采矿用地,,@")
    k = 0
    for number, r in enumerate(rings, start=1):
        for x, y in r:
            k += 1
            lines.append(f"J{k},{number},{x:.2f},{y:.2f}")
text = "\r\n".join(lines) + "\r\n"
open("Fixtures/coordfile/blocks-gbk.txt", "wb").write(text.encode("gbk"))
open("Fixtures/coordfile/blocks-utf8.txt", "wb").write(text.encode("utf-8"))
json.dump(oracle, open("Fixtures/coordfile/oracle.json", "w"), ensure_ascii=False, indent=1)
print(json.dumps(oracle, ensure_ascii=False, indent=1))
