#!/usr/bin/env bash
# Hostile review probes for issue #13: builds damaged and hostile inputs in a temporary folder
# (never in the repository) and runs the release binary on them, printing each probe's exit code,
# the first lines of stderr/stdout and, where the answer is checkable, PASS or FAIL.
# Usage: Scripts/hostile/review.sh [BINARY]   (default .build/release/minescreen)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$ROOT/.build/release/minescreen}
BIN=$(readlink -f "$BIN")
T=$(mktemp -d /tmp/minescreen-review.XXXXXX)
FX=$ROOT/Fixtures
cd "$T"
FAILS=0
note() { printf '\n=== %s\n' "$*"; }
# run NAME EXPECTED_EXIT cmd... : runs with a 60 s limit, shows exit and output heads
run() {
  local name=$1 want=$2; shift 2
  timeout 60 "$@" >"$T/out" 2>"$T/err"; local rc=$?
  local verdict=PASS
  if [ "$want" != "any" ] && ! [[ " $want " == *" $rc "* ]]; then verdict=FAIL; FAILS=$((FAILS+1)); fi
  printf '[%s] %s: exit %s (want %s)\n' "$verdict" "$name" "$rc" "$want"
  head -c 600 "$T/err" | sed 's/^/  err| /' | head -6
  head -c 400 "$T/out" | sed 's/^/  out| /' | head -4
  return 0
}
check() { # check NAME CONDITION-COMMAND
  local name=$1; shift
  if "$@"; then printf '[PASS] %s\n' "$name"; else printf '[FAIL] %s\n' "$name"; FAILS=$((FAILS+1)); fi
}

cp "$FX"/demo/*.geojson "$FX"/demo/rules.yaml .
BLOCKS=blocks.geojson

note "damaged layers"
cp -r "$FX/gdal/changzhi-cs21.gdb" gdb-cut.gdb
for f in gdb-cut.gdb/*.gdbtable; do s=$(stat -c %s "$f"); [ "$s" -gt 4000 ] && truncate -s $((s/2)) "$f"; done
run "FileGDB .gdbtable cut" 2 "$BIN" area gdb-cut.gdb
cp -r "$FX/gdal/changzhi-cs21.gdb" gdbx-cut.gdb
for f in gdbx-cut.gdb/*.gdbtablx; do s=$(stat -c %s "$f"); [ "$s" -gt 200 ] && truncate -s $((s/2)) "$f"; done
run "FileGDB .gdbtablx cut" "2 3" "$BIN" area gdbx-cut.gdb
s=$(stat -c %s "$FX/gdal/changzhi-cs21.fgb"); head -c 1200 "$FX/gdal/changzhi-cs21.fgb" > fgb-cut.fgb
run "FlatGeobuf cut after header" 2 "$BIN" area fgb-cut.fgb
head -c $((s/2)) "$FX/gdal/changzhi-cs21.fgb" > fgb-half.fgb
run "FlatGeobuf cut halfway" "2 3" "$BIN" area fgb-half.fgb
s=$(stat -c %s "$FX/gdal/changzhi-cs21.gpkg"); head -c $((s/2)) "$FX/gdal/changzhi-cs21.gpkg" > gpkg-half.gpkg
run "GeoPackage cut halfway" "2 3" "$BIN" area gpkg-half.gpkg
for ext in shp shx dbf prj cpg; do cp "$FX/gdal/changzhi-cs21.$ext" "dbf0.$ext"; cp "$FX/gdal/changzhi-cs21.$ext" "noshx.$ext"; cp "$FX/gdal/changzhi-cs21.$ext" "nodbf.$ext"; done
: > dbf0.dbf
run "dbf cut to 0 bytes" 2 "$BIN" area dbf0.shp --declared-field declared_k
rm noshx.shx
run "shapefile without .shx" "2 3" "$BIN" area noshx.shp
rm nodbf.dbf
run "shapefile without .dbf + --declared-field" 2 "$BIN" area nodbf.shp --declared-field declared_k
run "shapefile without .dbf (attrs gone?)" any "$BIN" area nodbf.shp
echo '{"type":"FeatureCollection","features":[]}' > empty.geojson
run "empty GeoJSON layer warns" 0 "$BIN" overlap $BLOCKS --layer e=empty.geojson
grep -qi 'no features\|empty\|0 features' err && echo "  (warned)" || { echo "  [FAIL] no warning"; FAILS=$((FAILS+1)); }
python3 - <<'P'
s=open('redline.geojson').read()
open('redline-cut.geojson','w').write(s[:len(s)//2])
P
run "GeoJSON cut mid-feature as layer" 2 "$BIN" overlap $BLOCKS --layer r=redline-cut.geojson
run "gpkg half as --input-format gdal layer" "2 3" "$BIN" overlap $BLOCKS --layer g=gpkg-half.gpkg --input-format gdal
run "geojson through --input-format gdal" "0 1" "$BIN" overlap $BLOCKS --layer r=redline.geojson --input-format gdal
run "cut geojson through --input-format gdal" "2" "$BIN" overlap $BLOCKS --layer r=redline-cut.geojson --input-format gdal

note "antimeridian"
cat > am.geojson <<'J'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"AM"},"geometry":{"type":"Polygon","coordinates":[[[179.99,10],[-179.99,10],[-179.99,10.01],[179.99,10.01],[179.99,10]]]}}]}
J
cat > zero.geojson <<'J'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"Z0"},"geometry":{"type":"Polygon","coordinates":[[[0,10],[0.01,10],[0.01,10.005],[0,10.005],[0,10]]]}},{"type":"Feature","properties":{"id":"Z113"},"geometry":{"type":"Polygon","coordinates":[[[113,10],[113.01,10],[113.01,10.005],[113,10.005],[113,10]]]}}]}
J
run "overlap with antimeridian layer" 3 "$BIN" overlap zero.geojson --layer am=am.geojson
grep -q '100' out && grep -q 'Z113' out && echo "  (check: no 100% band)"
printf 'tolerance_m2: 1\nmin_clean_area_m2: 1\nlayers:\n  - name: am\n    path: am.geojson\n' > am-rules.yaml
run "screen with antimeridian layer" 3 "$BIN" screen zero.geojson --rules am-rules.yaml
run "grid antimeridian" "2 3" "$BIN" grid am.geojson
run "convert antimeridian" "2 3" "$BIN" convert am.geojson am-out.txt
run "check antimeridian" 1 "$BIN" check am.geojson
run "area antimeridian" 3 "$BIN" area am.geojson
cat > globe.geojson <<'J'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"G"},"geometry":{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}}]}
J
run "screen globe block" 3 "$BIN" screen globe.geojson --rules rules.yaml
run "area globe" 3 "$BIN" area globe.geojson
run "grid globe" "2 3" "$BIN" grid globe.geojson
run "check globe" "1" "$BIN" check globe.geojson
run "convert globe" "2 3" "$BIN" convert globe.geojson globe.txt

note "坐标文件 off the planet"
cat > offplanet.txt <<'C'
[属性描述]
坐标系=2000国家大地坐标系
几度分带=3
带号=38
[地块坐标]
5,100.0000,OP1,远,面,,采矿用地,,@
J1,1,40000000,38512345.67
J2,1,40000000,38513345.67
J3,1,39999000,38513345.67
J4,1,39999000,38512345.67
J1,1,40000000,38512345.67
C
run "check X=40 000 000" 1 "$BIN" check offplanet.txt
run "area X=40 000 000" "2 3" "$BIN" area offplanet.txt
run "grid X=40 000 000" "2 3" "$BIN" grid offplanet.txt
run "convert X=40 000 000" "2 3" "$BIN" convert offplanet.txt offplanet.geojson

note "id field typo"
run "--id-field typo" 2 "$BIN" area $BLOCKS --id-field codee
run "--layer-id-field typo" 2 "$BIN" overlap $BLOCKS --layer r=redline.geojson --layer-id-field r=nope
run "grid --id-field typo" 2 "$BIN" grid $BLOCKS --id-field codee
run "check --id-field typo" 2 "$BIN" check $BLOCKS --id-field codee
run "convert --id-field typo" 2 "$BIN" convert $BLOCKS x.txt --id-field codee
run "--name-field typo" 2 "$BIN" area $BLOCKS --name-field nope
printf 'tolerance_m2: 1\nlayers:\n  - name: r\n    path: redline.geojson\n    id_field: nope\n' > idtypo.yaml
run "rules id_field typo" 2 "$BIN" screen $BLOCKS --rules idtypo.yaml

note "outputs over inputs"
cp $BLOCKS self.geojson; h=$(md5sum < self.geojson)
run "area -o input" 2 "$BIN" area self.geojson -o self.geojson
check "area input intact" test "$h" = "$(md5sum < self.geojson)"
run "area -o input via ./" 2 "$BIN" area self.geojson -o ./self.geojson
ln -sf self.geojson selflink.geojson; ln -f self.geojson selfhard.geojson
run "area -o symlink to input" 2 "$BIN" area self.geojson -o selflink.geojson
run "area -o hard link to input" 2 "$BIN" area self.geojson -o selfhard.geojson
run "overlap -o layer" 2 "$BIN" overlap self.geojson --layer r=redline.geojson -o redline.geojson
run "screen -o rules" 2 "$BIN" screen self.geojson --rules rules.yaml -o rules.yaml
run "screen -o rules layer" 2 "$BIN" screen self.geojson --rules rules.yaml -o farmland.geojson
run "screen --remainder rules layer" 2 "$BIN" screen self.geojson --rules rules.yaml --remainder farmland.geojson
run "screen --remainder == -o" 2 "$BIN" screen self.geojson --rules rules.yaml --remainder r.geojson -o r.geojson
run "screen --remainder == blocks" 2 "$BIN" screen self.geojson --rules rules.yaml --remainder self.geojson
cp "$FX"/gdal/changzhi-cs21.{shp,shx,dbf,prj,cpg} .
run "screen --remainder .shp over input shp" 2 "$BIN" screen changzhi-cs21.shp --rules rules.yaml --remainder changzhi-cs21.shp
run "screen --remainder .shp whose .dbf is input?" 2 "$BIN" screen changzhi-cs21.dbf --rules rules.yaml --remainder changzhi-cs21.shp --input-format gdal
cp "$FX/gdal/changzhi-cs21.gpkg" in.gpkg
run "overlap geojson -o gpkg input" 2 "$BIN" overlap in.gpkg --layer r=redline.geojson --format geojson -o in.gpkg
run "screen --remainder gpkg input layer" 2 "$BIN" screen in.gpkg --rules rules.yaml --remainder in.gpkg
cp "$FX/coordfile/blocks-utf8.txt" in.txt; h=$(md5sum < in.txt)
run "convert in.txt in.txt" 2 "$BIN" convert in.txt in.txt
check "convert input intact" test "$h" = "$(md5sum < in.txt)"
run "convert in.txt IN.TXT? (case)" any "$BIN" convert in.txt ./in.txt
run "convert -> properties.csv over input" 2 bash -c "cp in.txt out.properties.csv; cp \"$FX/cornercsv/changzhi-cs21.csv\" out.properties.csv; \"$BIN\" convert out.properties.csv out.txt --encoding utf-8"
run "grid -o input" 2 "$BIN" grid self.geojson -o self.geojson
run "grid --cells -o cells-file" 2 bash -c "printf '11230-3618\n' > cells.txt; \"$BIN\" grid --cells-file cells.txt -o cells.txt"
run "check -o input" 2 "$BIN" check in.txt -o in.txt
cp "$FX/rectify/"* .
run "rectify -o input" 2 "$BIN" rectify mines.geojson --rules rules.yaml -o mines.geojson
run "rectify -o rules" 2 "$BIN" rectify mines.geojson --rules rules.yaml -o rules.yaml
cp "$FX"/demo/rules.yaml . # restore demo rules
run "overlap same layer twice" any "$BIN" overlap self.geojson --layer r=redline.geojson --layer r=redline.geojson
run "overlap same file two names" any "$BIN" overlap self.geojson --layer r=redline.geojson --layer s=redline.geojson
touch ro.json; chmod 0444 ro.json
run "-o 0444" 2 "$BIN" area self.geojson --format json -o ro.json
run "gpkg -o 0444" 2 bash -c "touch ro.gpkg; chmod 0444 ro.gpkg; \"$BIN\" screen self.geojson --rules rules.yaml --remainder ro.gpkg"
run "-o /dev/full" 2 "$BIN" area self.geojson -o /dev/full
run "> /dev/full" 2 bash -c "\"$BIN\" area self.geojson > /dev/full"
run "closed stdout" 2 bash -c "\"$BIN\" area self.geojson >&-"
run "closed stdout csv" 2 bash -c "\"$BIN\" overlap self.geojson --layer r=redline.geojson --format csv >&-"

note "YAML"
python3 -c "print('a: ' + '['*10000 + ']'*10000)" > deep.yaml
run "10000-deep YAML flow" 2 "$BIN" screen self.geojson --rules deep.yaml
python3 -c "
s=''
for i in range(10000): s+=' '*i+'- \n'
open('deep2.yaml','w').write('layers:\n'+s)" 
run "10000-deep YAML block" 2 "$BIN" screen self.geojson --rules deep2.yaml
python3 - <<'P'
lines=['a0: &a0 [x,x,x,x,x,x,x,x,x,x]']
for i in range(1,12):
    p=f'a{i-1}'
    lines.append(f'a{i}: &a{i} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]')
lines.append('layers: *a11')
open('laughs.yaml','w').write('\n'.join(lines)+'\n')
lines=['tolerance_m2: &t 1','min_clean_area_m2: *t','layers:','  - &L {name: r, path: redline.geojson}','  - *L']
open('alias.yaml','w').write('\n'.join(lines)+'\n')
P
/usr/bin/time -f '%e s %M KB' timeout 60 "$BIN" screen self.geojson --rules laughs.yaml > /dev/null 2> laughs.err; echo "billion laughs: exit $? $(tail -1 laughs.err)"; head -2 laughs.err
run "alias of a layer (same layer twice)" any "$BIN" screen self.geojson --rules alias.yaml
mkdir -p rulesdir
run "rules is a directory" 2 "$BIN" screen self.geojson --rules rulesdir
run "rules is /dev/zero" 2 "$BIN" screen self.geojson --rules /dev/zero
run "rules is /dev/urandom" 2 "$BIN" screen self.geojson --rules /dev/urandom
run "--threads 0" 2 "$BIN" screen self.geojson --rules rules.yaml --threads 0
run "--threads huge" "1 2" "$BIN" screen self.geojson --rules rules.yaml --threads 100000000
run "--threads -1" 2 "$BIN" screen self.geojson --rules rules.yaml --threads -1

note "CSV formula injection"
cat > evil.geojson <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"=HYPERLINK(\"http://x\")","name":"+cmd|' /C calc'!A0","county":"@SUM(1)","declared_km2":1},"geometry":{"type":"Polygon","coordinates":[[[113.3,36.3],[113.31,36.3],[113.31,36.31],[113.3,36.31],[113.3,36.3]]]}},
{"type":"Feature","properties":{"code":"-2+3","name":"\tTAB","county":"\rCR","declared_km2":1},"geometry":{"type":"Polygon","coordinates":[[[113.32,36.3],[113.33,36.3],[113.33,36.31],[113.32,36.31],[113.32,36.3]]]}},
{"type":"Feature","properties":{"code":"bad\u001b[31mRED\u202eevil\nrow","name":"ｘ","county":"c","declared_km2":1},"geometry":{"type":"Polygon","coordinates":[[[113.34,36.3],[113.35,36.3],[113.35,36.31],[113.34,36.31],[113.34,36.3]]]}},
{"type":"Feature","properties":{"code":"=REJ","name":"=n"},"geometry":{"type":"Polygon","coordinates":[[[113.34,36.3],[113.35,36.3]]]}}
]}
J
csvcheck() { # flags any cell that starts with a formula character in a CSV
  python3 - "$1" <<'P'
import csv,sys
bad=[]
with open(sys.argv[1],encoding='utf-8-sig',newline='') as f:
    for row in csv.reader(f):
        for c in row:
            if c and c[0] in '=+@\t\r' or (c[:1]=='-' and not c.replace('.','',1).lstrip('-').isdigit() and c not in ('-',)):
                bad.append(c)
print('  formula cells:', bad[:6]) if bad else None
sys.exit(1 if bad else 0)
P
}
"$BIN" area evil.geojson --id-field code --name-field name --group-by county --declared-field declared_km2 --format csv -o e-area.csv 2>/dev/null; check "area csv formulas" csvcheck e-area.csv
"$BIN" overlap evil.geojson --id-field code --name-field name --layer r=redline.geojson --format csv -o e-ov.csv 2>/dev/null; check "overlap csv formulas" csvcheck e-ov.csv
"$BIN" screen evil.geojson --id-field code --name-field name --rules rules.yaml --format csv -o e-sc.csv 2>/dev/null; check "screen csv formulas" csvcheck e-sc.csv
"$BIN" grid evil.geojson --id-field code --format csv -o e-grid.csv 2>/dev/null; check "grid csv formulas" csvcheck e-grid.csv
"$BIN" check evil.geojson --id-field code --format csv -o e-check.csv 2>/dev/null; check "check csv formulas" csvcheck e-check.csv
"$BIN" convert evil.geojson e-conv.csv --id-field code --encoding utf-8 2>/dev/null; check "convert csv formulas" csvcheck e-conv.csv
"$BIN" convert evil.geojson e-conv.txt --id-field code --encoding utf-8 2>/dev/null; check "convert properties.csv formulas" csvcheck e-conv.properties.csv
cat > evil-mines.geojson <<'J'
{"type":"FeatureCollection","features":[]}
J

note "control characters in tables"
ctl() { if grep -qP '\x1b|\x{202E}' "$1" 2>/dev/null || grep -q $'\e' "$1"; then return 1; fi; return 0; }
for cmd in "area evil.geojson --id-field code --name-field name" "overlap evil.geojson --id-field code --name-field name --layer r=redline.geojson" "screen evil.geojson --id-field code --name-field name --rules rules.yaml" "grid evil.geojson --id-field code" "check evil.geojson --id-field code" "convert evil.geojson ctl.txt --id-field code --encoding utf-8"; do
  "$BIN" $cmd > ctl.out 2> ctl.err
  check "table escapes ($cmd) stdout" ctl ctl.out
  check "table escapes ($cmd) stderr" ctl ctl.err
done

note "error messages echo content"
printf 'root:$6$SECRETHASH:19000:0:99999:7:::\n' > shadow
run "csv of a secret" 2 "$BIN" area shadow --input-format csv
grep -q SECRETHASH err && { echo "  [FAIL] echoes content"; FAILS=$((FAILS+1)); }
printf 'layers:\n  - name: s\n    path: %s/shadow\n' "$T" > shadow.yaml
run "rules layer secret as csv" 2 "$BIN" screen self.geojson --rules shadow.yaml --input-format csv
grep -q SECRETHASH err && { echo "  [FAIL] echoes content"; FAILS=$((FAILS+1)); }
run "coordfile secret" 2 "$BIN" area shadow --input-format coordfile
grep -q SECRETHASH err && { echo "  [FAIL] echoes content"; FAILS=$((FAILS+1)); }
run "geojson secret" 2 "$BIN" area shadow --input-format geojson
grep -q SECRETHASH err && { echo "  [FAIL] echoes content"; FAILS=$((FAILS+1)); }

note "FIFOs and pipes"
mkfifo fifo1
run "FIFO without writer" 2 env MINESCREEN_STREAM_WAIT_SECONDS=3 "$BIN" area fifo1
run "/dev/stdin" 0 bash -c "\"$BIN\" area /dev/stdin < self.geojson"
run "<(...)" 0 bash -c "\"$BIN\" area <(cat self.geojson)"
# layer paths are relative to the rules file, here /dev/fd: a clear exit 2 is the expected answer
run "rules via <(...)" 2 bash -c "cd $T; \"$BIN\" screen self.geojson --rules <(cat rules.yaml)"
run "gdal layer via FIFO" 2 env MINESCREEN_STREAM_WAIT_SECONDS=3 "$BIN" overlap self.geojson --layer f=fifo1 --input-format gdal
run "FIFO as -o" any bash -c "mkfifo ofifo; (cat ofifo > /dev/null &) ; \"$BIN\" area self.geojson -o ofifo"

note "encodings"
python3 - <<'P'
s=open('in.txt',encoding='utf-8').read().encode('gbk')
i=s.index(b'J2')
open('gbk-bad.txt','wb').write(s[:i]+b'\xff'+s[i:])
j='{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"note":"[地块坐标]"},"geometry":{"type":"Polygon","coordinates":[[[113.3,36.3],[113.31,36.3],[113.31,36.31],[113.3,36.31],[113.3,36.3]]]}}]}'
open('prop-marker.geojson','w').write(j)
open('prop-marker-nl.geojson','w').write(j.replace('"note":"[地块坐标]"','"note":"x\\n[地块坐标]\\n"').replace('{"type":"FeatureCollection"','{"type":"FeatureCollection"'))
open('prop-marker-raw.geojson','w').write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"note":\n"x",\n"k":\n"y"},"geometry":null}]}\n[地块坐标]\n')
P
run "GBK bad byte" "2 3" "$BIN" area gbk-bad.txt
run "GeoJSON with [地块坐标] property" 0 "$BIN" area prop-marker.geojson
run "GeoJSON with [地块坐标] line after JSON" 2 "$BIN" area prop-marker-raw.geojson

note "argument scale"
args=(); for i in $(seq 1 10000); do args+=(--layer "l$i=redline.geojson"); done
start=$(date +%s.%N)
timeout 120 "$BIN" overlap self.geojson "${args[@]}" --format json -o many.json 2>/dev/null; rc=$?
echo "10000 --layer: exit $rc in $(echo "$(date +%s.%N) - $start" | bc) s"

echo
echo "FAILS: $FAILS   (work dir $T)"
