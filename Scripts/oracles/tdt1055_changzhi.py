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
  5. area = pyproj.Geod(CGCS2000).polygon_area_perimeter (Karney) of each densified ring, holes subtracted.
TD/T 1055 itself sums ellipsoidal trapezoids along the densified ring; on ≤ 70 m edges the two readings
of an edge (geodesic vs straight in lon/lat) differ by ~1e-7 relative of a zone's area, which is what
the Swift tests allow between this oracle and the trapezoid sum.
Also written, for the README comparison: `ellipsoidal` (Karney on the original vertices) and `planar`
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


def geod_ring_area(ring):
    area, _ = GEOD.polygon_area_perimeter([p[0] for p in ring], [p[1] for p in ring])
    return abs(area)


def measure(polys, epsg, lonlat_input):
    """tdt1055, ellipsoidal and planar areas of one feature; `polys` in lon/lat or in EPSG:`epsg`."""
    fwd = Transformer.from_crs("EPSG:4490", f"EPSG:{epsg}", always_xy=True)
    inv = Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4490", always_xy=True)
    tdt = ell = planar = 0.0
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
            tdt += sign * geod_ring_area(list(zip(lon, lat)))
            ell += sign * geod_ring_area(lonlat)
            planar += sign * Polygon(plane).area
            points += len(dense) - 1
    assert longest <= MAX_SEGMENT + 1e-9, longest
    return {"epsg": epsg, "tdt1055_m2": tdt, "ellipsoidal_m2": ell, "planar_m2": planar, "densified_points": points}


def main():
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
                  "plane edges cut into ceil(length/70 m) equal pieces, points back to lon/lat, Karney geodesic area; "
                  "ellipsoidal: Karney on the original vertices; planar: shoelace in the same plane",
        "max_segment_m": MAX_SEGMENT,
        "zones": zones,
        "total": {k: sum(zones[c][k] for c in codes) for k in ("tdt1055_m2", "ellipsoidal_m2", "planar_m2")},
        "own_plane": {"file": "Fixtures/overlap/epsg4547/blocks.geojson", "blocks": own_plane},
    }
    with open(os.path.join(FIX, "changzhi-cs21.tdt1055.oracle.json"), "w", encoding="utf-8") as fh:
        json.dump(res, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    t = res["total"]
    print(f"tdt1055 total {t['tdt1055_m2']:.2f} m², ellipsoidal {t['ellipsoidal_m2']:.2f}, planar {t['planar_m2']:.2f}")
    for c in codes:
        z = zones[c]
        print(f"  {c} EPSG:{z['epsg']} tdt {z['tdt1055_m2']/1e6:.4f} ell {z['ellipsoidal_m2']/1e6:.4f} planar {z['planar_m2']/1e6:.4f} "
              f"tdt-ell {z['tdt1055_m2']-z['ellipsoidal_m2']:+.2f} m² pts {z['densified_points']}")


if __name__ == "__main__":
    main()
