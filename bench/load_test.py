#!/usr/bin/python3
"""Reads under upload load: wrk with 64 connections reads lists and summaries while 4 clients upload
batches continuously; then every accepted batch must reach PROCESSED or FAILED.

    bench/load_test.py [--topology single|cluster] [--seconds 60] [--bin build/release/furrow]

single:  one `furrow serve` on SQLite + local disk (the embedded default).
cluster: two API processes + two `furrow worker` processes on PostgreSQL + S3 (tests/e2e/cluster.py);
         wrk's connections are split over the two API nodes (what an L4 balancer does), the uploads go
         through the harness's round-robin.
Prints the figures and exits 1 if any response was a 5xx or any accepted batch was lost.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "isoxml-kverneland-spreader" / "SingleDPD.zip"

WRK_SCRIPT = r"""
-- Rotates over the read paths; counts 5xx answers per thread and reports them in done().
local paths = {PATHS}
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) fivexx = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Authorization"] = "Bearer TOKEN"})
end
function response(status, headers, body) if status >= 500 then fivexx = fivexx + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("fivexx") end
  io.write(string.format("FIVEXX %d\nP50_US %d\nP99_US %d\nREQUESTS %d\nNON2XX %d\n", total,
    latency:percentile(50), latency:percentile(99), summary.requests, summary.errors.status))
end
"""


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--topology", choices=["single", "cluster"], default="single")
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--uploaders", type=int, default=4)
    p.add_argument("--bin", default=str(ROOT / "build" / "release" / "furrow"))
    return p.parse_args()


def main() -> int:
    args = parse_args()
    os.environ["FURROW_E2E_TOPOLOGY"] = args.topology
    os.environ["FURROW_BIN"] = args.bin
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    import conftest  # the e2e harness: Server, owners, uploads (reads FURROW_* at import)
    from conftest import OPS, Server, create_user, new_owner, upload, wait_batch

    work = Path(tempfile.mkdtemp(prefix="furrow-load-"))
    server = Server(work / "data", env={"FURROW_LOG_LEVEL": "warn", "FURROW_HTTP_THREADS": "8"}, name="load")
    try:
        server.start(timeout=120)
        api = new_owner(server, prefix="load")
        leaf = create_user(api)
        seeded = [upload(api, SAMPLE.read_bytes(), leaf["id"]).json()["id"] for _ in range(4)]
        file_ids = []
        for batch_id in seeded:
            file_ids += wait_batch(api, batch_id, timeout=300)["leafFiles"]
        paths = [f"{OPS}/files?leafUserId={leaf['id']}&size=50", f"{OPS}/batch?size=50",
                 f"{OPS}/files/{file_ids[0]}/summary", f"{OPS}/files/{file_ids[-1]}", f"{OPS}/batch/{seeded[0]}"]
        script = work / "reads.lua"
        script.write_text(WRK_SCRIPT.replace("{PATHS}", "{" + ",".join(json.dumps(p) for p in paths) + "}")
                          .replace("TOKEN", api.token))

        accepted, upload_5xx, upload_other = [], [0], {}
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def uploader():
            data = SAMPLE.read_bytes()
            while time.monotonic() < stop_at:
                r = upload(api, data, leaf["id"])
                with lock:
                    if r.status_code == 200:
                        accepted.append(r.json()["id"])
                    elif r.status_code >= 500:
                        upload_5xx[0] += 1
                    else:
                        upload_other[r.status_code] = upload_other.get(r.status_code, 0) + 1

        targets = [p.port for p in server.api_processes()]
        per_target = max(1, args.connections // len(targets))
        wrks = [subprocess.Popen(["wrk", "-t", "2", "-c", str(per_target), "-d", f"{args.seconds}s", "--latency",
                                  "-s", str(script), f"http://127.0.0.1:{port}"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for port in targets]
        threads = [threading.Thread(target=uploader) for _ in range(args.uploaders)]
        for t in threads:
            t.start()
        outputs = [w.communicate(timeout=args.seconds + 120)[0] for w in wrks]
        for t in threads:
            t.join()

        figures = [dict((k, int(v)) for k, v in re.findall(r"^(FIVEXX|P50_US|P99_US|REQUESTS|NON2XX) (\d+)$", out, re.M))
                   for out in outputs]
        drain_start = time.monotonic()
        statuses = {}
        for batch_id in accepted:
            statuses[batch_id] = wait_batch(api, batch_id, timeout=1800)["status"]
        drain = time.monotonic() - drain_start
        lost = [b for b, s in statuses.items() if s not in ("PROCESSED", "FAILED")]
        reads = sum(f["REQUESTS"] for f in figures)
        read_5xx = sum(f["FIVEXX"] for f in figures)
        workers = f"{len(server.workers())} worker process(es)" if server.workers() else "embedded workers"
        print(f"topology            {args.topology} ({len(targets)} API process(es), {workers})")
        print(f"reads               {reads} in {args.seconds} s = {reads / args.seconds:.0f} req/s, "
              f"{args.connections} connections")
        print(f"read latency        p50 {max(f['P50_US'] for f in figures) / 1000:.1f} ms, "
              f"p99 {max(f['P99_US'] for f in figures) / 1000:.1f} ms (worst API node)")
        print(f"read 5xx            {read_5xx}; other non-2xx {sum(f['NON2XX'] for f in figures) - read_5xx}")
        print(f"uploads accepted    {len(accepted)} by {args.uploaders} clients; upload 5xx {upload_5xx[0]}; "
              f"other refusals {upload_other}")
        print(f"batches terminal    {len(statuses) - len(lost)} of {len(accepted)} "
              f"({sum(1 for s in statuses.values() if s == 'PROCESSED')} PROCESSED), lost {len(lost)}, "
              f"drained {drain:.1f} s after the load stopped")
        print(f"server peak RSS     {peak_rss_mb(server):.0f} MB (largest process)")
        ok = read_5xx == 0 and upload_5xx[0] == 0 and not lost and all(figures)
        print("RESULT", "ok" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        server.close()
        conftest.close_cluster_backend()


def peak_rss_mb(server) -> float:
    peak = 0
    for proc in server.processes:
        try:
            text = Path(f"/proc/{proc.popen.pid}/status").read_text()
            peak = max(peak, int(re.search(r"VmHWM:\s+(\d+)", text).group(1)))
        except (OSError, AttributeError):
            pass
    return peak / 1024


if __name__ == "__main__":
    sys.exit(main())
