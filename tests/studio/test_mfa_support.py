"""Support for the account tests (no tests here): `finish_login` completes a challenge from
``/auth/login``, setting two-step login up the first time and spending a recovery code on
later logins (a TOTP code works once per 30 s step; tests log in faster); `mfa_admin_account` is a
new administrator signed in through the second step (as every admin route demands);
`full_client` is the API with a worker, as ``filmstudio serve`` runs it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pyotp
import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.renderer import FakeRenderer

if TYPE_CHECKING:
    from tests.studio.helpers import Account

_CODES: dict[str, list[str]] = {}  # e-mail -> unused recovery codes
_LOCK = threading.Lock()


def finish_login(client: TestClient, email: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The token pair for a ``/auth/login`` answer: itself when it holds tokens, else the
    result of the second step (for `email`'s account)."""
    if not answer.get("mfa_required"):
        return answer
    token = answer["mfa_token"]
    if answer["enrolment_required"]:
        enrolment = client.post("/api/v1/auth/login/mfa/enrol", json={"mfa_token": token})
        assert enrolment.status_code == 200, enrolment.text
        code = pyotp.TOTP(enrolment.json()["secret"]).now()
    else:
        with _LOCK:
            code = _CODES[email].pop()
    done = client.post("/api/v1/auth/login/mfa", json={"mfa_token": token, "code": code})
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    if body.get("recovery_codes"):
        with _LOCK:
            _CODES[email] = list(body["recovery_codes"])
    return body


def full_login(client: TestClient, account: Account) -> Account:
    """Log `account` in again, through the second step when it needs one (admins do)."""
    from tests.studio.helpers import Account

    answer = client.post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    assert answer.status_code == 200, answer.text
    tokens = finish_login(client, account.email, answer.json())
    access, refresh = tokens["access_token"], tokens["refresh_token"]
    headers = {"Authorization": f"Bearer {access}"}
    return Account(account.id, account.email, account.password, access, refresh, headers)


def password_only_admin(client: TestClient, studio: Studio) -> Account:
    """A user promoted to administrator while signed in: a token without the second step."""
    from tests.studio.helpers import register, set_user

    account = register(client)
    set_user(studio, account, role="admin")
    return account


def mfa_admin_account(client: TestClient, studio: Studio) -> Account:
    """A new administrator signed in through the second step (set up at this login)."""
    return full_login(client, password_only_admin(client, studio))


@pytest.fixture
def full_client(studio: Studio) -> Iterator[TestClient]:
    """The API with a worker, as ``filmstudio serve`` has."""
    app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.2), run_worker=True)
    with TestClient(app) as test_client:
        yield test_client


def refusals(client: TestClient, studio: Studio, path: str) -> list[tuple[int, str]]:
    """What GET `path` answers a user, nobody, and an admin who logged in with a password
    only: (status, code) each; an MFA-admin-only route answers 403, 401, 403."""
    from tests.studio.helpers import register

    answers = []
    for headers in (register(client).headers, {}, password_only_admin(client, studio).headers):
        response = client.get(path, headers=headers)
        answers.append((response.status_code, str(response.json().get("code"))))
    return answers
