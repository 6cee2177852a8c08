"""Authentication: /api/authenticate, the JWT it issues, the bearer check, /health and the admin CLI."""
import json
import time

import pytest
import requests

from conftest import (
    JWT_SECRET, OPS, OWNER_A, OWNER_B, USERS, assert_problem, assert_status, b64url_encode, decode_jwt,
    jwt_signature_valid, make_jwt, unique,
)

THIRTY_DAYS = 30 * 24 * 3600
ONE_DAY = 24 * 3600

# Routes that must refuse a request without a valid token (GET unless noted).
PROTECTED = [
    ("GET", USERS + "/users"),
    ("GET", USERS + "/users/00000000-0000-4000-8000-000000000000"),
    ("POST", USERS + "/users"),
    ("GET", OPS + "/batch"),
    ("POST", OPS + "/batch"),
    ("GET", OPS + "/batch/00000000-0000-4000-8000-000000000000"),
    ("PUT", OPS + "/batch/00000000-0000-4000-8000-000000000000/retry"),
    ("GET", OPS + "/batch/00000000-0000-4000-8000-000000000000/status"),
    ("GET", OPS + "/files"),
    ("GET", OPS + "/files/00000000-0000-4000-8000-000000000000"),
    ("GET", OPS + "/files/00000000-0000-4000-8000-000000000000/status"),
]


def authenticate(server, body, **kw):
    return requests.post(server.base_url + "/api/authenticate", timeout=30, **kw,
                         **({"json": body} if body is not None else {}))


def test_health_needs_no_auth_and_reports_up(server):
    r = requests.get(server.base_url + "/health", timeout=10)
    assert_status(r, 200)
    assert r.json() == {"status": "UP"}


def test_authenticate_returns_hs256_jwt_with_owner_claims_valid_30_days(server):
    before = int(time.time())
    r = authenticate(server, {"username": OWNER_A[0], "password": OWNER_A[1], "rememberMe": "true"})
    assert_status(r, 200)
    token = r.json()["id_token"]
    header, payload, _, _ = decode_jwt(token)
    assert header["alg"] == "HS256"
    assert payload["sub"] == OWNER_A[0]
    assert payload["auth"] == "ROLE_USER"
    assert isinstance(payload["iat"], int) and isinstance(payload["exp"], int)
    assert before - 120 <= payload["iat"] <= int(time.time()) + 120
    assert payload["exp"] - payload["iat"] == THIRTY_DAYS
    assert jwt_signature_valid(token, JWT_SECRET), "token is not signed with FURROW_JWT_SECRET"


def test_authenticate_without_remember_me_gives_24_hour_token(server):
    r = authenticate(server, {"username": OWNER_A[0], "password": OWNER_A[1], "rememberMe": "false"})
    assert_status(r, 200)
    _, payload, _, _ = decode_jwt(r.json()["id_token"])
    assert payload["exp"] - payload["iat"] == ONE_DAY


def test_issued_token_grants_access(server, token_a):
    r = requests.get(server.base_url + USERS + "/users",
                     headers={"Authorization": f"Bearer {token_a}"}, timeout=30)
    assert_status(r, 200)
    assert isinstance(r.json(), list)


def test_wrong_password_is_401(server):
    r = authenticate(server, {"username": OWNER_A[0], "password": "not the password", "rememberMe": "true"})
    assert_problem(r, 401)
    assert "id_token" not in r.json()


def test_password_of_another_owner_is_401(server):
    r = authenticate(server, {"username": OWNER_A[0], "password": OWNER_B[1], "rememberMe": "true"})
    assert_problem(r, 401)


def test_unknown_username_is_401(server):
    r = authenticate(server, {"username": unique("ghost") + "@furrow.test", "password": "x", "rememberMe": "true"})
    assert_problem(r, 401)


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1,2,3]", b"\"just a string\""],
                         ids=["broken", "empty", "array", "string"])
def test_malformed_authenticate_body_is_400(server, raw):
    r = requests.post(server.base_url + "/api/authenticate", data=raw,
                      headers={"Content-Type": "application/json"}, timeout=30)
    assert_problem(r, 400)


@pytest.mark.parametrize("method,path", PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_protected_routes_without_token_are_401(server, method, path):
    r = requests.request(method, server.base_url + path, timeout=30)
    assert_problem(r, 401)


@pytest.mark.parametrize("header", [
    "Bearer garbage",
    "Bearer ",
    "Bearer a.b.c",
    "Basic b3duZXItYTpwYXNzd29yZA==",
], ids=["garbage", "empty", "three-junk-parts", "basic-scheme"])
def test_garbage_authorization_is_401(server, header):
    r = requests.get(server.base_url + OPS + "/batch", headers={"Authorization": header}, timeout=30)
    assert_problem(r, 401)


def forged(token_a, **overrides):
    """A's real claims (sub, auth, and furrow's owner id "oid") with fresh times, to be re-signed."""
    now = int(time.time())
    _, payload, _, _ = decode_jwt(token_a)
    payload.update({"iat": now - 60, "exp": now + 3600})
    payload.update(overrides)
    return payload


def get_with(server, token):
    return requests.get(server.base_url + OPS + "/batch",
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_token_forged_with_the_server_secret_is_accepted(server, token_a):
    # Control for the negative cases below: the forging itself is right.
    assert_status(get_with(server, make_jwt(forged(token_a))), 200)


def test_expired_token_is_401(server, token_a):
    now = int(time.time())
    token = make_jwt(forged(token_a, iat=now - 2 * ONE_DAY, exp=now - ONE_DAY))
    assert_problem(get_with(server, token), 401)


def test_token_signed_with_another_secret_is_401(server, token_a):
    token = make_jwt(forged(token_a), secret="some-other-secret")
    assert_problem(get_with(server, token), 401)


def test_token_with_tampered_payload_is_401(server, token_a):
    # Keep A's real signature but claim to be B.
    header_b64, _, sig = token_a.split(".")
    _, payload, _, _ = decode_jwt(token_a)
    payload["sub"] = OWNER_B[0]
    body_b64 = b64url_encode(json.dumps(payload, separators=(",", ":")).encode())
    assert_problem(get_with(server, f"{header_b64}.{body_b64}.{sig}"), 401)


def test_unsigned_alg_none_token_is_401(server, token_a):
    header = b64url_encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    body = b64url_encode(json.dumps(forged(token_a)).encode())
    assert_problem(get_with(server, f"{header}.{body}."), 401)


def test_token_with_other_algorithm_header_is_401(server, token_a):
    # Signed with the right secret but announcing HS512: only HS256 is issued or accepted.
    token = make_jwt(forged(token_a), header={"alg": "HS512", "typ": "JWT"})
    assert_problem(get_with(server, token), 401)


def test_cli_token_is_a_valid_jwt_for_the_owner(server):
    r = server.cli("admin", "token", "--username", OWNER_B[0])
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    _, payload, _, _ = decode_jwt(token)
    assert payload["sub"] == OWNER_B[0]
    assert_status(get_with(server, token), 200)


def test_cli_refuses_duplicate_owner(server):
    r = server.cli("admin", "create-owner", "--username", OWNER_A[0], "--password", "another one")
    assert r.returncode != 0
    assert r.stderr.strip(), "no message on stderr"
    # The original password still works.
    assert server.authenticate(*OWNER_A)


def test_owner_created_by_cli_while_serving_can_authenticate(server):
    username = unique("late") + "@furrow.test"
    owner_id = server.create_owner(username, "late password")
    assert owner_id
    token = server.authenticate(username, "late password")
    r = get_with(server, token)
    assert_status(r, 200)
    assert r.json() == [], "a brand-new owner must see no batches"
