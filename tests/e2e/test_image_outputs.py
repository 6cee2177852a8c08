"""Image outputs (`furrow convert --images`) on real harvest samples, read back with python3-gdal.

Each sample is converted with the CLI; every PNG is opened with GDAL (which reads the
.png.aux.xml), every GeoTIFF too, and compared with an independent reading of furrow's
standardGeojson through OGR, restricted to the points that paint (recordingStatus "On"):
- the raster's georeferencing (its own SRS and geotransform) holds every such point;
- the image is not empty, and its pixels are ramp colours (v1) or the 7 class colours (V2);
- GeoTIFF cells are means of point values, so they lie within the property's min..max;
- the V2 legend runs from the property's min to its max with contiguous ranges, and its extent
  is the image's corners transformed to lon/lat by GDAL/OSR;
- the GeoTIFF cell is half the median working width (the gridding rule), in metres of UTM.
"""
from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
osr.UseExceptions()

from conftest import conversion_fidelity, DATA_DIR as DATA, FURROW_BIN  # noqa: E402
from convert_cli import factors_to, run_convert  # noqa: E402

pytestmark = conversion_fidelity

RAMP = [(0.00, (200, 0, 0)), (0.35, (255, 40, 0)), (0.45, (255, 150, 0)), (0.55, (255, 240, 0)),
        (0.65, (0, 230, 0)), (0.75, (0, 190, 0)), (1.00, (0, 130, 0))]
CLASS_CODES = ["#C80000", "#FF2800", "#FF9600", "#FFF000", "#00E600", "#00BE00", "#008200"]


def ramp_colours() -> set[tuple[int, int, int]]:
    """Every colour of the ramp, by sampling it finely (a step moves a channel by < 1)."""
    out = set()
    for t in np.linspace(0, 1, 200001):
        for (f0, c0), (f1, c1) in zip(RAMP, RAMP[1:]):
            if t <= f1:
                u = (t - f0) / (f1 - f0)
                out.add(tuple(int(np.floor(a + (b - a) * u + 0.5)) for a, b in zip(c0, c1)))
                break
    return out


def sample_zip(name: str, tmp: Path) -> Path:
    folder = DATA / name
    assert folder.is_dir(), f"shared data sample missing: {folder}"
    zips = sorted(folder.glob("*.zip"))
    if zips:
        return zips[0]
    out = tmp / f"{name}.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            if f.suffix.lower() in (".csv", ".txt") and f.name != "SOURCE.md":
                zf.write(f, f.name)
    return out


def working_points(standard: Path) -> dict:
    """lon/lat and every numeric property of the points that paint, via OGR."""
    ds = ogr.Open(str(standard))
    layer = ds.GetLayer(0)
    lon, lat, props = [], [], {}
    for feature in layer:
        if feature.GetField("recordingStatus") == "Off":
            continue
        point = feature.GetGeometryRef()
        lon.append(point.GetX())
        lat.append(point.GetY())
        for i in range(feature.GetFieldCount()):
            defn = feature.GetFieldDefnRef(i)
            if defn.GetType() in (ogr.OFTReal, ogr.OFTInteger, ogr.OFTInteger64) and feature.IsFieldSetAndNotNull(i):
                props.setdefault(defn.GetName(), []).append(feature.GetFieldAsDouble(i))
    return {"lon": np.array(lon), "lat": np.array(lat), "props": {k: np.array(v) for k, v in props.items()}}


def wgs84() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def pixels_of_points(ds, points) -> np.ndarray:
    """(col, row) of every point, through the raster's own SRS and geotransform."""
    srs = ds.GetSpatialRef().Clone()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xy = np.array(osr.CoordinateTransformation(wgs84(), srs).TransformPoints(
        np.column_stack([points["lon"], points["lat"]]).tolist()))[:, :2]
    gt = ds.GetGeoTransform()
    assert gt[2] == 0 and gt[4] == 0, "north-up raster expected"
    return np.column_stack([(xy[:, 0] - gt[0]) / gt[1], (xy[:, 1] - gt[3]) / gt[5]])


def assert_holds_points(ds, points, what: str):
    px = pixels_of_points(ds, points)
    assert px[:, 0].min() >= 0 and px[:, 1].min() >= 0, what
    assert px[:, 0].max() <= ds.RasterXSize and px[:, 1].max() <= ds.RasterYSize, what


@pytest.fixture(scope="module", params=["sms-case-wheat-yield-2018", "csiro-grape-yield-csv"])
def converted(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    out = tmp / "out"
    # Filtering off: imagesV2 and the GeoTIFFs are then drawn from the standard points this test reads
    # (the server draws them from the filtered points when it makes those).
    line = run_convert(sample_zip(request.param, tmp), out, "--images", config={"operationsFilteredGeojson": False},
                       timeout=600)[0]
    assert line["status"] == "processed", line
    folder = out / "1"
    return {"line": line, "dir": folder, "points": working_points(folder / "standard.geojson")}


def test_every_numeric_property_but_recording_status_has_all_three_images(converted):
    d, props = converted["dir"], converted["points"]["props"]
    expected = {k for k, v in props.items() if len(v) and v.min() < v.max()}
    for listing in ("images.json", "imagesV2.json", "geotiffImages.json"):
        listed = {e["property"] for e in json.loads((d / listing).read_text())}
        assert listed == expected, listing
    assert "wetMassPerArea" in expected


def test_v1_pngs_are_georeferenced_ramp_images(converted):
    d, points = converted["dir"], converted["points"]
    ramp = ramp_colours()
    for entry in json.loads((d / "images.json").read_text()):
        png = d / entry["file"]
        assert Path(str(png) + ".aux.xml").is_file()
        assert entry["ramp"]["nv"] == [0, 0, 0, 0] and entry["ramp"]["55%"] == [255, 240, 0]
        ds = gdal.Open(str(png))
        assert ds.GetDriver().ShortName == "PNG" and ds.RasterCount == 4
        assert ds.GetSpatialRef().GetAuthorityCode(None) == "3857"
        assert_holds_points(ds, points, entry["property"])
        rgba = ds.ReadAsArray()
        opaque = rgba[3] == 255
        assert opaque.sum() > 0.02 * opaque.size, f"{entry['property']}: almost empty"
        assert set(np.unique(rgba[3])) <= {0, 255}
        colours = {tuple(c) for c in np.unique(rgba[:3, opaque].T, axis=0)}
        assert colours <= ramp, f"{entry['property']}: colours off the ramp"
        assert (200, 0, 0) in colours and (0, 130, 0) in colours  # min and max cells are drawn


def test_v2_pngs_use_the_quantile_legend_and_extent(converted):
    d, points = converted["dir"], converted["points"]
    class_rgb = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in CLASS_CODES}
    for entry in json.loads((d / "imagesV2.json").read_text()):
        values = points["props"][entry["property"]]
        ranges = entry["legend"]["ranges"]
        assert [r["colorCode"] for r in ranges] == CLASS_CODES
        assert ranges[0]["min"] == pytest.approx(values.min(), rel=1e-9, abs=1e-9)
        assert ranges[-1]["max"] == pytest.approx(values.max(), rel=1e-9, abs=1e-9)
        assert all(a["max"] == b["min"] for a, b in zip(ranges, ranges[1:]))
        # Quantile bounds: numpy's default (linear) quantiles of the same values.
        inner = [r["min"] for r in ranges[1:]]
        assert inner == pytest.approx(np.quantile(values, [k / 7 for k in range(1, 7)]), rel=1e-6, abs=1e-6)
        ds = gdal.Open(str(d / entry["file"]))
        assert_holds_points(ds, points, entry["property"])
        rgba = ds.ReadAsArray()
        opaque = rgba[3] == 255
        assert opaque.any()
        assert {tuple(c) for c in np.unique(rgba[:3, opaque].T, axis=0)} <= class_rgb
        srs = ds.GetSpatialRef().Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        to_ll = osr.CoordinateTransformation(srs, wgs84())
        gt = ds.GetGeoTransform()
        west, north, _ = to_ll.TransformPoint(gt[0], gt[3])
        east, south, _ = to_ll.TransformPoint(gt[0] + gt[1] * ds.RasterXSize, gt[3] + gt[5] * ds.RasterYSize)
        ext = entry["extent"]
        assert (ext["xmin"], ext["xmax"], ext["ymin"], ext["ymax"]) == pytest.approx((west, east, south, north), abs=1e-9)
        assert ext["xmin"] <= points["lon"].min() and points["lon"].max() <= ext["xmax"]
        assert ext["ymin"] <= points["lat"].min() and points["lat"].max() <= ext["ymax"]


def test_geotiffs_hold_cell_means_within_the_point_values(converted):
    d, points = converted["dir"], converted["points"]
    widths = points["props"].get("equipmentWidth")
    if widths is not None:  # in the configuration's units; cells are sized in metres
        widths = widths * factors_to(d, {"equipmentWidth": "m"})["equipmentWidth"]
    for entry in json.loads((d / "geotiffImages.json").read_text()):
        ds = gdal.Open(str(d / entry["file"]))
        band = ds.GetRasterBand(1)
        assert gdal.GetDataTypeName(band.DataType) == "Float32"
        assert ds.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE") == "DEFLATE"
        code = ds.GetSpatialRef().GetAuthorityCode(None)
        zone = int(np.floor((np.median(points["lon"]) + 180) / 6)) + 1
        assert code == str((32600 if np.median(points["lat"]) >= 0 else 32700) + zone)
        assert_holds_points(ds, points, entry["property"])
        nodata = band.GetNoDataValue()
        assert nodata is not None
        cells = band.ReadAsArray()
        valid = cells[cells != nodata]
        assert valid.size > 0.02 * cells.size
        values = points["props"][entry["property"]]
        tol = 1e-5 * max(1.0, abs(values).max())  # float32 cells
        assert valid.min() >= values.min() - tol and valid.max() <= values.max() + tol, entry["property"]
        if widths is not None:
            assert ds.GetGeoTransform()[1] == pytest.approx(np.median(widths) / 2, rel=2e-3)
