"""One column catalogue for every tabular reader (issue 15 points 1, 2, 3, 7b, 7c).

A real John Deere Gen4 harvest export (2 514 points, with its Deere-Metadata.json) is re-written the
way other exporters would write the same data: ADAPT representation codes in a CSV, the same codes
cut to the 10 characters a .dbf allows, Ag Leader display headers in metric units (values converted)
in an ISO-8859-1 file, naive times, and only the dry yield. The standard numbers must not move.
Rows are read from the original with OGR (python3-gdal), not with furrow. Runs `furrow convert`
directly (no server): a few seconds in all.
"""
import csv
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from osgeo import ogr, osr

from conftest import conversion_fidelity, DATA_DIR, FURROW_BIN

pytestmark = conversion_fidelity

HARVEST_ZIP = DATA_DIR / "jd-gen4-harvest" / "Gen4 - 4600 Harvest Data - Point - OneHertz.zip"
PRESCRIPTION_ZIP = DATA_DIR / "prescription-zones" / "Prescription With Colors.zip"
FOOT = 0.3048
LB_PER_AC_IN_KG_PER_HA = 0.45359237 / 4046.8564224 * 10_000
BU_AC = 35.23907016688 / 4046.8564224 * 10_000  # bu/ac in L/ha
STANDARD_MEANS = ("wetMassPerArea", "dryMassPerArea", "wetVolumePerArea", "dryVolumePerArea", "harvestMoisture", "wetMass",
                  "dryMass", "dryVolume", "area", "distance", "equipmentWidth", "heading", "elevation")


def as_zip(path: Path, tmp_dir: Path) -> Path:
    """`furrow convert` reads uploads, which are zips: a loose file goes into one."""
    if path.suffix == ".zip":
        return path
    zip_path = tmp_dir / (path.stem + ".zip")
    with zipfile.ZipFile(zip_path, "w") as z:
        z.write(path, path.name)
    return zip_path


def convert(path: Path, tmp_dir: Path) -> dict:
    """`furrow convert --report`: reads and standardizes in memory, prints the report and the
    standard points' figures (bbox, time span, means), writes nothing."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([FURROW_BIN, "convert", str(as_zip(path, tmp_dir)), "--report"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    lines = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0]["status"] == "processed", lines[0]
    return lines[0]


def source_rows() -> list:
    """The original .dbf rows and positions, read by OGR straight from the zip."""
    name = next(n for n in zipfile.ZipFile(HARVEST_ZIP).namelist() if n.endswith(".shp"))
    ds = ogr.Open(f"/vsizip/{HARVEST_ZIP}/{name}")
    rows = []
    for feature in ds.GetLayer():
        row = feature.items()
        geometry = feature.GetGeometryRef()
        row["lon"], row["lat"] = geometry.GetX(), geometry.GetY()
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    out = tmp_path_factory.mktemp("baseline")
    return convert(HARVEST_ZIP, out)


@pytest.fixture(scope="module")
def rows():
    return source_rows()


def assert_same_numbers(line: dict, baseline: dict, times: bool = True):
    assert line["standard_points"] == baseline["standard_points"]
    got, want = line["standard"], baseline["standard"]
    assert got["bbox"] == pytest.approx(want["bbox"], abs=1e-9)
    for key in STANDARD_MEANS:
        assert got["means"][key] == pytest.approx(want["means"][key], rel=1e-6), key
    if times:
        assert (got["startTime"], got["endTime"]) == (want["startTime"], want["endTime"])


def write_csv(path: Path, header: list, records: list, encoding: str = "utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(records)


def test_baseline_matches_an_independent_reading(baseline, rows):
    # The raw points are the .dbf rows; the yield is WetMass lb/ac and Deere's own VRYIELDVOL bu/ac.
    assert baseline["points"] == len(rows) == 2514
    wet_mean = sum(r["WetMass"] for r in rows) / len(rows) * LB_PER_AC_IN_KG_PER_HA
    assert baseline["standard"]["means"]["wetMassPerArea"] == pytest.approx(wet_mean, rel=1e-6)
    report = baseline["conversionReport"]
    assert report["exporter"].startswith("John Deere")
    by_source = {c["source"]: c for c in report["columns"]}
    assert by_source["WetMass"]["property"] == "wetMassPerArea"
    assert by_source["WetMass"]["unit"] == "lb/ac" and by_source["WetMass"]["unitFrom"] == "Deere-Metadata.json"
    assert "SECTIONID" in report["unmappedColumns"]
    assert report["operationTypeReason"].startswith("harvested")


def adapt_records(rows, time_of=lambda r: r["IsoTime"]):
    return [[r["lon"], r["lat"], time_of(r), r["WetMass"], r["Moisture"], r["SWATHWIDTH"], r["VRYIELDVOL"], r["DISTANCE"],
             r["Heading"], r["Elevation"], "CORN_WET"] for r in rows]


ADAPT_HEADER = ["Longitude", "Latitude", "Time", "vrYieldWetMassPerArea", "vrHarvestMoisture", "vrSwathWidth",
                "vrYieldVolumePerArea", "vrDistanceTraveled", "vrHeading", "vrElevation", "Crop"]


def test_adapt_codes_in_a_csv_give_the_same_numbers(baseline, rows, tmp_path):
    path = tmp_path / "adapt.csv"
    write_csv(path, ADAPT_HEADER, adapt_records(rows))
    line = convert(path, tmp_path / "out")
    assert_same_numbers(line, baseline)
    mapped = {c["source"]: c["property"] for c in line["conversionReport"]["columns"]}
    assert mapped["vrYieldVolumePerArea"] == "dryVolumePerArea"
    assert mapped["vrSwathWidth"] == "equipmentWidth"


def test_naive_times_keep_the_numbers(baseline, rows, tmp_path):
    path = tmp_path / "naive.csv"
    write_csv(path, ADAPT_HEADER, adapt_records(rows, time_of=lambda r: r["IsoTime"].rstrip("Z")))
    assert_same_numbers(convert(path, tmp_path / "out"), baseline, times=False)


def test_codes_cut_to_ten_characters_in_a_shapefile(baseline, rows, tmp_path):
    path = tmp_path / "cut.shp"
    driver = ogr.GetDriverByName("ESRI Shapefile")
    ds = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    layer = ds.CreateLayer("cut", srs, ogr.wkbPoint)
    fields = [("vrYieldWet", "WetMass"), ("vrHarvestM", "Moisture"), ("vrSwathWid", "SWATHWIDTH"), ("vrYieldVol", "VRYIELDVOL"),
              ("vrDistance", "DISTANCE"), ("vrHeading", "Heading"), ("vrElevatio", "Elevation")]
    for name, _ in fields:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal))
    for name in ("Time", "Crop"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for r in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, source in fields:
            feature.SetField(name, r[source])
        feature.SetField("Time", r["IsoTime"])
        feature.SetField("Crop", "CORN_WET")
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(r["lon"], r["lat"])
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    ds = None
    zip_path = tmp_path / "cut.zip"
    with zipfile.ZipFile(zip_path, "w") as z:
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            z.write(path.with_suffix(suffix), "cut" + suffix)
    line = convert(zip_path, tmp_path / "out")
    assert_same_numbers(line, baseline)
    mapped = {c["source"]: c["property"] for c in line["conversionReport"]["columns"]}
    assert mapped["vrYieldWet"] == "wetMassPerArea"
    assert mapped["vrYieldVol"] == "dryVolumePerArea"


def test_agleader_metric_headers_in_iso_8859_1(baseline, rows, tmp_path):
    # Units changed (values converted), a degree sign and an accented unmapped column in Latin-1.
    header = ["Longitude", "Latitude", "Time", "Yld Mass(Wet)(kg/ha)", "Moisture(%)", "Swth Wdth(m)", "Yld Vol(Dry)(bu/ac)",
              "Distance(m)", "Track(°)", "Elevation(m)", "Crop", "Variété"]
    records = [[r["lon"], r["lat"], r["IsoTime"], repr(r["WetMass"] * LB_PER_AC_IN_KG_PER_HA), r["Moisture"],
                repr(r["SWATHWIDTH"] * FOOT), r["VRYIELDVOL"], repr(r["DISTANCE"] * FOOT), r["Heading"],
                repr(r["Elevation"] * FOOT), "CORN_WET", "Hélène"] for r in rows]
    path = tmp_path / "agleader.csv"
    write_csv(path, header, records, encoding="latin-1")
    line = convert(path, tmp_path / "out")
    assert_same_numbers(line, baseline)
    report = line["conversionReport"]
    by_source = {c["source"]: c for c in report["columns"]}
    assert by_source["Track(°)"]["property"] == "heading"
    assert by_source["Yld Mass(Wet)(kg/ha)"]["unit"] == "kg/ha" and by_source["Yld Mass(Wet)(kg/ha)"]["unitFrom"] == "header"
    assert "Variété" in report["unmappedColumns"]
    assert any("Windows-1252" in w for w in report["warnings"])


def test_dry_yield_alone_gives_the_wet_yield(rows, tmp_path):
    # Only Deere's dry volume, crop corn (56 lb/bu, 15 % standard moisture in docs/CROPS.md):
    # wet mass = dry volume x density x (100 - 15) / (100 - moisture), by hand per point.
    header = ["Longitude", "Latitude", "Time", "vrHarvestMoisture", "vrSwathWidth", "vrYieldVolumePerArea",
              "vrDistanceTraveled", "Crop"]
    records = [[r["lon"], r["lat"], r["IsoTime"], r["Moisture"], r["SWATHWIDTH"], r["VRYIELDVOL"], r["DISTANCE"], "CORN"]
               for r in rows]
    path = tmp_path / "dry.csv"
    write_csv(path, header, records)
    r = subprocess.run([FURROW_BIN, "convert", str(as_zip(path, tmp_path)), "--report"], capture_output=True, text=True,
                       timeout=120)
    line = json.loads(r.stdout.splitlines()[0])
    assert line["status"] == "processed", line
    assert line["crop"] == "corn"
    assert set(line["conversionReport"]["derived"]) == {"wetMassPerArea", "dryMassPerArea", "wetVolumePerArea"}
    density = 56 * 0.45359237 / 35.23907016688
    wet = [r["VRYIELDVOL"] * BU_AC * density * 85 / (100 - r["Moisture"]) for r in rows]
    assert line["standard"]["means"]["wetMassPerArea"] == pytest.approx(sum(wet) / len(wet), rel=1e-9)
    dry = [r["VRYIELDVOL"] * BU_AC * density for r in rows]
    assert line["standard"]["means"]["dryMassPerArea"] == pytest.approx(sum(dry) / len(dry), rel=1e-9)


def test_a_prescription_layer_is_named_as_such(tmp_path):
    r = subprocess.run([FURROW_BIN, "convert", str(PRESCRIPTION_ZIP), "--report"], capture_output=True, text=True, timeout=120)
    line = json.loads(r.stdout.splitlines()[0])
    assert line["status"] == "failed"
    assert "a prescription (rate zones), not machine data" in line["message"]
    ds = ogr.Open(f"/vsizip/{PRESCRIPTION_ZIP}/ALF_Rose_West_Sac__M__Jun23_15_spreadmap_19_zones_1.shp")
    assert f"{ds.GetLayer().GetFeatureCount()} polygons with a rate (rate) and no times" in line["message"]


def test_convert_report_prints_the_report_without_writing(tmp_path):
    r = subprocess.run([FURROW_BIN, "convert", str(HARVEST_ZIP), "--report"], capture_output=True, text=True, timeout=120,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    line = json.loads(r.stdout.splitlines()[0])
    assert line["status"] == "processed"
    assert line["operationType"] == "harvested"
    assert {"exporter", "columns", "unmappedColumns", "warnings", "operationTypeReason", "derived"} <= set(line["conversionReport"])
    assert list(tmp_path.iterdir()) == []
