"""Download links: every output URL is absolute; the plain one needs the bearer token, the download*
one is signed with an expiring token scoped to its file; Range requests are honoured."""
from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest

from conftest import (
    DATA_DIR, JWT_SECRET, OPS, assert_problem, assert_status, create_user, decode_jwt, files_of_batch, make_jwt, make_zip,
    upload_ok, wait_batch,
)

SAMPLE = DATA_DIR / "agleader-basswood-corn-2012" / "2012-basswood.txt"


@pytest.fixture(scope="module")
def two_files(api):
    """Two processed files of owner A (the same yield-monitor export uploaded twice)."""
    if not SAMPLE.exists():
        pytest.fail(f"sample missing: {SAMPLE}")
    user = create_user(api)
    archive = make_zip([("export/2012-basswood.txt", SAMPLE.read_bytes())])
    out = []
    for n in range(2):
        batch = upload_ok(api, archive, user["id"], filename=f"dl{n}.zip")
        final = wait_batch(api, batch["id"], timeout=120)
        files, _ = files_of_batch(api, final["id"])
        assert len(files) == 1 and files[0]["status"] == "processed", files
        out.append(files[0])
    return out


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def with_token(url: str, token: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=f"token={token}"))


def test_links_are_absolute_and_paired(two_files, server):
    f = two_files[0]
    for key in ("originalFile", "rawGeojson", "standardGeojson"):
        plain, signed = f[key], f["download" + key[0].upper() + key[1:]]
        assert plain.startswith(server.base_url + OPS + f"/files/{f['id']}/"), plain
        assert urlsplit(signed).path == urlsplit(plain).path
        assert "token" not in plain and token_of(signed)


def test_plain_link_needs_the_bearer_token(api, anon, api_b, two_files):
    f = two_files[0]
    assert_problem(anon.get(f["standardGeojson"]), 401)
    assert_status(api.get(f["standardGeojson"]), 200)
    assert_problem(api_b.get(f["standardGeojson"]), 404)


def test_signed_link_works_without_a_header_and_expires_when_configured(api, anon, two_files, server):
    f = two_files[0]
    with_bearer = api.get(f["standardGeojson"])
    r = anon.get(f["downloadStandardGeojson"])
    assert_status(r, 200)
    assert r.content == with_bearer.content
    assert r.headers["Content-Type"] == "application/geo+json"
    _, claims, _, _ = decode_jwt(token_of(f["downloadStandardGeojson"]))
    assert claims["scope"] == f"{OPS}/files/{f['id']}"
    assert abs(claims["exp"] - (time.time() + 24 * 3600)) < 120, claims  # FURROW_DOWNLOAD_LINK_SECONDS default


def test_signed_link_opens_only_its_own_file(anon, two_files):
    a, b = two_files
    token_a = token_of(a["downloadStandardGeojson"])
    assert_problem(anon.get(with_token(b["standardGeojson"], token_a)), 401)


@pytest.mark.parametrize("tamper", ["expired", "bad-signature", "api-token", "garbage"])
def test_bad_link_tokens_are_refused(anon, token_a, two_files, tamper):
    f = two_files[0]
    _, claims, _, _ = decode_jwt(token_of(f["downloadStandardGeojson"]))
    if tamper == "expired":
        token = make_jwt(dict(claims, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600))
    elif tamper == "bad-signature":
        token = make_jwt(dict(claims, scope=f"{OPS}/files"), secret=JWT_SECRET + "x")
    elif tamper == "api-token":  # a full API token must not be accepted from the query string
        token = token_a
    else:
        token = "not.a.token"
    assert_problem(anon.get(with_token(f["standardGeojson"], token)), 401)


def test_a_link_token_is_not_a_bearer_token(server, two_files):
    link_token = token_of(two_files[0]["downloadStandardGeojson"])
    scoped = server.api(link_token)
    assert_problem(scoped.get(f"{OPS}/files"), 401)
    assert_problem(scoped.get(two_files[0]["standardGeojson"]), 401)


def test_link_tokens_only_open_download_routes(anon, two_files):
    f = two_files[0]
    token = token_of(f["downloadStandardGeojson"])
    assert_problem(anon.get(f"{OPS}/files/{f['id']}?token={token}"), 401)
    assert_problem(anon.get(f"{OPS}/files/{f['id']}/status?token={token}"), 401)


def test_range_requests(api, two_files):
    url = two_files[0]["standardGeojson"]
    whole = api.get(url)
    assert_status(whole, 200)
    assert whole.headers.get("Accept-Ranges") == "bytes"
    body, size = whole.content, len(whole.content)

    r = api.get(url, headers={"Range": "bytes=0-9"})
    assert_status(r, 206)
    assert r.content == body[:10]
    assert r.headers["Content-Range"] == f"bytes 0-9/{size}"

    r = api.get(url, headers={"Range": f"bytes={size - 100}-"})
    assert_status(r, 206)
    assert r.content == body[-100:]

    r = api.get(url, headers={"Range": "bytes=-25"})
    assert_status(r, 206)
    assert r.content == body[-25:]

    r = api.get(url, headers={"Range": f"bytes=100-{size + 5000}"})  # clamped to the end
    assert_status(r, 206)
    assert r.content == body[100:]

    r = api.get(url, headers={"Range": "bytes=0-1,5-6"})  # several ranges: the whole file
    assert_status(r, 200)
    assert r.content == body

    r = api.get(url, headers={"Range": f"bytes={size}-"})
    assert_problem(r, 416)
    assert r.headers["Content-Range"] == f"bytes */{size}"


def test_range_works_on_signed_links(anon, two_files):
    r = anon.get(two_files[0]["downloadOriginalFile"], headers={"Range": "bytes=0-3"})
    assert_status(r, 206)
    assert r.content == b"PK\x03\x04"
