"""Shared helpers for the overlap oracles (make_overlap_fixture.py, make_shared_edge_fixture.py).

Area convention (see /work/shared/domain.md "Areas"): ellipsoidal area on the CGCS2000
ellipsoid, per polygon |exterior| - sum |holes|, summed over parts, computed with
pyproj Geod.polygon_area_perimeter on the vertex coordinates (lon, lat).

Overlap contract: per block and layer, area = geodesic area of the UNION of the block's
intersections with the layer's features (overlay done in the data's own plane); count =
features whose intersection has area > 0; conflict = union over layers; clean = block - conflict.
"""
import json
import re

import pyproj
import shapely
import shapely.validation
from pyproj import Geod, Transformer
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon, shape
from shapely.ops import unary_union

A_AXIS = 6378137.0
F = 1 / 298.257222101
GEOD = Geod(a=A_AXIS, f=F)
TOOL = "shapely %s + pyproj %s Geod(CGCS2000 a=6378137, f=1/298.257222101)" % (
    shapely.__version__, pyproj.__version__)
COUNT_MIN_M2 = 1.0      # every counted intersection must be larger than this
ZERO_MAX_M2 = 1e-6      # every uncounted intersection must be smaller than this


def crs_member(epsg):
    return {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::%d" % epsg}}


# ---------------------------------------------------------------- writing GeoJSON
def _coord_text(pt, decimals):
    return "@@[%.*f, %.*f]@@" % (decimals, pt[0], decimals, pt[1])


def _geom_json(geom, decimals):
    def ring(coords):
        return [_coord_text(p, decimals) for p in coords]

    def poly(p):
        return [ring(p.exterior.coords)] + [ring(h.coords) for h in p.interiors]

    if geom.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": poly(geom)}
    if geom.geom_type == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [poly(p) for p in geom.geoms]}
    raise ValueError(geom.geom_type)


def write_fc(path, name, feats, decimals, epsg=None):
    """feats: list of dicts {"id": str or None, "properties": {...}, "geometry": shapely}."""
    fc = {"type": "FeatureCollection", "name": name}
    if epsg is not None:
        fc["crs"] = crs_member(epsg)
    out = []
    for f in feats:
        d = {"type": "Feature"}
        if f.get("id") is not None:
            d["id"] = f["id"]
        d["properties"] = f["properties"]
        d["geometry"] = _geom_json(f["geometry"], decimals)
        out.append(d)
    fc["features"] = out
    text = json.dumps(fc, ensure_ascii=False, indent=1)
    text = re.sub(r'"@@(\[[^\]]*\])@@"', r"\1", text)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text + "\n")


def read_fc(path):
    with open(path, encoding="utf-8") as fh:
        fc = json.load(fh)
    feats = []
    for f in fc["features"]:
        feats.append({"id": f.get("id"), "properties": f["properties"],
                      "geometry": shape(f["geometry"])})
    return fc, feats


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


# ---------------------------------------------------------------- geometry helpers
def polygons_of(geom):
    if geom is None or geom.is_empty:
        return []
    t = geom.geom_type
    if t == "Polygon":
        return [geom]
    if t == "MultiPolygon":
        return list(geom.geoms)
    if t == "GeometryCollection":
        res = []
        for g in geom.geoms:
            res.extend(polygons_of(g))
        return res
    return []


def polygonal(geom):
    ps = polygons_of(geom)
    if not ps:
        return Polygon()
    return ps[0] if len(ps) == 1 else MultiPolygon(ps)


def _ring_area(lons, lats):
    lons, lats = list(lons), list(lats)
    if len(lons) > 1 and lons[0] == lons[-1] and lats[0] == lats[-1]:
        lons, lats = lons[:-1], lats[:-1]
    if len(lons) < 3:
        return 0.0
    return abs(GEOD.polygon_area_perimeter(lons, lats)[0])


def geod_area(geom, to_lonlat=None):
    """Geodesic area of the polygonal part of geom. to_lonlat: Transformer from the
    geometry's plane to EPSG:4490 (always_xy) or None if geom is already lon/lat."""
    total = 0.0
    for p in polygons_of(geom):
        rings = [p.exterior] + list(p.interiors)
        areas = []
        for r in rings:
            xs, ys = r.xy
            if to_lonlat is not None:
                xs, ys = to_lonlat.transform(list(xs), list(ys))
            areas.append(_ring_area(xs, ys))
        total += areas[0] - sum(areas[1:])
    return total


def transformer(src, dst):
    return Transformer.from_crs("EPSG:%d" % src, "EPSG:%d" % dst, always_xy=True)


def transform_geom(geom, tr, decimals=None):
    """Vertex-wise transform of a (Multi)Polygon; optional rounding of the output."""
    def ring(coords):
        xs, ys = zip(*coords)
        X, Y = tr.transform(list(xs), list(ys))
        if decimals is not None:
            X = [float("%.*f" % (decimals, x)) for x in X]
            Y = [float("%.*f" % (decimals, y)) for y in Y]
        return list(zip(X, Y))

    def poly(p):
        return Polygon(ring(p.exterior.coords), [ring(h.coords) for h in p.interiors])

    if geom.geom_type == "Polygon":
        return poly(geom)
    return MultiPolygon([poly(p) for p in geom.geoms])


# ---------------------------------------------------------------- the oracle
def overlap_oracle(blocks, layers, to_lonlat=None):
    """blocks: list of (id, geom). layers: list of (layer_name, [(feature_id, geom), ...]).
    Overlay in the geometries' own plane; areas geodesic (vertices transformed with
    to_lonlat when the plane is projected). Returns (oracle_blocks, details)."""
    res = []
    details = {}
    for bid, bg in blocks:
        barea = geod_area(bg, to_lonlat)
        ov = {}
        unions = []
        det = {}
        for lname, feats in layers:
            pieces, ids, per = [], [], {}
            for fid, fg in feats:
                if not bg.intersects(fg):
                    continue
                ig = polygonal(bg.intersection(fg))
                a = geod_area(ig, to_lonlat)
                per[fid] = a
                if a > COUNT_MIN_M2:
                    pieces.append(ig)
                    ids.append(fid)
                else:
                    assert a < ZERO_MAX_M2, (
                        "ambiguous intersection %s x %s:%s area %.3g m2" % (bid, lname, fid, a))
                    # not counted and not added: contract counts area > 0, and the
                    # fixture is designed so that these are exact zeros (touches)
            u = unary_union(pieces) if pieces else Polygon()
            u = polygonal(u)
            ua = geod_area(u, to_lonlat)
            unions.append(u)
            ov[lname] = {"area_m2": ua, "percent": ua / barea * 100.0,
                         "count": len(ids), "features": ids}
            det[lname] = {"union": u, "per_feature": per}
        conflict = polygonal(unary_union([u for u in unions if not u.is_empty])) \
            if any(not u.is_empty for u in unions) else Polygon()
        ca = geod_area(conflict, to_lonlat)
        res.append({"id": bid, "area_m2": barea, "overlaps": ov, "conflict_m2": ca,
                    "clean_m2": barea - ca, "clean": ca == 0.0})
        det["conflict"] = conflict
        details[bid] = det
    return res, details


def assert_valid(feats, what):
    for f in feats:
        g = f["geometry"]
        assert g.is_valid, "%s: invalid geometry %s: %s" % (
            what, f.get("id") or f["properties"], shapely.validation.explain_validity(g))
