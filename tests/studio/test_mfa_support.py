"""Finishing an administrator's login in tests (no tests here): `finish_login` completes a
challenge from ``/auth/login``, setting two-step login up the first time and spending a
recovery code on later logins (a TOTP code works once per 30 s step; tests log in faster)."""

from __future__ import annotations

import threading
from typing import Any

import pyotp
from fastapi.testclient import TestClient

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
