#!/usr/bin/env python3
"""Peak memory of an operation merge (issue #16 point 3; figures in docs/BENCHMARKS.md).

Uploads N distinct copies of one sample (the copies differ in one byte of the dBASE `orig_file` text of
the first record, a column furrow does not read, so their content hashes differ and each is a data set
of its own with the same points), draws a field around every point so they make one operation of N
files, waits for it, then resets the server's peak-RSS counter (/proc/PID/clear_refs) and reprocesses the
operation: the peak after that is the merge and the pipeline on the merged points.

With --same the N uploads are the identical zip (the attack run of issue #16): a furrow that recognises
duplicates makes an operation of one file, one that does not an operation holding every point N times.

  /usr/bin/python3 bench/operation_merge_rss.py build/release/furrow [N=5] [sample.zip] [--same]
"""
from __future__ import annotations

import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import requests

SAMPLE = Path("/work/shared/data/jd-opscenter-oats-harvest/FarmerC Hill Farms-FarmerC Hill Farms-Millview-Oats.zip")
OPS = "/services/operations/api"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def variant(data: bytes, index: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.endswith(".dbf") and not info.filename.startswith("__MACOSX"):
                body = bytearray(body)
                header_len = struct.unpack_from("<H", body, 8)[0]
                offset, column = 1, 32
                while body[column] != 0x0D:
                    name = body[column:column + 11].split(b"\0")[0].decode()
                    width = body[column + 16]
                    if name.lower() == "orig_file":
                        body[header_len + offset] = ord("a") + index
                        break
                    offset += width
                    column += 32
                else:
                    raise SystemExit("no orig_file column")
                body = bytes(body)
            dst.writestr(info, body)
    return out.getvalue()


def status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key}")


def peak_kb(pid: int) -> int:
    return status_kb(pid, "VmHWM")


def poll(fn, timeout=1800):
    end = time.time() + timeout
    while time.time() < end:
        got = fn()
        if got:
            return got
        time.sleep(0.5)
    raise SystemExit("timed out")


def main():
    same = "--same" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--same"]
    binary = args[0]
    count = int(args[1]) if len(args) > 1 else 5
    sample = Path(args[2]) if len(args) > 2 else SAMPLE
    data = sample.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FURROW_")}
        env.update({"FURROW_DATA_DIR": tmp, "FURROW_LISTEN": f"127.0.0.1:{port}", "FURROW_JWT_SECRET": "bench"})
        subprocess.run([binary, "admin", "create-owner", "--username", "bench@x", "--password", "bench password"],
                       env=env, check=True, capture_output=True)
        server = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            def up():
                if server.poll() is not None:
                    raise SystemExit(f"furrow serve exited with {server.returncode}")
                try:
                    return requests.get(base + "/health", timeout=2).ok
                except requests.ConnectionError:
                    return None  # not listening yet
            poll(up, 60)
            token = requests.post(base + "/api/authenticate", json={"username": "bench@x", "password": "bench password"}).json()["id_token"]
            h = {"Authorization": f"Bearer {token}"}
            requests.patch(base + "/services/config/api/configs", headers=h, json={"cleanupStandardGeojson": False}).raise_for_status()
            user = requests.post(base + "/services/usermanagement/api/users", headers=h, json={"name": "bench"}).json()
            for index in range(count):
                r = requests.post(base + OPS + "/batch", headers=h, params={"leafUserId": user["id"], "provider": "Other"},
                                  files={"file": (sample.name, data if same else variant(data, index))})
                r.raise_for_status()
            def files_done():
                files = requests.get(base + OPS + "/files", headers=h, params={"leafUserId": user["id"], "size": 100}).json()
                return files if len(files) == count and all(f["status"] == "processed" for f in files) else None
            files = poll(files_done)
            duplicates = sum("duplicateOf" in f for f in files)
            assert same or not duplicates, "variants were taken for duplicates"
            points = requests.get(base + OPS + f"/files/{files[0]['id']}/standardGeojson", headers=h).json()["features"]
            lons = [p["geometry"]["coordinates"][0] for p in points]
            lats = [p["geometry"]["coordinates"][1] for p in points]
            w, e, s, n = min(lons) - 1e-3, max(lons) + 1e-3, min(lats) - 1e-3, max(lats) + 1e-3
            ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
            requests.post(base + f"/services/fields/api/users/{user['id']}/fields", headers=h,
                          json={"name": "all", "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]}}).raise_for_status()
            def op_done():
                ops = requests.get(base + OPS + "/operations", headers=h, params={"leafUserId": user["id"]}).json()
                return ops[0] if len(ops) == 1 and ops[0]["status"] == "processed" and len(ops[0]["files"]) == count - duplicates else None
            op = poll(op_done)
            before = peak_kb(server.pid)
            resident = status_kb(server.pid, "VmRSS")
            Path(f"/proc/{server.pid}/clear_refs").write_text("5")
            started = time.time()
            requests.post(base + OPS + f"/operations/{op['id']}/reprocess", headers=h).raise_for_status()
            time.sleep(1)
            poll(lambda: requests.get(base + OPS + f"/operations/{op['id']}", headers=h).json()["status"] == "processed")
            took = time.time() - started
            merged = requests.get(base + OPS + f"/operations/{op['id']}/summary", headers=h).json()
            print(json.dumps({"uploads": count, "identical": same, "duplicates": duplicates, "operation_files": len(op["files"]), "points_per_file": len(points), "peak_rss_mb_before_reprocess": round(before / 1024, 1),
                              "rss_mb_at_reprocess": round(resident / 1024, 1),
                              "peak_rss_mb_during_reprocess": round(peak_kb(server.pid) / 1024, 1),
                              "reprocess_seconds": round(took, 1),
                              "summary_point_count": merged["properties"]["pointCount"]}))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(120)


if __name__ == "__main__":
    main()
