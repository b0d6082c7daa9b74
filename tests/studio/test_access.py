"""Access control: every endpoint × {owner, another user, admin, anonymous}.

One world per backend (an owner with a project and a finished job, another user, an admin);
endpoints that destroy or use up something get a fresh one for each call. The test also
checks that the table names every route the app serves, so a new endpoint cannot skip it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.deps import user_for
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.jobs.worker import JobRunner
from tests.studio.helpers import SCRIPT, Account, create_project, login, register, set_user

ROLES = ("owner", "other", "admin", "anonymous")
V1 = "/api/v1"


@dataclass
class World:
    client: TestClient
    studio: Studio
    owner: Account
    other: Account
    admin: Account
    third: Account
    project: str
    job: str

    def account(self, role: str) -> Account | None:
        return None if role == "anonymous" else getattr(self, role)

    def fresh_project(self) -> str:
        return str(create_project(self.client, self.owner)["id"])

    def queued_job(self) -> str:
        owner = user_for(self.studio, {"sub": str(self.owner.id)})
        return str(jobs.submit(self.studio, owner, uuid.UUID(self.project), None).id)

    def pending_item(self) -> str:
        flagged = create_project(self.client, self.owner, script=SCRIPT + " kill yourself")
        owner = user_for(self.studio, {"sub": str(self.owner.id)})
        jobs.submit(self.studio, owner, uuid.UUID(flagged["id"]), None)
        items = self.client.get(f"{V1}/admin/moderation", headers=self.admin.headers).json()
        return str(items["items"][-1]["id"])

    def fresh_login(self, role: str) -> Account:
        """A second login of the role's user (for logout), or a throwaway user (to delete)."""
        account = self.account(role)
        assert account is not None
        return login(self.client, account.email, account.password, account.id)

    def throwaway(self, role: str) -> Account:
        account = register(self.client)
        if role == "admin":
            set_user(self.studio, account, role="admin")
        return account


Request = tuple[str, dict[str, Any] | None]
Prepare = Callable[[World, str], Request]


@dataclass
class Case:
    method: str
    route: str
    prepare: Prepare
    expect: tuple[int, int, int, int]  # owner, other, admin, anonymous
    headers_for: Callable[[World, str], Account | None] | None = None


def same(path: str, body: dict[str, Any] | None = None) -> Prepare:
    return lambda world, role: (path.format(w=world), body)


def _case_table() -> list[Case]:
    authed = (200, 200, 200, 401)
    mine = (200, 404, 200, 401)
    admin_only = (403, 403, 200, 401)
    public = lambda code: (code, code, code, code)  # noqa: E731
    return [
        Case(
            "POST",
            "/auth/register",
            lambda w, r: (
                "/auth/register",
                {"email": f"{uuid.uuid4().hex[:8]}@example.com", "password": "long enough"},
            ),
            public(201),
        ),
        Case("POST", "/auth/login", same("/auth/login", None), public(200)),
        Case(
            "POST",
            "/auth/refresh",
            lambda w, r: ("/auth/refresh", {"refresh_token": w.fresh_login("third").refresh_token}),
            public(200),
        ),
        Case(
            "POST",
            "/auth/logout",
            same("/auth/logout", {}),
            (204, 204, 204, 401),
            headers_for=lambda w, r: None if r == "anonymous" else w.fresh_login(r),
        ),
        Case(
            "POST",
            "/auth/forgot-password",
            same("/auth/forgot-password", {"email": "x@example.com"}),
            public(202),
        ),
        Case(
            "POST",
            "/auth/reset-password",
            same("/auth/reset-password", {"token": "bad", "new_password": "long enough"}),
            public(401),
        ),
        Case(
            "POST", "/auth/verify-email", same("/auth/verify-email", {"token": "bad"}), public(401)
        ),
        Case(
            "POST",
            "/auth/resend-verification",
            same("/auth/resend-verification"),
            (202, 202, 202, 401),
        ),
        Case("GET", "/auth/oauth/{provider}/login", same("/auth/oauth/google/login"), public(404)),
        Case(
            "GET",
            "/auth/oauth/{provider}/callback",
            same("/auth/oauth/github/callback"),
            public(404),
        ),
        Case("GET", "/users/me", same("/users/me"), authed),
        Case("PATCH", "/users/me", same("/users/me", {"name": "N"}), authed),
        Case(
            "DELETE",
            "/users/me",
            same("/users/me"),
            (204, 204, 204, 401),
            headers_for=lambda w, r: None if r == "anonymous" else w.throwaway(r),
        ),
        Case("GET", "/projects", same("/projects"), authed),
        Case(
            "POST",
            "/projects",
            same("/projects", {"title": "T", "script": SCRIPT, "duration": 30}),
            (201, 201, 201, 401),
        ),
        Case("GET", "/projects/{project_id}", same("/projects/{w.project}"), mine),
        Case(
            "PATCH",
            "/projects/{project_id}",
            same("/projects/{w.project}", {"duration": 31}),
            (200, 404, 403, 401),
        ),
        Case(
            "DELETE",
            "/projects/{project_id}",
            lambda w, r: (f"/projects/{w.fresh_project()}", None),
            (204, 404, 204, 401),
        ),
        Case(
            "POST",
            "/projects/{project_id}/duplicate",
            same("/projects/{w.project}/duplicate"),
            (201, 404, 201, 401),
        ),
        Case(
            "GET", "/projects/{project_id}/versions", same("/projects/{w.project}/versions"), mine
        ),
        Case("GET", "/projects/{project_id}/shares", same("/projects/{w.project}/shares"), mine),
        Case(
            "POST",
            "/projects/{project_id}/shares",
            lambda w, r: (f"/projects/{w.project}/shares", {"email": w.third.email}),
            (201, 404, 403, 401),
        ),
        Case(
            "DELETE",
            "/projects/{project_id}/shares/{user_id}",
            lambda w, r: (_shared(w), None),
            (204, 404, 403, 401),
        ),
        Case("GET", "/credits/balance", same("/credits/balance"), authed),
        Case("GET", "/credits/history", same("/credits/history"), authed),
        Case(
            "POST",
            "/credits/purchase",
            same("/credits/purchase", {"credits": 5}),
            (501, 501, 501, 401),
        ),
        Case("POST", "/credits/deduct", same("/credits/deduct", {"amount": 1}), authed),
        Case(
            "POST",
            "/credits/grant",
            lambda w, r: ("/credits/grant", {"user_id": str(w.third.id), "amount": 1}),
            (403, 403, 201, 401),
        ),
        Case("POST", "/jobs/submit", same("/jobs/submit", None), (202, 404, 403, 401)),
        Case("GET", "/jobs", same("/jobs"), authed),
        Case("GET", "/jobs/{job_id}", same("/jobs/{w.job}"), mine),
        Case("GET", "/jobs/{job_id}/status", same("/jobs/{w.job}/status"), mine),
        Case("GET", "/jobs/{job_id}/progress", same("/jobs/{w.job}/progress"), mine),
        Case(
            "DELETE",
            "/jobs/{job_id}/cancel",
            lambda w, r: (f"/jobs/{w.queued_job()}/cancel", None),
            (202, 404, 202, 401),
        ),
        Case("GET", "/jobs/{job_id}/files/{name}", same("/jobs/{w.job}/files/film.mp4"), mine),
        Case("GET", "/jobs/{job_id}/events", same("/jobs/{w.job}/events"), mine),
        Case("GET", "/admin/users", same("/admin/users"), admin_only),
        Case(
            "PATCH",
            "/admin/users/{user_id}",
            lambda w, r: (f"/admin/users/{w.third.id}", {"tier": "free"}),
            admin_only,
        ),
        Case(
            "POST",
            "/admin/users/{user_id}/suspend",
            lambda w, r: (f"/admin/users/{_suspendable(w)}/suspend", {}),
            admin_only,
        ),
        Case(
            "POST",
            "/admin/users/{user_id}/unsuspend",
            lambda w, r: (f"/admin/users/{w.third.id}/unsuspend", None),
            admin_only,
        ),
        Case("GET", "/admin/stats", same("/admin/stats"), admin_only),
        Case("GET", "/admin/jobs", same("/admin/jobs"), admin_only),
        Case("GET", "/admin/moderation", same("/admin/moderation"), admin_only),
        Case(
            "POST",
            "/admin/moderation/{item_id}/approve",
            lambda w, r: (f"/admin/moderation/{w.pending_item()}/approve", None),
            admin_only,
        ),
        Case(
            "POST",
            "/admin/moderation/{item_id}/reject",
            lambda w, r: (f"/admin/moderation/{w.pending_item()}/reject", None),
            admin_only,
        ),
    ]


def _shared(world: World) -> str:
    world.client.post(
        f"{V1}/projects/{world.project}/shares",
        json={"email": world.third.email},
        headers=world.owner.headers,
    )
    return f"/projects/{world.project}/shares/{world.third.id}"


def _suspendable(world: World) -> str:
    victim = register(world.client)
    return str(victim.id)


def _world(client: TestClient, studio: Studio) -> World:
    owner, other, boss, third = (register(client) for _ in range(4))
    set_user(studio, boss, role="admin")
    with studio.db.transaction() as session:
        credits.add(session, owner.id, 50, kind="grant")
    project = create_project(client, owner)["id"]
    world = World(client, studio, owner, other, boss, third, project, "")
    world.job = world.queued_job()
    JobRunner(studio, FakeRenderer(seconds=0.01)).run(uuid.UUID(world.job))
    return world


def test_every_endpoint_for_every_role(idle_client: TestClient, studio: Studio) -> None:
    world = _world(idle_client, studio)
    cases = _case_table()
    problems = []
    for case in cases:
        for role, expected in zip(ROLES, case.expect, strict=True):
            path, body = case.prepare(world, role)
            if case.route == "/auth/login":
                body = {"email": world.third.email, "password": world.third.password}
            if case.route == "/jobs/submit":
                body = {"project_id": world.project}
            account = case.headers_for(world, role) if case.headers_for else world.account(role)
            headers = account.headers if account else {}
            response = idle_client.request(case.method, V1 + path, json=body, headers=headers)
            if response.status_code != expected:
                problems.append(
                    f"{case.method} {path} as {role}: {response.status_code} "
                    f"(expected {expected}) {response.text[:120]}"
                )
            elif response.status_code >= 400:
                assert isinstance(response.json()["detail"], str)
    assert not problems, "\n".join(problems)

    paths = idle_client.get("/openapi.json").json()["paths"]
    served = {
        (method.upper(), path.removeprefix(V1))
        for path, operations in paths.items()
        if path.startswith(V1)
        for method in operations
    }
    assert served == {(case.method, case.route) for case in cases}


def test_websocket_access(idle_client: TestClient, studio: Studio) -> None:
    world = _world(idle_client, studio)
    url = f"{V1}/jobs/{world.job}/ws"
    for role, outcome in (("owner", "ok"), ("admin", "ok"), ("other", 4404), ("anonymous", 4401)):
        account = world.account(role)
        query = f"?token={account.access_token}" if account else ""
        with idle_client.websocket_connect(url + query) as socket:
            if outcome == "ok":
                assert '"completed"' in socket.receive_text()
            else:
                try:
                    socket.receive_text()
                except WebSocketDisconnect as closed:
                    assert closed.code == outcome, role
                else:
                    raise AssertionError(f"{role} was not refused")


def test_service_endpoints_are_public(idle_client: TestClient) -> None:
    assert idle_client.get("/health").status_code == 200
    assert idle_client.get("/metrics").status_code == 200
    assert idle_client.get("/docs").status_code == 200
    assert idle_client.get("/openapi.json").status_code == 200
