#!/usr/bin/env python3
"""Oracle for `minescreen area --method tdt1055` (TD/T 1055-2019 Appendix D) on the Changzhi fixture.

Output (run from the repo root: python3 Scripts/oracles/tdt1055_changzhi.py):
  Fixtures/changzhi-cs21.tdt1055.oracle.json

Per zone of Fixtures/changzhi-cs21.geojson (EPSG:4490 lon/lat):
  1. the CGCS2000 Gauss-Krüger 3° zone of the feature: zone = round(centre_lon / 3) with
     centre_lon = (min + max) / 2 of the exterior rings' longitudes; EPSG = 4534 + zone - 25 (no prefix);
  2. every vertex projected into that plane with pyproj (always_xy);
  3. each straight plane edge cut into n = ceil(length / 70 m) equal pieces (this script's own code);
  4. every point back to lon/lat with the inverse pyproj Transformer;
  5. `tdt1055_m2`: the TD/T 1055-2019 Appendix D series on the densified ring, this script's own code
     (`trapezoid_ring_area` below, written from the standard's formula, checked here against the closed-form
     authalic quadrangle), holes subtracted: what `minescreen area --method tdt1055` must print;
  6. `karney_dense_m2`: pyproj.Geod(CGCS2000).polygon_area_perimeter (Karney) of the same densified rings,
     a second opinion: on ≤ 70 m edges the two readings of an edge (geodesic vs straight in lon/lat)
     differ by ≤ ~2e-8 relative of a zone's area (the script asserts 1e-7).
Also written, for the comparison in docs/area-methods.md: `ellipsoidal` (Karney on the original vertices) and `planar`
(shoelace in the same zone plane, undensified), all three from pyproj/shapely only.

`own_plane`: the blocks of Fixtures/overlap/epsg4547/blocks.geojson, whose coordinates already are a
CGCS2000 Gauss-Krüger plane (EPSG:4547): their straight edges are densified in that plane as given (no
zone is chosen), then steps 4-5 as above. Ids are the feature indexes, as `minescreen` gives them.
"""
import json
import math
import os

import pyproj
from pyproj import Geod, Transformer
from shapely.geometry import Polygon

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "Fixtures")
GEOD = Geod(a=6378137.0, f=1 / 298.257222101)
MAX_SEGMENT = 70.0


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def densify_ring(ring):
    out = [tuple(ring[0])]
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        n = max(1, math.ceil(math.hypot(x2 - x1, y2 - y1) / MAX_SEGMENT))
        for k in range(1, n):
            t = k / n
            out.append((x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
        out.append((x2, y2))
    return out


# TD/T 1055-2019 Appendix D (the Second Land Survey's 图斑椭球面积): the trapezoid between parallels B1, B2
# and meridians ΔL apart is S = 2b²ΔL[A sin(ΔB/2)cos Bm − B sin(3ΔB/2)cos 3Bm + C sin(5ΔB/2)cos 5Bm
# − D sin(7ΔB/2)cos 7Bm + E sin(9ΔB/2)cos 9Bm], ΔB = B2 − B1, Bm = (B1 + B2)/2, with the coefficients below.
A_AXIS, FLATTENING = 6378137.0, 1 / 298.257222101
E2 = FLATTENING * (2 - FLATTENING)
B2_AXIS = A_AXIS * A_AXIS * (1 - E2)
SERIES = (1 + 3 / 6 * E2 + 30 / 80 * E2**2 + 35 / 112 * E2**3 + 630 / 2304 * E2**4,
          1 / 6 * E2 + 15 / 80 * E2**2 + 21 / 112 * E2**3 + 420 / 2304 * E2**4,
          3 / 80 * E2**2 + 7 / 112 * E2**3 + 180 / 2304 * E2**4,
          1 / 112 * E2**3 + 45 / 2304 * E2**4,
          5 / 2304 * E2**4)


def trapezoid(delta_lon, lat1, lat2):
    """Signed area (m²) between lat1 and lat2 (radians), delta_lon (radians) wide."""
    db, bm = lat2 - lat1, (lat1 + lat2) / 2
    terms = sum((-1) ** k * c * math.sin((2 * k + 1) * db / 2) * math.cos((2 * k + 1) * bm) for k, c in enumerate(SERIES))
    return 2 * B2_AXIS * delta_lon * terms


def trapezoid_ring_area(ring):
    """Area (m²) of a closed lon/lat ring (degrees): one trapezoid per edge, from a reference meridian
    (the ring's first longitude) to the edge's mean longitude, latitude from one end to the other."""
    l0 = math.radians(ring[0][0])
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        lm = (math.radians(x1) + math.radians(x2)) / 2
        total += trapezoid(lm - l0, math.radians(y1), math.radians(y2))
    return abs(total)


def check_series():
    """The series against the closed form (b²ΔL/2)[q(B2) − q(B1)], q = sinB/(1 − e² sin²B) + atanh(e sinB)/e,
    on the 1′ cell at 112°E 36.5°N and on a 1° band: the e⁸ series leaves ~1e-11 relative."""
    e = math.sqrt(E2)
    def q(lat):
        s = math.sin(lat)
        return s / (1 - E2 * s * s) + math.atanh(e * s) / e
    for south, north, width in ((36.5, 36.5 + 1 / 60, 1 / 60), (36.0, 37.0, 1.0)):
        closed = B2_AXIS * math.radians(width) / 2 * (q(math.radians(north)) - q(math.radians(south)))
        series = trapezoid(math.radians(width), math.radians(south), math.radians(north))
        assert abs(series / closed - 1) < 1e-10, (south, north, series, closed)


def geod_ring_area(ring):
    area, _ = GEOD.polygon_area_perimeter([p[0] for p in ring], [p[1] for p in ring])
    return abs(area)


def measure(polys, epsg, lonlat_input):
    """tdt1055, ellipsoidal and planar areas of one feature; `polys` in lon/lat or in EPSG:`epsg`."""
    fwd = Transformer.from_crs("EPSG:4490", f"EPSG:{epsg}", always_xy=True)
    inv = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4490", always_xy=True)
    tdt = karney = ell = planar = 0.0
    points = 0
    longest = 0.0
    for poly in polys:
        for k, ring in enumerate(poly):
            sign = 1 if k == 0 else -1
            if lonlat_input:
                xs, ys = fwd.transform([p[0] for p in ring], [p[1] for p in ring])
                plane = list(zip(xs, ys))
                lonlat = ring
            else:
                plane = [tuple(p) for p in ring]
                lonlat = list(zip(*inv.transform([p[0] for p in ring], [p[1] for p in ring])))
            dense = densify_ring(plane)
            longest = max(longest, max(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(dense[:-1], dense[1:])))
            lon, lat = inv.transform([p[0] for p in dense], [p[1] for p in dense])
            tdt += sign * trapezoid_ring_area(list(zip(lon, lat)))
            karney += sign * geod_ring_area(list(zip(lon, lat)))
            ell += sign * geod_ring_area(lonlat)
            planar += sign * Polygon(plane).area
            points += len(dense) - 1
    assert longest <= MAX_SEGMENT + 1e-9, longest
    assert abs(tdt / karney - 1) < 1e-7, (tdt, karney)
    return {"epsg": epsg, "tdt1055_m2": tdt, "karney_dense_m2": karney, "ellipsoidal_m2": ell, "planar_m2": planar,
            "densified_points": points}


def main():
    check_series()
    with open(os.path.join(FIX, "changzhi-cs21.geojson"), encoding="utf-8") as fh:
        fc = json.load(fh)
    zones = {}
    for feature in fc["features"]:
        code = feature["properties"]["code"]
        polys = polygons(feature["geometry"])
        lons = [p[0] for poly in polys for p in poly[0]]
        zone = round((min(lons) + max(lons)) / 2 / 3)
        zones[code] = measure(polys, 4534 + zone - 25, True)
    with open(os.path.join(FIX, "overlap", "epsg4547", "blocks.geojson"), encoding="utf-8") as fh:
        own = json.load(fh)
    own_plane = {str(k): measure(polygons(f["geometry"]), 4547, False) for k, f in enumerate(own["features"])}
    codes = sorted(zones)
    res = {
        "tool": f"pyproj {pyproj.__version__} (Transformer always_xy, Geod.polygon_area_perimeter), shapely {__import__('shapely').__version__}",
        "method": "tdt1055: vertices to the CGCS2000 GK 3° zone plane (zone = round(((min lon + max lon)/2)/3), EPSG 4534+zone-25), "
                  "plane edges cut into ceil(length/70 m) equal pieces, points back to lon/lat, TD/T 1055-2019 Appendix D "
                  "trapezoid series (this script's own code); karney_dense: Karney geodesic area of the same densified rings; "
                  "ellipsoidal: Karney on the original vertices; planar: shoelace in the same plane",
        "max_segment_m": MAX_SEGMENT,
        "zones": zones,
        "total": {k: sum(zones[c][k] for c in codes) for k in ("tdt1055_m2", "karney_dense_m2", "ellipsoidal_m2", "planar_m2")},
        "own_plane": {"file": "Fixtures/overlap/epsg4547/blocks.geojson", "blocks": own_plane},
    }
    with open(os.path.join(FIX, "changzhi-cs21.tdt1055.oracle.json"), "w", encoding="utf-8") as fh:
        json.dump(res, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    t = res["total"]
    print(f"tdt1055 (series) total {t['tdt1055_m2']:.2f} m², Karney on the dense rings {t['karney_dense_m2']:.2f}, "
          f"ellipsoidal {t['ellipsoidal_m2']:.2f}, planar {t['planar_m2']:.2f}")
    for c in codes:
        z = zones[c]
        print(f"  {c} EPSG:{z['epsg']} tdt {z['tdt1055_m2']:.2f} karney-dense {z['karney_dense_m2']:.2f} ell {z['ellipsoidal_m2']:.2f} "
              f"planar {z['planar_m2']:.2f} tdt-ell {z['tdt1055_m2']-z['ellipsoidal_m2']:+.2f} m² pts {z['densified_points']}")


if __name__ == "__main__":
    main()
