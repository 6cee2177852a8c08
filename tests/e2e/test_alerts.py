"""Alerts / webhooks (contract-facts.md §11, docs/ALERTS.md) against a real HTTP receiver on loopback.

The receiver records every POST (headers and raw body). Signatures are recomputed here with
hmac/hashlib/base64 over the raw body, and each body must equal Python's own json.dumps of its
parse (the bytes a Leaf receiver would re-serialize). The servers run with a short retry schedule
(FURROW_ALERT_RETRY_SCHEDULE=1,1,2) and the private-network opt-in (the receiver is on loopback,
which a default server refuses: test_default_server_refuses_internal_targets)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import (
    DATA_DIR, Server, assert_problem, assert_status, cn1_zip, create_user, files_of_batch,
    is_uuid, make_zip, new_owner, poll, unique, upload_ok, wait_batch,
)

HOOKS = "/services/alerts/api/alerts/webhooks"
ALERT_ENV = {"FURROW_ALERT_RETRY_SCHEDULE": "1,1,2", "FURROW_ALERT_TIMEOUT_SECONDS": "2",
             "FURROW_WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1"}
CONFIRMATION = "confirmation of webhook upon registration"
BATCH_EVENTS = ["batchUploadReceived", "fileCreated", "uploadedFileProcessingFinished",
                "batchUploadProcessingFinished"]
# What a CN1 upload (detected, no reader: the file fails) sends.
CN1_EVENTS = ["batchUploadReceived", "fileCreated", "uploadedFileProcessingFailed", "batchUploadProcessingFinished"]
TIMESTAMP_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


class Receiver:
    """Records POSTs; answers by the first path segment: /ok -> 200, /down -> 500, /flaky -> 500 for the
    first two POSTs of each eventId then 200, /switch -> 500 until `switch_on`, /slow -> sleeps 5 s."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls: list[dict] = []
        self.switched = False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.answer(self.path, dict(self.headers.items()), body)
                if status is None:
                    time.sleep(5)
                    status = 200
                out = f"answer {status}".encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path: str, headers: dict, body: bytes) -> int | None:
        kind = path.strip("/").split("/")[0]
        with self.lock:
            event_id = json.loads(body).get("eventId")
            before = sum(1 for c in self.calls if c["path"] == path and c["json"].get("eventId") == event_id)
            status = {"ok": 200, "down": 500, "slow": None,
                      "flaky": 500 if before < 2 else 200,
                      "switch": 200 if self.switched else 500}[kind]
            self.calls.append({"path": path, "body": body, "json": json.loads(body), "status": status,
                               "headers": {k.lower(): v for k, v in headers.items()}})
            return status

    def url(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{kind}/{unique('hook')}"

    def at(self, url: str) -> list[dict]:
        path = url.split(str(self.httpd.server_address[1]), 1)[1]
        with self.lock:
            return [c for c in self.calls if c["path"] == path]

    def close(self):
        self.httpd.shutdown()


# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(scope="module")
def alerts_server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("furrow-alerts") / "data", env=ALERT_ENV, name="alerts")
    srv.start()
    yield srv
    rc = srv.stop()
    assert rc == 0, f"alerts server exited with {rc}\n{srv.stderr_text()[-6000:]}"
    assert not srv.sanitizer_reports(), srv.stderr_text()[-8000:]


def register(api, url: str, events: list[str], secret: str | None = None) -> dict:
    body = {"name": unique("hook"), "url": url, "secret": secret or unique("secret"), "events": events}
    r = api.post(HOOKS, json=body)
    assert_status(r, 201)
    hook = r.json()
    assert set(hook) == {"id", "name", "url", "secret", "events"}, hook
    assert is_uuid(hook["id"]) and r.headers["Location"].endswith("/" + hook["id"]), r.headers
    assert {k: hook[k] for k in body} == body
    return hook


def check_delivery(call: dict, secret: str):
    """Signature over the raw body, json.dumps form, eventId header and timestamp format."""
    raw = call["body"]
    expected = base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()
    assert call["headers"].get("x-leaf-signature") == expected, call
    assert call["headers"].get("content-type") == "application/json"
    assert raw == json.dumps(json.loads(raw)).encode("ascii"), raw
    body = call["json"]
    assert is_uuid(body["eventId"]) and call["headers"].get("x-furrow-event-id") == body["eventId"], call
    if "type" in body:
        assert TIMESTAMP_RE.fullmatch(body["timestamp"]), body


def events_at(receiver, hook) -> list[dict]:
    return [c for c in receiver.at(hook["url"]) if "type" in c["json"]]


def accepted_by_event(receiver, hook) -> dict:
    out = {}
    for c in receiver.at(hook["url"]):
        out.setdefault(c["json"]["eventId"], []).append(c["status"])
    return out


def basswood_zip() -> bytes:
    return make_zip([("export/2012-basswood.txt",
                      (DATA_DIR / "agleader-basswood-corn-2012" / "2012-basswood.txt").read_bytes())])


# --------------------------------------------------------------------------------------------

def test_register_get_list_delete_and_confirmation(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    hook = register(api, receiver.url("ok"), ["fileCreated", "operationCreated"])
    got = api.get(f"{HOOKS}/{hook['id']}")
    assert_status(got, 200)
    assert got.json() == hook
    listed = api.get(HOOKS)
    assert_status(listed, 200)
    assert listed.json() == [hook]
    calls = poll(lambda: receiver.at(hook["url"]), timeout=15, what="the confirmation")
    assert len(calls) == 1 and calls[0]["json"]["message"] == CONFIRMATION, calls
    check_delivery(calls[0], hook["secret"])
    assert_status(api.delete(f"{HOOKS}/{hook['id']}"), 204)
    assert_problem(api.get(f"{HOOKS}/{hook['id']}"), 404)
    assert_problem(api.delete(f"{HOOKS}/{hook['id']}"), 404)
    assert api.get(HOOKS).json() == []
    register(api, receiver.url("ok"), ["fileCreated"])  # the event is free again


@pytest.mark.parametrize("url, words", [
    ("ftp://127.0.0.1/hook", "scheme 'ftp'"),
    ("http:///hook", "no host"),
    ("http://0.0.0.0:8080/hook", "is an unspecified (this-host) address"),
    ("http://[ff02::1]/hook", "is a multicast address"),
    ("http://user:pw@127.0.0.1/hook", "credentials"),
    ("127.0.0.1/hook", "not an absolute"),
])
def test_bad_urls_are_refused_naming_the_problem(alerts_server, url, words):
    api = new_owner(alerts_server, prefix="alerts")
    r = api.post(HOOKS, json={"name": "x", "url": url, "secret": "s", "events": ["fileCreated"]})
    body = assert_problem(r, 400, parameter="url")
    assert words in body["detail"], body
    assert api.get(HOOKS).json() == []


INTERNAL_TARGETS = [
    ("http://127.0.0.1/hook", "loopback"), ("http://localhost:8080/hook", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"), ("http://[::1]/hook", "loopback"),
    ("http://2130706433/hook", "loopback"), ("http://0x7f000001/hook", "loopback"), ("http://127.1/hook", "loopback"),
    ("http://0177.0.0.1/hook", "loopback"), ("http://0/hook", "unspecified"), ("http://10.0.0.1/hook", "private"),
    ("http://192.168.1.1/hook", "private"), ("http://[::ffff:127.0.0.1]/hook", "loopback"),
    ("http://[fd12::1]/hook", "unique-local"), ("http://224.0.0.1/hook", "multicast"),
]


@pytest.mark.parametrize("url, kind", INTERNAL_TARGETS)
def test_default_server_refuses_internal_targets(api, url, kind):
    """The shared server runs with default settings: no webhook may point inside (issue #16)."""
    r = api.post(HOOKS, json={"name": "x", "url": url, "secret": "s", "events": ["fileCreated"]})
    body = assert_problem(r, 400, parameter="url")
    assert f"{kind}" in body["detail"] and "webhooks may not reach it" in body["detail"], body
    assert all(h["url"] != url for h in api.get(HOOKS).json())


def test_allowed_hosts_admit_a_named_internal_host_only(make_server, receiver):
    srv = make_server(env={"FURROW_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "FURROW_ALERT_TIMEOUT_SECONDS": "2"},
                      name="alerts-allow")
    srv.start()
    api = new_owner(srv, prefix="allow")
    hook = register(api, receiver.url("ok"), ["fileCreated"])
    calls = poll(lambda: receiver.at(hook["url"]), timeout=15, what="the confirmation")
    assert calls[0]["json"]["message"] == CONFIRMATION
    for url in ("http://localhost:8080/hook", "https://hooks.example.com/hook"):
        r = api.post(HOOKS, json={"name": "x", "url": url, "secret": "s", "events": ["operationCreated"]})
        assert "not in FURROW_WEBHOOK_ALLOWED_HOSTS" in assert_problem(r, 400, parameter="url")["detail"]


def test_bad_bodies_are_refused(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    ok = {"name": "x", "url": receiver.url("ok"), "secret": "s", "events": ["fileCreated"]}
    assert_problem(api.post(HOOKS, json={**ok, "events": ["newFile"]}), 400, parameter="events")
    assert_problem(api.post(HOOKS, json={**ok, "events": []}), 400, parameter="events")
    assert_problem(api.post(HOOKS, json={**ok, "secret": ""}), 400, parameter="secret")
    assert_problem(api.post(HOOKS, json={k: v for k, v in ok.items() if k != "url"}), 400, parameter="url")


def test_an_event_registered_twice_is_refused(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    first = register(api, receiver.url("ok"), ["fileCreated", "operationCreated"])
    for events in (["operationCreated"], ["fieldCreated", "fieldCreated"]):
        r = api.post(HOOKS, json={"name": "x", "url": receiver.url("ok"), "secret": "s", "events": events})
        body = assert_problem(r, 400, parameter="events")
        assert body["detail"].startswith("eventRegisteredTwice"), body
    assert api.get(HOOKS).json() == [first]
    other = new_owner(alerts_server, prefix="alerts")  # the rule is per owner
    register(other, receiver.url("ok"), ["operationCreated"])


def test_another_owner_cannot_see_or_delete_a_webhook(alerts_server, receiver):
    a, b = new_owner(alerts_server, prefix="alerts"), new_owner(alerts_server, prefix="alerts")
    hook = register(a, receiver.url("down"), ["fileCreated"])
    poll(lambda: receiver.at(hook["url"]), timeout=15, what="the first failed confirmation")
    assert_problem(b.get(f"{HOOKS}/{hook['id']}"), 404)
    assert_problem(b.delete(f"{HOOKS}/{hook['id']}"), 404)
    assert_problem(b.get(f"{HOOKS}/{hook['id']}/calls"), 404)
    assert b.get(HOOKS).json() == []
    assert b.get(f"{HOOKS}/failed-calls").json() == {"items": []}
    assert_status(a.get(f"{HOOKS}/{hook['id']}"), 200)
    assert a.get(f"{HOOKS}/failed-calls").json()["items"], "owner A sees its own failed calls"


def test_upload_to_processed_delivers_the_events_in_order_signed(alerts_server, receiver):
    api = new_owner(alerts_server, config={"cleanupStandardGeojson": False}, prefix="alerts")
    hook = register(api, receiver.url("ok"), BATCH_EVENTS)
    user = create_user(api)
    batch = upload_ok(api, basswood_zip(), user["id"], filename="basswood.zip")
    assert wait_batch(api, batch["id"], timeout=120)["status"] == "PROCESSED"
    files, _ = files_of_batch(api, batch["id"])
    assert len(files) == 1 and files[0]["status"] == "processed", files
    calls = poll(lambda: (lambda e: e if len(e) >= 4 else None)(events_at(receiver, hook)),
                 timeout=20, what="four events")
    time.sleep(1.5)
    calls = events_at(receiver, hook)
    assert [c["json"]["type"] for c in calls] == BATCH_EVENTS
    for c in receiver.at(hook["url"]):
        check_delivery(c, hook["secret"])
    bodies = [c["json"] for c in calls]
    assert all(b["leafUserId"] == user["id"] for b in bodies), bodies
    assert bodies[0]["batchId"] == bodies[3]["batchId"] == batch["id"]
    assert bodies[1]["fileId"] == bodies[2]["fileId"] == files[0]["id"]
    assert bodies[3]["status"] == "PROCESSED"
    assert len({b["eventId"] for b in bodies}) == 4
    assert [b["timestamp"] for b in bodies] == sorted(b["timestamp"] for b in bodies)


def test_a_failed_file_sends_the_failed_event_with_its_message(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    hook = register(api, receiver.url("ok"), ["uploadedFileProcessingFailed", "batchUploadProcessingFinished"])
    user = create_user(api)
    batch = upload_ok(api, cn1_zip(1), user["id"])
    assert wait_batch(api, batch["id"])["status"] == "FAILED"
    calls = poll(lambda: (lambda e: e if len(e) >= 2 else None)(events_at(receiver, hook)),
                 timeout=20, what="two events")
    failed, finished = calls[0]["json"], calls[1]["json"]
    assert failed["type"] == "uploadedFileProcessingFailed" and failed["message"], failed
    files, _ = files_of_batch(api, batch["id"])
    assert failed["fileId"] == files[0]["id"]
    assert finished == {**finished, "type": "batchUploadProcessingFinished", "batchId": batch["id"], "status": "FAILED"}


def test_a_receiver_failing_twice_gets_one_accepted_delivery_per_event(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    hook = register(api, receiver.url("flaky"), CN1_EVENTS)
    user = create_user(api)
    upload_ok(api, cn1_zip(1), user["id"])

    def all_accepted():
        by_event = accepted_by_event(receiver, hook)
        return by_event if len(by_event) == 5 and all(200 in s for s in by_event.values()) else None
    poll(all_accepted, timeout=40, interval=0.3, what="every event accepted")
    time.sleep(3)  # nothing more may come
    by_event = accepted_by_event(receiver, hook)
    assert len(by_event) == 5  # confirmation + 4 events
    assert all(statuses == [500, 500, 200] for statuses in by_event.values()), by_event
    for c in receiver.at(hook["url"]):
        check_delivery(c, hook["secret"])
    items = api.get(f"{HOOKS}/failed-calls").json()["items"]
    assert len(items) == 10, items
    for item in items:
        # The receiver answered "answer 500": the log keeps the status and the time, never the body.
        assert item["status"] == 500 and item["response"] == "" and item["url"] == hook["url"]
        assert isinstance(item["durationMs"], int) and 0 <= item["durationMs"] < 2000, item
        assert item["apiOwner"] == api.username and not item["gaveUp"] and "connectionError" not in item
        assert item["requestBody"].encode() in {c["body"] for c in receiver.at(hook["url"])}
    everything = api.get(f"{HOOKS}/{hook['id']}/calls").json()["items"]
    assert sorted(i["status"] for i in everything) == [200] * 5 + [500] * 10


def test_a_dead_receiver_is_given_up_after_the_schedule(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    hook = register(api, receiver.url("down"), ["fileCreated"])
    poll(lambda: len(receiver.at(hook["url"])) >= 4 or None, timeout=20, what="four attempts")
    time.sleep(4)
    assert len(receiver.at(hook["url"])) == 4  # 1 + three retries (1 s, 1 s, 2 s)
    items = api.get(f"{HOOKS}/failed-calls").json()["items"]
    assert [i["attempt"] for i in items] == [4, 3, 2, 1]
    assert [i["gaveUp"] for i in items] == [True, False, False, False]


def test_deleting_a_webhook_stops_its_retries(alerts_server, receiver):
    srv_api = new_owner(alerts_server, prefix="alerts")
    hook = register(srv_api, receiver.url("down"), ["fileCreated"])
    poll(lambda: receiver.at(hook["url"]), timeout=15, what="the first attempt")
    assert_status(srv_api.delete(f"{HOOKS}/{hook['id']}"), 204)
    seen = len(receiver.at(hook["url"]))
    time.sleep(4)
    assert len(receiver.at(hook["url"])) <= seen + 1  # at most the call that was already in flight


def test_a_slow_receiver_times_out_without_holding_up_the_pipeline(alerts_server, receiver):
    api = new_owner(alerts_server, prefix="alerts")
    slow = register(api, receiver.url("slow"), CN1_EVENTS)
    user = create_user(api)
    started = time.monotonic()
    batch = upload_ok(api, cn1_zip(2), user["id"])
    assert wait_batch(api, batch["id"], timeout=30)["status"] == "FAILED"
    assert time.monotonic() - started < 15
    items = poll(lambda: api.get(f"{HOOKS}/failed-calls").json()["items"], timeout=20, what="a timed-out call")
    assert items[0]["status"] == 0 and "timed out" in items[0]["connectionError"].lower(), items[0]
    assert_status(api.delete(f"{HOOKS}/{slow['id']}"), 204)


def test_a_crash_mid_retry_loses_no_delivery(make_server, receiver):
    srv = make_server(env={**ALERT_ENV, "FURROW_ALERT_RETRY_SCHEDULE": "2,2,2,2,2,2,2,2,2,2"}, name="alerts-crash")
    srv.start()
    api = new_owner(srv, prefix="crash")
    hook = register(api, receiver.url("switch"), CN1_EVENTS)
    user = create_user(api)
    batch = upload_ok(api, cn1_zip(1), user["id"])
    assert wait_batch(api, batch["id"])["status"] == "FAILED"
    poll(lambda: len(accepted_by_event(receiver, hook)) == 5 or None, timeout=30,
         what="a first (refused) attempt of every event")
    srv.kill()
    assert all(s == [500] * len(s) for s in accepted_by_event(receiver, hook).values())
    receiver.switched = True
    srv.start()
    poll(lambda: all(200 in s for s in accepted_by_event(receiver, hook).values()) or None, timeout=40,
         what="every event delivered after the restart")
    time.sleep(3)
    by_event = accepted_by_event(receiver, hook)
    assert len(by_event) == 5 and all(s.count(200) == 1 for s in by_event.values()), by_event
    assert srv.stop() == 0


def test_a_field_makes_an_operation_and_its_events_arrive_in_order(alerts_server, receiver):
    """upload -> processed -> field -> operation: the whole flow's events, in order, signed."""
    from shapely.geometry import Point, box
    flow = ["uploadedFileProcessingFinished", "fieldCreated", "fieldBoundaryCreated", "operationCreated",
            "automergedFileProcessingFinished", "operationProcessingFinished"]
    api = new_owner(alerts_server, config={"cleanupStandardGeojson": False}, prefix="alerts-ops")
    hook = register(api, receiver.url("ok"), flow)
    user = create_user(api)
    batch = upload_ok(api, basswood_zip(), user["id"], filename="basswood.zip")
    assert wait_batch(api, batch["id"], timeout=120)["status"] == "PROCESSED"
    files, _ = files_of_batch(api, batch["id"])
    features = api.get(f"/services/operations/api/files/{files[0]['id']}/standardGeojson").json()["features"]
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    west = box(min(lons) - 1e-4, min(lats) - 1e-4, (min(lons) + max(lons)) / 2, max(lats) + 1e-4)
    assert 0 < sum(west.covers(Point(x, y)) for x, y in zip(lons, lats)) < len(features)
    geometry = {"type": "MultiPolygon", "coordinates": [[[list(c) for c in west.exterior.coords]]]}
    r = api.post(f"/services/fields/api/users/{user['id']}/fields", json={"name": "west", "geometry": geometry})
    assert_status(r, 200)
    field = r.json()
    calls = poll(lambda: (lambda e: e if len(e) >= len(flow) else None)(events_at(receiver, hook)),
                 timeout=120, what="the operation flow's events")
    time.sleep(1.5)
    calls = events_at(receiver, hook)
    assert [c["json"]["type"] for c in calls] == flow
    for c in calls:
        check_delivery(c, hook["secret"])
    bodies = {c["json"]["type"]: c["json"] for c in calls}
    ops = api.get("/services/operations/api/operations", params={"leafUserId": user["id"]}).json()
    assert len(ops) == 1
    assert bodies["operationCreated"]["operationId"] == bodies["operationProcessingFinished"]["operationId"] == ops[0]["id"]
    assert bodies["fieldCreated"]["fieldId"] == bodies["fieldBoundaryCreated"]["fieldId"] == field["id"]
    assert bodies["fieldBoundaryCreated"]["boundaryId"] == field["boundaries"][0]
    assert bodies["fieldCreated"]["source"] == "REST"
    merged = api.get(f"/services/operations/api/files/{bodies['automergedFileProcessingFinished']['fileId']}").json()
    assert merged["origin"] == "automerged" and merged["status"] == "processed"
