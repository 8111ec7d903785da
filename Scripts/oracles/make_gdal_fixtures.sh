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
# A plane with no EPSG code: transverse Mercator on the GRS80 (= CGCS2000) ellipsoid centred at 112.5°E.
# The reader has to hand PROJ the definition itself.
ogr2ogr -q -f "ESRI Shapefile" -nln changzhi-cs21-tm1125 -lco ENCODING=UTF-8 "${dbf_date[@]}" \
  -t_srs "+proj=tmerc +lat_0=0 +lon_0=112.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs" \
  "$out/changzhi-cs21-tm1125.shp" "$src"

ogr2ogr -q -f GPKG -nln "$layer" "$out/changzhi-cs21.gpkg" "$src"
ogr2ogr -q -f FlatGeobuf -nlt MULTIPOLYGON -nln "$layer" "$out/changzhi-cs21.fgb" "$src"
ogr2ogr -q -f OpenFileGDB -nlt MULTIPOLYGON -nln "$layer" "$out/changzhi-cs21.gdb" "$src"

# A GeoPackage with two layers: the reader takes the first unless a layer is named.
ogr2ogr -q -f GPKG -nln first_three -where "code IN ('CS001','CS002','CS003')" "$out/two-layers.gpkg" "$src"
ogr2ogr -q -update -f GPKG -nln all_zones "$out/two-layers.gpkg" "$src"

# Odd geometries in one GeoPackage layer (EPSG:4547, metres): a full circle as a CurvePolygon (radius 1000 m
# about 114°E, 36°N, on the zone's central meridian: area π·1000² m² before GDAL cuts the arc into
# segments), a point, an empty polygon and a line. Only the circle is a polygon to analyse.
cat > "$out/odd.csv" <<'CSV'
name,wkt
circle,"CURVEPOLYGON(CIRCULARSTRING(499000 3986000,501000 3986000,499000 3986000))"
point,"POINT(500000 3986000)"
empty,"POLYGON EMPTY"
line,"LINESTRING(499000 3986000,501000 3987000)"
CSV
ogr2ogr -q -f GPKG -nln odd -nlt GEOMETRY -a_srs EPSG:4547 -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO \
  "$out/odd.gpkg" "$out/odd.csv"
rm "$out/odd.csv"

{
  echo "made by: $(ogr2ogr --version)"
  for f in "$out"/*.shp "$out"/*.gpkg "$out"/*.fgb "$out"/*.gdb; do
    echo "== $f"
    ogrinfo -so -al "$f" | grep -E "^(Layer name|Geometry|Feature Count|[A-Za-z_0-9]+: (String|Real|Integer))"
  done
} > "$out/ogrinfo.txt"
cat "$out/ogrinfo.txt"
