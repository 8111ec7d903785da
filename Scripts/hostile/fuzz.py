#!/usr/bin/env python3
"""Hostile seed inputs for the reader fuzzers (Scripts/fuzz/run), one folder per reader under
Fixtures/hostile/fuzz/: deep nesting, huge and non-finite numbers, bad UTF-8 and GBK, truncated files,
degenerate headers. Deterministic; re-run from the repository root to regenerate. The fuzzers mutate their
first 4 KiB (-max_len); FuzzRegressionTests reads each whole, so every file stays under 16 KiB."""
import os
import shutil

ROOT = os.path.join("Fixtures", "hostile", "fuzz")
MAX_LEN = 16384
seeds = {"geojson": {}, "coordfile": {}, "csv": {}, "rules": {}}


def add(reader, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    assert len(data) <= MAX_LEN, (reader, name, len(data))
    seeds[reader][name] = data


# GeoJSON ------------------------------------------------------------------------------------------------
square = '[[112.5,36.5],[112.6,36.5],[112.6,36.6],[112.5,36.6],[112.5,36.5]]'
feature = '{"type":"Feature","id":"B1","properties":{"名称":"矿区"},"geometry":{"type":"Polygon","coordinates":[%s]}}' % square
collection = '{"type":"FeatureCollection","features":[%s]}' % feature
add("geojson", "deep-arrays", "[" * 8000 + "]" * 8000)
add("geojson", "deep-objects", '{"a":' * 2500 + "1" + "}" * 2500)
add("geojson", "deep-coordinates", '{"type":"Polygon","coordinates":' + "[" * 7000 + "1,2" + "]" * 7000 + "}")
add("geojson", "deep-properties", '{"type":"Feature","properties":' + '{"a":[' * 2000 + "]}" * 2000 + ',"geometry":null}')
add("geojson", "deep-crs", '{"type":"FeatureCollection","crs":' + "[" * 7000 + "]" * 7000 + ',"features":[]}')
add("geojson", "deep-id", '{"type":"Feature","id":' + "[" * 7000 + "]" * 7000 + ',"geometry":null}')
gc = '{"type":"Point","coordinates":[1,2]}'
for _ in range(40):
    gc = '{"type":"GeometryCollection","geometries":[%s]}' % gc
add("geojson", "deep-geometry-collection", '{"type":"Feature","geometry":%s}' % gc)
add("geojson", "huge-numbers", collection.replace("112.5", "1e999999").replace("36.6", "-1" + "0" * 3000))
add("geojson", "long-mantissa", collection.replace("112.6", "0." + "1" * 8000))
add("geojson", "non-finite-literals", collection.replace("112.5", "NaN").replace("36.5", "Infinity"))
add("geojson", "truncated", collection[: len(collection) // 2])
add("geojson", "truncated-in-string", collection[: collection.index("矿") + 1])
add("geojson", "truncated-in-escape", '{"type":"Feature","id":"\\u12')
add("geojson", "bad-utf8", collection.encode("utf-8").replace("矿区".encode("utf-8"), b"\xff\xfe\xc0\x80\xed\xa0\x80"))
add("geojson", "gbk", collection.encode("gbk"))
add("geojson", "lone-surrogates", collection.replace("矿区", "\\ud800\\udfff\\udc00\\ud83d"))
add("geojson", "nul-bytes", collection.replace(",", ",\x00", 3))
add("geojson", "bom-and-crs", "\ufeff" + collection.replace('"features"', '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::99999999999999999999"}},"features"'))
add("geojson", "many-duplicate-keys", '{"type":"Feature","properties":{' + ",".join('"k":%d' % k for k in range(1500)) + '},"geometry":null}')
add("geojson", "many-features", '{"type":"FeatureCollection","features":[' + ",".join(["{}"] * 5000) + "]}")
add("geojson", "wrong-types", '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":7,"coordinates":{}}},'
    '{"type":"Feature","geometry":"x","properties":[]},{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[1,2]],[[[1,2,3,4,5]]]]}}]}')

# 坐标文件 -------------------------------------------------------------------------------------------------
header = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n带号=38\n[地块坐标]\n"
block = "5,1.0000,CS1,矿区，北段,面,,采矿用地,,@\nJ1,1,4020000.00,38420000.00\nJ2,1,4020000.00,38420900.00\nJ3,1,4020400.00,38421200.00\nJ4,1,4020900.00,38421000.00\nJ1,1,4020000.00,38420000.00\n"
add("coordfile", "plain", header + block)
add("coordfile", "gbk", (header + block).encode("gbk"))
add("coordfile", "gbk-truncated-in-character", (header + block).encode("gbk")[:-1] + "矿".encode("gbk")[:1])
add("coordfile", "bad-utf8-and-gbk", (header + block).encode("utf-8") + b"\x81\x30\xff\xff\x80")
add("coordfile", "infinite-easting", header + block.replace("38420900.00", "1e400"))
add("coordfile", "nan-northing", header + block.replace("4020400.00", "nan"))
add("coordfile", "huge-easting", header + block.replace("38421200.00", "9" * 400))
add("coordfile", "negative-zone", header.replace("带号=38", "带号=-38") + block.replace("38421000.00", "-38421000.00"))
add("coordfile", "huge-zone", header.replace("带号=38", "带号=" + "9" * 40).replace("几度分带=3", "几度分带=" + "9" * 30) + block)
add("coordfile", "zone-width-zero", header.replace("几度分带=3", "几度分带=0") + block)
add("coordfile", "lone-cr", (header + block).replace("\n", "\r"))
add("coordfile", "header-only", header + "0,0,,,,,,,@\n" * 1000)
add("coordfile", "many-rings", header + "9999,1,CS2,多圈,面,,,,@\n" + "".join(
    "J%d,%d,%d.0,38%d.0\n" % (k, k // 3, 4020000 + (k * 7919) % 1000, 420000 + (k * 104729) % 1000) for k in range(300)))
add("coordfile", "fullwidth-commas", header + "5，1.0，CS3，名，北段，面，，，，，，，@\nJ1，1，4020000，38420000\n")
add("coordfile", "truncated", (header + block)[: len(header) + 40])
add("coordfile", "sections-only", "[属性描述]\n[地块坐标]\n[\n]\n[]\n" * 100)

# corner-point CSV -----------------------------------------------------------------------------------------
csv_header = "地块编号,地块名称,点号,圈号,X,Y\n"
rows = "".join("CS1,矿区,J%d,1,%.2f,%.2f\n" % (k, 4020000 + 100 * (k % 2), 38420000 + 100 * (k // 2)) for k in range(4))
add("csv", "plain", csv_header + rows)
add("csv", "bom-gbk", b"\xef\xbb\xbf" + (csv_header + rows).encode("gbk"))
add("csv", "gbk-truncated", (csv_header + rows).encode("gbk")[:-3] + b"\xb0")
add("csv", "unterminated-quote", csv_header + 'CS1,"矿区,J1,1,4020000,38420000\n' + rows)
add("csv", "quotes-everywhere", csv_header.replace(",", '","') + '"' * 3000 + "\n")
add("csv", "non-finite", csv_header + rows.replace("4020000.00", "1e400", 1).replace("38420100.00", "-inf"))
add("csv", "huge-numbers", csv_header + rows.replace("38420000.00", "3" * 500))
add("csv", "many-columns", ",".join(["X", "Y"] + ["c%d" % k for k in range(1500)]) + "\n1,2\n")
add("csv", "many-blocks", csv_header + "".join("B%d,n,J1,1,4020000,38420000\n" % k for k in range(400)))
add("csv", "many-rings", csv_header + "".join("B,n,J%d,%d,4020%03d,38420%03d\n" % (k, k, k % 997, (k * 31) % 997) for k in range(400)))
add("csv", "title-rows", "\n".join(["拐点坐标表"] * 9) + "\n" + "X（米）,Y（米）\n4020000,38420000\n")
add("csv", "header-only", "x,y\n")
add("csv", "crlf-and-cr", (csv_header + rows).replace("\n", "\r\n", 3).replace("\n", "\r"))

# rules (YAML) ---------------------------------------------------------------------------------------------
rules = "tolerance_m2: 1\nmin_clean_area_m2: 100000\nlayers:\n  - name: redline\n    path: /\n    buffer_m: 10\n    crs: EPSG:4490\n  - name: farmland\n    path: /\n    id_field: BSM\n    towgs84: [1, 2, 3, 0.1, 0.2, 0.3, 4]\n"
add("rules", "plain", rules)
add("rules", "pipeline", rules.replace("    towgs84: [1, 2, 3, 0.1, 0.2, 0.3, 4]\n", "    pipeline: +proj=pipeline +step +proj=noop\n"))
add("rules", "huge-numbers", rules.replace("tolerance_m2: 1", "tolerance_m2: 1e400").replace("buffer_m: 10", "buffer_m: " + "9" * 400))
add("rules", "special-floats", rules.replace("tolerance_m2: 1", "tolerance_m2: .nan").replace("buffer_m: 10", "buffer_m: -.inf"))
add("rules", "int-overflow", rules.replace("min_clean_area_m2: 100000", "min_clean_area_m2: 0x" + "f" * 40))
add("rules", "billion-laughs", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    "%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n" % ((chr(98 + k), chr(98 + k)) + (chr(97 + k),) * 9) for k in range(9))
    + "layers: [*j]\n")
add("rules", "nested-100", "layers:\n" + "".join("  " * k + "- \n" for k in range(100)))
add("rules", "flow-nested-150", "layers: " + "[" * 150 + "]" * 150 + "\n")
add("rules", "tags", "tolerance_m2: !!binary aGVsbG8=\nlayers: !!set {a, b}\n")
add("rules", "truncated", rules[: len(rules) // 2 + 3])
add("rules", "bad-utf8", rules.encode("utf-8")[:40] + b"\xff\xfe\x80")
add("rules", "duplicate-keys", rules + "layers: []\n")
add("rules", "many-layers", "layers:\n" + "".join("  - name: l%d\n    path: /\n" % k for k in range(500)))
add("rules", "tabs-and-anchors", "layers:\n\t- &x {name: a, path: /}\n  - *x\n  - *undefined\n")

if os.path.isdir(ROOT):
    shutil.rmtree(ROOT)
for reader, files in seeds.items():
    os.makedirs(os.path.join(ROOT, reader))
    for name, data in files.items():
        with open(os.path.join(ROOT, reader, name), "wb") as f:
            f.write(data)
print("wrote", sum(len(f) for f in seeds.values()), "seeds under", ROOT)
