"""The scaled-out topology for the e2e suite: a throwaway PostgreSQL, an S3-compatible server and a
TCP round-robin in front of several `furrow serve` processes (docs/DEPLOY.md).

`FURROW_E2E_TOPOLOGY=cluster` makes every Server of conftest.py such a deployment (conftest.py).
The services here are started once per pytest session, on loopback and random ports, and stopped
at its end; each Server gets its own database and bucket, so servers stay as independent as their
data directories are in the single-process topology.
"""
from __future__ import annotations

import glob
import os
import pwd
import selectors
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

from node_projects import npm_install


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------------------------
# A TCP round-robin: each new connection goes to the next backend (what an L4 load balancer does).
# Bytes are relayed untouched in both directions, half-closes included, so the API's own answers
# to malformed or oversized requests reach the client as they are.
# --------------------------------------------------------------------------------------------

class RoundRobin:
    def __init__(self, backends: list[int]):
        self.backends = list(backends)
        self.next = 0
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(256)
        self.port = self.listener.getsockname()[1]
        self.closed = False
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.thread.start()

    def set_backends(self, backends: list[int]):
        with self.lock:
            self.backends = list(backends)

    def _pick(self) -> int:
        with self.lock:
            port = self.backends[self.next % len(self.backends)]
            self.next += 1
            return port

    def _accept_loop(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket):
        try:
            upstream = socket.create_connection(("127.0.0.1", self._pick()), timeout=10)
        except OSError:
            client.close()  # the backend is down: the client sees a reset, as behind a real balancer
            return
        upstream.settimeout(None)
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        peers = {client: upstream, upstream: client}
        sel = selectors.DefaultSelector()
        for s in peers:
            sel.register(s, selectors.EVENT_READ)
        open_reads = 2
        try:
            while open_reads:
                for key, _ in sel.select(timeout=300):
                    src = key.fileobj
                    try:
                        data = src.recv(1 << 20)
                    except OSError:
                        data = b""
                    if data:
                        try:
                            peers[src].sendall(data)
                            continue
                        except OSError:
                            return
                    sel.unregister(src)
                    open_reads -= 1
                    try:
                        peers[src].shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
        finally:
            sel.close()
            client.close()
            upstream.close()

    def close(self):
        self.closed = True
        self.listener.close()


# --------------------------------------------------------------------------------------------
# PostgreSQL from Debian's package: initdb + pg_ctl in a temp dir, loopback, random port.
# --------------------------------------------------------------------------------------------

def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found under /usr/lib/postgresql/*/bin (Debian package postgresql)")
    return found[-1]


class Postgres:
    """One throwaway cluster. PostgreSQL refuses to run as root, so as root it runs as `postgres`."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="furrow-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user = "furrow"
        self.as_user = "postgres" if os.geteuid() == 0 else None
        if self.as_user:
            entry = pwd.getpwnam(self.as_user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust", "--no-locale",
                  "-E", "UTF8")
        self.start()

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.as_user, "--", *args] if self.as_user else list(args)

    def _run(self, *args: str, timeout: float = 120):
        r = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        return r

    def start(self):
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c max_connections=400 -c synchronous_commit=off")
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w",
                  "start")

    def stop(self, mode: str = "fast"):
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast"):
        self.stop(mode)
        self.start()

    def psql(self, database: str, sql: str) -> str:
        r = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "-d", database,
                            "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"psql failed: {r.stderr}")
        return r.stdout

    def new_database(self) -> str:
        name = "furrow_" + uuid.uuid4().hex[:12]
        self.psql("postgres", f"CREATE DATABASE {name}")
        return name

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def close(self):
        try:
            self.stop("immediate")
        except Exception:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# An S3-compatible server: npm s3rver (tests/support/s3rver), a real implementation of the S3 REST
# protocol on loopback. One bucket; each Server gets its own key prefix in it.
# --------------------------------------------------------------------------------------------

S3RVER_DIR = Path(__file__).resolve().parents[1] / "support" / "s3rver"
S3_BUCKET = "furrow"
S3_KEY = "S3RVER"  # s3rver's built-in credentials


class S3rver:
    def __init__(self):
        npm_install(S3RVER_DIR, "s3rver", "the cluster topology's S3 server")
        self.dir = Path(tempfile.mkdtemp(prefix="furrow-s3-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self):
        """Starts (again) on the same port and directory: stored objects survive an outage."""
        self.proc = subprocess.Popen(["node", "start.js", "--port", str(self.port), "--dir", str(self.dir / "data"),
                                      "--bucket", S3_BUCKET], cwd=S3RVER_DIR, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=open(self.dir / "stderr", "ab"))
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening"):
            raise RuntimeError(f"s3rver did not start: {line!r} {(self.dir / 'stderr').read_text()[-2000:]}")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        self.proc = None

    def url(self, prefix: str) -> str:
        return f"s3://{S3_BUCKET}/{prefix}?endpoint=http://127.0.0.1:{self.port}&region=us-east-1"

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# The shared services of a cluster run, and one tenant (database + bucket) per Server.
# --------------------------------------------------------------------------------------------

def _sql_literal(value) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class Tenant:
    """What one Server's processes share: its database and its blob store."""

    def __init__(self, backend: "ClusterBackend", database: str, blobs_url: str, env: dict):
        self.backend = backend
        self.database = database
        self.env = {"FURROW_DATABASE_URL": backend.postgres.url(database), "FURROW_BLOBS": blobs_url, **env}

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of `sql` with '?' placeholders filled in as literals (test-made values only)."""
        parts = sql.split("?")
        assert len(parts) == len(params) + 1, "one parameter per '?'"
        text = parts[0] + "".join(_sql_literal(p) + rest for p, rest in zip(params, parts[1:]))
        out = self.backend.postgres.psql(self.database, text)
        return [tuple(line.split("|")) for line in out.splitlines() if line]


class ClusterBackend:
    def __init__(self):
        self.postgres = Postgres()
        try:
            self.s3 = S3rver()
        except Exception:
            self.postgres.close()
            raise

    def new_tenant(self) -> Tenant:
        database = self.postgres.new_database()
        return Tenant(self, database, self.s3.url(database),
                      {"FURROW_S3_ACCESS_KEY": S3_KEY, "FURROW_S3_SECRET_KEY": S3_KEY})

    def close(self):
        self.s3.close()
        self.postgres.close()


_backend: ClusterBackend | None = None
_backend_lock = threading.Lock()


def cluster_backend() -> ClusterBackend:
    """The session's services, started on first use."""
    global _backend
    with _backend_lock:
        if _backend is None:
            _backend = ClusterBackend()
        return _backend


def close_cluster_backend():
    global _backend
    with _backend_lock:
        if _backend is not None:
            _backend.close()
            _backend = None
