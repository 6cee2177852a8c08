"""GeoParquet outputs of `furrow convert --geoparquet` (standard.parquet, polygon.parquet), read back
with two independent readers (npm hyparquet + hyparquet-compressors, and parquet-wasm, see
parquet_reader/) and checked against the standard GeoJSON of the same run and, for a fixture made
here, against values known by hand. Polygon areas are measured with pyproj (geodesic and a
Lambert equal-area projection) and shapely.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from shapely.geometry import shape

from geoparquet_helpers import (DATA_DIR, GEOD, READERS, check_output_folders, equal_area_areas, iso_ms,
                                read_parquet, rings_of, run_convert)
from conftest import conversion_fidelity

pytestmark = conversion_fidelity

# A Farmobile-style GeoJSON: source units given, distance and heading logged (so they are kept).
FIXTURE = [
    # lon, lat, timestamp, wetMassPerArea kg/ha, harvestMoisture %, equipmentWidth m, distance m, heading deg, status
    (-93.50000, 41.25000, "2021-09-01T12:00:00.000Z", 9000, 18.5, 9.144, 1.5, 90, "On"),
    (-93.49998, 41.25000, "2021-09-01T12:00:01.000Z", 9100.25, 18.7, 9.144, 1.75, 90, "On"),
    (-93.49996, 41.25001, "2021-09-01T12:00:02.000Z", None, 19.0, 9.144, 2.0, 45, "Off"),
    (-93.49994, 41.25002, "2021-09-01T12:00:03.500Z", 8800, 18.0, None, 2.25, 45, "On"),
]
KEYS = ("lon", "lat", "timestamp", "wetMassPerArea", "harvestMoisture", "equipmentWidth", "distance", "heading",
        "recordingStatus")


def fixture_zip(path: Path) -> None:
    features = []
    for row in FIXTURE:
        values = dict(zip(KEYS, row))
        props = {"operationType": "harvested", "crop": "corn"}
        props.update({k: v for k, v in values.items() if k not in ("lon", "lat") and v is not None})
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [values["lon"], values["lat"]]}})
    units = {"wetMassPerArea": "kg/ha", "harvestMoisture": "percentage", "equipmentWidth": "m", "distance": "m",
             "heading": "arcdeg"}
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("farm/points.geojson", json.dumps({"type": "FeatureCollection", "features": features,
                                                      "units": units}))


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("geoparquet-fixture")
    fixture_zip(tmp / "fixture.zip")
    lines = run_convert(tmp / "fixture.zip", tmp / "out")
    assert len(lines) == 1
    return lines[0], Path(lines[0]["output"])


@pytest.mark.parametrize("reader", READERS)
def test_fixture_points_have_the_hand_known_values(fixture_run, reader):
    _, folder = fixture_run
    pq = read_parquet(reader, folder / "standard.parquet")
    cols = pq["columns"]
    assert pq["num_rows"] == 4
    for key in ("timestamp", "wetMassPerArea", "harvestMoisture", "equipmentWidth", "distance", "heading",
                "recordingStatus"):
        expected = [dict(zip(KEYS, row))[key] for row in FIXTURE]
        if key == "timestamp":
            expected = [iso_ms(t) for t in expected]
        assert cols[key] == expected, key  # exact: these values pass through unchanged
    assert cols["operationType"] == ["harvested"] * 4
    assert cols["crop"] == ["corn"] * 4
    # 2021-09-01T12:00:03.500Z by hand: 1630497600 s + 3.5 s.
    assert cols["timestamp"][3] == 1630497603500
    points = [shape(g) if reader == "hyparquet" else None for g in cols["geometry"]]
    if reader == "hyparquet":
        assert [(p.x, p.y) for p in points] == [(row[0], row[1]) for row in FIXTURE]
    geo = json.loads(pq["key_value_metadata"]["geo"])
    assert geo["columns"]["geometry"]["bbox"] == [-93.5, 41.25, -93.49994, 41.25002]


@pytest.mark.parametrize("reader", READERS)
def test_fixture_polygons_are_swaths_ending_at_their_points(fixture_run, reader):
    line, folder = fixture_run
    # The fourth point has no equipmentWidth: left out, and counted.
    assert (line["polygons"], line["polygons_left_out"]) == (3, 1)
    pq = read_parquet(reader, folder / "polygon.parquet")
    assert pq["num_rows"] == 3
    assert pq["columns"]["timestamp"] == [iso_ms(row[2]) for row in FIXTURE[:3]]
    assert pq["columns"]["wetMassPerArea"] == [9000, 9100.25, None]
    rings = rings_of(reader, pq["columns"]["geometry"])
    areas = equal_area_areas(rings)
    for ring, area, row in zip(rings, areas, FIXTURE):
        lon, lat, width, distance, heading = row[0], row[1], row[5], row[6], row[7]
        assert abs(area - width * distance) < 1e-6 * width * distance, (area, width * distance)
        geodesic_area = abs(GEOD.polygon_area_perimeter(*zip(*ring))[0])
        assert abs(geodesic_area - width * distance) < 1e-4, (geodesic_area, width * distance)
        c = ring
        front = ((c[0][0] + c[3][0]) / 2, (c[0][1] + c[3][1]) / 2)
        back = ((c[1][0] + c[2][0]) / 2, (c[1][1] + c[2][1]) / 2)
        # Front edge centred on the point; back edge `distance` behind it, against the heading.
        assert GEOD.inv(lon, lat, *front)[2] < 1e-4
        az, _, dist = GEOD.inv(lon, lat, *back)
        assert abs(dist - distance) < 1e-6 and abs((az - (heading + 180)) % 360) < 1e-4, (az, dist)
        # Width across: front-left to front-right.
        assert abs(GEOD.inv(*c[0], *c[3])[2] - width) < 1e-6


def test_fixture_matches_its_standard_geojson(fixture_run):
    _, folder = fixture_run
    check_output_folders([folder])


def test_isoxml_harvest_sample(tmp_path):
    """The CCI forage harvest (21 time logs, real field passes): every machine file."""
    taskdata = DATA_DIR / "isoxml-cci-forage-timelogs" / "TASKDATA"
    assert taskdata.is_dir(), f"missing sample {taskdata}"
    with zipfile.ZipFile(tmp_path / "cci.zip", "w", compression=zipfile.ZIP_DEFLATED) as z:
        for p in sorted(taskdata.iterdir()):
            z.write(p, f"TASKDATA/{p.name}")
    lines = run_convert(tmp_path / "cci.zip", tmp_path / "out")
    assert len(lines) > 10
    check_output_folders([Path(line["output"]) for line in lines])
    assert sum(line["polygons"] for line in lines) > 0.9 * sum(line["standard_points"] for line in lines)


def test_john_deere_shapefile_sample(tmp_path):
    """JD Ops Center oats harvest, 97 383 points: two row groups (65 536 rows each at most)."""
    sample = next((DATA_DIR / "jd-opscenter-oats-harvest").glob("*.zip"))
    lines = run_convert(sample, tmp_path / "out")
    assert len(lines) == 1 and lines[0]["standard_points"] == 97383
    folder = Path(lines[0]["output"])
    hy = check_output_folders([folder])[folder]
    assert [g["num_rows"] for g in hy["standard"]["row_groups"]] == [65536, 97383 - 65536]
    assert hy["standard"]["row_groups"][0]["encodings"]["recordingStatus"][-1] == "RLE_DICTIONARY"


@pytest.mark.parametrize("reader", READERS)
def test_no_swath_gives_an_empty_polygon_file_both_readers_open(tmp_path, reader):
    """A zero width everywhere: every point is left out; the file has no rows and no bbox."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [-93.5 + i * 1e-5, 41.2]},
                 "properties": {"timestamp": f"2021-09-01T12:00:0{i}Z", "operationType": "harvested",
                                "wetMassPerArea": 5, "equipmentWidth": 0}} for i in range(3)]
    with zipfile.ZipFile(tmp_path / "in.zip", "w") as z:
        z.writestr("farm/points.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    (line,) = run_convert(tmp_path / "in.zip", tmp_path / "out")
    assert (line["polygons"], line["polygons_left_out"]) == (0, 3)
    pq = read_parquet(reader, Path(line["output"]) / "polygon.parquet")
    assert pq["num_rows"] == 0
    column = json.loads(pq["key_value_metadata"]["geo"])["columns"]["geometry"]
    assert column["geometry_types"] == ["Polygon"] and "bbox" not in column
    assert read_parquet(reader, Path(line["output"]) / "standard.parquet")["num_rows"] == 3
