#!/usr/bin/env bash
# Peak memory of `furrow convert` on a large Farmobile-style GeoJSON (issue #4: a 500 MB GeoJSON
# must not need 5 GB of RAM). The file is made by bench/make_farmobile_geojson.py; prints its
# size and point count, wall time and peak RSS from /usr/bin/time -v.
# Usage: bench/geojson_memory_bench.sh [MEGABYTES]   (default 500)   FURROW=binary (default build/release/furrow)
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-500}
furrow=${FURROW:-build/release/furrow}
[[ -x $furrow ]] || { echo "no furrow binary at $furrow (make build, or set FURROW=)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

points=$(/usr/bin/python3 bench/make_farmobile_geojson.py "$work/farmobile.zip" "$megabytes")
text_bytes=$(unzip -l "$work/farmobile.zip" | awk 'NR==4{print $1}')
/usr/bin/time -v "$furrow" convert "$work/farmobile.zip" --out "$work/out" >"$work/convert.json" 2>"$work/time.txt"
status=$(grep -o '"status":"[a-z]*"' "$work/convert.json" | head -1)
wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$work/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
printf 'geojson text: %.0f MB, %s points; zip %.0f MB\n' "$(echo "$text_bytes / 1000000" | bc -l)" "$points" \
  "$(echo "$(stat -c %s "$work/farmobile.zip") / 1000000" | bc -l)"
printf 'furrow convert: %s, wall %s, peak RSS %.0f MiB\n' "$status" "$wall" "$(echo "$rss_kb / 1024" | bc -l)"
