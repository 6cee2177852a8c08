"""Health, readiness and Prometheus metrics (docs/DEPLOY.md)."""
import re

import requests

from conftest import OPS, assert_status, cn1_zip, create_user, upload_ok, wait_batch

# name, optional {label="value",...} (values may hold braces and escaped quotes), value.
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$')


def scrape(port: int) -> dict[str, float]:
    """Every sample of one process's /metrics, keyed by name + label set, after checking the format."""
    r = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=30)
    assert_status(r, 200)
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    typed = set()
    for line in r.text.splitlines():
        if line.startswith("# TYPE "):
            name, kind = line.split()[2:4]
            assert kind in {"counter", "gauge", "histogram"}, line
            typed.add(name)
            continue
        if line.startswith("# HELP ") or not line:
            continue
        m = SAMPLE.match(line)
        assert m, f"not a Prometheus sample line: {line!r}"
        family = re.sub(r"_(bucket|sum|count)$", "", m.group(1))
        assert m.group(1) in typed or family in typed, f"sample before its # TYPE: {line!r}"
        samples[m.group(1) + (m.group(2) or "")] = float(m.group(3))
    return samples


def test_liveness_and_readiness_answer_without_a_token(server):
    for proc in server.api_processes():
        live = requests.get(f"http://127.0.0.1:{proc.port}/health/live", timeout=10)
        assert_status(live, 200)
        ready = requests.get(f"http://127.0.0.1:{proc.port}/health/ready", timeout=10)
        assert_status(ready, 200)
        assert ready.json() == {"status": "UP", "checks": {"database": "UP", "blobs": "UP"}}


def test_request_counter_counts_each_request_by_route_pattern_and_status(api):
    proc = api.server.api_processes()[0]
    direct = f"http://127.0.0.1:{proc.port}"
    key_ok = 'furrow_http_requests_total{method="GET",route="/services/operations/api/batch/{id}",status="404"}'
    before = scrape(proc.port).get(key_ok, 0)
    for _ in range(3):
        r = requests.get(direct + OPS + "/batch/00000000-0000-4000-8000-000000000000", headers=api.headers(),
                         timeout=30)
        assert_status(r, 404)
    after = scrape(proc.port)
    assert after[key_ok] == before + 3
    # The raw path never becomes a label: the id above appears nowhere in the exposition.
    assert not any("00000000-0000-4000-8000-000000000000" in key for key in after)
    count_key = ('furrow_http_request_duration_seconds_count'
                 '{method="GET",route="/services/operations/api/batch/{id}"}')
    assert after[count_key] >= 3


def test_queue_gauges_follow_the_shared_queue(api):
    leaf = create_user(api)
    batch = wait_batch(api, upload_ok(api, cn1_zip(2), leaf["id"])["id"])
    assert batch["status"] in {"PROCESSED", "FAILED"}  # CN1 is detected, not converted: either way its jobs ran
    samples = scrape(api.server.api_processes()[0].port)
    assert samples["furrow_store_up"] == 1
    # One unpack job and one job per machine file at least, all done by now.
    assert samples['furrow_jobs{state="done"}'] >= 3
    assert samples["process_resident_memory_bytes"] > 1e6
    for state in ("queued", "running", "failed"):
        assert f'furrow_jobs{{state="{state}"}}' in samples
