"""Helpers for tests/e2e/test_geoparquet_output.py: runs `furrow convert --geoparquet`, reads the
Parquet files back with independent readers (npm hyparquet and parquet-wasm, parquet_reader/read.mjs),
reads the standard GeoJSON of the same run, and measures polygons with pyproj and shapely.

Nothing here uses furrow's code; the only contract is GeoParquet 1.1 and Leaf's standard keys.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import subprocess
import struct
from pathlib import Path

import numpy as np
import shapely.wkb
from pyproj import Geod, Transformer
from shapely.geometry import shape

import convert_cli
from conftest import DATA_DIR, FURROW_BIN, npm_install  # noqa: F401 (DATA_DIR re-exported to the tests)

HERE = Path(__file__).resolve().parent
READER_DIR = HERE / "parquet_reader"

NODE = shutil.which("node") or "/usr/bin/node"
READERS = ("hyparquet", "parquet-wasm")
GEOD = Geod(ellps="WGS84")

def ensure_reader_installed() -> None:
    npm_install(READER_DIR, "hyparquet", "the independent Parquet readers")


def read_parquets(reader: str, paths: list[Path]) -> dict[Path, dict]:
    """Every file with one reader, in one node process."""
    ensure_reader_installed()
    r = subprocess.run([NODE, str(READER_DIR / "read.mjs"), reader, *map(str, paths)], capture_output=True,
                       text=True, timeout=900)
    assert r.returncode == 0, f"{reader} cannot read {paths}:\n{r.stderr[-3000:]}"
    readings = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(x["file"]) for x in readings] == list(paths)
    return {Path(x["file"]): x for x in readings}


def read_parquet(reader: str, path: Path) -> dict:
    return read_parquets(reader, [path])[path]


def run_convert(zip_path: Path, out: Path) -> list[dict]:
    """furrow convert --geoparquet, every point kept; one JSON line per machine file, each checked processed."""
    lines = convert_cli.run_convert(zip_path, out, "--geoparquet", config=convert_cli.KEEP_EVERY_POINT)
    for line in lines:
        assert line["status"] == "processed", line
        assert (Path(line["output"]) / "standard.parquet").exists(), line
        assert (Path(line["output"]) / "polygon.parquet").exists(), line
    return lines


def iso_ms(text: str) -> int:
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return round(t.timestamp() * 1000)


def standard_geojson(folder: Path) -> list[dict]:
    """The standard GeoJSON's features as {lon, lat, props}."""
    with open(folder / "standard.geojson") as f:
        fc = json.load(f)
    return [{"lon": ft["geometry"]["coordinates"][0], "lat": ft["geometry"]["coordinates"][1],
             "props": ft["properties"]} for ft in fc["features"]]


def close(a, b, rel=1e-9, abs_tol=1e-9) -> bool:
    return abs(a - b) <= max(abs_tol, rel * abs(b))


def geometry_of(reader: str, value):
    """A shapely geometry from what the reader returns: GeoJSON (hyparquet) or WKB hex (parquet-wasm)."""
    return shape(value) if reader == "hyparquet" else shapely.wkb.loads(bytes.fromhex(value))


def rings_of(reader: str, values: list) -> list[list[tuple[float, float]]]:
    """Each polygon's exterior ring as (lon, lat) tuples; shapely decodes the WKB (plain lists
    afterwards: shapely 1.8 objects are slow by the hundred thousand)."""
    out = []
    for value in values:
        if reader == "hyparquet":
            assert value["type"] == "Polygon" and len(value["coordinates"]) == 1, value
            out.append([tuple(c) for c in value["coordinates"][0]])
        else:
            g = shapely.wkb.loads(bytes.fromhex(value))
            assert g.geom_type == "Polygon" and not list(g.interiors), g.wkt
            out.append(list(g.exterior.coords))
    return out


def shoelace(ring: list[tuple[float, float]]) -> float:
    """Signed area: positive when counter-clockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2

def check_schema(pq: dict, property_keys: set[str]) -> None:
    names = [c["name"] for c in pq["schema"]]
    assert names[0] == "timestamp" and names[-1] == "geometry", names
    assert set(names) >= property_keys | {"timestamp", "geometry"}, set(names) ^ property_keys
    by_name = {c["name"]: c for c in pq["schema"]}
    if pq["reader"] == "hyparquet":
        ts = by_name["timestamp"]
        assert (ts["type"], ts["repetition_type"]) == ("INT64", "REQUIRED"), ts
        assert ts["logical_type"] == {"type": "TIMESTAMP", "isAdjustedToUTC": True, "unit": "MILLIS"}, ts
        for key in property_keys - {"timestamp", "operationType", "crop", "recordingStatus"}:
            assert (by_name[key]["type"], by_name[key]["repetition_type"]) == ("DOUBLE", "OPTIONAL"), by_name[key]
        for c in pq["row_groups"]:
            assert set(c["codecs"]) == {"ZSTD"}, c["codecs"]
    else:
        assert by_name["timestamp"]["type"] == "Timestamp<MILLISECOND, UTC>", by_name["timestamp"]


def compare_properties(pq: dict, rows: list[int], points: list[dict]) -> None:
    """Parquet row k against the GeoJSON feature rows[k]: every key; null where the GeoJSON has none;
    numbers to 1e-9 relative (the GeoJSON rounds them to 9 decimals)."""
    cols = pq["columns"]
    props = [points[idx]["props"] for idx in rows]
    for p in props:  # every GeoJSON key is a column
        assert set(p) <= set(cols), set(p) - set(cols)
    for name, values in cols.items():
        assert len(values) == len(rows), name
        if name == "geometry":
            continue
        expected = [p.get(name) for p in props]
        if name == "timestamp":
            assert values == [iso_ms(t) for t in expected], name
        elif any(isinstance(v, str) for v in expected + values):
            assert values == expected, name
        else:
            got = np.array([np.nan if v is None else v for v in values], dtype=float)
            want = np.array([np.nan if v is None else v for v in expected], dtype=float)
            assert (np.isnan(got) == np.isnan(want)).all(), f"{name}: nulls differ"
            ok = np.isnan(want) | (np.abs(got - want) <= np.maximum(1e-9, 1e-9 * np.abs(want)))
            assert ok.all(), f"{name}: row {int(np.argmin(ok))}: {got[~ok][:3]} vs {want[~ok][:3]}"


def wkb_point(hex_text: str) -> tuple[float, float]:
    """OGC 06-103r4 §8.2.7: byte order, uint32 type 1, x, y (little-endian here)."""
    order, kind, x, y = struct.unpack("<BIdd", bytes.fromhex(hex_text))
    assert (order, kind) == (1, 1), (order, kind)
    return x, y


def check_points(pq: dict, points: list[dict]) -> None:
    assert pq["num_rows"] == len(points)
    compare_properties(pq, list(range(len(points))), points)
    values = pq["columns"]["geometry"]
    # shapely decodes a sample; the rest is unpacked here (shapely 1.8 is slow by the 100 000).
    for value in values[:1000]:
        assert geometry_of(pq["reader"], value).geom_type == "Point"
    if pq["reader"] == "hyparquet":
        xy = np.array([v["coordinates"] for v in values], dtype=float).reshape(-1, 2)
    else:
        xy = np.array([wkb_point(v) for v in values], dtype=float).reshape(-1, 2)
    want = np.array([(p["lon"], p["lat"]) for p in points], dtype=float).reshape(-1, 2)
    # The GeoJSON's coordinates are rounded to 1e-8 degrees.
    assert (np.abs(xy - want) <= 1e-8).all(), "point coordinates differ from the GeoJSON"
    geo = json.loads(pq["key_value_metadata"]["geo"])
    column = check_geo_header(geo, "Point")
    if points:
        lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
        expected = [min(lons), min(lats), max(lons), max(lats)]
        assert all(close(a, b, 0, 1e-8) for a, b in zip(column["bbox"], expected)), (column["bbox"], expected)


def check_geo_header(geo: dict, geometry_type: str) -> dict:
    assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry", geo
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB" and column["geometry_types"] == [geometry_type], column
    assert "crs" not in column, "crs omitted = OGC:CRS84"
    return column


def swath_rows(points: list[dict]) -> list[int]:
    """The points that get a swath polygon: finite positive width and distance, finite heading."""
    def ok(p, key, positive):
        v = p["props"].get(key)
        return isinstance(v, (int, float)) and math.isfinite(v) and (v > 0 or not positive)
    return [i for i, p in enumerate(points)
            if ok(p, "equipmentWidth", True) and ok(p, "distance", True) and ok(p, "heading", False)]


def equal_area_areas(rings: list[list[tuple[float, float]]]) -> list[float]:
    """Areas in m² in a Lambert azimuthal equal-area projection (exact areas, any centre)."""
    if not rings:
        return []
    x0, y0 = rings[0][0]
    to_laea = Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={y0} +lon_0={x0} +ellps=WGS84", always_xy=True)
    xs, ys = to_laea.transform([x for r in rings for x, _ in r], [y for r in rings for _, y in r])
    out, at = [], 0
    for r in rings:
        out.append(abs(shoelace(list(zip(xs[at:at + len(r)], ys[at:at + len(r)])))))
        at += len(r)
    return out


def check_polygons(pq: dict, points: list[dict], to_m: dict[str, float] | None = None) -> list[list[tuple[float, float]]]:
    """Row k is the swath of point rows[k]: same properties, area = width x distance, front edge on
    the point, counter-clockwise; returns the rings. `to_m`: what equipmentWidth and distance are
    multiplied by to be in metres (the GeoJSON is in the configuration's units; swaths are drawn in metres)."""
    to_m = {"equipmentWidth": 1.0, "distance": 1.0, **(to_m or {})}
    rows = swath_rows(points)
    assert pq["num_rows"] == len(rows), (pq["num_rows"], len(rows))
    compare_properties(pq, rows, points)
    rings = rings_of(pq["reader"], pq["columns"]["geometry"])
    areas = equal_area_areas(rings)
    for k, (ring, idx) in enumerate(zip(rings, rows)):
        props = points[idx]["props"]
        assert len(ring) == 5 and ring[0] == ring[-1], ring
        assert shoelace(ring) > 0, f"row {k}: exterior ring not counter-clockwise"
        expected = props["equipmentWidth"] * to_m["equipmentWidth"] * props["distance"] * to_m["distance"]
        assert close(areas[k], expected, 1e-6, 1e-6), (k, areas[k], expected)
    # The front edge (first and fourth corners) is centred on the point, to within 2 mm (the
    # GeoJSON's coordinates are rounded to 1e-8 degrees).
    if rings:
        front_lon = [(r[0][0] + r[3][0]) / 2 for r in rings]
        front_lat = [(r[0][1] + r[3][1]) / 2 for r in rings]
        _, _, gaps = GEOD.inv(front_lon, front_lat, [points[i]["lon"] for i in rows], [points[i]["lat"] for i in rows])
        assert max(gaps) < 2e-3, max(gaps)
    geo = json.loads(pq["key_value_metadata"]["geo"])
    column = check_geo_header(geo, "Polygon")
    assert column["orientation"] == "counterclockwise", column
    if rings:
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        bounds = [min(xs), min(ys), max(xs), max(ys)]
        assert all(close(a, b, 0, 1e-12) for a, b in zip(column["bbox"], bounds)), (column["bbox"], bounds)
    return rings


def check_output_folders(folders: list[Path]) -> dict[Path, dict]:
    """Both files of each folder, with both readers, against the folder's standard GeoJSON;
    returns the hyparquet readings by folder ({"standard", "polygon"})."""
    files = [folder / name for folder in folders for name in ("standard.parquet", "polygon.parquet")]
    readings = {reader: read_parquets(reader, files) for reader in READERS}
    for folder in folders:
        points = standard_geojson(folder)
        keys = set().union(*(p["props"].keys() for p in points)) if points else set()
        for reader in READERS:
            standard = readings[reader][folder / "standard.parquet"]
            check_schema(standard, keys)
            check_points(standard, points)
            check_polygons(readings[reader][folder / "polygon.parquet"], points,
                           convert_cli.factors_to(folder, {"equipmentWidth": "m", "distance": "m"}))
    return {folder: {"standard": readings["hyparquet"][folder / "standard.parquet"],
                     "polygon": readings["hyparquet"][folder / "polygon.parquet"]} for folder in folders}
