"""FURROW_BLOBS=s3://...: a processed file's outputs live in a bucket of a real S3-compatible server
(npm s3rver on loopback, tests/support/s3rver), are served by furrow, and with
FURROW_BLOB_REDIRECTS=1 are answered 302 to a presigned bucket URL. The bytes are compared with what
s3rver itself stored on disk, not with furrow's own earlier output."""
from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from conftest import (
    DATA_DIR, assert_problem, assert_status, create_user, files_of_batch, make_zip, new_owner, npm_install, unique,
    upload_ok, wait_batch,
)

S3RVER = Path(__file__).resolve().parents[1] / "support" / "s3rver"
SAMPLE = DATA_DIR / "agleader-basswood-corn-2012" / "2012-basswood.txt"
BUCKET = "e2e"


@pytest.fixture(scope="module")
def s3rver(tmp_path_factory):
    """s3rver on a free port; yields (endpoint, storage dir). Stopped when its stdin closes."""
    npm_install(S3RVER, "s3rver", "the S3 blob store tests")
    storage = tmp_path_factory.mktemp("s3rver")
    proc = subprocess.Popen(["node", "start.js", "--port", "0", "--dir", str(storage), "--bucket", BUCKET],
                            cwd=S3RVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening "):
        proc.kill()
        pytest.fail(f"s3rver did not start: {line!r}")
    yield f"http://127.0.0.1:{line.split()[1]}", storage
    proc.stdin.close()
    proc.wait(timeout=10)


def test_outputs_are_stored_in_the_bucket_served_and_redirected(make_server, s3rver):
    endpoint, storage = s3rver
    prefix = unique("run")
    srv = make_server(env={"FURROW_BLOBS": f"s3://{BUCKET}/{prefix}?endpoint={endpoint}&region=us-east-1",
                           "FURROW_S3_ACCESS_KEY": "S3RVER", "FURROW_S3_SECRET_KEY": "S3RVER"}, name="s3")
    srv.start()
    api = new_owner(srv)
    batch = upload_ok(api, make_zip([("export/2012-basswood.txt", SAMPLE.read_bytes())]), create_user(api)["id"])
    files, _ = files_of_batch(api, wait_batch(api, batch["id"], timeout=120)["id"])
    assert len(files) == 1 and files[0]["status"] == "processed", files
    f = files[0]
    stored = (storage / BUCKET / prefix / "files" / f["id"] / "standard.geojson._S3rver_object").read_bytes()

    proxied = api.get(f["standardGeojson"])
    assert_status(proxied, 200)
    assert proxied.content == stored

    srv.stop()
    srv.extra_env["FURROW_BLOB_REDIRECTS"] = "1"
    srv.start()  # on a new port: links are followed by their path
    path = urlsplit(f["standardGeojson"]).path
    r = api.get(path, allow_redirects=False)
    assert_status(r, 302)
    location = r.headers["Location"]
    assert location.startswith(f"{endpoint}/{BUCKET}/{prefix}/files/{f['id']}/standard.geojson?"), location
    assert "X-Amz-Signature=" in location
    followed = requests.get(location, timeout=30)  # no furrow credentials: the URL itself grants access
    assert followed.status_code == 200
    assert followed.content == stored
    assert followed.headers["Content-Type"] == "application/geo+json"
    assert f'filename="{f["id"]}.geojson"' in followed.headers["Content-Disposition"]
    # Without the bearer token furrow still refuses before redirecting anywhere.
    assert_problem(api.with_token(None).get(path, allow_redirects=False), 401)
