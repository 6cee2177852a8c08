"""Machine files made from uploads: /files, /files/{id}, /files/{id}/status and the original-file download."""
import datetime as dt
import io
import uuid
import zipfile

import pytest

from conftest import (
    OPS, OWNER_A, UNABLE_TO_READ, assert_problem, assert_status, climate_dat_entries, cn1_entries,
    create_user, files_of_batch, is_uuid, iso, make_zip, parse_iso, total_count, upload_ok, utcnow,
    wait_batch,
)

FILE_SORT_FIELDS = ["id", "fileName", "createdTime", "updatedTime", "origin", "leafUserId", "sizeInBytes",
                    "provider", "organizationId", "fileFormat"]


@pytest.fixture(scope="module")
def corpus(api):
    """user1: one batch with two CN1 folders and a .dat; user2: one batch with one CN1 folder."""
    north, south = cn1_entries("North40"), cn1_entries("South80")
    user1, user2 = create_user(api), create_user(api)
    started = utcnow()
    b1 = upload_ok(api, make_zip(north + south + climate_dat_entries()), user1["id"], filename="farm.zip")
    b2 = upload_ok(api, make_zip(cn1_entries("Other1")), user2["id"], provider="CNHI")
    b1, b2 = wait_batch(api, b1["id"]), wait_batch(api, b2["id"])
    files1, total1 = files_of_batch(api, b1["id"])
    files2, total2 = files_of_batch(api, b2["id"])
    assert total1 == 3 and total2 == 1, (b1, b2)
    return {
        "user1": user1, "user2": user2, "batch1": b1, "batch2": b2, "files1": files1, "files2": files2,
        "started": started, "datasets": {"North40": dict(north), "South80": dict(south)},
    }


def get_file(api, file_id):
    r = api.get(f"{OPS}/files/{file_id}")
    assert_status(r, 200)
    return r.json()


def cn1_files(corpus):
    return [f for f in corpus["files1"] if f["fileFormat"] == "CN1"]


def ids_for(api, **params):
    r = api.get(OPS + "/files", params={**params, "size": 100})
    assert_status(r, 200)
    body = r.json()
    assert isinstance(body, list)
    assert total_count(r) == len(body)
    return {f["id"] for f in body}


# ----------------------------------------------------------------------------------------------
# One file
# ----------------------------------------------------------------------------------------------

def test_file_object_has_the_documented_fields(api, corpus):
    for listed in corpus["files1"]:
        f = get_file(api, listed["id"])
        assert f["id"] == listed["id"] and is_uuid(f["id"])
        assert f["leafUserId"] == corpus["user1"]["id"]
        assert f["apiOwnerUsername"] == OWNER_A[0]
        assert isinstance(f["fileName"], str) and f["fileName"]
        assert isinstance(f["fileFormat"], str) and f["fileFormat"]
        assert isinstance(f["provider"], str) and f["provider"]
        assert f["origin"] == "uploaded"
        assert f["status"] == "failed"
        assert f["batchId"] == corpus["batch1"]["id"]
        created, updated = parse_iso(f["createdTime"]), parse_iso(f["updatedTime"])
        assert updated >= created
        assert created.timestamp() >= corpus["started"].timestamp() - 5
        assert type(f["sizeInBytes"]) is int and f["sizeInBytes"] > 0
        for key in ("originalFile", "downloadOriginalFile"):
            assert isinstance(f[key], str) and f[key].startswith(("http://", "https://")), (key, f[key])


def test_listed_file_matches_the_single_file_view(api, corpus):
    for listed in corpus["files1"]:
        single = get_file(api, listed["id"])
        for key in ("id", "leafUserId", "fileName", "fileFormat", "provider", "origin", "status", "batchId",
                    "sizeInBytes"):
            assert listed[key] == single[key], key


def test_download_original_file_returns_exactly_the_data_set_entries(api, corpus):
    expected = corpus["datasets"]
    matched = set()
    files = cn1_files(corpus)
    assert len(files) == 2
    for listed in files:
        f = get_file(api, listed["id"])
        r = api.get(f["downloadOriginalFile"])
        assert_status(r, 200)
        assert r.headers.get("Content-Type", "").split(";")[0] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
            names = {n for n in zf.namelist() if not n.endswith("/")}
            which = [k for k, entries in expected.items() if set(entries) == names]
            assert len(which) == 1, f"download entries {sorted(names)} match no single CN1 folder"
            for name in names:
                assert zf.read(name) == expected[which[0]][name], name
            matched.add(which[0])
    assert matched == {"North40", "South80"}


def test_download_original_file_needs_a_token_or_a_signed_link(api, anon, corpus):
    f = get_file(api, cn1_files(corpus)[0]["id"])
    assert_problem(anon.get(f["originalFile"]), 401)
    signed = anon.get(f["downloadOriginalFile"])
    assert_status(signed, 200)
    assert signed.content == api.get(f["originalFile"]).content


def test_file_status_shows_the_failed_step_and_skipped_later_steps(api, corpus):
    for listed in corpus["files1"]:
        r = api.get(f"{OPS}/files/{listed['id']}/status")
        assert_status(r, 200)
        steps = r.json()
        assert steps["originalFile"]["status"] == "processed", steps
        assert steps["originalFile"]["message"] == "ok", steps
        assert steps["rawGeojson"]["status"] == "failed"
        assert steps["rawGeojson"]["message"].startswith("Files found but unable to read"), steps
        later = {k: v for k, v in steps.items() if k not in ("originalFile", "rawGeojson")}
        assert later, f"no later pipeline steps listed: {steps}"
        assert all(v["status"] == "skipped" for v in later.values()), later


def test_unconverted_file_message_matches_batch_details(api, corpus):
    assert corpus["batch1"]["statusDetails"] == UNABLE_TO_READ


@pytest.mark.parametrize("suffix", ["", "/status"])
def test_unknown_file_is_404(api, suffix):
    assert_problem(api.get(f"{OPS}/files/{uuid.uuid4()}{suffix}"), 404)


@pytest.mark.parametrize("suffix", ["", "/status"])
def test_malformed_file_id_is_400_naming_id(api, suffix):
    assert_problem(api.get(f"{OPS}/files/12345{suffix}"), 400, parameter="id")


# ----------------------------------------------------------------------------------------------
# Filters
# ----------------------------------------------------------------------------------------------

def test_filter_by_leaf_user(api, corpus):
    assert ids_for(api, leafUserId=corpus["user1"]["id"]) == {f["id"] for f in corpus["files1"]}
    assert ids_for(api, leafUserId=corpus["user2"]["id"]) == {f["id"] for f in corpus["files2"]}


def test_filter_by_batch(api, corpus):
    assert ids_for(api, batchId=corpus["batch2"]["id"]) == {corpus["files2"][0]["id"]}
    assert ids_for(api, batchId=str(uuid.uuid4())) == set()


def test_filter_by_file_id(api, corpus):
    target = corpus["files1"][1]["id"]
    assert ids_for(api, fileId=target) == {target}


def test_filters_combine_with_and(api, corpus):
    assert ids_for(api, leafUserId=corpus["user1"]["id"], batchId=corpus["batch2"]["id"]) == set()
    target = corpus["files1"][0]
    assert ids_for(api, leafUserId=corpus["user1"]["id"], fileId=target["id"]) == {target["id"]}


def test_filter_by_file_format(api, corpus):
    cn1 = {f["id"] for f in cn1_files(corpus)}
    assert ids_for(api, leafUserId=corpus["user1"]["id"], fileFormat="CN1") == cn1
    assert ids_for(api, leafUserId=corpus["user1"]["id"], fileFormat="SHAPEFILE") == set()


def test_filter_by_status(api, corpus):
    user = corpus["user1"]["id"]
    assert ids_for(api, leafUserId=user, status="failed") == {f["id"] for f in corpus["files1"]}
    assert ids_for(api, leafUserId=user, status="processed") == set()
    assert ids_for(api, leafUserId=user, status="processing") == set()


def test_filter_by_origin(api, corpus):
    user = corpus["user1"]["id"]
    assert ids_for(api, leafUserId=user, origin="uploaded") == {f["id"] for f in corpus["files1"]}
    for other in ("provider", "merged", "automerged"):
        assert ids_for(api, leafUserId=user, origin=other) == set(), other


def test_filter_by_provider(api, corpus):
    user = corpus["user1"]["id"]
    target = corpus["files1"][0]
    with_provider = {f["id"] for f in corpus["files1"] if f["provider"] == target["provider"]}
    assert ids_for(api, leafUserId=user, provider=target["provider"]) == with_provider
    unused = next(p for p in ("Stara", "Trimble", "AgLeader") if all(f["provider"] != p for f in corpus["files1"]))
    assert ids_for(api, leafUserId=user, provider=unused) == set()


def test_filter_by_created_and_updated_time(api, corpus):
    user = corpus["user1"]["id"]
    everything = {f["id"] for f in corpus["files1"]}
    past = iso(corpus["started"] - dt.timedelta(minutes=5))
    future = iso(utcnow() + dt.timedelta(hours=1))
    assert ids_for(api, leafUserId=user, createdTime=past) == everything
    assert ids_for(api, leafUserId=user, createdTime=future) == set()
    assert ids_for(api, leafUserId=user, updatedTime=past) == everything
    assert ids_for(api, leafUserId=user, updatedTime=future) == set()


def test_filters_on_conversion_results_exclude_unconverted_files(api, corpus):
    user = corpus["user1"]["id"]
    for params in ({"operationType": "harvested"}, {"operationType": "planted"}, {"standard": "true"},
                   {"minArea": "1"}, {"organizationId": "org-123"}, {"providerFileId": "pf-123"}):
        assert ids_for(api, leafUserId=user, **params) == set(), params


@pytest.mark.parametrize("param", ["startTime", "endTime", "operationStartTime", "operationEndTime"])
@pytest.mark.parametrize("value", ["2020-01-01T00:00:00Z", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00+00:00"])
def test_operation_time_filters_accept_iso_8601(api, corpus, param, value):
    r = api.get(OPS + "/files", params={"leafUserId": corpus["user1"]["id"], param: value})
    assert_status(r, 200)
    assert isinstance(r.json(), list)


def test_standard_false_and_min_area_zero_are_valid(api, corpus):
    for params in ({"standard": "false"}, {"minArea": "0"}, {"minArea": "12.5"}):
        r = api.get(OPS + "/files", params={"leafUserId": corpus["user1"]["id"], **params})
        assert_status(r, 200)


# ----------------------------------------------------------------------------------------------
# Sorting
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", FILE_SORT_FIELDS)
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_every_documented_sort_field_is_accepted(api, corpus, field, direction):
    r = api.get(OPS + "/files", params={"leafUserId": corpus["user1"]["id"], "sort": f"{field},{direction}"})
    assert_status(r, 200)
    assert {f["id"] for f in r.json()} == {f["id"] for f in corpus["files1"]}


@pytest.mark.parametrize("field", ["fileFormat", "id", "sizeInBytes", "createdTime"])
def test_sort_orders_the_list(api, corpus, field):
    params = {"leafUserId": corpus["user1"]["id"]}
    asc = api.get(OPS + "/files", params={**params, "sort": f"{field},asc"}).json()
    desc = api.get(OPS + "/files", params={**params, "sort": f"{field},desc"}).json()
    key = (lambda f: parse_iso(f[field])) if field.endswith("Time") else (lambda f: f[field])
    assert [key(f) for f in asc] == sorted(key(f) for f in asc)
    assert [key(f) for f in desc] == sorted((key(f) for f in desc), reverse=True)
    if len({key(f) for f in asc}) == len(asc):
        assert [f["id"] for f in desc] == [f["id"] for f in reversed(asc)]


def test_sort_without_direction_defaults_to_ascending(api, corpus):
    params = {"leafUserId": corpus["user1"]["id"]}
    plain = api.get(OPS + "/files", params={**params, "sort": "id"})
    assert_status(plain, 200)
    asc = api.get(OPS + "/files", params={**params, "sort": "id,asc"}).json()
    assert [f["id"] for f in plain.json()] == [f["id"] for f in asc]


# ----------------------------------------------------------------------------------------------
# Bad query values: 400 naming the parameter
# ----------------------------------------------------------------------------------------------

BAD_FILE_QUERIES = [
    ("leafUserId", "abc"), ("batchId", "123"), ("fileId", "not-a-uuid"),
    ("createdTime", "2020-13-45"), ("startTime", "yesterday"), ("updatedTime", "2020-01-01T25:00:00Z"),
    ("endTime", "2021-02-30"), ("operationStartTime", "13/01/2020"), ("operationEndTime", "not-a-date"),
    ("status", "done"), ("origin", "downloaded"), ("operationType", "sprayed"), ("provider", "Acme"),
    ("minArea", "abc"), ("standard", "maybe"),
    ("size", "101"), ("size", "0"), ("size", "ten"), ("page", "-1"), ("page", "1.5"),
    ("sort", "bogus,asc"), ("sort", "fileName,sideways"),
]


@pytest.mark.parametrize("param,value", BAD_FILE_QUERIES, ids=[f"{p}={v}" for p, v in BAD_FILE_QUERIES])
def test_bad_file_query_value_is_400_naming_parameter(api, param, value):
    r = api.get(OPS + "/files", params={param: value})
    body = assert_problem(r, 400, parameter=param)
    assert body["path"] == OPS + "/files"
