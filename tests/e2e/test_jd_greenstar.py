"""John Deere GreenStar 2/3 RCD folders (issue #19 point 4): .fdl XML + .fdd EvenByteDelta binary.

No export of these fields is published, so the decoded points are checked against what the logs
say about themselves, computed here independently of furrow's reader: the .fdl XML (read with
ElementTree) for setup, operation class and region start times, and the geometry of the decoded
track for the logged distance and heading columns (docs/FORMATS.md, "John Deere GreenStar 2/3").
"""
from __future__ import annotations

import json
import math
import statistics
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import DATA_DIR, single_only
from jd_gen4_helpers import convert, distance_m, iso_ms, standard_points

pytestmark = single_only

GS = DATA_DIR / "jd-gs2-gs3"
GS2 = GS / "GS2 - 2600 Documentation Data - Field 1.zip"
OPERATION_TYPES = {"dtiHarvest": "harvested", "dtiSeeding": "planted", "dtiApplication": "applied", "dtiTillage": "tillage"}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def fdl_facts(xml: bytes) -> dict:
    """Region start times, operation class, machine and crop names, straight from the XML."""
    root = ET.fromstring(xml)
    starts, classes, machines, crops, measured = [], set(), set(), set(), False
    for el in root.iter():
        name = local(el.tag)
        if name == "LogTaskRegion":
            starts.append(iso_ms(el.get("timeStamp")))
        elif name == "dtOperationClass":
            classes.add(el.get("value"))
        elif name == "VariableNumberColumn" and "Measured" in (el.get("variableRepresentation") or ""):
            measured = True
    for block in root.iter():
        if local(block.tag) != "RCDLogBlock":
            continue
        erids = {el.get("erid"): el for el in block.iter() if el.get("erid")}
        parents = {child: parent for parent in block.iter() for child in parent}
        for region in (el for el in block.iter() if local(el.tag) == "LogTaskRegion"):
            for el in region:
                if local(el.tag) == "MachineRef" and el.get("eridRef") in erids:
                    machines.add(erids[el.get("eridRef")].get("name"))
        for el in block.iter():
            if local(el.tag) == "ProductRef" and el.get("eridRef") in erids:
                product = erids[el.get("eridRef")]
                if local(product.tag) == "CropVariety" and local(parents[product].tag) == "Crop":
                    crops.add(parents[product].get("name").lower())
    return {"starts": starts, "classes": classes, "machines": machines, "crops": crops, "measured": measured}


@pytest.fixture(scope="module")
def gs2(tmp_path_factory):
    if not GS2.exists():
        pytest.fail(f"shared data missing: {GS2}")
    out = tmp_path_factory.mktemp("gs2")
    lines = {line["name"]: line for line in convert(GS2, out / "out")}
    with zipfile.ZipFile(GS2) as z:
        facts = {Path(n).name: fdl_facts(z.read(n)) for n in z.namelist() if n.endswith(".fdl")}
    return lines, facts


def test_every_fdl_is_a_machine_file_and_only_target_only_logs_fail(gs2):
    lines, facts = gs2
    assert set(lines) == set(facts)
    for name, line in lines.items():
        if line["status"] == "processed":
            with open(Path(line["output"]) / "summary.json") as f:
                summary = json.load(f)["properties"]
            assert [summary["operationType"]] == [OPERATION_TYPES[c] for c in facts[name]["classes"]], name
            continue
        # Seeding and spraying logs with a target rate and no measured one: nothing to report as
        # seedRate / appliedRate, which the pipeline requires for those operations.
        assert not facts[name]["measured"], (name, line.get("message"))
        assert line["message"].startswith("missing required properties: "), line["message"]
    assert sum(line["status"] == "processed" for line in lines.values()) >= 16


def bearing(a, b) -> float:
    p1, p2, dl = math.radians(a.lat), math.radians(b.lat), math.radians(b.lon - a.lon)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360


def test_track_geometry_agrees_with_the_logged_distance_and_heading(gs2):
    """Latitude, longitude, distance travelled and heading are four separately delta-coded columns:
    a wrong layout would not make them agree. The path between consecutive decoded positions must
    be the logged distance (cm in the .fdd) and its bearing the logged heading."""
    lines, _ = gs2
    distance_errors, heading_errors = [], []
    for line in lines.values():
        if line["status"] != "processed":
            continue
        pts = standard_points(Path(line["output"]))
        for a, b in zip(pts, pts[1:]):
            if b.t - a.t > 1500 or b.props.get("distance") is None:
                continue
            path = distance_m(a.lon, a.lat, b.lon, b.lat)
            distance_errors.append(abs(b.props["distance"] - path))
            if path > 0.3 and b.props.get("heading") is not None:
                heading_errors.append(abs((b.props["heading"] - bearing(a, b) + 180) % 360 - 180))
    assert len(distance_errors) > 40_000
    assert statistics.median(distance_errors) < 0.02
    assert sorted(distance_errors)[int(0.95 * len(distance_errors))] < 0.1
    assert statistics.median(heading_errors) < 2.0


def test_times_start_at_the_fdl_regions_and_never_overlap(gs2):
    """Each task region's clock counts from its own timeStamp: decoded wrongly, a region would run
    into the next one. In file order the times must never go back, and start at the first region."""
    lines, facts = gs2
    for name, line in lines.items():
        if line["status"] != "processed":
            continue
        with open(Path(line["output"]) / "standard.geojson") as f:
            times = [iso_ms(ft["properties"]["timestamp"]) for ft in json.load(f)["features"]]
        assert all(b >= a for a, b in zip(times, times[1:])), name
        starts = facts[name]["starts"]
        assert starts[0] <= times[0] <= starts[0] + 60_000, name
        # Every point lies in some region's window (from its start to the next region's).
        assert times[-1] - starts[-1] < 6 * 3600_000, name


def test_setup_and_harvest_values(gs2):
    lines, facts = gs2
    harvests = 0
    for name, line in lines.items():
        if line["status"] != "processed":
            continue
        with open(Path(line["output"]) / "summary.json") as f:
            summary = json.load(f)["properties"]
        assert {m["name"] for m in summary["machinery"] if m["type"] == "machine"} == facts[name]["machines"], name
        if "dtiHarvest" not in facts[name]["classes"]:
            continue
        harvests += 1
        assert set(summary["crop"]) == facts[name]["crops"]
        # Moisture of field corn, and the wet mass per covered area of an Iowa corn crop (the
        # wet mass is logged per record, the area is the logged distance times the recording
        # sections' widths): both come out of the steps only if they are decoded right.
        assert 10 <= summary["harvestMoisture"]["avg"] <= 30, name
        assert summary["harvestMoisture"]["max"] <= 40, name
        if summary["totalArea"]["value"] > 10_000:
            yield_t_ha = summary["totalWetMass"]["value"] / summary["totalArea"]["value"] * 10
            assert 7 <= yield_t_ha <= 16, (name, yield_t_ha)
    assert harvests >= 4


def test_setup_cards_say_they_hold_no_log(tmp_path):
    card = GS / "GS3 - 2630 Setup With Boundary.zip"
    lines = convert(card, tmp_path / "out")
    assert len(lines) == 1 and lines[0]["status"] == "failed"
    assert "a setup card with no logged data" in lines[0]["message"]
