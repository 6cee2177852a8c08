"""Issue #16 point 3: the same data set uploaded again is recognised by its content hash, linked to the
first upload (batch `duplicateFiles`, file `duplicateOf`) and joins operations once: the attack run's
50 uploads of one zip made an operation holding every point 50 times.

The operation's points are compared with the first upload's own standardGeojson (cleanup off, and a
field around every point, so the operation is exactly that file's points)."""
from __future__ import annotations

import io
import zipfile

from conftest import DATA_DIR, OPS, create_user, list_all, new_owner, upload_ok, wait_batch
from test_operations import create_field, operation_features, standard_features, wait_file, wait_operations, west_part

SEEDING = DATA_DIR / "jd-opscenter-wheat-seeding" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Wheat (Hrd Rd Spr) seeding.zip"


def moved_into_folder(data: bytes, folder: str) -> bytes:
    """The same entries under another top folder, in a freshly written zip: other zip bytes, same data set."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            if not info.is_dir():
                dst.writestr(f"{folder}/{info.filename}", src.read(info))
    return out.getvalue()


def upload(api, user_id: str, data: bytes) -> tuple[dict, dict]:
    return finished(api, upload_ok(api, data, user_id, provider="Other", filename=SEEDING.name))


def finished(api, batch: dict) -> tuple[dict, dict]:
    """The batch once processed, with its one file once processed."""
    batch = wait_batch(api, batch["id"], timeout=240)
    assert batch["status"] == "PROCESSED", batch
    files, _ = list_all(api, OPS + "/files", {"batchId": batch["id"]})
    assert len(files) == 1, files
    return api.get(f"{OPS}/batch/{batch['id']}").json(), wait_file(api, files[0]["id"])


def test_the_same_data_set_again_is_linked_to_the_first_and_joins_no_operation(server):
    api = new_owner(server, {"cleanupStandardGeojson": False}, prefix="dupes")
    user = create_user(api)
    data = SEEDING.read_bytes()
    first_batch, first = upload(api, user["id"], data)
    assert "duplicateFiles" not in first_batch and "duplicateOf" not in first

    batch, again = upload(api, user["id"], data)
    assert again["duplicateOf"] == first["id"], again
    assert batch["duplicateFiles"] == [{"fileId": again["id"], "duplicateOf": first["id"]}], batch

    features = standard_features(api, first["id"])
    create_field(api, user["id"], west_part(features, share=1.0), name="around every point")
    [op] = wait_operations(api, user["id"], 1)
    assert op["files"] == [first["id"]], op
    points = operation_features(api, op["id"])
    assert len(points) == len(features)
    assert sorted(p["geometry"]["coordinates"][:2] for p in points) == sorted(f["geometry"]["coordinates"][:2] for f in features)

    # Another leaf user's uploads of the same data set are no duplicates of this user's file; two of
    # them sent at once (in the cluster topology unpacked by two processes together), one of them
    # zipped anew under another folder, make one original and one duplicate.
    other = create_user(api)
    sent = [upload_ok(api, body, other["id"], provider="Other", filename=SEEDING.name)
            for body in (data, moved_into_folder(data, "copy"))]
    theirs = [f for _, f in (finished(api, batch) for batch in sent)]
    originals = [f for f in theirs if "duplicateOf" not in f]
    assert len(originals) == 1, theirs
    assert [f["duplicateOf"] for f in theirs if f is not originals[0]] == [originals[0]["id"]]
