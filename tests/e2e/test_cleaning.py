"""`furrow convert --filtered` on a real harvest sample, recounted independently in Python.

The standard GeoJSON furrow writes is the input of the cleaning; here the speed limits (absolute,
then yieldcleanr's Q05/Q95 +- 1.1 IQR with R's type-7 quantiles), the global outlier rule
(mean +- k sample SD after dropping missing and non-positive yields) and the local one (each
yield against the mean and SD of its neighbours within 5 swath widths, by numpy brute force) are
recomputed from it, and the points furrow kept must be exactly the ones expected.
"""
from __future__ import annotations

import json
import math
import statistics
import subprocess
from pathlib import Path

import numpy as np
import pytest

from conftest import conversion_fidelity, DATA_DIR, FURROW_BIN
from convert_cli import in_base_units, run_convert

pytestmark = conversion_fidelity

CASE_ZIP = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
KRONE_ZIP = DATA_DIR / "isoxml-krone-bigx-totals" / "TASKDATA.zip"
FILTERS = ["recordingStatus", "flowDelay", "invalidValue", "speedRange", "speedQuantile", "speedChange",
           "headlandTurn", "passStart", "passEnd", "duplicatePosition", "overlap", "valueQuantile",
           "globalSd", "localSd"]


def convert(zip_path: Path, out: Path, config: dict | None = None) -> list[dict]:
    return run_convert(zip_path, out, "--filtered", config=config, timeout=600)


def only(*names: str, **extra) -> dict:
    filters = {name: {"enabled": name in names} for name in FILTERS}
    for name, values in extra.items():
        filters[name].update(values)
    # Leaf's operationsRemoveOutliers (on by default) decides the global outlier filter over cleaningFilters.
    return {"cleaningFilters": filters, "operationsRemoveOutliers": "globalSd" in names}


def features(path: Path) -> list[dict]:
    """The features with every numeric property in its dimension's base unit (m/s, kg/ha, m ...), the
    canonical units the cleaning thresholds are written in (the file is in the provider's units)."""
    return in_base_units(json.loads(path.read_text())["features"], path.parent)


def identity(feature: dict) -> tuple:
    return (feature["properties"]["timestamp"], *feature["geometry"]["coordinates"])


def quantile7(sorted_values: list[float], p: float) -> float:
    h = (len(sorted_values) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def iqr_limits(values: list[float], lower: float, upper: float, k: float) -> tuple[float, float]:
    s = sorted(values)
    iqr = quantile7(s, 0.75) - quantile7(s, 0.25)
    return quantile7(s, lower) - k * iqr, quantile7(s, upper) + k * iqr


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory):
    assert CASE_ZIP.exists(), f"missing {CASE_ZIP} (set FURROW_SHARED_DATA)"
    return tmp_path_factory.mktemp("cleaning")


def test_speed_limits_match_an_independent_recount(case_dir):
    out = case_dir / "speed"
    lines = convert(CASE_ZIP, out, only("speedRange", "speedQuantile"))
    assert [line["status"] for line in lines] == ["processed"]
    standard = features(out / "1" / "standard.geojson")
    speeds = [f["properties"].get("speed") for f in standard]
    after_range = [s is None or 0.5 <= s <= 12 for s in speeds]
    low, high = iqr_limits([s for s, ok in zip(speeds, after_range) if ok and s is not None], 0.05, 0.95, 1.1)
    expected = [f for f, s, ok in zip(standard, speeds, after_range) if ok and (s is None or low <= s <= high)]
    report = json.loads((out / "1" / "cleaning.json").read_text())
    assert report["removedBy"] == {"speedRange": after_range.count(False),
                                   "speedQuantile": sum(after_range) - len(expected)}
    assert report["removedBy"]["speedQuantile"] > 0  # the sample has slow points the quantiles catch
    assert [identity(f) for f in features(out / "1" / "filtered.geojson")] == [identity(f) for f in expected]


@pytest.mark.parametrize("limit", [3, 2])
def test_global_outliers_match_an_independent_recount(case_dir, limit):
    out = case_dir / f"sd{limit}"
    convert(CASE_ZIP, out, {**only("invalidValue", "globalSd"), "operationsOutliersLimit": limit})
    standard = features(out / "1" / "standard.geojson")
    yields = [f["properties"].get("wetMassPerArea") for f in standard]
    valid = [y is not None and y > 0 for y in yields]
    mean = statistics.fmean(y for y, ok in zip(yields, valid) if ok)
    sd = statistics.stdev(y for y, ok in zip(yields, valid) if ok)
    expected = [f for f, y, ok in zip(standard, yields, valid) if ok and abs(y - mean) <= limit * sd]
    report = json.loads((out / "1" / "cleaning.json").read_text())
    assert report["property"] == "wetMassPerArea"
    assert report["removedBy"] == {"invalidValue": valid.count(False), "globalSd": sum(valid) - len(expected)}
    assert report["removedBy"]["globalSd"] > 0
    assert [identity(f) for f in features(out / "1" / "filtered.geojson")] == [identity(f) for f in expected]


def local_outliers(standard: list[dict], valid: list[bool], swaths: float, limit: float, min_neighbours: int,
                   slack_m: float) -> tuple[set[int], set[int]]:
    """Indices of the points whose yield is more than `limit` sample SDs from the mean of the other
    valid points within `swaths` x the median working width (docs/CLEANING.md), on the same
    equirectangular plane around the mean position; and the indices this cannot decide: the
    GeoJSON's coordinates (1e-8 degrees) leave neighbours within `slack_m` of the circle, and
    counting them in or out changes the answer (or there are more than three such)."""
    lon = np.array([f["geometry"]["coordinates"][0] for f in standard])
    lat = np.array([f["geometry"]["coordinates"][1] for f in standard])
    yields = np.array([f["properties"].get("wetMassPerArea") or np.nan for f in standard], dtype=float)
    widths = sorted(w for f in standard if (w := f["properties"].get("equipmentWidth")) and w > 0)
    radius = swaths * widths[len(widths) // 2]  # the upper median, as furrow's nth_element at n / 2
    per_degree = 6_371_008.8 * math.pi / 180
    x = (lon - lon.mean()) * per_degree * math.cos(math.radians(lat.mean()))
    y = (lat - lat.mean()) * per_degree
    judged = np.flatnonzero(np.array(valid))

    def is_outlier(i: int, values: np.ndarray) -> bool | None:
        if len(values) < min_neighbours:
            return None
        return bool(abs(yields[i] - values.mean()) > limit * values.std(ddof=1))

    outliers, undecided = set(), set()
    for i in judged:
        others = judged[judged != i]
        d = np.hypot(x[others] - x[i], y[others] - y[i])
        inside = yields[others[d < radius - slack_m]]
        edge = yields[others[np.abs(d - radius) <= slack_m]]
        if len(edge) > 3:
            undecided.add(int(i))
            continue
        answers = {is_outlier(i, np.concatenate([inside, edge[[k for k in range(len(edge)) if mask >> k & 1]]]))
                   for mask in range(1 << len(edge))}
        if len(answers) > 1:
            undecided.add(int(i))
        elif answers.pop():
            outliers.add(int(i))
    return outliers, undecided


def test_local_outliers_match_an_independent_recount(case_dir):
    out = case_dir / "localsd"
    convert(CASE_ZIP, out, only("invalidValue", "localSd"))
    standard = features(out / "1" / "standard.geojson")
    valid = [(y := f["properties"].get("wetMassPerArea")) is not None and y > 0 for f in standard]
    outliers, undecided = local_outliers(standard, valid, swaths=5, limit=2.4, min_neighbours=3, slack_m=0.002)
    assert len(undecided) < len(standard) / 100, len(undecided)
    report = json.loads((out / "1" / "cleaning.json").read_text())
    assert report["removedBy"]["invalidValue"] == valid.count(False)
    kept = {identity(f) for f in features(out / "1" / "filtered.geojson")}
    removed_by_furrow = {i for i, f in enumerate(standard) if valid[i] and identity(f) not in kept}
    decided = {i for i in range(len(standard)) if valid[i] and i not in undecided}
    assert removed_by_furrow & decided == outliers
    assert len(outliers) > 10  # the sample has local outliers for the rule to find
    assert report["removedBy"]["localSd"] == len(removed_by_furrow)


def test_default_cleaning_report_accounts_for_every_point(case_dir):
    out = case_dir / "default"
    line = convert(CASE_ZIP, out)[0]
    report = json.loads((out / "1" / "cleaning.json").read_text())
    filtered = features(out / "1" / "filtered.geojson")
    assert report["inputPoints"] == len(features(out / "1" / "standard.geojson")) == line["standard_points"]
    assert report["keptPoints"] == len(filtered) == line["filtered"]["points"]
    assert sum(report["removedBy"].values()) == report["inputPoints"] - report["keptPoints"]
    assert set(report["removedBy"]) == set(FILTERS) - {"overlap"}  # overlap is off by default
    removed = 1 - report["keptPoints"] / report["inputPoints"]
    assert 0.03 <= removed <= 0.5, removed
    for f in filtered:
        p = f["properties"]
        assert p["recordingStatus"] == "On" and p["wetMassPerArea"] > 0 and 0.5 <= p["speed"] <= 12


def test_no_points_passing_fails_the_filtered_output(tmp_path):
    assert KRONE_ZIP.exists(), f"missing {KRONE_ZIP}"
    line = convert(KRONE_ZIP, tmp_path / "out")[0]
    assert line["status"] == "processed"
    assert line["filtered"] == {"status": "failed", "message": "no points passed the filter"}
    assert not (tmp_path / "out" / "1" / "filtered.geojson").exists()
    status = json.loads((tmp_path / "out" / "1" / "status.json").read_text())
    assert status["filteredGeojson"] == {"status": "failed", "message": "no points passed the filter"}, status


def test_bad_settings_are_rejected_naming_the_key(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"cleaningFilters": {"speedRange": {"min": 5, "max": 4}}}))
    run = subprocess.run([FURROW_BIN, "convert", str(CASE_ZIP), "--out", str(tmp_path / "out"), "--filtered",
                          "--cleaning", str(tmp_path / "config.json")], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "speedRange.min" in run.stderr + run.stdout
