"""Owner isolation: owner B can neither see nor touch owner A's users, batches, files, operations,
fields, webhooks, configurations and assets."""
import json
import uuid

import pytest

from api_routes import registered_routes
from conftest import (
    OPS, OWNER_B, USERS, assert_problem, assert_status, cn1_zip, create_user, files_of_batch,
    list_all, make_zip, new_owner, poll, readme_zip, total_count, upload, upload_ok, wait_batch,
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


# ----------------------------------------------------------------------------------------------
# Every route that takes an id: owner B gets 404 with owner A's ids. The table is checked against
# the routes the server registers (api_routes.py: docs/openapi.json, held to the router by a unit test),
# so a new route cannot go without an entry.
# ----------------------------------------------------------------------------------------------

FIELDS = "/services/fields/api"
HOOKS = "/services/alerts/api/alerts/webhooks"
CONFIGS = "/services/config/api/configs"
ASSETS = "/services/beta/api/users"
UPLOADS = "/services/uploadservice/api/upload"


def square(lon, lat, side):
    ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(scope="module")
def world(server):
    """Owner A' (a fresh owner) with one of everything: a user, a processed GeoJSON harvest, a field
    over it and the operation furrow makes of them, the field's boundary, a webhook."""
    from test_geojson_format import harvest  # a small synthetic harvest near Ames, Iowa
    api = new_owner(server, prefix="iso-a")
    user = create_user(api)
    data = make_zip([("harvest.geojson", json.dumps(harvest(None)).encode())])
    batch = wait_batch(api, upload_ok(api, data, user["id"], provider="Farmobile")["id"], timeout=120)
    assert batch["status"] == "PROCESSED", batch
    files, _ = files_of_batch(api, batch["id"])
    file_id = files[0]["id"]
    r = api.post(f"{FIELDS}/users/{user['id']}/fields", json={"name": "iso", "geometry": square(-93.61, 41.99, 0.03)})
    assert_status(r, 200)
    field = r.json()
    ops = poll(lambda: [o for o in list_all(api, OPS + "/operations", {"leafUserId": user["id"]})[0]
                        if o["status"] != "processing"] or None, 120, 0.5, "A's operation")
    boundaries = api.get(f"{FIELDS}/users/{user['id']}/fields/{field['id']}/boundaries")
    assert_status(boundaries, 200)
    hook = api.post(HOOKS, json={"name": "iso", "url": "https://hooks.example.com/iso", "secret": "s",
                                 "events": ["fileCreated"]})
    assert_status(hook, 201)
    grower = api.post(f"{FIELDS}/users/{user['id']}/growers", json={"name": "iso"})
    assert_status(grower, 200)
    farm = api.post(f"{FIELDS}/users/{user['id']}/farms", json={"name": "iso", "growerId": grower.json()["id"]})
    assert_status(farm, 200)
    boundaries_zip = make_zip([("b.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "iso"}, "geometry": square(-93.5, 42.1, 0.01)}]}).encode())])
    boundary_upload = api.post(UPLOADS, params={"leafUserId": user["id"]},
                               files={"file": ("b.zip", boundaries_zip, "application/zip")})
    assert_status(boundary_upload, 200)
    poll(lambda: api.get(f"{UPLOADS}/{boundary_upload.json()['id']}").json()["status"] == "PROCESSED", 60, 0.2,
         "A's boundary upload")  # its field is A's second
    config = api.get(f"{CONFIGS}/{user['id']}")
    assert_status(config, 200)
    return {"api": api, "config": config.json(), "user": user["id"], "batch": batch["id"], "file": file_id, "field": field["id"],
            "op": ops[0]["id"], "boundary": boundaries.json()[0]["id"], "hook": hook.json()["id"],
            "farm": farm.json()["id"], "grower": grower.json()["id"], "upload": boundary_upload.json()["id"]}


# (method, pattern) -> which of A's ids fills {id}, and the JSON body sent (None: no body). Other path
# parameters take A's user, field and boundary; assets get A's user and a fresh asset id ("fresh"),
# since the GeoJSON harvest names no machine.
ISOLATION_TABLE = {
    ("GET", f"{OPS}/batch/{{id}}"): ("batch", None),
    ("GET", f"{OPS}/batch/{{id}}/status"): ("batch", None),
    ("PUT", f"{OPS}/batch/{{id}}/retry"): ("batch", None),
    **{("GET", f"{OPS}/files/{{id}}{suffix}"): ("file", None) for suffix in (
        "", "/status", "/summary", "/units", "/originalFile", "/rawGeojson", "/standardGeojson", "/filteredGeojson",
        "/standardGeoparquet", "/filteredGeoparquet", "/polygonGeoparquet", "/images", "/imagesV2",
        "/geotiffImages", "/outsideFieldGeojson", "/downloads/{name}", "/outputs", "/points", "/points/{index}")},
    **{("GET", f"{OPS}/operations/{{id}}{suffix}"): ("op", None) for suffix in (
        "", "/summary", "/units", "/standardGeojson", "/files", "/machines", "/implements", "/operators",
        "/sessions", "/filteredGeojson", "/standardGeoparquet", "/filteredGeoparquet", "/images", "/imagesV2",
        "/geotiffImages", "/points", "/points/{index}")},
    ("POST", f"{OPS}/operations/{{id}}/reprocess"): ("op", None),
    # The web console's static assets are no one's: a name that is not an asset is the handler's 404.
    ("GET", "/console/{name}"): (None, None),
    ("GET", f"{USERS}/users/{{id}}"): ("user", None),
    ("PUT", f"{USERS}/users/{{id}}"): ("user", {"name": "stolen", "email": "x@example.com"}),
    ("DELETE", f"{USERS}/users/{{id}}"): ("user", None),
    ("GET", f"{HOOKS}/{{id}}"): ("hook", None),
    ("GET", f"{HOOKS}/{{id}}/calls"): ("hook", None),
    ("DELETE", f"{HOOKS}/{{id}}"): ("hook", None),
    ("GET", f"{CONFIGS}/{{leafUserId}}"): (None, None),
    ("POST", f"{CONFIGS}/{{leafUserId}}"): (None, {"unitMeasurement": "METRIC"}),
    ("PUT", f"{CONFIGS}/{{leafUserId}}"): (None, {"unitMeasurement": "METRIC"}),
    ("PATCH", f"{CONFIGS}/{{leafUserId}}"): (None, {"unitMeasurement": "METRIC"}),
    ("DELETE", f"{CONFIGS}/{{leafUserId}}"): (None, None),
    **{("GET", f"{ASSETS}/{{leafUserId}}/{kind}{suffix}"): ("fresh", None)
       for kind in ("machines", "implements", "operators") for suffix in ("", "/{id}")},
    ("GET", f"{FIELDS}/users/{{leafUserId}}/fields"): (None, None),
    ("POST", f"{FIELDS}/users/{{leafUserId}}/fields"): (None, {"name": "stolen", "geometry": square(-93.6, 42, 0.01)}),
    ("POST", f"{FIELDS}/users/{{leafUserId}}/fields/intersects"): (None, {"geometry": square(-93.6, 42, 0.01)}),
    ("POST", f"{FIELDS}/users/{{leafUserId}}/fields/query/intersects"): (None, {"geometry": square(-93.6, 42, 0.01)}),
    **{(method, f"{FIELDS}/users/{{leafUserId}}/fields/{{fieldId}}"): (None, body) for method, body in (
        ("GET", None), ("DELETE", None), ("PATCH", {"name": "stolen"}),
        ("PUT", {"name": "stolen", "geometry": square(-93.6, 42, 0.01)}))},
    ("GET", f"{FIELDS}/users/{{leafUserId}}/fields/{{fieldId}}/boundary"): (None, None),
    ("PUT", f"{FIELDS}/users/{{leafUserId}}/fields/{{fieldId}}/boundary"): (None, {"geometry": square(-93.6, 42, 0.01)}),
    ("GET", f"{FIELDS}/users/{{leafUserId}}/fields/{{fieldId}}/boundaries"): (None, None),
    ("GET", f"{FIELDS}/users/{{leafUserId}}/fields/{{fieldId}}/boundaries/{{boundaryId}}"): (None, None),
    ("POST", f"{FIELDS}/users/{{leafUserId}}/fields/intersect"): (None, ["a", "b"]),
    **{("GET", f"{FIELDS}/users/{{leafUserId}}/fields/{{fieldId}}/operations{suffix}"): (None, None)
       for suffix in ("", "/{fileId}", "/files", "/files/{fileId}")},
    **{(method, f"{FIELDS}/users/{{leafUserId}}/{kind}s{suffix}"): (kind if suffix else None, body)
       for kind in ("farm", "grower") for method, suffix, body in (
           ("GET", "", None), ("POST", "", {"name": "stolen"}), ("GET", "/{id}", None),
           ("PUT", "/{id}", {"name": "stolen"}))},
    ("GET", f"{FIELDS}/growers/{{id}}"): ("grower", None),
    **{("GET", f"{UPLOADS}/{{id}}{suffix}"): ("upload", None) for suffix in ("", "/entries", "/originalFile")},
}

# Routes without a path parameter that take A's ids in the body or the query: (method, path, what to send).
BODY_AND_QUERY_IDS = [
    ("PUT", f"{USERS}/users", lambda w: {"json": {"id": w["user"], "name": "stolen", "email": "x@example.com"}}),
    ("POST", f"{OPS}/files/merge", lambda w: {"json": {"ids": [w["file"], str(uuid.uuid4())]}}),
    ("POST", f"{OPS}/operations/cropOperationByField", lambda w: {"json": {"id": w["op"]}}),
    ("POST", f"{OPS}/operations/CropOperationByField", lambda w: {"json": {"id": w["op"]}}),
    ("GET", f"{OPS}/files/uncoveredFiles", lambda w: {"params": {"leafUserId": w["user"]}}),
    ("POST", UPLOADS, lambda w: {"params": {"leafUserId": w["user"]},
                                 "files": {"file": ("a.zip", cn1_zip(1), "application/zip")}}),
    ("POST", f"{OPS}/batch", lambda w: {"params": {"leafUserId": w["user"], "provider": "Other"},
                                        "files": {"file": ("a.zip", cn1_zip(1), "application/zip")}}),
]


def test_isolation_table_covers_every_route_with_a_path_parameter():
    with_params = {route for route in registered_routes() if "{" in route[1]}
    assert len(with_params) > 50, f"docs/openapi.json lists too few routes: {sorted(with_params)}"
    missing = with_params - set(ISOLATION_TABLE)
    assert not missing, f"routes with ids but no isolation check; add them to ISOLATION_TABLE: {sorted(missing)}"
    stale = set(ISOLATION_TABLE) - with_params
    assert not stale, f"ISOLATION_TABLE names routes the server no longer has: {sorted(stale)}"


def assert_handler_404(r, what):
    """404 from the handler (the id is not B's), not from the router (no such route)."""
    assert_problem(r, 404)
    assert r.json().get("detail") not in ("no such endpoint", "method not allowed here"), what


def fill(pattern: str, world: dict, id_kind: str | None) -> str:
    values = {"id": str(uuid.uuid4()) if id_kind == "fresh" else world.get(id_kind), "leafUserId": world["user"],
              "fieldId": world["field"], "boundaryId": world["boundary"], "fileId": world["file"],
              "name": "standardGeojson", "index": "0"}
    for key, value in values.items():
        pattern = pattern.replace(f"{{{key}}}", str(value))
    assert "{" not in pattern, pattern
    return pattern


def test_b_gets_404_with_a_ids_on_every_route_and_changes_nothing(world, api_b):
    for (method, pattern), (id_kind, body) in sorted(ISOLATION_TABLE.items()):
        path = fill(pattern, world, id_kind)
        r = api_b.request(method, path, json=body) if body is not None else api_b.request(method, path)
        assert_handler_404(r, f"{method} {path}")
    for method, path, send in BODY_AND_QUERY_IDS:
        r = api_b.request(method, path, **send(world))
        assert r.status_code in (400, 404), f"{method} {path}: {r.status_code} {r.text[:300]}"
        assert r.headers.get("Content-Type", "").startswith("application/problem+json"), r.headers
    a = world["api"]
    for path in (f"{USERS}/users/{world['user']}", f"{OPS}/batch/{world['batch']}", f"{OPS}/files/{world['file']}",
                 f"{OPS}/operations/{world['op']}", f"{HOOKS}/{world['hook']}",
                 f"{FIELDS}/users/{world['user']}/fields/{world['field']}"):
        assert_status(a.get(path), 200)
    assert a.get(f"{USERS}/users/{world['user']}").json()["name"] != "stolen"
    assert a.get(f"{FIELDS}/users/{world['user']}/fields/{world['field']}").json()["name"] == "iso"
    assert a.get(f"{FIELDS}/users/{world['user']}/farms/{world['farm']}").json()["name"] == "iso"
    assert a.get(f"{FIELDS}/growers/{world['grower']}").json()["name"] == "iso"
    assert a.get(f"{CONFIGS}/{world['user']}").json() == world["config"]
    assert total_count(a.get(f"{FIELDS}/users/{world['user']}/fields")) == 2  # "iso" and the upload's
    assert total_count(a.get(OPS + "/batch", params={"leafUserId": world["user"]})) == 1
