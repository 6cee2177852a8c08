"""unitMeasurement (issues #5, #17; contract-facts §6): one real John Deere harvest uploaded by a DEFAULT, an
IMPERIAL and a METRIC owner. DEFAULT answers in the provider's units, as Leaf does: the units Leaf's own
DEFAULT answer for a Deere harvest shows, and for the columns the export declares in its
-Deere-Metadata.json (lb1ac-1, ft, prcnt) the very values of the .dbf, read here with OGR. IMPERIAL and
METRIC must equal the DEFAULT values converted here with the published definitions (published_units.py),
not furrow's table."""
from __future__ import annotations

import math
import zipfile

import numpy as np
import pytest
from osgeo import ogr

from conftest import conversion_fidelity, DATA_DIR, OPS, assert_status, create_user, new_owner
from geoparquet_helpers import GEOD, read_parquet, rings_of
from published_units import FT, UNITS, factor
from test_operations import upload_file

pytestmark = conversion_fidelity

ogr.UseExceptions()

OATS = DATA_DIR / "jd-opscenter-oats-harvest" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip"

# contract-facts §6: Leaf's DEFAULT units of a John Deere harvest.
LEAF_DEFAULT_HARVEST = {"elevation": "ft", "area": "m2", "harvestMoisture": "percentage", "dryVolumePerArea": "bu/ac",
                        "distance": "ft", "heading": "arcdeg", "dryVolume": "bu", "wetVolume": "bu",
                        "wetVolumePerArea": "bu/ac", "dryMassPerArea": "lb/ac", "wetMassPerArea": "lb/ac",
                        "speed": "mi/hr", "equipmentWidth": "ft", "dryMass": "lb", "wetMass": "lb"}
# The export's own columns (its metadata's units) and the standard properties they become.
DBF_COLUMNS = {"WetMass": "wetMassPerArea", "Moisture": "harvestMoisture", "Elevation": "elevation",
               "SWATHWIDTH": "equipmentWidth", "DISTANCE": "distance", "VRYIELDVOL": "dryVolumePerArea"}
# contract-facts §6, by dimension.
SYSTEMS = {
    "IMPERIAL": {"length": "ft", "speed": "ft/s", "area": "ac", "mass": "lb", "mass_per_area": "lb/ac",
                 "volume": "bu", "volume_per_area": "bu/ac", "mass_flow": "lb/s"},
    "METRIC": {"length": "m", "speed": "m/s", "area": "ha", "mass": "t", "mass_per_area": "t/ha",
               "volume": "m3", "volume_per_area": "m3/ha", "mass_flow": "kg/s"},
}


def target(system: str, unit: str) -> str:
    return SYSTEMS[system].get(UNITS[unit][0], unit)  # percent and degrees stay


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


def test_default_answers_in_the_providers_units(outputs):
    units = outputs["DEFAULT"]["units"]
    assert {"speed", "distance", "area", "wetMassPerArea", "dryMassPerArea", "dryVolume", "equipmentWidth"} <= units.keys()
    assert {k: v for k, v in units.items() if k in LEAF_DEFAULT_HARVEST} == \
        {k: LEAF_DEFAULT_HARVEST[k] for k in units if k in LEAF_DEFAULT_HARVEST}
    summary = outputs["DEFAULT"]["summary"]["properties"]
    assert summary["totalWetMass"]["unit"] == "lb" and summary["totalArea"]["unit"] == "m2"
    assert summary["dryMassPerArea"]["unit"] == "lb/ac"


def dbf_rows() -> dict[str, list[dict]]:
    """The export's rows by IsoTime (OGR through /vsizip/), each with its position."""
    with zipfile.ZipFile(OATS) as z:
        shp = next(n for n in z.namelist() if n.endswith(".shp") and not n.startswith("__MACOSX"))
    source = ogr.Open(f"/vsizip/{OATS}/{shp}")
    rows = {}
    for feature in source.GetLayer():
        point = feature.GetGeometryRef()
        row = {column: feature.GetField(column) for column in DBF_COLUMNS}
        row["lonlat"] = (point.GetX(), point.GetY())
        rows.setdefault(feature.GetField("IsoTime"), []).append(row)
    return rows


def test_default_values_are_the_exports_own(outputs):
    rows = dbf_rows()
    checked = 0
    for feature in outputs["DEFAULT"]["standardGeojson"]["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        props = feature["properties"]
        # Several export rows share a time (the sections of one pass): this point is the one at its place.
        here = [row for row in rows.get(props["timestamp"], [])
                if abs(row["lonlat"][0] - lon) < 1e-7 and abs(row["lonlat"][1] - lat) < 1e-7]
        assert here, f"no export row at {props['timestamp']} {lon}, {lat}"

        def same(row):
            return all(key in props and math.isclose(props[key], row[column], rel_tol=1e-9, abs_tol=1e-9)
                       for column, key in DBF_COLUMNS.items() if row[column] is not None)
        assert any(same(row) for row in here), (props, here)
        checked += 1
    assert checked > 1000


@pytest.mark.parametrize("system", ["IMPERIAL", "METRIC"])
def test_standard_geojson_values_are_converted(outputs, system):
    units = outputs["DEFAULT"]["units"]
    assert outputs[system]["units"] == {key: target(system, unit) for key, unit in units.items()}
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
