#!/usr/bin/env bash
# Every output of one file at once (issue #5 goal: 1 000 000 harvest points in < 5 s and < 1 GB):
# raw + standard GeoJSON, summary, units, filteredGeojson, images + imagesV2 + GeoTIFFs, standard +
# polygon GeoParquet, through `furrow convert` of a release build, timed by /usr/bin/time -v.
# Usage: bash bench/all_outputs_bench.sh [POINTS]   (prints the JSON line and the time/RSS figures)
set -euo pipefail
cd "$(dirname "$0")/.."
points="${1:-1000000}"
bin="${FURROW_BIN:-build/release/furrow}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -x "$bin" ] || { echo "build first: cmake --build build/release --target furrow" >&2; exit 1; }
/usr/bin/python3 bench/make_synthetic_tlg.py "$work/in.zip" --points "$points" >/dev/null
/usr/bin/time -v "$bin" convert "$work/in.zip" --out "$work/out" --filtered --images --geoparquet \
  2>"$work/time.txt" | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    steps = "  ".join(f"{step} {ms:.0f} ms" for step, ms in d["steps_ms"].items())
    print(f"points {d['standard_points']}  {steps}  total {d['total_ms']:.0f} ms  "
          f"filtered {d.get('filtered', {}).get('points')}")'
grep -E "Elapsed|Maximum resident|User time|System time" "$work/time.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
