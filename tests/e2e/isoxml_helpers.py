"""Helpers for the ISOXML end-to-end tests: the real ISOXML samples, the independent reading with
the npm `isoxml` package (isoxml_reference/reference.js), DDI scales from shared/spec/ddi.md, a
small TLG binary walker to build broken sets, and geodesic arithmetic with pyproj.

Nothing here reads furrow's code or output formats beyond the documented API contract.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from pyproj import Geod

from conftest import OPS, assert_status, files_of_batch, npm_install, wait_batch  # noqa: F401 (re-exported)

HERE = Path(__file__).resolve().parent
REFERENCE_DIR = HERE / "isoxml_reference"
from conftest import DATA_DIR  # noqa: E402
NODE = shutil.which("node") or "/usr/bin/node"

GEOD = Geod(ellps="WGS84")

ISO_MS_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

# --------------------------------------------------------------------------------------------
# The real sets (shared/data/isoxml-*)
# --------------------------------------------------------------------------------------------

CCI_DIR = DATA_DIR / "isoxml-cci-forage-timelogs" / "TASKDATA"
KRONE_ZIP = DATA_DIR / "isoxml-krone-bigx-totals" / "TASKDATA.zip"
KVERNELAND_ZIP = DATA_DIR / "isoxml-kverneland-spreader" / "SingleDPD.zip"
TOPCON_ZIP = DATA_DIR / "isoxml-topcon-xfr" / "2021-04-09T15_33_26_taskdata.zip"


def zip_folder_as_taskdata(folder: Path, mutate=None) -> bytes:
    """The files of `folder` zipped as TASKDATA/<name>; mutate(dict name->bytes) may edit them."""
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    if mutate is not None:
        mutate(files)
    return zip_files_as_taskdata(files)


def zip_files_as_taskdata(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"TASKDATA/{name}", date_time=(2020, 1, 2, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def real_sets() -> dict[str, dict]:
    """name -> {data, filename, operationType (None: the file must fail)}; checks the data exist."""
    for p in (CCI_DIR / "TASKDATA.XML", KRONE_ZIP, KVERNELAND_ZIP, TOPCON_ZIP):
        if not p.exists():
            pytest.fail(f"real ISOXML sample missing: {p} (shared/data must sit beside the repo "
                        f"or FURROW_SHARED_DATA must point at it)")
    return {
        "cci": {"data": zip_folder_as_taskdata(CCI_DIR), "filename": "cci-forage-TASKDATA.zip",
                "operationType": "harvested"},
        "krone": {"data": KRONE_ZIP.read_bytes(), "filename": KRONE_ZIP.name, "operationType": "harvested"},
        # SOURCE.md calls it a spreader, but the one device with time logs (DVC-36 "IntelliAg",
        # element "Seed Operation") logs seed rates (DDI 0x000B/0x000C, product "Seed", task total
        # 12 483 seeds in DDI 0x0052) and none of the spreader's 0x0006/0x0007: a planting task.
        "kverneland": {"data": KVERNELAND_ZIP.read_bytes(), "filename": KVERNELAND_ZIP.name,
                       "operationType": "planted"},
        "topcon": {"data": TOPCON_ZIP.read_bytes(), "filename": TOPCON_ZIP.name, "operationType": None},
    }


# --------------------------------------------------------------------------------------------
# The independent reading (npm isoxml)
# --------------------------------------------------------------------------------------------

def ensure_reference_installed() -> Path:
    return npm_install(REFERENCE_DIR, "isoxml", "the independent ISOXML reading")


def run_reference(data: bytes | Path, series: bool = False, ddis: list[int] | None = None) -> dict:
    """Runs reference.js on zip bytes or a path; returns its JSON."""
    ensure_reference_installed()
    with tempfile.TemporaryDirectory(prefix="isoxml-ref-") as tmp:
        if isinstance(data, (bytes, bytearray)):
            path = Path(tmp) / "input.zip"
            path.write_bytes(data)
        else:
            path = Path(data)
        cmd = [NODE, str(REFERENCE_DIR / "reference.js")]
        if series:
            cmd.append("--series")
        if ddis:
            cmd += ["--ddis", ",".join(f"{d:04X}" for d in ddis)]
        cmd.append(str(path))
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"reference.js failed (rc={r.returncode}):\n{r.stderr[-3000:]}"
    return json.loads(r.stdout)


# --------------------------------------------------------------------------------------------
# DDI -> standardGeojson property, with the scales of shared/spec/ddi.md (raw x factor = canonical)
# --------------------------------------------------------------------------------------------

PROPERTY_DDIS: dict[str, list[tuple[int, float]]] = {
    "equipmentWidth": [(0x0043, 0.001)],          # mm -> m
    "wetMassPerArea": [(0x0054, 0.01)],           # mg/m2 -> kg/ha
    "harvestMoisture": [(0x0063, 1e-4)],          # ppm -> %
    "cropFlow": [(0x0057, 1e-6)],                 # mg/s -> kg/s
    "dryMassPerArea": [(0x00B5, 0.01)],           # mg/m2 -> kg/ha
    "speed": [(0x018D, 0.001)],                   # mm/s -> m/s
    "fuelRate": [(0x0095, 0.0036)],               # mm3/s -> L/h
    "seedRate": [(0x000C, 10.0)],                 # 0.001 /m2 -> seeds/ha
    "appliedRate": [(0x0007, 0.01), (0x0002, 1e-4)],        # mg/m2 -> kg/ha, 0.01 mm3/m2 -> L/ha
    "appliedRateTarget": [(0x0006, 0.01), (0x0001, 1e-4)],
}
WORK_STATE_DDI = 0x008D
ALL_MAPPED_DDIS = sorted({d for pairs in PROPERTY_DDIS.values() for d, _ in pairs} | {WORK_STATE_DDI})


def pick_series(task: dict, ddi: int) -> tuple[dict | None, str]:
    """The reference value entry of `ddi` for the element nearest the device root; (None, why) if
    the DDI is not logged or several elements at the same depth log it (ambiguous)."""
    entries = [v for v in task["values"].values() if int(v["ddi"], 16) == ddi]
    if not entries:
        return None, "not logged"
    depth = min((v["detDepth"] if v["detDepth"] is not None else 99) for v in entries)
    top = [v for v in entries if (v["detDepth"] if v["detDepth"] is not None else 99) == depth]
    if len(top) > 1:
        return None, f"ambiguous: logged by {[v['det'] for v in top]} at the same depth"
    return top[0], "ok"


def down_the_tree(task: dict, ddi: int, top: dict) -> list:
    """`top`'s series with furrow's device-tree rule (docs/formats/isoxml.md) where it can be checked
    independently: where the element nearest the root logs nothing or 0, the next deeper element
    takes over, as long as each depth has a single element logging the DDI (deeper than that,
    furrow combines sections or bins; such points keep the top element's value and would differ)."""
    entries = [v for v in task["values"].values() if int(v["ddi"], 16) == ddi]
    depth = lambda v: v["detDepth"] if v["detDepth"] is not None else 99
    chain = [top]
    for d in sorted({depth(v) for v in entries if depth(v) > depth(top)}):
        at = [v for v in entries if depth(v) == d]
        if len(at) != 1:
            break
        chain.append(at[0])
    out = []
    for i, value in enumerate(top["series"]):
        for entry in chain[1:]:
            if value not in (None, 0):
                break
            below = entry["series"][i]
            if below is not None and (value is None or below != 0):
                value = below
        out.append(value)
    return out


def reference_property(task: dict, prop: str) -> tuple[list | None, str]:
    """Scaled per-point series (None where no value) of `prop` from the reference, or (None, why)."""
    for ddi, factor in PROPERTY_DDIS[prop]:
        entry, why = pick_series(task, ddi)
        if entry is None:
            if why.startswith("ambiguous"):
                return None, f"DDI 0x{ddi:04X} {why}"
            continue
        series = down_the_tree(task, ddi, entry)
        return [None if v is None else v * factor for v in series], f"DDI 0x{ddi:04X} on {entry['det']}"
    return None, "not logged"


# --------------------------------------------------------------------------------------------
# furrow API helpers for ISOXML uploads
# --------------------------------------------------------------------------------------------

def get_json(api, path: str):
    r = api.get(path)
    assert_status(r, 200)
    return r.json()


def download_json(api, url: str):
    r = api.get(url)
    assert_status(r, 200)
    return r.json()


def file_outputs(api, file_id: str) -> dict:
    """The processed file: its JSON, status, units, summary (as served and at full resolution),
    standardGeojson, and the byte sizes of the file object and the summary as answered."""
    r = api.get(f"{OPS}/files/{file_id}")
    assert_status(r, 200)
    f = r.json()
    out = {"file": f, "file_bytes": len(r.content), "status": get_json(api, f"{OPS}/files/{file_id}/status")}
    if f.get("status") == "processed":
        out["units"] = get_json(api, f"{OPS}/files/{file_id}/units")
        r = api.get(f"{OPS}/files/{file_id}/summary")
        assert_status(r, 200)
        out["summary"], out["summary_bytes"] = r.json(), len(r.content)
        out["summary_full"] = get_json(api, f"{OPS}/files/{file_id}/summary?resolution=full")
        assert f.get("downloadStandardGeojson"), f"processed file lacks downloadStandardGeojson: {f}"
        out["geojson"] = download_json(api, f["downloadStandardGeojson"])
    return out


def parse_ts(value: str) -> dt.datetime:
    assert isinstance(value, str) and ISO_MS_Z.match(value), \
        f"timestamp {value!r} is not ISO 8601 with milliseconds and Z"
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)


def ms_of(value: str) -> int:
    t = parse_ts(value)
    return int(round(t.timestamp() * 1000))


def iso_ms(ms: int) -> str:
    t = dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def offset_note(furrow_ms: int, ref_ms: int) -> str:
    diff = (furrow_ms - ref_ms) / 1000.0
    if diff and abs(diff) % 900 < 1e-6:
        return (f" (furrow is offset by {diff / 3600:+.2f} h from isoxml's reading of the binary time "
                f"as UTC: the two disagree on time-zone handling)")
    return f" (difference {diff:+.3f} s)"


def match_files_to_tasks(outputs: list[dict], tasks: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs processed furrow files with reference tasks by their first positioned point
    (coordinates do not depend on time-zone handling), falling back to the start time."""
    pairs, used = [], set()
    for out in outputs:
        feats = out["geojson"]["features"]
        assert feats, f"processed file {out['file']['id']} has an empty standardGeojson"
        lon, lat = feats[0]["geometry"]["coordinates"][:2]
        cands = [i for i, t in enumerate(tasks)
                 if t["positioned"] and abs(t["lat"][0] - lat) < 2e-7 and abs(t["lon"][0] - lon) < 2e-7]
        if len(cands) != 1:
            start = feats[0]["properties"].get("timestamp")
            cands = [i for i, t in enumerate(tasks) if t["first"] == start] if len(cands) == 0 else \
                [i for i in cands if tasks[i]["first"] == start]
        assert len(cands) == 1, (
            f"cannot match furrow file {out['file']['id']} ({out['file'].get('fileName')}, first point "
            f"{lon},{lat}) to exactly one isoxml task: candidates {[tasks[i]['id'] for i in cands]}")
        assert cands[0] not in used, f"two furrow files match task {tasks[cands[0]]['id']}"
        used.add(cands[0])
        pairs.append((out, tasks[cands[0]]))
    return pairs


# --------------------------------------------------------------------------------------------
# Geodesy
# --------------------------------------------------------------------------------------------

def geodesic_steps(coords: list[tuple[float, float]]) -> list[float]:
    """Distance (m) of each point from the previous one; 0 for the first."""
    if len(coords) < 2:
        return [0.0] * len(coords)
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    _, _, d = GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    return [0.0] + [float(x) for x in d]


def geodesic_area(geometry: dict) -> float:
    """Geodesic area (m2) of a GeoJSON (Multi)Polygon: exteriors minus holes, orientation-free."""
    from shapely.geometry import shape
    geom = shape(geometry)
    if geom.is_empty:
        return 0.0
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    total = 0.0
    for p in polys:
        assert p.geom_type == "Polygon", f"unexpected part {p.geom_type}"
        ext = abs(GEOD.polygon_area_perimeter(*zip(*[c[:2] for c in p.exterior.coords]))[0])
        holes = sum(abs(GEOD.polygon_area_perimeter(*zip(*[c[:2] for c in r.coords]))[0]) for r in p.interiors)
        total += ext - holes
    return total


def close(a: float, b: float, rel: float, abs_tol: float = 0.0) -> bool:
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


# --------------------------------------------------------------------------------------------
# TLG binaries (ISO 11783-10 time logs) and TASKDATA editing, for building broken sets
# --------------------------------------------------------------------------------------------

# PTN attribute -> struct code of its binary field (present in each record when the attribute is "").
_PTN_FIELDS = [("A", "i"), ("B", "i"), ("C", "i"), ("D", "B"), ("E", "H"), ("F", "H"), ("G", "B"),
               ("H", "I"), ("I", "H")]


def tlg_layout(header_xml: bytes) -> dict:
    root = ET.fromstring(header_xml)
    ptn = root.find("PTN")
    fields = []
    if ptn is not None:
        for attr, code in _PTN_FIELDS:
            if ptn.get(attr) == "":
                fields.append((attr, code))
    return {"time_in_binary": root.get("A") == "", "ptn": fields,
            "dlvs": [d.get("A") for d in root.findall("DLV")]}


def tlg_records(header_xml: bytes, binary: bytes):
    """Yields (start, end, {ptn attr: (offset, code)}) for each complete record."""
    lay = tlg_layout(header_xml)
    pos, n = 0, len(binary)
    while pos < n:
        start = pos
        offs = {}
        if lay["time_in_binary"]:
            pos += 6
        for attr, code in lay["ptn"]:
            offs[attr] = (pos, code)
            pos += struct.calcsize("<" + code)
        if pos >= n:
            return
        count = binary[pos]
        pos += 1 + 5 * count
        if pos > n:
            return
        yield start, pos, offs


def zero_positions(header_xml: bytes, binary: bytes) -> bytes:
    out = bytearray(binary)
    records = 0
    for _, _, offs in tlg_records(header_xml, binary):
        for attr in ("A", "B"):
            off, code = offs[attr]
            struct.pack_into("<" + code, out, off, 0)
        records += 1
    assert records > 0
    return bytes(out)


def corrupt_dlv_index(header_xml: bytes, binary: bytes, index: int = 250) -> bytes:
    """Points the first DLV entry of every 10th record at a DLV number the header lacks."""
    out = bytearray(binary)
    for i, (start, end, offs) in enumerate(tlg_records(header_xml, binary)):
        if i % 10:
            continue
        lay_end = max((o + struct.calcsize("<" + c) for o, c in offs.values()), default=start + 6)
        if out[lay_end] > 0:
            out[lay_end + 1] = index
    return bytes(out)


def cci_subset(task_ids: list[str]) -> dict[str, bytes]:
    """The CCI TASKDATA reduced to the given tasks: TASKDATA.XML plus their TLG files."""
    tree = ET.parse(CCI_DIR / "TASKDATA.XML")
    root = tree.getroot()
    keep_tlgs = []
    for tsk in list(root.findall("TSK")):
        if tsk.get("A") in task_ids:
            keep_tlgs += [t.get("A") for t in tsk.findall("TLG")]
        else:
            root.remove(tsk)
    assert sorted(t.get("A") for t in root.findall("TSK")) == sorted(task_ids), "unknown task ids"
    files = {"TASKDATA.XML": ET.tostring(root, encoding="UTF-8", xml_declaration=True)}
    for name in keep_tlgs:
        for ext in ("xml", "bin"):
            files[f"{name}.{ext}"] = (CCI_DIR / f"{name}.{ext}").read_bytes()
    return files

