"""List conventions (page/size/sort, X-Total-Count, Link), /batch list filters and problem+json errors."""
import datetime as dt
import uuid
import zipfile

import pytest

from conftest import (
    OPS, USERS, Server, assert_problem, assert_status, create_user, iso, make_zip, parse_iso, parse_links,
    total_count, unique, upload_ok, utcnow, wait_batch,
)

BATCH_SORT_FIELDS = ["id", "leafUserId", "fileName", "size", "provider", "status", "uploadTimestamp"]


def check_links(r, page, size, total, kept: dict):
    """Link header of page `page` of a list of `total` items, `size` per page."""
    links = parse_links(r)
    last = max((total + size - 1) // size - 1, 0)
    assert {"first", "last"} <= set(links), f"Link: {r.headers.get('Link')!r}"
    assert links["first"]["page"] == ["0"] and links["first"]["size"] == [str(size)]
    assert links["last"]["page"] == [str(last)] and links["last"]["size"] == [str(size)]
    if page < last:
        assert links["next"]["page"] == [str(page + 1)], links
    else:
        assert "next" not in links, links
    if page > 0:
        assert links["prev"]["page"] == [str(page - 1)], links
    else:
        assert "prev" not in links, links
    for rel, query in links.items():
        for key, value in kept.items():
            expected = value if isinstance(value, list) else [value]
            assert query.get(key) == expected, f"rel={rel} lost {key}: {query}"


# ----------------------------------------------------------------------------------------------
# Paging on /users
# ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def five_namesakes(api):
    name = unique("Pager")
    return name, [create_user(api, name=name)["id"] for _ in range(5)]


def test_pages_partition_the_list(api, five_namesakes):
    name, ids = five_namesakes
    seen = []
    for page, expected_len in ((0, 2), (1, 2), (2, 1)):
        r = api.get(USERS + "/users", params={"name": name, "page": page, "size": 2})
        assert_status(r, 200)
        assert total_count(r) == 5
        chunk = r.json()
        assert len(chunk) == expected_len, (page, chunk)
        seen += [u["id"] for u in chunk]
        check_links(r, page, 2, 5, {"name": name})
    assert sorted(seen) == sorted(ids), "pages overlap or miss items"


def test_page_past_the_end_is_empty_with_total(api, five_namesakes):
    name, _ = five_namesakes
    r = api.get(USERS + "/users", params={"name": name, "page": 7, "size": 2})
    assert_status(r, 200)
    assert r.json() == []
    assert total_count(r) == 5


def test_default_page_size_is_20_and_first_page_is_0(api, five_namesakes):
    name, ids = five_namesakes
    r = api.get(USERS + "/users", params={"name": name})
    assert_status(r, 200)
    assert sorted(u["id"] for u in r.json()) == sorted(ids)
    check_links(r, 0, 20, 5, {"name": name})


def test_default_page_size_caps_at_20_items(api):
    name = unique("Crowd")
    for _ in range(21):
        create_user(api, name=name)
    r = api.get(USERS + "/users", params={"name": name})
    assert len(r.json()) == 20
    assert total_count(r) == 21
    check_links(r, 0, 20, 21, {"name": name})


def test_size_100_is_allowed(api):
    r = api.get(USERS + "/users", params={"size": 100})
    assert_status(r, 200)
    assert len(r.json()) <= 100


def test_empty_list_has_zero_total_and_no_next(api):
    r = api.get(USERS + "/users", params={"name": unique("Nobody"), "size": 5})
    assert_status(r, 200)
    assert r.json() == []
    assert total_count(r) == 0
    check_links(r, 0, 5, 0, {})


# ----------------------------------------------------------------------------------------------
# /batch list: filters and sort
# ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def batch_set(api):
    """Five terminal (FAILED) batches of one user with distinct sizes, names and two providers."""
    user = create_user(api)
    started = utcnow()
    receipts = []
    for i, provider in enumerate(["CNHI", "Other", "CNHI", "Other", "JohnDeere"]):
        data = make_zip([("README.txt", b"x" * (100 * (i + 1)))], compression=zipfile.ZIP_STORED)
        receipts.append(upload_ok(api, data, user["id"], provider=provider, filename=f"upload-{i}.zip"))
    batches = [wait_batch(api, r["id"]) for r in receipts]
    return {"user": user, "batches": batches, "started": started}


def batch_ids(api, **params):
    r = api.get(OPS + "/batch", params={**params, "size": 100})
    assert_status(r, 200)
    assert total_count(r) == len(r.json())
    return [b["id"] for b in r.json()]


def test_batch_list_filters_by_leaf_user(api, batch_set):
    assert sorted(batch_ids(api, leafUserId=batch_set["user"]["id"])) == sorted(b["id"] for b in batch_set["batches"])
    assert batch_ids(api, leafUserId=str(uuid.uuid4())) == []


def test_batch_list_filters_by_status(api, batch_set):
    user = batch_set["user"]["id"]
    assert len(batch_ids(api, leafUserId=user, status="FAILED")) == 5
    assert batch_ids(api, leafUserId=user, status="PROCESSED") == []
    assert batch_ids(api, leafUserId=user, status="RECEIVED") == []


def test_batch_list_filters_by_upload_time(api, batch_set):
    user = batch_set["user"]["id"]
    past = iso(batch_set["started"] - dt.timedelta(minutes=5))
    future = iso(utcnow() + dt.timedelta(hours=1))
    assert len(batch_ids(api, leafUserId=user, uploadStartTime=past)) == 5
    assert batch_ids(api, leafUserId=user, uploadStartTime=future) == []
    assert len(batch_ids(api, leafUserId=user, uploadEndTime=future)) == 5
    assert batch_ids(api, leafUserId=user, uploadEndTime=past) == []
    # A window around one batch's own timestamp selects at least that batch.
    one = batch_set["batches"][2]
    t = parse_iso(one["uploadTimestamp"])
    window = batch_ids(api, leafUserId=user, uploadStartTime=iso(t - dt.timedelta(seconds=1)),
                       uploadEndTime=iso(t + dt.timedelta(seconds=1)))
    assert one["id"] in window


def test_batch_list_filters_by_process_time(api, batch_set):
    user = batch_set["user"]["id"]
    past = iso(batch_set["started"] - dt.timedelta(minutes=5))
    future = iso(utcnow() + dt.timedelta(hours=1))
    assert len(batch_ids(api, leafUserId=user, processStartTime=past)) == 5
    assert batch_ids(api, leafUserId=user, processStartTime=future) == []
    assert len(batch_ids(api, leafUserId=user, processEndTime=future)) == 5
    assert batch_ids(api, leafUserId=user, processEndTime=past) == []


@pytest.mark.parametrize("field", BATCH_SORT_FIELDS)
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_every_documented_batch_sort_field_is_accepted(api, batch_set, field, direction):
    r = api.get(OPS + "/batch", params={"leafUserId": batch_set["user"]["id"], "sort": f"{field},{direction}"})
    assert_status(r, 200)
    assert len(r.json()) == 5


def test_sort_by_size_orders_both_ways(api, batch_set):
    params = {"leafUserId": batch_set["user"]["id"]}
    asc = api.get(OPS + "/batch", params={**params, "sort": "size,asc"}).json()
    desc = api.get(OPS + "/batch", params={**params, "sort": "size,desc"}).json()
    assert [b["size"] for b in asc] == sorted(b["size"] for b in batch_set["batches"])
    assert [b["id"] for b in desc] == [b["id"] for b in reversed(asc)]


def test_sort_by_file_name(api, batch_set):
    r = api.get(OPS + "/batch", params={"leafUserId": batch_set["user"]["id"], "sort": "fileName,desc"})
    assert [b["fileName"] for b in r.json()] == [f"upload-{i}.zip" for i in (4, 3, 2, 1, 0)]


def test_repeated_sort_applies_keys_in_order(api, batch_set):
    r = api.get(OPS + "/batch", params=[("leafUserId", batch_set["user"]["id"]),
                                        ("sort", "provider,asc"), ("sort", "size,desc")])
    assert_status(r, 200)
    got = [(b["provider"], b["size"]) for b in r.json()]
    expected = sorted(((b["provider"], b["size"]) for b in batch_set["batches"]), key=lambda p: (p[0], -p[1]))
    assert got == expected


def test_batch_links_keep_filters_and_sort(api, batch_set):
    user = batch_set["user"]["id"]
    r = api.get(OPS + "/batch", params={"leafUserId": user, "sort": "size,desc", "page": 1, "size": 2})
    assert_status(r, 200)
    assert total_count(r) == 5
    assert [b["size"] for b in r.json()] == sorted((b["size"] for b in batch_set["batches"]), reverse=True)[2:4]
    check_links(r, 1, 2, 5, {"leafUserId": user, "sort": "size,desc"})


# ----------------------------------------------------------------------------------------------
# Bad list parameters: 400 naming the parameter
# ----------------------------------------------------------------------------------------------

BAD_BATCH_QUERIES = [
    ("leafUserId", "abc"), ("status", "DONE"), ("status", "PROCESSING-ish"),
    ("uploadStartTime", "2020-13-45"), ("uploadEndTime", "yesterday"),
    ("processStartTime", "2020-01-01T24:61:00Z"), ("processEndTime", "2021-02-29"),
    ("page", "-1"), ("page", "abc"), ("page", "99999999999999999999999"), ("size", "101"), ("size", "0"),
    ("size", "-5"), ("size", "1e2"), ("sort", "bogus,asc"), ("sort", "size,up"), ("sort", "fileSize,desc"),
]

BAD_USER_QUERIES = [("page", "-1"), ("page", "x"), ("size", "101"), ("size", "0"), ("sort", "bogus,asc")]


@pytest.mark.parametrize("param,value", BAD_BATCH_QUERIES, ids=[f"{p}={v}" for p, v in BAD_BATCH_QUERIES])
def test_bad_batch_query_value_is_400_naming_parameter(api, param, value):
    assert_problem(api.get(OPS + "/batch", params={param: value}), 400, parameter=param)


@pytest.mark.parametrize("param,value", BAD_USER_QUERIES, ids=[f"{p}={v}" for p, v in BAD_USER_QUERIES])
def test_bad_user_query_value_is_400_naming_parameter(api, param, value):
    assert_problem(api.get(USERS + "/users", params={param: value}), 400, parameter=param)


def test_one_bad_sort_among_good_ones_is_400(api):
    r = api.get(OPS + "/batch", params=[("sort", "size,asc"), ("sort", "nope,desc")])
    assert_problem(r, 400, parameter="sort")


# ----------------------------------------------------------------------------------------------
# Errors are problem+json, and bad input never yields a 5xx
# ----------------------------------------------------------------------------------------------

def test_unknown_route_is_404_problem(api):
    assert_problem(api.get(OPS + "/no-such-thing"), 404)


def deep_json(depth):
    return b"[" * depth + b"]" * depth


ODD_REQUESTS = [
    ("GET", OPS + "/files", {"params": {"leafUserId": "\x00"}}),
    ("GET", USERS + "/users", {"params": {"name": "\udcff".encode("utf-8", "surrogatepass")}}),
    ("GET", OPS + "/batch", {"params": {"sort": ""}}),
    ("GET", OPS + "/batch", {"params": {"sort": "size,asc,extra"}}),
    ("GET", OPS + "/batch", {"params": {"sort": ","}}),
    ("GET", OPS + "/files", {"params": {"minArea": "NaN"}}),
    ("GET", OPS + "/files", {"params": {"minArea": "1e999"}}),
    ("GET", OPS + "/files", {"params": {"createdTime": "9999999-01-01T00:00:00Z"}}),
    ("GET", OPS + "/batch/..%2F..%2Fetc%2Fpasswd", {}),
    ("POST", USERS + "/users", {"json": {"name": 5, "email": ["x"], "phone": {"a": 1}}}),
    ("POST", USERS + "/users", {"data": b"null", "headers": {"Content-Type": "application/json"}}),
    ("POST", USERS + "/users", {"data": "{\"name\": \"\\ud800\"}".encode(), "headers": {"Content-Type": "application/json"}}),
    ("POST", USERS + "/users", {"data": deep_json(20000), "headers": {"Content-Type": "application/json"}}),
    ("POST", "/api/authenticate", {"json": {"username": 1, "password": None}}),
    ("POST", OPS + "/batch", {"params": {"provider": "Other"}, "data": b"--x\r\n\r\n",
                              "headers": {"Content-Type": "multipart/form-data; boundary=x"}}),
    ("POST", OPS + "/batch", {"data": b"abc", "headers": {"Content-Type": "multipart/form-data"}}),
]


@pytest.fixture(scope="module")
def odd_api(tmp_path_factory):
    """A private server, so that a crash on hostile input cannot take the shared one down."""
    srv = Server(tmp_path_factory.mktemp("furrow-odd") / "data", name="odd-input")
    srv.create_owner("odd-owner@furrow.test", "odd password")
    srv.start()
    yield srv.api(srv.authenticate("odd-owner@furrow.test", "odd password"))
    if srv.running:
        rc = srv.stop()
        assert rc == 0, srv.stderr_text()[-4000:]
        assert not srv.sanitizer_reports(), srv.stderr_text()[-8000:]


@pytest.mark.parametrize("method,path,kw", ODD_REQUESTS, ids=[f"{i}-{m}-{p.rsplit('/', 1)[-1][:20]}"
                                                               for i, (m, p, _) in enumerate(ODD_REQUESTS)])
def test_odd_input_gets_a_4xx_problem_never_a_5xx(odd_api, method, path, kw):
    api = odd_api
    assert api.server.running, "the server died on an earlier odd input"
    r = api.request(method, path, **kw)
    assert r.status_code < 500, f"{method} {path} -> {r.status_code}: {r.text[:500]}"
    if r.status_code >= 400:
        assert r.headers.get("Content-Type", "").startswith("application/problem+json"), r.headers
        assert r.json()["status"] == r.status_code
    assert_status(api.get("/health"), 200)
