"""Every answer a furrow server gives the e2e suite is checked against docs/openapi.json (the document
the server itself serves at /openapi.json): its status must be one the operation documents (or fall to
`default`), its media type one the answer lists, and a JSON body must validate against the schema
(Debian's python3-jsonschema, JSON Schema 2020-12 as OpenAPI 3.1 uses). conftest.py installs this as a
`requests` response hook, so tests that use plain `requests` calls are checked too. Answers from other
servers on loopback (s3rver, webhook receivers) match no documented path and are left alone."""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
JSON_TYPES = ("application/json", "application/problem+json", "application/geo+json")


class OpenApiViolation(AssertionError):
    pass


@lru_cache(maxsize=1)
def document() -> dict:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def routes() -> list[tuple[re.Pattern, int, str, dict]]:
    """(regex, literal segment count, template, path item): a literal segment wins over a parameter,
    as in the router (src/api/router.hpp), so templates are tried most literal first."""
    out = []
    for template, item in document()["paths"].items():
        segments = template.strip("/").split("/") if template != "/" else []
        pattern = "^/" + "/".join("[^/]+" if s.startswith("{") else re.escape(s) for s in segments) + "$"
        literal = sum(1 for s in segments if not s.startswith("{"))
        out.append((re.compile(pattern), literal, template, item))
    out.sort(key=lambda r: (-r[1], r[2]))
    return out


def operation_of(method: str, path: str):
    for pattern, _, template, item in routes():
        if pattern.match(path):
            return template, item.get(method.lower())
    return None, None


@lru_cache(maxsize=None)
def validator_for(pointer: str):
    import jsonschema  # python3-jsonschema (scripts/debian-packages.txt)
    doc = document()
    schema = doc
    for part in pointer.split("/")[1:]:
        schema = schema[part.replace("~1", "/").replace("~0", "~")]
    resolver = jsonschema.RefResolver.from_schema(doc)
    return jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())


def check(response) -> None:
    request = response.request
    path = urlsplit(request.url).path
    template, operation = operation_of(request.method, path)
    if template is None:
        return
    where = f"{request.method} {path} -> {response.status_code}"
    if operation is None:
        if response.status_code == 405:
            return  # the router's answer to a method the path does not have
        raise OpenApiViolation(f"{where}: docs/openapi.json has no {request.method} for {template}")
    responses = operation["responses"]
    key = str(response.status_code) if str(response.status_code) in responses else "default"
    if key not in responses or (key == "default" and response.status_code < 400):
        raise OpenApiViolation(f"{where}: status not documented for {request.method} {template}")
    content = responses[key].get("content")
    media = response.headers.get("Content-Type", "").split(";")[0].strip()
    if request.method == "HEAD" or response.status_code in (204, 304) or not response.content:
        return
    if not content:
        raise OpenApiViolation(f"{where}: a {media} body, but {request.method} {template} documents none for {key}")
    if media not in content:
        raise OpenApiViolation(f"{where}: media type {media!r} not among {sorted(content)} ({request.method} {template})")
    if media not in JSON_TYPES or "schema" not in content[media]:
        return
    method = request.method.lower()
    escaped = template.replace("~", "~0").replace("/", "~1")
    validator = validator_for(f"#/paths/{escaped}/{method}/responses/{key}/content/{media.replace('/', '~1')}/schema")
    try:
        body = response.json()
    except ValueError as error:
        raise OpenApiViolation(f"{where}: {media} body is not JSON: {error}")
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        raise OpenApiViolation(f"{where}: the body does not match docs/openapi.json ({request.method} {template}, {key}): "
                               f"{first.message[:300]} at {'/'.join(map(str, first.absolute_path))}"
                               + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))


def check_or_record(response) -> None:
    """FURROW_OPENAPI_VIOLATIONS=FILE records violations there (one per line) instead of failing the test:
    a way to see every disagreement of one run while changing the document."""
    try:
        check(response)
    except OpenApiViolation as violation:
        record = os.environ.get("FURROW_OPENAPI_VIOLATIONS")
        if not record:
            raise
        with open(record, "a", encoding="utf-8") as f:
            f.write(str(violation).replace("\n", " ") + "\n")


def install() -> None:
    """Adds the check to every requests.Session (and so to requests.get/post/...)."""
    import requests
    original = requests.Session.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.hooks["response"].append(lambda response, *a, **kw: check_or_record(response))

    if not getattr(requests.Session.__init__, "_furrow_openapi", False):
        init._furrow_openapi = True
        requests.Session.__init__ = init
