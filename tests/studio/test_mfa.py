"""Two-step login: administrators must set it up at their first login and use it on every
login; a code works once; recovery codes stand in for the app; users may turn it on and off."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
import pyotp
import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.accounts.errors import MfaLoginRequired, MfaRequired, WrongMfaCode
from filmstudio.studio.context import Studio
from tests.studio.helpers import PASSWORD, Account, register, set_user
from tests.studio.test_mfa_support import full_client  # noqa: F401  (a fixture)

API = "/api/v1"


@pytest.fixture
def client(full_client: TestClient) -> TestClient:  # noqa: F811
    """Every test here needs the account routers app.py may not mount yet."""
    return full_client


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def _account(account: Account, tokens: dict[str, Any]) -> Account:
    return Account(
        id=account.id,
        email=account.email,
        password=account.password,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


def password_step(client: TestClient, account: Account) -> dict[str, Any]:
    response = client.post(
        f"{API}/auth/login", json={"email": account.email, "password": account.password}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def next_code(secret: str, steps_ahead: int = 0) -> str:
    """The app's code now (or one step ahead: the studio allows one step of clock drift)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def wrong_code(secret: str) -> str:
    """A six-digit code the app does not show in any accepted step."""
    valid = {next_code(secret, steps) for steps in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(10) if f"{n:06d}" not in valid)


def mfa_admin(client: TestClient, studio: Studio) -> tuple[Account, str, list[str]]:
    """A new administrator logged in through the first-login set-up: (account with MFA
    tokens, the TOTP secret, the recovery codes)."""
    account = register(client)
    set_user(studio, account, role="admin")
    challenge = password_step(client, account)
    assert challenge["mfa_required"] and challenge["enrolment_required"]
    enrolment = client.post(
        f"{API}/auth/login/mfa/enrol", json={"mfa_token": challenge["mfa_token"]}
    ).json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/")
    tokens = client.post(
        f"{API}/auth/login/mfa",
        json={"mfa_token": challenge["mfa_token"], "code": next_code(enrolment["secret"])},
    )
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    return _account(account, body), enrolment["secret"], body["recovery_codes"]


def test_an_admin_sets_up_two_step_login_at_the_first_login(
    client: TestClient, studio: Studio
) -> None:
    admin, secret, codes = mfa_admin(client, studio)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _claims(admin.access_token)["mfa"] is True
    assert _claims(admin.refresh_token)["mfa"] is True
    status = client.get(f"{API}/users/me/mfa", headers=admin.headers).json()
    assert status == {"enabled": True, "required": True, "recovery_codes_left": 10}

    # the next login is a challenge again, now without set-up; the password alone gives nothing
    challenge = password_step(client, admin)
    assert challenge["mfa_required"] and not challenge["enrolment_required"]
    assert "access_token" not in challenge
    again = client.post(f"{API}/auth/login/mfa/enrol", json={"mfa_token": challenge["mfa_token"]})
    assert again.status_code == 409  # the secret cannot be swapped at login once it is on
    done = client.post(
        f"{API}/auth/login/mfa",
        json={"mfa_token": challenge["mfa_token"], "code": next_code(secret, 1)},
    )
    assert done.status_code == 200, done.text
    assert done.json()["recovery_codes"] is None


def test_a_code_works_once_and_wrong_codes_are_refused(client: TestClient, studio: Studio) -> None:
    admin, secret, _ = mfa_admin(client, studio)
    token = password_step(client, admin)["mfa_token"]
    used = next_code(secret)  # the code the set-up just accepted
    replay = client.post(f"{API}/auth/login/mfa", json={"mfa_token": token, "code": used})
    assert replay.status_code == 401
    assert replay.json()["code"] == WrongMfaCode.code == "mfa_code_wrong"
    refused = client.post(
        f"{API}/auth/login/mfa", json={"mfa_token": token, "code": wrong_code(secret)}
    )
    assert refused.status_code == 401
    forged = client.post(
        f"{API}/auth/login/mfa", json={"mfa_token": "not-a-token", "code": next_code(secret, 1)}
    )
    assert forged.status_code == 401


def test_recovery_codes_stand_in_for_the_app_once_each(client: TestClient, studio: Studio) -> None:
    admin, _, codes = mfa_admin(client, studio)
    token = password_step(client, admin)["mfa_token"]
    typed = codes[0].upper().replace("-", " ")  # as a person might type it
    first = client.post(f"{API}/auth/login/mfa", json={"mfa_token": token, "code": typed})
    assert first.status_code == 200, first.text
    token = password_step(client, admin)["mfa_token"]
    second = client.post(f"{API}/auth/login/mfa", json={"mfa_token": token, "code": codes[0]})
    assert second.status_code == 401
    headers = {"Authorization": f"Bearer {first.json()['access_token']}"}
    assert client.get(f"{API}/users/me/mfa", headers=headers).json()["recovery_codes_left"] == 9


def test_new_recovery_codes_replace_the_old(client: TestClient, studio: Studio) -> None:
    admin, secret, codes = mfa_admin(client, studio)
    fresh = client.post(
        f"{API}/users/me/mfa/recovery-codes",
        json={"code": next_code(secret, 1)},
        headers=admin.headers,
    )
    assert fresh.status_code == 200, fresh.text
    new_codes = fresh.json()["recovery_codes"]
    assert not set(new_codes) & set(codes)
    token = password_step(client, admin)["mfa_token"]
    old = client.post(f"{API}/auth/login/mfa", json={"mfa_token": token, "code": codes[1]})
    assert old.status_code == 401
    new = client.post(f"{API}/auth/login/mfa", json={"mfa_token": token, "code": new_codes[1]})
    assert new.status_code == 200, new.text


def test_a_login_step_dies_when_the_password_changes(client: TestClient, studio: Studio) -> None:
    admin, secret, _ = mfa_admin(client, studio)
    token = password_step(client, admin)["mfa_token"]
    changed = client.post(
        f"{API}/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new password"},
        headers=admin.headers,
    )
    assert changed.status_code == 200, changed.text
    assert _claims(changed.json()["access_token"])["mfa"] is True  # this login goes on
    stale = client.post(
        f"{API}/auth/login/mfa", json={"mfa_token": token, "code": next_code(secret, 1)}
    )
    assert stale.status_code == 401


def test_an_admin_session_without_the_second_step_cannot_refresh_or_read_the_audit_log(
    client: TestClient, studio: Studio
) -> None:
    account = register(client)  # logged in as a user, then promoted behind its back
    set_user(studio, account, role="admin")
    refreshed = client.post(f"{API}/auth/refresh", json={"refresh_token": account.refresh_token})
    assert refreshed.status_code == 401
    assert refreshed.json()["code"] == MfaLoginRequired.code == "mfa_login_required"
    audit = client.get(f"{API}/admin/audit", headers=account.headers)
    assert audit.status_code == 403
    assert audit.json()["code"] == MfaRequired.code == "mfa_required"


def test_an_mfa_login_refreshes_into_an_mfa_login(client: TestClient, studio: Studio) -> None:
    admin, _, _ = mfa_admin(client, studio)
    refreshed = client.post(f"{API}/auth/refresh", json={"refresh_token": admin.refresh_token})
    assert refreshed.status_code == 200, refreshed.text
    assert _claims(refreshed.json()["access_token"])["mfa"] is True
    headers = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
    assert client.get(f"{API}/admin/audit", headers=headers).status_code == 200


def test_a_user_turns_two_step_login_on_and_off(client: TestClient) -> None:
    user = register(client)
    other_login = password_step(client, user)  # a second device
    assert "access_token" in other_login
    started = client.post(f"{API}/users/me/mfa", headers=user.headers)
    assert started.status_code == 200, started.text
    secret = started.json()["secret"]
    bad = client.post(
        f"{API}/users/me/mfa/confirm", json={"code": wrong_code(secret)}, headers=user.headers
    )
    assert bad.status_code == 401
    on = client.post(
        f"{API}/users/me/mfa/confirm", json={"code": next_code(secret)}, headers=user.headers
    )
    assert on.status_code == 200, on.text
    assert len(on.json()["recovery_codes"]) == 10
    # the other device's login ended: it never passed the second step
    gone = client.post(f"{API}/auth/refresh", json={"refresh_token": other_login["refresh_token"]})
    assert gone.status_code == 401
    assert password_step(client, user)["mfa_required"] is True
    headers = {"Authorization": f"Bearer {on.json()['tokens']['access_token']}"}
    off = client.post(
        f"{API}/users/me/mfa/disable", json={"code": next_code(secret, 1)}, headers=headers
    )
    assert off.status_code == 204, off.text
    assert "access_token" in password_step(client, user)


def test_an_admin_cannot_turn_it_off(client: TestClient, studio: Studio) -> None:
    admin, secret, _ = mfa_admin(client, studio)
    off = client.post(
        f"{API}/users/me/mfa/disable", json={"code": next_code(secret, 1)}, headers=admin.headers
    )
    assert off.status_code == 403
    assert off.json()["code"] == "mfa_required_for_admins"
    assert client.get(f"{API}/users/me/mfa", headers=admin.headers).json()["enabled"] is True


def test_the_secret_is_sealed_at_rest(client: TestClient, studio: Studio) -> None:
    from filmstudio.studio.accounts.models import MfaSecret

    admin, secret, _ = mfa_admin(client, studio)
    with studio.db.read_session() as session:
        row = session.get(MfaSecret, uuid.UUID(str(admin.id)))
        assert row is not None and row.confirmed_at is not None
        assert secret not in row.sealed_secret


def test_an_admin_who_lost_the_app_is_reset_from_the_server(
    client: TestClient, studio: Studio
) -> None:
    from filmstudio.studio.accounts.admin import reset_mfa

    admin, _, _ = mfa_admin(client, studio)
    assert reset_mfa(studio.settings, admin.email.upper()) is True
    refreshed = client.post(f"{API}/auth/refresh", json={"refresh_token": admin.refresh_token})
    assert refreshed.status_code == 401  # every login ended
    challenge = password_step(client, admin)
    assert challenge["enrolment_required"] is True  # the next login sets it up again
    assert reset_mfa(studio.settings, "nobody@example.com") is False
