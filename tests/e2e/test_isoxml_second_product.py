"""Issue 15 point 7(b), "a second product added": the real Kverneland planting log re-written the way
a drill with a fertiliser bin would log it. The seed device (DVC-36) gets a bin element of its own
(DET type 3 under its device element) with a product allocated to it (PAN E) and the bin's Actual
Mass Per Area (DDI 0x0007) appended to every TLG record. The standard numbers of the original
(points, times, seed rates, widths, work states) must stay exactly as furrow reads the unchanged
file, and the added product's rate must be the bin's raw values x 0.01 kg/ha. Runs `furrow convert`.
"""
from __future__ import annotations

import io
import json
import struct
import subprocess
import zipfile
from pathlib import Path

from conftest import FURROW_BIN
from isoxml_helpers import KVERNELAND_ZIP, tlg_records

BIN_XML = b'<DET A="DET-460" B="399" C="3" D="Fertiliser bin" E="4000" F="300"/>'


def fertiliser(i: int) -> int:  # mg/m2: 120.00-139.00 kg/ha, changing every record
    return 12_000 + 100 * (i % 20)


def with_second_product(original: bytes) -> bytes:
    files = {}
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        for name in z.namelist():
            files[name] = z.read(name)
    taskdata = files["TASKDATA.XML"]
    # The bin joins DVC-36 right after its device element; the product and its allocation.
    anchor = b'<DET A="DET-450"'
    assert taskdata.count(anchor) == 1
    device_end = taskdata.index(b"</DET>", taskdata.index(anchor)) + len(b"</DET>")
    taskdata = taskdata[:device_end] + BIN_XML + taskdata[device_end:]
    taskdata = taskdata.replace(b"</ISO11783_TaskData>", b'<PDT A="PDT-900" B="Starter fertiliser"/></ISO11783_TaskData>')
    tsk_end = taskdata.index(b"</TSK>")
    taskdata = taskdata[:tsk_end] + b'<PAN A="PDT-900" E="DET-460"/>' + taskdata[tsk_end:]
    files["TASKDATA.XML"] = taskdata
    header, binary = files["TLG00001.XML"], files["TLG00001.BIN"]
    new_index = header.count(b"<DLV ")
    files["TLG00001.XML"] = header.replace(b"</TIM>", b'<DLV A="0007" B="" C="DET-460"/></TIM>')
    out = bytearray()
    records = 0
    for i, (start, end, offs) in enumerate(tlg_records(header, binary)):
        count_at = max(o + struct.calcsize("<" + c) for o, c in offs.values())
        record = bytearray(binary[start:end])
        record[count_at - start] += 1
        out += record + struct.pack("<Bi", new_index, fertiliser(i))
        records += 1
    assert records == 373
    files["TLG00001.BIN"] = bytes(out)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def features(path: Path) -> list[dict]:
    return [f["properties"] | {"_xy": f["geometry"]["coordinates"]} for f in json.loads(path.read_text())["features"]]


def convert(path: Path, out: Path) -> tuple[dict, list[dict], list[int]]:
    """The report line, the standard points, and each standard point's TLG record index (the
    standard points are the raw ones, in record order, less those cleanupRules left out)."""
    r = subprocess.run([FURROW_BIN, "convert", str(path), "--out", str(out), "--report"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    (line,) = [json.loads(x) for x in r.stdout.splitlines()]
    assert line["status"] == "processed", line
    raw, standard = features(Path(line["output"]) / "raw.geojson"), features(Path(line["output"]) / "standard.geojson")
    assert len(raw) == 373
    records, raw_idx = [], 0
    for point in standard:
        while (raw[raw_idx]["timestamp"], raw[raw_idx]["_xy"]) != (point["timestamp"], point["_xy"]):
            raw_idx += 1
        records.append(raw_idx)
        raw_idx += 1
    return line, standard, records


def test_a_second_product_leaves_the_original_numbers_alone(tmp_path):
    mutated = tmp_path / "kverneland-with-fertiliser.zip"
    mutated.write_bytes(with_second_product(KVERNELAND_ZIP.read_bytes()))
    before_line, before, _ = convert(KVERNELAND_ZIP, tmp_path / "before")
    after_line, after, records = convert(mutated, tmp_path / "after")
    assert after_line["operationType"] == before_line["operationType"] == "planted"  # a drill with a fertiliser bin
    # cleanupRules (on by default) leave out the same points: seedRate 0 or the work state off
    assert len(after) == len(before) == before_line["standard_points"] and len(after) > 300
    kept = ("_xy", "timestamp", "seedRate", "seedRateTarget", "equipmentWidth", "recordingStatus", "area", "speed",
            "distance", "heading")
    for i, (a, b) in enumerate(zip(after, before)):
        assert {k: a.get(k) for k in kept} == {k: b.get(k) for k in kept}, i
        assert "appliedRate" not in b
        assert abs(a["appliedRate"] - fertiliser(records[i]) * 0.01) < 1e-9, (i, records[i], a["appliedRate"])
