#!/usr/bin/env bash
# Damaged and odd input layers for the "inputs" part of the trust review (issue #13), written into
# Fixtures/hostile/inputs/. Each damaged layer starts as a sound copy of Fixtures/changzhi-cs21.geojson
# made by GDAL's own ogr2ogr and is then cut with truncate/head, the way a broken copy or an interrupted
# download leaves it. A reader that takes any of them for a smaller or empty layer would certify blocks
# clean; the CLI tests expect exit 2 (or the unreadable features rejected) instead.
# Needs gdal-bin (ogr2ogr, ogrinfo; OpenFileGDB writing needs GDAL >= 3.6) and coreutils.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=Fixtures/changzhi-cs21.geojson
out=Fixtures/hostile/inputs
rm -rf "$out"
mkdir -p "$out"
export OGR_CURRENT_DATE=2026-11-23T00:00:00Z
dbf_date=(-lco DBF_DATE_LAST_UPDATE=2026-11-23)

# FileGDB whose feature table is cut in the middle (the .gdbtablx index still lists all 21 rows).
ogr2ogr -q -f OpenFileGDB -nlt MULTIPOLYGON "$out/truncated-table.gdb" "$src" -nln changzhi_cs21
# The user table is numbered after the system catalog tables (a00000001 … a00000008).
table=$(ls "$out/truncated-table.gdb"/a*.gdbtable | sort | tail -1)
truncate -s $(( $(stat -c %s "$table") / 2 )) "$table"
# The same table cut inside its field descriptions: GDAL fails while opening the layer, then reports 0 features.
cp -r "$out/truncated-table.gdb" "$out/truncated-header.gdb"
truncate -s 200 "$out/truncated-header.gdb/$(basename "$table")"

# FlatGeobuf cut right after its header: the header declares 21 features, none follow.
ogr2ogr -q -f FlatGeobuf -nlt MULTIPOLYGON "$out/full.tmp.fgb" "$src" -nln changzhi_cs21
# Header end = 8 magic bytes + 4-byte little-endian header size + that size.
header_size=$(od -An -t u4 -j 8 -N 4 "$out/full.tmp.fgb" | tr -d ' ')
head -c $(( 12 + header_size )) "$out/full.tmp.fgb" > "$out/header-only.fgb"
# The same file cut half way through its features.
head -c $(( $(stat -c %s "$out/full.tmp.fgb") * 3 / 4 )) "$out/full.tmp.fgb" > "$out/cut-features.fgb"
rm "$out/full.tmp.fgb"

# Shapefile whose .dbf is cut to 0 bytes (attributes gone, geometry intact).
ogr2ogr -q -f "ESRI Shapefile" -lco ENCODING=UTF-8 "${dbf_date[@]}" "$out/empty-dbf.shp" "$src" -nln empty-dbf
truncate -s 0 "$out/empty-dbf.dbf"

# Shapefile whose .dbf holds fewer records than the .shp has shapes (cut after its 10th record).
ogr2ogr -q -f "ESRI Shapefile" -lco ENCODING=UTF-8 "${dbf_date[@]}" "$out/short-dbf.shp" "$src" -nln short-dbf
dbf_header=$(od -An -t u2 -j 8 -N 2 "$out/short-dbf.dbf" | tr -d ' ')
dbf_record=$(od -An -t u2 -j 10 -N 2 "$out/short-dbf.dbf" | tr -d ' ')
truncate -s $(( dbf_header + 10 * dbf_record )) "$out/short-dbf.dbf"

# Shapefile whose .shp is cut half way (the .shx still indexes 21 shapes).
ogr2ogr -q -f "ESRI Shapefile" -lco ENCODING=UTF-8 "${dbf_date[@]}" "$out/short-shp.shp" "$src" -nln short-shp
truncate -s $(( $(stat -c %s "$out/short-shp.shp") / 2 )) "$out/short-shp.shp"

# A sound Shapefile with its 4th record (CS004) marked deleted ('*' flag byte): GDAL counts it in the layer's
# feature count but skips it when reading, so 20 features is the complete read, not a damaged one.
ogr2ogr -q -f "ESRI Shapefile" -lco ENCODING=UTF-8 "${dbf_date[@]}" "$out/deleted-record.shp" "$src" -nln deleted-record
printf '*' | dd of="$out/deleted-record.dbf" bs=1 seek=$(( dbf_header + 3 * dbf_record )) conv=notrunc status=none

# An empty but sound layer: a GeoJSON FeatureCollection with no features (item 2: warned, still runs).
printf '{"type": "FeatureCollection", "features": []}\n' > "$out/empty.geojson"

# What GDAL itself says about each damaged layer, for the record.
for f in "$out/truncated-table.gdb" "$out/truncated-header.gdb" "$out/header-only.fgb" "$out/cut-features.fgb" "$out/empty-dbf.shp" \
         "$out/short-dbf.shp" "$out/short-shp.shp"; do
  echo "== ogrinfo -al -so $f"
  ogrinfo -ro -al -so "$f" 2>&1 | grep -E 'ERROR|Warning|Feature Count' || true
  echo "-- features read by ogrinfo -al: $(ogrinfo -ro -al "$f" 2>/dev/null | grep -c '^OGRFeature' || true)"
done > "$out/ogrinfo.txt"
