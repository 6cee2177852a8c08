#!/usr/bin/env bash
# Fuzzes the ISOXML TLG decoder: tests/fuzz/run.sh [SECONDS] (default 60).
# Builds tests/fuzz/tlg_fuzz.cpp with libFuzzer, ASan and UBSan over just the sources it needs, in a
# temp dir, seeds a corpus with a few valid logs, and exits non-zero on any finding. Crash inputs are
# kept in $FUZZ_FINDINGS (default /tmp/furrow-fuzz-findings).
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
findings="${FUZZ_FINDINGS:-/tmp/furrow-fuzz-findings}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$findings" "$work/corpus"

clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I "$root/src" \
    "$root/tests/fuzz/tlg_fuzz.cpp" \
    "$root/src/formats/isoxml/tlg_decoder.cpp" \
    "$root/src/core/error.cpp" \
    -lfmt -o "$work/tlg_fuzz"

# Seeds (layout in tlg_fuzz.cpp): header bytes, then records.
seed() { printf "$2" > "$work/corpus/$1"; }
# PTN A, B + TIM A logged, 2 DLVs; two records, the first with one sample.
seed ab_two_records '\x03\x02\x02''\xe8\x03\x00\x00\x13\x39''\x10\x27\x00\x00\x20\x4e\x00\x00''\x01''\x01\x2a\x00\x00\x00''\xd0\x07\x00\x00\x13\x39''\x11\x27\x00\x00\x21\x4e\x00\x00''\x00'
# Every PTN field and TIM A logged, 1 DLV; one record with one sample.
seed all_fields '\xff\x03\x01''\x00\x00\x00\x00\x00\x00''\x01\x00\x00\x00''\x02\x00\x00\x00''\x03\x00\x00\x00''\x04''\x05\x00''\x06\x00''\x07''\x08\x00\x00\x00''\x09\x00''\x01''\x00\xff\xff\xff\xff'
# Nothing logged but fixed values from a double (1e300): records are just the sample count.
seed fixed_values '\x00\x0c''\x30\x9a\x6c\x7a\x32\x1b\xe6\x7e''\x03''\x00''\x02''\x02\x01\x00\x00\x00''\x00\xff\xff\xff\x7f'
# PTN A, B logged with a record cut short.
seed truncated '\x03\x02\x01''\x00\x00\x00\x00\x00\x00''\x01\x00\x00\x00''\x02\x00'

echo "fuzzing the TLG decoder for ${seconds}s (findings go to $findings/)"
"$work/tlg_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$work/corpus"
