#!/usr/bin/env bash
# GDAL layers with every common field type, nulls and awkward geometries, made by GDAL's own ogr2ogr from
# Fixtures/gdal-typed/typed.geojson (written below), for Tests/MineScreenIOTests/GDAL/GDALColumnarReadingTests:
# the columnar (Arrow) reader and the per-feature reader must read each copy identically.
#   typed.gpkg / typed.fgb   all features: polygons, a multipolygon with a hole, a null geometry, an empty
#                            polygon, a point, a curve polygon (GeoPackage only); fields string (Chinese),
#                            int32, int64, boolean, real, and a date (GeoPackage; the Arrow path steps aside)
#   typed.shp (+ GBK .cpg)   the polygonal features only (a Shapefile holds one geometry type), no boolean
#   typed-nodate.gpkg        typed.gpkg without the date field (the boolean still sends it feature by feature)
#   typed-noflag.gpkg/.fgb   without the date and boolean fields, so the Arrow path reads them
# Needs gdal-bin. Writes Fixtures/gdal-typed/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=Fixtures/gdal-typed
mkdir -p "$out"
rm -f "$out"/typed.* "$out"/typed-*
export OGR_CURRENT_DATE=2026-12-06T00:00:00Z
cat > "$out/typed.geojson" <<'JSON'
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":[
{"type":"Feature","properties":{"name":"长治一号","n":7,"big":9007199254740993,"flag":true,"share":0.1,"day":"2024-05-01"},"geometry":{"type":"Polygon","coordinates":[[[113.1,36.1],[113.2,36.1],[113.2,36.2],[113.1,36.2],[113.1,36.1]]]}},
{"type":"Feature","properties":{"name":"two parts","n":-2147483648,"big":-5,"flag":false,"share":1e-300,"day":null},"geometry":{"type":"MultiPolygon","coordinates":[[[[113.3,36.3],[113.4,36.3],[113.4,36.4],[113.3,36.4],[113.3,36.3]],[[113.32,36.32],[113.32,36.34],[113.34,36.34],[113.34,36.32],[113.32,36.32]]],[[[113.5,36.5],[113.6,36.5],[113.55,36.6],[113.5,36.5]]]]}},
{"type":"Feature","properties":{"name":null,"n":null,"big":null,"flag":null,"share":null,"day":"1999-12-31"},"geometry":{"type":"Polygon","coordinates":[[[112.123456789012345,35.987654321098765],[112.2,35.9],[112.3,36.0],[112.123456789012345,35.987654321098765]]]}},
{"type":"Feature","properties":{"name":"无几何","n":1,"big":2,"flag":true,"share":-0.0,"day":null},"geometry":null},
{"type":"Feature","properties":{"name":"empty","n":3,"big":4,"flag":false,"share":2.5,"day":null},"geometry":{"type":"Polygon","coordinates":[]}},
{"type":"Feature","properties":{"name":"a point","n":5,"big":6,"flag":true,"share":3.5,"day":null},"geometry":{"type":"Point","coordinates":[113.0,36.0]}}
]}
JSON
ogr2ogr -q -f GPKG -nln typed "$out/typed.gpkg" "$out/typed.geojson"
# A curved polygon and an empty one, from WKT (GeoPackage holds curves; readers linearise them).
printf 'wkt,name,n\n"CURVEPOLYGON(CIRCULARSTRING(113.7 36.7,113.8 36.8,113.9 36.7,113.8 36.6,113.7 36.7))",弧,8\n"POLYGON EMPTY",空,9\n' > "$out/curve.csv"
ogr2ogr -q -append -nln typed -a_srs EPSG:4490 -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO "$out/typed.gpkg" "$out/curve.csv"
rm "$out/curve.csv"
ogr2ogr -q -f GPKG -nln typed "$out/typed-nodate.gpkg" "$out/typed.gpkg" -select name,n,big,flag,share
ogr2ogr -q -f GPKG -nln typed "$out/typed-noflag.gpkg" "$out/typed.gpkg" -select name,n,big,share
ogr2ogr -q -f FlatGeobuf -nln typed "$out/typed.fgb" "$out/typed.geojson" -select name,n,big,flag,share
ogr2ogr -q -f FlatGeobuf -nln typed "$out/typed-noflag.fgb" "$out/typed.geojson" -select name,n,big,share
ogr2ogr -q -f "ESRI Shapefile" -nln typed -lco ENCODING=GBK -lco DBF_DATE_LAST_UPDATE=2026-12-06 \
  -where "OGR_GEOMETRY IN ('POLYGON','MULTIPOLYGON') OR OGR_GEOMETRY IS NULL" -nlt MULTIPOLYGON \
  -select name,n,big,share "$out/typed.shp" "$out/typed.geojson"
