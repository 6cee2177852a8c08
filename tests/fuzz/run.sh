#!/usr/bin/env bash
# Fuzzes furrow's input parsers with libFuzzer: tests/fuzz/run.sh [SECONDS] [TARGET...]
#   SECONDS  total fuzzing time, split evenly across the targets (default 120; at least 5 s each)
#   TARGET   tlg | zip | xml | query | jdl | fdd (default: all six)
#     tlg    the ISOXML binary time log decoder (tlg_fuzz.cpp)
#     zip    Bundle::open + every format's detector + whole-entry reads (zip_fuzz.cpp)
#     xml    the ISOXML TASKDATA.XML and time log header readers (xml_fuzz.cpp)
#     query  a request target parsed into a list query with paging headers (query_fuzz.cpp)
#     jdl    the John Deere Gen4 .jdl frame reader, protobuf walker and stream decoder (jdl_fuzz.cpp)
#     fdd    the John Deere GreenStar .fdd EvenByteDelta decoder, .fdl and .fdShape readers (fdd_fuzz.cpp)
# Inputs under tests/fuzz/corpus/<target>/ (past findings) are replayed first and then seed the run.
# Each target is built with clang++-14, libFuzzer, ASan and UBSan over just the sources it needs
# (through ccache when installed; FUZZ_JOBS parallel compiles, default 2), seeded with a few valid
# inputs, and run for its share of the time. Exits non-zero on any finding; crash inputs are kept
# in $FUZZ_FINDINGS (default /tmp/furrow-fuzz-findings); the binaries stay in build/fuzz/, so a
# finding replays with: build/fuzz/<target>_fuzz <crash-file>.
set -euo pipefail

total="${1:-120}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tlg zip xml query jdl fdd)
root="$(cd "$(dirname "$0")/../.." && pwd)"
findings="${FUZZ_FINDINGS:-/tmp/furrow-fuzz-findings}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="$root/build/fuzz"
mkdir -p "$findings" "$work/obj" "$bin"

cxx=(clang++-14)
command -v ccache >/dev/null && cxx=(ccache clang++-14)
flags=(-std=c++20 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -I "$root/src" $(pkg-config --cflags libzip gdal proj))

core=(src/core/error.cpp src/core/strings.cpp src/core/time.cpp src/core/ids.cpp src/core/log.cpp)
bundle=(src/formats/bundle.cpp src/formats/bundle_checks.cpp src/formats/bundle_inflate.cpp)
sources_tlg=(tests/fuzz/tlg_fuzz.cpp src/formats/isoxml/tlg_decoder.cpp src/core/error.cpp src/core/time.cpp)
sources_jdl=(tests/fuzz/jdl_fuzz.cpp src/formats/jd_gen4/protobuf_wire.cpp src/formats/jd_gen4/jdl_frames.cpp
             src/formats/jd_gen4/jdl_setup.cpp src/formats/jd_gen4/jdl_streams.cpp)
sources_fdd=(tests/fuzz/fdd_fuzz.cpp src/formats/jd_greenstar/fdd_block.cpp src/formats/jd_greenstar/fdl_log.cpp
             src/formats/jd_greenstar/fdshape.cpp
             src/formats/columns/unit_text.cpp src/schema/units.cpp "${core[@]}")
sources_query=(tests/fuzz/query_fuzz.cpp src/api/request_reader.cpp src/api/query_params.cpp src/api/paging.cpp
               src/api/router.cpp src/store/list_query.cpp "${core[@]}")
sources_xml=(tests/fuzz/xml_fuzz.cpp src/formats/isoxml/taskdata.cpp src/formats/isoxml/xml_util.cpp
             src/formats/isoxml/tlg_header.cpp src/formats/isoxml/tlg_decoder.cpp src/formats/isoxml/ddi.cpp
             src/formats/detect_helpers.cpp src/schema/property_registry.cpp src/schema/units.cpp
             "${bundle[@]}" "${core[@]}")
mapfile -t all_formats < <(cd "$root" && ls src/formats/*.cpp src/formats/*/*.cpp src/schema/*.cpp)
sources_zip=(tests/fuzz/zip_fuzz.cpp "${all_formats[@]}" "${core[@]}")
libs_tlg=(-lfmt)
libs_jdl=()
libs_fdd=(-lpugixml -lfmt -lcrypto)
libs_query=(-lfmt -lcrypto)
libs_xml=(-lzip -ldeflate -lpugixml -lfmt -lz -lcrypto)
libs_zip=(-lzip -ldeflate -lpugixml -lsimdjson $(pkg-config --libs gdal proj) -lfmt -lz -lcrypto -lpthread)

object_of() { echo "$work/obj/$(echo "$1" | tr / _).o"; }

# Compile the union of the sources once (coverage instrumentation without libFuzzer's main), then link.
declare -A wanted=()
for t in "${targets[@]}"; do
    declare -n list="sources_$t"
    for s in "${list[@]}"; do wanted["$s"]=1; done
done
echo "building ${#wanted[@]} sources for: ${targets[*]}"
export -f object_of
export work root
printf '%s\n' "${!wanted[@]}" | xargs -P "${FUZZ_JOBS:-2}" -I{} bash -c \
    '"$@" -fsanitize=fuzzer-no-link -c "$root/{}" -o "$(object_of {})"' _ "${cxx[@]}" "${flags[@]}"
for t in "${targets[@]}"; do
    declare -n list="sources_$t" libs="libs_$t"
    objects=()
    for s in "${list[@]}"; do objects+=("$(object_of "$s")"); done
    clang++-14 "${flags[@]}" -fsanitize=fuzzer "${objects[@]}" "${libs[@]}" -o "$bin/${t}_fuzz"
done

# Seeds, one folder per target.
seed() { mkdir -p "$work/corpus/$1"; printf "%b" "$3" > "$work/corpus/$1/$2"; }
# tlg (layout in tlg_fuzz.cpp): header bytes, then records.
# PTN A, B + TIM A logged, 2 DLVs; two records, the first with one sample.
seed tlg ab_two_records '\x03\x02\x02''\xe8\x03\x00\x00\x13\x39''\x10\x27\x00\x00\x20\x4e\x00\x00''\x01''\x01\x2a\x00\x00\x00''\xd0\x07\x00\x00\x13\x39''\x11\x27\x00\x00\x21\x4e\x00\x00''\x00'
# Every PTN field and TIM A logged, 1 DLV; one record with one sample.
seed tlg all_fields '\xff\x03\x01''\x00\x00\x00\x00\x00\x00''\x01\x00\x00\x00''\x02\x00\x00\x00''\x03\x00\x00\x00''\x04''\x05\x00''\x06\x00''\x07''\x08\x00\x00\x00''\x09\x00''\x01''\x00\xff\xff\xff\xff'
# Nothing logged but fixed values from a double (1e300): records are just the sample count.
seed tlg fixed_values '\x00\x0c''\x30\x9a\x6c\x7a\x32\x1b\xe6\x7e''\x03''\x00''\x02''\x02\x01\x00\x00\x00''\x00\xff\xff\xff\x7f'
# PTN A, B logged with a record cut short.
seed tlg truncated '\x03\x02\x01''\x00\x00\x00\x00\x00\x00''\x01\x00\x00\x00''\x02\x00'

# jdl: files built frame by frame as the display writes them (docs/FORMATS.md): header, setup
# (start time, one moisture channel), a data frame with a track, a swath and a value block; the same
# cut short; and the first frames of a real Gen4 log when shared/data is beside the repository.
mkdir -p "$work/corpus/jdl"
python3 - "$work/corpus/jdl" "${FURROW_SHARED_DATA:-$root/../shared/data}" <<'PY'
import glob, io, struct, sys, zipfile
out, data = sys.argv[1], sys.argv[2]
def varint(v):
    b = bytearray()
    while True:
        byte, v = v & 0x7F, v >> 7
        b.append(byte | (0x80 if v else 0))
        if not v: return bytes(b)
def zz(v): return (v << 1) ^ (v >> 63) if v >= 0 else ((-v) << 1) - 1
def u(n, v): return varint(n << 3) + varint(v)
def d(n, x): return varint(n << 3 | 1) + struct.pack("<d", x)
def s(n, b): return varint(n << 3 | 2) + varint(len(b)) + b
def packed(n, values): return s(n, b"".join(varint(zz(v)) for v in values))
def frame(m): return b"\x0d" + struct.pack("<I", len(m)) + m
channel = u(1, 87) + u(2, 6) + d(4, 1.0) + s(5, b"ppm") + u(7, 99) + u(8, 0)
setup = u(3, 1509094606079) + s(10, s(2, u(1, 66) + u(2, 1) + s(5, b"Combine") + d(6, 9.144) + s(7, s(5, channel))))
track = d(1, 41768854400.0) + d(2, -93486234600.0) + d(4, 303975.0) + u(26, (-12000) & (2**64 - 1)) + packed(10, [200, 200]) \
    + packed(12, [-3400, -3400]) + packed(13, [0, 100]) + packed(15, [11, -11]) + packed(16, [1800, 0])
swath = d(1, 41768854400.0) + d(2, -93486289600.0) + d(3, 41768854400.0) + d(4, -93486179600.0) + u(12, (-12000) & (2**64 - 1)) \
    + packed(15, [200]) + packed(17, [-3400]) + packed(18, [0]) + packed(19, [-3400]) + packed(20, [0])
value = d(1, 158700.0) + u(12, (-12000) & (2**64 - 1)) + packed(2, [300]) + packed(3, [2400])
table = u(1, 1) + u(1, 2) + u(1, 3) + s(2, bytes([67, 69, 87])) + s(3, track) + s(3, swath) + s(3, value)
whole = frame(u(1, 3)) + frame(u(1, 1) + s(5, setup)) + frame(u(1, 2) + s(4, s(9, table))) + frame(u(1, 4))
open(f"{out}/harvest", "wb").write(whole)
open(f"{out}/cut", "wb").write(whole[:-20])
for z in sorted(glob.glob(f"{data}/jd-gen4-harvest/Gen4 - 4600 Harvest Data.zip"))[:1]:
    with zipfile.ZipFile(z) as zf:
        name = min((n for n in zf.namelist() if n.endswith(".jdl")), key=lambda n: zf.getinfo(n).file_size)
        open(f"{out}/real", "wb").write(zf.read(name)[:4096])
PY

# fdd: an EvenByteDelta block built as docs/FORMATS.md describes it (header with a 32-bit, a 16-bit,
# an enumerated and a whole-only column; a record of steps, one with a gap, the end marker), the same
# cut short, and the head of a real GS2 .fdd and .fdl when shared/data is beside the repository.
mkdir -p "$work/corpus/fdd"
python3 - "$work/corpus/fdd" "${FURROW_SHARED_DATA:-$root/../shared/data}" <<'PY'
import glob, struct, sys, zipfile
out, data = sys.argv[1], sys.argv[2]
def text(s): return struct.pack("<H", len(s)) + s
def number(kind, name, flag, res, step, init):
    return struct.pack("<HH", kind, 2 + len(name) + 1) + text(name) + bytes([flag]) + struct.pack("<Hddd", 24, res, step, init)
labels = [b"dtiRecordingStatusOn", b"dtiRecordingStatusOff"]
state = struct.pack("<HH", 1, 2 + 5 + 1) + text(b"State") + b"\x00" + struct.pack("<HH", 2, sum(2 + len(l) for l in labels)) + b"".join(map(text, labels))
header = struct.pack("<HH", 1, 4) + b"GUID" + struct.pack("<HHH", 1, 2, 4) + number(4, b"Lat", 0, 1e-9, 0.00045, 41.5) \
    + number(3, b"Time", 0, 50, 12500, 0) + state + number(5, b"Height", 1, 0, 0, 0)
r1 = struct.pack("<HBBBB", 2, 1, 0, 0, 8) + struct.pack("<ihH", 1000, 4, 1) + struct.pack("<HHB", 3, 1, 7) + struct.pack("<HHd", 3, 8, 24.0)
r2 = struct.pack("<HBBBB", 2, 0, 1, 8, 0) + struct.pack("<hH", 5, 0)
block = header + r1 + r2 + struct.pack("<H", 4)
open(f"{out}/block", "wb").write(block)
open(f"{out}/cut", "wb").write(block[:-9])
for z in sorted(glob.glob(f"{data}/jd-gs2-gs3/GS2 - 2600 Documentation Data - Field 1.zip"))[:1]:
    with zipfile.ZipFile(z) as zf:
        name = min((n for n in zf.namelist() if n.endswith(".fdd")), key=lambda n: zf.getinfo(n).file_size)
        open(f"{out}/real_fdd", "wb").write(zf.read(name)[:4096])
        open(f"{out}/real_fdl", "wb").write(zf.read(name[:-4] + ".fdl")[:8192])
for z in sorted(glob.glob(f"{data}/jd-gs2-gs3/GS3 - 2630 Setup With Boundary And Guidance Lines.zip"))[:1]:
    with zipfile.ZipFile(z) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".fdShape") and "/Boundary" in n)
        open(f"{out}/real_fdshape", "wb").write(zf.read(name))
PY

seed query batches '/services/operations/api/batch?leafUserId=0b7e8a4e-7d3c-4c5e-9a53-2f1b1c0d9e11&status=FAILED&page=2&size=5&sort=size,desc&sort=fileName'
seed query typed '/x?startTime=2020-10-13T12:30:48.123Z&minArea=12.5&merged=true&name=North%2040&fieldId=a+b'
seed query encoded '/a%20b/c?%6Eame=%E2%9C%93&sort=uploadTimestamp,asc&page=0&size=100&&=&x'

seed xml taskdata '<?xml version="1.0" encoding="UTF-8"?>\n<ISO11783_TaskData VersionMajor="4" VersionMinor="2" DataTransferOrigin="1">\n<CTR A="CTR1" B="Grower"/><FRM A="FRM1" B="Farm" I="CTR1"/><PFD A="PFD1" C="North" E="CTR1" F="FRM1"/>\n<DVC A="DVC1" B="Combine" D="A00086000CE00B1E" E="SN42" F="FF000000005452" G="FF00000000"><DET A="DET1" B="1" C="1" D="Machine" E="0" F="0"/><DET A="DET2" B="2" C="2" D="Boom" E="1" F="1"/><DPD A="3" B="0054" C="1" D="8" E="Yield"/><DPT A="4" B="0086" C="3000" D="Width"/></DVC>\n<TSK A="TSK1" B="Harvest" C="CTR1" D="FRM1" E="PFD1" G="4"><TIM A="2020-10-13T12:30:48" B="2020-10-13T14:00:00" D="4"><DLV A="0054" B="1234" C="DET1"/></TIM><DAN A="DVC1" C="DVC1"><ASP A="2020-10-13T12:30:48" D="4"/></DAN><TLG A="TLG00001"/></TSK>\n</ISO11783_TaskData>\n'
seed xml tlg_header '<?xml version="1.0"?>\n<TIM A="" D="4"><PTN A="" B="" C="" D="" E="" F="" G="" H="" I=""/><DLV A="0054" B="" C="DET1"/><DLV A="0086" B="" C="DET2"/></TIM>\n'
seed xml external '<ISO11783_TaskData VersionMajor="3"><XFR A="TSK00001" B="1"/><DVC A="DVC1"><DET A="DET1" B="1" C="1" F="2"/><DET A="DET2" B="2" C="2" F="1"/></DVC></ISO11783_TaskData>'

mkdir -p "$work/corpus/zip"
python3 - "$work/corpus/zip" <<'PY'
import io, json, sys, zipfile
out = sys.argv[1]
def write(name, entries, compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for path, data in entries:
            zf.writestr(path, data)
    open(f"{out}/{name}", "wb").write(buf.getvalue())
    return buf.getvalue()
xml = b'<ISO11783_TaskData VersionMajor="4"><TSK A="TSK1" G="4"><TLG A="TLG00001"/></TSK></ISO11783_TaskData>'
write("isoxml", [("TASKDATA/TASKDATA.XML", xml), ("TASKDATA/TLG00001.XML", b'<TIM A=""><PTN A="" B=""/></TIM>'),
                 ("TASKDATA/TLG00001.BIN", b"\x00" * 32)])
write("cn1", [("Field1.cn1/index.vy1", b"VY1 index"), ("Field1.cn1/0001.vy1", b"records")], zipfile.ZIP_STORED)
point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-93.6, 42.0]},
         "properties": {"timestamp": "2021-09-01T12:00:00Z", "wetMassPerArea": 10000}}
geojson = json.dumps({"type": "FeatureCollection", "features": [point]}).encode()
write("geojson", [("harvest.geojson", geojson), ("README.txt", b"notes")])
write("csv", [("yield.csv", b"Longitude,Latitude,Time,Yield\n-93.6,42.0,2021-09-01T12:00:00Z,180\n")])
inner = write("inner", [("day1/harvest.geojson", geojson)])
write("nested", [("exports/day1.zip", inner), ("harvest_2019.dat", b"FieldView DAT")])
write("shapefile_names", [("yield.shp", b"\x00\x00\x27\x0a" + b"\x00" * 96), ("yield.dbf", b"\x03" + b"\x00" * 31),
                          ("yield.shx", b"\x00\x00\x27\x0a" + b"\x00" * 96), ("yield.prj", b'GEOGCS["WGS 84"]')])
PY

# The zip and xml targets write their inputs to files under the temp dir: keep them in $work.
export TMPDIR="$work"
status=0

# Regression inputs (tests/fuzz/corpus/README.md): each runs once, then seeds the fuzzing.
for t in "${targets[@]}"; do
    kept=("$root/tests/fuzz/corpus/$t"/*)
    [ -e "${kept[0]}" ] || continue
    echo "replaying ${#kept[@]} regression input(s) of $t"
    if ! "$bin/${t}_fuzz" -timeout=10 -rss_limit_mb=2048 "${kept[@]}" >"$work/$t.replay.log" 2>&1; then
        tail -60 "$work/$t.replay.log"
        echo "fuzz target $t fails on a kept regression input (tests/fuzz/corpus/$t/)" >&2
        status=1
    fi
    mkdir -p "$work/corpus/$t"
    cp "${kept[@]}" "$work/corpus/$t/"
done
per_target=$(( total / ${#targets[@]} ))
[ "$per_target" -lt 5 ] && per_target=5
for t in "${targets[@]}"; do
    echo "fuzzing $t for ${per_target}s (findings go to $findings/)"
    max_len=4096
    [ "$t" = zip ] && max_len=65536
    if ! "$bin/${t}_fuzz" -max_total_time="$per_target" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$findings/${t}-" "$work/corpus/$t" 2>"$work/$t.log"; then
        tail -60 "$work/$t.log"
        echo "fuzz target $t found a problem; the input is in $findings/" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$t.log" | sed "s/^/  $t /"
    fi
done
exit "$status"
