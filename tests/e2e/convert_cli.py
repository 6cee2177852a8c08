"""`furrow convert` as the e2e tests run it: the server's own pipeline on a throw-away local store
(docs/OUTPUTS.md "furrow convert"), one JSON line per machine file, outputs in OUT/<n>/.

Tests that compare furrow's points one by one with an independent reading of the source pass
KEEP_EVERY_POINT, as an owner would turn cleanupStandardGeojson off: the server's default drops the
points that break the valid-point rules (docs/CLEANING.md), which such a comparison must not see."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import FURROW_BIN
from published_units import UNITS, factor

KEEP_EVERY_POINT = {"cleanupStandardGeojson": False}


def convert_args(zip_path: Path, out: Path, *flags: str, config: dict | None = None) -> list[str]:
    args = [FURROW_BIN, "convert", str(zip_path), "--out", str(out), *flags]
    if config is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        path = out.parent / f"{out.name}-config.json"
        path.write_text(json.dumps(config))
        args += ["--config", str(path)]
    return args


def run_convert(zip_path: Path, out: Path, *flags: str, config: dict | None = None, timeout: int = 900,
                check: bool = True) -> list[dict]:
    """The lines convert printed; with `check`, convert must have exited 0."""
    r = subprocess.run(convert_args(zip_path, out, *flags, config=config), capture_output=True, text=True,
                       timeout=timeout)
    if check:
        assert r.returncode == 0, f"convert failed (rc={r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    lines = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert lines, f"convert printed nothing (rc={r.returncode}):\n{r.stderr[-3000:]}"
    return lines


def units(folder: Path) -> dict[str, str]:
    """The unit of each property in the folder's outputs (units.json; unitMeasurement DEFAULT writes
    the provider's units, as the server does)."""
    return json.loads((folder / "units.json").read_text())


def factors_to(folder: Path, targets: dict[str, str]) -> dict[str, float]:
    """For each property of `targets` the folder has, what its values are multiplied by to be in the
    target unit (published unit sizes, tests/e2e/published_units.py)."""
    have = units(folder)
    return {prop: factor(have[prop], to) for prop, to in targets.items() if prop in have}


def in_base_units(features: list[dict], folder: Path) -> list[dict]:
    """The features of one of the folder's GeoJSON outputs with every numeric property converted, in
    place, to its dimension's base unit (m, m/s, kg/ha, L/ha ...: the canonical units thresholds and
    independent readings are written in), by the units the folder's units.json names."""
    to_base = {prop: UNITS[unit][1] for prop, unit in units(folder).items() if unit in UNITS}
    for feature in features:
        props = feature["properties"]
        for prop, k in to_base.items():
            if isinstance(props.get(prop), (int, float)) and not isinstance(props[prop], bool):
                props[prop] *= k
    return features
