#!/usr/bin/env bash
# ISOXML benchmarks, printed as a results table:
#  (a) time-log parsing throughput (points/s): `furrow convert INPUT --out DIR --only-read` (its
#      per-file read_ms) against the npm `isoxml` package parsing the same bytes in Node
#      (tests/e2e/isoxml_reference/reference.js --bench: TASKDATA.XML + every TLG, from the zip
#      in memory), on the four real samples of shared/data and on the synthetic file of (b).
#      Best of REPEAT runs for both. Goal: furrow >= 20x isoxml on the real files (speedup =
#      isoxml time / furrow time on the same files; points/s as each tool counts its points).
#  (b) the whole pipeline (`furrow convert`, not --only-read) on a synthetic 1 000 000-point TLG
#      made by bench/make_synthetic_tlg.py, under /usr/bin/time -v: wall time and peak RSS.
#      Goal: < 3 s.
# Usage: bench/isoxml_bench.sh [POINTS]
#   FURROW=path   binary to measure (default build/release/furrow)
#   REPEAT=n      runs per measurement in (a) (default 5)
#   STRICT=1      exit 1 when a goal is missed
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
points=${1:-1000000}
repeat=${REPEAT:-5}
furrow=${FURROW:-build/release/furrow}
python=/usr/bin/python3
node=$(command -v node || echo /usr/bin/node)
npm=$(command -v npm || echo /usr/bin/npm)
data=${FURROW_SHARED_DATA:-$root/../shared/data}
ref_dir=$root/tests/e2e/isoxml_reference

[[ -x $furrow ]] || { echo "no furrow binary at $furrow (make build, or set FURROW=)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing (apt-get install time)" >&2; exit 1; }
[[ -d $data/isoxml-cci-forage-timelogs/TASKDATA ]] || { echo "shared data not found at $data" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "isoxml bench: furrow=$furrow repeat=$repeat synthetic points=$points" >&2
(cd "$ref_dir" && "$npm" install --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) \
  || { echo "npm install in $ref_dir failed:" >&2; cat "$work/npm.log" >&2; exit 1; }

# Inputs: the CCI folder zipped as TASKDATA/..., the three zips as published, the synthetic file.
$python - "$data/isoxml-cci-forage-timelogs/TASKDATA" "$work/cci.zip" <<'PY'
import sys, zipfile, pathlib
src, out = pathlib.Path(sys.argv[1]), sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
    for p in sorted(src.iterdir()):
        zf.write(p, f"TASKDATA/{p.name}")
PY
declare -A inputs=(
  [cci]=$work/cci.zip
  [krone]=$data/isoxml-krone-bigx-totals/TASKDATA.zip
  [kverneland]=$data/isoxml-kverneland-spreader/SingleDPD.zip
  [topcon]=$data/isoxml-topcon-xfr/2021-04-09T15_33_26_taskdata.zip
)
real_order=(cci krone kverneland topcon)
gen_start=$(date +%s.%N)
$python bench/make_synthetic_tlg.py "$work/synthetic.zip" --points "$points" >"$work/synthetic.json"
gen_end=$(date +%s.%N)
inputs[synthetic]=$work/synthetic.zip
printf 'synthetic TLG: %s (made in %.1f s)\n' "$(cat "$work/synthetic.json")" "$(echo "$gen_end - $gen_start" | bc)" >&2

# furrow --only-read: best (smallest) sum of read_ms over REPEAT runs; points as furrow counts them.
furrow_read() {  # name input -> "points read_ms files wall_ms"
  local name=$1 input=$2 best="" best_wall="" pts=0 files=0 t0 t1 wall
  for ((i = 0; i < repeat; i++)); do
    rm -rf "$work/out-$name"
    t0=$(date +%s%N)
    if ! "$furrow" convert "$input" --out "$work/out-$name" --only-read >"$work/read-$name.jsonl" 2>"$work/read-$name.err"; then
      echo "furrow convert --only-read failed on $name:" >&2; cat "$work/read-$name.err" >&2; return 1
    fi
    parsed=$($python - "$work/read-$name.jsonl" <<'PY'
import json, sys
pts = ms = n = 0
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    d = json.loads(line)
    pts += int(d["points"]); ms += float(d["read_ms"]); n += 1
if n == 0:
    sys.exit("furrow convert --only-read printed no JSON line")
print(pts, ms, n)
PY
) || { echo "cannot read furrow's --only-read output for $name:" >&2; cat "$work/read-$name.jsonl" >&2; return 1; }
    t1=$(date +%s%N)
    wall=$(( (t1 - t0) / 1000 ))
    read -r pts ms files <<<"$parsed"
    if [[ -z $best ]] || (( $(echo "$ms < $best" | bc -l) )); then best=$ms; fi
    if [[ -z $best_wall ]] || (( wall < best_wall )); then best_wall=$wall; fi
  done
  echo "$pts $best $files $(echo "scale=3; $best_wall / 1000" | bc)"
}

isoxml_read() {  # name input -> "points parse_ms files first_ms"
  "$node" "$ref_dir/reference.js" --bench --repeat "$repeat" "$2" | $python -c '
import json, sys
d = json.loads(sys.stdin.readline())
print(d["points"], d["parse_ms"], d["files"], d["first_ms"])'
}

declare -A f_pts f_ms f_files f_wall i_pts i_ms i_files i_first
for name in "${real_order[@]}" synthetic; do
  res=$(furrow_read "$name" "${inputs[$name]}") || exit 1
  read -r f_pts[$name] f_ms[$name] f_files[$name] f_wall[$name] <<<"$res"
  res=$(isoxml_read "$name" "${inputs[$name]}") || { echo "isoxml reading failed on $name" >&2; exit 1; }
  read -r i_pts[$name] i_ms[$name] i_files[$name] i_first[$name] <<<"$res"
  [[ -n ${f_ms[$name]} && -n ${i_ms[$name]} ]] || { echo "no timing for $name" >&2; exit 1; }
  echo "  $name: furrow ${f_pts[$name]} points ${f_ms[$name]} ms; isoxml ${i_pts[$name]} points ${i_ms[$name]} ms" >&2
done

# (b) the whole pipeline on the synthetic file
rm -rf "$work/out-full"
if ! /usr/bin/time -v "$furrow" convert "$work/synthetic.zip" --out "$work/out-full" >"$work/full.out" 2>"$work/full.err"; then
  echo "furrow convert (full) failed on the synthetic file:" >&2; tail -40 "$work/full.err" >&2; exit 1
fi
wall=$(awk -F': ' '/Elapsed \(wall clock\) time/{print $2}' "$work/full.err")
wall_s=$($python -c '
import sys
parts = [float(x) for x in sys.argv[1].split(":")]
s = 0.0
for p in parts: s = s * 60 + p
print(f"{s:.3f}")' "$wall")
rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/full.err")
user_s=$(awk -F': ' '/User time \(seconds\)/{print $2}' "$work/full.err")
sys_s=$(awk -F': ' '/System time \(seconds\)/{print $2}' "$work/full.err")
out_bytes=$(du -sb "$work/out-full" 2>/dev/null | cut -f1)

# Results
$python - "$repeat" "$wall_s" "$rss_kb" "$user_s" "$sys_s" "${out_bytes:-0}" "$points" "${STRICT:-0}" <<PY
import sys
repeat, wall, rss_kb, user, sys_s, out_bytes, points, strict = sys.argv[1:]
wall, rss_kb, user, sys_s, out_bytes, points = float(wall), int(rss_kb), float(user), float(sys_s), int(out_bytes), int(points)
rows = {
$(for name in "${real_order[@]}" synthetic; do
    echo "  '$name': (${f_pts[$name]}, ${f_ms[$name]}, ${f_files[$name]}, ${i_pts[$name]}, ${i_ms[$name]}, ${i_files[$name]}, ${f_wall[$name]}, ${i_first[$name]}),"
  done)
}
print()
print(f"(a) time-log parsing, best of {repeat}                 furrow --only-read            npm isoxml 1.11.2 (node)")
print("    furrow ms = sum of its per-file read_ms; process ms = the whole 'convert --only-read' run")
print("    (start-up, unzip, split into tasks); isoxml ms = parseISOXMLFile + every TLG, zip in memory,")
print("    best of the runs in one warm Node process (cold = its first run)")
print(f"{'input':12s} {'files':>5s} {'points':>9s} {'ms':>9s} {'process ms':>10s} {'points/s':>12s} | {'points':>9s} {'ms':>9s} {'cold ms':>9s} {'points/s':>12s} | {'speedup':>7s}")
tot = [0, 0.0, 0, 0.0, 0.0]
for name, (fp, fms, ff, ip, ims, ifl, fwall, ifirst) in rows.items():
    fr = fp / (fms / 1000) if fms > 0 else float("inf")
    ir = ip / (ims / 1000) if ims > 0 else float("inf")
    note = "" if fp == ip else f"  (point counts differ: furrow {fp}, isoxml {ip})"
    print(f"{name:12s} {ff:5d} {fp:9d} {fms:9.2f} {fwall:10.1f} {fr:12.0f} | {ip:9d} {ims:9.2f} {ifirst:9.2f} {ir:12.0f} | {ims / fms:6.1f}x{note}")
    if name != "synthetic":
        tot[0] += fp; tot[1] += fms; tot[2] += ip; tot[3] += ims; tot[4] += fwall
fr, ir = tot[0] / (tot[1] / 1000), tot[2] / (tot[3] / 1000)
ratio = tot[3] / tot[1]  # same files, same work: isoxml time / furrow time
print(f"{'real, total':12s} {'':5s} {tot[0]:9d} {tot[1]:9.2f} {tot[4]:10.1f} {fr:12.0f} | {tot[2]:9d} {tot[3]:9.2f} {'':9s} {ir:12.0f} | {ratio:6.1f}x")
print(f"{'':12s} speedup counting furrow's whole process time: {tot[3] / tot[4]:.1f}x")
print()
print(f"(b) furrow convert (full pipeline), synthetic {points} points")
print(f"    wall {wall:.2f} s   user {user:.2f} s   sys {sys_s:.2f} s   peak RSS {rss_kb / 1024:.0f} MiB   output {out_bytes / 1e6:.1f} MB")
print(f"    {points / wall:,.0f} points/s end to end")
print()
goals = [("TLG parsing >= 20x npm isoxml (real files)", ratio >= 20, f"{ratio:.1f}x"),
         (f"{points}-point file < 3 s (full pipeline)", wall < 3.0, f"{wall:.2f} s")]
for what, ok, got in goals:
    print(f"GOAL {'met   ' if ok else 'MISSED'} {what}: {got}")
print(f"RESULT isoxml_parse_ratio={ratio:.1f} furrow_points_per_s={fr:.0f} isoxml_points_per_s={ir:.0f} "
      f"synthetic_wall_s={wall:.2f} synthetic_peak_rss_mib={rss_kb / 1024:.0f}")
if strict == "1" and not all(ok for _, ok, _ in goals):
    sys.exit(1)
PY
