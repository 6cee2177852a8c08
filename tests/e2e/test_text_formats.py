"""Yield-monitor text files (CSV reader) end to end, against an independent reading.

The six text samples of shared/data (Ag Leader Advanced Export .txt x5, CSIRO grape .csv) are
zipped with a README.txt beside them and uploaded; each must end as one processed harvested file,
and its standardGeojson must agree with this test's own reading of the text with Python's csv module:
point count, first and last timestamp, and two property means in the file's own units, converted to
the unit furrow's /units names by the published definitions (published_units.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
from zoneinfo import ZoneInfo

import pytest

from conftest import conversion_fidelity, OPS, assert_status, create_user, files_of_batch, make_zip, upload_ok, wait_batch

from conftest import DATA_DIR  # noqa: E402
from published_units import factor  # noqa: E402

pytestmark = conversion_fidelity

README = b"Exported from the yield monitor. Columns: lon, lat, flow, moisture.\n"


def utc_ms_text(ms: int) -> str:
    t = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def mean(values):
    values = [v for v in values if v is not None]
    assert values, "no values to average"
    return math.fsum(values) / len(values)


def agleader_reading(text: str) -> dict:
    """Ag Leader Advanced Export: lon, lat, flow, GPS time (Unix s), interval, distance (in),
    swath (in), moisture (%), ...; altitude (ft) last in 16/17-field records."""
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    times = [int(r[3]) * 1000 for r in rows]
    return {
        "points": len(rows),
        "first": utc_ms_text(times[0]),
        "last": utc_ms_text(times[-1]),
        "means": {
            "harvestMoisture": (mean(float(r[7]) for r in rows), "percentage"),
            "equipmentWidth": (mean(float(r[6]) for r in rows), "in"),
        },
    }


def csiro_reading(text: str) -> dict:
    """CSIRO grape CSV: header; DateStamp d/mm/yyyy + TimeStamp H:MM:SS (no zone: the logger's local
    clock in South Australia, which furrow reads in the zone at the position, docs/FORMATS.md "Times");
    Yield in t/ha with empty cells; RowWidth m; Altitude m."""
    rows = list(csv.DictReader(io.StringIO(text)))

    def when(r):
        d, m, y = (int(p) for p in r["DateStamp"].split("/"))
        hh, mm, ss = (int(p) for p in r["TimeStamp"].split(":"))
        return int(dt.datetime(y, m, d, hh, mm, ss, tzinfo=ZoneInfo("Australia/Adelaide")).timestamp() * 1000)

    return {
        "points": len(rows),
        "first": utc_ms_text(when(rows[0])),
        "last": utc_ms_text(when(rows[-1])),
        "means": {
            "equipmentWidth": (mean(float(r["RowWidth"]) for r in rows), "m"),
            "elevation": (mean(float(r["Altitude"]) for r in rows), "m"),
            "wetMassPerArea": (mean(float(r["Yield"]) if r["Yield"] != "" else None for r in rows), "t/ha"),
        },
    }


SAMPLES = {
    "basswood": ("agleader-basswood-corn-2012/2012-basswood.txt", agleader_reading),
    "sample1": ("agleader-advexport-yieldcleanr/sample1.txt", agleader_reading),
    "sample2": ("agleader-advexport-yieldcleanr/sample2.txt", agleader_reading),
    "sample3": ("agleader-advexport-yieldcleanr/sample3.txt", agleader_reading),
    "sample4": ("agleader-advexport-yieldcleanr/sample4.txt", agleader_reading),
    "csiro": ("csiro-grape-yield-csv/area1_yield_ascii_wgs84.csv", csiro_reading),
}
EXPECTED_POINTS = {"basswood": 4240, "sample1": 21917, "sample2": 36869, "sample3": 31815, "sample4": 19495,
                   "csiro": 14756}


@pytest.fixture(scope="module")
def runs(api):
    user = create_user(api)
    batches, readings = {}, {}
    for name, (rel, reader) in SAMPLES.items():
        path = DATA_DIR / rel
        if not path.exists():
            pytest.fail(f"text sample missing: {path} (shared/data must sit beside the repo or "
                        f"FURROW_SHARED_DATA must point at it)")
        data = path.read_bytes()
        readings[name] = reader(data.decode("utf-8"))
        archive = make_zip([("README.txt", README), (f"export/{path.name}", data)])
        batches[name] = upload_ok(api, archive, user["id"], provider="Other", filename=f"{name}.zip")
    out = {}
    for name in SAMPLES:
        final = wait_batch(api, batches[name]["id"], timeout=300)
        files, _ = files_of_batch(api, final["id"])
        out[name] = {"batch": final, "files": files, "reading": readings[name]}
    return out


def standard_geojson(api, file_id: str) -> dict:
    r = api.get(f"{OPS}/files/{file_id}")
    assert_status(r, 200)
    f = r.json()
    assert f.get("downloadStandardGeojson"), f
    g = api.get(f["downloadStandardGeojson"])
    assert_status(g, 200)
    return g.json()


@pytest.mark.parametrize("name", list(SAMPLES))
def test_sample_is_one_processed_harvested_csv_file(runs, name):
    run = runs[name]
    assert run["batch"]["status"] == "PROCESSED", run["batch"]
    assert len(run["files"]) == 1, f"README.txt must not become a file: {run['files']}"
    f = run["files"][0]
    assert f["status"] == "processed", f
    assert f["fileFormat"] == "CSV", f
    assert f.get("operationType") == "harvested", f
    assert run["reading"]["points"] == EXPECTED_POINTS[name]  # SOURCE.md's count: the reading is right


@pytest.mark.parametrize("name", list(SAMPLES))
def test_standard_geojson_matches_the_csv_module_reading(runs, api, name):
    run = runs[name]
    ref = run["reading"]
    geo = standard_geojson(api, run["files"][0]["id"])
    features = geo["features"]
    assert len(features) == ref["points"]
    assert features[0]["properties"]["timestamp"] == ref["first"]
    assert features[-1]["properties"]["timestamp"] == ref["last"]
    units = api.get(f"{OPS}/files/{run['files'][0]['id']}/units").json()
    for key, (source_mean, source_unit) in ref["means"].items():
        expected = source_mean * factor(source_unit, units[key])
        got = mean(f["properties"].get(key) for f in features)
        assert math.isclose(got, expected, rel_tol=1e-6), f"{name}: mean {key} {got} != {expected}"
