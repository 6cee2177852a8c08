"""docs/API.md's "Leaf compatibility" table is true: every route it marks same/differs is served by the
running binary, every route it marks missing/n/a is not (the router answers 404 "no such endpoint" or 405
"method not allowed here"). Adding a route without updating the table, or listing one that is not
there, fails here. Path parameters get fresh UUIDs: the answer may be a resource's 404 or a body's 400,
never the router's own refusal."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from conftest import new_owner

API_MD = Path(__file__).resolve().parents[2] / "docs" / "API.md"
ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/[^`]*)` \| (same|differs|missing|n/a) \|")


def table() -> list[tuple[str, str, str]]:
    text = API_MD.read_text(encoding="utf-8")
    section = text[text.index("## Leaf compatibility"):]
    rows = [m.groups() for line in section.splitlines() if (m := ROW.match(line))]
    assert len(rows) > 50, "the Leaf compatibility table is missing or unreadable"
    return rows


def refused_by_router(response) -> bool:
    return (response.status_code == 404 and "no such endpoint" in response.text) or \
        (response.status_code == 405 and "method not allowed here" in response.text)


@pytest.fixture(scope="module")
def owner(server):
    return new_owner(server, prefix="compat")


@pytest.mark.parametrize("method,path,status", table(), ids=lambda v: v if isinstance(v, str) else None)
def test_route_is_as_the_table_says(owner, method, path, status):
    concrete = re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)
    body = {} if method in ("POST", "PUT", "PATCH") else None
    r = owner.request(method, concrete, json=body)
    assert r.status_code < 500, (method, path, r.status_code, r.text[:300])
    if status in ("same", "differs"):
        assert not refused_by_router(r), f"{method} {path} is listed as {status} but not served: {r.text[:200]}"
    else:
        assert refused_by_router(r), f"{method} {path} is listed as {status} but answers {r.status_code}: {r.text[:200]}"
