"""The OpenAPI document: served at /openapi.json without a token, byte for byte docs/openapi.json, and
clean under Stoplight Spectral's recommended OpenAPI ruleset (npm @stoplight/spectral-cli, pinned in
tests/e2e/openapi_lint). That it lists exactly the router's routes is a unit test
(tests/unit/api/openapi_test.cpp); that every answer matches it, conftest's response hook
(openapi_validation.py)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import requests

import node_projects
from conftest import single_only
from openapi_validation import DOCUMENT, operation_of

pytestmark = single_only  # the document is static: one topology is enough

LINT = Path(__file__).resolve().parent / "openapi_lint"


def test_served_without_a_token_as_in_docs(server):
    r = requests.get(server.base_url + "/openapi.json", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    assert r.content == DOCUMENT.read_bytes()
    assert r.json()["openapi"].startswith("3.1.")


def test_lints_clean_with_spectral():
    folder = node_projects.npm_install(LINT, "@stoplight/spectral-cli", "the OpenAPI lint")
    r = subprocess.run([str(folder / "node_modules" / ".bin" / "spectral"), "lint", "--fail-severity=warn",
                        "--ruleset", str(folder / ".spectral.yaml"), str(DOCUMENT)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_a_literal_segment_wins_over_a_parameter():
    # As in the router: /files/uncoveredFiles is its own route, not /files/{id}.
    template, operation = operation_of("GET", "/services/operations/api/files/uncoveredFiles")
    assert template == "/services/operations/api/files/uncoveredFiles" and operation is not None
    template, _ = operation_of("GET", "/services/operations/api/files/abc")
    assert template == "/services/operations/api/files/{id}"
