#!/usr/bin/env bash
# John Deere Gen4 .jdl decoding throughput (issue #19), printed as JSON lines:
#  (a) bench/jdl_bench.cpp built with -O2 over src/formats/jd_gen4 (frames, protobuf walker,
#      stream decoder): every .jdl of the shared/data Gen4 cards, inflated to memory first, best of
#      RUNS; points = receiver samples (5 Hz), other_samples = swath and value-channel samples.
#  (b) GDAL/OGR reading Deere's own shapefile exports of the same operations (ogr2ogr into the
#      in-memory driver: every feature and field read), best of RUNS, features/s.
# Usage: bench/jd_gen4_bench.sh [RUNS]     (default 5; taskset -c 0 keeps it on one core)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-5}
data=${FURROW_SHARED_DATA:-$root/../shared/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pin=(); command -v taskset >/dev/null && pin=(taskset -c 0)

g++ -std=c++20 -O2 -DNDEBUG -I src bench/jdl_bench.cpp src/formats/jd_gen4/protobuf_wire.cpp \
    src/formats/jd_gen4/jdl_frames.cpp src/formats/jd_gen4/jdl_setup.cpp src/formats/jd_gen4/jdl_streams.cpp \
    -o "$work/jdl_bench"
for z in "$data"/jd-gen4-*/Gen4\ -\ 4600\ *.zip; do
    case "$z" in *" - Point - "*|*" - Polygon - "*) continue ;; esac
    d="$work/cards/$(basename "$z" .zip)"; mkdir -p "$d"; unzip -q -o "$z" -d "$d"
done
mapfile -d '' jdl < <(find "$work/cards" -name '*.jdl' -print0)
echo "{\"bench\":\"jdl all cards\",\"result\":$("${pin[@]}" "$work/jdl_bench" "$runs" "${jdl[@]}")}"
mapfile -d '' harvest < <(find "$work/cards/Gen4 - 4600 Harvest Data" -name '*.jdl' -print0)
echo "{\"bench\":\"jdl harvest\",\"result\":$("${pin[@]}" "$work/jdl_bench" "$runs" "${harvest[@]}")}"

for z in "$data"/jd-gen4-harvest/*" - Point - "*.zip "$data"/jd-gen4-application/*" - Point - "*.zip; do
    shp=$(unzip -Z1 "$z" | grep '\.shp$')
    best=""
    for _ in $(seq "$runs"); do
        s=$(date +%s.%N)
        "${pin[@]}" ogr2ogr -f Memory /dev/null "/vsizip/$z/$shp" >/dev/null
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    n=$(ogrinfo -ro -al -so "/vsizip/$z/$shp" | sed -n 's/^Feature Count: //p')
    printf '{"bench":"ogr %s","features":%s,"best_s":%.4f,"features_per_s":%.0f}\n' \
        "$(basename "$z" .zip)" "$n" "$best" "$(echo "$n / $best" | bc -l)"
done
