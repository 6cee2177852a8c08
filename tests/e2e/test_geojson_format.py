"""Farmobile-style GeoJSON end to end, against an independent reading.

No real Farmobile export is public, so the test writes two: a FeatureCollection of Point features
with Leaf's keys in Farmobile's default units (docs/FORMATS.md: mi/hr, ft, lb/ac, %), plus a
LineString and a null-geometry feature that are not points; and one whose top-level `units` member
names other units (km/h, t/ha, m). Both go up in one zip; each must become one processed harvested
file whose standardGeojson agrees with python3-gdal (osgeo.ogr) reading the same .geojson: point
count, bounds, and two property totals converted from the file's units to the ones furrow's /units
names by the published definitions (published_units.py). unitMeasurement is DEFAULT, so furrow answers
in the provider's units: those each file declares (docs/CONFIGURATIONS.md).
"""
from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from osgeo import ogr

from conftest import conversion_fidelity, create_user, files_of_batch, make_zip, upload_ok, wait_batch
from isoxml_helpers import file_outputs
from published_units import factor

pytestmark = conversion_fidelity

ogr.UseExceptions()

LB_AC = 0.45359237 / 0.40468564224  # lb/ac in kg/ha: writes the second file's t/ha values
DEG = 1e-7
POINTS = 240


def harvest(units: dict | None) -> dict:
    """A serpentine harvest of POINTS points, 1 s apart, 12 m passes near Ames, Iowa."""
    features = []
    for i in range(POINTS):
        leg, k = divmod(i, 60)
        y = k * 2.0 if leg % 2 == 0 else 118 - k * 2.0
        lon, lat = -93.6 + leg * 12.0 / (111_320 * math.cos(math.radians(42))), 42.0 + y / 111_320
        props = {"timestamp": f"2021-09-01T12:{i // 60:02d}:{i % 60:02d}.000Z", "operationType": "harvested",
                 "crop": "corn", "variety": "P1197", "recordingStatus": "On",
                 "speed": 4.5 + (i % 7) * 0.1, "harvestMoisture": 18 + (i % 5) * 0.5,
                 "wetMassPerArea": 10_000 + (i % 11) * 100.0, "equipmentWidth": 39.37 if units is None else 12.0,
                 "elevation": 980.0 + i * 0.1}
        if units is not None:  # the same field in the units the file declares
            props["speed"] = round(props["speed"] * 1.609344, 6)
            props["wetMassPerArea"] = round(props["wetMassPerArea"] * LB_AC / 1000, 6)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": props})
    features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-93.6, 42.0], [-93.59, 42.0]]},
                     "properties": {"timestamp": "2021-09-01T13:00:00.000Z"}})
    features.append({"type": "Feature", "geometry": None, "properties": {"note": "no position"}})
    doc = {"type": "FeatureCollection", "features": features}
    if units is not None:
        doc["units"] = units
    return doc


# name -> (the file's `units` member, the units its values are in, the first point's width in that unit,
# the units furrow answers in under DEFAULT: the provider's own).
FILES = {
    "farmobile_defaults.geojson": (None, {"speed": "mi/hr", "wetMassPerArea": "lb/ac", "equipmentWidth": "ft",
                                          "elevation": "ft"}, 39.37,
                                   {"speed": "mi/hr", "wetMassPerArea": "lb/ac", "equipmentWidth": "ft", "elevation": "ft"}),
    "farmobile_units.geojson": ({"speed": "km/h", "wetMassPerArea": "t/ha", "equipmentWidth": "m", "elevation": "ft"},
                                {"speed": "km/h", "wetMassPerArea": "t/ha", "equipmentWidth": "m", "elevation": "ft"}, 12.0,
                                {"speed": "km/h", "wetMassPerArea": "t/ha", "equipmentWidth": "m", "elevation": "ft"}),
}
TOTALLED = ("speed", "wetMassPerArea")


def ogr_reading(text: bytes, columns) -> dict:
    """Point features only: count, bounds and column sums in the file's own units."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.geojson"
        path.write_bytes(text)
        ds = ogr.Open(str(path))
        layer = ds.GetLayer(0)
        lons, lats, sums = [], [], {c: 0.0 for c in columns}
        for feature in layer:
            g = feature.GetGeometryRef()
            if g is None or g.GetGeometryType() not in (ogr.wkbPoint, ogr.wkbPoint25D):
                continue
            lons.append(g.GetX())
            lats.append(g.GetY())
            for c in columns:
                sums[c] += feature.GetField(c)
        return {"count": len(lons), "bounds": (min(lons), max(lons), min(lats), max(lats)), "sums": sums}


@pytest.fixture(scope="module")
def runs(api):
    texts = {name: json.dumps(harvest(units)).encode() for name, (units, *_) in FILES.items()}
    user = create_user(api)
    batch = upload_ok(api, make_zip(texts), user["id"], provider="Farmobile", filename="farmobile.zip")
    final = wait_batch(api, batch["id"], timeout=120)
    assert final["status"] == "PROCESSED", final
    files, _ = files_of_batch(api, final["id"])
    out = {}
    for name in FILES:
        mine = [f for f in files if f.get("fileName") == name]
        assert len(mine) == 1, f"expected one file named {name}: {files}"
        out[name] = {"outputs": file_outputs(api, mine[0]["id"]), "ogr": ogr_reading(texts[name], TOTALLED)}
    return out


def features_of(runs, name):
    out = runs[name]["outputs"]
    assert out["file"].get("status") == "processed", (name, out["file"], out["status"])
    assert out["file"].get("operationType") == "harvested", out["file"]
    return out["geojson"]["features"]


@pytest.mark.parametrize("name", list(FILES))
def test_point_count_and_bounds_match_ogr(runs, name):
    features = features_of(runs, name)
    want = runs[name]["ogr"]
    assert len(features) == want["count"] == POINTS
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    got = (min(lons), max(lons), min(lats), max(lats))
    assert all(abs(a - b) < DEG for a, b in zip(got, want["bounds"])), f"{name}: furrow {got} vs OGR {want['bounds']}"


@pytest.mark.parametrize("name", list(FILES))
def test_property_totals_match_ogr(runs, name):
    features = features_of(runs, name)
    _, source_units, _, _ = FILES[name]
    units = runs[name]["outputs"]["units"]
    for key in TOTALLED:
        total = math.fsum(f["properties"][key] for f in features)
        want = runs[name]["ogr"]["sums"][key] * factor(source_units[key], units[key])
        assert total == pytest.approx(want, rel=1e-6), f"{name}: sum of {key} {total} vs OGR {want} {units[key]}"


@pytest.mark.parametrize("name", list(FILES))
def test_units_are_the_providers_and_values_convert_by_hand(runs, name):
    features = features_of(runs, name)
    out = runs[name]["outputs"]
    units = out["units"]
    _, source_units, width, answered = FILES[name]
    assert {k: units.get(k) for k in answered} == answered, units
    assert units["area"] == "m2"
    first = features[0]["properties"]
    assert first["equipmentWidth"] == pytest.approx(width * factor(source_units["equipmentWidth"], units["equipmentWidth"]),
                                                    rel=1e-9)
    assert first["elevation"] == pytest.approx(980.0 * factor("ft", units["elevation"]), rel=1e-9)  # both files: feet
    assert first["harvestMoisture"] == pytest.approx(18.0, rel=1e-12)
    speed = 4.5 if source_units["speed"] == "mi/hr" else round(4.5 * 1.609344, 6)  # as harvest() wrote it
    assert first["speed"] == pytest.approx(speed * factor(source_units["speed"], units["speed"]), rel=1e-6)
    wet = 10_000 if source_units["wetMassPerArea"] == "lb/ac" else round(10_000 * LB_AC / 1000, 6)
    assert first["wetMassPerArea"] == pytest.approx(wet * factor(source_units["wetMassPerArea"], units["wetMassPerArea"]),
                                                    rel=1e-6)
    summary = out["summary"]["properties"]
    assert summary["pointCount"] == POINTS
    assert summary["crop"] == ["corn"], summary["crop"]
