"""Owner isolation: owner B can neither see nor touch owner A's users, batches and files."""
import pytest

from conftest import (
    OPS, OWNER_B, USERS, assert_problem, assert_status, cn1_zip, create_user, files_of_batch,
    list_all, readme_zip, upload, upload_ok, wait_batch,
)


@pytest.fixture(scope="module")
def a_things(api):
    user = create_user(api)
    batch = wait_batch(api, upload_ok(api, cn1_zip(2), user["id"])["id"])
    files, total = files_of_batch(api, batch["id"])
    assert total == 2
    file = api.get(f"{OPS}/files/{files[0]['id']}").json()
    return {"user": user, "batch": batch, "file": file}


@pytest.fixture(scope="module")
def b_things(api_b):
    user = create_user(api_b)
    batch = wait_batch(api_b, upload_ok(api_b, readme_zip(), user["id"])["id"])
    return {"user": user, "batch": batch}


def test_b_cannot_read_a_user(api_b, a_things):
    assert_problem(api_b.get(f"{USERS}/users/{a_things['user']['id']}"), 404)


def test_b_cannot_replace_or_delete_a_user(api, api_b, a_things):
    uid = a_things["user"]["id"]
    assert_problem(api_b.put(f"{USERS}/users/{uid}", json={"name": "stolen", "email": "x@example.com"}), 404)
    assert_problem(api_b.put(f"{USERS}/users", json={"id": uid, "name": "stolen", "email": "x@example.com"}), 404)
    assert_problem(api_b.delete(f"{USERS}/users/{uid}"), 404)
    still = api.get(f"{USERS}/users/{uid}")
    assert_status(still, 200)
    assert still.json()["name"] == a_things["user"]["name"]


def test_b_cannot_read_retry_or_inspect_a_batch(api, api_b, a_things):
    bid = a_things["batch"]["id"]
    assert_problem(api_b.get(f"{OPS}/batch/{bid}"), 404)
    assert_problem(api_b.get(f"{OPS}/batch/{bid}/status"), 404)
    assert_problem(api_b.put(f"{OPS}/batch/{bid}/retry"), 404)
    # B's retry attempt did not touch A's batch.
    assert api.get(f"{OPS}/batch/{bid}").json()["status"] == "FAILED"


def test_b_gets_404_on_every_route_of_a_file(api_b, a_things):
    f = a_things["file"]
    for suffix in ("", "/status", "/summary", "/units"):
        assert_problem(api_b.get(f"{OPS}/files/{f['id']}{suffix}"), 404)
    assert_problem(api_b.get(f["downloadOriginalFile"]), 404)


def test_b_lists_show_none_of_a_things(api_b, a_things, b_things):
    users, _ = list_all(api_b, USERS + "/users")
    batches, _ = list_all(api_b, OPS + "/batch")
    files, _ = list_all(api_b, OPS + "/files")
    assert a_things["user"]["id"] not in {u["id"] for u in users}
    assert b_things["user"]["id"] in {u["id"] for u in users}
    assert a_things["batch"]["id"] not in {b["id"] for b in batches}
    assert b_things["batch"]["id"] in {b["id"] for b in batches}
    assert not set(a_things["batch"]["leafFiles"]) & {f["id"] for f in files}
    assert all(b["leafUserId"] != a_things["user"]["id"] for b in batches)


def test_b_filtering_by_a_ids_finds_nothing(api_b, a_things):
    for path, params in ((OPS + "/batch", {"leafUserId": a_things["user"]["id"]}),
                         (OPS + "/files", {"leafUserId": a_things["user"]["id"]}),
                         (OPS + "/files", {"batchId": a_things["batch"]["id"]}),
                         (OPS + "/files", {"fileId": a_things["file"]["id"]}),
                         (USERS + "/users", {"email": a_things["user"]["email"]})):
        r = api_b.get(path, params=params)
        assert_status(r, 200)
        assert r.json() == [], (path, params, r.text[:300])
        assert r.headers.get("X-Total-Count") == "0"


def test_b_cannot_upload_for_a_user(api, api_b, a_things):
    before = api.get(OPS + "/batch", params={"leafUserId": a_things["user"]["id"]})
    assert_problem(upload(api_b, cn1_zip(1), a_things["user"]["id"]), 400, parameter="leafUserId")
    after = api.get(OPS + "/batch", params={"leafUserId": a_things["user"]["id"]})
    assert after.headers["X-Total-Count"] == before.headers["X-Total-Count"]


def test_b_own_objects_carry_b_username(api_b, b_things):
    # B's batch found no data set, so use a fresh one with a CN1 folder.
    batch = wait_batch(api_b, upload_ok(api_b, cn1_zip(1), b_things["user"]["id"])["id"])
    files, _ = files_of_batch(api_b, batch["id"])
    assert len(files) == 1
    f = api_b.get(f"{OPS}/files/{files[0]['id']}").json()
    assert f["apiOwnerUsername"] == OWNER_B[0]


def test_a_cannot_see_b_things_either(api, b_things):
    assert_problem(api.get(f"{USERS}/users/{b_things['user']['id']}"), 404)
    assert_problem(api.get(f"{OPS}/batch/{b_things['batch']['id']}"), 404)
