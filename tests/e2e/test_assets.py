"""Machines, implements and operators pooled from machine files, and the sessions per machine.

The expected records come from reading the sources here (TASKDATA.XML with xml.etree: DVC B
designator and E serial; the JD Deere-Metadata.json MachineUsage), never from furrow's output.
Sessions are checked against the standard GeoJSON furrow serves: the points split at pauses of
more than 30 minutes, with the `area` property summed per span in Python.
"""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import (DATA_DIR, assert_status, create_user, files_of_batch, list_all, new_owner, upload_ok,
                      wait_batch)
from isoxml_helpers import CCI_DIR, KRONE_ZIP, download_json, ms_of, zip_folder_as_taskdata

ASSETS = "/services/beta/api/users"
GAP_MS = 30 * 60 * 1000
JD_WHEAT = DATA_DIR / "jd-opscenter-wheat-seeding" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Wheat (Hrd Rd Spr) seeding.zip"


def taskdata_root(zip_bytes: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        name = next(n for n in zf.namelist() if n.upper().endswith("TASKDATA.XML"))
        return ET.fromstring(zf.read(name))


def iso_devices(zip_bytes: bytes) -> dict[str, dict]:
    """DVC id -> {name, serial} as TASKDATA.XML says (B designator, E serial number)."""
    return {d.get("A"): {"name": (d.get("B") or "").strip(), "serial": (d.get("E") or "").strip()}
            for d in taskdata_root(zip_bytes).iter("DVC")}


def jd_machine_usage() -> dict:
    with zipfile.ZipFile(JD_WHEAT) as zf:
        name = next(n for n in zf.namelist() if n.endswith("-Deere-Metadata.json") and "__MACOSX" not in n)
        return json.loads(zf.read(name))["MachineUsage"]


def stored_sessions(server, file_id: str):
    """artifacts["sessions"] of the file, read from the server's database (no endpoint serves it yet:
    GET /operations/{id}/sessions is built on it)."""
    rows = server.sql("SELECT artifacts FROM files WHERE id = ?", (file_id,))
    return json.loads(rows[0][0]).get("sessions")


def python_sessions(features) -> list[dict]:
    """Spans of the points, split at gaps > 30 min, area summed."""
    points = [(ms_of(f["properties"]["timestamp"]), f["properties"].get("area") or 0.0) for f in features]
    points.sort(key=lambda p: p[0])
    spans = []
    for t, area in points:
        if not spans or t - spans[-1]["end"] > GAP_MS:
            spans.append({"start": t, "end": t, "area_m2": 0.0})
        spans[-1]["end"] = t
        spans[-1]["area_m2"] += area
    return spans


@pytest.fixture(scope="module")
def owner(server):
    return new_owner(server, config={"enableOperationsSession": True}, prefix="assets")


@pytest.fixture(scope="module")
def krone(owner):
    user = create_user(owner)
    data = KRONE_ZIP.read_bytes()
    batches = [upload_ok(owner, data, user["id"], filename="krone.zip") for _ in range(2)]  # the same files twice
    files = []
    for b in batches:
        final = wait_batch(owner, b["id"], timeout=180)
        files += files_of_batch(owner, final["id"])[0]
    return {"user": user, "data": data, "files": files}


@pytest.fixture(scope="module")
def jd(owner):
    user = create_user(owner)
    b = wait_batch(owner, upload_ok(owner, JD_WHEAT.read_bytes(), user["id"], provider="JohnDeere",
                                    filename=JD_WHEAT.name)["id"], timeout=300)
    return {"user": user, "files": files_of_batch(owner, b["id"])[0]}


def assets_of(api, user_id: str, kind: str) -> list[dict]:
    items, total = list_all(api, f"{ASSETS}/{user_id}/{kind}")
    assert len(items) == total
    return items


def test_isoxml_devices_become_one_record_each_even_when_uploaded_twice(owner, krone):
    assert all(f["status"] == "processed" for f in krone["files"]), krone["files"]
    devices = iso_devices(krone["data"])
    records = assets_of(owner, krone["user"]["id"], "machines")
    assert assets_of(owner, krone["user"]["id"], "implements") == []
    assert len(records) == len(devices) == 1
    (dvc_id, dvc), record = next(iter(devices.items())), records[0]
    assert record["name"] == dvc["name"] and record["serialNumber"] == dvc["serial"]
    assert record["originType"] == "FILE_POOLED" and record["leafUserId"] == krone["user"]["id"]
    assert record["providerMachineId"] == dvc_id
    r = owner.get(f"{ASSETS}/{krone['user']['id']}/machines/{record['id']}")
    assert_status(r, 200)
    assert r.json() == record
    assert assets_of(owner, krone["user"]["id"], "operators") == []  # TASKDATA.XML has no WKR


def test_cci_task_set_one_machine_in_twenty_files(owner):
    user = create_user(owner)
    data = zip_folder_as_taskdata(CCI_DIR)
    b = wait_batch(owner, upload_ok(owner, data, user["id"], filename="cci.zip")["id"], timeout=300)
    files = files_of_batch(owner, b["id"])[0]
    assert len(files) > 1
    devices = iso_devices(data)
    records = assets_of(owner, user["id"], "machines") + assets_of(owner, user["id"], "implements")
    assert [(r["name"], r["serialNumber"]) for r in records] == [(d["name"], d["serial"]) for d in devices.values()]


def test_jd_machines_and_operators_match_the_metadata(owner, jd):
    usage = jd_machine_usage()
    machines = assets_of(owner, jd["user"]["id"], "machines")
    expected = {m["MachineId"]: m.get("MachineSerial", "").strip() or None for m in usage.values() if m.get("MachineId")}
    assert {m["providerMachineId"]: m["serialNumber"] for m in machines} == expected
    operators = assets_of(owner, jd["user"]["id"], "operators")
    assert sorted(o["providerOperatorId"] for o in operators) == sorted(
        m["OperatorId"] for m in usage.values() if m.get("OperatorId"))
    assert all(o["name"] is None for o in operators)  # the metadata names no one
    assert all(m["provider"] == "JohnDeere" for m in machines)


def test_another_owner_and_another_user_get_404(owner, api_b, krone):
    record = assets_of(owner, krone["user"]["id"], "machines")[0]
    kind = "machines"
    assert_status(api_b.get(f"{ASSETS}/{krone['user']['id']}/{kind}"), 404)
    assert_status(api_b.get(f"{ASSETS}/{krone['user']['id']}/{kind}/{record['id']}"), 404)
    other_user = create_user(owner)
    assert_status(owner.get(f"{ASSETS}/{other_user['id']}/{kind}/{record['id']}"), 404)
    assert assets_of(owner, other_user["id"], kind) == []
    other_kind = "operators"
    assert_status(owner.get(f"{ASSETS}/{krone['user']['id']}/{other_kind}/{record['id']}"), 404)


def test_krone_sessions_match_the_standard_geojson(owner, server, krone):
    devices = iso_devices(krone["data"])
    dvc_id = next(iter(devices))
    f = krone["files"][0]
    sessions = stored_sessions(server, f["id"])
    machines = assets_of(owner, krone["user"]["id"], "machines")
    assert len(machines) == 1  # the one DVC has a navigation element: a machine, not an implement
    assert [s["machineId"] for s in sessions] == [machines[0]["id"]]
    assert sessions[0]["serialNumber"] == devices[dvc_id]["serial"]
    features = download_json(owner, f["downloadStandardGeojson"])["features"]
    expected = python_sessions(features)
    got = sessions[0]["sessions"]
    assert len(got) == len(expected) >= 1
    for mine, theirs in zip(got, expected):
        assert ms_of(mine["startTime"]) == theirs["start"] and ms_of(mine["endTime"]) == theirs["end"]
        assert mine["area"]["unit"] == "ha"
        assert mine["area"]["value"] == pytest.approx(theirs["area_m2"] / 10_000, rel=1e-9, abs=1e-9)
        assert mine["workingTime"]["value"] == pytest.approx((theirs["end"] - theirs["start"]) / 3_600_000, rel=1e-9)
    # The same file uploaded again: the same machine record, its own session ids.
    again = stored_sessions(server, krone["files"][1]["id"])
    assert again[0]["machineId"] == sessions[0]["machineId"]
    assert again[0]["sessions"][0]["id"] != got[0]["id"]


def test_jd_sessions_per_machine_cover_the_whole_area(owner, server, jd):
    f = jd["files"][0]
    sessions = stored_sessions(server, f["id"])
    machines = {m["id"]: m for m in assets_of(owner, jd["user"]["id"], "machines")}
    assert sorted(s["machineId"] for s in sessions) == sorted(machines)
    operators = {o["id"]: o for o in assets_of(owner, jd["user"]["id"], "operators")}
    usage = jd_machine_usage()
    operator_of = {m["MachineId"]: m.get("OperatorId") for m in usage.values()}
    for machine in sessions:
        assert machine["sessions"], machine
        for s in machine["sessions"]:
            provider_machine = machines[machine["machineId"]]["providerMachineId"]
            assert operators[s["operator"]["id"]]["providerOperatorId"] == operator_of[provider_machine]
    features = download_json(owner, f["downloadStandardGeojson"])["features"]
    total_m2 = sum(ft["properties"].get("area") or 0.0 for ft in features)
    furrow_ha = sum(s["area"]["value"] for m in sessions for s in m["sessions"])
    assert furrow_ha == pytest.approx(total_m2 / 10_000, rel=1e-9)


def test_no_sessions_without_enable_operations_session(server, api):
    user = create_user(api)
    b = wait_batch(api, upload_ok(api, KRONE_ZIP.read_bytes(), user["id"], filename="krone.zip")["id"], timeout=180)
    f = files_of_batch(api, b["id"])[0][0]
    assert stored_sessions(server, f["id"]) is None
