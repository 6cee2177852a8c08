"""Issue 15 point 5: a two-product application logged per bin (ISOXML PAN E -> bin DET), with the
device element logging no rate. Built here byte by byte (no real sample has it). furrow's per-point
`products`, `appliedRate` and the summary's `products` are checked against npm isoxml's reading of
the same bytes (each bin's series) and against sums computed here from furrow's own per-point `area`.
"""
from __future__ import annotations

import struct

import pytest

from conftest import conversion_fidelity, create_user, files_of_batch, upload_ok, wait_batch
from isoxml_helpers import close, file_outputs, run_reference, zip_files_as_taskdata

pytestmark = conversion_fidelity

POINTS = 20
DAYS_2020_01_02 = 14611  # days since 1980-01-01
STEP_DEG = 0.00008987362085  # 10 m north at 52 N (pyproj Geod.fwd)

TASKDATA = b"""<?xml version="1.0" encoding="UTF-8"?>
<ISO11783_TaskData VersionMajor="4" VersionMinor="1">
  <PDT A="PDT1" B="Urea"/>
  <PDT A="PDT2" B="Potash"/>
  <DVC A="DVC-1" B="Twin spreader" E="SN-7">
    <DET A="DET-1" B="1" C="1" D="Spreader" E="0" F="0"/>
    <DET A="DET-2" B="2" C="3" D="Bin 1" E="1" F="1"/>
    <DET A="DET-3" B="3" C="3" D="Bin 2" E="2" F="1"/>
  </DVC>
  <TSK A="TSK1" B="Spreading" G="4">
    <TLG A="TLG00001"/>
    <PAN A="PDT1" E="DET-2"/><PAN A="PDT2" E="DET-3"/>
  </TSK>
</ISO11783_TaskData>"""

# DLVs: 0 width and 1 work state on the device element, 2 Urea's and 3 Potash's Actual Mass Per Area.
TLG_XML = b"""<TIM A="" D="4"><PTN A="" B=""/>
  <DLV A="0043" B="" C="DET-1"/><DLV A="008D" B="" C="DET-1"/>
  <DLV A="0007" B="" C="DET-2"/><DLV A="0007" B="" C="DET-3"/></TIM>"""


def urea(i: int) -> int:  # mg/m2: 150-245 kg/ha
    return 15_000 + 500 * i


def potash(i: int) -> int:  # mg/m2: 80 kg/ha, bin empty (0) from point 14
    return 8_000 if i < 14 else 0


def tlg_bin() -> bytes:
    out = bytearray()
    for i in range(POINTS):
        out += struct.pack("<IH", 36_000_000 + 1000 * i, DAYS_2020_01_02)
        out += struct.pack("<ii", round((52.0 + i * STEP_DEG) * 1e7), round(8.0 * 1e7))
        samples = [(2, urea(i)), (3, potash(i))]
        if i == 0:
            samples = [(0, 12_000), (1, 1)] + samples
        out += struct.pack("<B", len(samples))
        for index, value in samples:
            out += struct.pack("<Bi", index, value)
    return bytes(out)


@pytest.fixture(scope="module")
def applied(api):
    data = zip_files_as_taskdata({"TASKDATA.XML": TASKDATA, "TLG00001.XML": TLG_XML, "TLG00001.BIN": tlg_bin()})
    user = create_user(api)
    batch = upload_ok(api, data, user["id"], provider="Other", filename="two-products.zip")
    ref = run_reference(data, series=True, ddis=[0x0007])
    final = wait_batch(api, batch["id"], timeout=60)
    files, _ = files_of_batch(api, final["id"])
    assert len(files) == 1, files
    return {"batch": final, "out": file_outputs(api, files[0]["id"]), "ref": ref}


def bin_series(ref: dict, det: str) -> list:
    (task,) = ref["tasks"]
    (entry,) = [v for v in task["values"].values() if v["det"] == det and int(v["ddi"], 16) == 0x0007]
    return entry["series"]


def test_each_point_carries_each_products_rate_and_their_sum(applied):
    out = applied["out"]
    assert out["file"]["status"] == "processed", out["status"]
    assert out["file"]["operationType"] == "applied"
    feats = out["geojson"]["features"]
    assert len(feats) == POINTS
    assert out["units"]["appliedRate"] == "kg/ha"
    urea_ref, potash_ref = bin_series(applied["ref"], "DET-2"), bin_series(applied["ref"], "DET-3")
    for i, f in enumerate(feats):
        p = f["properties"]
        rates = {e["name"]: e["rate"]["value"] for e in p["products"]}
        # npm isoxml's raw bin values x 0.01 (mg/m2 -> kg/ha)
        assert close(rates["Urea"], urea_ref[i] * 0.01, 1e-9, 1e-9), (i, rates, urea_ref[i])
        assert close(rates["Potash"], potash_ref[i] * 0.01, 1e-9, 1e-9), (i, rates, potash_ref[i])
        assert close(p["appliedRate"], (urea_ref[i] + potash_ref[i]) * 0.01, 1e-9, 1e-9), (i, p["appliedRate"])


def test_summary_reports_each_product_and_the_total(applied):
    out = applied["out"]
    feats = out["geojson"]["features"]
    s = out["summary"]["properties"]
    assert s["tankMix"] is False
    by_name = {e["name"]: e for e in s["products"]}
    assert set(by_name) == {"Urea", "Potash"}
    total = 0.0
    for name in ("Urea", "Potash"):
        rates = [next(e["rate"]["value"] for e in f["properties"]["products"] if e["name"] == name) for f in feats]
        areas = [f["properties"]["area"] for f in feats]
        area = sum(a for r, a in zip(rates, areas) if r > 0)
        amount = sum(r * a / 10_000 for r, a in zip(rates, areas))
        entry = by_name[name]
        assert entry["area"]["unit"] == "m2" and close(entry["area"]["value"], area, 1e-9, 1e-6), (name, entry, area)
        assert entry["totalApplied"]["unit"] == "kg"
        assert close(entry["totalApplied"]["value"], amount, 1e-9, 1e-9), (name, entry, amount)
        assert close(entry["rate"]["value"], amount / area * 10_000, 1e-9, 1e-9), (name, entry)
        total += amount
    # 19 steps of 10 m x 12 m = 2 280 m2 worked; Potash only on the first 14 points (13 steps after the first).
    assert close(by_name["Urea"]["area"]["value"], 19 * 120, 1e-3)
    assert close(by_name["Potash"]["area"]["value"], 13 * 120, 1e-3)
    assert close(s["totalApplied"]["value"], total, 1e-9, 1e-9), (s["totalApplied"], total)
