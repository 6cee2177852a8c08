#!/usr/bin/env bash
# Shapefile -> GeoJSON throughput: `furrow convert` (read + standardize + raw and standard GeoJSON +
# summary + units: more work than a format conversion) against `ogr2ogr -f GeoJSON` on the same
# shapefile, best of REPEAT runs each, on the real shapefile samples of shared/data.
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

best() { # best wall seconds of REPEAT runs of "$@"
  local best=999999
  for _ in $(seq "$repeat"); do
    local start end t
    start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
  done
  printf '%.3f' "$best"
}

printf '%-28s %9s %12s %12s %8s\n' sample points "furrow s" "ogr2ogr s" ratio
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
  f=$(best "$furrow" convert "$dir/upload.zip" --out "$dir/furrow")
  o=$(best ogr2ogr -overwrite -f GeoJSON "$dir/ogr.geojson" "$shp")
  printf '%-28s %9s %12s %12s %7.1fx\n' "$sample" "$points" "$f" "$o" "$(echo "$o / $f" | bc -l)"
done
