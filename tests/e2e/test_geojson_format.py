"""Farmobile-style GeoJSON end to end, against an independent reading.

No real Farmobile export is public, so the test writes two: a FeatureCollection of Point features
with Leaf's keys in Farmobile's default units (docs/FORMATS.md: mi/hr, ft, lb/ac, %), plus a
LineString and a null-geometry feature that are not points; and one whose top-level `units` member
names other units (km/h, t/ha, m). Both go up in one zip; each must become one processed harvested
file whose standardGeojson agrees with python3-gdal (osgeo.ogr) reading the same .geojson: point
count, bounds, and two property totals converted to furrow's canonical units by hand arithmetic
(1 mi/hr = 0.44704 m/s, 1 km/h = 1/3.6 m/s, 1 lb/ac = 0.45359237 kg / 0.40468564224 ha,
1 t/ha = 1000 kg/ha, 1 ft = 0.3048 m).
"""
from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from osgeo import ogr

from conftest import create_user, files_of_batch, make_zip, upload_ok, wait_batch
from isoxml_helpers import file_outputs

ogr.UseExceptions()

MPH = 0.44704
KMH = 1 / 3.6
LB_AC = 0.45359237 / 0.40468564224
T_HA = 1000.0
FOOT = 0.3048
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


FILES = {
    "farmobile_defaults.geojson": (None, {"speed": MPH, "wetMassPerArea": LB_AC}, 39.37 * FOOT),
    "farmobile_units.geojson": ({"speed": "km/h", "wetMassPerArea": "t/ha", "equipmentWidth": "m", "elevation": "ft"},
                                {"speed": KMH, "wetMassPerArea": T_HA}, 12.0),
}


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
    texts = {name: json.dumps(harvest(units)).encode() for name, (units, _, _) in FILES.items()}
    user = create_user(api)
    batch = upload_ok(api, make_zip(texts), user["id"], provider="Farmobile", filename="farmobile.zip")
    final = wait_batch(api, batch["id"], timeout=120)
    assert final["status"] == "PROCESSED", final
    files, _ = files_of_batch(api, final["id"])
    out = {}
    for name, (_, factors, _) in FILES.items():
        mine = [f for f in files if f.get("fileName") == name]
        assert len(mine) == 1, f"expected one file named {name}: {files}"
        out[name] = {"outputs": file_outputs(api, mine[0]["id"]), "ogr": ogr_reading(texts[name], list(factors))}
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
def test_property_totals_match_ogr_in_canonical_units(runs, name):
    features = features_of(runs, name)
    _, factors, _ = FILES[name]
    for key, factor in factors.items():
        total = math.fsum(f["properties"][key] for f in features)
        want = runs[name]["ogr"]["sums"][key] * factor
        assert total == pytest.approx(want, rel=1e-6), f"{name}: sum of {key} {total} vs OGR x {factor} = {want}"


@pytest.mark.parametrize("name", list(FILES))
def test_units_are_canonical_and_converted_by_hand(runs, name):
    features = features_of(runs, name)
    out = runs[name]["outputs"]
    units = out["units"]
    assert units.get("speed") == "m/s" and units.get("wetMassPerArea") == "kg/ha" and units.get("equipmentWidth") == "m", units
    _, _, width_m = FILES[name]
    first = features[0]["properties"]
    assert first["equipmentWidth"] == pytest.approx(width_m, rel=1e-9)  # 39.37 ft = 11.999976 m
    assert first["elevation"] == pytest.approx(980.0 * FOOT, rel=1e-9)  # both files: feet
    assert first["harvestMoisture"] == pytest.approx(18.0, rel=1e-12)
    want_speed = 4.5 * MPH  # the first point: 4.5 mi/hr, or 4.5 x 1.609344 km/h
    assert first["speed"] == pytest.approx(want_speed, rel=1e-6)
    assert first["wetMassPerArea"] == pytest.approx(10_000 * LB_AC, rel=1e-6)
    summary = out["summary"]["properties"]
    assert summary["pointCount"] == POINTS
    assert summary["crop"] == ["corn"], summary["crop"]
