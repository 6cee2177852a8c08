"""Broken ISOXML sets, built in the test from the real CCI TASKDATA (shared/data): each broken task
fails on its own with a clear message, intact tasks of the same upload still convert, and the
server stays healthy. All batches are uploaded first and then awaited, so they run side by side.
"""
from __future__ import annotations

import pytest
import requests

from conftest import create_user, upload_ok
from isoxml_helpers import (
    cci_subset, corrupt_dlv_index, file_outputs, run_reference, wait_batch, files_of_batch,
    zero_positions, zip_files_as_taskdata,
)

INTERNAL = "internal error"


def _truncated(files):
    data = files["TLG00005.bin"]
    files["TLG00005.bin"] = data[:-7]  # every record is longer than 7 bytes: this cuts one in two


def _missing(files):
    del files["TLG00005.bin"]
    del files["TLG00005.xml"]
    del files["TLG00018.bin"]


def _unknown_ddi(files):
    header = files["TLG00003.xml"].decode()
    assert '<DLV A="00B1"' in header
    files["TLG00003.xml"] = header.replace('<DLV A="00B1"', '<DLV A="4E20"').encode()


def _zero_positions(files):
    files["TLG00003.bin"] = zero_positions(files["TLG00003.xml"], files["TLG00003.bin"])


def _bad_dlv_index(files):
    files["TLG00003.bin"] = corrupt_dlv_index(files["TLG00003.xml"], files["TLG00003.bin"])


def _broken_xml(files):
    files["TASKDATA.XML"] = files["TASKDATA.XML"][: len(files["TASKDATA.XML"]) // 2]


CASES = {
    # name: (tasks kept, mutation)
    "truncated": (["TSK3", "TSK5"], _truncated),
    "missing": (["TSK3", "TSK5", "TSK13"], _missing),
    "unknown_ddi": (["TSK3"], _unknown_ddi),
    "zero_positions": (["TSK3"], _zero_positions),
    "bad_dlv_index": (["TSK3"], _bad_dlv_index),
    "broken_xml": (["TSK3"], _broken_xml),
}


@pytest.fixture(scope="module")
def broken(api):
    user = create_user(api)
    built, batches = {}, {}
    for name, (tasks, mutate) in CASES.items():
        files = cci_subset(tasks)
        mutate(files)
        built[name] = zip_files_as_taskdata(files)
        batches[name] = upload_ok(api, built[name], user["id"], provider="Other", filename=f"{name}.zip")
    intact = run_reference(zip_files_as_taskdata(cci_subset(["TSK3"])), series=False)
    out = {}
    for name, b in batches.items():
        final = wait_batch(api, b["id"], timeout=120)
        files, _ = files_of_batch(api, final["id"])
        out[name] = {"batch": final, "outputs": [file_outputs(api, f["id"]) for f in files]}
    return {"runs": out, "intact_tsk3": intact["tasks"][0], "zips": built}


def _failed_step(status):
    failed = [(k, v) for k, v in status.items() if v.get("status") == "failed"]
    assert len(failed) == 1, status
    return failed[0]


def _by_status(outputs):
    done = [o for o in outputs if o["file"]["status"] == "processed"]
    failed = [o for o in outputs if o["file"]["status"] == "failed"]
    assert len(done) + len(failed) == len(outputs), [o["file"]["status"] for o in outputs]
    return done, failed


def _assert_intact_tsk3(out, ref):
    feats = out["geojson"]["features"]
    assert len(feats) == ref["positioned"] == 1599, (len(feats), ref["positioned"])
    assert feats[0]["properties"]["timestamp"] == ref["first"]
    assert feats[-1]["properties"]["timestamp"] == ref["last"]


def test_truncated_time_log_fails_only_its_task(broken):
    run = broken["runs"]["truncated"]
    assert run["batch"]["status"] == "PROCESSED", run["batch"]
    done, failed = _by_status(run["outputs"])
    assert len(done) == 1 and len(failed) == 1, [(o["file"]["status"], o["file"].get("statusMessage")) for o in run["outputs"]]
    _assert_intact_tsk3(done[0], broken["intact_tsk3"])
    step, info = _failed_step(failed[0]["status"])
    assert "truncated" in info["message"].lower(), (step, info)
    assert "truncated" in (failed[0]["file"].get("statusMessage") or "").lower(), failed[0]["file"]


def test_missing_time_log_files_are_named(broken):
    run = broken["runs"]["missing"]
    assert run["batch"]["status"] == "PROCESSED", run["batch"]
    done, failed = _by_status(run["outputs"])
    assert len(done) == 1 and len(failed) == 2, [(o["file"]["status"], o["file"].get("statusMessage")) for o in run["outputs"]]
    _assert_intact_tsk3(done[0], broken["intact_tsk3"])
    messages = sorted(_failed_step(o["status"])[1]["message"] for o in failed)
    # TSK5 lost both TLG00005 files, TSK13 only TLG00018.bin
    assert any("TLG00005" in m.upper() for m in messages), messages
    assert any("TLG00018" in m.upper() for m in messages), messages
    for m in messages:
        assert INTERNAL not in m.lower(), messages


def test_unknown_ddi_in_header_is_still_processed(broken):
    run = broken["runs"]["unknown_ddi"]
    assert run["batch"]["status"] == "PROCESSED", run["batch"]
    done, failed = _by_status(run["outputs"])
    assert len(done) == 1 and not failed, [o["file"] for o in run["outputs"]]
    _assert_intact_tsk3(done[0], broken["intact_tsk3"])
    # the reading of the same bytes agrees on the points
    ref = run_reference(broken["zips"]["unknown_ddi"])["tasks"][0]
    assert ref["positioned"] == 1599


def test_all_zero_positions_fail_cleanly(broken):
    run = broken["runs"]["zero_positions"]
    ref = run_reference(broken["zips"]["zero_positions"])["tasks"][0]
    assert ref["records"] == 1599 and ref["positioned"] == 0, ref  # the set is what it claims to be
    assert run["batch"]["status"] == "FAILED", run["batch"]
    done, failed = _by_status(run["outputs"])
    assert len(failed) == 1 and not done, [o["file"] for o in run["outputs"]]
    step, info = _failed_step(failed[0]["status"])
    msg = info["message"]
    assert isinstance(msg, str) and len(msg) >= 10, info
    assert INTERNAL not in msg.lower() and "exception" not in msg.lower() and "std::" not in msg, info


def test_out_of_range_dlv_index_reaches_a_final_status(broken):
    run = broken["runs"]["bad_dlv_index"]
    assert run["batch"]["status"] in ("PROCESSED", "FAILED"), run["batch"]
    assert len(run["outputs"]) == 1
    f = run["outputs"][0]
    if f["file"]["status"] == "failed":
        step, info = _failed_step(f["status"])
        assert INTERNAL not in info["message"].lower(), info
    else:
        assert len(f["geojson"]["features"]) <= 1599


def test_broken_taskdata_xml_reaches_a_final_status(broken):
    run = broken["runs"]["broken_xml"]
    assert run["batch"]["status"] == "FAILED", run["batch"]
    assert all(o["file"]["status"] == "failed" for o in run["outputs"]), [o["file"] for o in run["outputs"]]


def test_server_still_healthy_after_broken_sets(broken, server):
    assert server.running, "furrow exited while processing broken ISOXML"
    r = requests.get(server.base_url + "/health", timeout=10)
    assert r.status_code == 200, r.text
    assert not server.sanitizer_reports(), server.stderr_text()[-6000:]
