#!/usr/bin/env bash
# Read throughput of the files list: requests/s and p99 latency of
#   GET /services/operations/api/files?leafUserId=...&size=100
# with 100 000 files in the store (SQLite + local blobs), measured with wrk on loopback.
# Usage: bench/run.sh [FILES] [SECONDS] [CONNECTIONS]   (make bench runs it on the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-100000}
seconds=${2:-20}
connections=${3:-64}
bin=build/release/furrow
seed=build/release/furrow_bench_seed
[[ -x $bin && -x $seed ]] || { echo "build first: make build" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export FURROW_DATA_DIR=$work/data FURROW_LOG_LEVEL=warn
port=$(/usr/bin/python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
$bin admin create-owner --username bench@furrow.local --password bench-password >/dev/null
seed_start=$(date +%s.%N)
user=$($seed "sqlite://$FURROW_DATA_DIR/furrow.db" bench@furrow.local "$files")
seed_end=$(date +%s.%N)
token=$($bin admin token --username bench@furrow.local)
FURROW_LISTEN=127.0.0.1:$port $bin serve >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

url="http://127.0.0.1:$port/services/operations/api/files?leafUserId=$user&size=100"
count=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $token" "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-total-count"{print $2}')
[[ "$count" == "$files" ]] || { echo "expected X-Total-Count $files, got $count" >&2; exit 1; }

cat >"$work/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
echo "furrow bench: GET /files?leafUserId=...&size=100, $files files in SQLite, $connections connections, ${seconds}s"
printf 'seeded %s files in %.1f s\n' "$files" "$(echo "$seed_end - $seed_start" | bc)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/auth.lua" "$url" | tee "$work/wrk.txt"
rps=$(awk '/Requests\/sec/{print $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%"{print $2}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/{print $4}' "$work/wrk.txt")
echo "RESULT files_list requests_per_s=$rps p99=$p99 non_2xx=${non2xx:-0}"
