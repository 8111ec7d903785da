#!/usr/bin/env python3
"""Fixture and oracle for `minescreen grid` (1'x1' basic unit blocks, 基本单位区块), independent of MineScreen.

Outputs (run from the repo root: python3 Scripts/oracles/make_grid_fixture.py):
  Fixtures/grid/blocks.geojson       three exploration blocks near 112.5°E 36.3°N, EPSG:4490 lon/lat
  Fixtures/grid/blocks-4547.geojson  the same corners in CGCS2000 GK zone 38 (EPSG:4547, x = easting)
  Fixtures/grid/cells.txt            the two on-grid blocks as a cells file (`ID: CODE …`)
  Fixtures/grid/expected.json        cells, sheet codes, partial cells, off-grid corners, areas

Blocks
  KC01  an L of 12 whole cells: 4x2 cells with a 2x2 arm on top of its west half
  KC02  a 4x4 square of cells with a 2x2 hole in the middle: 12 cells
  KC03  a 3x2 rectangle (6 cells) with two corners nudged by 1": the north-east corner 1" east
        (out of the block: slivers of the next column are partial cells, not counted), the south-west
        corner 1" north (into the block: the bottom row's cells are partial but more than half in, counted)

Numbers
  cell area      closed form (b²Δλ/2)[Q(φ2) - Q(φ1)], Q(φ) = sinφ/(1 - e² sin²φ) + atanh(e sinφ)/e, each
                 cell checked against pyproj Geod on the cell with its edges densified to 0.05" pieces
  block area     pyproj Geod.polygon_area_perimeter of the block with every edge cut into pieces of ≤ 0.05"
                 straight in lon/lat (so a parallel stays a parallel), holes subtracted
  partial cells  shapely intersection of block and cell in lon/lat; covered fraction = Geod area of the
                 densified intersection / closed-form cell area
  codes          DDDMM-DDMM of the south-west corner; 1:50 000 sheet (GB/T 13989: 1:1M row letter from
                 the equator in 4° rows, column = floor(lon/6)+31, 'E', sheet row from the north edge of
                 the 1:1M sheet in 10' rows, column from its west edge in 15' columns) + '-' + cell row
                 from the sheet's north edge (01-10) + column from its west edge (01-15)
"""
import json
import math
import os
from fractions import Fraction

import pyproj
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, box
from shapely.ops import unary_union

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Fixtures", "grid")
A = 6378137.0
F = 1 / 298.257222101
E2 = F * (2 - F)
E = math.sqrt(E2)
GEOD = Geod(a=A, f=F)
SEC = 1 / 3600

# South-west corner of the scene, in whole minutes: 112°30'E, 36°18'N.
LON0, LAT0 = 112 * 60 + 30, 36 * 60 + 18


def deg(minutes):
    return minutes / 60


def Q(phi_deg):
    s = math.sin(math.radians(phi_deg))
    return s / (1 - E2 * s * s) + math.atanh(E * s) / E


def cell_area(lon_min, lat_min):
    b2 = A * A * (1 - E2)
    return math.radians(1 / 60) * b2 / 2 * (Q(deg(lat_min + 1)) - Q(deg(lat_min)))


def densify_lonlat(ring, step=0.05 * SEC):
    """Pieces of at most 0.05" straight in lon/lat: a geodesic that short sits on the lon/lat line to
    well under 1e-11 of a block's area (the error falls with the square of the piece)."""
    out = [ring[0]]
    for (x1, y1), (x2, y2) in zip(ring[:-1], ring[1:]):
        n = max(1, math.ceil(max(abs(x2 - x1), abs(y2 - y1)) / step))
        for k in range(1, n + 1):
            t = k / n
            out.append((x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
    return out


def geod_area(geom):
    polys = [geom] if geom.geom_type == "Polygon" else list(getattr(geom, "geoms", []))
    total = 0.0
    for p in polys:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        for k, ring in enumerate([p.exterior] + list(p.interiors)):
            d = densify_lonlat(list(ring.coords))
            a, _ = GEOD.polygon_area_perimeter([c[0] for c in d], [c[1] for c in d])
            total += abs(a) * (1 if k == 0 else -1)
    return total


def plain_code(lon_min, lat_min):
    return f"{lon_min // 60:03d}{lon_min % 60:02d}-{lat_min // 60:02d}{lat_min % 60:02d}"


def sheet_code(lon_min, lat_min):
    # Exact rational degrees, floor divisions in degrees (not minutes) as the standard states them.
    lon, lat = Fraction(lon_min, 60), Fraction(lat_min, 60)
    row_letter = "ABCDEFGHIJKLMNOPQRSTUV"[math.floor(lat / 4)]
    column = math.floor(lon / 6) + 31
    sheet_row = int(Fraction(4) / Fraction(1, 6)) - math.floor((lat % 4) / Fraction(1, 6))
    sheet_col = math.floor((lon % 6) / Fraction(1, 4)) + 1
    south = lat - (lat % Fraction(1, 6))
    west = lon - (lon % Fraction(1, 4))
    cell_row = 10 - int((lat - south) * 60)
    cell_col = int((lon - west) * 60) + 1
    return f"{row_letter}{column:02d}E{sheet_row:03d}{sheet_col:03d}-{cell_row:02d}{cell_col:02d}"


def cells_polygon(cells):
    return unary_union([box(deg(x), deg(y), deg(x + 1), deg(y + 1)) for x, y in cells])


def sheet_order(cells):
    return sorted(cells, key=lambda c: (-c[1], c[0]))


def ring_coords(minutes_ring):
    return [[deg(x), deg(y)] for x, y in minutes_ring]


def main():
    os.makedirs(OUT, exist_ok=True)
    blocks = []

    # KC01: L of 12 cells.
    x, y = LON0, LAT0
    kc01_cells = [(x + i, y + j) for j in range(2) for i in range(4)] + [(x + i, y + j) for j in (2, 3) for i in range(2)]
    kc01_ring = [(x, y), (x + 4, y), (x + 4, y + 2), (x + 2, y + 2), (x + 2, y + 4), (x, y + 4), (x, y)]
    blocks.append(("KC01", "L形勘查区块", [ring_coords(kc01_ring)], kc01_cells))

    # KC02: 4x4 with a 2x2 hole; 6' east of KC01.
    x, y = LON0 + 6, LAT0
    kc02_cells = [(x + i, y + j) for j in range(4) for i in range(4) if not (1 <= i <= 2 and 1 <= j <= 2)]
    outer = [(x, y), (x + 4, y), (x + 4, y + 4), (x, y + 4), (x, y)]
    hole = [(x + 1, y + 1), (x + 1, y + 3), (x + 3, y + 3), (x + 3, y + 1), (x + 1, y + 1)]
    blocks.append(("KC02", "环形勘查区块", [ring_coords(outer), ring_coords(hole)], kc02_cells))

    # KC03: 3x2 rectangle with two nudged corners; 6' north of KC01.
    x, y = LON0, LAT0 + 6
    ring = ring_coords([(x, y), (x + 3, y), (x + 3, y + 2), (x, y + 2), (x, y)])
    ring[0][1] += SEC          # south-west corner 1" north (into the block)
    ring[-1][1] += SEC
    ring[2][0] += SEC          # north-east corner 1" east (out of the block)
    blocks.append(("KC03", "偏离经纬网区块", [ring], None))

    expected = {"tool": f"pyproj {pyproj.__version__} Geod, shapely {shapely.__version__}, closed-form quadrangle",
                "rule": "a cell counts when more than half of it lies in the block; partial = covered fraction strictly between 0 and 1",
                "grid_tolerance_arcsec": 0.01, "blocks": {}}
    features, features_4547 = [], []
    to4547 = Transformer.from_crs("EPSG:4490", "EPSG:4547", always_xy=True)
    for bid, name, rings, listed in blocks:
        poly = Polygon(rings[0], rings[1:])
        assert poly.is_valid, bid
        lonmin, latmin, lonmax, latmax = poly.bounds
        covered, partial = [], {}
        for cx in range(math.floor(lonmin * 60 + 1e-9), math.ceil(lonmax * 60 - 1e-9)):
            for cy in range(math.floor(latmin * 60 + 1e-9), math.ceil(latmax * 60 - 1e-9)):
                cell = box(deg(cx), deg(cy), deg(cx + 1), deg(cy + 1))
                inter = poly.intersection(cell)
                if inter.area <= 0:
                    continue
                frac = geod_area(inter) / cell_area(cx, cy)
                if frac > 0.5:
                    covered.append((cx, cy))
                if frac < 1 - 1e-6:
                    partial[plain_code(cx, cy)] = frac
        if listed is not None:
            assert sorted(covered) == sorted(listed) and not partial, bid
        for cx, cy in covered:   # closed form against Karney on the densified cell
            a = geod_area(box(deg(cx), deg(cy), deg(cx + 1), deg(cy + 1)))
            assert abs(a / cell_area(cx, cy) - 1) < 1e-9, (cx, cy)
        cells_area = sum(cell_area(cx, cy) for cx, cy in covered)
        block_area = geod_area(poly)
        if listed is not None:
            assert abs(block_area / cells_area - 1) < 1e-10, (bid, block_area / cells_area - 1)
            assert abs(geod_area(cells_polygon(listed)) / block_area - 1) < 1e-10, bid
        off = []
        for ring in rings:
            for lon, lat in ring[:-1]:
                lon_off = abs(lon * 3600 - round(lon * 60) * 60)
                lat_off = abs(lat * 3600 - round(lat * 60) * 60)
                if lon_off > 0.01 or lat_off > 0.01:
                    off.append([lon, lat])
        order = sheet_order(covered)
        expected["blocks"][bid] = {
            "cells": [plain_code(*c) for c in order],
            "sheet_cells": [sheet_code(*c) for c in order],
            "cell_count": len(order),
            "partial_cells": partial,
            "off_grid_corners": off,
            "cells_area_m2": cells_area,
            "block_area_m2": block_area,
            "holes": len(rings) - 1,
        }
        features.append({"type": "Feature", "id": bid, "properties": {"code": bid, "name": name},
                         "geometry": {"type": "Polygon", "coordinates": rings}})
        projected = [[list(to4547.transform(lon, lat)) for lon, lat in ring] for ring in rings]
        features_4547.append({"type": "Feature", "id": bid, "properties": {"code": bid, "name": name},
                              "geometry": {"type": "Polygon", "coordinates": projected}})

    # Anchor of domain.md and Fixtures/cell-1min.json: the cell at 112°E 36.5°N.
    anchor = cell_area(112 * 60, 36 * 60 + 30)
    assert round(anchor / 1e6, 4) == 2.7613
    expected["anchor"] = {"code": plain_code(112 * 60, 36 * 60 + 30), "sheet_code": sheet_code(112 * 60, 36 * 60 + 30),
                          "area_m2": anchor}
    # Sheet-code spot checks by hand: Beijing's 1:1M sheet is J50 (114-120°E, 36-40°N); a 1:50 000 sheet is
    # 15' x 10', numbered from the north-west corner of its 1:1M sheet.
    assert sheet_code(114 * 60, 40 * 60 - 1) == "J50E001001-0101"
    assert sheet_code(120 * 60 - 1, 36 * 60) == "J50E024024-1015"

    def write(name, obj):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    write("blocks.geojson", {"type": "FeatureCollection",
                             "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
                             "features": features})
    write("blocks-4547.geojson", {"type": "FeatureCollection",
                                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}},
                                  "features": features_4547})
    write("expected.json", expected)
    with open(os.path.join(OUT, "cells.txt"), "w", encoding="utf-8") as fh:
        fh.write("# 勘查区块 as lists of 1' cells: `ID: CODE CODE ...`; codes are DDDMM-DDMM or sheet codes\n")
        for bid in ("KC01", "KC02"):
            cells = expected["blocks"][bid]["cells"]
            sheets = expected["blocks"][bid]["sheet_cells"]
            # Half of each block in each code form, over two lines, to read both.
            fh.write(f"{bid}: {' '.join(cells[:6])}\n")
            fh.write(f"{bid}: {', '.join(sheets[6:])}\n")
    for bid, b in expected["blocks"].items():
        print(f"{bid}: {b['cell_count']} cells {b['cells_area_m2']:.3f} m², block {b['block_area_m2']:.3f} m², "
              f"partial {len(b['partial_cells'])}, off-grid corners {len(b['off_grid_corners'])}")
    print(f"anchor {expected['anchor']}")


if __name__ == "__main__":
    main()
