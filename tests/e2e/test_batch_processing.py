"""What the workers make of an upload: data-set detection, FAILED outcomes, hostile archives,
/batch/{id}/status and retry. No format can be converted in this version, so every detected
data set becomes a machine file that ends `failed` and its batch ends FAILED."""
import io
import uuid
import zipfile
from pathlib import Path

import pytest

from conftest import (
    BATCH_KEYS, BATCH_UPLOAD_KEYS, FILE_TERMINAL, NO_VALID_FILES, OPS, UNABLE_TO_READ,
    assert_problem, assert_status, climate_dat_entries, cn1_entries, files_of_batch,
    is_uuid, jd_gen4_entries, make_zip, readme_zip, symlink_info, upload_ok, wait_batch,
    zip_bomb_entries,
)


def batch_status(api, batch_id):
    r = api.get(f"{OPS}/batch/{batch_id}/status")
    assert_status(r, 200)
    return r.json()


def assert_failed_without_files(api, batch, details_prefix=NO_VALID_FILES):
    assert batch["status"] == "FAILED", batch
    assert isinstance(batch.get("statusDetails"), str), f"FAILED batch lacks statusDetails: {batch}"
    assert batch["statusDetails"].startswith(details_prefix), batch["statusDetails"]
    assert batch["leafFiles"] == []
    files, total = files_of_batch(api, batch["id"])
    assert total == 0 and files == [], f"machine files were created: {files}"


def assert_failed_data_sets(api, batch, expected_count):
    """The batch found `expected_count` data sets and none could be read."""
    assert BATCH_KEYS <= set(batch), batch
    assert batch["status"] == "FAILED", batch
    assert batch.get("statusDetails") == UNABLE_TO_READ, batch.get("statusDetails")
    ids = batch["leafFiles"]
    assert len(ids) == expected_count, f"expected {expected_count} machine files, got {ids}"
    assert len(set(ids)) == expected_count, f"duplicate file ids: {ids}"
    assert all(is_uuid(i) for i in ids), ids
    files, total = files_of_batch(api, batch["id"])
    assert total == expected_count
    assert {f["id"] for f in files} == set(ids)
    for f in files:
        assert f["status"] == "failed", f
        assert f["batchId"] == batch["id"]
        assert f["leafUserId"] == batch["leafUserId"]
        assert f["origin"] == "uploaded"
    return files


# ----------------------------------------------------------------------------------------------
# Detection
# ----------------------------------------------------------------------------------------------

def test_zip_without_data_sets_fails_with_no_valid_files_found(api, leaf_user):
    receipt = upload_ok(api, readme_zip(), leaf_user["id"])
    batch = wait_batch(api, receipt["id"])
    assert_failed_without_files(api, batch)
    status = batch_status(api, batch["id"])
    assert status["converted"]["leafFiles"] == []
    assert status["processing"]["leafFiles"] == []
    assert all(step["leafFiles"] == [] for step in status["failed"].values()), status


def test_two_cn1_folders_and_a_dat_file_give_three_failed_machine_files(api, leaf_user):
    entries = (cn1_entries("North40") + cn1_entries("South80", with_dir_entry=True)
               + climate_dat_entries("harvest_2019.dat") + [("README.txt", b"notes")])
    receipt = upload_ok(api, make_zip(entries), leaf_user["id"], provider="Other")
    batch = wait_batch(api, receipt["id"])
    files = assert_failed_data_sets(api, batch, 3)
    formats = sorted(f["fileFormat"] for f in files)
    assert formats.count("CN1") == 2, formats


def test_batch_status_groups_unreadable_files_under_raw_geojson(api, leaf_user):
    data = make_zip(cn1_entries("A") + cn1_entries("B") + climate_dat_entries())
    batch = wait_batch(api, upload_ok(api, data, leaf_user["id"])["id"])
    assert len(batch["leafFiles"]) == 3
    status = batch_status(api, batch["id"])
    assert set(status) == {"converted", "processing", "failed"}, status
    assert status["converted"]["leafFiles"] == []
    assert status["processing"]["leafFiles"] == []
    assert set(status["failed"]) == {"rawGeojson"}, status["failed"]
    raw = status["failed"]["rawGeojson"]
    assert sorted(raw["leafFiles"]) == sorted(batch["leafFiles"])
    assert raw["status"] == "failed"
    assert raw["message"].startswith("Files found but unable to read"), raw["message"]


def test_john_deere_gen4_log_is_one_data_set(api, leaf_user):
    data = make_zip(jd_gen4_entries("2020-10-13_combine") + [("notes.txt", b"x")])
    batch = wait_batch(api, upload_ok(api, data, leaf_user["id"], provider="JohnDeere")["id"])
    assert_failed_data_sets(api, batch, 1)


def test_cn1_folder_inside_a_top_level_folder_is_detected(api, leaf_user):
    data = make_zip(cn1_entries("Field7", prefix="Export 2020/") + [("Export 2020/readme.txt", b"x")])
    batch = wait_batch(api, upload_ok(api, data, leaf_user["id"], provider="CNHI")["id"])
    files = assert_failed_data_sets(api, batch, 1)
    assert files[0]["fileFormat"] == "CN1"


def test_failed_batch_has_every_machine_file_terminal(api, leaf_user):
    data = make_zip([e for i in range(8) for e in cn1_entries(f"P{i}")])
    batch = wait_batch(api, upload_ok(api, data, leaf_user["id"])["id"])
    files = assert_failed_data_sets(api, batch, 8)
    assert all(f["status"] in FILE_TERMINAL for f in files)
    assert batch_status(api, batch["id"])["processing"]["leafFiles"] == []


# ----------------------------------------------------------------------------------------------
# Broken and hostile archives: the whole archive is refused, nothing is created or written
# ----------------------------------------------------------------------------------------------

def test_bytes_that_are_not_a_zip_fail_with_no_valid_files(api, leaf_user):
    receipt = upload_ok(api, b"this is certainly not a zip archive\n" * 50, leaf_user["id"])
    assert_failed_without_files(api, wait_batch(api, receipt["id"]))


def test_empty_upload_fails_with_no_valid_files(api, leaf_user):
    receipt = upload_ok(api, b"", leaf_user["id"])
    assert_failed_without_files(api, wait_batch(api, receipt["id"]))


def test_truncated_zip_fails_with_no_valid_files(api, leaf_user):
    data = make_zip(cn1_entries("Cut"))
    receipt = upload_ok(api, data[: len(data) // 2], leaf_user["id"])
    assert_failed_without_files(api, wait_batch(api, receipt["id"]))


def files_named(root: Path, name: str):
    return [p for p in root.rglob(name)]


def test_path_traversal_entry_rejects_archive(server, api, leaf_user):
    marker = f"furrow-e2e-evil-{uuid.uuid4().hex[:8]}.txt"
    entries = cn1_entries("Good") + [(f"../{marker}", b"escaped!"), (f"../../{marker}", b"escaped!")]
    batch = wait_batch(api, upload_ok(api, make_zip(entries), leaf_user["id"])["id"])
    assert_failed_without_files(api, batch)
    assert "traversal" in batch["statusDetails"].lower(), batch["statusDetails"]
    sandbox = server.data_dir.parent.parent  # the pytest base temp dir holding every data dir
    assert files_named(sandbox, marker) == []
    assert not (Path("/tmp") / marker).exists()


def test_absolute_path_entry_rejects_archive(api, leaf_user):
    target = Path("/tmp") / f"furrow-e2e-abs-{uuid.uuid4().hex[:8]}.txt"
    entries = cn1_entries("Good") + [(str(target), b"written outside")]
    data = make_zip(entries)
    assert str(target) in zipfile.ZipFile(io.BytesIO(data)).namelist()
    batch = wait_batch(api, upload_ok(api, data, leaf_user["id"])["id"])
    assert_failed_without_files(api, batch)
    details = batch["statusDetails"].lower()
    assert "absolute" in details or "traversal" in details, batch["statusDetails"]
    assert not target.exists()


def test_symlink_entry_rejects_archive(api, leaf_user):
    entries = cn1_entries("Good") + [(symlink_info("Good.cn1/0003.vy1"), b"/etc/passwd")]
    batch = wait_batch(api, upload_ok(api, make_zip(entries), leaf_user["id"])["id"])
    assert_failed_without_files(api, batch)
    assert "symlink" in batch["statusDetails"].lower() or "symbolic link" in batch["statusDetails"].lower(), \
        batch["statusDetails"]


def test_high_compression_ratio_entry_rejects_archive_as_zip_bomb(api, leaf_user):
    data = make_zip(cn1_entries("Good") + zip_bomb_entries("Good.cn1/0009.vy1", megabytes=60))
    assert len(data) < 1_000_000, "the bomb should be small on the wire"
    batch = wait_batch(api, upload_ok(api, data, leaf_user["id"])["id"], timeout=90)
    assert_failed_without_files(api, batch)
    details = batch["statusDetails"].lower()
    assert any(k in details for k in ("bomb", "expand", "ratio")), batch["statusDetails"]


# ----------------------------------------------------------------------------------------------
# Retry
# ----------------------------------------------------------------------------------------------

def test_retry_reprocesses_and_keeps_the_same_machine_files(api, leaf_user):
    data = make_zip(cn1_entries("R1") + cn1_entries("R2") + climate_dat_entries())
    first = wait_batch(api, upload_ok(api, data, leaf_user["id"])["id"])
    assert_failed_data_sets(api, first, 3)
    for attempt in range(2):
        r = api.put(f"{OPS}/batch/{first['id']}/retry")
        assert_status(r, 200)
        body = r.json()
        assert BATCH_UPLOAD_KEYS <= set(body), body
        assert body["id"] == first["id"]
        assert body["status"] == "RECEIVED"
        assert body["size"] == first["size"] and body["fileName"] == first["fileName"]
        again = wait_batch(api, first["id"])
        assert_failed_data_sets(api, again, 3)
        assert sorted(again["leafFiles"]) == sorted(first["leafFiles"]), f"retry {attempt} changed files"


def test_retry_of_a_batch_without_data_sets_fails_again(api, leaf_user):
    first = wait_batch(api, upload_ok(api, readme_zip(), leaf_user["id"])["id"])
    assert_failed_without_files(api, first)
    r = api.put(f"{OPS}/batch/{first['id']}/retry")
    assert_status(r, 200)
    assert r.json()["status"] == "RECEIVED"
    assert_failed_without_files(api, wait_batch(api, first["id"]))


def test_retry_of_unknown_batch_is_404(api):
    assert_problem(api.put(f"{OPS}/batch/{uuid.uuid4()}/retry"), 404)


# ----------------------------------------------------------------------------------------------
# Lookups of single batches
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "/status"])
def test_unknown_batch_is_404(api, suffix):
    assert_problem(api.get(f"{OPS}/batch/{uuid.uuid4()}{suffix}"), 404)


@pytest.mark.parametrize("method,suffix", [("GET", ""), ("GET", "/status"), ("PUT", "/retry")])
def test_malformed_batch_id_is_400_naming_id(api, method, suffix):
    assert_problem(api.request(method, f"{OPS}/batch/not-a-uuid{suffix}"), 400, parameter="id")
