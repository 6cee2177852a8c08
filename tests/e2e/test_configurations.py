"""Configurations: /services/config/api/configs (contract-facts §10) — defaults, owner PATCH/PUT,
leaf-user inheritance, validation, isolation between owners, persistence across restarts."""
import uuid

import pytest

from conftest import USERS, assert_problem, assert_status, create_user, new_owner

CONFIGS = "/services/config/api/configs"

# contract-facts §10 "Keys with their defaults": a client relying on these must see them.
LEAF_DEFAULTS = {
    "cleanupStandardGeojson": True,
    "unitMeasurement": "DEFAULT",
    "enableOutsideFieldGeojson": False,
    "enableGeoparquetOutput": False,
    "enablePolygonOutput": False,
    "operationsFilteredGeojson": True,
    "operationsRemoveOutliers": True,
    "operationsOutliersLimit": 3,
    "operationsMergeRange": 5,
    "operationsMergeRangeHarvested": 21,
    "splitOperationsByField": True,
    "enableOperationsSession": False,
    "operationsImageCreation": False,
    "fieldsAttachIntersection": 0.01,
    "organizationDataSync": "ALL",
    "geoimagesProjection": "EPSG:3857",
}


@pytest.fixture
def owner(server):
    """A fresh API owner per test, so owner-level changes cannot leak into other tests."""
    return new_owner(server, prefix="cfg")


def test_owner_configuration_has_every_documented_default(owner):
    r = owner.get(CONFIGS)
    assert_status(r, 200)
    body = r.json()
    assert body["apiOwnerUsername"] == owner.username
    assert body["leafUserId"] == ""
    for key, value in LEAF_DEFAULTS.items():
        assert body[key] == value, key
    rules = body["cleanupRules"]
    assert rules["recordingStatus"] == [{"operator": "EQ", "value": "On"}]
    assert {"operator": "LT", "value": 100} in rules["harvestMoisture"]
    assert body["geoimagesColorRamp"]["35%"] == [255, 40, 0]


def test_owner_patch_changes_only_given_keys_and_persists(owner, server):
    r = owner.request("PATCH", CONFIGS, json={"enableGeoparquetOutput": True, "operationsOutliersLimit": 2.5})
    assert_status(r, 200)
    assert r.json()["enableGeoparquetOutput"] is True
    assert r.json()["operationsOutliersLimit"] == 2.5
    assert r.json()["unitMeasurement"] == "DEFAULT"
    server.restart()
    again = owner.get(CONFIGS).json()
    assert again["enableGeoparquetOutput"] is True and again["operationsOutliersLimit"] == 2.5


def test_owner_put_replaces_the_stored_values(owner):
    assert_status(owner.request("PATCH", CONFIGS, json={"enableGeoparquetOutput": True}), 200)
    r = owner.put(CONFIGS, json={"unitMeasurement": "IMPERIAL"})
    assert_status(r, 200)
    body = r.json()
    assert body["unitMeasurement"] == "IMPERIAL"
    assert body["enableGeoparquetOutput"] is False  # back to the default: PUT replaced the set


def test_leaf_user_inherits_and_overrides(owner):
    user = create_user(owner)
    path = f"{CONFIGS}/{user['id']}"
    r = owner.get(path)
    assert_status(r, 200)
    assert r.json()["leafUserId"] == user["id"]
    assert r.json()["enableGeoparquetOutput"] is False

    r = owner.post(path, json={"enableGeoparquetOutput": True})
    assert_status(r, 201)
    assert r.json()["enableGeoparquetOutput"] is True

    # The owner changes both keys: the user's own key stays, the inherited one follows.
    assert_status(owner.request("PATCH", CONFIGS, json={"enableGeoparquetOutput": False,
                                                         "unitMeasurement": "METRIC"}), 200)
    body = owner.get(path).json()
    assert body["enableGeoparquetOutput"] is True
    assert body["unitMeasurement"] == "METRIC"

    # null on a user key inherits again.
    r = owner.request("PATCH", path, json={"enableGeoparquetOutput": None})
    assert_status(r, 200)
    assert r.json()["enableGeoparquetOutput"] is False


def test_deleting_a_user_configuration_falls_back_to_the_owner(owner):
    user = create_user(owner)
    path = f"{CONFIGS}/{user['id']}"
    assert_status(owner.post(path, json={"unitMeasurement": "IMPERIAL"}), 201)
    assert_status(owner.delete(path), 204)
    assert owner.get(path).json()["unitMeasurement"] == "DEFAULT"
    assert_problem(owner.delete(path), 404)


@pytest.mark.parametrize("body, key", [
    ({"enableGeoparquetOutput": "yes"}, "enableGeoparquetOutput"),
    ({"unitMeasurement": "FURLONGS"}, "unitMeasurement"),
    ({"operationsOutliersLimit": -1}, "operationsOutliersLimit"),
    ({"operationsMergeRange": 2.5}, "operationsMergeRange"),
    ({"noSuchKey": True}, "noSuchKey"),
    ({"cleanupRules": {"wetMass": [{"operator": "ABOUT", "value": 1}]}}, "cleanupRules"),
    ({"cleanupRules": {"crop": [{"operator": "GT", "value": "corn"}]}}, "cleanupRules"),
    ({"filesImageAttributeCreation": {"mowing": {}}}, "filesImageAttributeCreation"),
    ({"enableGeoparquetOutput": None}, "enableGeoparquetOutput"),  # owner keys cannot be null
])
def test_invalid_values_are_refused_naming_the_key(owner, body, key):
    r = owner.request("PATCH", CONFIGS, json=body)
    assert_problem(r, 400, parameter=key)
    assert owner.get(CONFIGS).json()["enableGeoparquetOutput"] is False  # nothing was stored


def test_non_object_bodies_are_refused(owner):
    assert_problem(owner.request("PATCH", CONFIGS, data="[1,2]", headers={"Content-Type": "application/json"}), 400)
    assert_problem(owner.request("PATCH", CONFIGS, data="{not json", headers={"Content-Type": "application/json"}), 400)


def test_read_only_keys_in_the_body_are_ignored(owner):
    r = owner.request("PATCH", CONFIGS, json={"apiOwnerUsername": "someone@else", "leafUserId": "x",
                                              "operationsMergeRange": 7})
    assert_status(r, 200)
    assert r.json()["apiOwnerUsername"] == owner.username
    assert r.json()["operationsMergeRange"] == 7


def test_another_owners_user_is_not_found(owner, api_b):
    user = create_user(owner)
    for method in ("GET", "POST", "PATCH", "DELETE"):
        r = api_b.request(method, f"{CONFIGS}/{user['id']}", json={"unitMeasurement": "METRIC"})
        assert_problem(r, 404)
    assert owner.get(f"{CONFIGS}/{user['id']}").json()["unitMeasurement"] == "DEFAULT"


def test_unknown_and_malformed_user_ids(owner):
    assert_problem(owner.get(f"{CONFIGS}/{uuid.uuid4()}"), 404)
    assert_problem(owner.get(f"{CONFIGS}/not-a-uuid"), 400, parameter="leafUserId")


def test_owner_configs_are_separate(owner, api_b):
    assert_status(owner.request("PATCH", CONFIGS, json={"operationsMergeRange": 9}), 200)
    assert api_b.get(CONFIGS).json()["operationsMergeRange"] == 5


def test_deleting_the_leaf_user_deletes_its_configuration(owner):
    user = create_user(owner)
    assert_status(owner.post(f"{CONFIGS}/{user['id']}", json={"unitMeasurement": "METRIC"}), 201)
    assert_status(owner.delete(f"{USERS}/users/{user['id']}"), 204)
    assert_problem(owner.get(f"{CONFIGS}/{user['id']}"), 404)


def test_configs_need_a_token(anon):
    assert_problem(anon.get(CONFIGS), 401)


def test_cleaning_filters_are_validated_by_the_cleaning_module(owner):
    body = owner.get(CONFIGS).json()["cleaningFilters"]
    assert isinstance(body, dict) and body, body  # every filter's defaults are shown
    r = owner.request("PATCH", CONFIGS, json={"cleaningFilters": {"speedRange": {"min": -3}}})
    assert_problem(r, 400, parameter="cleaningFilters")
    r = owner.request("PATCH", CONFIGS, json={"cleaningFilters": {"noSuchFilter": {}}})
    assert_problem(r, 400, parameter="cleaningFilters")
