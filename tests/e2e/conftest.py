"""End-to-end harness for furrow: runs the real binary and talks HTTP to it.

Helpers are plain functions and classes (imported by the test modules with
``from conftest import ...``) so that each test reads as a sequence of API calls.
Fixtures at the bottom give a session-wide server with two API owners.

Environment:
  FURROW_BIN   path of the binary under test (default /work/main/build/asan/furrow)
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cluster import close_cluster_backend, cluster_backend, free_port
import node_projects
import openapi_validation

import pytest
import requests

# Every answer of a furrow server is checked against docs/openapi.json (tests/e2e/openapi_validation.py).
openapi_validation.install()

# Real machine files: ../shared/data beside the repository, or FURROW_SHARED_DATA.
DATA_DIR = Path(os.environ.get("FURROW_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
FURROW_BIN = os.environ.get("FURROW_BIN", "/work/main/build/asan/furrow")

# The fixtures pass this secret to every server and CLI call, so tests can forge tokens.
JWT_SECRET = "furrow-e2e-secret-3f9c2b7a1d"

OPS = "/services/operations/api"
USERS = "/services/usermanagement/api"

PROVIDERS = [
    "Other", "Leaf", "ClimateFieldView", "CNHI", "JohnDeere", "Trimble", "AgLeader",
    "RavenSlingshot", "Stara", "Farmobile", "PrecisionPlanting",
]

BATCH_UPLOAD_KEYS = {"id", "leafUserId", "fileName", "size", "provider", "status", "uploadTimestamp"}
BATCH_KEYS = BATCH_UPLOAD_KEYS | {"leafFiles"}
BATCH_TERMINAL = {"PROCESSED", "FAILED"}
BATCH_STATUSES = {"RECEIVED", "PROCESSED", "FAILED"}
FILE_TERMINAL = {"processed", "failed"}

NO_VALID_FILES = "No valid files found"
UNABLE_TO_READ = ("Files found but unable to read. Please check file format before re-trying "
                  "or contact Support")

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer")

HTTP_TIMEOUT = 60


# --------------------------------------------------------------------------------------------
# Small utilities
# --------------------------------------------------------------------------------------------

def poll(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Calls predicate() until it returns a truthy value; returns that value or fails."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def is_uuid(value) -> bool:
    if not isinstance(value, str):
        return False
    if not re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", value):
        return False
    return True


def parse_iso(value: str) -> dt.datetime:
    """Parses an ISO 8601 timestamp (Python 3.11 accepts a trailing Z)."""
    assert isinstance(value, str), f"timestamp is not a string: {value!r}"
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"timestamp has no zone: {value!r}"
    return parsed


def iso(t: dt.datetime) -> str:
    """yyyy-MM-dd'T'HH:mm:ss.SSS'Z', the documented query format."""
    t = t.astimezone(dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def unique(prefix: str = "e2e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# --------------------------------------------------------------------------------------------
# JWT helpers (HS256)
# --------------------------------------------------------------------------------------------

def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_jwt(payload: dict, secret: str = JWT_SECRET, header: dict | None = None) -> str:
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing_input = (b64url_encode(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64url_encode(json.dumps(payload, separators=(",", ":")).encode()))
    sig = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url_encode(sig)


def decode_jwt(token: str) -> tuple[dict, dict, str, bytes]:
    """Returns (header, payload, signing_input, signature) without verifying."""
    parts = token.split(".")
    assert len(parts) == 3, f"not a JWT (expected 3 dot-separated parts): {token!r}"
    header = json.loads(b64url_decode(parts[0]))
    payload = json.loads(b64url_decode(parts[1]))
    return header, payload, parts[0] + "." + parts[1], b64url_decode(parts[2])


def jwt_signature_valid(token: str, secret: str = JWT_SECRET) -> bool:
    _, _, signing_input, sig = decode_jwt(token)
    expected = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return hmac.compare_digest(expected, sig)


# --------------------------------------------------------------------------------------------
# Zip builders. Entries are (name, bytes) pairs or (ZipInfo, bytes) pairs; names are kept
# verbatim (no sanitising), so hostile archives can be built too.
# --------------------------------------------------------------------------------------------

def make_zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    if isinstance(entries, dict):
        entries = list(entries.items())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                zf.writestr(name, data)
            else:
                info = zipfile.ZipInfo(name, date_time=(2020, 10, 13, 12, 30, 48))
                info.compress_type = compression
                info.external_attr = ((0o40755 << 16) | 0x10) if name.endswith("/") else (0o100644 << 16)
                zf.writestr(info, data)
    return buf.getvalue()


def cn1_entries(name: str, with_dir_entry: bool = False, prefix: str = "") -> list[tuple[str, bytes]]:
    """One CNHI CN1 data set: a folder <name>.cn1 holding index.vy1 plus two data files."""
    folder = f"{prefix}{name}.cn1/"
    entries = []
    if with_dir_entry:
        entries.append((folder, b""))
    entries += [
        (folder + "index.vy1", f"VY1 index for {name}\n".encode() + os.urandom(64)),
        (folder + "0001.vy1", f"record block 1 of {name}\n".encode() + os.urandom(256)),
        (folder + "0002.vy1", f"record block 2 of {name}\n".encode() + os.urandom(128)),
    ]
    return entries


def cn1_zip(count: int, prefix: str = "Field") -> bytes:
    entries = []
    for i in range(1, count + 1):
        entries += cn1_entries(f"{prefix}{i}")
    return make_zip(entries)


def climate_dat_entries(name: str = "harvest_2019.dat") -> list[tuple[str, bytes]]:
    return [(name, b"FieldView DAT " + os.urandom(512))]


def jd_gen4_entries(folder: str = "2020-10-13_combine") -> list[tuple[str, bytes]]:
    # One well-formed frame (0x0D, length 2) holding an unknown message type (field 1 = 7): detected, then refused.
    return [(f"JD-Data/log/{folder}/0001.jdl", b"\x0d\x02\x00\x00\x00\x08\x07")]


def readme_zip() -> bytes:
    return make_zip([("README.txt", b"nothing to see here\n")])


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 10, 13, 12, 30, 48))
    info.create_system = 3  # Unix
    info.external_attr = 0o120777 << 16  # S_IFLNK | 0777
    return info


def zip_bomb_entries(name: str, megabytes: int = 60) -> list[tuple[str, bytes]]:
    return [(name, b"\0" * (megabytes * 1024 * 1024))]


# --------------------------------------------------------------------------------------------
# Raw HTTP over a socket (for requests that must not send their whole body)
# --------------------------------------------------------------------------------------------

class RawResponse:
    def __init__(self, status: int, headers: dict, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


def raw_http(host: str, port: int, head: str, body: bytes | None = None,
             timeout: float = 20.0) -> RawResponse:
    """Sends `head` (request line + headers, ending in a blank line), then `body` from a
    background thread (errors ignored: the server may answer early and close), and reads the
    response. Returns as soon as the status line, headers and a Content-Length body are read."""
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        sock.sendall(head.encode("latin-1"))
        if body:
            def pump():
                try:
                    view = memoryview(body)
                    for off in range(0, len(view), 65536):
                        sock.sendall(view[off:off + 65536])
                except OSError:
                    pass
            threading.Thread(target=pump, daemon=True).start()
        data = b""
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in data:
            if time.monotonic() > deadline:
                raise AssertionError(f"no complete response head within {timeout}s; got {data[:500]!r}")
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                raise AssertionError(f"no response within {timeout}s; got {data[:500]!r}")
            if not chunk:
                break
            data += chunk
        if b"\r\n\r\n" not in data:
            raise AssertionError(f"connection closed before a full response head: {data[:500]!r}")
        head_bytes, rest = data.split(b"\r\n\r\n", 1)
        lines = head_bytes.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length", "0") or 0)
        while len(rest) < length and time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, OSError):
                break
            if not chunk:
                break
            rest += chunk
        return RawResponse(status, headers, rest[:length] if length else rest)
    finally:
        try:
            sock.close()
        except OSError:
            pass


# --------------------------------------------------------------------------------------------
# The server process
# --------------------------------------------------------------------------------------------

_ALL_SERVERS: list["Server"] = []

# "single": one `furrow serve` on SQLite + a local blob directory (the embedded default).
# "cluster": per Server, two API processes (`furrow serve` without workers) behind a TCP round-robin and
# two `furrow worker` processes, on PostgreSQL + S3 (tests/e2e/cluster.py). `make test` runs the suite
# once in each.
TOPOLOGY = os.environ.get("FURROW_E2E_TOPOLOGY", "single")
CLUSTER = TOPOLOGY == "cluster"
CLUSTER_API_NODES = 2
CLUSTER_WORKERS = 2
single_only = pytest.mark.skipif(CLUSTER, reason="about one process on a local data directory")
cluster_only = pytest.mark.skipif(not CLUSTER, reason="needs the scaled-out topology (FURROW_E2E_TOPOLOGY=cluster)")
# Conversion fidelity (a sample's numbers against an independent reading) runs the same code in both
# topologies: only storage and process layout differ, and those have their own tests in both passes
# (downloads, file outputs, S3 blobs, faults, crash recovery). Checked once, in the single pass.
conversion_fidelity = pytest.mark.skipif(
    CLUSTER, reason="conversion fidelity: the same conversion code in both topologies; checked in the single pass")


def base_env() -> dict:
    """The caller's environment minus any FURROW_* settings, so nothing leaks into the tests."""
    return {k: v for k, v in os.environ.items() if not k.startswith("FURROW_")}


class Process:
    """One furrow process of a Server: its role ("serve", "api" or "worker"), output files and Popen."""

    def __init__(self, server: "Server", role: str, index: int, env: dict, port: int | None):
        self.role, self.index, self.port = role, index, port
        self.generation = server.generation
        stem = f"{server.data_dir.name}.{server.name}.{role}{index}.{server.generation}"
        self.stdout_path = server.data_dir.parent / f"{stem}.stdout"
        self.stderr_path = server.data_dir.parent / f"{stem}.stderr"
        command = "worker" if role == "worker" else "serve"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.popen = subprocess.Popen([FURROW_BIN, command], env=env, stdout=out, stderr=err,
                                          stdin=subprocess.DEVNULL)

    @property
    def label(self) -> str:
        return f"{self.role}{self.index}"

    def read(self, path: Path) -> str:
        try:
            return path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.popen.poll() is None


class Server:
    """One furrow deployment on a data directory: a single `furrow serve`, or in the cluster topology
    API nodes + workers sharing one database and bucket. start/stop/kill/restart keep the data; each
    start picks fresh free ports for the processes (the old ones may linger in TIME_WAIT after a kill)."""

    def __init__(self, data_dir: Path, env: dict | None = None, name: str = "server",
                 jwt_secret: str | None = JWT_SECRET):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.extra_env = dict(env or {})
        self.jwt_secret = jwt_secret
        self.name = name
        self.processes: list[Process] = []
        self.history: list[Process] = []
        self.generation = 0
        self.returncodes: list[int] = []
        self.balancer = None
        self.backend = cluster_backend().new_tenant() if CLUSTER else None
        _ALL_SERVERS.append(self)

    # -- environment and CLI ------------------------------------------------------------------
    def env(self) -> dict:
        env = base_env()
        env["FURROW_DATA_DIR"] = str(self.data_dir)
        if self.jwt_secret is not None:
            env["FURROW_JWT_SECRET"] = self.jwt_secret
        if self.backend is not None:
            env.update(self.backend.env)
        env.update(self.extra_env)
        return env

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([FURROW_BIN, *args], env=self.env(), capture_output=True,
                              text=True, timeout=timeout)

    def create_owner(self, username: str, password: str) -> str:
        r = self.cli("admin", "create-owner", "--username", username, "--password", password)
        assert r.returncode == 0, (f"create-owner {username} failed: rc={r.returncode}\n"
                                   f"stdout={r.stdout}\nstderr={r.stderr}")
        found = re.search(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", r.stdout)
        assert found, f"create-owner printed no owner id: {r.stdout!r}"
        return found.group(0)

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        """Rows of a read-only query on the deployment's metadata store (for state no endpoint shows)."""
        if self.backend is not None:
            return self.backend.query(query, params)
        import sqlite3
        db = sqlite3.connect(f"file:{self.data_dir / 'furrow.db'}?mode=ro", uri=True)
        try:
            return db.execute(query, params).fetchall()
        finally:
            db.close()

    # -- output of the processes --------------------------------------------------------------
    def latest(self) -> list[Process]:
        """The processes of the last start (running or not)."""
        return [p for p in self.history if p.generation == self.generation]

    def stdout_text(self) -> str:
        return "".join(p.read(p.stdout_path) for p in self.latest())

    def stderr_text(self) -> str:
        return "".join(p.read(p.stderr_path) for p in self.latest())

    def all_stderr(self) -> str:
        out = []
        for p in self.history:
            text = p.read(p.stderr_path)
            if text:
                out.append(f"--- {self.name} {p.label} {p.stderr_path.name} ---\n" + text)
        return "\n".join(out)

    def sanitizer_reports(self) -> list[str]:
        text = self.all_stderr()
        return [m for m in SANITIZER_MARKERS if m in text]

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def port(self) -> int | None:
        if self.balancer is not None:
            return self.balancer.port
        api = self.api_processes()
        return api[0].port if api else None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def proc(self) -> subprocess.Popen | None:
        """The (first) API process."""
        api = self.api_processes()
        return api[0].popen if api else None

    @property
    def running(self) -> bool:
        return any(p.alive() for p in self.processes)

    def api_processes(self) -> list[Process]:
        return [p for p in self.processes if p.role in ("serve", "api")]

    def workers(self) -> list[Process]:
        return [p for p in self.processes if p.role == "worker"]

    def _spawn(self, role: str, index: int, env_overrides: dict) -> Process:
        env = self.env()
        port = None
        if role != "worker":
            port = free_port()
            env["FURROW_LISTEN"] = f"127.0.0.1:{port}"
        env.update(env_overrides)
        proc = Process(self, role, index, env, port)
        self.processes.append(proc)
        self.history.append(proc)
        return proc

    def start(self, timeout: float = 30) -> "Server":
        assert not self.running, "server already running"
        if not os.path.exists(FURROW_BIN):
            pytest.fail(f"furrow binary not found at {FURROW_BIN} (set FURROW_BIN)")
        self.generation += 1
        self.processes = []
        if not CLUSTER:
            self._spawn("serve", 0, {})
        else:
            if self.balancer is None:
                from cluster import RoundRobin
                self.balancer = RoundRobin([])
            # Links must name the balancer, as docs/DEPLOY.md asks of a real deployment.
            public = {"FURROW_PUBLIC_URL": f"http://127.0.0.1:{self.balancer.port}"}
            for index in range(CLUSTER_API_NODES):
                self._spawn("api", index, {"FURROW_WORKERS": "0", "FURROW_ALERT_THREADS": "0",
                                           "FURROW_DATA_DIR": str(self.data_dir / f"api{index}"),
                                           **public, **{k: v for k, v in self.extra_env.items()
                                                        if k == "FURROW_PUBLIC_URL"}})
            self.start_workers()
            self.balancer.set_backends([p.port for p in self.api_processes()])
        self.wait_ready(timeout)
        return self

    def start_workers(self, count: int = CLUSTER_WORKERS) -> list[Process]:
        """Cluster: `furrow worker` processes (none when the test set FURROW_WORKERS=0, to hold jobs)."""
        if self.extra_env.get("FURROW_WORKERS") == "0":
            return []
        threads = self.extra_env.get("FURROW_WORKERS", "1")
        first = max((p.index for p in self.history if p.role == "worker"), default=-1) + 1
        return [self._spawn("worker", first + i, {"FURROW_WORKERS": threads,
                                                   "FURROW_DATA_DIR": str(self.data_dir / f"worker{first + i}")})
                for i in range(count)]

    def wait_ready(self, timeout: float = 30):
        deadline = time.monotonic() + timeout
        for p in self.processes:
            last_error = None
            while True:
                if not p.alive():
                    raise AssertionError(
                        f"{self.name} {p.label} exited with {p.popen.returncode} before becoming ready\n"
                        f"stdout:\n{p.read(p.stdout_path)}\nstderr:\n{p.read(p.stderr_path)[-8000:]}")
                if p.role == "worker":
                    if "furrow worker: running" in p.read(p.stdout_path):
                        break
                else:
                    try:
                        r = requests.get(f"http://127.0.0.1:{p.port}/health", timeout=2)
                        if r.status_code == 200:
                            break
                        last_error = f"HTTP {r.status_code}: {r.text[:200]}"
                    except requests.RequestException as e:
                        last_error = repr(e)
                if time.monotonic() > deadline:
                    self.kill()
                    raise AssertionError(f"{self.name} {p.label} not ready within {timeout}s (last: {last_error})\n"
                                         f"stderr:\n{p.read(p.stderr_path)[-8000:]}")
                time.sleep(0.1)

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM to every process and wait; returns the first non-zero exit code, else 0 (fails the
        test if a process does not exit). A worker finishes its running job first (app/worker.cpp): a
        97 000-point harvest under ASan on a loaded 2-core box took more than the 10 s this once allowed."""
        for p in self.processes:
            if p.alive():
                p.popen.send_signal(signal.SIGTERM)
        rc = 0
        for p in self.processes:
            try:
                p.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError(f"{self.name} {p.label} did not exit within {timeout}s of SIGTERM\n"
                                     f"stderr:\n{p.read(p.stderr_path)[-8000:]}")
            self.returncodes.append(p.popen.returncode)
            rc = rc or p.popen.returncode
        self.processes = []
        return rc

    def kill(self):
        """SIGKILL to every process: no chance to clean up (a crash)."""
        for p in self.processes:
            if p.alive():
                p.popen.kill()
        for p in self.processes:
            p.popen.wait()
            self.returncodes.append(p.popen.returncode)
        self.processes = []

    def kill_process(self, proc: Process):
        """SIGKILL one process of the deployment (the others go on)."""
        if proc.alive():
            proc.popen.kill()
        proc.popen.wait()
        self.processes.remove(proc)

    def restart(self, timeout: float = 30) -> "Server":
        if self.running:
            self.stop()
        return self.start(timeout)

    def close(self):
        """Ends the deployment for good: processes, balancer and (cluster) its database and bucket."""
        if self.running:
            self.kill()
        if self.balancer is not None:
            self.balancer.close()
            self.balancer = None

    # -- HTTP ---------------------------------------------------------------------------------
    def authenticate(self, username: str, password: str, remember_me: str = "true") -> str:
        r = requests.post(self.base_url + "/api/authenticate",
                          json={"username": username, "password": password,
                                "rememberMe": remember_me}, timeout=HTTP_TIMEOUT)
        assert r.status_code == 200, f"authenticate {username}: {r.status_code} {r.text}"
        token = r.json().get("id_token")
        assert isinstance(token, str) and token, f"no id_token in {r.text}"
        return token

    def api(self, token: str | None) -> "Api":
        return Api(self, token)


class Api:
    """requests wrapper: base URL of a (possibly restarted) server plus a bearer token."""

    def __init__(self, server: Server, token: str | None):
        self.server = server
        self.token = token

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def headers(self, extra: dict | None = None) -> dict:
        h = {}
        if self.token is not None:
            h["Authorization"] = f"Bearer {self.token}"
        if extra:
            h.update(extra)
        return h

    def request(self, method: str, path: str, headers: dict | None = None, **kw) -> requests.Response:
        kw.setdefault("timeout", HTTP_TIMEOUT)
        return requests.request(method, self.url(path), headers=self.headers(headers), **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def with_token(self, token: str | None) -> "Api":
        return Api(self.server, token)


# --------------------------------------------------------------------------------------------
# Assertions and API helpers
# --------------------------------------------------------------------------------------------

def assert_status(r: requests.Response, status: int):
    assert r.status_code == status, (
        f"{r.request.method} {r.request.url} -> {r.status_code}, expected {status}\n{r.text[:2000]}")


def assert_problem(r: requests.Response, status: int, parameter: str | None = None):
    """RFC 9457 problem+json with the given status; `parameter` names the bad input."""
    assert_status(r, status)
    ctype = r.headers.get("Content-Type", "")
    assert ctype.split(";")[0].strip() == "application/problem+json", f"Content-Type {ctype!r}: {r.text[:500]}"
    body = r.json()
    assert isinstance(body, dict), body
    for key in ("type", "title", "detail"):
        assert isinstance(body.get(key), str) and body[key], f"problem lacks {key!r}: {body}"
    assert body.get("status") == status and type(body.get("status")) is int, f"problem status: {body}"
    assert body.get("path") == urlsplit(r.request.url).path, f"problem path: {body} for {r.request.url}"
    if parameter is not None:
        assert body.get("parameter") == parameter, f"expected parameter {parameter!r}: {body}"
        assert parameter in body["detail"], f"detail does not name {parameter!r}: {body}"
    return body


def total_count(r: requests.Response) -> int:
    value = r.headers.get("X-Total-Count")
    assert value is not None and value.isdigit(), f"X-Total-Count missing or bad: {value!r}"
    return int(value)


LINK_RE = re.compile(r'<([^>]*)>\s*;\s*rel="([^"]+)"')


def parse_links(r: requests.Response) -> dict[str, dict[str, list[str]]]:
    """Link header -> {rel: parsed query}."""
    header = r.headers.get("Link", "")
    links = {}
    for url, rel in LINK_RE.findall(header):
        links[rel] = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return links


def npm_install(folder: Path, marker_package: str, purpose: str) -> Path:
    """`npm install` of a small node project of the tests (node_modules is git-ignored), once per
    process and serialised across processes. Fails loudly, never skips: the independent reading is
    what the tests compare with."""
    try:
        return node_projects.npm_install(folder, marker_package, purpose)
    except node_projects.NpmInstallError as e:
        pytest.fail(str(e))


def new_owner(server: "Server", config: dict | None = None, prefix: str = "owner") -> Api:
    """A fresh API owner on `server` (its `username` attribute set), optionally with configuration keys
    PATCHed: owner-level settings of one test cannot leak into another."""
    username, password = f"{unique(prefix)}@furrow.test", f"{prefix} owner password"
    server.create_owner(username, password)
    api = server.api(server.authenticate(username, password))
    api.username = username
    if config:
        assert_status(api.request("PATCH", "/services/config/api/configs", json=config), 200)
    return api


def create_user(api: Api, **fields) -> dict:
    tag = unique("user")
    body = {"name": f"Grower {tag}", "email": f"{tag}@example.com", "phone": "+1 555 0100",
            "address": "1 Field Road, Ames, IA", "externalId": tag}
    body.update(fields)
    r = api.post(USERS + "/users", json=body)
    assert_status(r, 201)
    return r.json()


def upload(api: Api, data: bytes, leaf_user_id: str | None, provider: str | None = "Other",
           filename: str = "data.zip", params: dict | None = None, as_form: bool = False,
           field: str = "file") -> requests.Response:
    query = dict(params or {})
    form = {}
    target = form if as_form else query
    if leaf_user_id is not None:
        target["leafUserId"] = leaf_user_id
    if provider is not None:
        target["provider"] = provider
    return api.post(OPS + "/batch", params=query, data=form or None,
                    files={field: (filename, data, "application/zip")})


def upload_ok(api: Api, data: bytes, leaf_user_id: str, provider: str = "Other",
              filename: str = "data.zip", **kw) -> dict:
    r = upload(api, data, leaf_user_id, provider=provider, filename=filename, **kw)
    assert_status(r, 200)
    return r.json()


def get_batch(api: Api, batch_id: str) -> dict:
    r = api.get(f"{OPS}/batch/{batch_id}")
    assert_status(r, 200)
    return r.json()


def wait_batch(api: Api, batch_id: str, timeout: float = 60) -> dict:
    """Polls GET /batch/{id} until the batch is PROCESSED or FAILED."""
    seen = {}

    def done():
        b = get_batch(api, batch_id)
        assert b.get("status") in BATCH_STATUSES, f"unknown batch status: {b}"
        seen["last"] = b
        return b if b["status"] in BATCH_TERMINAL else None

    deadline = time.monotonic() + timeout
    while True:
        b = done()
        if b:
            return b
        if time.monotonic() > deadline:
            pytest.fail(f"batch {batch_id} not terminal after {timeout}s: {seen.get('last')}")
        time.sleep(0.2)


def list_all(api: Api, path: str, params: dict | None = None) -> tuple[list, int]:
    """Follows pages of 100; returns (items, X-Total-Count of the first page)."""
    items, page, total = [], 0, None
    while True:
        r = api.get(path, params={**(params or {}), "page": page, "size": 100})
        assert_status(r, 200)
        if total is None:
            total = total_count(r)
        chunk = r.json()
        assert isinstance(chunk, list), r.text[:500]
        items += chunk
        if not chunk or len(items) >= total:
            return items, total
        page += 1
        assert page < 1000, "runaway paging"


def files_of_batch(api: Api, batch_id: str) -> tuple[list, int]:
    return list_all(api, OPS + "/files", {"batchId": batch_id})


def zip_names(data: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n for n in zf.namelist() if not n.endswith("/")}


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------

OWNER_A = ("owner-a@furrow.test", "correct horse battery staple A")
OWNER_B = ("owner-b@furrow.test", "correct horse battery staple B")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """The shared server with owner A (created before serve) and owner B (created while it runs)."""
    root = tmp_path_factory.mktemp("furrow-main")
    srv = Server(root / "data", name="main")
    srv.owner_ids = {OWNER_A[0]: srv.create_owner(*OWNER_A)}
    srv.start()
    srv.owner_ids[OWNER_B[0]] = srv.create_owner(*OWNER_B)
    yield srv
    rc = srv.stop()
    reports = srv.sanitizer_reports()
    assert rc == 0, f"main server exited with {rc} on SIGTERM\n{srv.stderr_text()[-8000:]}"
    assert not reports, f"sanitizer reports in main server stderr: {reports}\n{srv.stderr_text()[-8000:]}"


@pytest.fixture(scope="session")
def token_a(server) -> str:
    return server.authenticate(*OWNER_A)


@pytest.fixture(scope="session")
def token_b(server) -> str:
    return server.authenticate(*OWNER_B)


@pytest.fixture(scope="session")
def api(server, token_a) -> Api:
    """Owner A, with cleanupStandardGeojson off: the conversion tests compare standardGeojson with an
    independent reading of every source record. The default cleanup is tested on its own
    (test_cleanup_rules.py compares a default owner's output with owner A's, filtered in Python)."""
    a = server.api(token_a)
    r = a.request("PATCH", "/services/config/api/configs", json={"cleanupStandardGeojson": False})
    assert_status(r, 200)
    return a


@pytest.fixture(scope="session")
def api_b(server, token_b) -> Api:
    """Owner B."""
    return server.api(token_b)


@pytest.fixture
def anon(server) -> Api:
    return server.api(None)


@pytest.fixture
def leaf_user(api) -> dict:
    """A fresh Leaf user of owner A."""
    return create_user(api)


@pytest.fixture
def make_server(tmp_path):
    """Factory for private servers (own data dir); all are stopped at teardown."""
    created = []

    def factory(env: dict | None = None, name: str = "private", **kw) -> Server:
        srv = Server(tmp_path / f"data-{name}-{len(created)}", env=env, name=name, **kw)
        created.append(srv)
        return srv

    yield factory
    for srv in created:
        srv.close()


# --------------------------------------------------------------------------------------------
# Attach server stderr to failing tests
# --------------------------------------------------------------------------------------------

def pytest_sessionfinish(session, exitstatus):
    for srv in _ALL_SERVERS:
        srv.close()
    close_cluster_backend()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item._furrow_first_server = len(_ALL_SERVERS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        first = getattr(item, "_furrow_first_server", 0)
        relevant = [s for s in _ALL_SERVERS[:first] if s.name == "main"] + _ALL_SERVERS[first:]
        for srv in relevant:
            text = srv.stderr_text()
            if text:
                rep.sections.append((f"furrow {srv.name} (run {srv.generation}) stderr tail",
                                     text[-6000:]))
