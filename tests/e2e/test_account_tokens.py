"""Issue #16 point 6: an owner can change the password and revoke tokens (docs/API.md "Account"),
and problem details keep client input that holds a NUL byte readable.

- PUT /api/account/password checks the current password, sets the new one and refuses every token
  given before (and the download links signed for them); its answer carries a token that works;
- POST /api/account/tokens/revoke refuses every token given before, the caller's included;
- another owner's tokens are not touched.

In the cluster topology requests go round-robin to several API processes, so a token revoked through
one is refused by the others too."""
from __future__ import annotations

import requests

from conftest import OPS, USERS, assert_problem, assert_status, unique

ACCOUNT = "/api/account"
PROBE = USERS + "/users"  # any route that needs a token


def owner_with_password(server, password: str):
    username = f"{unique('account')}@furrow.test"
    server.create_owner(username, password)
    return username


def works(server, token: str) -> bool:
    r = server.api(token).get(PROBE)
    assert r.status_code in (200, 401), f"{r.status_code} {r.text[:500]}"
    if r.status_code == 401:
        assert_problem(r, 401)
    return r.status_code == 200


def test_password_change_revokes_earlier_tokens_only_of_that_owner(server):
    old_password, new_password = "first password", "second password"
    username = owner_with_password(server, old_password)
    other = owner_with_password(server, "other password")
    first, second = server.authenticate(username, old_password), server.authenticate(username, old_password)
    other_token = server.authenticate(other, "other password")
    api = server.api(first)
    link = api.get(OPS + "/batch").status_code  # the account is usable before the change
    assert link == 200

    wrong = api.put(ACCOUNT + "/password", json={"currentPassword": "not it", "newPassword": new_password})
    body = assert_problem(wrong, 400, parameter="currentPassword")
    assert "does not match" in body["detail"], body
    assert works(server, first) and works(server, second), "a refused change must not revoke anything"

    short = api.put(ACCOUNT + "/password", json={"currentPassword": old_password, "newPassword": "short"})
    assert "at least 8" in assert_problem(short, 400, parameter="newPassword")["detail"]

    r = api.put(ACCOUNT + "/password", json={"currentPassword": old_password, "newPassword": new_password})
    assert_status(r, 200)
    fresh = r.json()["id_token"]
    assert not works(server, first) and not works(server, second), "tokens from before the change still work"
    assert works(server, fresh)
    assert works(server, other_token), "another owner's token was revoked"

    refused = requests.post(server.base_url + "/api/authenticate",
                            json={"username": username, "password": old_password}, timeout=30)
    assert_problem(refused, 401)
    assert works(server, server.authenticate(username, new_password))


def test_revoke_refuses_every_earlier_token_and_download_link(server):
    username = owner_with_password(server, "revoke password")
    other = owner_with_password(server, "other password")
    token = server.authenticate(username, "revoke password")
    kept = server.authenticate(username, "revoke password")
    other_token = server.authenticate(other, "other password")
    api = server.api(token)

    r = api.post(ACCOUNT + "/tokens/revoke")
    assert_status(r, 204)
    for old in (token, kept):
        body = assert_problem(server.api(old).get(PROBE), 401)
        assert "revoked" in body["detail"], body
    assert_problem(api.post(ACCOUNT + "/tokens/revoke"), 401)  # a revoked token cannot act any more
    assert works(server, other_token)

    again = server.authenticate(username, "revoke password")
    assert works(server, again)
    # A second revocation also ends the tokens given after the first.
    assert_status(server.api(again).post(ACCOUNT + "/tokens/revoke"), 204)
    assert not works(server, again)


def test_account_routes_need_a_token(server):
    assert_problem(requests.post(server.base_url + ACCOUNT + "/tokens/revoke", timeout=30), 401)
    r = requests.put(server.base_url + ACCOUNT + "/password",
                     json={"currentPassword": "a", "newPassword": "bbbbbbbbb"}, timeout=30)
    assert_problem(r, 401)


def test_problem_detail_keeps_a_nul_in_client_input(api):
    # The NUL reaches the sort parser percent-decoded; the detail quotes the field whole, the NUL
    # escaped as \u0000 in the JSON text (it used to end the detail there).
    r = api.get(OPS + "/batch", params={"sort": "crop\x00ped,asc"})
    body = assert_problem(r, 400, parameter="sort")
    assert "'crop\x00ped'" in body["detail"], body
    assert "sortable fields" in body["detail"], body
    assert "\\u0000" in r.text


def test_problem_detail_with_bytes_that_are_not_utf8_is_still_a_400(api):
    r = api.get(OPS + "/batch?sort=%FFbad,asc")
    body = assert_problem(r, 400, parameter="sort")
    assert "\ufffdbad" in body["detail"], body
