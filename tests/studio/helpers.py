"""Helpers for studio tests: accounts, projects and waiting for jobs through the API."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from filmstudio.studio.accounts.models import User
from filmstudio.studio.context import Studio

PASSWORD = "correct horse battery"
SCRIPT = (
    "The keeper climbed the lighthouse stairs at night. The storm came from the sea. "
    "At dawn a small boat reached the harbour, and the keeper smiled."
)


@dataclass
class Account:
    id: uuid.UUID
    email: str
    password: str
    access_token: str
    refresh_token: str
    headers: dict[str, str] = field(default_factory=dict)


def register(client: TestClient, email: str | None = None, password: str = PASSWORD) -> Account:
    """Register and log in a new user."""
    email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    response = client.post("/api/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    user_id = uuid.UUID(response.json()["id"])
    return login(client, email, password, user_id)


def login(client: TestClient, email: str, password: str, user_id: uuid.UUID) -> Account:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens = response.json()
    return Account(
        id=user_id,
        email=email,
        password=password,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


def set_user(studio: Studio, account: Account, **values: Any) -> None:
    """Change a user row directly (role, tier, credits) and drop its cached profile."""
    with studio.db.transaction() as session:
        user = session.scalar(select(User).where(User.id == account.id))
        assert user is not None
        for name, value in values.items():
            setattr(user, name, value)
    studio.cache.delete(f"user:{account.id}:profile", f"user:{account.id}:balance")


def admin(client: TestClient, studio: Studio) -> Account:
    """A new administrator signed in through the second step (admin routes demand it)."""
    from tests.studio.test_mfa_support import mfa_admin_account

    return mfa_admin_account(client, studio)


def create_project(client: TestClient, account: Account, **fields: Any) -> dict[str, Any]:
    body = {"title": "The Lighthouse", "script": SCRIPT, "duration": 30, **fields}
    response = client.post("/api/v1/projects", json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def submit(
    client: TestClient, account: Account, project_id: str, key: str | None = None
) -> dict[str, Any]:
    headers = dict(account.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    response = client.post("/api/v1/jobs/submit", json={"project_id": project_id}, headers=headers)
    assert response.status_code == 202, response.text
    result: dict[str, Any] = response.json()
    return result


def wait_for(
    client: TestClient,
    account: Account,
    job_id: str,
    states: tuple[str, ...] = ("completed", "failed", "cancelled"),
    timeout: float = 20.0,
) -> dict[str, Any]:
    """Poll the job until it reaches one of `states`."""
    return poll(client, account, f"/api/v1/jobs/{job_id}", states, timeout)


def poll(
    client: TestClient, account: Account, path: str, states: tuple[str, ...], timeout: float
) -> dict[str, Any]:
    """GET `path` every 50 ms until its ``status`` is one of `states` (AssertionError after
    `timeout` seconds, showing the last answer)."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(path, headers=account.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body["status"] in states:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} stayed {body['status']}: {body}")
        time.sleep(0.05)


def balance(client: TestClient, account: Account) -> int:
    response = client.get("/api/v1/credits/balance", headers=account.headers)
    assert response.status_code == 200, response.text
    return int(response.json()["credits"])


def ledger_sum(studio: Studio, user_id: uuid.UUID) -> tuple[int, int]:
    """(sum of the user's ledger rows, the user's balance column)."""
    from sqlalchemy import func

    from filmstudio.studio.credits.models import CreditTransaction

    with studio.db.read_session() as session:
        total = session.scalar(
            select(func.coalesce(func.sum(CreditTransaction.amount), 0)).where(
                CreditTransaction.user_id == user_id
            )
        )
        credits = session.scalar(select(User.credits).where(User.id == user_id))
    return int(total or 0), int(credits or 0)
