"""Server lifecycle and crash safety. Each test runs its own server(s) on a private data dir.

The crash tests SIGKILL a server while it holds queued and leased jobs, start a new server on the
same data dir (FURROW_JOB_LEASE_SECONDS=2, so abandoned leases expire quickly) and check that
every upload acknowledged before the crash is processed exactly once: no lost batch, no
duplicate machine file, no file left `processing`."""
import io
import time
import zipfile


from conftest import (
    BATCH_STATUSES, BATCH_TERMINAL, OPS, UNABLE_TO_READ, USERS, assert_status, cn1_zip, create_user,
    files_of_batch, list_all, poll, readme_zip, single_only, total_count, upload_ok, wait_batch,
)

OWNER = ("crash-owner@furrow.test", "crash owner password")
CRASH_ENV = {"FURROW_JOB_LEASE_SECONDS": "2", "FURROW_WORKERS": "2"}
DATASETS_PER_BATCH = 60
BATCHES = 4


def start_with_owner(make_server, env=None, name="private", **kw):
    srv = make_server(env=env, name=name, **kw)
    srv.create_owner(*OWNER)
    srv.start()
    return srv, srv.api(srv.authenticate(*OWNER))


def assert_clean_stop(srv):
    rc = srv.stop(timeout=10)
    assert rc == 0, f"exit code {rc} after SIGTERM\n{srv.stderr_text()[-6000:]}"
    reports = srv.sanitizer_reports()
    assert not reports, f"sanitizer reports: {reports}\n{srv.all_stderr()[-8000:]}"


def wait_all_terminal(api, batch_ids, timeout):
    def all_done():
        batches = []
        for bid in batch_ids:
            r = api.get(f"{OPS}/batch/{bid}")
            assert_status(r, 200)
            b = r.json()
            assert b["status"] in BATCH_STATUSES, b
            if b["status"] not in BATCH_TERMINAL:
                return None
            batches.append(b)
        return batches
    return poll(all_done, timeout=timeout, interval=0.5, what=f"{len(batch_ids)} batches to finish")


def assert_exactly_once(api, leaf_user_id, receipts, per_batch):
    batches = wait_all_terminal(api, [r["id"] for r in receipts], timeout=120)
    # Every acknowledged upload survived, with its metadata.
    listed = api.get(OPS + "/batch", params={"leafUserId": leaf_user_id, "size": 100})
    assert_status(listed, 200)
    assert total_count(listed) == len(receipts)
    assert sorted(b["id"] for b in listed.json()) == sorted(r["id"] for r in receipts)
    by_id = {b["id"]: b for b in batches}
    all_file_ids = []
    for receipt in receipts:
        b = by_id[receipt["id"]]
        for key in ("leafUserId", "fileName", "size", "provider", "uploadTimestamp"):
            assert b[key] == receipt[key], (key, b, receipt)
        assert b["status"] == "FAILED", b
        assert b.get("statusDetails") == UNABLE_TO_READ, b.get("statusDetails")
        ids = b["leafFiles"]
        assert len(ids) == per_batch, f"batch {b['id']}: {len(ids)} leafFiles, expected {per_batch}"
        assert len(set(ids)) == per_batch, f"batch {b['id']} lists duplicate file ids"
        files, total = files_of_batch(api, b["id"])
        assert total == per_batch, f"batch {b['id']}: /files?batchId total {total}, expected {per_batch}"
        assert len(files) == per_batch
        assert {f["id"] for f in files} == set(ids)
        not_failed = [(f["id"], f["status"]) for f in files if f["status"] != "failed"]
        assert not not_failed, f"files not terminal/failed after recovery: {not_failed[:5]}"
        status = api.get(f"{OPS}/batch/{b['id']}/status").json()
        assert status["processing"]["leafFiles"] == []
        assert sorted(status["failed"]["rawGeojson"]["leafFiles"]) == sorted(ids)
        # One file per batch: its steps are complete and its original data set is intact.
        sample = api.get(f"{OPS}/files/{ids[0]}").json()
        steps = api.get(f"{OPS}/files/{ids[0]}/status").json()
        assert steps["originalFile"]["status"] == "processed" and steps["rawGeojson"]["status"] == "failed", steps
        dl = api.get(sample["downloadOriginalFile"])
        assert_status(dl, 200)
        with zipfile.ZipFile(io.BytesIO(dl.content)) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            assert names and any(n.endswith(".cn1/index.vy1") for n in names), names
            assert zf.testzip() is None
        all_file_ids += ids
    assert len(set(all_file_ids)) == len(all_file_ids), "a machine file is shared between batches"
    everything, total = list_all(api, OPS + "/files", {"leafUserId": leaf_user_id})
    assert total == per_batch * len(receipts)
    assert sorted(f["id"] for f in everything) == sorted(all_file_ids)


def crash_and_recover(make_server, kill_delays):
    """Uploads, then for each delay: sleep, SIGKILL, start again on the same data dir."""
    srv, api = start_with_owner(make_server, env=CRASH_ENV, name="crash")
    leaf = create_user(api)
    receipts = [upload_ok(api, cn1_zip(DATASETS_PER_BATCH, prefix=f"B{i}Field"), leaf["id"],
                          provider="CNHI", filename=f"crash-{i}.zip")
                for i in range(BATCHES)]
    for delay in kill_delays:
        if delay:
            time.sleep(delay)  # let the workers get busy (leases held, files half made)
        srv.kill()
        srv.start()  # same data dir, new process; `api` follows the server's new port
    assert_exactly_once(api, leaf["id"], receipts, DATASETS_PER_BATCH)
    # The recovered server is healthy and keeps working.
    fresh = wait_batch(api, upload_ok(api, cn1_zip(2), leaf["id"])["id"])
    assert fresh["status"] == "FAILED" and len(fresh["leafFiles"]) == 2
    assert_clean_stop(srv)


def test_sigkill_right_after_uploads_loses_and_duplicates_nothing(make_server):
    crash_and_recover(make_server, kill_delays=[0])


def test_sigkill_while_workers_are_busy_loses_and_duplicates_nothing(make_server):
    crash_and_recover(make_server, kill_delays=[0.3])


def test_sigkill_again_during_recovery_loses_and_duplicates_nothing(make_server):
    # The second server dies too, while it holds the re-claimed jobs of the first.
    crash_and_recover(make_server, kill_delays=[0.3, 2.5])


def test_sigterm_with_work_in_flight_exits_zero_and_work_resumes(make_server):
    srv, api = start_with_owner(make_server, env=CRASH_ENV, name="term-busy")
    leaf = create_user(api)
    receipts = [upload_ok(api, cn1_zip(DATASETS_PER_BATCH, prefix=f"T{i}Field"), leaf["id"],
                          filename=f"term-{i}.zip") for i in range(2)]
    started = time.monotonic()
    rc = srv.stop(timeout=10)
    assert rc == 0, f"exit code {rc}\n{srv.stderr_text()[-6000:]}"
    assert time.monotonic() - started < 10
    srv.start()
    assert_exactly_once(api, leaf["id"], receipts, DATASETS_PER_BATCH)
    assert_clean_stop(srv)


def test_server_announces_listen_address_on_stdout(make_server):
    srv, _ = start_with_owner(make_server, name="announce")
    for proc in srv.api_processes():
        expected = f"furrow: listening on http://127.0.0.1:{proc.port}"
        poll(lambda: expected in proc.read(proc.stdout_path).splitlines(), timeout=5,
             what=f"{expected!r} on stdout (is stdout flushed?)")
    assert_clean_stop(srv)


def test_sigterm_exits_zero_and_data_survives_restart(make_server):
    srv, api = start_with_owner(make_server, name="restart")
    leaf = create_user(api)
    batch = wait_batch(api, upload_ok(api, cn1_zip(3), leaf["id"])["id"])
    assert len(batch["leafFiles"]) == 3
    empty = wait_batch(api, upload_ok(api, readme_zip(), leaf["id"])["id"])
    assert_clean_stop(srv)

    srv.start()
    got_user = api.get(f"{USERS}/users/{leaf['id']}")
    assert_status(got_user, 200)
    assert got_user.json()["email"] == leaf["email"]
    assert api.get(f"{OPS}/batch/{batch['id']}").json() == batch
    assert api.get(f"{OPS}/batch/{empty['id']}").json() == empty
    files, total = files_of_batch(api, batch["id"])
    assert total == 3 and {f["id"] for f in files} == set(batch["leafFiles"])
    # A new login still works, and so does a token issued before the restart.
    assert srv.authenticate(*OWNER)
    assert_clean_stop(srv)


@single_only  # API nodes of a cluster share a configured FURROW_JWT_SECRET (docs/DEPLOY.md)
def test_jwt_secret_is_persisted_when_not_configured(make_server):
    """Without FURROW_JWT_SECRET the server must keep its signing key across restarts,
    or every client would be logged out by a restart."""
    srv = make_server(name="no-secret", jwt_secret=None)
    srv.create_owner(*OWNER)
    srv.start()
    token = srv.authenticate(*OWNER)
    api = srv.api(token)
    assert_status(api.get(OPS + "/batch"), 200)
    assert_clean_stop(srv)
    srv.start()
    assert_status(api.get(OPS + "/batch"), 200)
    cli = srv.cli("admin", "token", "--username", OWNER[0])
    assert cli.returncode == 0, cli.stderr
    assert_status(srv.api(cli.stdout.strip()).get(OPS + "/batch"), 200)
    assert_clean_stop(srv)
