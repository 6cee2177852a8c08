"""cleanupStandardGeojson (default on) and cleanupRules (contract-facts §5, §10): a default owner's
standardGeojson must equal owner A's (cleanup off) filtered in Python by the documented valid-point
rules; custom rules replace the set; a file losing every point fails with the seeds' message."""
from __future__ import annotations

import pytest

from conftest import (
    conversion_fidelity,
    DATA_DIR, OPS, assert_status, create_user, files_of_batch, make_zip, new_owner, upload_ok, wait_batch,
)
from published_units import factor

pytestmark = conversion_fidelity

SAMPLES = {
    "basswood": lambda: make_zip([("export/2012-basswood.txt",
                                   (DATA_DIR / "agleader-basswood-corn-2012" / "2012-basswood.txt").read_bytes())]),
    "jd-oats": lambda: (DATA_DIR / "jd-opscenter-oats-harvest" /
                        "FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip").read_bytes(),
    "sms-case": lambda: (DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip").read_bytes(),
    "krone": lambda: (DATA_DIR / "isoxml-krone-bigx-totals" / "TASKDATA.zip").read_bytes(),
}

# contract-facts §5 "Valid points", as the default cleanupRules.
DEFAULT_RULES = {
    "wetMass": [("GT", 0)], "wetMassPerArea": [("GT", 0)], "wetVolume": [("GT", 0)],
    "wetVolumePerArea": [("GT", 0)], "appliedRate": [("GT", 0)], "seedRate": [("GT", 0)],
    "harvestMoisture": [("GT", 0), ("LT", 100)], "tillageDepthActual": [("GTE", 0)],
    "recordingStatus": [("EQ", "On")], "crop": [("NE", "unknown")],
}
OPS_PY = {"GT": lambda v, x: v > x, "GTE": lambda v, x: v >= x, "LT": lambda v, x: v < x,
          "LTE": lambda v, x: v <= x, "EQ": lambda v, x: v == x, "NE": lambda v, x: v != x}


def valid(props: dict, rules: dict) -> bool:
    """A rule judges only a point that has the property."""
    for prop, checks in rules.items():
        if prop not in props:
            continue
        for op, value in checks:
            if not OPS_PY[op](props[prop], value):
                return False
    return True


def convert(api, archive: bytes, name: str) -> list[dict]:
    user = create_user(api)
    batch = upload_ok(api, archive, user["id"], filename=f"{name}.zip")
    final = wait_batch(api, batch["id"], timeout=300)
    files, _ = files_of_batch(api, final["id"])
    return sorted(files, key=lambda f: f["fileName"])


def standard(api, f: dict) -> list[dict]:
    r = api.get(f"{OPS}/files/{f['id']}")
    assert_status(r, 200)
    g = api.get(r.json()["standardGeojson"])
    assert_status(g, 200)
    return g.json()["features"]


def key(feature: dict):
    return (feature["properties"].get("timestamp"), tuple(feature["geometry"]["coordinates"]))


@pytest.fixture(scope="module")
def pairs(server, api):
    default_owner = new_owner(server, None)
    out = {}
    for name, make in SAMPLES.items():
        archive = make()
        out[name] = list(zip(convert(api, archive, name), convert(default_owner, archive, name)))
        out[name] = [(api, off, default_owner, on) for off, on in out[name]]
    return out


@pytest.mark.parametrize("name", list(SAMPLES))
def test_default_cleanup_equals_the_rules_applied_by_hand(pairs, name):
    assert pairs[name], f"{name}: no files"
    for api_off, off, api_on, on in pairs[name]:
        assert off["status"] == "processed", off
        raw = standard(api_off, off)
        expected = [key(f) for f in raw if valid(f["properties"], DEFAULT_RULES)]
        if not expected:
            assert on["status"] == "failed", on
            continue
        assert on["status"] == "processed", on
        got = [key(f) for f in standard(api_on, on)]
        assert len(got) == len(expected), (name, off["fileName"], len(raw), len(expected), len(got))
        assert got == expected
        # The summary says what the rules removed: the same counts as by hand.
        cleanup = api_on.get(f"{OPS}/files/{on['id']}/summary").json()["properties"]["cleanup"]
        assert (cleanup["inputPoints"], cleanup["removedPoints"]) == (len(raw), len(raw) - len(expected)), cleanup
        assert sum(cleanup["removedBy"].values()) == cleanup["removedPoints"], cleanup


def test_the_rules_remove_something_on_real_data(pairs):
    removed = 0
    for name, items in pairs.items():
        for api_off, off, _, _ in items:
            raw = standard(api_off, off)
            removed += sum(1 for f in raw if not valid(f["properties"], DEFAULT_RULES))
    assert removed > 0, "no sample has an invalid point: this test would not notice a broken cleanup"


def test_custom_rules_replace_the_default_set(server, api):
    archive = SAMPLES["basswood"]()
    off_files = convert(api, archive, "basswood-off")
    raw = standard(api, off_files[0])
    yields = sorted(f["properties"]["wetMassPerArea"] for f in raw if "wetMassPerArea" in f["properties"])
    # Halfway between two distinct values, so the 9-decimal text of a value cannot fall on the limit.
    upper = next(v for v in yields[len(yields) // 2:] if v > yields[len(yields) // 2])
    median = (yields[len(yields) // 2] + upper) / 2
    # Rules are read in canonical kg/ha (docs/CONFIGURATIONS.md); the GeoJSON is in the provider's units.
    unit = api.get(f"{OPS}/files/{off_files[0]['id']}/units").json()["wetMassPerArea"]
    rules = {"wetMassPerArea": [{"operator": "GTE", "value": median * factor(unit, "kg/ha")}]}
    owner = new_owner(server, {"cleanupRules": rules})
    on = convert(owner, archive, "basswood-custom")[0]
    assert on["status"] == "processed", on
    expected = [key(f) for f in raw if valid(f["properties"], {"wetMassPerArea": [("GTE", median)]})]
    got = [key(f) for f in standard(owner, on)]
    assert got == expected
    assert 0.3 * len(raw) < len(got) < 0.7 * len(raw)


def test_a_file_losing_every_point_fails_with_the_seeds_message(server):
    owner = new_owner(server, {"cleanupRules": {"wetMassPerArea": [{"operator": "LT", "value": -1}]}})
    f = convert(owner, SAMPLES["basswood"](), "basswood-none")[0]
    assert f["status"] == "failed", f
    steps = owner.get(f"{OPS}/files/{f['id']}/status").json()
    assert steps["standardGeojson"] == {"status": "failed", "message": "no points passed the filter"}, steps


def test_cleanup_off_keeps_every_point(server, api):
    owner = new_owner(server, {"cleanupStandardGeojson": False})
    archive = SAMPLES["basswood"]()
    a = standard(api, convert(api, archive, "basswood-a")[0])
    b = standard(owner, convert(owner, archive, "basswood-b")[0])
    assert [key(f) for f in a] == [key(f) for f in b]
