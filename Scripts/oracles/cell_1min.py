#!/usr/bin/env python3
"""Oracle for the 1'x1' basic unit block (基本单位区块) with south-west corner 112°E 36.5°N
on the CGCS2000 ellipsoid (a = 6378137, f = 1/298.257222101).

Outputs (run from the repo root: python3 Scripts/oracles/cell_1min.py):
  Fixtures/cell-1min.json     closed-form and geodesic areas, meridian and parallel lengths
  Fixtures/cell-1min.geojson  the cell as a 4-corner polygon (EPSG:4490, lon/lat)

Closed forms used
-----------------
Radii of curvature: M(φ) = a(1-e²)/W³ (meridian), N(φ) = a/W (prime vertical),
W = sqrt(1 - e² sin²φ).  The area element on the ellipsoid is
    dA = M(φ) N(φ) cosφ dφ dλ = a²(1-e²) cosφ / (1 - e² sin²φ)² dφ dλ.
With s = sinφ,  ∫ ds/(1-e²s²)² = s/(2(1-e²s²)) + (1/(4e)) ln((1+es)/(1-es)), so the area of the
quadrangle between meridians λ1, λ2 and parallels φ1, φ2 is
    A = (λ2-λ1) · b²/2 · [ s/(1-e²s²) + (1/(2e)) ln((1+es)/(1-es)) ]_{s1}^{s2}
      = (λ2-λ1) · a²/2 · [ q(φ2) - q(φ1) ]
where q(φ) = (1-e²) [ sinφ/(1-e² sin²φ) - (1/(2e)) ln((1-e sinφ)/(1+e sinφ)) ] is the authalic
"q" of Snyder, Map Projections — A Working Manual (USGS Prof. Paper 1395, 1987), eq. (3-12);
b² = a²(1-e²).  (q(90°) gives the authalic sphere: R_q² = a² q_p / 2.)
Meridian arc: m(φ) = ∫0^φ M dφ, evaluated with Helmert's series in the third flattening
n = f/(2-f):  m = a/(1+n) [ (1 + n²/4 + n⁴/64) φ - 3/2 (n - n³/8) sin2φ + 15/16 (n² - n⁴/4) sin4φ
                            - 35/48 n³ sin6φ + 315/512 n⁴ sin8φ ]     (truncation ~n⁵ ≈ 1e-14)
Parallel arc at latitude φ: p = N(φ) cosφ · Δλ  (exact: a parallel is a circle of radius N cosφ).
Each closed form is checked against an independent computation (mpmath quadrature at 40 digits,
pyproj Geod / the PROJ `geod` binary) inside this script.
"""
import json
import math
import os
import subprocess

import mpmath
import pyproj
from pyproj import Geod

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "Fixtures")
A = 6378137.0
F = 1 / 298.257222101
E2 = F * (2 - F)
E = math.sqrt(E2)
GEOD = Geod(a=A, f=F)

LON1, LAT1 = 112.0, 36.5
LON2, LAT2 = 112.0 + 1 / 60, 36.5 + 1 / 60


def q_term(phi):
    """[ s/(1-e²s²) + (1/(2e)) ln((1+es)/(1-es)) ], s = sinφ (b²/2 · this, per radian of λ)."""
    s = math.sin(phi)
    return s / (1 - E2 * s * s) + math.atanh(E * s) / E   # (1/(2e)) ln((1+es)/(1-es)) = atanh(es)/e


def area_closed(lon1, lat1, lon2, lat2):
    b2 = A * A * (1 - E2)
    dlam = math.radians(lon2 - lon1)
    return dlam * b2 / 2 * (q_term(math.radians(lat2)) - q_term(math.radians(lat1)))


def meridian_arc(phi):
    n = F / (2 - F)
    return A / (1 + n) * ((1 + n ** 2 / 4 + n ** 4 / 64) * phi
                          - 1.5 * (n - n ** 3 / 8) * math.sin(2 * phi)
                          + 15 / 16 * (n ** 2 - n ** 4 / 4) * math.sin(4 * phi)
                          - 35 / 48 * n ** 3 * math.sin(6 * phi)
                          + 315 / 512 * n ** 4 * math.sin(8 * phi))


def parallel_len(lat, dlon_deg):
    phi = math.radians(lat)
    return A * math.cos(phi) / math.sqrt(1 - E2 * math.sin(phi) ** 2) * math.radians(dlon_deg)


def main():
    corners = [[LON1, LAT1], [LON2, LAT1], [LON2, LAT2], [LON1, LAT2], [LON1, LAT1]]  # CCW

    a_cf = area_closed(LON1, LAT1, LON2, LAT2)
    meridian = meridian_arc(math.radians(LAT2)) - meridian_arc(math.radians(LAT1))
    parallel = parallel_len(LAT1, LON2 - LON1)
    parallel_n = parallel_len(LAT2, LON2 - LON1)

    # --- independent check 1: 40-digit quadrature of the same integrals ------------------
    mpmath.mp.dps = 40
    ma, mf = mpmath.mpf(A), 1 / mpmath.mpf("298.257222101")
    me2 = mf * (2 - mf)
    p1, p2 = mpmath.radians(mpmath.mpf(LAT1)), mpmath.radians(mpmath.mpf(LAT2))
    dl = mpmath.radians(mpmath.mpf(LON2) - mpmath.mpf(LON1))
    a_mp = dl * ma ** 2 * (1 - me2) * mpmath.quad(
        lambda t: mpmath.cos(t) / (1 - me2 * mpmath.sin(t) ** 2) ** 2, [p1, p2])
    m_mp = ma * (1 - me2) * mpmath.quad(lambda t: (1 - me2 * mpmath.sin(t) ** 2) ** -1.5, [p1, p2])
    assert abs(a_cf / float(a_mp) - 1) < 1e-11, (a_cf, a_mp)
    assert abs(meridian / float(m_mp) - 1) < 1e-11, (meridian, m_mp)

    # --- independent check 2: geodesics (pyproj Geod, PROJ geod binary) --------------------
    _, _, m_geod = GEOD.inv(LON1, LAT1, LON1, LAT2)       # meridians are geodesics
    assert abs(meridian / m_geod - 1) < 1e-11, (meridian, m_geod)
    out = subprocess.run(["geod", "+a=6378137", "+rf=298.257222101", "-I", "-f", "%.9f", "-F", "%.9f"],
                         input=f"{LAT1!r} {LON1!r} {LAT2!r} {LON1!r}\n",
                         capture_output=True, text=True, check=True).stdout.split()
    m_bin = float(out[-1])
    assert abs(meridian / m_bin - 1) < 1e-11, (meridian, m_bin)

    N = 1000
    south = [(LON1 + (LON2 - LON1) * i / N, LAT1) for i in range(N + 1)]
    north = [(LON2 - (LON2 - LON1) * i / N, LAT2) for i in range(N + 1)]
    p_dens = sum(GEOD.inv(x1, y1, x2, y2)[2] for (x1, y1), (x2, y2) in zip(south[:-1], south[1:]))
    assert abs(parallel / p_dens - 1) < 1e-9, (parallel, p_dens)

    ring = south + north + [south[0]]     # east edge and west edge are meridian geodesics
    a_dens, _ = GEOD.polygon_area_perimeter([p[0] for p in ring], [p[1] for p in ring])
    a_dens = abs(a_dens)
    assert abs(a_dens / a_cf - 1) < 1e-7, (a_dens, a_cf)

    a_edges, _ = GEOD.polygon_area_perimeter([c[0] for c in corners], [c[1] for c in corners])
    a_edges = abs(a_edges)

    # domain.md anchors
    assert round(a_cf / 1e6, 4) == 2.7613, a_cf
    assert round(meridian, 2) == 1849.47, meridian
    assert round(parallel, 2) == 1493.19, parallel

    res = {
        "description": "1'x1' cell, SW corner 112E 36.5N, CGCS2000 ellipsoid a=6378137 f=1/298.257222101",
        "corners": corners,
        "area_m2_closed_form": a_cf,
        "area_m2_geod_densified": a_dens,
        "area_m2_geodesic_edges": a_edges,
        "meridian_m": meridian,
        "parallel_m": parallel,
        "parallel_m_north_edge": parallel_n,
        "notes": {
            "area_m2_closed_form": "(dlon) b^2/2 [s/(1-e^2 s^2) + atanh(e s)/e] from s1=sin(lat1) to s2=sin(lat2); Snyder 1987 eq. 3-12 (authalic q)",
            "area_m2_geod_densified": f"pyproj {pyproj.__version__} Geod.polygon_area_perimeter, east-west edges densified to {N} segments each along the parallels",
            "area_m2_geodesic_edges": "pyproj Geod area of the 4-vertex ring, edges as geodesics (what a vertex-based geodesic area of the GeoJSON gives)",
            "meridian_m": "meridian arc 36.5N..36.5N+1' (Helmert series), = Geod.inv along the meridian",
            "parallel_m": "N(lat) cos(lat) dlon at 36.5N (south edge); parallel_m_north_edge is the same at 36.5N+1'",
        },
    }
    with open(os.path.join(FIX, "cell-1min.json"), "w", encoding="utf-8") as fh:
        json.dump(res, fh, indent=1)
        fh.write("\n")
    gj = {"type": "FeatureCollection",
          "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
          "features": [{"type": "Feature", "id": "cell-112E-36.5N",
                        "properties": {"name": "1'x1' cell SW 112E 36.5N"},
                        "geometry": {"type": "Polygon", "coordinates": [corners]}}]}
    with open(os.path.join(FIX, "cell-1min.geojson"), "w", encoding="utf-8") as fh:
        json.dump(gj, fh, indent=1)
        fh.write("\n")
    print(f"cell-1min: closed form {a_cf:.6f} m², densified geod {a_dens:.6f} m² "
          f"(rel {a_dens/a_cf-1:+.1e}), 4-vertex geodesic {a_edges:.6f} m² (rel {a_edges/a_cf-1:+.1e}); "
          f"meridian {meridian:.6f} m, parallel {parallel:.6f} m (north edge {parallel_n:.6f} m)")


if __name__ == "__main__":
    main()
