#!/usr/bin/env python3
"""Hostile inputs for the areas part (`--method tdt1055` on overlap/screen, remainders of the default method).

Writes Fixtures/hostile/areas/:
- dense-block.geojson: one block whose boundary has 40 000 vertices (a digitised outline used as a block), and
  dense-layer.geojson cutting it: the geodesic placement of cut vertices must not compare every piece vertex
  with every block edge (4e4 × 4e4), and remainder and clean must still agree.
- long-edges.geojson: blocks with 150-400 km edges in lon/lat and one far outside its 3° zone, with
  long-layer.geojson over them: figures stay finite and additive, or the block is rejected with a reason.
- far-from-zone-gk.geojson: a block in EPSG:4547 (CM 114°E) placed 20° of longitude away from the central
  meridian, and far-layer-gk.geojson cutting it: PROJ's transverse Mercator still answers there (about 18°E);
  the plane-edge integral must stay additive where the projection is strongly curved.
- degenerate.geojson: repeated points (zero-length edges) and a sliver block 1 mm wide.
"""
import json
import math
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "hostile", "areas")


def collection(features, crs="urn:ogc:def:crs:EPSG::4490"):
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}}, "features": features}


def feature(fid, rings):
    return {"type": "Feature", "properties": {"id": fid}, "geometry": {"type": "Polygon", "coordinates": rings}}


def write(name, data):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(data, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    # A wavy circle of radius ~0.05° with 40 000 vertices.
    n = 40_000
    ring = []
    for k in range(n):
        a = 2 * math.pi * k / n
        r = 0.05 * (1 + 0.02 * math.sin(37 * a))
        ring.append([round(112.5 + r * math.cos(a), 9), round(36.5 + r * math.sin(a) * 0.8, 9)])
    ring.append(ring[0])
    write("dense-block.geojson", collection([feature("dense", [ring])]))
    cut = [[112.45, 36.40], [112.60, 36.43], [112.58, 36.52], [112.47, 36.55], [112.45, 36.40]]
    band = [[112.40, 36.49], [112.60, 36.49], [112.60, 36.51], [112.40, 36.51], [112.40, 36.49]]
    write("dense-layer.geojson", collection([feature("cut", [cut]), feature("band", [band])]))

    blocks = [
        feature("long", [[[110.0, 30.0], [114.0, 30.5], [113.0, 33.0], [110.5, 32.5], [110.0, 30.0]]]),
        feature("thin-long", [[[100.0, 40.0], [104.0, 40.0001], [104.0, 40.0002], [100.0, 40.0]]]),
    ]
    write("long-edges.geojson", collection(blocks))
    write("long-layer.geojson", collection([feature("wide", [[[111.0, 29.0], [112.5, 29.0], [112.5, 34.0], [111.0, 34.0], [111.0, 29.0]]])]))

    far = [[-1_500_000.0, 4_000_000.0], [-1_490_000.0, 4_000_000.0], [-1_490_000.0, 4_010_000.0], [-1_500_000.0, 4_010_000.0],
           [-1_500_000.0, 4_000_000.0]]
    write("far-from-zone-gk.geojson", collection([feature("far", [far])], crs="urn:ogc:def:crs:EPSG::4547"))
    half = [[-1_496_000.0, 3_990_000.0], [-1_480_000.0, 3_995_000.0], [-1_485_000.0, 4_020_000.0], [-1_496_000.0, 4_020_000.0],
            [-1_496_000.0, 3_990_000.0]]
    write("far-layer-gk.geojson", collection([feature("half", [half])], crs="urn:ogc:def:crs:EPSG::4547"))

    degenerate = [
        feature("repeated", [[[112.40, 36.40], [112.40, 36.40], [112.45, 36.40], [112.45, 36.40], [112.45, 36.45],
                              [112.40, 36.45], [112.40, 36.40]]]),
        feature("sliver-1mm", [[[112.40, 36.46], [112.50, 36.46], [112.50, 36.46000001], [112.40, 36.46000001], [112.40, 36.46]]]),
    ]
    write("degenerate.geojson", collection(degenerate))


if __name__ == "__main__":
    main()
