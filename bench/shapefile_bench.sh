#!/usr/bin/env bash
# Shapefile -> GeoJSON throughput: `furrow convert` (read + standardize + raw and standard GeoJSON +
# summary + units: more work than a format conversion) against `ogr2ogr -f GeoJSON` on the same
# shapefile, best of REPEAT runs each (wall time and user+sys CPU time), on the real shapefile samples
# of shared/data.
# Usage: bench/shapefile_bench.sh        FURROW=binary (default build/release/furrow) REPEAT=n (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
furrow=${FURROW:-build/release/furrow}
repeat=${REPEAT:-3}
data=${FURROW_SHARED_DATA:-$PWD/../shared/data}
[[ -x $furrow ]] || { echo "no furrow binary at $furrow (make build)" >&2; exit 1; }
command -v ogr2ogr >/dev/null || { echo "ogr2ogr missing (apt-get install gdal-bin)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best() { # "best-wall best-cpu" seconds of REPEAT runs of "$@" (cpu = user + sys: steadier on a shared box)
  local wall=999999 cpu=999999
  for _ in $(seq "$repeat"); do
    local t
    t=$(/usr/bin/time -f '%e %U %S' "$@" 2>&1 >/dev/null | tail -1)
    read -r e u s <<<"$t"
    wall=$(echo "if ($e < $wall) $e else $wall" | bc -l)
    cpu=$(echo "c = $u + $s; if (c < $cpu) c else $cpu" | bc -l)
  done
  printf '%.2f %.2f' "$wall" "$cpu"
}

printf '%-28s %8s %14s %14s %11s %10s\n' sample points "furrow wall/cpu" "ogr2ogr wall/cpu" "wall ratio" "cpu ratio"
for sample in jd-opscenter-oats-harvest sms-case-wheat-yield-2018 jd-opscenter-wheat-seeding; do
  dir=$work/$sample
  mkdir -p "$dir/src"
  zip=$(ls "$data/$sample"/*.zip 2>/dev/null | head -1 || true)
  if [[ -n $zip ]]; then
    cp "$zip" "$dir/upload.zip"
  else
    (cd "$data/$sample" && zip -qr "$dir/upload.zip" . -x SOURCE.md)
  fi
  (cd "$dir/src" && unzip -qo "$dir/upload.zip")
  shp=$(find "$dir/src" -name '*.shp' -not -path '*__MACOSX*' | head -1)
  points=$(ogrinfo -so -al "$shp" | awk -F': ' '/Feature Count/{print $2}')
  read -r fw fc <<<"$(best "$furrow" convert "$dir/upload.zip" --out "$dir/furrow")"
  read -r ow oc <<<"$(best ogr2ogr -overwrite -f GeoJSON "$dir/ogr.geojson" "$shp")"
  printf '%-28s %8s %7s/%-6s %7s/%-8s %10.1fx %9.1fx\n' "$sample" "$points" "$fw" "$fc" "$ow" "$oc" \
    "$(echo "$ow / $fw" | bc -l)" "$(echo "$oc / $fc" | bc -l)"
done
