"""ISOXML end to end, against an independent reading.

The four real ISOXML samples of shared/data are uploaded to furrow; furrow's standardGeojson,
summary, units and status are compared with
  * the npm `isoxml` package (dev4Agriculture) reading the same bytes (isoxml_reference/), with the
    DDI scales of shared/spec/ddi.md applied to its raw values by this test, and
  * pyproj (WGS84 geodesics) and shapely for distances and areas.
Nothing is compared with furrow's own earlier output.
"""
from __future__ import annotations

import io
import math
import zipfile

import pytest

from shapely.geometry import shape

from conftest import assert_status, create_user, files_of_batch, parse_iso, upload_ok, wait_batch
from summary_geometry import check_summary_geometry
from isoxml_helpers import (
    ALL_MAPPED_DDIS, PROPERTY_DDIS, WORK_STATE_DDI, close, file_outputs, geodesic_area,
    geodesic_steps, iso_ms, match_files_to_tasks, ms_of, offset_note, parse_ts, pick_series,
    real_sets, reference_property, run_reference,
)

CANONICAL_UNITS = {
    "speed": {"m/s"}, "heading": {"arcdeg"}, "elevation": {"m"}, "distance": {"m"},
    "equipmentWidth": {"m"}, "area": {"m2"}, "harvestMoisture": {"percentage"},
    "wetMassPerArea": {"kg/ha"}, "wetMass": {"kg"}, "dryMassPerArea": {"kg/ha"}, "dryMass": {"kg"},
    "wetVolumePerArea": {"L/ha"}, "wetVolume": {"L"}, "cropFlow": {"kg/s"},
    "appliedRate": {"kg/ha", "L/ha"}, "appliedRateTarget": {"kg/ha", "L/ha"},
    "seedRate": {"seeds/ha"}, "fuelRate": {"L/h"},
}
STEPS = ["originalFile", "rawGeojson", "standardGeojson", "filteredGeojson", "summary", "units", "propertiesPNGs",
         "zippedPNGs"]
TOPCON_MESSAGE = "unsupported operation type: unknown"

NEVER_DERIVED = {"harvestMoisture", "seedRate", "appliedRate", "appliedRateTarget"}

# Properties that must be compared with the reading for each set (at least two per set).
REQUIRED_COMPARISONS = {
    "cci": {"harvestMoisture", "wetMassPerArea", "equipmentWidth"},
    "krone": {"speed", "equipmentWidth", "fuelRate"},
    "kverneland": {"equipmentWidth", "seedRate"},
}


# --------------------------------------------------------------------------------------------
# One upload of the four sets for the whole module; the reading runs while furrow works.
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(api):
    sets = real_sets()
    user = create_user(api)
    batches = {name: upload_ok(api, s["data"], user["id"], provider="Other", filename=s["filename"])
               for name, s in sets.items()}
    refs = {name: run_reference(s["data"], series=True, ddis=ALL_MAPPED_DDIS) for name, s in sets.items()}
    out = {}
    for name, s in sets.items():
        final = wait_batch(api, batches[name]["id"], timeout=180)
        files, _ = files_of_batch(api, final["id"])
        outputs = [file_outputs(api, f["id"]) for f in files]
        out[name] = {"set": s, "batch": final, "files": files, "outputs": outputs, "ref": refs[name],
                     "processed": [o for o in outputs if o["file"].get("status") == "processed"]}
    return out


def pairs_of(runs, name):
    run = runs[name]
    assert run["processed"], f"{name}: no processed file: {[o['file'] for o in run['outputs']]}"
    return match_files_to_tasks(run["processed"], run["ref"]["tasks"])


# --------------------------------------------------------------------------------------------
# Batches, files, steps
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_one_processed_file_per_task_with_time_logs(runs, name):
    run = runs[name]
    ref_tasks = run["ref"]["tasks"]
    assert ref_tasks, f"{name}: the isoxml reading found no task with time logs"
    assert all(not t["parsingErrors"] for t in ref_tasks), \
        [t["parsingErrors"] for t in ref_tasks]
    statuses = {o["file"]["id"]: (o["file"].get("status"), o["file"].get("statusMessage")) for o in run["outputs"]}
    assert run["batch"]["status"] == "PROCESSED", (run["batch"], statuses)
    assert len(run["files"]) == len(ref_tasks), (
        f"{name}: furrow made {len(run['files'])} machine files, isoxml finds {len(ref_tasks)} tasks with "
        f"time logs ({[t['id'] for t in ref_tasks]}); file statuses {statuses}")
    assert all(s == "processed" for s, _ in statuses.values()), f"{name}: {statuses}"
    if name == "cci":
        # 21 TLG pairs in 19 TSKs (TSK6 and TSK14 hold two TLGs each; there is no TSK9).
        assert sum(len(t["timeLogs"]) for t in ref_tasks) == 21
    pairs_of(runs, name)  # every file matches exactly one task


def test_topcon_tractor_only_fails_as_unknown_operation(runs):
    run = runs["topcon"]
    assert run["batch"]["status"] == "FAILED", run["batch"]
    assert len(run["outputs"]) == 1, [o["file"] for o in run["outputs"]]
    out = run["outputs"][0]
    assert out["file"]["status"] == "failed", out["file"]
    assert out["file"]["fileFormat"] == "ISO11783", out["file"]
    steps = out["status"]
    assert set(steps) == set(STEPS), steps
    assert steps["standardGeojson"]["status"] == "failed", steps
    assert steps["standardGeojson"]["message"] == TOPCON_MESSAGE, steps["standardGeojson"]
    assert steps["originalFile"]["status"] == "processed", steps
    assert steps["rawGeojson"]["status"] == "processed", steps
    # the reading agrees: of the DDIs furrow maps to properties, only the tractor's speed is logged
    task = run["ref"]["tasks"][0]
    logged = {int(v["ddi"], 16) for v in task["values"].values()}
    assert logged <= {0x018D}, logged


@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_file_resource_and_downloads(runs, api, name):
    run = runs[name]
    for out, task in pairs_of(runs, name):
        f = out["file"]
        assert f["status"] == "processed", f
        assert f["fileFormat"] == "ISO11783", f
        assert f["operationType"] == run["set"]["operationType"], (f["operationType"], f["fileName"])
        for key, ref_value in (("startTime", task["first"]), ("endTime", task["last"])):
            got = instant_ms(f.get(key))
            assert got == ms_of(ref_value), (f"{f['fileName']}: {key} {f.get(key)} vs isoxml {ref_value}"
                                             + offset_note(got, ms_of(ref_value)))
        assert isinstance(f.get("area"), dict) and f["area"].get("unit") == "m2", f.get("area")
        assert isinstance(f["area"].get("value"), (int, float)) and f["area"]["value"] >= 0, f["area"]
        assert isinstance(f.get("crops"), list), f
        for key in ("standardGeojson", "rawGeojson", "originalFile"):
            dl = "download" + key[0].upper() + key[1:]
            assert isinstance(f.get(key), str) and f[key], f"{key} missing: {f}"
            assert isinstance(f.get(dl), str) and f[dl], f"{dl} missing: {f}"
        raw = api.get(f["downloadRawGeojson"])
        assert_status(raw, 200)
        raw_doc = raw.json()
        assert raw_doc.get("type") == "FeatureCollection", str(raw_doc)[:300]
        assert len(raw_doc["features"]) >= task["positioned"], \
            f"rawGeojson has {len(raw_doc['features'])} features, isoxml {task['positioned']} positioned records"
        orig = api.get(f["downloadOriginalFile"])
        assert_status(orig, 200)
        with zipfile.ZipFile(io.BytesIO(orig.content)) as zf:
            names = {n.rsplit("/", 1)[-1].upper() for n in zf.namelist()}
        assert "TASKDATA.XML" in names, names
        for tlg in task["timeLogs"]:
            assert f"{tlg}.BIN".upper() in names and f"{tlg}.XML".upper() in names, (tlg, names)
        # without the token, the plain links are not served (download* links carry a signed one)
        anon = api.with_token(None).get(f["standardGeojson"])
        assert anon.status_code == 401, anon.status_code


@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_status_steps(runs, name):
    for out in runs[name]["processed"]:
        steps = out["status"]
        assert list(steps) == STEPS, steps
        for step in STEPS:
            assert isinstance(steps[step].get("message"), str), steps[step]
            if step == "filteredGeojson":  # optional: a file whose every point is cleaned away still converts
                assert steps[step] in ({"status": "processed", "message": "ok"},
                                       {"status": "failed", "message": "no points passed the filter"}), steps[step]
            elif step in ("propertiesPNGs", "zippedPNGs"):  # owner A keeps Leaf's default: no images
                assert steps[step]["status"] == "skipped", (step, steps[step])
            else:
                assert steps[step]["status"] == "processed", (step, steps[step])


# --------------------------------------------------------------------------------------------
# Points: count, order, timestamps, coordinates against the isoxml reading
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_points_match_isoxml_records(runs, name):
    total_furrow = total_ref = 0
    for out, task in pairs_of(runs, name):
        feats = out["geojson"]["features"]
        assert out["geojson"].get("type") == "FeatureCollection"
        label = f"{name} {task['id']} ({out['file'].get('fileName')})"
        assert len(feats) == task["positioned"], (
            f"{label}: {len(feats)} points, isoxml has {task['positioned']} records with a valid position "
            f"({task['records']} records)")
        total_furrow += len(feats)
        total_ref += task["positioned"]
        times = []
        for i, feat in enumerate(feats):
            assert feat.get("type") == "Feature" and feat["geometry"]["type"] == "Point", feat
            lon, lat = feat["geometry"]["coordinates"][:2]
            assert abs(lon - task["lon"][i]) < 2e-7 and abs(lat - task["lat"][i]) < 2e-7, (
                f"{label} point {i}: [{lon}, {lat}] vs isoxml [{task['lon'][i]}, {task['lat'][i]}]")
            times.append(ms_of(feat["properties"]["timestamp"]))
        assert times == sorted(times), f"{label}: points are not in time order"
        mismatched = [i for i, (a, b) in enumerate(zip(times, task["times"])) if a != b]
        assert not mismatched, (
            f"{label}: {len(mismatched)} timestamps differ from isoxml; first at point {mismatched[0]}: "
            f"{iso_ms(times[mismatched[0]])} vs {iso_ms(task['times'][mismatched[0]])}"
            + offset_note(times[mismatched[0]], task["times"][mismatched[0]]))
        assert feats[0]["properties"]["timestamp"] == task["first"]
        assert feats[-1]["properties"]["timestamp"] == task["last"]
    print(f"\n{name}: {total_furrow} furrow points vs {total_ref} isoxml positioned records")


# --------------------------------------------------------------------------------------------
# Properties: unit conversion and "last known value" against the raw isoxml values
# --------------------------------------------------------------------------------------------

def instant_ms(value) -> int:
    """Any ISO 8601 instant with a zone (startTime/endTime need not carry milliseconds)."""
    t = parse_iso(value)
    return int(round(t.timestamp() * 1000))


def _mean(xs):
    return sum(xs) / len(xs) if xs else None


@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_property_values_match_isoxml(runs, name):
    compared = {}
    table = []
    set_values = {}
    derived = set()
    for out, task in pairs_of(runs, name):
        feats = out["geojson"]["features"]
        label = f"{name} {task['id']}"
        for prop in PROPERTY_DDIS:
            ref, why = reference_property(task, prop)
            mine = [f["properties"].get(prop) for f in feats]
            if ref is None:
                # properties furrow may derive (dry mass from wet mass and moisture, speed from
                # positions, ...) can exist without a DDI; these four cannot
                if why == "not logged" and prop in NEVER_DERIVED:
                    assert all(v is None for v in mine), \
                        f"{label}: furrow has {prop} but isoxml finds no DDI for it ({PROPERTY_DDIS[prop]})"
                elif why == "not logged" and any(v is not None for v in mine):
                    derived.add(prop)
                continue
            assert len(ref) == len(feats), f"{label}: {len(feats)} points vs {len(ref)} isoxml records"
            have_ref = sum(v is not None for v in ref)
            have_mine = sum(v is not None for v in mine)
            assert have_mine == have_ref, (
                f"{label} {prop} ({why}): {have_mine} points carry it, isoxml's last-known values give "
                f"{have_ref}; first differing point "
                f"{next(i for i, (a, b) in enumerate(zip(mine, ref)) if (a is None) != (b is None))}")
            bad = [(i, a, b) for i, (a, b) in enumerate(zip(mine, ref))
                   if b is not None and not (isinstance(a, (int, float)) and not isinstance(a, bool)
                                             and close(a, b, 1e-3, 0.01))]
            assert not bad, (f"{label} {prop} ({why}): {len(bad)} of {have_ref} points differ from "
                             f"isoxml x scale; first (point, furrow, isoxml): {bad[:5]}")
            if have_ref:
                m_mine = _mean([v for v in mine if v is not None])
                m_ref = _mean([v for v in ref if v is not None])
                assert close(m_mine, m_ref, 1e-3, 1e-9), f"{label} mean {prop}: {m_mine} vs isoxml {m_ref}"
                compared.setdefault(prop, 0)
                compared[prop] += have_ref
                acc = set_values.setdefault(prop, [[], []])
                acc[0] += [v for v in mine if v is not None]
                acc[1] += [v for v in ref if v is not None]
        # recordingStatus from the work state (0x008D): 1 -> "On", anything else -> "Off"
        ws, why = pick_series(task, WORK_STATE_DDI)
        if ws is not None:
            for i, (f, raw) in enumerate(zip(feats, ws["series"])):
                got = f["properties"].get("recordingStatus")
                if raw is None:
                    continue
                assert got == ("On" if raw == 1 else "Off"), f"{label} point {i}: recordingStatus {got!r}, 008D = {raw}"
            compared.setdefault("recordingStatus", 0)
            compared["recordingStatus"] += sum(v is not None for v in ws["series"])
        # elevation from PTN altitude (mm), where logged
        if any(u is not None for u in task["up"]):
            for i, (f, up) in enumerate(zip(feats, task["up"])):
                if up is None:
                    continue
                got = f["properties"].get("elevation")
                assert isinstance(got, (int, float)) and close(got, up * 0.001, 1e-6, 0.0011), \
                    f"{label} point {i}: elevation {got} vs isoxml altitude {up} mm"
            compared.setdefault("elevation", 0)
            compared["elevation"] += sum(u is not None for u in task["up"])
    for prop, (mine, ref) in sorted(set_values.items()):
        table.append(f"  {prop:18s} furrow mean {_mean(mine):14.6f}  isoxml mean {_mean(ref):14.6f}  "
                     f"n={len(ref)}")
    print(f"\n{name}: compared {compared}; present without a DDI (derived): {sorted(derived)}\n" + "\n".join(table))
    missing = REQUIRED_COMPARISONS[name] - set(compared)
    assert not missing, f"{name}: no comparison possible for {missing} (compared: {compared})"


# --------------------------------------------------------------------------------------------
# Point schema, units
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_point_properties_schema(runs, name):
    for out, task in pairs_of(runs, name):
        op = out["file"]["operationType"]
        for i, feat in enumerate(out["geojson"]["features"]):
            props = feat["properties"]
            parse_ts(props.get("timestamp"))
            assert props.get("operationType") == op, (i, props.get("operationType"), op)
            for k, v in props.items():
                assert v is not None, f"{task['id']} point {i}: {k} is null (must be omitted)"
                if k in CANONICAL_UNITS:
                    assert isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v), (i, k, v)
            if "recordingStatus" in props:
                assert props["recordingStatus"] in ("On", "Off"), props["recordingStatus"]
            if "area" in props:
                width, dist = props.get("equipmentWidth"), props.get("distance")
                if props.get("recordingStatus") == "On" and width is not None and dist is not None:
                    assert close(props["area"], width * dist, 1e-6, 1e-6), (i, props)
                elif props.get("recordingStatus") != "On":
                    assert props["area"] == 0, (i, props)


@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_units_are_canonical_and_cover_every_numeric_property(runs, name):
    for out, task in pairs_of(runs, name):
        units = out["units"]
        assert isinstance(units, dict) and units, units
        numeric = set()
        for feat in out["geojson"]["features"]:
            for k, v in feat["properties"].items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    numeric.add(k)
        assert numeric <= set(units), f"{task['id']}: no unit for {numeric - set(units)}"
        assert set(units) <= numeric, f"{task['id']}: units for absent properties {set(units) - numeric}"
        for k, u in units.items():
            if k in CANONICAL_UNITS:
                assert u in CANONICAL_UNITS[k], f"{task['id']}: unit of {k} is {u!r}, expected {CANONICAL_UNITS[k]}"
        assert units.get("area") == "m2", units


# --------------------------------------------------------------------------------------------
# Summary: against the reading (stats of mapped DDIs, machinery, reported totals) and geodesics
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_summary_matches_isoxml(runs, name):
    for out, task in pairs_of(runs, name):
        s = out["summary"]
        label = f"{name} {task['id']}"
        assert s.get("type") == "Feature", str(s)[:300]
        p = s["properties"]
        assert p["operationType"] == out["file"]["operationType"]
        assert instant_ms(p.get("startTime")) == ms_of(task["first"]), (p.get("startTime"), task["first"])
        assert instant_ms(p.get("endTime")) == ms_of(task["last"]), (p.get("endTime"), task["last"])
        assert p["pointCount"] == task["positioned"], (p["pointCount"], task["positioned"])
        assert isinstance(p.get("crop"), list), p.get("crop")
        for prop in PROPERTY_DDIS:
            ref, why = reference_property(task, prop)
            if ref is None or all(v is None for v in ref):
                continue
            vals = [v for v in ref if v is not None]
            stat = p.get(prop)
            assert isinstance(stat, dict), f"{label}: summary lacks {prop} stats ({why})"
            assert close(stat["avg"], _mean(vals), 1e-3, 1e-9), f"{label} {prop} avg {stat['avg']} vs isoxml {_mean(vals)}"
            assert close(stat["min"], min(vals), 1e-3, 1e-9), f"{label} {prop} min {stat['min']} vs isoxml {min(vals)}"
            assert close(stat["max"], max(vals), 1e-3, 1e-9), f"{label} {prop} max {stat['max']} vs isoxml {max(vals)}"
            assert stat.get("unit") == out["units"].get(prop), (prop, stat, out["units"].get(prop))
        # harvest totals are the sums of the points' masses
        feats = out["geojson"]["features"]
        for total, prop in (("totalWetMass", "wetMass"), ("totalDryMass", "dryMass")):
            pts = [f["properties"][prop] for f in feats if prop in f["properties"]]
            if pts:
                assert p[total]["unit"] == "kg", p[total]
                assert close(p[total]["value"], sum(pts), 1e-3, 1e-6), (total, p[total], sum(pts))
        # machinery: the logging device as TASKDATA names it
        machinery = p.get("machinery")
        assert isinstance(machinery, list) and machinery, p.get("machinery")
        for m in machinery:
            assert set(m) >= {"name", "type", "serialNumber"}, m
        for dev in task["devices"]:
            assert any(m["name"] == dev["designator"] and m["serialNumber"] == dev["serialNumber"]
                       for m in machinery), f"{label}: device {dev} not in machinery {machinery}"


@pytest.mark.parametrize("name", ["cci", "krone", "kverneland"])
def test_areas_against_pyproj(runs, name):
    lines, failures = [], []

    def check(ok, msg):
        if not ok:
            failures.append(msg)

    for out, task in pairs_of(runs, name):
        feats = out["geojson"]["features"]
        p = out["summary"]["properties"]
        label = f"{name} {task['id']}"
        coords = [tuple(f["geometry"]["coordinates"][:2]) for f in feats]
        steps = geodesic_steps(coords)
        my_area = 0.0
        for i, (f, d) in enumerate(zip(feats, steps)):
            props = f["properties"]
            if i > 0:
                assert "distance" in props and close(props["distance"], d, 1e-3, 0.01), \
                    f"{label} point {i}: distance {props.get('distance')} vs geodesic {d}"
            if props.get("recordingStatus") == "On" and props.get("equipmentWidth") is not None:
                my_area += props["equipmentWidth"] * d
        total_area, cov, dist = p["totalArea"], p["coverageArea"], p["totalDistance"]
        assert total_area["unit"] == "m2" and cov["unit"] == "m2" and dist["unit"] == "m", (total_area, cov, dist)
        geom = out["summary"]["geometry"]
        assert geom is not None and geom["type"] == "MultiPolygon", str(geom)[:200]
        shp = shape(geom)
        mine_cov = geodesic_area(geom)
        # what the machine itself logged (DDI 0x0074 in the task's TIM totals)
        reported = None
        for entry in (p.get("reportedTotals") or {}).values():
            ddi = entry.get("ddi")
            ddi = int(ddi, 16) if isinstance(ddi, str) else ddi
            if ddi == 0x0074:
                factor = {"m2": 1.0, "ha": 1e4}.get(entry.get("unit"))
                assert factor is not None, f"unit of reported total area: {entry}"
                reported = entry["value"] * factor
        area_tims = [t for t in task["totals"] if int(t["ddi"], 16) == 0x0074]
        ref_tims = [t["value"] for t in area_tims if t["detDepth"] == min(x["detDepth"] for x in area_tims)]
        ratio = (total_area["value"] / reported) if reported else float("nan")
        lines.append(f"  {task['id']:6s} points={len(feats):5d} totalArea={total_area['value']:12.1f} "
                     f"pyproj={my_area:12.1f} coverage={cov['value']:12.1f} pyproj={mine_cov:12.1f} "
                     f"reported={reported if reported is not None else float('nan'):10.1f} ratio={ratio:.3f}")

        check(close(total_area["value"], my_area, 0.01, 1.0),
              f"{label}: summary totalArea {total_area['value']} m2 vs pyproj width x distance {my_area} m2")
        check(close(dist["value"], sum(steps), 0.01, 1.0),
              f"{label}: summary totalDistance {dist['value']} m vs pyproj {sum(steps)} m")
        check(shp.is_empty or shp.is_valid, f"{label}: summary geometry is not a valid MultiPolygon")
        for problem in check_summary_geometry(out, label):
            check(False, problem)
        check(close(cov["value"], mine_cov, 0.01, 1.0),
              f"{label}: coverageArea {cov['value']} m2 vs pyproj geodesic area of the geometry {mine_cov} m2")
        check(cov["value"] <= total_area["value"] * 1.01 + 1.0,
              f"{label}: coverageArea {cov['value']} m2 exceeds totalArea {total_area['value']} m2 x 1.01 "
              f"(the union of the swaths cannot be larger than the sum of width x distance)")
        if ref_tims:
            check(reported is not None, f"{label}: TASKDATA logs total area (0x0074) {ref_tims} but "
                                        f"reportedTotals lacks it: {p.get('reportedTotals')}")
            check(reported is None or any(close(reported, v, 1e-3, 0.5) for v in (sum(ref_tims), ref_tims[-1])),
                  f"{label}: reported total area {reported} m2 vs TASKDATA TIM values {ref_tims}")
    print(f"\n{name} areas (m2):\n" + "\n".join(lines))
    assert not failures, "\n".join(failures)
