"""Leaf users: /services/usermanagement/api/users CRUD, filters and input validation."""
import uuid

import pytest

from conftest import (
    USERS, assert_problem, assert_status, create_user, is_uuid, parse_iso, total_count, unique,
)

FIELDS = ("name", "email", "phone", "address", "externalId")


def user_body(**overrides):
    tag = unique("u")
    body = {"name": f"Jane {tag}", "email": f"{tag}@example.com", "phone": "+1 515 555 0199",
            "address": "42 Section Line Rd, Story County, IA", "externalId": f"ext-{tag}"}
    body.update(overrides)
    return body


def test_create_user_returns_201_with_id_fields_and_times(api):
    body = user_body()
    r = api.post(USERS + "/users", json=body)
    assert_status(r, 201)
    user = r.json()
    assert is_uuid(user["id"])
    for key in FIELDS:
        assert user[key] == body[key], key
    parse_iso(user["createdTime"])
    parse_iso(user["updatedTime"])


def test_created_user_can_be_read_back(api):
    user = create_user(api)
    r = api.get(f"{USERS}/users/{user['id']}")
    assert_status(r, 200)
    got = r.json()
    for key in ("id",) + FIELDS:
        assert got[key] == user[key], key


def test_each_create_gets_a_new_id(api):
    body = user_body()
    a = api.post(USERS + "/users", json=body)
    b = api.post(USERS + "/users", json=body)
    assert_status(a, 201)
    assert_status(b, 201)
    assert a.json()["id"] != b.json()["id"]


@pytest.mark.parametrize("field", ["email", "name", "externalId"])
def test_list_filters_by_field(api, field):
    target = create_user(api)
    create_user(api)  # a different user that must not match
    r = api.get(USERS + "/users", params={field: target[field]})
    assert_status(r, 200)
    assert [u["id"] for u in r.json()] == [target["id"]]
    assert total_count(r) == 1


def test_list_includes_new_user_and_counts_it(api):
    before = api.get(USERS + "/users", params={"size": 1})
    assert_status(before, 200)
    user = create_user(api)
    after = api.get(USERS + "/users", params={"size": 1})
    assert total_count(after) == total_count(before) + 1
    ids = []
    page = 0
    while True:
        r = api.get(USERS + "/users", params={"page": page, "size": 100})
        chunk = r.json()
        if not chunk:
            break
        ids += [u["id"] for u in chunk]
        page += 1
    assert user["id"] in ids


def test_put_by_id_replaces_the_whole_user(api):
    user = create_user(api)
    new = {"name": "Renamed", "email": f"{unique('new')}@example.com", "address": "Elsewhere",
           "externalId": unique("ext")}  # phone left out: full replace drops it
    r = api.put(f"{USERS}/users/{user['id']}", json=new)
    assert_status(r, 200)
    got = r.json()
    assert got["id"] == user["id"]
    for key in ("name", "email", "address", "externalId"):
        assert got[key] == new[key], key
    assert got.get("phone") in (None, ""), f"phone survived a full replace: {got}"
    assert parse_iso(got["createdTime"]) == parse_iso(user["createdTime"])
    assert parse_iso(got["updatedTime"]) >= parse_iso(user["updatedTime"])
    again = api.get(f"{USERS}/users/{user['id']}").json()
    assert again["name"] == "Renamed" and again["email"] == new["email"]
    assert again.get("phone") in (None, "")


def test_put_by_id_with_matching_id_in_body_is_accepted(api):
    user = create_user(api)
    r = api.put(f"{USERS}/users/{user['id']}", json=user_body(id=user["id"], name="Same id"))
    assert_status(r, 200)
    assert r.json()["name"] == "Same id"


def test_put_by_id_with_different_id_in_body_is_400_and_changes_nothing(api):
    user = create_user(api)
    r = api.put(f"{USERS}/users/{user['id']}", json=user_body(id=str(uuid.uuid4()), name="Hijack"))
    assert_problem(r, 400)
    assert api.get(f"{USERS}/users/{user['id']}").json()["name"] == user["name"]


def test_put_collection_with_id_in_body_replaces_user(api):
    user = create_user(api)
    r = api.put(USERS + "/users", json=user_body(id=user["id"], name="Via collection"))
    assert_status(r, 200)
    assert r.json()["id"] == user["id"]
    assert api.get(f"{USERS}/users/{user['id']}").json()["name"] == "Via collection"


def test_put_collection_without_id_is_400(api):
    r = api.put(USERS + "/users", json=user_body())
    assert_problem(r, 400)


def test_put_unknown_user_is_404(api):
    r = api.put(f"{USERS}/users/{uuid.uuid4()}", json=user_body())
    assert_problem(r, 404)


def test_delete_user_then_get_is_404(api):
    user = create_user(api)
    r = api.delete(f"{USERS}/users/{user['id']}")
    assert_status(r, 204)
    assert not r.content
    assert_problem(api.get(f"{USERS}/users/{user['id']}"), 404)
    assert_problem(api.delete(f"{USERS}/users/{user['id']}"), 404)
    listed = api.get(USERS + "/users", params={"externalId": user["externalId"]})
    assert listed.json() == [] and total_count(listed) == 0


def test_unknown_user_is_404(api):
    assert_problem(api.get(f"{USERS}/users/{uuid.uuid4()}"), 404)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1234", "00000000-0000-4000-8000-00000000000g"])
def test_malformed_user_id_in_path_is_400_naming_id(api, method, bad_id):
    kw = {"json": user_body()} if method == "PUT" else {}
    r = api.request(method, f"{USERS}/users/{bad_id}", **kw)
    assert_problem(r, 400, parameter="id")


@pytest.mark.parametrize("raw,ctype", [
    (b"{\"name\": \"broken\"", "application/json"),
    (b"[{\"name\": \"in an array\"}]", "application/json"),
    (b"42", "application/json"),
    (b"name=form&email=x", "application/x-www-form-urlencoded"),
    (b"", "application/json"),
], ids=["truncated", "array", "number", "form", "empty"])
def test_create_user_with_bad_body_is_400(api, raw, ctype):
    r = api.post(USERS + "/users", data=raw, headers={"Content-Type": ctype})
    assert_problem(r, 400)


def test_update_user_with_non_object_body_is_400(api):
    user = create_user(api)
    r = api.put(f"{USERS}/users/{user['id']}", data=b"[]", headers={"Content-Type": "application/json"})
    assert_problem(r, 400)
    assert api.get(f"{USERS}/users/{user['id']}").json()["name"] == user["name"]
