"""Crops named the way other sources name them (issue 15 point 6).

Real samples are re-written with the crop as another source would write it - John Deere's integer
crop id in the shapefile's Crop column (no CropToken), a German ISOXML CTP designator - and must give
the same crop and the same dry yield. The dry yield is checked by hand arithmetic over an independent
reading (OGR for the .dbf, npm isoxml for the time logs): dry = wet x (100 - moisture) / (100 -
standard moisture of docs/CROPS.md). Runs `furrow convert --report` (no server): seconds.
"""
import json
import struct
import subprocess
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from osgeo import ogr

from conftest import DATA_DIR, FURROW_BIN
from isoxml_helpers import cci_subset, run_reference, zip_files_as_taskdata

GEN4_CORN_ZIP = DATA_DIR / "jd-gen4-harvest" / "Gen4 - 4600 Harvest Data - Point - OneHertz.zip"
LB_PER_AC_IN_KG_PER_HA = 0.45359237 / 4046.8564224 * 10_000


def convert(path: Path) -> dict:
    r = subprocess.run([FURROW_BIN, "convert", str(path), "--report"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    lines = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    assert all(line["status"] == "processed" for line in lines), lines
    return lines


def set_dbf_integer(dbf: bytes, field: str, value: int) -> bytes:
    """Every record's `field` (a numeric dBASE field) set to `value`, the rest of the bytes kept."""
    records, header_len, record_len = struct.unpack("<IHH", dbf[4:12])
    offset, pos = 1, 32  # a record starts with its deletion flag
    while dbf[pos] != 0x0D:
        name = dbf[pos:pos + 11].split(b"\0")[0].decode("ascii")
        width = dbf[pos + 16]
        if name == field:
            break
        offset += width
        pos += 32
    else:
        raise AssertionError(f"no field {field}")
    cell = str(value).rjust(width).encode("ascii")
    out = bytearray(dbf)
    for i in range(records):
        start = header_len + i * record_len + offset
        out[start:start + width] = cell
    return bytes(out)


def gen4_rewritten(tmp_path: Path, crop_id: int) -> Path:
    """Deere's Gen4 corn export with its Crop column set to `crop_id` and no CropToken in the
    metadata: the integer id is all that names the crop."""
    path = tmp_path / f"crop-{crop_id}.zip"
    with zipfile.ZipFile(GEN4_CORN_ZIP) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith(".dbf"):
                data = set_dbf_integer(data, "Crop", crop_id)
            elif name.endswith("-Deere-Metadata.json"):
                meta = json.loads(data)
                del meta["CropToken"]
                data = json.dumps(meta).encode()
            dst.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def gen4_rows():
    name = next(n for n in zipfile.ZipFile(GEN4_CORN_ZIP).namelist() if n.endswith(".shp"))
    ds = ogr.Open(f"/vsizip/{GEN4_CORN_ZIP}/{name}")  # kept open while its layer is read
    return [f.items() for f in ds.GetLayer()]


@pytest.fixture(scope="module")
def gen4_original():
    return convert(GEN4_CORN_ZIP)[0]


def hand_dry_mean(rows, standard_moisture: float) -> float:
    dry = [r["WetMass"] * LB_PER_AC_IN_KG_PER_HA * (100 - r["Moisture"]) / (100 - standard_moisture) for r in rows]
    return sum(dry) / len(dry)


def test_the_original_names_corn_by_token_and_id(gen4_rows, gen4_original):
    # Deere's own export: CropToken CORN_WET and Crop = 173 in every row; corn's standard moisture is 15 %.
    assert {r["Crop"] for r in gen4_rows} == {173}
    line = gen4_original
    assert line["crop"] == "corn"
    assert line["standard"]["means"]["dryMassPerArea"] == pytest.approx(hand_dry_mean(gen4_rows, 15), rel=1e-9)


def test_a_john_deere_crop_id_alone_gives_the_crop_and_its_dry_yield(gen4_rows, gen4_original, tmp_path):
    original = gen4_original
    (by_id,) = convert(gen4_rewritten(tmp_path, 173))
    assert by_id["crop"] == "corn"
    assert by_id["standard"]["means"]["dryMassPerArea"] == pytest.approx(original["standard"]["means"]["dryMassPerArea"],
                                                                         rel=1e-12)
    # The same rows called soybeans (174; 13 % standard moisture) and oats (11; 12 %).
    (soy,) = convert(gen4_rewritten(tmp_path, 174))
    assert soy["crop"] == "soybeans"
    assert soy["standard"]["means"]["dryMassPerArea"] == pytest.approx(hand_dry_mean(gen4_rows, 13), rel=1e-9)
    (oats,) = convert(gen4_rewritten(tmp_path, 11))
    assert oats["crop"] == "oats"
    assert oats["standard"]["means"]["dryMassPerArea"] == pytest.approx(hand_dry_mean(gen4_rows, 12), rel=1e-9)


def test_an_unpublished_crop_id_stays_as_written_and_dry_equals_wet(tmp_path):
    (line,) = convert(gen4_rewritten(tmp_path, 12))  # 12 is not in John Deere's public list
    assert "crop" not in line
    means = line["standard"]["means"]
    assert means["dryMassPerArea"] == pytest.approx(means["wetMassPerArea"], rel=1e-12)


def cci_task1_with_crop(designator: str | None) -> bytes:
    """CCI's task TSK1 (field PFD-2) with a CTP of `designator` on its field (none: as published)."""
    files = cci_subset(["TSK1"])
    if designator is not None:
        root = ET.fromstring(files["TASKDATA.XML"])
        ctp = ET.Element("CTP", {"A": "CTP1", "B": designator})
        root.insert(list(root).index(root.find("PFD")), ctp)
        root.find("PFD[@A='PFD-2']").set("G", "CTP1")
        files["TASKDATA.XML"] = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return zip_files_as_taskdata(files)


@pytest.fixture(scope="module")
def cci_english(tmp_path_factory):
    path = tmp_path_factory.mktemp("cci") / "corn.zip"
    path.write_bytes(cci_task1_with_crop("Corn"))
    return convert(path)[0]


@pytest.mark.parametrize("designator", ["Körnermais", "maïs"])
def test_an_isoxml_crop_designator_in_another_language_gives_the_crop_and_its_dry_yield(designator, cci_english, tmp_path):
    other = tmp_path / "other.zip"
    other.write_bytes(cci_task1_with_crop(designator))
    (got,) = convert(other)
    assert cci_english["crop"] == got["crop"] == "corn"
    assert got["standard"]["means"]["dryMassPerArea"] == pytest.approx(
        cci_english["standard"]["means"]["dryMassPerArea"], rel=1e-12)


def test_isoxml_dry_yield_of_a_named_crop_matches_isoxml_by_hand(cci_english):
    # npm isoxml reads the published task: wet yield DDI 0x0054 (mg/m² = 0.01 kg/ha) and moisture
    # 0x0063 (ppm = 1e-4 %), last-known values per record; corn: 15 % standard moisture.
    ref = run_reference(cci_task1_with_crop(None), series=True, ddis=[0x0054, 0x0063])
    (task,) = ref["tasks"]
    series = {v["ddi"]: v["series"] for v in task["values"].values()}
    wet, moisture = series["0054"], series["0063"]
    dry = [w * 0.01 * (100 - m * 1e-4) / 85 for w, m in zip(wet, moisture) if w is not None and m is not None]
    line = cci_english
    assert line["standard_points"] == len(wet) == 4716
    assert line["standard"]["means"]["dryMassPerArea"] == pytest.approx(sum(dry) / len(dry), rel=1e-6)
