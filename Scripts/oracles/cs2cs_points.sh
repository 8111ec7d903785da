#!/usr/bin/env bash
# Oracle for Tests/MineScreenNativeTests/TransformerTests.swift: a few CGCS2000 lon/lat points moved to
# Gauss-Krüger zone planes by PROJ's own cs2cs program (not by the code under test).
# Writes Fixtures/proj-points.json. Needs proj-bin (apt-get install proj-bin).
set -euo pipefail
cd "$(dirname "$0")/../.."
points="112.0 36.5
113.1234567 36.3456789
114.0 35.9"
{
  echo '{"tool": "'"$(cs2cs 2>&1 | head -1 | tr -d '"')"'", "note": "cs2cs given lat lon for EPSG:4490 and printing northing easting (EPSG axis order); stored here as lon/lat and easting/northing", "cases": ['
  first=1
  for target in EPSG:4526 EPSG:4547 EPSG:4546; do
    while read -r lon lat; do
      # cs2cs with EPSG:4490 expects lat lon; EPSG:45xx outputs northing easting (EPSG axis order).
      read -r north east _ < <(echo "$lat $lon" | cs2cs -f "%.6f" EPSG:4490 "$target")
      [ $first -eq 1 ] || echo ','
      first=0
      printf '{"target": "%s", "lon": %s, "lat": %s, "easting": %s, "northing": %s}' "$target" "$lon" "$lat" "$east" "$north"
    done <<< "$points"
  done
  echo ']}'
} > Fixtures/proj-points.json
cat Fixtures/proj-points.json
