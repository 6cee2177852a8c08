"""Times that are true (issue 15 point 4): every time source is vetted.

CCI's ISOXML task TSK1 logs each record's own time (TIM A) but no GPS time. It is re-written the way
a receiver with a GPS clock would log it: PTN H (GPS ms of the day) and I (days since 1980) added to
every record. With a garbage GPS date (the year 2149) the record times must be kept and the
replacement reported; with a true GPS time two hours off the terminal's clock, the GPS time wins.
Deere's Gen4 corn export (Iowa) written as a CSV with naive times must come out in UTC by the zone
of its position (or the one the user names). The expected times are npm isoxml's reading of the
published task, OGR's reading of the .dbf and hand arithmetic. Runs `furrow convert --report`.
"""
import csv
import datetime as dt
import json
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from osgeo import ogr

from conftest import OPS, DATA_DIR, FURROW_BIN, create_user, files_of_batch, upload_ok, wait_batch
from isoxml_helpers import cci_subset, iso_ms, ms_of, run_reference, tlg_records, zip_files_as_taskdata

DAYS_1970_TO_1980 = 3652


def with_gps_times(files: dict[str, bytes], gps_of) -> dict[str, bytes]:
    """Every TLG of `files` with PTN H and I appended after the PTN fields it has; gps_of(record
    ms since the epoch) -> (days since 1980, ms of the day) gives their values."""
    out = dict(files)
    for name in [n for n in files if n.upper().startswith("TLG") and n.upper().endswith(".XML")]:
        header, binary = files[name], files[name[:-4] + ".bin"]
        root = ET.fromstring(header)
        ptn = root.find("PTN")
        assert ptn.get("H") is None and ptn.get("I") is None and root.get("A") == ""
        new = bytearray()
        for start, end, offs in tlg_records(header, binary):
            ms, days = struct.unpack_from("<IH", binary, start)
            after_ptn = max(off + struct.calcsize("<" + code) for off, code in offs.values())
            gps_days, gps_ms = gps_of((days + DAYS_1970_TO_1980) * 86_400_000 + ms)
            new += binary[start:after_ptn] + struct.pack("<IH", gps_ms, gps_days) + binary[after_ptn:end]
        ptn.set("H", "")
        ptn.set("I", "")
        out[name] = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
        out[name[:-4] + ".bin"] = bytes(new)
    return out


def convert(files: dict[str, bytes], tmp_path) -> dict:
    path = tmp_path / "TASKDATA.zip"
    path.write_bytes(zip_files_as_taskdata(files))
    r = subprocess.run([FURROW_BIN, "convert", str(path), "--report"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    (line,) = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    assert line["status"] == "processed", line
    return line


def test_a_garbage_gps_date_keeps_the_record_times_and_says_so(tmp_path):
    files = cci_subset(["TSK1"])
    (task,) = run_reference(zip_files_as_taskdata(files))["tasks"]
    garbage_days = (dt.date(2149, 6, 1) - dt.date(1980, 1, 1)).days  # 62 000-odd: a uint16 the receiver filled
    line = convert(with_gps_times(files, lambda t: (garbage_days, t % 86_400_000)), tmp_path)
    assert (line["standard"]["startTime"], line["standard"]["endTime"]) == (task["first"], task["last"])
    (warning,) = [w for w in line["conversionReport"]["warnings"] if w.startswith("times:")]
    assert warning.startswith(f"times: {task['positioned']} of {task['positioned']} points have a GPS date")
    assert "2149-06-01T" in warning and task["first"] in warning


def test_a_true_gps_time_wins_over_a_terminal_clock_two_hours_off(tmp_path):
    files = cci_subset(["TSK1"])
    (task,) = run_reference(zip_files_as_taskdata(files))["tasks"]
    two_hours = 2 * 3_600_000

    def gps_of(t):
        t += two_hours
        return t // 86_400_000 - DAYS_1970_TO_1980, t % 86_400_000

    line = convert(with_gps_times(files, gps_of), tmp_path)
    assert line["standard"]["startTime"] == iso_ms(ms_of(task["first"]) + two_hours)
    assert line["standard"]["endTime"] == iso_ms(ms_of(task["last"]) + two_hours)
    assert not [w for w in line["conversionReport"]["warnings"] if w.startswith("times:")]


# --------------------------------------------------------------------------------------------
# Times without a zone: the zone of the position, or the one the user names
# --------------------------------------------------------------------------------------------

GEN4_CORN_ZIP = DATA_DIR / "jd-gen4-harvest" / "Gen4 - 4600 Harvest Data - Point - OneHertz.zip"
TZ_LOOKUP_JS = Path(__file__).resolve().parents[2] / "third_party" / "tz-lookup" / "node_modules" / "@photostructure" / "tz-lookup" / "tz.js"


def gen4_csv(tmp_path, time_of) -> Path:
    """Deere's Gen4 corn export (Iowa, October 2017) as a generic CSV with times written by `time_of`."""
    name = next(n for n in zipfile.ZipFile(GEN4_CORN_ZIP).namelist() if n.endswith(".shp"))
    ds = ogr.Open(f"/vsizip/{GEN4_CORN_ZIP}/{name}")
    path = tmp_path / "naive.csv"
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Longitude", "Latitude", "Time", "vrYieldWetMassPerArea", "vrHarvestMoisture", "vrSwathWidth"])
        for feature in ds.GetLayer():
            g = feature.GetGeometryRef()
            out.writerow([g.GetX(), g.GetY(), time_of(feature["IsoTime"]), feature["WetMass"], feature["Moisture"],
                          feature["SWATHWIDTH"]])
    with zipfile.ZipFile(tmp_path / "naive.zip", "w") as z:
        z.write(path, path.name)
    return tmp_path / "naive.zip"


def convert_csv(path: Path, *extra: str) -> dict:
    r = subprocess.run([FURROW_BIN, "convert", str(path), "--report", *extra], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    line = json.loads(r.stdout.splitlines()[0])
    assert line["status"] == "processed", line
    return line


def iso_times(tmp_path):
    name = next(n for n in zipfile.ZipFile(GEN4_CORN_ZIP).namelist() if n.endswith(".shp"))
    ds = ogr.Open(f"/vsizip/{GEN4_CORN_ZIP}/{name}")
    first = ds.GetLayer().GetNextFeature()
    lat, lon = first.GetGeometryRef().GetY(), first.GetGeometryRef().GetX()
    times = sorted(f["IsoTime"] for f in ds.GetLayer())
    return times[0], times[-1], lat, lon


def shifted(iso_text: str, hours: int) -> str:
    return iso_ms(ms_of(iso_text) + hours * 3_600_000)


def test_naive_local_times_at_a_us_position_become_utc(tmp_path):
    first, last, lat, lon = iso_times(tmp_path)
    # The same wall-clock digits, without the zone: a logger in Iowa writing local time.
    line = convert_csv(gen4_csv(tmp_path, lambda t: t.rstrip("Z")))
    # npm tz-lookup (the same boundaries, read by node) names the zone independently.
    node = subprocess.run(["node", "-e", f"console.log(require({str(TZ_LOOKUP_JS)!r})({lat}, {lon}))"],
                          capture_output=True, text=True, timeout=60)
    assert node.returncode == 0, node.stderr
    assert node.stdout.strip() == "America/Chicago"
    assert line["conversionReport"]["timeZone"] == "America/Chicago"
    # By hand: 27 October 2017 is daylight time in Iowa (CDT, UTC-5; US DST ended on 5 November 2017).
    assert first.startswith("2017-10-27T")
    assert (line["standard"]["startTime"], line["standard"]["endTime"]) == (shifted(first, 5), shifted(last, 5))
    assert any("America/Chicago" in w and "no zone" in w for w in line["conversionReport"]["warnings"])


def test_the_user_names_the_zone_of_naive_times(tmp_path):
    first, last, _, _ = iso_times(tmp_path)
    line = convert_csv(gen4_csv(tmp_path, lambda t: t.rstrip("Z")), "--time-zone", "America/Denver")
    assert line["conversionReport"]["timeZone"] == "America/Denver"  # MDT, UTC-6
    assert (line["standard"]["startTime"], line["standard"]["endTime"]) == (shifted(first, 6), shifted(last, 6))
    r = subprocess.run([FURROW_BIN, "convert", str(tmp_path / "naive.zip"), "--report", "--time-zone", "Mars/Base"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "not an IANA time zone" in r.stderr


def test_a_leaf_users_time_zone_applies_to_its_uploads(tmp_path, api):
    """The configuration's timeZone (a furrow key, docs/CONFIGURATIONS.md) is the server's --time-zone."""
    first, last, _, _ = iso_times(tmp_path)
    archive = gen4_csv(tmp_path, lambda t: t.rstrip("Z")).read_bytes()
    user = create_user(api)
    path = f"/services/config/api/configs/{user['id']}"
    bad = api.post(path, json={"timeZone": "Mars/Base"})
    assert bad.status_code == 400 and "not an IANA time zone" in bad.text, bad.text
    # Cleanup off: the first and last points stay, whatever their values.
    assert api.post(path, json={"timeZone": "America/Denver", "cleanupStandardGeojson": False}).status_code == 201
    batch = wait_batch(api, upload_ok(api, archive, user["id"])["id"], timeout=120)
    files, _ = files_of_batch(api, batch["id"])
    assert [f["status"] for f in files] == ["processed"], files
    summary = api.get(f"{OPS}/files/{files[0]['id']}/summary").json()["properties"]
    assert summary["conversionReport"]["timeZone"] == "America/Denver", summary["conversionReport"]
    assert (files[0]["startTime"], files[0]["endTime"]) == (shifted(first, 6), shifted(last, 6))


def test_an_uploads_time_zone_wins_over_the_leaf_users(tmp_path, api):
    """?timeZone= on the upload names the zone of that upload's naive times, over the configuration's
    (America/Denver, MDT, UTC-6 vs America/Los_Angeles, PDT, UTC-7 on 27 October 2017)."""
    from conftest import assert_problem, upload

    first, last, _, _ = iso_times(tmp_path)
    archive = gen4_csv(tmp_path, lambda t: t.rstrip("Z")).read_bytes()
    user = create_user(api)
    path = f"/services/config/api/configs/{user['id']}"
    assert api.post(path, json={"timeZone": "America/Denver", "cleanupStandardGeojson": False}).status_code == 201
    assert_problem(upload(api, archive, user["id"], params={"timeZone": "Mars/Base"}), 400, parameter="timeZone")
    batch = wait_batch(api, upload_ok(api, archive, user["id"], params={"timeZone": "America/Los_Angeles"})["id"],
                       timeout=120)
    files, _ = files_of_batch(api, batch["id"])
    assert [f["status"] for f in files] == ["processed"], files
    summary = api.get(f"{OPS}/files/{files[0]['id']}/summary").json()["properties"]
    assert summary["conversionReport"]["timeZone"] == "America/Los_Angeles", summary["conversionReport"]
    assert (files[0]["startTime"], files[0]["endTime"]) == (shifted(first, 7), shifted(last, 7))


def test_times_with_a_zone_stay_as_written(tmp_path):
    first, last, _, _ = iso_times(tmp_path)
    line = convert_csv(gen4_csv(tmp_path, lambda t: t.replace("Z", "-00:00")))
    assert "timeZone" not in line["conversionReport"]
    assert (line["standard"]["startTime"], line["standard"]["endTime"]) == (first, last)
