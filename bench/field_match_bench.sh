#!/usr/bin/env bash
# Point -> field matching: 10 000 synthetic fields, 10 000 000 random points, one core
# (bench/field_match.cpp), best of 3 runs. Builds the release configuration's bench target first.
# Usage: bench/field_match_bench.sh [FIELDS] [POINTS] [GEOS_SAMPLE] [REPEATS]  (best of REPEATS runs, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/release
if [[ ! -f $dir/build.ninja ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
fi
cmake --build "$dir" -j "${JOBS:-2}" --target furrow_field_match_bench >/dev/null
exec taskset -c 0 "$dir/furrow_field_match_bench" "${1:-10000}" "${2:-10000000}" "${3:-200000}" "${4:-3}"
