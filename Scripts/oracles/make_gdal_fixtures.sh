#!/usr/bin/env bash
# GDAL-format copies of Fixtures/changzhi-cs21.geojson, made by GDAL's own ogr2ogr (not by the code under
# test), for Tests/*/GDAL*Tests.swift. The area oracle stays Fixtures/changzhi-cs21.oracle.json: every
# copy holds the same vertices (the EPSG:4526 copy holds them projected by PROJ through ogr2ogr).
# Needs gdal-bin (apt-get install gdal-bin; OpenFileGDB writing needs GDAL >= 3.6). Writes Fixtures/gdal/.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=Fixtures/changzhi-cs21.geojson
out=Fixtures/gdal
layer=changzhi_cs21
rm -rf "$out"
mkdir -p "$out"

# Fixed dates so that re-running the script gives the same bytes (DBF header date, GeoPackage timestamps).
export OGR_CURRENT_DATE=2026-11-23T00:00:00Z
dbf_date=(-lco DBF_DATE_LAST_UPDATE=2026-11-23)

# Shapefile with its attribute text in GBK and a .cpg saying so, as Chinese desktop GIS exports it.
# declared_km2 is longer than a DBF field name allows: GDAL truncates it to declared_k.
ogr2ogr -q -f "ESRI Shapefile" -nln changzhi-cs21 -lco ENCODING=GBK "${dbf_date[@]}" "$out/changzhi-cs21.shp" "$src"

# The same in GBK with the code page written as CP936 (the .cpg then reads "CP936").
ogr2ogr -q -f "ESRI Shapefile" -nln changzhi-cs21-cp936 -lco ENCODING=CP936 "${dbf_date[@]}" "$out/changzhi-cs21-cp936.shp" "$src"

# GBK text with no .cpg and no code page in the DBF header (LDID 0): the reader has to notice it is not UTF-8.
ogr2ogr -q -f "ESRI Shapefile" -nln changzhi-cs21-nocpg -lco ENCODING=GBK "${dbf_date[@]}" "$out/changzhi-cs21-nocpg.shp" "$src"
rm "$out/changzhi-cs21-nocpg.cpg"

# No .prj: the CRS must come from --crs.
ogr2ogr -q -f "ESRI Shapefile" -nln changzhi-cs21-noprj -lco ENCODING=UTF-8 "${dbf_date[@]}" "$out/changzhi-cs21-noprj.shp" "$src"
rm "$out/changzhi-cs21-noprj.prj"

# Projected: CGCS2000 Gauss-Krüger 3° zone 38 with the zone prefix (EPSG:4526), vertices moved by PROJ.
ogr2ogr -q -f "ESRI Shapefile" -nln changzhi-cs21-4526 -t_srs EPSG:4526 -lco ENCODING=UTF-8 "${dbf_date[@]}" \
  "$out/changzhi-cs21-4526.shp" "$src"

# FlatGeobuf and FileGDB need one geometry type per layer (CS013 is a MultiPolygon): all become MultiPolygons.
ogr2ogr -q -f GPKG -nln "$layer" "$out/changzhi-cs21.gpkg" "$src"
ogr2ogr -q -f FlatGeobuf -nlt MULTIPOLYGON -nln "$layer" "$out/changzhi-cs21.fgb" "$src"
ogr2ogr -q -f OpenFileGDB -nlt MULTIPOLYGON -nln "$layer" "$out/changzhi-cs21.gdb" "$src"

# A GeoPackage with two layers: the reader takes the first unless a layer is named.
ogr2ogr -q -f GPKG -nln first_three -where "code IN ('CS001','CS002','CS003')" "$out/two-layers.gpkg" "$src"
ogr2ogr -q -update -f GPKG -nln all_zones "$out/two-layers.gpkg" "$src"

{
  echo "made by: $(ogr2ogr --version)"
  for f in "$out"/*.shp "$out"/*.gpkg "$out"/*.fgb "$out"/*.gdb; do
    echo "== $f"
    ogrinfo -so -al "$f" | grep -E "^(Layer name|Geometry|Feature Count|[A-Za-z_0-9]+: (String|Real|Integer))"
  done
} > "$out/ogrinfo.txt"
cat "$out/ogrinfo.txt"
