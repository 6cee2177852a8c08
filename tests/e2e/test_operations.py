"""Field operations on real machine data (issue #6, docs/OPERATIONS.md): files are matched to field
boundaries, grouped into operations, cropped to their field; outside-field points, uncovered
files, merge, cropOperationByField and reprocess. Every count and area is checked against shapely /
pyproj on the file's own standardGeojson and the boundary, never against furrow's earlier output."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests
from shapely.geometry import Point, shape
from shapely.prepared import prep

from conftest import (DATA_DIR, OPS, assert_problem, assert_status, create_user, is_uuid, list_all, new_owner, poll,
                      upload_ok, wait_batch)
from isoxml_helpers import geodesic_area
from swath_union import exact_coverage_m2

FIELDS = "/services/fields/api"
OATS = DATA_DIR / "jd-opscenter-oats-harvest" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip"
SMS_WHEAT = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"


def upload_file(api, user_id: str, path: Path) -> dict:
    batch = upload_ok(api, path.read_bytes(), user_id, provider="Other", filename=path.name)
    assert wait_batch(api, batch["id"], timeout=240)["status"] == "PROCESSED"
    files, _ = list_all(api, OPS + "/files", {"batchId": batch["id"]})
    assert len(files) == 1, files
    return wait_file(api, files[0]["id"])


def wait_file(api, file_id: str, timeout: float = 240) -> dict:
    def done():
        f = api.get(f"{OPS}/files/{file_id}").json()
        return f if f["status"] in ("processed", "failed") else None
    f = poll(done, timeout, 0.3, f"file {file_id} finished")
    assert f["status"] == "processed", f
    return f


def standard_features(api, file_id: str) -> list[dict]:
    r = api.get(f"{OPS}/files/{file_id}/standardGeojson")
    assert_status(r, 200)
    return r.json()["features"]


def west_part(features: list[dict], share: float = 0.5) -> dict:
    """A rectangle over the western `share` of the points' extent: a field around part of the data."""
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    w, e, s, n = min(lons) - 1e-4, max(lons) + 1e-4, min(lats) - 1e-4, max(lats) + 1e-4
    cut = w + (e - w) * share
    ring = [[w, s], [cut, s], [cut, n], [w, n], [w, s]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def inside(features: list[dict], geometry: dict) -> list[dict]:
    region = prep(shape(geometry))
    return [f for f in features if region.covers(Point(f["geometry"]["coordinates"][:2]))]


def create_field(api, user_id: str, geometry: dict, name: str = "Millview west") -> dict:
    r = api.post(f"{FIELDS}/users/{user_id}/fields", json={"name": name, "geometry": geometry})
    assert_status(r, 200)
    return r.json()


def operations_of(api, user_id: str, **params) -> list[dict]:
    ops, _ = list_all(api, OPS + "/operations", {"leafUserId": user_id, **params})
    return ops


def wait_operations(api, user_id: str, count: int, timeout: float = 240, **params) -> list[dict]:
    def ready():
        ops = operations_of(api, user_id, **params)
        return ops if len(ops) == count and all(o["status"] != "processing" for o in ops) else None
    return poll(ready, timeout, 0.5, f"{count} finished operations of {user_id}")


def operation_features(api, op_id: str) -> list[dict]:
    r = api.get(f"{OPS}/operations/{op_id}/standardGeojson")
    assert_status(r, 200)
    links = r.json()
    assert set(links) == {"standardGeojson", "downloadStandardGeojson"}
    # The signed link works without the bearer token.
    r = requests.get(links["downloadStandardGeojson"], timeout=60)
    assert_status(r, 200)
    return r.json()["features"]


@pytest.fixture(scope="module")
def harvest(server):
    """An owner (outside-field GeoJSON on), a leaf user, the oats harvest processed, and its points.
    cleanupStandardGeojson is off, as for owner A, so every source record is a point."""
    api = new_owner(server, {"enableOutsideFieldGeojson": True, "cleanupStandardGeojson": False}, prefix="ops")
    user = create_user(api)
    f = upload_file(api, user["id"], OATS)
    return {"api": api, "user": user, "file": f, "features": standard_features(api, f["id"])}


@pytest.fixture(scope="module")
def field_op(harvest):
    api, user, features = harvest["api"], harvest["user"], harvest["features"]
    geometry = west_part(features)
    field = create_field(api, user["id"], geometry)
    ops = wait_operations(api, user["id"], 1)
    return {**harvest, "field": field, "geometry": geometry, "op": ops[0]}


def test_no_field_no_operation_and_the_file_is_uncovered(server):
    api = new_owner(server, prefix="ops-none")
    user = create_user(api)
    f = upload_file(api, user["id"], SMS_WHEAT)
    files = poll(lambda: (api.get(f"{OPS}/files/uncoveredFiles", params={"leafUserId": user["id"]}).json()["files"]
                          or None), 60, 0.3, "uncovered files")
    assert files == [f["id"]]
    assert operations_of(api, user["id"]) == []


def test_operation_holds_exactly_the_points_inside_its_field(field_op):
    api, op, features = field_op["api"], field_op["op"], field_op["features"]
    assert op["status"] == "processed", op
    assert op["type"] == "harvested"
    assert op["files"] == [field_op["file"]["id"]]
    assert [f["id"] for f in op["fields"]] == [field_op["field"]["id"]]
    assert op["leafUserId"] == field_op["user"]["id"]
    assert op["apiOwnerUsername"] == api.username
    # The file names its field, the field its file.
    assert api.get(f"{OPS}/files/{field_op['file']['id']}").json()["fields"] == [field_op["field"]["id"]]
    user_id, field_id = field_op["user"]["id"], field_op["field"]["id"]
    assert api.get(f"{FIELDS}/users/{user_id}/fields/{field_id}").json()["files"] == [field_op["file"]["id"]]
    expected = inside(features, field_op["geometry"])
    assert 0 < len(expected) < len(features)
    got = operation_features(api, op["id"])
    assert len(got) == len(expected)
    assert sorted(g["geometry"]["coordinates"][:2] for g in got) == sorted(e["geometry"]["coordinates"][:2] for e in expected)


def test_the_fields_service_lists_the_fields_operation_files(field_op, api_b):
    api, user_id, field_id = field_op["api"], field_op["user"]["id"], field_op["field"]["id"]
    file_id = field_op["file"]["id"]
    base = f"{FIELDS}/users/{user_id}/fields/{field_id}/operations"
    r = api.get(base)
    assert_status(r, 200)
    assert [f["id"] for f in r.json()] == [file_id] and r.json()[0]["fields"] == [field_id]
    r = api.get(f"{base}/{file_id}")
    assert_status(r, 200)
    assert r.json()["id"] == file_id and r.json()["operationType"] == "harvested"
    assert_problem(api.get(f"{base}/{uuid.uuid4()}"), 404)
    # contract-facts §2's longer path and its origin filter.
    assert [f["id"] for f in api.get(f"{base}/files", params={"origin": "UPLOADED"}).json()] == [file_id]
    assert api.get(f"{base}/files", params={"origin": "merged"}).json() == []
    assert api.get(f"{base}/files/{file_id}").json()["id"] == file_id
    assert_problem(api.get(f"{base}/files", params={"origin": "sideways"}), 400, "origin")
    assert_problem(api_b.get(base), 404)
    assert_problem(api_b.get(f"{base}/{file_id}"), 404)


def test_inside_plus_outside_is_every_point(field_op):
    api, features, file_id = field_op["api"], field_op["features"], field_op["file"]["id"]
    r = api.get(f"{OPS}/files/{file_id}/outsideFieldGeojson")
    assert_status(r, 200)
    out = r.json()
    assert out["fields"] == [field_op["field"]["id"]]
    expected_outside = len(features) - len(inside(features, field_op["geometry"]))
    assert out["featureCount"] == expected_outside
    outside_features = api.get(out["outsideFieldGeojson"]).json()["features"]
    assert len(outside_features) == expected_outside
    region = prep(shape(field_op["geometry"]))
    assert not any(region.covers(Point(f["geometry"]["coordinates"][:2])) for f in outside_features)
    listed, total = list_all(api, OPS + "/files/outsideFieldGeojson", {"leafUserId": field_op["user"]["id"]})
    assert total == 1 and listed[0]["id"] == file_id and listed[0]["featureCount"] == expected_outside


def test_operation_area_matches_shapely_and_stays_within_the_field(field_op):
    api, op = field_op["api"], field_op["op"]
    summary = api.get(f"{OPS}/operations/{op['id']}/summary").json()
    area = summary["properties"]["coverageArea"]
    assert area["unit"] == "m2"
    in_field = inside(field_op["features"], field_op["geometry"])
    file_units = api.get(f"{OPS}/files/{field_op['file']['id']}/units").json()
    reference = exact_coverage_m2(in_field, file_units)
    assert area["value"] == pytest.approx(reference, rel=0.01)
    field_area = geodesic_area(field_op["geometry"])
    assert field_op["field"]["area"]["value"] * 10000 == pytest.approx(field_area, rel=1e-6)
    assert area["value"] <= field_area * 1.02
    coverage = op["fields"][0]["coverage"]
    assert coverage == pytest.approx(100 * area["value"] / field_area, abs=0.02)
    # DEFAULT: the operation answers in its file's provider units (Deere's lb/ac), as the file does.
    units = api.get(f"{OPS}/operations/{op['id']}/units").json()
    assert units == file_units and units["wetMassPerArea"] == "lb/ac"


def test_operation_list_filters_and_subresources(field_op):
    api, op, user = field_op["api"], field_op["op"], field_op["user"]
    assert [o["id"] for o in operations_of(api, user["id"], fieldId=field_op["field"]["id"])] == [op["id"]]
    assert operations_of(api, user["id"], operationType="planted") == []
    assert [o["id"] for o in operations_of(api, user["id"], operationType="harvested")] == [op["id"]]
    provider = field_op["file"]["provider"]
    assert op["providers"] == [provider]
    assert [o["id"] for o in operations_of(api, user["id"], provider=provider)] == [op["id"]]
    assert operations_of(api, user["id"], provider="Stara") == []
    r = api.get(f"{OPS}/operations", params={"sort": "startTime,desc", "operationType": "sideways"})
    assert_problem(r, 400)
    files = api.get(f"{OPS}/operations/{op['id']}/files").json()
    assert [f["id"] for f in files] == [field_op["file"]["id"]]
    one = api.get(f"{OPS}/operations/{op['id']}").json()
    assert one["id"] == op["id"] and is_uuid(one["id"])
    # GeoParquet is off for this owner: 409 naming the key.
    r = api.get(f"{OPS}/operations/{op['id']}/standardGeoparquet")
    assert r.status_code == 409 and "enableGeoparquetOutput" in r.text
    # Images are off too: their lists are empty, as Leaf answers them (docs/API.md).
    for owner in (f"operations/{op['id']}", f"files/{field_op['file']['id']}"):
        for listing in ("images", "imagesV2", "geotiffImages"):
            r = api.get(f"{OPS}/{owner}/{listing}")
            assert r.status_code == 200 and r.json() == [], (owner, listing, r.status_code, r.text)


def test_another_owner_sees_nothing(field_op, api_b):
    op_id, file_id = field_op["op"]["id"], field_op["file"]["id"]
    for path in ("", "/summary", "/units", "/standardGeojson", "/files", "/filteredGeojson", "/images"):
        assert_problem(api_b.get(f"{OPS}/operations/{op_id}{path}"), 404)
    assert_problem(api_b.post(f"{OPS}/operations/{op_id}/reprocess"), 404)
    assert_problem(api_b.post(f"{OPS}/operations/cropOperationByField", json={"id": op_id}), 404)
    assert_problem(api_b.get(f"{OPS}/files/{file_id}/outsideFieldGeojson"), 404)
    # Owner A's file next to an id nobody has: the foreign id answers 404, as an unknown one would.
    assert_problem(api_b.post(f"{OPS}/files/merge", json={"ids": [file_id, str(uuid.uuid4())]}), 404)


def test_editing_the_boundary_reevaluates_the_files(field_op):
    api, user, features = field_op["api"], field_op["user"], field_op["features"]
    field_id, op_id = field_op["field"]["id"], field_op["op"]["id"]
    wider = west_part(features, 1.0)  # the whole extent: every point inside
    r = api.request("PUT", f"{FIELDS}/users/{user['id']}/fields/{field_id}/boundary", json={"geometry": wider})
    assert_status(r, 200)

    def whole():
        ops = operations_of(api, user["id"])
        if len(ops) != 1 or ops[0]["status"] != "processed":
            return None
        got = operation_features(api, ops[0]["id"])
        return ops[0] if len(got) == len(features) else None
    op = poll(whole, 240, 0.5, "operation re-evaluated against the wider boundary")
    assert op["id"] == op_id  # the same operation, updated
    # Nothing is outside now.
    r = api.get(f"{OPS}/files/{field_op['file']['id']}/outsideFieldGeojson")
    assert r.status_code == 404 and "inside" in r.text
    assert api.get(f"{OPS}/files/uncoveredFiles", params={"leafUserId": user["id"]}).json()["files"] == []


def test_crop_operation_by_field_without_field_split(server):
    api = new_owner(server, {"splitOperationsByField": False}, prefix="ops-crop")
    user = create_user(api)
    f = upload_file(api, user["id"], OATS)
    features = standard_features(api, f["id"])
    geometry = west_part(features, 0.4)
    create_field(api, user["id"], geometry)
    op = wait_operations(api, user["id"], 1)[0]
    assert len(operation_features(api, op["id"])) == len(features)  # not split: every point

    r = api.post(f"{OPS}/operations/cropOperationByField", json={"id": op["id"]})
    assert_status(r, 200)
    sent = r.json()
    assert sent["id"] == op["id"] and sent["message"] == "Sent operation to be processed."
    assert is_uuid(sent["leafFileId"]) and sent["leafFileId"] != f["id"]
    cropped = wait_file(api, sent["leafFileId"])
    assert cropped["origin"] == "automerged"
    got = operation_features(api, op["id"])
    assert len(got) == len(inside(features, geometry))

    assert_problem(api.post(f"{OPS}/operations/cropOperationByField", json={}), 400)
    assert_problem(api.post(f"{OPS}/operations/cropOperationByField", json={"id": "not-a-uuid"}), 400)

    r = api.post(f"{OPS}/operations/{op['id']}/reprocess")
    assert_status(r, 200)
    assert r.json()["leafFileId"] == sent["leafFileId"]
    again = wait_file(api, sent["leafFileId"])
    assert again["status"] == "processed"
    assert len(operation_features(api, op["id"])) == len(got)


def test_merge_files(harvest):
    api, user = harvest["api"], harvest["user"]
    other = upload_file(api, user["id"], SMS_WHEAT)
    ids = [harvest["file"]["id"], other["id"]]
    r = api.post(f"{OPS}/files/merge", json={"ids": ids})
    assert_status(r, 200)
    merged = r.json()
    assert merged["status"] == "SENT_TO_MERGE" and is_uuid(merged["id"])
    f = wait_file(api, merged["id"])
    assert f["origin"] == "merged"
    got = standard_features(api, merged["id"])
    # Whole files, the earlier one first, each in its own point order.
    first, second = sorted([harvest["features"], standard_features(api, other["id"])],
                           key=lambda fs: min(f["properties"]["timestamp"] for f in fs))
    assert [g["geometry"]["coordinates"][:2] for g in got] == [f["geometry"]["coordinates"][:2] for f in first + second]
    status = api.get(f"{OPS}/files/{merged['id']}/status").json()
    assert list(status)[0] == "mergeFiles" and status["mergeFiles"]["status"] == "processed"
    merge = api.get(f"{OPS}/files/{merged['id']}/summary").json()["properties"]["merge"]
    assert merge == {"sourceFiles": 2, "inputPoints": len(first) + len(second), "points": len(got)}, merge

    assert_problem(api.post(f"{OPS}/files/merge", json={"ids": [ids[0]]}), 400)
    assert_problem(api.post(f"{OPS}/files/merge", json={"ids": [ids[0], ids[0]]}), 400)
    assert_problem(api.post(f"{OPS}/files/merge", json={"files": ids}), 400)
    # Another leaf user's file: 400 naming the reason.
    stranger = create_user(api)
    s = upload_file(api, stranger["id"], SMS_WHEAT)
    r = api.post(f"{OPS}/files/merge", json={"ids": [ids[0], s["id"]]})
    assert_problem(r, 400)
    assert "leaf user" in r.text


def test_uncovered_files_needs_a_leaf_user(harvest):
    assert_problem(harvest["api"].get(f"{OPS}/files/uncoveredFiles"), 400)
    assert_problem(harvest["api"].get(f"{OPS}/files/uncoveredFiles", params={"leafUserId": "nope"}), 400)


def test_machines_operators_and_sessions_of_an_operation(server):
    """JD seeding names two machines and their operators: the operation lists the same asset records
    as the file, and its sessions' areas add up to the points' `area` (hectares)."""
    seeding = DATA_DIR / "jd-opscenter-wheat-seeding" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Wheat (Hrd Rd Spr) seeding.zip"
    api = new_owner(server, {"enableOperationsSession": True, "cleanupStandardGeojson": False}, prefix="ops-sessions")
    user = create_user(api)
    f = upload_file(api, user["id"], seeding)
    features = standard_features(api, f["id"])
    create_field(api, user["id"], west_part(features, 1.0), name="Millview")
    op = wait_operations(api, user["id"], 1)[0]
    beta = f"/services/beta/api/users/{user['id']}"
    for kind in ("machines", "implements", "operators"):
        records, _ = list_all(api, f"{beta}/{kind}")
        got = api.get(f"{OPS}/operations/{op['id']}/{kind}").json()
        assert sorted(got[kind]) == sorted(r["id"] for r in records), kind
    assert len(api.get(f"{OPS}/operations/{op['id']}/machines").json()["machines"]) == 2
    sessions = api.get(f"{OPS}/operations/{op['id']}/sessions").json()
    assert {s["machineId"] for s in sessions} == set(api.get(f"{OPS}/operations/{op['id']}/machines").json()["machines"])
    total_ha = sum(s["area"]["value"] for m in sessions for s in m["sessions"])
    points_ha = sum(f["properties"].get("area", 0) for f in features) / 10000
    assert total_ha == pytest.approx(points_ha, rel=1e-6)
    other = new_owner(server, prefix="ops-nosessions")
    assert_problem(other.get(f"{OPS}/operations/{op['id']}/sessions"), 404)
