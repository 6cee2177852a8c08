"""The outputs configurations add to a processed file, served over HTTP (issue #5): filteredGeojson,
images (PNG + .aux.xml), imagesV2 (legend, extent), geotiffImages, zippedPNGs, standard/filtered/
polygon GeoParquet. Checked with independent readers: GDAL for rasters, npm hyparquet for Parquet,
plain Python for the GeoJSON; and the 409 answer when the configuration is off."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from osgeo import gdal

from conftest import (
    DATA_DIR, OPS, assert_problem, assert_status, create_user, files_of_batch, new_owner, upload_ok, wait_batch,
)
from geoparquet_helpers import read_parquet

SAMPLE = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
ALL_ON = {"enableGeoparquetOutput": True, "enablePolygonOutput": True, "operationsImageCreation": True,
          "operationsImageAsGeoTiff": True}
LEGEND_COLOURS = ["#C80000", "#FF2800", "#FF9600", "#FFF000", "#00E600", "#00BE00", "#008200"]

gdal.UseExceptions()


def processed_file(api, archive: bytes, name: str) -> dict:
    user = create_user(api)
    batch = upload_ok(api, archive, user["id"], filename=f"{name}.zip")
    final = wait_batch(api, batch["id"], timeout=600)
    files, _ = files_of_batch(api, final["id"])
    assert len(files) == 1, files
    r = api.get(f"{OPS}/files/{files[0]['id']}")
    assert_status(r, 200)
    return r.json()


@pytest.fixture(scope="module")
def run(server, tmp_path_factory):
    if not SAMPLE.exists():
        pytest.fail(f"sample missing: {SAMPLE}")
    api = new_owner(server, ALL_ON)
    f = processed_file(api, SAMPLE.read_bytes(), "outputs")
    assert f["status"] == "processed", f
    standard = api.get(f["standardGeojson"])
    assert_status(standard, 200)
    return {"api": api, "file": f, "standard": standard.json()["features"],
            "dir": tmp_path_factory.mktemp("outputs")}


def get_json(api, path):
    r = api.get(path)
    assert_status(r, 200)
    return r.json()


def save(api, url: str, path: Path) -> Path:
    r = api.get(url)
    assert_status(r, 200)
    path.write_bytes(r.content)
    return path


def key(feature):
    return (feature["properties"]["timestamp"], tuple(feature["geometry"]["coordinates"]))


def test_every_step_is_processed(run):
    steps = get_json(run["api"], f"{OPS}/files/{run['file']['id']}/status")
    assert list(steps) == ["originalFile", "rawGeojson", "standardGeojson", "filteredGeojson", "summary", "units",
                           "propertiesPNGs", "zippedPNGs"]
    for name, step in steps.items():
        assert step == {"status": "processed", "message": "ok"}, (name, step)


def test_filtered_geojson_is_a_subset_counted_in_the_summary(run, anon):
    api, f = run["api"], run["file"]
    body = get_json(api, f"{OPS}/files/{f['id']}/filteredGeojson")
    assert set(body) == {"filteredGeojson", "downloadFilteredGeojson"}
    assert body["filteredGeojson"] == f["filteredGeojson"]
    features = anon.get(body["downloadFilteredGeojson"]).json()["features"]
    standard_keys = {key(x) for x in run["standard"]}
    assert features and all(key(x) in standard_keys for x in features)
    cleaning = f["summary"]["properties"]["cleaning"]
    assert cleaning["keptPoints"] == len(features)
    assert cleaning["inputPoints"] == len(run["standard"])
    assert sum(cleaning["removedBy"].values()) == len(run["standard"]) - len(features)


def test_png_images_are_georeferenced_where_the_points_are(run, anon):
    api, f, folder = run["api"], run["file"], run["dir"]
    images = get_json(api, f"{OPS}/files/{f['id']}/images")
    props = {i["property"] for i in images}
    assert {"wetMassPerArea", "speed", "harvestMoisture"} <= props, props
    lons = [x["geometry"]["coordinates"][0] for x in run["standard"]]
    lats = [x["geometry"]["coordinates"][1] for x in run["standard"]]
    for image in images:
        assert image["ramp"]["35%"] == [255, 40, 0] and image["ramp"]["nv"] == [0, 0, 0, 0]
        png = save(api, image["url"], folder / f"{image['property']}.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        save(api, image["url"] + ".aux.xml", folder / f"{image['property']}.png.aux.xml")
        # The signed link with .aux.xml appended reaches the same sidecar.
        signed_aux = anon.get(image["downloadUrl"] + ".aux.xml")
        assert_status(signed_aux, 200)
        assert signed_aux.content == (folder / f"{image['property']}.png.aux.xml").read_bytes()
        ds = gdal.Open(str(png))
        assert "3857" in ds.GetProjection() or "Pseudo-Mercator" in ds.GetProjection()
        assert ds.RasterCount == 4
        gt = ds.GetGeoTransform()
        warped = gdal.Warp("", ds, format="MEM", dstSRS="EPSG:4326")
        wgt = warped.GetGeoTransform()
        west, north = wgt[0], wgt[3]
        east, south = west + wgt[1] * warped.RasterXSize, north + wgt[5] * warped.RasterYSize
        assert west <= min(lons) and east >= max(lons) and south <= min(lats) and north >= max(lats), \
            (image["property"], (west, south, east, north), (min(lons), min(lats), max(lons), max(lats)))
        assert gt[1] > 0 and gt[5] < 0
        alpha = ds.GetRasterBand(4).ReadAsArray()
        assert (alpha > 0).mean() > 0.05, f"{image['property']}: image nearly empty"


def test_images_v2_have_a_seven_class_legend_and_extent(run):
    api, f = run["api"], run["file"]
    images = get_json(api, f"{OPS}/files/{f['id']}/imagesV2")
    assert images
    for image in images:
        ranges = image["legend"]["ranges"]
        assert [r["colorCode"] for r in ranges] == LEGEND_COLOURS
        assert all(r["min"] <= r["max"] for r in ranges)
        assert all(a["max"] == b["min"] for a, b in zip(ranges, ranges[1:]))
        assert set(image["extent"]) == {"xmin", "xmax", "ymin", "ymax"}
        assert image["extent"]["xmin"] < image["extent"]["xmax"]
        r = api.get(image["url"], headers={"Range": "bytes=0-7"})
        assert_status(r, 206)
        assert r.content == b"\x89PNG\r\n\x1a\n"


def test_geotiffs_are_float_rasters_with_nodata(run):
    api, f, folder = run["api"], run["file"], run["dir"]
    tiffs = get_json(api, f"{OPS}/files/{f['id']}/geotiffImages")
    assert tiffs
    for tiff in tiffs:
        assert set(tiff) == {"property", "url", "downloadUrl"}
        path = save(api, tiff["url"], folder / f"{tiff['property']}.tif")
        ds = gdal.Open(str(path))
        band = ds.GetRasterBand(1)
        assert ds.RasterCount == 1 and band.DataType == gdal.GDT_Float32
        nodata = band.GetNoDataValue()
        assert nodata is not None
        values = band.ReadAsArray()
        assert (values != nodata).any()
        feature_values = [x["properties"][tiff["property"]] for x in run["standard"]
                          if tiff["property"] in x["properties"]]
        valid = values[values != nodata]
        assert valid.min() >= min(feature_values) - 1e-3 and valid.max() <= max(feature_values) + 1e-3


def test_zipped_pngs_hold_every_png_and_sidecar(run):
    api, f = run["api"], run["file"]
    r = api.get(f["zippedPNGs"])
    assert_status(r, 200)
    names = set(zipfile.ZipFile(io.BytesIO(r.content)).namelist())
    v1 = get_json(api, f"{OPS}/files/{f['id']}/images")
    v2 = get_json(api, f"{OPS}/files/{f['id']}/imagesV2")
    for image in v1:
        assert f"images/{image['property']}.png" in names and f"images/{image['property']}.png.aux.xml" in names
    for image in v2:
        assert f"imagesV2/{image['property']}.png" in names
    assert len(names) == 2 * (len(v1) + len(v2))


@pytest.mark.parametrize("output, geometry", [("standardGeoparquet", "Point"), ("filteredGeoparquet", "Point"),
                                              ("polygonGeoparquet", "Polygon")])
def test_geoparquet_outputs_read_back_with_hyparquet(run, anon, output, geometry):
    api, f, folder = run["api"], run["file"], run["dir"]
    body = get_json(api, f"{OPS}/files/{f['id']}/{output}")
    download = "download" + output[0].upper() + output[1:]
    assert set(body) == {output, download}
    path = save(anon, body[download], folder / f"{output}.parquet")
    pq = read_parquet("hyparquet", path)
    if output == "standardGeoparquet":
        expected = len(run["standard"])
    elif output == "filteredGeoparquet":
        expected = f["summary"]["properties"]["cleaning"]["keptPoints"]
    else:  # one polygon per point with width, heading and distance
        expected = sum(1 for x in run["standard"] if all(
            k in x["properties"] and x["properties"][k] > 0 for k in ("equipmentWidth", "distance"))
            and "heading" in x["properties"])
    assert pq["num_rows"] == expected, (output, pq["num_rows"], expected)
    geo = json.loads(pq["key_value_metadata"]["geo"])
    assert geo["columns"]["geometry"]["geometry_types"] == [geometry]
    if output == "standardGeoparquet":
        ts = np.array(pq["columns"]["wetMassPerArea"], dtype=float)
        want = np.array([x["properties"].get("wetMassPerArea", np.nan) for x in run["standard"]], dtype=float)
        assert np.allclose(ts, want, rtol=1e-9, atol=1e-9, equal_nan=True)


def test_outputs_that_are_off_answer_409_naming_the_key(api, leaf_user):
    # Owner A has Leaf's defaults for these keys (GeoParquet and images off).
    f = processed_file(api, SAMPLE.read_bytes(), "off")
    for output, config_key in (("standardGeoparquet", "enableGeoparquetOutput"),
                               ("polygonGeoparquet", "enableGeoparquetOutput")):
        body = assert_problem(api.get(f"{OPS}/files/{f['id']}/{output}"), 409)
        assert config_key in body["detail"], body
    # The image lists answer empty instead, as Leaf's lists of what was made (docs/API.md).
    for output in ("images", "imagesV2", "geotiffImages"):
        r = api.get(f"{OPS}/files/{f['id']}/{output}")
        assert r.status_code == 200 and r.json() == [], (output, r.status_code, r.text)
    steps = api.get(f"{OPS}/files/{f['id']}/status").json()
    assert steps["propertiesPNGs"]["status"] == "skipped"
    assert "zippedPNGs" not in f


def test_outputs_of_another_owner_are_not_found(run, api_b):
    f = run["file"]
    for output in ("filteredGeojson", "images", "imagesV2", "geotiffImages", "standardGeoparquet"):
        assert_problem(api_b.get(f"{OPS}/files/{f['id']}/{output}"), 404)
    name = urlsplit(f["zippedPNGs"]).path.rsplit("/", 1)[-1]
    assert_problem(api_b.get(f"{OPS}/files/{f['id']}/downloads/{name}"), 404)


def test_unknown_output_names_are_not_served(run):
    api, f = run["api"], run["file"]
    for name in ("original.zip.bak", "standard.parquet.x", "raw.geojson"):
        assert_problem(api.get(f"{OPS}/files/{f['id']}/downloads/{name}"), 404)
    r = api.get(f"{OPS}/files/{f['id']}/downloads/..%2F..%2Fjwt-secret")  # decoded into more segments
    assert r.status_code == 404 and b"secret" not in r.content.replace(b"jwt-secret", b"")
