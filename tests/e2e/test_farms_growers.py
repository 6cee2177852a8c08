"""Farms and growers of Leaf's fields service (/services/fields/api, Leaf's "Farms" and "Grower"
sections; docs/API.md "Farms and growers"): shapes, the Grower/Farm/Field links (a farm's fieldIds,
a grower's farmIds), paging and filters, bad input, and owner scoping (another owner's id is 404)."""
import uuid

import pytest

from conftest import (
    assert_problem, assert_status, create_user, new_owner, parse_iso, parse_links, total_count,
)

FIELDS = "/services/fields/api"


def square(lon, lat, side=0.01):
    ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def post(api, path, body, status=200):
    r = api.post(FIELDS + path, json=body)
    assert_status(r, status)
    return r.json()


@pytest.fixture(scope="module")
def owner(server):
    return new_owner(server, prefix="farms")


def test_grower_farm_field_hierarchy(owner):
    uid = create_user(owner)["id"]
    grower = post(owner, f"/users/{uid}/growers", {"name": "Smith Farms"})
    assert set(grower) == {"id", "name", "leafUserId", "farmIds", "createdTime", "updatedTime"}, grower
    assert type(grower["id"]) is int and grower["leafUserId"] == uid and grower["farmIds"] == []
    parse_iso(grower["createdTime"])

    farm = post(owner, f"/users/{uid}/farms", {"name": "Farm 01", "growerId": grower["id"]})
    assert set(farm) == {"id", "name", "growerId", "leafUserId", "fieldIds", "createdTime", "updatedTime"}, farm
    assert type(farm["id"]) is int and farm["growerId"] == grower["id"] and farm["fieldIds"] == []

    field = post(owner, f"/users/{uid}/fields", {"geometry": square(-93.6, 42.0), "farmId": farm["id"]})
    assert field["farmId"] == farm["id"]
    r = owner.get(f"{FIELDS}/users/{uid}/farms/{farm['id']}")
    assert_status(r, 200)
    assert r.json()["fieldIds"] == [field["id"]]
    for path in (f"/users/{uid}/growers/{grower['id']}", f"/growers/{grower['id']}"):
        r = owner.get(FIELDS + path)
        assert_status(r, 200)
        assert r.json()["farmIds"] == [farm["id"]] and r.json()["name"] == "Smith Farms"

    # Unlinking from the child's side empties the parent's list.
    r = owner.request("PATCH", f"{FIELDS}/users/{uid}/fields/{field['id']}", json={"farmId": None})
    assert_status(r, 200)
    assert owner.get(f"{FIELDS}/users/{uid}/farms/{farm['id']}").json()["fieldIds"] == []
    r = owner.put(f"{FIELDS}/users/{uid}/farms/{farm['id']}", json={"growerId": None})
    assert_status(r, 200)
    assert "growerId" not in r.json() and r.json()["name"] == "Farm 01"
    assert owner.get(f"{FIELDS}/growers/{grower['id']}").json()["farmIds"] == []


def test_put_changes_the_members_sent(owner):
    uid = create_user(owner)["id"]
    grower = post(owner, f"/users/{uid}/growers", {})
    assert "name" not in grower  # Leaf leaves the name out when there is none
    r = owner.put(f"{FIELDS}/users/{uid}/growers/{grower['id']}", json={"name": "Renamed"})
    assert_status(r, 200)
    renamed = r.json()
    assert renamed["name"] == "Renamed" and renamed["id"] == grower["id"]
    assert parse_iso(renamed["updatedTime"]) >= parse_iso(grower["updatedTime"])
    assert parse_iso(renamed["createdTime"]) == parse_iso(grower["createdTime"])

    farm = post(owner, f"/users/{uid}/farms", {"name": "A"})
    r = owner.put(f"{FIELDS}/users/{uid}/farms/{farm['id']}", json={"growerId": grower["id"]})
    assert_status(r, 200)
    assert r.json()["name"] == "A" and r.json()["growerId"] == grower["id"]
    r = owner.put(f"{FIELDS}/users/{uid}/farms/{farm['id']}", json={"name": None})
    assert_status(r, 200)
    assert "name" not in r.json() and r.json()["growerId"] == grower["id"]
    assert owner.get(f"{FIELDS}/users/{uid}/farms/{farm['id']}").json() == r.json()


def test_lists_page_filter_and_sort(owner):
    u1, u2 = create_user(owner)["id"], create_user(owner)["id"]
    g1 = post(owner, f"/users/{u1}/growers", {"name": "g1"})["id"]
    farms = [post(owner, f"/users/{u1 if i % 2 else u2}/farms",
                  {"name": f"farm{i}", **({"growerId": g1} if i in (1, 3) else {})}) for i in range(5)]
    r = owner.get(FIELDS + "/farms", params={"leafUserId": u1})
    assert_status(r, 200)
    assert total_count(r) == 2 and [f["name"] for f in r.json()] == ["farm1", "farm3"]
    r = owner.get(FIELDS + "/farms", params={"size": 2, "page": 1, "leafUserId": u2})
    assert total_count(r) == 3 and [f["id"] for f in r.json()] == [farms[4]["id"]]
    links = parse_links(r)
    assert links["prev"]["page"] == ["0"] and links["last"]["page"] == ["1"] and "next" not in links
    r = owner.get(FIELDS + "/farms", params={"growerId": g1, "sort": "name,desc"})
    assert [f["name"] for f in r.json()] == ["farm3", "farm1"]
    r = owner.get(f"{FIELDS}/users/{u2}/farms", params={"sort": "id,desc"})
    assert [f["id"] for f in r.json()] == sorted((farms[i]["id"] for i in (0, 2, 4)), reverse=True)
    assert total_count(owner.get(FIELDS + "/farms", params={"provider": "JohnDeere", "leafUserId": u1})) == 0

    post(owner, f"/users/{u2}/growers", {"name": "g2"})
    r = owner.get(FIELDS + "/growers", params={"leafUserId": u2})
    assert total_count(r) == 1 and r.json()[0]["name"] == "g2"
    r = owner.get(f"{FIELDS}/users/{u1}/growers")
    assert [g["id"] for g in r.json()] == [g1] and r.json()[0]["farmIds"] == [farms[1]["id"], farms[3]["id"]]


def test_bad_input_is_400_naming_the_member(owner):
    uid, other_uid = create_user(owner)["id"], create_user(owner)["id"]
    others_grower = post(owner, f"/users/{other_uid}/growers", {"name": "theirs"})["id"]
    farms = f"{FIELDS}/users/{uid}/farms"
    assert_problem(owner.post(farms, json={"name": 5}), 400, "name")
    assert_problem(owner.post(farms, json={"name": "x" * 257}), 400, "name")
    assert_problem(owner.post(farms, json={"growerId": "12"}), 400, "growerId")
    problem = assert_problem(owner.post(farms, json={"growerId": others_grower}), 400, "growerId")
    assert f"no grower {others_grower} of Leaf user {uid}" in problem["detail"]
    assert_problem(owner.post(farms, data="[1]", headers={"Content-Type": "application/json"}), 400)
    assert_problem(owner.post(f"{FIELDS}/users/{uid}/growers", json={"name": ["x"]}), 400, "name")
    farm = post(owner, f"/users/{uid}/farms", {})
    assert_problem(owner.put(f"{farms}/{farm['id']}", json={"id": farm["id"] + 1}), 400, "id")
    assert_problem(owner.get(f"{farms}/abc"), 400, "id")
    assert_problem(owner.get(f"{FIELDS}/growers/1.5"), 400, "id")
    assert_problem(owner.get(FIELDS + "/farms", params={"growerId": "x"}), 400, "growerId")
    assert_problem(owner.get(FIELDS + "/growers", params={"sort": "color"}), 400, "sort")
    assert_problem(owner.get(FIELDS + "/farms", params={"leafUserId": "nope"}), 400, "leafUserId")


def test_other_owner_and_other_user_get_404(owner, server):
    uid, uid2 = create_user(owner)["id"], create_user(owner)["id"]
    grower = post(owner, f"/users/{uid}/growers", {"name": "mine"})
    farm = post(owner, f"/users/{uid}/farms", {"name": "mine", "growerId": grower["id"]})
    other = new_owner(server, prefix="farms-other")
    for method, path, body in [
            ("GET", f"/users/{uid}/farms/{farm['id']}", None), ("PUT", f"/users/{uid}/farms/{farm['id']}", {"name": "x"}),
            ("GET", f"/users/{uid}/farms", None), ("POST", f"/users/{uid}/farms", {"name": "x"}),
            ("GET", f"/users/{uid}/growers/{grower['id']}", None), ("GET", f"/growers/{grower['id']}", None),
            ("PUT", f"/users/{uid}/growers/{grower['id']}", {"name": "x"}),
            ("GET", f"/users/{uid}/growers", None), ("POST", f"/users/{uid}/growers", {"name": "x"})]:
        assert_problem(other.request(method, FIELDS + path, json=body), 404)
    assert other.get(FIELDS + "/farms").json() == [] and other.get(FIELDS + "/growers").json() == []
    # Under another leaf user of the same owner, or an unknown one, the ids are not found either.
    assert_problem(owner.get(f"{FIELDS}/users/{uid2}/farms/{farm['id']}"), 404)
    assert_problem(owner.put(f"{FIELDS}/users/{uid2}/growers/{grower['id']}", json={"name": "x"}), 404)
    assert_problem(owner.get(f"{FIELDS}/users/{uuid.uuid4()}/farms"), 404)
    assert_problem(owner.get(f"{FIELDS}/growers/{grower['id'] + 10**9}"), 404)
    assert owner.get(f"{FIELDS}/users/{uid}/farms/{farm['id']}").json()["name"] == "mine"


def test_deleting_the_user_deletes_its_farms_and_growers(owner):
    uid = create_user(owner)["id"]
    grower = post(owner, f"/users/{uid}/growers", {"name": "gone"})
    post(owner, f"/users/{uid}/farms", {"growerId": grower["id"]})
    assert_status(owner.delete(f"/services/usermanagement/api/users/{uid}"), 204)
    assert total_count(owner.get(FIELDS + "/farms", params={"leafUserId": uid})) == 0
    assert_problem(owner.get(f"{FIELDS}/growers/{grower['id']}"), 404)
