"""`furrow convert` runs the server's pipeline (issue #18 point 3, docs/OUTPUTS.md "furrow convert"):
for the same upload and the same configuration, its outputs are the server's (the same standard
GeoJSON, units, step statuses, cleanup and cleaning counts). A real Ag Leader SMS harvest (imperial
display units, so DEFAULT units, cleanup rules and filtering all do something) with a custom cleanup
rule set both ways."""
from __future__ import annotations

import json

from conftest import (
    conversion_fidelity, DATA_DIR, OPS, assert_status, create_user, files_of_batch, new_owner, upload_ok, wait_batch,
)
from convert_cli import run_convert

pytestmark = conversion_fidelity

SAMPLE = DATA_DIR / "sms-case-wheat-yield-2018" / "FarmerI_YL18_YLD_2018_henrys.zip"
CONFIG = {"cleanupRules": {"wetMassPerArea": [{"operator": "GT", "value": 1000}]}, "enableGeoparquetOutput": True,
          "unitMeasurement": "DEFAULT"}


def server_file(server) -> tuple:
    owner = new_owner(server, CONFIG)
    user = create_user(owner)
    batch = wait_batch(owner, upload_ok(owner, SAMPLE.read_bytes(), user["id"])["id"], timeout=300)
    files, _ = files_of_batch(owner, batch["id"])
    assert [f["status"] for f in files] == ["processed"], files
    return owner, files[0]


def test_convert_writes_what_the_server_serves(server, tmp_path):
    owner, f = server_file(server)
    line = run_convert(SAMPLE, tmp_path / "out", config=CONFIG)[0]
    assert line["status"] == "processed", line
    folder = tmp_path / "out" / "1"

    link = owner.get(f"{OPS}/files/{f['id']}").json()["standardGeojson"]
    served = owner.get(link)
    assert_status(served, 200)
    assert served.json() == json.loads((folder / "standard.geojson").read_text())

    assert owner.get(f"{OPS}/files/{f['id']}/units").json() == json.loads((folder / "units.json").read_text())
    status = owner.get(f"{OPS}/files/{f['id']}/status").json()
    assert status == json.loads((folder / "status.json").read_text())

    summary = owner.get(f"{OPS}/files/{f['id']}/summary").json()
    mine = json.loads((folder / "summary.json").read_text())
    assert summary["properties"]["cleanup"] == mine["properties"]["cleanup"]
    assert summary["properties"]["cleaning"] == mine["properties"]["cleaning"]
    assert summary["properties"]["cleanup"]["removedPoints"] > 0  # the custom rule did something
    assert line["standard_points"] == summary["properties"]["cleanup"]["inputPoints"] - \
        summary["properties"]["cleanup"]["removedPoints"]
    assert line["filtered"]["points"] == summary["properties"]["cleaning"]["keptPoints"]
