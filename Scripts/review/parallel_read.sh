#!/bin/bash
# >16 MB FeatureCollections (no ids, `},{` in a string near the middle; pretty / one line / CRLF / odd spacing):
# `minescreen area --format json` with --threads 1 vs default must be byte-identical.
B=${1:-/work/wt-review/.build/release/minescreen}; D=${2:-/tmp/pread}; mkdir -p $D
python3 - "$D" <<'PY'
import json, sys, random
d = sys.argv[1]; rnd = random.Random(7); N = 100000
feats = []
for k in range(N):
    x, y = 111 + (k % 300) * 0.002, 36 + (k // 300) * 0.002
    f = {"type": "Feature", "properties": {"name": "n%d" % k, "s": ("},{" * 700 if abs(k - N // 2) < 200 else "a")},
         "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]]}}
    if k % 7 == 3: f["id"] = "X%d" % k
    if k % 11 == 5: f["id"] = k * 10  # numeric id
    if k == N * 3 // 4: f["id"] = "\u0000index\u0000"  # a typed id equal to the reader's placeholder
    feats.append(f)
fc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4490"}}, "features": feats}
open(f"{d}/pretty.geojson", "w").write(json.dumps(fc, indent=2))
open(f"{d}/oneline.geojson", "w").write(json.dumps(fc, separators=(",", ":")))
open(f"{d}/crlf.geojson", "w", newline="").write(json.dumps(fc, indent=1).replace("\n", "\r\n"))
s = json.dumps(fc, separators=(" ,\t", " :  ")).replace("}, {", "}\r\n ,\n\t{")
open(f"{d}/odd.geojson", "w").write(s)
t = json.dumps(fc, indent=1); i = t.find("\"n%d\"" % (N * 3 // 4)); open(f"{d}/broken.geojson", "w").write(t[:i] + "[" + t[i:])
for f in feats: f["properties"]["s"] = "a"
open(f"{d}/nulid.geojson", "w").write(json.dumps(fc, separators=(",", ":")))  # guess lands on a real boundary: parallel read taken
# the middle feature's string holds `"},{"` exactly at the byte halfway
PY
for f in pretty oneline crlf odd broken nulid; do
  ls -l $D/$f.geojson | awk '{print $5, $9}'
  $B area $D/$f.geojson --format json -o $D/$f.t1.json --threads 1 2>$D/$f.t1.err || echo "rc=$?"
  $B area $D/$f.geojson --format json -o $D/$f.tn.json 2>$D/$f.tn.err || echo "rc=$?"
  $B area $D/$f.geojson --format json -o $D/$f.t2.json --threads 2 2>$D/$f.t2.err || echo "rc=$?"
  cmp $D/$f.t1.err $D/$f.tn.err || { echo "$f: stderr differs"; head -c 300 $D/$f.t1.err $D/$f.tn.err; }
  [ -f $D/$f.t1.json ] || continue
  cmp $D/$f.t1.json $D/$f.tn.json && cmp $D/$f.t1.json $D/$f.t2.json && echo "$f: identical"
done
cmp <(grep -v '"file"' $D/pretty.t1.json) <(grep -v '"file"' $D/oneline.t1.json) && echo "pretty == oneline"
