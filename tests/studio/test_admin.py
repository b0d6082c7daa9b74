"""Admin endpoints: user search, tiers, suspension, stats, jobs."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from tests.studio.helpers import PASSWORD, create_project, register, submit, wait_for
from tests.studio.test_mfa_support import full_login
from tests.studio.test_mfa_support import mfa_admin_account as admin

API = "/api/v1/admin"


def test_users_list_and_search(client: TestClient, studio: Studio) -> None:
    boss = admin(client, studio)
    register(client, "zoe.film@example.com")
    register(client, "max@example.com")
    everyone = client.get(f"{API}/users", headers=boss.headers).json()
    assert everyone["total"] == 3
    found = client.get(f"{API}/users", params={"q": "ZOE"}, headers=boss.headers).json()
    assert [u["email"] for u in found["items"]] == ["zoe.film@example.com"]
    assert found["items"][0]["credits"] == 3


def test_suspend_and_restore(client: TestClient, studio: Studio) -> None:
    boss, user = admin(client, studio), register(client)
    response = client.post(
        f"{API}/users/{user.id}/suspend", json={"reason": "spam"}, headers=boss.headers
    )
    assert response.status_code == 200 and response.json()["is_suspended"] is True
    assert client.get("/api/v1/users/me", headers=user.headers).status_code == 403
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}).status_code
        == 403
    )
    restored = client.post(f"{API}/users/{user.id}/unsuspend", headers=boss.headers)
    assert restored.json()["is_suspended"] is False
    assert client.get("/api/v1/users/me", headers=user.headers).status_code == 200
    # suspension ended every login: the old refresh token stays dead
    assert (
        client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}).status_code
        == 401
    )
    itself = client.post(f"{API}/users/{boss.id}/suspend", json={}, headers=boss.headers)
    assert itself.status_code == 400
    ghost = client.post(f"{API}/users/{uuid.uuid4()}/suspend", json={}, headers=boss.headers)
    assert ghost.status_code == 404


def test_promote_to_admin(client: TestClient, studio: Studio) -> None:
    boss, user = admin(client, studio), register(client)
    assert client.get(f"{API}/stats", headers=user.headers).status_code == 403
    client.patch(f"{API}/users/{user.id}", json={"role": "admin"}, headers=boss.headers)
    stale = client.get(f"{API}/stats", headers=user.headers)  # a token from before the role
    assert (stale.status_code, stale.json()["code"]) == (403, "mfa_required")
    promoted = full_login(client, user)  # sets two-step login up on the way
    assert client.get(f"{API}/stats", headers=promoted.headers).status_code == 200
    bad = client.patch(f"{API}/users/{user.id}", json={"tier": "gold"}, headers=boss.headers)
    assert bad.status_code == 422


def test_stats_and_jobs(client: TestClient, studio: Studio) -> None:
    boss, user = admin(client, studio), register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    wait_for(client, user, job_id)
    stats = client.get(f"{API}/stats", headers=boss.headers).json()
    assert stats["users"]["total"] == 2 and stats["users"]["by_tier"] == {"free": 2}
    assert stats["films"]["projects"] == 1 and stats["films"]["completed"] == 1
    assert stats["credits"]["outstanding"] == 5 and stats["credits"]["spent"] == 1
    assert stats["queue"]["queued"] == 0 and stats["queue"]["messages"] >= 0
    assert stats["failures"] == {"total": 0, "last_24h": 0}
    listed = client.get(f"{API}/jobs", headers=boss.headers).json()
    assert [j["id"] for j in listed["items"]] == [job_id]


@pytest.mark.parametrize("path", ["/users", "/stats", "/jobs", "/moderation"])
def test_admin_pages_refuse_users(client: TestClient, path: str) -> None:
    user = register(client, password=PASSWORD)
    response = client.get(f"{API}{path}", headers=user.headers)
    assert response.status_code == 403
    assert "administrator" in response.json()["detail"]


def test_the_moderation_queue_names_each_author_and_project(
    client: TestClient, studio: Studio
) -> None:
    boss = admin(client, studio)
    author = register(client, "poet@example.com")
    project = create_project(
        client, author, title="Night Song", script="Then he said: kill yourself."
    )
    submit(client, author, project["id"])
    queue = client.get(f"{API}/moderation", headers=boss.headers).json()
    [item] = queue["items"]
    assert (item["user_email"], item["project_title"]) == ("poet@example.com", "Night Song")
    assert item["project_id"] == project["id"] and item["status"] == "pending"
