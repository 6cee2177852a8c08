"""Fields: /services/fields/api (contract-facts.md §2 "Fields"). Areas are checked against
pyproj's geodesic area of the same shapely geometry, overlaps against shapely intersections."""
import uuid

import pytest
from pyproj import Geod
from shapely.geometry import MultiPolygon, shape
from shapely.geometry.polygon import orient

from conftest import (
    assert_problem, assert_status, create_user, is_uuid, new_owner, parse_iso, parse_links, total_count,
)

FIELDS = "/services/fields/api"
GEOD = Geod(ellps="WGS84")


def rect(lon, lat, dlon, dlat, holes=()):
    """A GeoJSON MultiPolygon of one rectangle (counter-clockwise) with optional rectangular holes."""
    def ring(x, y, w, h):
        return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring(lon, lat, dlon, dlat)] + [ring(*h) for h in holes]]}


def oriented(geom):
    """Shell counter-clockwise, holes clockwise: pyproj sums signed ring areas, while the rect()
    helper draws holes counter-clockwise too (as clients may)."""
    polygons = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    return MultiPolygon([orient(p, 1.0) for p in polygons if not p.is_empty])


def area_ha(geometry) -> float:
    """Geodesic area by pyproj (GeographicLib), in hectares."""
    area, _ = GEOD.geometry_area_perimeter(oriented(shape(geometry)))
    return abs(area) / 1e4


def user_fields(uid):
    return f"{FIELDS}/users/{uid}/fields"


def create_farm(api, uid, **body) -> int:
    r = api.post(f"{FIELDS}/users/{uid}/farms", json=body)
    assert_status(r, 200)
    return r.json()["id"]


def create_field(api, uid, geometry, **body):
    r = api.post(user_fields(uid), json={"geometry": geometry, **body})
    assert_status(r, 200)
    return r.json()


@pytest.fixture
def owner(server):
    return new_owner(server, prefix="fields")


def test_create_get_patch_delete(owner):
    uid = create_user(owner)["id"]
    geometry = rect(-93.60, 42.00, 0.01, 0.008, holes=[(-93.597, 42.002, 0.002, 0.002)])
    farm = create_farm(owner, uid, name="Home farm")
    field = create_field(owner, uid, geometry, name="North 40", farmId=farm)
    assert is_uuid(field["id"])
    assert field["leafUserId"] == uid and field["name"] == "North 40" and field["farmId"] == farm
    assert field["type"] == "ORIGINAL" and field["status"] == "PROCESSED" and field["files"] == []
    assert len(field["boundaries"]) == 1 and is_uuid(field["boundaries"][0])
    assert field["geometry"] == geometry
    assert field["area"]["unit"] == "ha"
    assert field["area"]["value"] == pytest.approx(area_ha(geometry), rel=1e-9)
    parse_iso(field["createdTime"])

    r = owner.get(f"{user_fields(uid)}/{field['id']}")
    assert_status(r, 200)
    assert r.json() == field

    r = owner.request("PATCH", f"{user_fields(uid)}/{field['id']}", json={"name": "South", "farmId": None})
    assert_status(r, 200)
    patched = r.json()
    assert patched["name"] == "South" and "farmId" not in patched
    assert patched["boundaries"] == field["boundaries"] and patched["geometry"] == geometry

    r = owner.delete(f"{user_fields(uid)}/{field['id']}")
    assert_status(r, 204)
    assert_problem(owner.get(f"{user_fields(uid)}/{field['id']}"), 404)
    assert_problem(owner.get(f"{user_fields(uid)}/{field['id']}/boundaries"), 404)


def test_client_chosen_id_and_polygon_input(owner):
    uid = create_user(owner)["id"]
    polygon = {"type": "Polygon", "coordinates": rect(10.0, 50.0, 0.005, 0.005)["coordinates"][0]}
    field = create_field(owner, uid, polygon, id="my-field.1")
    assert field["id"] == "my-field.1"
    assert field["geometry"]["type"] == "MultiPolygon"
    assert field["geometry"]["coordinates"] == [polygon["coordinates"]]
    assert_problem(owner.post(user_fields(uid), json={"id": "my-field.1", "geometry": polygon}), 409)
    assert_problem(owner.post(user_fields(uid), json={"id": "bad/id", "geometry": polygon}), 400, "id")


def test_boundary_history_and_put(owner):
    uid = create_user(owner)["id"]
    first = rect(5.0, 45.0, 0.01, 0.01)
    field = create_field(owner, uid, first)
    base = f"{user_fields(uid)}/{field['id']}"
    second = rect(5.0, 45.0, 0.02, 0.01)
    r = owner.put(base + "/boundary", json={"geometry": second})
    assert_status(r, 200)
    b2 = r.json()
    assert b2["status"] == "ACTIVE" and b2["validity"] == "VALID" and b2["geometry"] == second
    assert b2["area"]["value"] == pytest.approx(area_ha(second), rel=1e-9)
    third = rect(5.0, 45.0, 0.03, 0.01)
    r = owner.put(base, json={"geometry": third})  # PUT on the field: same as PATCH
    assert_status(r, 200)
    assert r.json()["area"]["value"] == pytest.approx(area_ha(third), rel=1e-9)

    r = owner.get(base + "/boundaries")
    assert_status(r, 200)
    history = r.json()
    assert [b["geometry"] for b in history] == [first, second, third]
    assert [b["status"] for b in history] == ["INACTIVE", "INACTIVE", "ACTIVE"]
    assert owner.get(base).json()["boundaries"] == [b["id"] for b in history]
    active = owner.get(base + "/boundary")
    assert_status(active, 200)
    assert active.json() == history[2]
    one = owner.get(f"{base}/boundaries/{history[0]['id']}")
    assert_status(one, 200)
    assert one.json() == history[0]
    assert_problem(owner.get(f"{base}/boundaries/{uuid.uuid4()}"), 404)


@pytest.mark.parametrize("geometry, reason", [
    ({"type": "Point", "coordinates": [1, 2]}, "geometry.type must be MultiPolygon"),
    ({"type": "MultiPolygon", "coordinates": []}, "geometry.coordinates is empty"),
    ({"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0.5]]]]},
     "ring 0 of polygon 0 is not closed"),
    ({"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [0, 0]]]]}, "ring 0 of polygon 0 has 3 positions"),
    ({"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [200, 1], [0, 0]]]]},
     "longitude 200 out of range [-180, 180] at polygon 0 ring 0 position 3"),
    ({"type": "MultiPolygon", "coordinates": [[[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]]},
     "self-intersection at (1 1)"),
    ({"type": "MultiPolygon", "coordinates": [[[[0, 0], ["a", 0], [1, 1], [0, 0]]]]},
     "position must be [longitude, latitude] numbers at polygon 0 ring 0 position 1"),
    (None, "geometry: required"),
])
def test_invalid_geometry_is_400_with_the_reason(owner, geometry, reason):
    uid = create_user(owner)["id"]
    body = {} if geometry is None else {"geometry": geometry}
    problem = assert_problem(owner.post(user_fields(uid), json=body), 400, "geometry")
    assert reason in problem["detail"], problem


def test_bad_bodies_and_farm_ids(owner):
    uid = create_user(owner)["id"]
    r = owner.post(user_fields(uid), data="{not json", headers={"Content-Type": "application/json"})
    assert_problem(r, 400)
    geometry = rect(1.0, 1.0, 0.01, 0.01)
    assert_problem(owner.post(user_fields(uid), json={"geometry": geometry, "farmId": "x"}), 400, "farmId")
    assert_problem(owner.post(user_fields(uid), json={"geometry": geometry, "farmId": 1.5}), 400, "farmId")
    assert_problem(owner.get(FIELDS + "/fields", params={"farmId": "abc"}), 400, "farmId")
    # A farmId must name a farm of the field's own leaf user.
    other_users_farm = create_farm(owner, create_user(owner)["id"])
    problem = assert_problem(owner.post(user_fields(uid), json={"geometry": geometry, "farmId": other_users_farm}),
                             400, "farmId")
    assert f"no farm {other_users_farm} of Leaf user {uid}" in problem["detail"], problem
    assert_problem(owner.post(user_fields(uid), json={"geometry": geometry, "farmId": 2**62}), 400, "farmId")


def test_other_owner_and_unknown_user_are_404(owner, server):
    uid = create_user(owner)["id"]
    field = create_field(owner, uid, rect(2.0, 2.0, 0.01, 0.01))
    other = new_owner(server, prefix="fields-other")
    base = f"{user_fields(uid)}/{field['id']}"
    for method, path in [("GET", base), ("GET", base + "/boundary"), ("GET", base + "/boundaries"),
                         ("DELETE", base), ("GET", user_fields(uid))]:
        assert_problem(other.request(method, path), 404)
    assert_problem(other.request("PATCH", base, json={"name": "x"}), 404)
    assert_problem(other.post(user_fields(uid), json={"geometry": rect(2.0, 2.0, 0.01, 0.01)}), 404)
    assert other.get(FIELDS + "/fields").json() == []
    assert_problem(owner.get(user_fields(str(uuid.uuid4()))), 404)
    # The field is under its own user only.
    uid2 = create_user(owner)["id"]
    assert_problem(owner.get(f"{user_fields(uid2)}/{field['id']}"), 404)


def test_lists_page_and_filter(owner):
    u1, u2 = create_user(owner)["id"], create_user(owner)["id"]
    farms = {uid: (create_farm(owner, uid), create_farm(owner, uid)) for uid in (u1, u2)}
    made = [create_field(owner, u1 if i % 3 else u2, rect(-90 + i * 0.02, 40, 0.01, 0.01), name=f"f{i}",
                         farmId=farms[u1 if i % 3 else u2][i % 2]) for i in range(7)]
    r = owner.get(FIELDS + "/fields", params={"size": 3, "page": 1})
    assert_status(r, 200)
    assert total_count(r) == 7
    assert [f["id"] for f in r.json()] == [f["id"] for f in made[3:6]]
    links = parse_links(r)
    assert links["next"]["page"] == ["2"] and links["last"]["page"] == ["2"] and links["prev"]["page"] == ["0"]
    r = owner.get(FIELDS + "/fields", params={"leafUserId": u2})
    assert total_count(r) == 3 and {f["leafUserId"] for f in r.json()} == {u2}
    r = owner.get(FIELDS + "/fields", params={"farmId": farms[u1][1]})
    assert [f["name"] for f in r.json()] == ["f1", "f5"]
    r = owner.get(user_fields(u1), params={"farmId": farms[u1][0], "sort": "name,desc"})
    assert [f["name"] for f in r.json()] == ["f4", "f2"]
    assert total_count(owner.get(FIELDS + "/fields", params={"type": "MERGED"})) == 0
    assert_problem(owner.get(FIELDS + "/fields", params={"type": "OTHER"}), 400, "type")


def geodesic(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(oriented(geom))[0])


def test_intersects_thresholds(owner):
    uid = create_user(owner)["id"]
    big = create_field(owner, uid, rect(-93.0, 42.0, 0.02, 0.02), name="big")
    small = create_field(owner, uid, rect(-92.95, 42.0, 0.002, 0.002), name="small")
    create_field(owner, uid, rect(-92.0, 42.0, 0.01, 0.01), name="far")
    # A query box covering the small field wholly and a sliver of the big one.
    query = rect(-92.9805, 41.999, 0.0335, 0.004)
    q = shape(query)
    ratios = {}
    for f in (big, small):
        s = shape(f["geometry"])
        overlap = geodesic(s.intersection(q))
        ratios[f["name"]] = max(overlap / geodesic(s), overlap / geodesic(q)) * 100
    assert ratios["small"] == pytest.approx(100, rel=1e-6)
    assert 1 < ratios["big"] < 50

    def names(threshold=None):
        body = {"geometry": query}
        if threshold is not None:
            body["intersectionThreshold"] = threshold
        r = owner.post(user_fields(uid) + "/intersects", json=body)
        assert_status(r, 200)
        return sorted(f["name"] for f in r.json())

    assert names() == ["big", "small"]
    assert names(ratios["big"] * 0.99) == ["big", "small"]
    assert names(ratios["big"] * 1.01) == ["small"]
    assert names(100) == ["small"]
    for bad in (0, 100.5, "x"):
        assert_problem(owner.post(user_fields(uid) + "/intersects", json={"geometry": query,
                                                                           "intersectionThreshold": bad}),
                       400, "intersectionThreshold")


def test_owner_level_intersects_spans_every_user(owner, server):
    a, b = create_user(owner)["id"], create_user(owner)["id"]
    create_field(owner, a, rect(-91.0, 40.0, 0.01, 0.01), name="of-a")
    create_field(owner, b, rect(-91.005, 40.0, 0.01, 0.01), name="of-b")
    create_field(owner, b, rect(-90.0, 40.0, 0.01, 0.01), name="far")
    query = rect(-91.002, 40.002, 0.004, 0.004)  # inside both of-a and of-b
    r = owner.post(f"{FIELDS}/fields/query/intersects", json={"geometry": query})
    assert_status(r, 200)
    assert sorted((f["name"], f["leafUserId"]) for f in r.json()) == [("of-a", a), ("of-b", b)]
    # Another owner's query sees none of them; a bad threshold names itself.
    other = new_owner(server, prefix="fields-other")
    r = other.post(f"{FIELDS}/fields/query/intersects", json={"geometry": query})
    assert_status(r, 200)
    assert r.json() == []
    assert_problem(owner.post(f"{FIELDS}/fields/query/intersects", json={"geometry": query, "intersectionThreshold": 0}),
                   400, "intersectionThreshold")


def test_intersect_of_fields_is_their_shared_area(owner, server):
    uid = create_user(owner)["id"]
    one = create_field(owner, uid, rect(-95.0, 41.0, 0.01, 0.01))
    two = create_field(owner, uid, rect(-94.996, 41.003, 0.01, 0.01))
    three = create_field(owner, uid, rect(-94.998, 40.995, 0.004, 0.01))
    want = shape(one["geometry"]).intersection(shape(two["geometry"])).intersection(shape(three["geometry"]))
    r = owner.post(user_fields(uid) + "/intersect", json=[one["id"], two["id"], three["id"]])
    assert_status(r, 200)
    got = shape(r.json())
    assert r.json()["type"] == "MultiPolygon" and got.is_valid
    assert geodesic(got) == pytest.approx(geodesic(want), rel=1e-6) and geodesic(want) > 1000
    far = create_field(owner, uid, rect(-80.0, 41.0, 0.01, 0.01))
    r = owner.post(user_fields(uid) + "/intersect", json=[one["id"], far["id"]])
    assert_status(r, 200)
    assert shape(r.json()).is_empty
    for bad in ({"ids": [one["id"]]}, [one["id"]], [one["id"], 7]):
        assert_problem(owner.post(user_fields(uid) + "/intersect", json=bad), 400)
    assert_problem(owner.post(user_fields(uid) + "/intersect", json=[one["id"], str(uuid.uuid4())]), 404)
    other = new_owner(server, prefix="fields-other")
    assert_problem(other.post(user_fields(uid) + "/intersect", json=[one["id"], two["id"]]), 404)


def test_deleting_the_user_deletes_its_fields(owner):
    uid = create_user(owner)["id"]
    create_field(owner, uid, rect(3.0, 3.0, 0.01, 0.01))
    assert total_count(owner.get(FIELDS + "/fields", params={"leafUserId": uid})) == 1
    assert_status(owner.delete(f"/services/usermanagement/api/users/{uid}"), 204)
    assert total_count(owner.get(FIELDS + "/fields", params={"leafUserId": uid})) == 0
