"""Hostile and broken input: the server answers with a clear error, keeps its memory bounded, writes
nothing outside its data dir and loses nothing. Complements test_batch_upload.py (413 by header,
truncated multipart), test_batch_processing.py (top-level traversal, symlink and ratio-bomb
entries, empty/text/truncated uploads); hostile query strings are in test_bad_queries.py.

Memory is read from the server's /proc/<pid>/status VmHWM (peak resident set): each hostile input
here would need at least a gigabyte if it were expanded or buffered, so a growth limit of 256 MiB
tells bounded from unbounded with a wide margin, under ASan too."""
from __future__ import annotations

import io
import json
import mmap
import os
import socket
import struct
import threading
import time
import uuid
import zlib
from pathlib import Path

import pytest

from conftest import (
    NO_VALID_FILES, OPS, RawResponse, Server, assert_problem, assert_status, cn1_entries, create_user,
    files_of_batch, make_zip, raw_http, symlink_info, total_count, upload_ok, wait_batch,
)

GIB = 1 << 30
MIB = 1 << 20
GROWTH_LIMIT = 256 * MIB
OWNER = ("bad-input@furrow.test", "bad input password")


def peak_rss(srv: Server) -> int:
    """The server process's peak resident set (VmHWM) in bytes."""
    for line in Path(f"/proc/{srv.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc status")


@pytest.fixture(scope="module")
def quiet(tmp_path_factory):
    """A private server with the default limits, so VmHWM moves only with this module's requests."""
    srv = Server(tmp_path_factory.mktemp("furrow-bad-input") / "data", name="bad-input")
    srv.create_owner(*OWNER)
    srv.start()
    srv.owner_api = srv.api(srv.authenticate(*OWNER))
    srv.owner_api.request("PATCH", "/services/config/api/configs", json={"cleanupStandardGeojson": False})
    yield srv
    rc = srv.stop()
    assert rc == 0, srv.stderr_text()[-4000:]
    assert not srv.sanitizer_reports(), srv.stderr_text()[-8000:]


@pytest.fixture
def qapi(quiet):
    return quiet.owner_api


# ----------------------------------------------------------------------------------------------
# Zips written by hand: entries carry precompressed data and may declare any size
# ----------------------------------------------------------------------------------------------

def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes (size a multiple of 1 MiB), built in a second: after a
    full flush the compressor starts afresh, so every further MiB compresses to the same bytes."""
    assert size % MIB == 0 and size >= 3 * MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    zero = bytes(MIB)
    first = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    middle = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH) == middle
    last = c.compress(zero) + c.flush()
    stream = first + middle * (size // MIB - 2) + last
    # The same construction, 4 MiB long, really inflates to 4 MiB of zeros.
    assert zlib.decompress(first + middle * 2 + last, -15) == bytes(4 * MIB)
    return stream


def raw_zip(entries) -> bytes:
    """entries: (name, compressed bytes, declared uncompressed size). Deflated, CRC 0: these entries
    must be refused before anything checks a CRC."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, declared in entries:
        offset = out.tell()
        fields = (20, 0, 8, 0, 0x21, 0, len(data), declared, len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name.encode() + data)
        central.write(b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields[:9], 0, 0, 0, 0, 0, offset)
                      + name.encode())
    count, size = len(entries), central.tell()
    return out.getvalue() + central.getvalue() + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count, count, size,
                                                                            out.tell(), 0)


@pytest.fixture(scope="module")
def gib_of_zeros() -> bytes:
    return zeros_deflated(GIB)


def good_geojson_zip() -> bytes:
    from test_geojson_format import harvest  # a small synthetic harvest near Ames, Iowa
    return make_zip([("harvest.geojson", json.dumps(harvest(None)).encode())])


def assert_good_upload_still_processes(api, user_id):
    batch = wait_batch(api, upload_ok(api, good_geojson_zip(), user_id, provider="Farmobile")["id"], timeout=120)
    assert batch["status"] == "PROCESSED", batch
    files, _ = files_of_batch(api, batch["id"])
    assert [f["status"] for f in files] == ["processed"], files


def assert_refused(batch, *words):
    assert batch["status"] == "FAILED", batch
    details = (batch.get("statusDetails") or "").lower()
    assert details.startswith(NO_VALID_FILES.lower()) or any(w in details for w in words), batch


def data_dir_bytes(srv: Server) -> int:
    return sum(p.stat().st_size for p in srv.data_dir.rglob("*") if p.is_file() and not p.is_symlink())


# ----------------------------------------------------------------------------------------------
# Zip bombs
# ----------------------------------------------------------------------------------------------

def nested_bomb(gib_of_zeros: bytes, levels: int = 5, fanout: int = 4) -> bytes:
    """42.zip's shape: `fanout` zips in a zip, `levels` deep, each leaf zip `fanout` GiB of zeros:
    4^5 GiB = 1 TiB expanded, a few hundred KB on the wire."""
    layer = raw_zip([(f"zeros{i}.bin", gib_of_zeros, GIB) for i in range(fanout)])
    for level in range(levels):
        layer = make_zip([(f"level{level}-{i}.zip", layer) for i in range(fanout)])
    return layer


def test_42_zip_style_nesting_is_refused_in_bounded_memory(quiet, qapi, gib_of_zeros):
    user = create_user(qapi)
    data = nested_bomb(gib_of_zeros)
    assert len(data) < 2 * MIB, len(data)
    before_rss, before_disk = peak_rss(quiet), data_dir_bytes(quiet)
    batch = wait_batch(qapi, upload_ok(qapi, data, user["id"])["id"], timeout=120)
    assert_refused(batch, "ratio", "bomb", "expand", "nest")
    assert peak_rss(quiet) - before_rss < GROWTH_LIMIT, (before_rss, peak_rss(quiet))
    # Nested zips are unpacked to scratch space on disk: all of it is gone again.
    assert data_dir_bytes(quiet) - before_disk < len(data) + 2 * MIB
    assert_good_upload_still_processes(qapi, user["id"])


def test_one_gib_entry_deflated_to_a_megabyte_is_refused_by_ratio(quiet, qapi, gib_of_zeros):
    user = create_user(qapi)
    data = raw_zip([("harvest.geojson", gib_of_zeros, GIB)])
    assert len(data) < 2 * MIB
    before = peak_rss(quiet)
    batch = wait_batch(qapi, upload_ok(qapi, data, user["id"])["id"], timeout=60)
    assert batch["status"] == "FAILED", batch
    assert "ratio" in batch["statusDetails"] or "bomb" in batch["statusDetails"], batch["statusDetails"]
    assert "harvest.geojson" in batch["statusDetails"], batch["statusDetails"]
    assert peak_rss(quiet) - before < GROWTH_LIMIT


@pytest.mark.parametrize("name", ["harvest.geojson", "inner.zip"], ids=["read-entry", "nested-zip"])
def test_entry_that_lies_about_its_size_is_refused_in_bounded_memory(quiet, qapi, gib_of_zeros, name):
    """Declares 2 MiB (ratio 2, under every limit) but inflates to 1 GiB: the reader, or the nested
    zip's extraction, must stop at the declared size."""
    user = create_user(qapi)
    data = raw_zip([(name, gib_of_zeros, 2 * MIB)])
    before = peak_rss(quiet)
    batch = wait_batch(qapi, upload_ok(qapi, data, user["id"], provider="Farmobile")["id"], timeout=60)
    assert batch["status"] == "FAILED", batch
    files, _ = files_of_batch(qapi, batch["id"])
    assert all(f["status"] == "failed" for f in files), files
    assert peak_rss(quiet) - before < GROWTH_LIMIT


# ----------------------------------------------------------------------------------------------
# Hostile entries inside a nested zip, and nothing written outside the data dir
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["traversal", "absolute", "symlink"])
def test_hostile_entry_inside_a_nested_zip_rejects_the_archive(quiet, qapi, bad):
    marker = f"furrow-e2e-nested-{uuid.uuid4().hex[:8]}"
    hostile = {"traversal": (f"../../../{marker}", b"escaped"),
               "absolute": (f"/tmp/{marker}", b"escaped"),
               "symlink": (symlink_info(f"Good.cn1/{marker}"), b"/etc/passwd")}[bad]
    inner = make_zip(cn1_entries("Good") + [hostile])
    data = make_zip(cn1_entries("Outer") + [("exports/day1.zip", inner)])
    user = create_user(qapi)
    batch = wait_batch(qapi, upload_ok(qapi, data, user["id"])["id"])
    assert batch["status"] == "FAILED" and batch["leafFiles"] == [], batch
    details = batch["statusDetails"].lower()
    assert {"traversal": "traversal", "absolute": "absolute", "symlink": "link"}[bad] in details, details
    assert "day1.zip" in batch["statusDetails"], "the message names the nested zip"
    sandbox = quiet.data_dir.parent
    assert not [p for p in sandbox.rglob(f"*{marker}*")], "a hostile entry was written"
    assert not (Path("/tmp") / marker).exists()
    assert not [p for p in quiet.data_dir.rglob("*") if p.is_symlink()], "a symlink appeared in the data dir"


# ----------------------------------------------------------------------------------------------
# Uploads that are not zips
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [
    os.urandom(4096),
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
    b"PK\x03\x04" + os.urandom(200),
    b"PK\x05\x06" + b"\0" * 18,
], ids=["random-bytes", "pdf", "local-header-then-garbage", "empty-zip"])
def test_non_zip_upload_fails_with_no_valid_files(qapi, payload):
    user = create_user(qapi)
    batch = wait_batch(qapi, upload_ok(qapi, payload, user["id"], filename="upload.zip")["id"])
    assert batch["status"] == "FAILED", batch
    assert batch["statusDetails"].startswith(NO_VALID_FILES), batch["statusDetails"]
    assert batch["leafFiles"] == []


# ----------------------------------------------------------------------------------------------
# Uploads over the size limit
# ----------------------------------------------------------------------------------------------

def upload_head(srv: Server, token: str, user_id: str, extra: str) -> str:
    return (f"POST {OPS}/batch?leafUserId={user_id}&provider=Other HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{srv.port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary=furrowBadInput\r\n{extra}\r\n")


def staged_files(srv: Server) -> list[Path]:
    return [p for p in srv.data_dir.rglob("upload-*") if p.is_file()]


def test_sparse_3_gib_body_is_refused_with_413_before_it_is_read(quiet, qapi, tmp_path):
    user = create_user(qapi)
    sparse = tmp_path / "sparse.bin"
    with open(sparse, "wb") as f:
        f.truncate(3 * GIB + 100 * MIB)  # no disk used: a hole
    token = qapi.headers()["Authorization"].split()[1]
    before = peak_rss(quiet)
    with open(sparse, "rb") as f:
        # Mapped, the hole reads as zeros without using memory. Not closed here: raw_http's sender
        # thread may still hold a view of it when the answer arrives; it goes with the test's garbage.
        body = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    started = time.monotonic()
    resp = raw_http("127.0.0.1", quiet.port, upload_head(quiet, token, user["id"], f"Content-Length: {len(body)}\r\n"),
                    body, timeout=30)
    answered = time.monotonic() - started
    assert resp.status == 413, (resp.status, resp.body[:300])
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["status"] == 413
    assert answered < 10, f"answered after {answered:.1f}s: the body was read"
    assert peak_rss(quiet) - before < GROWTH_LIMIT
    assert total_count(qapi.get(OPS + "/batch", params={"leafUserId": user["id"]})) == 0
    assert staged_files(quiet) == []


def send_chunked(port: int, head: str, total: int, chunk: int = MIB, timeout: float = 60) -> tuple[RawResponse, int]:
    """Sends `head`, then `total` bytes as HTTP/1.1 chunks from a thread, while reading the answer.
    Returns the response and how many body bytes went out before the server stopped taking them."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sent = [0]
    piece = f"{chunk:x}\r\n".encode() + b"\0" * chunk + b"\r\n"

    def pump():
        try:
            sock.sendall(head.encode("latin-1"))
            while sent[0] < total:
                sock.sendall(piece)
                sent[0] += chunk
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass

    threading.Thread(target=pump, daemon=True).start()
    try:
        data, deadline = b"", time.monotonic() + timeout
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            assert time.monotonic() < deadline, f"no answer within {timeout}s after {sent[0]} bytes"
            got = sock.recv(65536)
            if not got:
                break
            data += got
        head_bytes, body = data.split(b"\r\n\r\n", 1)
        lines = head_bytes.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        return RawResponse(int(lines[0].split()[1]), headers, body), sent[0]
    finally:
        sock.close()


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def test_chunked_upload_over_the_limit_is_cut_off_with_413(make_server):
    limit = 64 * MIB
    srv = make_server(env={"FURROW_MAX_UPLOAD_BYTES": str(limit)}, name="chunked-64MiB")
    srv.create_owner(*OWNER)
    srv.start()
    api = srv.api(srv.authenticate(*OWNER))
    user = create_user(api)
    before = peak_rss(srv)
    part_head = ("--furrowBadInput\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n"
                 "Content-Type: application/zip\r\n\r\n")
    head = upload_head(srv, api.headers()["Authorization"].split()[1], user["id"], "Transfer-Encoding: chunked\r\n")
    # The part headers go first as their own chunk, then zeros; 3.1 GiB would follow if the server kept reading.
    head += f"{len(part_head):x}\r\n{part_head}\r\n"
    resp, sent = send_chunked(srv.port, head, 3 * GIB + 100 * MIB)
    assert resp.status == 413, (resp.status, resp.body[:300])
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["status"] == 413
    assert sent < 3 * GIB, f"the server read {sent} bytes"
    assert peak_rss(srv) - before < GROWTH_LIMIT, "the body was buffered"
    assert total_count(api.get(OPS + "/batch", params={"leafUserId": user["id"]})) == 0
    assert staged_files(srv) == [], "the staged part of the refused upload was left behind"
    assert_status(api.get("/health"), 200)


# ----------------------------------------------------------------------------------------------
# Malformed multipart bodies: 400 problem+json each, nothing stored
# ----------------------------------------------------------------------------------------------

B = "furrowBadInput"
FILE_PART = "Content-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\nContent-Type: application/zip\r\n"
MALFORMED_MULTIPART = {
    "no-boundary-parameter": ("multipart/form-data", f"--{B}\r\n{FILE_PART}\r\nPK\r\n--{B}--\r\n"),
    "empty-boundary": ("multipart/form-data; boundary=", f"--\r\n{FILE_PART}\r\nPK\r\n----\r\n"),
    "boundary-too-long": (f"multipart/form-data; boundary={'x' * 71}", f"--{'x' * 71}\r\n{FILE_PART}\r\nPK\r\n--{'x' * 71}--\r\n"),
    "headers-without-blank-line": (None, f"--{B}\r\n{FILE_PART}PK-but-no-blank-line\r\n--{B}--\r\n"),
    "10000-part-headers": (None, f"--{B}\r\n{FILE_PART}" + "X-Filler: y\r\n" * 10_000 + f"\r\nPK\r\n--{B}--\r\n"),
    "1-MB-header-line": (None, f"--{B}\r\n{FILE_PART}X-Huge: {'h' * MIB}\r\n\r\nPK\r\n--{B}--\r\n"),
    "nested-multipart": (None, f"--{B}\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                               f"Content-Type: multipart/mixed; boundary=inner\r\n\r\n"
                               f"--inner\r\nContent-Disposition: file; filename=\"a.zip\"\r\n\r\nPK\r\n--inner--\r\n"
                               f"\r\n--{B}--\r\n"),
    "no-closing-delimiter-after-parts": (None, f"--{B}\r\n{FILE_PART}\r\nPK\r\n--{B}\r\n"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_MULTIPART))
def test_malformed_multipart_is_400_and_stores_nothing(qapi, case):
    user = create_user(qapi)
    ctype, body = MALFORMED_MULTIPART[case]
    r = qapi.post(OPS + "/batch", params={"leafUserId": user["id"], "provider": "Other"}, data=body.encode(),
                  headers={"Content-Type": ctype or f"multipart/form-data; boundary={B}"})
    assert_problem(r, 400)
    assert total_count(qapi.get(OPS + "/batch", params={"leafUserId": user["id"]})) == 0
