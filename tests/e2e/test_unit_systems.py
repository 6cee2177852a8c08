"""unitMeasurement (issue #5, contract-facts §6): one real harvest file uploaded by a DEFAULT, an
IMPERIAL and a METRIC owner. Units, standardGeojson values and summary totals of the converting owners
must equal the DEFAULT owner's canonical values converted here with the published definitions
(ft = 0.3048 m, ac = 4046.8564224 m2, lb = 0.45359237 kg, bu = 35.23907016688 L), not furrow's table."""
from __future__ import annotations

import math

import numpy as np
import pytest

from conftest import DATA_DIR, OPS, assert_status, create_user, new_owner
from geoparquet_helpers import GEOD, read_parquet, rings_of
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
    # IMPERIAL also writes the GeoParquet outputs: their swaths must still be drawn in metres.
    config = {"unitMeasurement": system}
    if system == "IMPERIAL":
        config.update({"enableGeoparquetOutput": True, "enablePolygonOutput": True})
    api = new_owner(server, config, prefix=f"units-{system.lower()}")
    user = create_user(api)
    f = upload_file(api, user["id"], OATS)
    get = lambda sub: api.get(f"{OPS}/files/{f['id']}/{sub}")  # noqa: E731
    out = {"api": api, "file": f}
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


def test_imperial_geoparquet_values_and_swaths(outputs, tmp_path):
    run = outputs["IMPERIAL"]
    api, f, points = run["api"], run["file"], run["standardGeojson"]["features"]
    tables = {}
    for output in ("standardGeoparquet", "polygonGeoparquet"):
        r = api.get(f"{OPS}/files/{f['id']}/{output}")
        assert_status(r, 200)
        download = api.get(r.json()["download" + output[0].upper() + output[1:]])
        assert_status(download, 200)
        path = tmp_path / f"{output}.parquet"
        path.write_bytes(download.content)
        tables[output] = read_parquet("hyparquet", path)
    got = np.array(tables["standardGeoparquet"]["columns"]["dryMassPerArea"], dtype=float)
    want = np.array([x["properties"].get("dryMassPerArea", np.nan) for x in points], dtype=float)
    assert np.allclose(got, want, rtol=1e-7, atol=1e-8, equal_nan=True)  # lb/ac, as the GeoJSON
    # One swath per point with a positive width and distance and a heading, whatever their unit.
    swaths = sum(1 for x in points if all(x["properties"].get(k, 0) > 0 for k in ("equipmentWidth", "distance"))
                 and "heading" in x["properties"])
    polygons = tables["polygonGeoparquet"]
    assert polygons["num_rows"] == swaths > 100
    # Each swath covers width x distance in square metres, while its attributes say feet.
    rings = rings_of("hyparquet", polygons["columns"]["geometry"])
    for ring, width, distance in list(zip(rings, polygons["columns"]["equipmentWidth"],
                                          polygons["columns"]["distance"]))[::50]:
        area = abs(GEOD.polygon_area_perimeter(*zip(*ring))[0])
        assert math.isclose(area, width * FT * distance * FT, rel_tol=1e-4), (area, width, distance)
