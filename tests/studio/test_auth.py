"""Accounts over the API: register, login, token rotation and revocation, password reset,
e-mail verification, the profile, suspension."""

from __future__ import annotations

import re
import time
import uuid

import jwt
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from filmstudio.studio.notify import OutboxMailer
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import PASSWORD, balance, login, register, set_user

API = "/api/v1"


def _token_in(outbox: OutboxMailer, to: str) -> str:
    message = [m for m in outbox.outbox if m.to == to][-1]
    found = re.search(r"token=([\w.-]+)", message.text)
    assert found, message.text
    return found.group(1)


def test_register_gives_a_free_account_with_three_credits(
    client: TestClient, outbox: OutboxMailer
) -> None:
    response = client.post(
        f"{API}/auth/register",
        json={"email": "Ana@Example.com", "password": PASSWORD, "name": "Ana"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "ana@example.com"
    assert body["tier"] == "free" and body["role"] == "user"
    assert body["email_verified"] is False
    assert "password" not in response.text
    assert outbox.outbox[-1].to == "ana@example.com"
    user = login(client, "ana@example.com", PASSWORD, uuid.UUID(body["id"]))
    assert balance(client, user) == 3


def test_register_refuses_a_taken_address_and_bad_input(client: TestClient) -> None:
    register(client, "taken@example.com")
    again = client.post(
        f"{API}/auth/register", json={"email": "TAKEN@example.com", "password": PASSWORD}
    )
    assert again.status_code == 409
    assert "already exists" in again.json()["detail"]
    bad_email = client.post(f"{API}/auth/register", json={"email": "nope", "password": PASSWORD})
    assert bad_email.status_code == 422
    assert "email" in bad_email.json()["detail"]
    short = client.post(f"{API}/auth/register", json={"email": "s@example.com", "password": "x"})
    assert short.status_code == 422
    assert "password" in short.json()["detail"]


def test_login_tokens_have_the_promised_lifetimes(client: TestClient, studio: Studio) -> None:
    user = register(client)
    key = studio.settings.signing_key
    access = jwt.decode(user.access_token, key, algorithms=["HS256"])
    refresh = jwt.decode(user.refresh_token, key, algorithms=["HS256"])
    assert access["exp"] - access["iat"] == 15 * 60
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600
    response = client.post(f"{API}/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.json()["token_type"] == "bearer"


def test_wrong_password_and_unknown_user_get_the_same_answer(client: TestClient) -> None:
    user = register(client)
    wrong = client.post(f"{API}/auth/login", json={"email": user.email, "password": "nope1234"})
    unknown = client.post(
        f"{API}/auth/login", json={"email": "ghost@example.com", "password": "nope1234"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_login_attempts_are_limited_per_address(make_settings: MakeSettings) -> None:
    from filmstudio.studio.app import create_app
    from filmstudio.studio.context import build_studio

    studio = build_studio(make_settings(login_limit="3/minute"), mailer=OutboxMailer())
    try:
        with TestClient(create_app(studio=studio, run_worker=False)) as client:
            user = register(client)
            for _ in range(3):
                bad = {"email": user.email, "password": "wrong-password"}
                assert client.post(f"{API}/auth/login", json=bad).status_code == 401
            blocked = client.post(
                f"{API}/auth/login", json={"email": user.email, "password": PASSWORD}
            )
            assert blocked.status_code == 429
            assert int(blocked.headers["Retry-After"]) >= 1
            assert "Too many failed logins" in blocked.json()["detail"]
            other = register(client)  # another address is not affected
            assert other.access_token
    finally:
        studio.close()


def test_refresh_rotates_and_reuse_revokes_the_whole_login(client: TestClient) -> None:
    user = register(client)
    first = client.post(f"{API}/auth/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != user.refresh_token
    reuse = client.post(f"{API}/auth/refresh", json={"refresh_token": user.refresh_token})
    assert reuse.status_code == 401
    assert "already used" in reuse.json()["detail"]
    # the thief's reuse also ended the legitimate newer token of the same login
    after = client.post(f"{API}/auth/refresh", json={"refresh_token": rotated})
    assert after.status_code == 401
    # another login is untouched
    other = login(client, user.email, PASSWORD, user.id)
    assert (
        client.post(f"{API}/auth/refresh", json={"refresh_token": other.refresh_token}).status_code
        == 200
    )


def test_refresh_rejects_access_tokens_and_garbage(client: TestClient) -> None:
    user = register(client)
    for token in (user.access_token, "not-a-token"):
        response = client.post(f"{API}/auth/refresh", json={"refresh_token": token})
        assert response.status_code == 401
        assert "refresh token is not valid" in response.json()["detail"]


def test_logout_revokes_the_access_token_and_the_login(client: TestClient) -> None:
    user = register(client)
    out = client.post(
        f"{API}/auth/logout", json={"refresh_token": user.refresh_token}, headers=user.headers
    )
    assert out.status_code == 204
    me = client.get(f"{API}/users/me", headers=user.headers)
    assert me.status_code == 401
    assert "revoked" in me.json()["detail"]
    assert (
        client.post(f"{API}/auth/refresh", json={"refresh_token": user.refresh_token}).status_code
        == 401
    )


def test_logout_everywhere_ends_every_login(client: TestClient) -> None:
    user = register(client)
    second = login(client, user.email, PASSWORD, user.id)
    assert client.post(f"{API}/auth/logout", json={}, headers=user.headers).status_code == 204
    assert (
        client.post(f"{API}/auth/refresh", json={"refresh_token": second.refresh_token}).status_code
        == 401
    )


def test_expired_and_forged_access_tokens_are_refused(client: TestClient, studio: Studio) -> None:
    user = register(client)
    now = int(time.time())
    expired = jwt.encode(
        {"sub": str(user.id), "typ": "access", "jti": "x", "iat": now - 1000, "exp": now - 10},
        studio.settings.signing_key,
    )
    forged = jwt.encode(
        {"sub": str(user.id), "typ": "access", "jti": "y", "iat": now, "exp": now + 900},
        "someone-elses-key-that-is-long-enough-123",
    )
    for token, words in ((expired, "expired"), (forged, "not valid")):
        response = client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert words in response.json()["detail"]
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_forgot_and_reset_password(client: TestClient, outbox: OutboxMailer) -> None:
    user = register(client)
    unknown = client.post(f"{API}/auth/forgot-password", json={"email": "ghost@example.com"})
    known = client.post(f"{API}/auth/forgot-password", json={"email": user.email})
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    token = _token_in(outbox, user.email)
    reset = client.post(
        f"{API}/auth/reset-password", json={"token": token, "new_password": "a brand new secret"}
    )
    assert reset.status_code == 200
    assert (
        client.post(
            f"{API}/auth/login", json={"email": user.email, "password": PASSWORD}
        ).status_code
        == 401
    )
    login(client, user.email, "a brand new secret", user.id)
    # the link works once, and old logins were ended
    again = client.post(
        f"{API}/auth/reset-password", json={"token": token, "new_password": "yet another secret"}
    )
    assert again.status_code == 401
    assert "already used" in again.json()["detail"]
    assert (
        client.post(f"{API}/auth/refresh", json={"refresh_token": user.refresh_token}).status_code
        == 401
    )


def test_email_verification(client: TestClient, outbox: OutboxMailer) -> None:
    user = register(client)
    token = _token_in(outbox, user.email)
    bad = client.post(f"{API}/auth/verify-email", json={"token": token[:-3] + "abc"})
    assert bad.status_code == 401
    ok = client.post(f"{API}/auth/verify-email", json={"token": token})
    assert ok.status_code == 200
    assert client.get(f"{API}/users/me", headers=user.headers).json()["email_verified"] is True
    resend = client.post(f"{API}/auth/resend-verification", headers=user.headers)
    assert "already confirmed" in resend.json()["detail"]


def test_profile_read_update_delete(client: TestClient, outbox: OutboxMailer) -> None:
    user = register(client)
    assert client.get(f"{API}/users/me", headers=user.headers).json()["id"] == str(user.id)
    renamed = client.patch(f"{API}/users/me", json={"name": "Kim"}, headers=user.headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Kim"
    assert client.get(f"{API}/users/me", headers=user.headers).json()["name"] == "Kim"
    no_pw = client.patch(f"{API}/users/me", json={"email": "new@example.com"}, headers=user.headers)
    assert no_pw.status_code == 403
    moved = client.patch(
        f"{API}/users/me",
        json={"email": "new@example.com", "current_password": PASSWORD},
        headers=user.headers,
    )
    assert moved.status_code == 200
    assert moved.json()["email"] == "new@example.com"
    assert moved.json()["email_verified"] is False
    assert outbox.outbox[-1].to == "new@example.com"
    unknown_field = client.patch(f"{API}/users/me", json={"role": "admin"}, headers=user.headers)
    assert unknown_field.status_code == 422
    assert client.delete(f"{API}/users/me", headers=user.headers).status_code == 204
    assert client.get(f"{API}/users/me", headers=user.headers).status_code == 401
    gone = client.post(f"{API}/auth/login", json={"email": "new@example.com", "password": PASSWORD})
    assert gone.status_code == 401
    # the address is free again
    register(client, "new@example.com")


def test_suspended_users_cannot_log_in_or_call_the_api(client: TestClient, studio: Studio) -> None:
    user = register(client)
    set_user(studio, user, is_suspended=True)
    me = client.get(f"{API}/users/me", headers=user.headers)
    assert me.status_code == 403
    assert "suspended" in me.json()["detail"]
    again = client.post(f"{API}/auth/login", json={"email": user.email, "password": PASSWORD})
    assert again.status_code == 403


def test_changing_the_password_ends_other_logins(client: TestClient) -> None:
    user = register(client)
    changed = client.patch(
        f"{API}/users/me",
        json={"password": "another fine secret", "current_password": PASSWORD},
        headers=user.headers,
    )
    assert changed.status_code == 200
    stale = client.post(f"{API}/auth/refresh", json={"refresh_token": user.refresh_token})
    assert stale.status_code == 401
    login(client, user.email, "another fine secret", user.id)
    wrong = client.patch(
        f"{API}/users/me",
        json={"password": "yet another secret", "current_password": "not it at all"},
        headers=user.headers,
    )
    assert wrong.status_code == 403


# Changing the password and the e-mail address (accounts.security_api)

from tests.studio.test_mfa_support import full_client  # noqa: E402,F401  (a fixture)


def test_change_password_keeps_this_login_and_ends_the_others(
    full_client: TestClient,  # noqa: F811
) -> None:
    client = full_client
    user = register(client)
    other = login(client, user.email, PASSWORD, user.id)  # another device
    wrong = client.post(
        f"{API}/users/me/password",
        json={"current_password": "not my password", "new_password": "a new password 1"},
        headers=user.headers,
    )
    assert wrong.status_code == 403
    changed = client.post(
        f"{API}/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a new password 1"},
        headers=user.headers,
    )
    assert changed.status_code == 200, changed.text
    fresh = changed.json()
    assert (
        client.post(
            f"{API}/auth/refresh", json={"refresh_token": fresh["refresh_token"]}
        ).status_code
        == 200
    )
    assert (
        client.post(f"{API}/auth/refresh", json={"refresh_token": other.refresh_token}).status_code
        == 401
    )
    old = client.post(f"{API}/auth/login", json={"email": user.email, "password": PASSWORD})
    assert old.status_code == 401 and old.json()["code"] == "wrong_credentials"
    login(client, user.email, "a new password 1", user.id)


def test_change_email_moves_the_account_only_when_the_new_address_confirms(
    full_client: TestClient,  # noqa: F811
    outbox: OutboxMailer,
) -> None:
    client = full_client
    user = register(client, "old@example.com")
    register(client, "taken@example.com")
    taken = client.post(
        f"{API}/users/me/email",
        json={"new_email": "taken@example.com", "current_password": PASSWORD},
        headers=user.headers,
    )
    assert taken.status_code == 409 and taken.json()["code"] == "email_taken"
    no_password = client.post(
        f"{API}/users/me/email", json={"new_email": "new@example.com"}, headers=user.headers
    )
    assert no_password.status_code == 403
    assert no_password.json()["code"] == "current_password_wrong"
    asked = client.post(
        f"{API}/users/me/email",
        json={"new_email": "New@Example.com", "current_password": PASSWORD},
        headers=user.headers,
    )
    assert asked.status_code == 202, asked.text
    assert asked.json()["mail_configured"] is False  # the tests' studio has no mail server
    me = client.get(f"{API}/users/me", headers=user.headers).json()
    assert me["email"] == "old@example.com"  # nothing moves before the link is opened
    token = _token_in(outbox, "new@example.com")
    confirmed = client.post(f"{API}/auth/confirm-email", json={"token": token})
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["email"], confirmed.json()["email_verified"]) == (
        "new@example.com",
        True,
    )
    again = client.post(f"{API}/auth/confirm-email", json={"token": token})
    assert again.status_code == 401  # the link was for the old address: used up
    login(client, "new@example.com", PASSWORD, user.id)


def test_the_api_says_whether_mail_leaves_the_studio(
    full_client: TestClient,  # noqa: F811
) -> None:
    status = full_client.get(f"{API}/auth/mail").json()
    assert status["configured"] is False and "outbox" in status["detail"]
    forgot = full_client.post(f"{API}/auth/forgot-password", json={"email": "a@example.com"})
    assert forgot.json()["mail_configured"] is False
