"""The HTTP routes furrow registers, as docs/openapi.json lists them.

The isolation test uses this list so that a new route with a path parameter cannot be added
without an entry in its table. The document is held to the router itself by the unit test
OpenApi.describes_exactly_the_routes_of_the_router (tests/unit/api/openapi_test.cpp builds the router
as `furrow serve` does and fails on a route missing from the document or described but not served),
so this list is the server's, including the output routes made from the output catalogue.
"""
from __future__ import annotations

import json
from pathlib import Path

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def registered_routes() -> set[tuple[str, str]]:
    """Every (method, pattern) the server registers, e.g. ("GET", "/services/operations/api/files/{id}")."""
    paths = json.loads(OPENAPI.read_text())["paths"]
    return {(method.upper(), path) for path, item in paths.items() for method in item if method in METHODS}
