"""Hostile query strings: over-long URLs and header fields, thousands of repeated parameters, and
SQL-injection-shaped filter and sort values on every list endpoint. Each gets a clear 4xx problem or
a correct answer, and the data is all still there afterwards. test_paging_and_errors.py has the
ordinary bad values (bad page, size, enum, time)."""
import os
import time

import pytest

from conftest import (
    OPS, USERS, assert_problem, assert_status, cn1_entries, create_user, make_zip, new_owner, raw_http, total_count,
    upload_ok, wait_batch,
)


@pytest.fixture(scope="module")
def qapi(server):
    """A fresh owner, so the counts taken here see only this module's data."""
    return new_owner(server, prefix="bad-queries")


# ----------------------------------------------------------------------------------------------
# Huge query strings
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("length", [100_000, 10_000_000], ids=["100KB", "10MB"])
def test_huge_url_is_refused_with_a_problem(server, qapi, length):
    token = qapi.headers()["Authorization"].split()[1]
    head = (f"GET {USERS}/users?name={'a' * length} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\n\r\n")
    started = time.monotonic()
    resp = raw_http("127.0.0.1", server.port, head, timeout=30)
    assert time.monotonic() - started < 15
    assert resp.status == 414, (resp.status, resp.body[:300])
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["status"] == 414
    assert_status(qapi.get("/health"), 200)


def test_huge_header_field_is_431(server):
    head = f"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: {'f' * 100_000}\r\n\r\n"
    resp = raw_http("127.0.0.1", server.port, head, timeout=30)
    assert resp.status == 431, (resp.status, resp.body[:300])
    assert resp.json()["status"] == 431


def test_thousands_of_repeated_parameters_get_a_sane_answer(qapi):
    user = create_user(qapi)
    sizes = [upload_ok(qapi, make_zip([("notes.txt", os.urandom(1000 * (i + 1)))]), user["id"])["size"] for i in range(3)]
    r = qapi.get(USERS + "/users", params=[("name", "x")] * 3000)
    assert_status(r, 200)
    assert r.json() == []
    # Repeating a sort key changes nothing: the first occurrence decides (it was a 500 from SQLite).
    for direction in ("asc", "desc"):
        r = qapi.get(OPS + "/batch", params=[("leafUserId", user["id"])] + [("sort", f"size,{direction}")] * 3000)
        assert_status(r, 200)
        assert [b["size"] for b in r.json()] == sorted(sizes, reverse=direction == "desc")


# ----------------------------------------------------------------------------------------------
# SQL-injection-shaped values on every list endpoint: 400 for typed parameters, an exact match (or
# nothing) for free text; the data is all still there afterwards
# ----------------------------------------------------------------------------------------------

INJECTIONS = ["' OR 1=1 --", "\"; DROP TABLE files; --", "%' --", "x') UNION SELECT * FROM users --"]
FIELDS = "/services/fields/api"
ASSETS = "/services/beta/api/users"

# path template -> ({free-text filter: ...}, {typed filter: ...}); every endpoint also gets `sort`.
LISTS = {
    f"{USERS}/users": (["name", "email", "externalId"], []),
    f"{OPS}/batch": ([], ["leafUserId", "status", "uploadStartTime", "processEndTime"]),
    f"{OPS}/files": (["organizationId", "fileFormat"],
                     ["leafUserId", "provider", "status", "origin", "batchId", "fileId", "createdTime", "minArea",
                      "operationType"]),
    f"{OPS}/operations": (["fieldId"], ["leafUserId", "provider", "startTime", "operationType"]),
    f"{OPS}/files/outsideFieldGeojson": ([], ["leafUserId"]),
    f"{FIELDS}/fields": (["provider"], ["leafUserId", "type"]),
    f"{FIELDS}/users/{{user}}/fields": (["provider"], ["type"]),
    **{f"{ASSETS}/{{user}}/{kind}": (["name", "provider", "serialNumber", "make"], [])
       for kind in ("machines", "implements", "operators")},
}


def counts(api, user_id):
    return {path: total_count(api.get(path.format(user=user_id))) for path in
            (f"{USERS}/users", f"{OPS}/batch", f"{OPS}/files", f"{FIELDS}/fields")}


@pytest.fixture(scope="module")
def injection_user(qapi):
    """A user whose name and externalId are injection strings, with a batch, its file and a field."""
    api = qapi
    user = create_user(api, name=INJECTIONS[0], externalId=INJECTIONS[2])
    wait_batch(api, upload_ok(api, make_zip(cn1_entries("Inj")), user["id"])["id"])
    ring = [[-93.6, 42.0], [-93.59, 42.0], [-93.59, 42.01], [-93.6, 42.01], [-93.6, 42.0]]
    assert_status(api.post(f"{FIELDS}/users/{user['id']}/fields",
                           json={"name": "inj", "geometry": {"type": "Polygon", "coordinates": [ring]}}), 200)
    return user


@pytest.mark.parametrize("path", sorted(LISTS))
def test_injection_shaped_filter_values_are_refused_or_matched_literally(qapi, injection_user, path):
    user = injection_user
    before = counts(qapi, user["id"])
    assert all(before.values()), before
    url = path.format(user=user["id"])
    free, typed = LISTS[path]
    for value in INJECTIONS:
        for param in free:
            r = qapi.get(url, params={param: value})
            assert_status(r, 200)
            literal = {"name": INJECTIONS[0], "externalId": INJECTIONS[2]} if path == f"{USERS}/users" else {}
            expected = [user["id"]] if literal.get(param) == value else []
            assert [item["id"] for item in r.json()] == expected, (param, value, r.text[:300])
        for param in typed + ["sort"]:
            assert_problem(qapi.get(url, params={param: value}), 400, parameter=param)
    assert counts(qapi, user["id"]) == before
