"""A synthetic time log with sparse logging (bench/make_synthetic_tlg.py, 20 000 points): width every
60 s, moisture every 5th record, yield only on passes, work state on change. The real samples log
nearly every DLV in every record, so this is where ISOXML's "last known value" rule is really
exercised. furrow's points are compared one by one with the npm isoxml reading, areas with pyproj.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import conversion_fidelity, create_user, files_of_batch, upload_ok, wait_batch
from isoxml_helpers import (
    ALL_MAPPED_DDIS, close, file_outputs, geodesic_steps, match_files_to_tasks, ms_of,
    pick_series, reference_property, run_reference, WORK_STATE_DDI,
)

pytestmark = conversion_fidelity

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "make_synthetic_tlg.py"
POINTS = 20_000


@pytest.fixture(scope="module")
def synthetic(api, tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic") / "synthetic.zip"
    r = subprocess.run(["/usr/bin/python3", str(GENERATOR), str(out), "--points", str(POINTS)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    user = create_user(api)
    batch = upload_ok(api, data, user["id"], provider="Other", filename="synthetic.zip")
    ref = run_reference(data, series=True, ddis=ALL_MAPPED_DDIS)
    final = wait_batch(api, batch["id"], timeout=120)
    files, _ = files_of_batch(api, final["id"])
    outputs = [file_outputs(api, f["id"]) for f in files]
    return {"batch": final, "outputs": outputs, "ref": ref}


def test_synthetic_points_match_isoxml(synthetic):
    assert synthetic["batch"]["status"] == "PROCESSED", (synthetic["batch"], [o["file"] for o in synthetic["outputs"]])
    assert len(synthetic["outputs"]) == 1
    (out, task), = match_files_to_tasks(synthetic["outputs"], synthetic["ref"]["tasks"])
    feats = out["geojson"]["features"]
    assert task["positioned"] == POINTS and len(feats) == POINTS, (len(feats), task["positioned"])
    assert out["file"]["operationType"] == "harvested", out["file"]
    assert [ms_of(f["properties"]["timestamp"]) for f in feats] == task["times"]
    # sparse DLVs: every point carries the last logged value
    for prop in ("equipmentWidth", "wetMassPerArea", "harvestMoisture", "speed"):
        ref, why = reference_property(task, prop)
        assert ref is not None and all(v is not None for v in ref), (prop, why)
        got = [f["properties"].get(prop) for f in feats]
        bad = [(i, a, b) for i, (a, b) in enumerate(zip(got, ref)) if a is None or not close(a, b, 1e-6, 1e-6)]
        assert not bad, f"{prop}: {len(bad)} points differ from isoxml's last-known values; first {bad[:5]}"
    ws, _ = pick_series(task, WORK_STATE_DDI)
    states = [f["properties"].get("recordingStatus") for f in feats]
    assert states == ["On" if v == 1 else "Off" for v in ws["series"]]
    # the path: 2 m/s passes, so ~2 m per point on a pass; area = 12 m x distance while working
    steps = geodesic_steps([tuple(f["geometry"]["coordinates"][:2]) for f in feats])
    my_area = sum(12.0 * d for d, s in zip(steps, states) if s == "On")
    p = out["summary"]["properties"]
    assert close(p["totalArea"]["value"], my_area, 0.01), (p["totalArea"], my_area)
    assert close(p["harvestMoisture"]["avg"], sum(ref_v for ref_v in reference_property(task, "harvestMoisture")[0]) / POINTS, 1e-3)
    assert p["coverageArea"]["value"] <= p["totalArea"]["value"] * 1.01 + 1.0, (p["coverageArea"], p["totalArea"])
