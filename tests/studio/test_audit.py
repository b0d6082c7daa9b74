"""The admin audit log: every admin action is recorded (who, what, when, on what) in the
transaction that does it, and only administrators signed in with two-step login read it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from tests.studio.helpers import create_project, register, submit
from tests.studio.test_mfa import mfa_admin
from tests.studio.test_mfa_support import full_client, refusals  # noqa: F401  (a fixture)

API = "/api/v1"


@pytest.fixture
def client(full_client: TestClient) -> TestClient:  # noqa: F811
    return full_client


def _log(client: TestClient, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    response = client.get(f"{API}/admin/audit", params=query, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_admin_actions_are_logged_newest_first(client: TestClient, studio: Studio) -> None:
    boss, _, _ = mfa_admin(client, studio)
    user = register(client)
    started = datetime.now(UTC) - timedelta(seconds=1)
    steps = [
        ("post", f"/admin/users/{user.id}/suspend", {"reason": "spam"}),
        ("post", f"/admin/users/{user.id}/unsuspend", None),
        ("patch", f"/admin/users/{user.id}", {"tier": "pro"}),
    ]
    for method, path, body in steps:
        response = client.request(method, API + path, json=body, headers=boss.headers)
        assert response.status_code == 200, response.text
    log = _log(client, boss.headers)
    assert log["total"] == 3
    actions = [(e["action"], e["target_type"], e["target_id"]) for e in log["items"]]
    assert actions == [
        ("user.update", "user", str(user.id)),
        ("user.unsuspend", "user", str(user.id)),
        ("user.suspend", "user", str(user.id)),
    ]
    newest = log["items"][0]
    assert newest["actor_id"] == str(boss.id) and newest["actor_email"] == boss.email
    assert newest["details"] == {"tier": "pro", "tier_before": "free"}
    assert log["items"][2]["details"] == {"reason": "spam"}
    assert datetime.fromisoformat(newest["created_at"]) >= started
    only = _log(client, boss.headers, action="user.suspend")
    assert [e["action"] for e in only["items"]] == ["user.suspend"]


def test_a_refused_action_leaves_no_entry(client: TestClient, studio: Studio) -> None:
    boss, _, _ = mfa_admin(client, studio)
    refused = client.post(
        f"{API}/admin/users/{boss.id}/suspend", json={"reason": "oops"}, headers=boss.headers
    )
    assert refused.status_code == 400
    assert _log(client, boss.headers)["total"] == 0


def test_a_promotion_is_logged_and_ends_the_new_admins_logins(
    client: TestClient, studio: Studio
) -> None:
    boss, _, _ = mfa_admin(client, studio)
    user = register(client)
    promoted = client.patch(
        f"{API}/admin/users/{user.id}", json={"role": "admin"}, headers=boss.headers
    )
    assert promoted.status_code == 200, promoted.text
    entry = _log(client, boss.headers)["items"][0]
    assert entry["details"] == {"role": "admin", "role_before": "user"}
    refreshed = client.post(f"{API}/auth/refresh", json={"refresh_token": user.refresh_token})
    assert refreshed.status_code == 401  # the new admin logs in again, with two-step login


def test_moderation_decisions_are_logged(client: TestClient, studio: Studio) -> None:
    boss, _, _ = mfa_admin(client, studio)
    author = register(client)
    project = create_project(client, author, script="Then he said: kill yourself.")
    submit(client, author, project["id"])
    [item] = client.get(f"{API}/admin/moderation", headers=boss.headers).json()["items"]
    rejected = client.post(f"{API}/admin/moderation/{item['id']}/reject", headers=boss.headers)
    assert rejected.status_code == 200, rejected.text
    entry = _log(client, boss.headers)["items"][0]
    assert (entry["action"], entry["target_id"]) == ("moderation.reject", item["id"])


def test_only_admins_with_two_step_login_read_the_log(client: TestClient, studio: Studio) -> None:
    assert refusals(client, studio, f"{API}/admin/audit") == [
        (403, "forbidden"),
        (401, "unauthorized"),
        (403, "mfa_required"),
    ]
