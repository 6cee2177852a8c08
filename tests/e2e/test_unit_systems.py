"""unitMeasurement (issue #5, contract-facts §6): one real harvest file uploaded by a DEFAULT, an
IMPERIAL and a METRIC owner. Units, standardGeojson values and summary totals of the converting owners
must equal the DEFAULT owner's canonical values converted here with the published definitions
(ft = 0.3048 m, ac = 4046.8564224 m2, lb = 0.45359237 kg, bu = 35.23907016688 L), not furrow's table."""
from __future__ import annotations

import math

import pytest

from conftest import DATA_DIR, OPS, assert_status, create_user, new_owner
from test_operations import upload_file

OATS = DATA_DIR / "jd-opscenter-oats-harvest" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip"

FT, AC, LB, BU, GAL = 0.3048, 4046.8564224, 0.45359237, 35.23907016688, 3.785411784
# Each unit's size in SI-ish base units (m, m/s, m2, kg, L, kg/ha, L/ha, seeds/ha, kg/s).
SIZE = {"m": 1, "ft": FT, "m/s": 1, "ft/s": FT, "m2": 1, "ha": 1e4, "ac": AC, "kg": 1, "t": 1000, "lb": LB,
        "L": 1, "m3": 1000, "bu": BU, "gal": GAL, "kg/ha": 1, "t/ha": 1000, "lb/ac": LB / AC * 1e4,
        "L/ha": 1, "m3/ha": 1000, "bu/ac": BU / AC * 1e4, "seeds/ha": 1, "seeds/ac": 1e4 / AC,
        "kg/s": 1, "lb/s": LB, "percentage": 1, "arcdeg": 1}
# contract-facts §6 for the canonical units a harvest file has.
SYSTEMS = {
    "IMPERIAL": {"m": "ft", "m/s": "ft/s", "m2": "ac", "kg": "lb", "kg/ha": "lb/ac", "L": "bu", "L/ha": "bu/ac",
                 "kg/s": "lb/s"},
    "METRIC": {"m": "m", "m/s": "m/s", "m2": "ha", "kg": "t", "kg/ha": "t/ha", "L": "m3", "L/ha": "m3/ha",
               "kg/s": "kg/s"},
}


def target(system: str, unit: str) -> str:
    return SYSTEMS[system].get(unit, unit)  # percent and degrees stay


def factor(unit: str, to: str) -> float:
    return SIZE[unit] / SIZE[to]


def processed(server, system: str) -> dict:
    api = new_owner(server, {"unitMeasurement": system}, prefix=f"units-{system.lower()}")
    user = create_user(api)
    f = upload_file(api, user["id"], OATS)
    get = lambda sub: api.get(f"{OPS}/files/{f['id']}/{sub}")  # noqa: E731
    out = {}
    for sub in ("units", "standardGeojson", "summary"):
        r = get(sub)
        assert_status(r, 200)
        out[sub] = r.json()
    return out


@pytest.fixture(scope="module")
def outputs(server):
    if not OATS.exists():
        pytest.fail(f"real harvest sample missing: {OATS}")
    return {system: processed(server, system) for system in ("DEFAULT", "IMPERIAL", "METRIC")}


def close(a: float, b: float) -> bool:
    # The GeoJSON writer keeps 1e-9 of a unit; a relative 1e-7 covers that for non-tiny values.
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-8)


@pytest.mark.parametrize("system", ["IMPERIAL", "METRIC"])
def test_units_follow_the_system(outputs, system):
    canonical = outputs["DEFAULT"]["units"]
    assert {"speed", "distance", "area", "dryMassPerArea", "dryVolume"} <= canonical.keys()
    assert canonical["area"] == "m2" and canonical["dryMassPerArea"] == "kg/ha"  # DEFAULT is unchanged
    assert outputs[system]["units"] == {key: target(system, unit) for key, unit in canonical.items()}


@pytest.mark.parametrize("system", ["IMPERIAL", "METRIC"])
def test_standard_geojson_values_are_converted(outputs, system):
    units = outputs["DEFAULT"]["units"]
    default = outputs["DEFAULT"]["standardGeojson"]["features"]
    converted = outputs[system]["standardGeojson"]["features"]
    assert len(converted) == len(default) > 100
    checked = 0
    for a, b in zip(default, converted):
        assert a["geometry"] == b["geometry"]
        assert a["properties"].keys() == b["properties"].keys()
        for key, value in a["properties"].items():
            if key not in units or not isinstance(value, (int, float)):
                assert b["properties"][key] == value, key
                continue
            expected = value * factor(units[key], target(system, units[key]))
            assert close(b["properties"][key], expected), (key, value, b["properties"][key], expected)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("system", ["IMPERIAL", "METRIC"])
def test_summary_statistics_and_totals_are_converted(outputs, system):
    default = outputs["DEFAULT"]["summary"]["properties"]
    props = outputs[system]["summary"]["properties"]
    # The areas of the summary stay in m2, for every system.
    for key in ("totalArea", "coverageArea"):
        assert props[key] == default[key] and props[key]["unit"] == "m2"
    totals = [k for k in default if k.startswith("total") and k != "totalArea"]
    assert {"totalDryMass", "totalWetMass", "totalDistance"} <= set(totals)
    for key in totals:
        unit = default[key]["unit"]
        assert props[key]["unit"] == target(system, unit), key
        assert close(props[key]["value"], default[key]["value"] * factor(unit, target(system, unit))), key
    stats = [k for k, v in default.items() if isinstance(v, dict) and "avg" in v]
    assert "dryMassPerArea" in stats
    for key in stats:
        unit = default[key]["unit"]
        assert props[key]["unit"] == target(system, unit), key
        for member in ("avg", "min", "max"):
            assert close(props[key][member], default[key][member] * factor(unit, target(system, unit))), (key, member)
