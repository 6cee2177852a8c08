"""Faults of the parts furrow runs on: a worker killed mid-file, PostgreSQL restarted mid-batch, the S3
store unreachable, a full disk under the local blob directory. Each must end with every accepted
batch terminal, no machine file lost or duplicated, a clear 503 while a dependency is down, and no
half-written output ever served.

The cluster tests need FURROW_E2E_TOPOLOGY=cluster (tests/e2e/cluster.py); the disk test is about
the local blob store of the single-process topology."""
import os
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import (
    BATCH_TERMINAL, DATA_DIR, OPS, assert_problem, assert_status, cluster_only, create_user,
    files_of_batch, list_all, new_owner, poll, single_only, upload, upload_ok, wait_batch,
)

OATS = DATA_DIR / "jd-opscenter-oats-harvest" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip"
SMS_WHEAT = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
SMALL_ISOXML = DATA_DIR / "isoxml-kverneland-spreader" / "SingleDPD.zip"  # 36 KB: its outputs fit anywhere
FAST_RETRY = {"FURROW_JOB_LEASE_SECONDS": "2"}


def assert_each_file_once(api, batch_ids):
    """Every batch terminal, its files listed once each (one per dataset), none left processing."""
    for batch_id in batch_ids:
        batch = wait_batch(api, batch_id, timeout=300)
        assert batch["status"] in BATCH_TERMINAL
        files, total = files_of_batch(api, batch_id)
        assert total == len(files) == len({f["id"] for f in files}) == len(batch["leafFiles"])
        assert all(f["status"] in {"processed", "failed"} for f in files), [f["status"] for f in files]


def started_with_user(make_server, name, env=FAST_RETRY):
    """A private deployment (started), a fresh owner on it and one of the owner's users."""
    srv = make_server(env=env, name=name)
    srv.start()
    api = new_owner(srv)
    return srv, api, create_user(api)


def file_processing(api, batch_id):
    files, _ = files_of_batch(api, batch_id)
    return [f for f in files if f["status"] == "processing"]


# --------------------------------------------------------------------------------------------
# A worker dies mid-file
# --------------------------------------------------------------------------------------------

@cluster_only
def test_worker_killed_mid_file_is_finished_once_by_another(make_server):
    srv, api, leaf = started_with_user(make_server, "kill-worker")
    first, second = srv.workers()
    srv.kill_process(second)  # one worker, so the file being converted is surely its
    batch_id = upload_ok(api, OATS.read_bytes(), leaf["id"], provider="JohnDeere")["id"]
    poll(lambda: file_processing(api, batch_id), timeout=120, interval=0.05, what="the file to be converting")
    srv.kill_process(first)
    [replacement] = srv.start_workers(1)
    assert_each_file_once(api, [batch_id])
    [f] = files_of_batch(api, batch_id)[0]
    assert f["status"] == "processed", f
    assert_status(api.get(f"{OPS}/files/{f['id']}/standardGeojson"), 200)
    assert replacement.alive()


# --------------------------------------------------------------------------------------------
# PostgreSQL restarts mid-batch
# --------------------------------------------------------------------------------------------

@cluster_only
def test_postgres_restart_mid_batch_work_resumes(make_server):
    srv, api, leaf = started_with_user(make_server, "pg-restart")
    batches = [upload_ok(api, data, leaf["id"])["id"]
               for data in (OATS.read_bytes(), SMS_WHEAT.read_bytes(), OATS.read_bytes())]
    poll(lambda: file_processing(api, batches[0]), timeout=120, interval=0.05, what="conversion to start")
    postgres = srv.backend.backend.postgres
    postgres.stop("fast")
    try:
        r = api.get(f"{OPS}/batch/{batches[0]}")
        assert_problem(r, 503)
        assert "unavailable" in r.text.lower() or "database" in r.text.lower(), r.text
        time.sleep(2)  # the workers meet the outage too
    finally:
        postgres.start()
    assert_each_file_once(api, batches)
    assert all(p.alive() for p in srv.processes), "a process died with the database"
    assert_status(api.get(f"{OPS}/batch/{batches[0]}"), 200)


# --------------------------------------------------------------------------------------------
# The S3 store is unreachable
# --------------------------------------------------------------------------------------------

@cluster_only
def test_s3_outage_answers_503_and_jobs_retry_until_it_is_back(make_server):
    srv, api, leaf = started_with_user(make_server, "s3-outage")
    done = wait_batch(api, upload_ok(api, SMS_WHEAT.read_bytes(), leaf["id"])["id"], timeout=300)
    [stored] = files_of_batch(api, done["id"])[0]
    download = stored["downloadStandardGeojson"]
    assert_status(api.get(download), 200)
    batch_id = upload_ok(api, OATS.read_bytes(), leaf["id"])["id"]
    poll(lambda: file_processing(api, batch_id), timeout=120, interval=0.05, what="conversion to start")
    s3 = srv.backend.backend.s3
    s3.stop()
    try:
        r = api.get(download)
        assert_problem(r, 503)
        assert "blob store" in r.json()["detail"], r.text
        r = upload(api, SMS_WHEAT.read_bytes(), leaf["id"])
        assert_problem(r, 503)
        for p in srv.api_processes():
            ready = requests.get(f"http://127.0.0.1:{p.port}/health/ready", timeout=30)
            assert ready.status_code == 503 and ready.json()["checks"]["blobs"].startswith("DOWN"), ready.text
        # The conversion meets the outage when it publishes its outputs, and is put back in the queue.
        poll(lambda: any("will retry" in w.read(w.stderr_path) for w in srv.workers()), timeout=120,
             what="a worker to retry the job after the blob store failed")
    finally:
        s3.start()
    assert_each_file_once(api, [batch_id])
    [converted] = files_of_batch(api, batch_id)[0]
    assert converted["status"] == "processed", converted
    assert all(p.alive() for p in srv.processes), "a process died with the blob store"


# --------------------------------------------------------------------------------------------
# The disk under the local blob directory fills up
# --------------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 24 MiB tmpfs: a real filesystem that runs out of space (ENOSPC)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount_point)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {r.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(path: Path) -> Path:
    """Writes zeros until the filesystem is full; returns the filler file."""
    filler = path / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * (1 << 20))
                f.flush()
        except OSError:
            pass
    return filler


def staged_parts(blob_dir: Path) -> list[Path]:
    """Half-written blobs: .part files and anything staged, except the running process's lock file
    that claims its staging directory (core/scratch_dirs.hpp: `proc-<id>.owner`, not data)."""
    return [p for p in blob_dir.rglob("*") if p.is_file() and (p.name.endswith(".part") or ".staging" in p.parts)
            and not (p.name.startswith("proc-") and p.name.endswith(".owner"))]


@single_only
def test_full_disk_fails_cleanly_and_serves_no_half_written_blob(make_server, small_disk):
    blob_dir = small_disk / "blobs"
    srv, api, leaf = started_with_user(make_server, "disk-full",
                                       {"FURROW_BLOBS": f"file://{blob_dir}", "FURROW_JOB_MAX_ATTEMPTS": "2"})

    # 1. The upload fits but the outputs do not (the oats GeoJSON alone is larger than the disk).
    batch = wait_batch(api, upload_ok(api, OATS.read_bytes(), leaf["id"])["id"], timeout=300)
    [f] = files_of_batch(api, batch["id"])[0]
    assert f["status"] == "failed", f
    assert f["statusMessage"].startswith("Leaf internal error"), f
    assert "No space left on device" in f["statusMessage"], f
    r = api.get(f"{OPS}/files/{f['id']}/standardGeojson")
    assert r.status_code in (404, 409), r.text  # no link to an output that was never completed
    assert not staged_parts(blob_dir), staged_parts(blob_dir)

    # 2. A full disk: the upload is refused with 503 and leaves nothing behind.
    before = list_all(api, OPS + "/batch")[1]
    filler = fill(small_disk)
    r = upload(api, SMS_WHEAT.read_bytes(), leaf["id"])
    assert_problem(r, 503)
    assert list_all(api, OPS + "/batch")[1] == before
    assert not staged_parts(blob_dir), staged_parts(blob_dir)

    # 3. Space again: the same server takes the upload.
    os.remove(filler)
    batch = wait_batch(api, upload_ok(api, SMALL_ISOXML.read_bytes(), leaf["id"])["id"], timeout=300)
    assert batch["status"] == "PROCESSED", batch
    assert srv.running
