"""POST /batch: the upload contract (response shape, parameters, validation, size limits)."""
import os
import uuid
import zipfile

import pytest

from conftest import (
    BATCH_KEYS, BATCH_UPLOAD_KEYS, OPS, PROVIDERS, Server, assert_problem, assert_status,
    cn1_zip, create_user, is_uuid, make_zip, parse_iso, raw_http, readme_zip, total_count, upload,
    upload_ok, utcnow,
)


def batch_total(api, **params):
    r = api.get(OPS + "/batch", params={**params, "size": 1})
    assert_status(r, 200)
    return total_count(r)


def test_upload_returns_exactly_the_batch_receipt(api, leaf_user):
    data = cn1_zip(1)
    before = utcnow()
    r = upload(api, data, leaf_user["id"], provider="CNHI", filename="my-field-data.zip")
    assert_status(r, 200)
    assert r.headers.get("Content-Type", "").startswith("application/json")
    body = r.json()
    assert set(body) == BATCH_UPLOAD_KEYS, f"keys differ: {sorted(body)}"
    assert is_uuid(body["id"])
    assert body["leafUserId"] == leaf_user["id"]
    assert body["fileName"] == "my-field-data.zip"
    assert body["size"] == len(data) and type(body["size"]) is int
    assert body["provider"] == "CNHI"
    assert body["status"] == "RECEIVED"
    assert body["uploadTimestamp"].endswith("Z")
    ts = parse_iso(body["uploadTimestamp"])
    assert before.timestamp() - 5 <= ts.timestamp() <= utcnow().timestamp() + 5


def test_uploaded_batch_is_readable_and_listed(api, leaf_user):
    receipt = upload_ok(api, cn1_zip(1), leaf_user["id"])
    got = api.get(f"{OPS}/batch/{receipt['id']}")
    assert_status(got, 200)
    batch = got.json()
    assert BATCH_KEYS <= set(batch), f"missing keys: {BATCH_KEYS - set(batch)}"
    for key in ("id", "leafUserId", "fileName", "size", "provider", "uploadTimestamp"):
        assert batch[key] == receipt[key], key
    assert isinstance(batch["leafFiles"], list)
    listed = api.get(OPS + "/batch", params={"leafUserId": leaf_user["id"]})
    assert_status(listed, 200)
    assert [b["id"] for b in listed.json()] == [receipt["id"]]
    assert total_count(listed) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_documented_provider_is_accepted_and_echoed(api, leaf_user, provider):
    body = upload_ok(api, readme_zip(), leaf_user["id"], provider=provider)
    assert body["provider"] == provider


@pytest.mark.parametrize("sent,canonical", [
    ("cnhi", "CNHI"), ("JOHNDEERE", "JohnDeere"), ("climatefieldview", "ClimateFieldView"),
    ("other", "Other"), ("ravenSLINGSHOT", "RavenSlingshot"), ("precisionplanting", "PrecisionPlanting"),
])
def test_provider_is_case_insensitive_and_echoed_canonically(api, leaf_user, sent, canonical):
    body = upload_ok(api, readme_zip(), leaf_user["id"], provider=sent)
    assert body["provider"] == canonical
    assert api.get(f"{OPS}/batch/{body['id']}").json()["provider"] == canonical


def test_leaf_user_and_provider_may_be_form_fields(api, leaf_user):
    data = cn1_zip(1)
    body = upload_ok(api, data, leaf_user["id"], provider="JohnDeere", as_form=True)
    assert body["leafUserId"] == leaf_user["id"]
    assert body["provider"] == "JohnDeere"
    assert body["size"] == len(data)


def test_file_format_hint_is_accepted(api, leaf_user):
    body = upload_ok(api, cn1_zip(1), leaf_user["id"], provider="CNHI", params={"fileFormat": "CN1"})
    assert set(body) == BATCH_UPLOAD_KEYS
    assert body["status"] == "RECEIVED"


def test_size_is_the_exact_byte_count_of_the_upload(api, leaf_user):
    data = make_zip([("Field1.cn1/index.vy1", os.urandom(12345))], compression=zipfile.ZIP_STORED)
    assert upload_ok(api, data, leaf_user["id"])["size"] == len(data)


def test_empty_file_is_accepted_with_size_zero(api, leaf_user):
    body = upload_ok(api, b"", leaf_user["id"], filename="empty.zip")
    assert body["size"] == 0
    assert body["fileName"] == "empty.zip"


# ----------------------------------------------------------------------------------------------
# Rejected uploads: 400 naming the parameter, and nothing stored
# ----------------------------------------------------------------------------------------------

def test_missing_leaf_user_id_is_400(api):
    before = batch_total(api)
    assert_problem(upload(api, cn1_zip(1), None), 400, parameter="leafUserId")
    assert batch_total(api) == before


@pytest.mark.parametrize("bad", ["not-a-uuid", "", "1234", "zzzzzzzz-0000-4000-8000-000000000000"])
def test_malformed_leaf_user_id_is_400(api, bad):
    before = batch_total(api)
    assert_problem(upload(api, cn1_zip(1), bad), 400, parameter="leafUserId")
    assert batch_total(api) == before


def test_nonexistent_leaf_user_id_is_400(api):
    before = batch_total(api)
    assert_problem(upload(api, cn1_zip(1), str(uuid.uuid4())), 400, parameter="leafUserId")
    assert batch_total(api) == before


def test_deleted_leaf_user_cannot_receive_uploads(api):
    user = create_user(api)
    assert api.delete(f"/services/usermanagement/api/users/{user['id']}").status_code == 204
    assert_problem(upload(api, cn1_zip(1), user["id"]), 400, parameter="leafUserId")


def test_missing_provider_is_400(api, leaf_user):
    assert_problem(upload(api, cn1_zip(1), leaf_user["id"], provider=None), 400, parameter="provider")
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


@pytest.mark.parametrize("bad", ["Acme", "", "John Deere", "CNHI;DROP TABLE batch"])
def test_unknown_provider_is_400(api, leaf_user, bad):
    assert_problem(upload(api, cn1_zip(1), leaf_user["id"], provider=bad), 400, parameter="provider")
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


def test_multipart_without_file_part_is_400(api, leaf_user):
    r = upload(api, cn1_zip(1), leaf_user["id"], field="attachment")
    assert_problem(r, 400, parameter="file")
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


def test_multipart_with_only_text_fields_is_400_naming_file(api, leaf_user):
    # requests sends multipart when `files` is given; a text-only part list still lacks `file`.
    r = api.post(OPS + "/batch", files={"leafUserId": (None, leaf_user["id"]), "provider": (None, "Other")})
    assert_problem(r, 400, parameter="file")
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


@pytest.mark.parametrize("ctype,payload", [
    ("application/zip", None),
    ("application/json", b"{\"file\": \"UEsDBA==\"}"),
    ("application/x-www-form-urlencoded", b"file=abc"),
], ids=["raw-zip", "json", "urlencoded"])
def test_non_multipart_upload_is_400(api, leaf_user, ctype, payload):
    payload = cn1_zip(1) if payload is None else payload
    r = api.post(OPS + "/batch", params={"leafUserId": leaf_user["id"], "provider": "Other"},
                 data=payload, headers={"Content-Type": ctype})
    assert_problem(r, 400)
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


def test_truncated_multipart_body_is_400_and_stores_nothing(api, leaf_user):
    boundary = "furrowE2Eboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + cn1_zip(1)  # no closing boundary
    r = api.post(OPS + "/batch", params={"leafUserId": leaf_user["id"], "provider": "Other"},
                 data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert_problem(r, 400)
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


# ----------------------------------------------------------------------------------------------
# Size limits: 413
# ----------------------------------------------------------------------------------------------

def test_content_length_over_default_limit_is_413_before_the_body(server, api, token_a, leaf_user):
    before = batch_total(api)
    head = (f"POST {OPS}/batch?leafUserId={leaf_user['id']}&provider=Other HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{server.port}\r\n"
            f"Authorization: Bearer {token_a}\r\n"
            f"Content-Type: multipart/form-data; boundary=xyzzy\r\n"
            f"Content-Length: 3300000000\r\n\r\n")
    resp = raw_http("127.0.0.1", server.port, head, body=None, timeout=15)
    assert resp.status == 413, f"got {resp.status} {resp.body[:500]!r}"
    assert resp.headers.get("content-type", "").startswith("application/problem+json")
    problem = resp.json()
    assert problem["status"] == 413
    assert batch_total(api) == before
    assert batch_total(api, leafUserId=leaf_user["id"]) == 0


@pytest.fixture(scope="module")
def small_limit_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("furrow-limit") / "data",
                 env={"FURROW_MAX_UPLOAD_BYTES": "1048576"}, name="limit-1MiB")
    srv.create_owner("limit-owner@furrow.test", "limit password")
    srv.start()
    yield srv
    rc = srv.stop()
    assert rc == 0, srv.stderr_text()[-4000:]


def test_upload_over_configured_limit_is_413_and_stores_nothing(small_limit_server):
    srv = small_limit_server
    token = srv.authenticate("limit-owner@furrow.test", "limit password")
    api = srv.api(token)
    user = create_user(api)
    # Control: a small upload passes the same server.
    assert_status(upload(api, cn1_zip(1), user["id"]), 200)
    big = make_zip([("Field1.cn1/index.vy1", os.urandom(2 * 1024 * 1024))], compression=zipfile.ZIP_STORED)
    assert len(big) > 2_000_000
    boundary = "furrowLimitBoundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n"
            f"Content-Type: application/zip\r\n\r\n").encode() + big + f"\r\n--{boundary}--\r\n".encode()
    head = (f"POST {OPS}/batch?leafUserId={user['id']}&provider=Other HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{srv.port}\r\n"
            f"Authorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    resp = raw_http("127.0.0.1", srv.port, head, body=body, timeout=30)
    assert resp.status == 413, f"got {resp.status} {resp.body[:500]!r}"
    assert resp.headers.get("content-type", "").startswith("application/problem+json")
    assert batch_total(api, leafUserId=user["id"]) == 1, "the 413 upload left a batch behind"
    # The server is still healthy afterwards.
    assert_status(api.get(OPS + "/batch"), 200)
