"""Support for the account tests (no tests here): `finish_login` completes a challenge from
``/auth/login``, setting two-step login up the first time and spending a recovery code on
later logins (a TOTP code works once per 30 s step; tests log in faster); `full_client` is
the API with a worker, as ``filmstudio serve`` runs it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.renderer import FakeRenderer

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


@pytest.fixture
def full_client(studio: Studio) -> Iterator[TestClient]:
    """The API with a worker, as ``filmstudio serve`` has."""
    app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.2), run_worker=True)
    with TestClient(app) as test_client:
        yield test_client


def refusals(client: TestClient, studio: Studio, path: str) -> list[tuple[int, str]]:
    """What GET `path` answers a user, nobody, and an admin who logged in with a password
    only: (status, code) each; an MFA-admin-only route answers 403, 401, 403."""
    from tests.studio.helpers import admin, register

    answers = []
    for headers in (register(client).headers, {}, admin(client, studio).headers):
        response = client.get(path, headers=headers)
        answers.append((response.status_code, str(response.json().get("code"))))
    return answers
