#!/usr/bin/env bash
# GeoParquet output benchmark: `furrow convert --geoparquet` on a synthetic ISOXML time log
# (bench/make_synthetic_tlg.py, 1 000 000 points by default) and on the largest real sample
# (JD Ops Center oats, 97 383 points), each also without --geoparquet, under /usr/bin/time -v.
# Prints per input: the standardGeojson + filteredGeojson step time (where the GeoParquet writers run, beside
# the GeoJSON ones; from convert's steps_ms), wall time
# and peak RSS with and without --geoparquet, and the sizes of standard.parquet, polygon.parquet
# and standard.geojson.
# Usage: bench/geoparquet_bench.sh [POINTS]
#   FURROW=path   binary to measure (default build/release/furrow)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
points=${1:-1000000}
furrow=${FURROW:-build/release/furrow}
data=${FURROW_SHARED_DATA:-$root/../shared/data}
[[ -x $furrow ]] || { echo "no furrow binary at $furrow (make build, or set FURROW=)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d /tmp/furrow-geoparquet-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 bench/make_synthetic_tlg.py "$work/synthetic.zip" --points "$points" >/dev/null
declare -A inputs=([synthetic]=$work/synthetic.zip)
jd=$(ls "$data"/jd-opscenter-oats-harvest/*.zip 2>/dev/null | head -1 || true)
[[ -n $jd ]] && inputs[jd-oats]=$jd

# The GeoParquet writers run inside the standardGeojson and filteredGeojson steps, beside the GeoJSON
# ones: the time of those two steps, summed over the machine files of a convert's output.
steps_ms() {
    /usr/bin/python3 -c "import json,sys; print(round(sum(json.loads(l)['steps_ms'].get(s, 0) for l in open(sys.argv[1]) for s in ('standardGeojson', 'filteredGeojson'))))" "$1"
}

# run NAME FLAGS... -> "wall_s peak_rss_kib" on stdout; convert's JSON line in $work/NAME.json
run() {
    local name=$1; shift
    rm -rf "$work/out"
    /usr/bin/time -v "$furrow" convert "${inputs[$name]}" --out "$work/out" "$@" >"$work/$name.json" 2>"$work/time.txt"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    echo "$wall $rss"
}

printf '| input | points | standard + filtered steps ms (with / without) | convert wall (with / without) | peak RSS (with / without) | standard.parquet | polygon.parquet | standard.geojson |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for name in synthetic jd-oats; do
    [[ -n ${inputs[$name]:-} ]] || continue
    read -r wall_without rss_without < <(run "$name")
    steps_without=$(steps_ms "$work/$name.json")
    read -r wall_with rss_with < <(run "$name" --geoparquet)
    pts=$(/usr/bin/python3 -c "import json,sys; print(sum(json.loads(l)['standard_points'] for l in open(sys.argv[1])))" "$work/$name.json")
    gp="$(steps_ms "$work/$name.json") / $steps_without"
    size() { du -cb "$work"/out/*/"$1" | tail -1 | awk '{printf "%.1f MB", $1 / 1e6}'; }
    printf '| %s | %s | %s | %s / %s s | %s / %s MiB | %s | %s | %s |\n' "$name" "$pts" "$gp" "$wall_with" "$wall_without" \
        "$((rss_with / 1024))" "$((rss_without / 1024))" "$(size standard.parquet)" "$(size polygon.parquet)" "$(size standard.geojson)"
done
