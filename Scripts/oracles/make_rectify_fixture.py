#!/usr/bin/env python3
"""Fixtures and oracle for `minescreen rectify` (Jincheng non-coal mine rectification lists).

Run from the repo root:
    python3 Scripts/oracles/make_rectify_fixture.py

Outputs (Fixtures/rectify/)
  mines.geojson       licence polygons, EPSG:4490 lon/lat, one mine per rule (see MINES below),
                      with the columns of the plan's attachments as properties
  orebodies.geojson   ore bodies, EPSG:4547 (CGCS2000 3-degree GK zone 38, no zone prefix)
  footprints.geojson  mapped mining activity, EPSG:4526 (the same zone, easting with prefix 38)
  hostile-footprints.geojson  a bow-tie, a null geometry and F1: the broken two are rejected, F1 still counts
  rules.yaml          the thresholds the expectations below are written against
  oracle.json         per mine: expected category, reason codes and group partners (written by hand from
                      the rules, one case each), plus the figures computed here independently:
                        too-close distance  shapely distance in an azimuthal equidistant projection
                                            centred between the two licences (lon/lat edges densified to
                                            1e-5 degree first)
                        beyond-boundary     shapely difference footprint - licence in lon/lat (footprint
                                            corners taken to lon/lat with pyproj, edges densified to 10 m in
                                            the GK plane), area by pyproj Geod on the CGCS2000 ellipsoid

The scene lies in 晋城 (about 112.85E 35.5N), designed in metres in EPSG:4547. Mines sit 3 km apart except
the pairs and the chain that test the geometric rules.
"""
import json
import os

from pyproj import Geod, Transformer
import numpy as np
import shapely
from shapely.geometry import Polygon, box, mapping


def transform(func, geometry):
    """Applies func(x, y) -> (x, y) (a pyproj transform or a shift) to every vertex."""
    return shapely.transform(geometry, lambda c: np.column_stack(func(c[:, 0], c[:, 1])))

OUT = "Fixtures/rectify"
GK = "EPSG:4547"
GEOD = Geod(a=6378137, f=1 / 298.257222101)
to_lonlat = Transformer.from_crs(GK, "EPSG:4490", always_xy=True)
X0, Y0 = 395000.0, 3930000.0   # GK easting, northing of the scene's south-west corner

BASE = {
    "采矿权人": None, "采矿许可证号": None, "开采矿种": "铁矿", "生产规模": 40, "采矿许可证有效期": "2030-12-31",
    "剩余可采资源量": 400, "开采方式": "地下", "生产状态": "生产", "安全生产许可证号": "(晋)FM安许证字〔2023〕0001",
}

# id, cell (column, row) on the 3 km grid or an explicit GK x offset, overrides, expected category, codes, partners
MINES = [
    ("M01", (0, 0), {}, "keep", []),
    ("", (1, 0), {"采矿许可证号": ""}, "close", ["no-licence"]),
    ("M03", (2, 0), {"安全生产许可证号": ""}, "close", ["no-safety-licence"]),
    ("M04", (3, 0), {"采矿许可证有效期": "2024-12-31"}, "close", ["licence-expired"]),
    ("M05", (4, 0), {}, "close", ["beyond-boundary"]),
    ("M06", (0, 1), {"剩余可采资源量": 0}, "exit", ["resources-exhausted", "short-service-life"]),
    ("M07", (1, 1), {"生产状态": "停产", "停产日期": "2022-06-30"}, "exit", ["long-stopped"]),
    ("M08", (2, 1), {"生产状态": "停产", "停产日期": "2022-07-01"}, "keep", []),
    ("M09", (3, 1), {"生产规模": 20, "剩余可采资源量": 200}, "exit", ["below-min-scale"]),
    ("M10", (4, 1), {"开采矿种": "建筑石料用灰岩", "开采方式": "露天", "生产规模": 40}, "exit", ["below-min-scale"]),
    ("M11", (0, 2), {"开采矿种": "建筑石料用灰岩", "开采方式": "地下", "生产规模": 40}, "keep", []),
    ("M12", (1, 2), {"剩余可采资源量": 100}, "exit", ["short-service-life"]),
    ("M13", (2, 2), {"生产状态": "基建", "基建期至": "2025-01-31"}, "exit", ["construction-overdue"]),
    ("M14", (3, 2), {"生产规模": 20, "剩余可采资源量": 600, "提升改造后生产规模": 60}, "upgrade", ["below-min-scale", "upgrade-plan"]),
    ("M15", (4, 2), {"生产规模": 20, "剩余可采资源量": 200, "提升改造后生产规模": 60}, "exit", ["below-min-scale"]),
    ("M16", (0, 3), {"采矿权人": "甲公司"}, "consolidate", ["shared-orebody"]),
    ("M17", (0, 3, 800), {"采矿权人": "乙公司"}, "consolidate", ["shared-orebody"]),
    ("M18", (1, 3), {"采矿权人": "丙公司"}, "keep", []),
    ("M19", (1, 3, 450), {"采矿权人": "丙公司"}, "keep", []),
    ("M20", (2, 3), {}, "consolidate", ["too-close"]),
    ("M21", (2, 3, 600), {}, "consolidate", ["too-close"]),
    ("M22", (2, 3, 1200), {}, "consolidate", ["too-close"]),
    ("M23", (3, 3), {"采矿许可证有效期": "2025-06-29"}, "close", ["licence-expired", "shared-orebody"]),
    ("M24", (3, 3, 800), {}, "consolidate", ["shared-orebody"]),
    ("M25", (4, 3), {"生产规模": "三十"}, "rejected", ["生产规模"]),
    ("M26", (0, 4), {"采矿许可证有效期": "2025-13-01"}, "rejected", ["采矿许可证有效期"]),
    ("M27", (1, 4), {}, "keep", []),
]
WIDTH, HEIGHT = 400.0, 300.0
RULES = """# Rules the fixture's expectations are written against (Scripts/oracles/make_rectify_fixture.py).
as_of: 2025-06-30
min_service_years: 5
long_stopped_years: 3
safety_distance_m: 300
beyond_boundary_tolerance_m2: 1000
min_scale:
  铁矿: 30
  铝土矿: 30
  水泥用灰岩: 30
open_pit_quarry:
  minerals: [建筑石料用灰岩, 建筑用砂岩]
  min_scale: 50
medium_scale:
  铁矿: 60
"""


def licence_box(cell):
    column, row = cell[0], cell[1]
    dx = cell[2] if len(cell) > 2 else 0.0
    x, y = X0 + 3000 * column + dx, Y0 + 3000 * row
    return box(x, y, x + WIDTH, y + HEIGHT)


def lonlat_corners(polygon):
    """GK polygon corners to lon/lat, rounded to 1e-10 degree as written."""
    return Polygon([tuple(round(v, 10) for v in to_lonlat.transform(x, y)) for x, y in polygon.exterior.coords])


def densified_lonlat(polygon, step):
    return polygon.segmentize(step)


def geodesic_area(polygon):
    area, _ = GEOD.geometry_area_perimeter(polygon)
    return abs(area)


def ground_distance(a, b):
    centre = a.union(b).centroid
    aeqd = Transformer.from_crs("EPSG:4490", f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +ellps=GRS80 +units=m",
                                always_xy=True)
    pa = transform(aeqd.transform, densified_lonlat(a, 1e-5))
    pb = transform(aeqd.transform, densified_lonlat(b, 1e-5))
    return pa.distance(pb)


def collection(name, crs, features):
    return {"type": "FeatureCollection", "name": name, "crs": {"type": "name", "properties": {"name": crs}}, "features": features}


def write(name, document):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    features, gk, lonlat, oracle = [], {}, {}, {"mines": {}}
    for k, (mine_id, cell, overrides, category, codes) in enumerate(MINES):
        props = dict(BASE)
        props["矿山名称"] = f"晋城市测试{k + 1:02d}号铁矿" if "开采矿种" not in overrides else f"晋城市测试{k + 1:02d}号石料厂"
        props["采矿权人"] = f"测试矿业{k + 1:02d}有限公司"
        props["采矿许可证号"] = f"C1405002025017130{k + 1:06d}"
        props.update(overrides)
        polygon = licence_box(cell)
        gk[mine_id] = polygon
        lonlat[mine_id] = lonlat_corners(polygon)
        feature = {"type": "Feature", "properties": props, "geometry": mapping(lonlat[mine_id])}
        features.append(feature)
        # A mine without a licence number has no id member either: its id is its index in the file.
        key = props["采矿许可证号"] or str(k)
        oracle["mines"][key] = {"fixture": mine_id or f"#{k}", "category": category, "codes": codes}
    for f in features:
        f["geometry"]["coordinates"] = [[list(p) for p in ring] for ring in f["geometry"]["coordinates"]]
    write("mines.geojson", collection("rectify fixture: licences 采矿权 (synthetic, 晋城)", "urn:ogc:def:crs:EPSG::4490", features))
    ids = {mine_id: (m[2].get("采矿许可证号", None) if "采矿许可证号" in m[2] else f"C1405002025017130{k + 1:06d}")
           for k, m in enumerate(MINES) for mine_id in [m[0]]}

    # Ore bodies (GK, no prefix): O1 across M16 | M17 (two owners), O2 across M18 | M19 (one owner),
    # O3 across M23 | M24, O4 inside M01 alone.
    def spanning(a, b):
        ga, gb = gk[a], gk[b]
        return box(ga.bounds[2] - 100, ga.bounds[1] + 50, gb.bounds[0] + 100, ga.bounds[3] - 50)
    orebodies = {"O1": spanning("M16", "M17"), "O2": spanning("M18", "M19"), "O3": spanning("M23", "M24"),
                 "O4": gk["M01"].buffer(-50, join_style=2)}
    write("orebodies.geojson", collection("rectify fixture: ore bodies 矿体 (synthetic)", "urn:ogc:def:crs:EPSG::4547", [
        {"type": "Feature", "id": oid, "properties": {"矿体编号": oid}, "geometry": mapping(p)} for oid, p in orebodies.items()]))

    # Footprints (GK with zone prefix): F1 sticks out of M05 by 200 m x 300 m; F2 out of M27 by 2 m x 300 m
    # (600 m², under the tolerance); F3 touches no licence.
    m05, m27 = gk["M05"].bounds, gk["M27"].bounds
    footprints = {
        "F1": box(m05[0] + 100, m05[1], m05[2] + 200, m05[3]),
        "F2": box(m27[0] + 100, m27[1], m27[2] + 2, m27[3]),
        "F3": box(X0 + 7000, Y0 + 14000, X0 + 7200, Y0 + 14200),
    }
    prefixed = {fid: transform(lambda x, y: (x + 38_000_000, y), p) for fid, p in footprints.items()}
    write("footprints.geojson", collection("rectify fixture: mapped mining activity (synthetic)", "urn:ogc:def:crs:EPSG::4526", [
        {"type": "Feature", "id": fid, "properties": {"图斑编号": fid}, "geometry": mapping(p)} for fid, p in prefixed.items()]))

    # Hostile footprints: a bow-tie (self-intersecting), a null geometry, then F1 again; only F1 may count.
    bowtie = {"type": "Polygon", "coordinates": [[[x + 38_000_000, y] for x, y in
                                                  [(m05[0], m05[1]), (m05[2] + 500, m05[3]), (m05[2] + 500, m05[1]), (m05[0], m05[3]), (m05[0], m05[1])]]]}
    write("hostile-footprints.geojson", collection("rectify fixture: footprints with broken features", "urn:ogc:def:crs:EPSG::4526", [
        {"type": "Feature", "id": "BOWTIE", "properties": {}, "geometry": bowtie},
        {"type": "Feature", "id": "NULL", "properties": {}, "geometry": None},
        {"type": "Feature", "id": "F1", "properties": {}, "geometry": mapping(prefixed["F1"])}]))

    def outside(fid, mine_id):
        footprint = transform(to_lonlat.transform, footprints[fid].segmentize(10))
        return geodesic_area(footprint.difference(densified_lonlat(lonlat[mine_id], 1e-5)))

    oracle["beyond_boundary_m2"] = {ids["M05"]: outside("F1", "M05")}
    oracle["under_tolerance_m2"] = {ids["M27"]: outside("F2", "M27")}
    oracle["too_close_m"] = {f"{ids[a]}|{ids[b]}": ground_distance(lonlat[a], lonlat[b])
                             for a, b in [("M20", "M21"), ("M21", "M22")]}
    oracle["not_close_m"] = {f"{ids['M20']}|{ids['M22']}": ground_distance(lonlat["M20"], lonlat["M22"]),
                             f"{ids['M18']}|{ids['M19']}": ground_distance(lonlat["M18"], lonlat["M19"])}
    oracle["groups"] = [sorted([ids["M16"], ids["M17"]]), sorted([ids["M20"], ids["M21"], ids["M22"]]),
                        sorted([ids["M23"], ids["M24"]])]
    oracle["unlicensed_footprints"] = ["F3"]
    oracle["note"] = "categories and codes written by hand from rules.yaml; figures from pyproj/shapely (see the script)"
    write("oracle.json", oracle)
    with open(os.path.join(OUT, "rules.yaml"), "w", encoding="utf-8") as f:
        f.write(RULES)


if __name__ == "__main__":
    main()
