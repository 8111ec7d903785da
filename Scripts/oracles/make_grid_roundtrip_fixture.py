#!/usr/bin/env python3
"""A 坐标文件 of on-grid blocks whose corners are written to 0.1 mm, for `minescreen grid`, independent of MineScreen.

Outputs (run from the repo root: python3 Scripts/oracles/make_grid_roundtrip_fixture.py):
  Fixtures/grid/blocks-0.1mm.txt       the blocks as a 坐标文件, CGCS2000 GK zone 38 with the zone prefix
                                       (EPSG:4526, X = northing, Y = easting), metres to 4 decimals
  Fixtures/grid/blocks-0.1mm.json      the oracle: each block's cells, and the largest covered fraction of a
                                       cell outside the block and smallest of a cell inside, after rounding

Blocks near 113°E 36.3°N (inside zone 38, away from its 112.5°E seam), made of whole 1' cells by hand:
  GR01  an L of 5 cells: a row of 3 with 2 more on top of its west end
  GR02  a 3x3 square with the middle cell missing (a hole): 8 cells
Corners are the dissolved outline's whole-minute corners (shapely unary_union), projected with pyproj and
rounded to 0.1 mm, which is what a surveyor's file carries. Read back to lon/lat the corners are then up to
~3e-6" off their minutes, so the cells next to a block are touched by slivers of ~1e-8 of a cell: the
fractions below (pyproj back to lon/lat, shapely intersection with the cell, ratio of Geod areas on
densified rings) show it, and `grid` must list no partial cells (its tolerance 0.01" is 6.7e-4 of a cell).
"""
import json
import os

from pyproj import Geod, Transformer
from shapely.geometry import Polygon, box
from shapely.ops import unary_union

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Fixtures", "grid")
GEOD = Geod(a=6378137.0, f=1 / 298.257222101)
TO_PLANE = Transformer.from_crs("EPSG:4490", "EPSG:4526", always_xy=True)
TO_LONLAT = Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)

# (lon minute, lat minute) of each cell's south-west corner: 113°00' = 6780', 36°18' = 2178'.
BLOCKS = {
    "GR01": [(6780, 2178), (6781, 2178), (6782, 2178), (6780, 2179), (6781, 2179)],
    "GR02": [(6786 + i, 2178 + j) for j in range(3) for i in range(3) if (i, j) != (1, 1)],
}


def code(cell):
    lon, lat = cell
    return f"{lon // 60:03d}{lon % 60:02d}-{lat // 60:02d}{lat % 60:02d}"


def cell_box(cell):
    return box(cell[0] / 60, cell[1] / 60, (cell[0] + 1) / 60, (cell[1] + 1) / 60)


def corners(ring):
    """Whole-minute corners of a dissolved ring, without points in the middle of a straight side."""
    pts = [(round(x * 60), round(y * 60)) for x, y in ring.coords[:-1]]
    keep = [p for k, p in enumerate(pts)
            if not ((pts[k - 1][0] == p[0] == pts[(k + 1) % len(pts)][0]) or (pts[k - 1][1] == p[1] == pts[(k + 1) % len(pts)][1]))]
    return [(x / 60, y / 60) for x, y in keep]


def densified_area(polygon, step=0.05 / 3600):
    """Geod area with every edge cut into pieces of ≤ 0.05" straight in lon/lat (holes subtracted)."""
    def ring_area(coords):
        lons, lats = [], []
        for (x1, y1), (x2, y2) in zip(coords[:-1], coords[1:]):
            n = max(1, int(max(abs(x2 - x1), abs(y2 - y1)) / step) + 1)
            for k in range(n):
                lons.append(x1 + (x2 - x1) * k / n)
                lats.append(y1 + (y2 - y1) * k / n)
        return abs(GEOD.polygon_area_perimeter(lons, lats)[0])
    polys = getattr(polygon, "geoms", [polygon])
    return sum(ring_area(list(p.exterior.coords)) - sum(ring_area(list(h.coords)) for h in p.interiors) for p in polys)


def main():
    lines = ["[属性描述]", "格式版本号=1.01版本", "数据产生单位=MineScreen 测试数据", "数据产生日期=2026-11-23",
             "坐标系=2000国家大地坐标系", "几度分带=3", "投影类型=高斯克吕格", "计量单位=米", "带号=38", "精度=0.0001",
             "转换参数=,,,,,,", "[地块坐标]"]
    oracle = {"tool": "shapely unary_union of whole-minute cells; pyproj EPSG:4490 <-> EPSG:4526 (always_xy); "
                      "corners rounded to 0.0001 m; covered fractions: shapely intersection, Geod areas on 0.05\" pieces",
              "crs": "EPSG:4526", "blocks": {}}
    for block_id, cells in BLOCKS.items():
        outline = unary_union([cell_box(c) for c in cells])
        rings = [outline.exterior] + list(outline.interiors)
        written = []  # rings in lon/lat as read back from the rounded plane coordinates
        points = []
        for number, ring in enumerate(rings, start=1):
            lonlat = corners(ring)
            xs, ys = TO_PLANE.transform([p[0] for p in lonlat], [p[1] for p in lonlat])
            plane = [(round(y, 4), round(x, 4)) for x, y in zip(xs, ys)]  # (northing, easting)
            plane.append(plane[0])
            points += [(number, p) for p in plane]
            lon, lat = TO_LONLAT.transform([p[1] for p in plane], [p[0] for p in plane])
            written.append(list(zip(lon, lat)))
        read_back = Polygon(written[0], written[1:])
        inside = set(cells)
        lon0, lat0 = min(c[0] for c in cells) - 1, min(c[1] for c in cells) - 1
        lon1, lat1 = max(c[0] for c in cells) + 1, max(c[1] for c in cells) + 1
        outside_max, inside_min = 0.0, 1.0
        for lon in range(lon0, lon1 + 1):
            for lat in range(lat0, lat1 + 1):
                cell = (lon, lat)
                fraction = densified_area(read_back.intersection(cell_box(cell))) / densified_area(cell_box(cell)) \
                    if read_back.intersects(cell_box(cell)) else 0.0
                if cell in inside:
                    inside_min = min(inside_min, fraction)
                else:
                    outside_max = max(outside_max, fraction)
        oracle["blocks"][block_id] = {"cells": [code(c) for c in sorted(cells, key=lambda c: (-c[1], c[0]))],
                                      "holes": len(rings) - 1, "partial_cells": [],
                                      "largest_fraction_outside": outside_max, "smallest_fraction_inside": inside_min}
        lines.append(f"{len(points)},,{block_id},{block_id},面,,勘查区块,,@")
        for k, (number, (x, y)) in enumerate(points, start=1):
            lines.append(f"J{k},{number},{x:.4f},{y:.4f}")
    with open(os.path.join(OUT, "blocks-0.1mm.txt"), "w", encoding="utf-8", newline="") as fh:
        fh.write("\r\n".join(lines) + "\r\n")
    with open(os.path.join(OUT, "blocks-0.1mm.json"), "w", encoding="utf-8") as fh:
        json.dump(oracle, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    print(json.dumps(oracle, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
