"""Issue 15 point 7a for the tabular samples: each real shapefile / CSV / text sample in
../shared/data goes through `furrow convert --report` and its point count, bbox, time span and two
property means are checked against an independent reading (python3-gdal for .dbf/.shp, Python's
csv module for text). ISOXML samples are checked against npm isoxml in test_isoxml_pipeline.py.

Seconds in all: `--report` standardizes in memory and writes nothing. The largest sample
(jd-opscenter-oats-harvest, 97 383 points) is left to test_shapefile_formats.py.
"""
import csv
import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from osgeo import ogr, osr

from conftest import conversion_fidelity, DATA_DIR, FURROW_BIN
from test_column_vocabularies import as_zip

pytestmark = conversion_fidelity

LB_AC = 0.45359237 / 4046.8564224 * 10_000  # lb/ac in kg/ha
BU_AC = 35.23907016688 / 4046.8564224 * 10_000  # bu/ac in L/ha
FT = 0.3048


def report(path: Path, tmp_dir: Path) -> dict:
    r = subprocess.run([FURROW_BIN, "convert", str(as_zip(path, tmp_dir)), "--report"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    line = json.loads(r.stdout.splitlines()[0])
    assert line["status"] == "processed", line
    return line


def iso(ms: float) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def ogr_rows(zip_path: Path, shp_name: str = ""):
    """(lon, lat, items) of every feature, in WGS84 (polygon centroids), read by OGR from the zip."""
    names = zipfile.ZipFile(zip_path).namelist() if zip_path.suffix == ".zip" else []
    if zip_path.suffix == ".zip":
        shp_name = next(n for n in names if n.endswith(".shp") and "__MACOSX" not in n)
        ds = ogr.Open(f"/vsizip/{zip_path}/{shp_name}")
    else:
        ds = ogr.Open(str(zip_path))
    layer = ds.GetLayer()
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source = layer.GetSpatialRef()
    transform = None
    if source is not None and not source.IsSame(wgs84):
        source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(source, wgs84)
    out = []
    for feature in layer:
        g = feature.GetGeometryRef().Centroid()
        if transform is not None:
            g.Transform(transform)
        out.append((g.GetX(), g.GetY(), feature.items()))
    return out


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values)


def check(line, count, lons, lats, start, end, means):
    assert line["points"] == count
    figures = line["standard"]
    assert figures["bbox"] == pytest.approx([min(lons), min(lats), max(lons), max(lats)], abs=1e-7)
    assert figures["startTime"] == start
    assert figures["endTime"] == end
    for key, value in means.items():
        assert figures["means"][key] == pytest.approx(value, rel=1e-6), key


def test_jd_gen4_harvest_point_export(tmp_path):
    path = DATA_DIR / "jd-gen4-harvest" / "Gen4 - 4600 Harvest Data - Point - OneHertz.zip"
    rows = ogr_rows(path)
    line = report(path, tmp_path)
    times = sorted(r[2]["IsoTime"] for r in rows)
    check(line, len(rows), [r[0] for r in rows], [r[1] for r in rows], times[0], times[-1],
          {"harvestMoisture": mean(r[2]["Moisture"] for r in rows),
           "wetMassPerArea": mean(r[2]["WetMass"] for r in rows) * LB_AC,
           "dryVolumePerArea": mean(r[2]["VRYIELDVOL"] for r in rows) * BU_AC})


def test_jd_opscenter_wheat_seeding(tmp_path):
    path = DATA_DIR / "jd-opscenter-wheat-seeding" / "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Wheat (Hrd Rd Spr) seeding.zip"
    rows = ogr_rows(path)
    line = report(path, tmp_path)
    times = sorted(r[2]["IsoTime"] for r in rows)
    assert line["operationType"] == "planted"
    by_source = {c["source"]: c for c in line["conversionReport"]["columns"]}
    target_unit = by_source["TargtRt"]["unit"]
    factor = {"lb/ac": LB_AC, "seeds/ac": 10_000 / 4046.8564224}[target_unit]
    check(line, len(rows), [r[0] for r in rows], [r[1] for r in rows], times[0], times[-1],
          {"seedRateTarget": mean(r[2]["TargtRt"] for r in rows) * factor,
           "elevation": mean(r[2]["Elevatn"] for r in rows) * FT})


def test_sms_case_wheat_yield(tmp_path):
    path = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
    rows = ogr_rows(path)
    line = report(path, tmp_path)
    assert line["conversionReport"]["exporter"] == "Ag Leader SMS shapefile"
    # SMS times: the day + the session's start + the running sum of durations (documented in
    # record_time.hpp); the independent reading rebuilds them the same way.
    times, session, elapsed = [], None, 0.0
    for _, _, r in rows:
        if r["dataset"] != session:
            session, elapsed = r["dataset"], 0.0
        day = dt.datetime.strptime(r["time"], "%Y/%m/%d").replace(tzinfo=dt.timezone.utc)
        clock = dt.datetime.strptime(r["dataset"].split(" ")[0].split("-")[1], "%H:%M:%S")
        start = day + dt.timedelta(hours=clock.hour, minutes=clock.minute, seconds=clock.second)
        times.append((start.timestamp() + elapsed) * 1000)
        elapsed += r["durtn_s"] if r["durtn_s"] and r["durtn_s"] > 0 else 0
    check(line, len(rows), [r[0] for r in rows], [r[1] for r in rows], iso(min(times)), iso(max(times)),
          {"harvestMoisture": mean(r[2]["mostr__"] for r in rows),
           "dryVolumePerArea": mean(r[2]["yld_vl_d"] for r in rows) * BU_AC,
           "wetMassPerArea": mean(r[2]["yld_mss_w"] for r in rows) * LB_AC})


def test_agleader_basswood_yield_editor_shapefile(tmp_path):
    folder = DATA_DIR / "agleader-basswood-corn-2012"
    zip_path = tmp_path / "basswood.zip"
    with zipfile.ZipFile(zip_path, "w") as z:
        for suffix in (".shp", ".shx", ".dbf"):
            z.write(folder / f"2012-basswood{suffix}", f"2012-basswood{suffix}")
    rows = ogr_rows(folder / "2012-basswood.shp")
    line = report(zip_path, tmp_path)
    seconds = [r[2]["TIME"] for r in rows if r[2]["TIME"]]
    check(line, len(rows), [r[0] for r in rows], [r[1] for r in rows], iso(min(seconds) * 1000), iso(max(seconds) * 1000),
          {"harvestMoisture": mean(r[2]["MOISTURE"] for r in rows),
           "dryVolumePerArea": mean(r[2]["DRY_BU_AC"] for r in rows) * BU_AC,
           "cropFlow": mean(r[2]["FLOW"] for r in rows) * 0.45359237})


def test_csiro_grape_yield_csv(tmp_path):
    path = DATA_DIR / "csiro-grape-yield-csv" / "area1_yield_ascii_wgs84.csv"
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    line = report(path, tmp_path)
    # DateStamp/TimeStamp name no zone: the logger's local clock in South Australia (the first row's
    # GPS seconds, 1141508064 since 1980-01-06, are 2016-03-08 21:34:24 UTC without leap seconds:
    # 08:04:24 ACDT, its TimeStamp; the year is shifted upstream). furrow reads them in the zone at
    # the position, which Python's zoneinfo converts here.
    assert line["conversionReport"]["timeZone"] == "Australia/Adelaide"
    adelaide = ZoneInfo("Australia/Adelaide")
    times = [dt.datetime.strptime(f"{r['DateStamp']} {r['TimeStamp']}", "%d/%m/%Y %H:%M:%S").replace(tzinfo=adelaide)
             for r in rows]
    yields = [float(r["Yield"]) for r in rows if r["Yield"].strip()]
    check(line, len(rows), [float(r["Lon"]) for r in rows], [float(r["Lat"]) for r in rows],
          iso(min(times).timestamp() * 1000), iso(max(times).timestamp() * 1000),
          {"wetMassPerArea": sum(yields) / len(yields) * 1000,
           "elevation": mean(float(r["Altitude"]) for r in rows)})


def test_agleader_advanced_export_text(tmp_path):
    path = DATA_DIR / "agleader-advexport-yieldcleanr" / "sample1.txt"
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if len(r) >= 14]
    line = report(path, tmp_path)
    seconds = [float(r[3]) for r in rows]
    check(line, len(rows), [float(r[0]) for r in rows], [float(r[1]) for r in rows], iso(min(seconds) * 1000),
          iso(max(seconds) * 1000),
          {"cropFlow": mean(float(r[2]) for r in rows) * 0.45359237,
           "harvestMoisture": mean(float(r[7]) for r in rows)})
