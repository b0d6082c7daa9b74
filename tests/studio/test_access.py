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

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from filmstudio.studio.billing.models import CheckoutSession
from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.deps import user_for
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.jobs.worker import JobRunner
from filmstudio.studio.publishing.models import YoutubeUpload
from tests.studio.helpers import SCRIPT, Account, create_project, register, set_user
from tests.studio.test_mfa_support import full_login, password_only_admin

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
    upload: str = ""
    checkout: str = ""

    def account(self, role: str) -> Account | None:
        return None if role == "anonymous" else getattr(self, role)

    def fresh_project(self) -> str:
        return str(create_project(self.client, self.owner)["id"])

    def edited_project(self) -> str:
        """A fresh project of the owner's with a second version (the first can be restored)."""
        project = self.fresh_project()
        changed = self.client.patch(
            f"{V1}/projects/{project}", json={"duration": 31}, headers=self.owner.headers
        )
        assert changed.status_code == 200, changed.text
        return project

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
        """A second login of the role's user (for logout); an admin's passes two-step login."""
        account = self.account(role)
        assert account is not None
        return full_login(self.client, account)

    def get(self, path: str) -> Any:
        """The owner's answer (JSON) to a GET on /api/v1{path}."""
        response = self.client.get(V1 + path, headers=self.owner.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def with_image(self) -> str:
        """A fresh project of the owner's with one reference image: /projects/{id}/images/{id}."""
        project = self.fresh_project()
        response = self.client.post(
            f"{V1}/projects/{project}/images",
            files={"file": ("ref.png", _png(), "image/png")},
            headers=self.owner.headers,
        )
        assert response.status_code == 201, response.text
        return f"/projects/{project}/images/{response.json()['id']}"

    def with_audio(self) -> str:
        """A fresh project of the owner's with one recording: /projects/{id}/audio/{id}."""
        project = self.fresh_project()
        response = self.client.post(
            f"{V1}/projects/{project}/audio?kind=music",
            files={"file": ("theme.wav", _wav(), "audio/wav")},
            headers=self.owner.headers,
        )
        assert response.status_code == 201, response.text
        return f"/projects/{project}/audio/{response.json()['id']}"

    def media_link(self) -> str:
        """The signed /projects/media/... link of the finished film (no login needed)."""
        renders = self.get(f"/projects/{self.project}/renders")
        film = next(r["files"]["film.mp4"] for r in renders if "film.mp4" in r["files"])
        return str(film).removeprefix(V1)

    def download_link(self) -> str:
        """The signed /downloads/file/{token} link of the finished film (no login needed)."""
        url = str(self.get(f"/downloads/{self.project}/link")["url"])
        return url[url.index("/downloads/file/") :]

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
    upload: bool = False  # send a PNG as the multipart field "file" instead of a JSON body
    audio: bool = False  # send a WAV as the multipart field "file"


def same(path: str, body: dict[str, Any] | None = None) -> Prepare:
    return lambda world, role: (path.format(w=world), body)


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 20), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _wav() -> bytes:
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * 80)
    return out.getvalue()


def _tampered(link: str) -> str:
    """The link with its last character changed: its signature no longer matches."""
    return link[:-1] + ("0" if link[-1] != "0" else "1")


def public(code: int) -> tuple[int, int, int, int]:
    """The same answer for every role (no login involved)."""
    return (code, code, code, code)


def _case_table() -> list[Case]:
    authed = (200, 200, 200, 401)
    mine = (200, 404, 200, 401)
    admin_only = (403, 403, 200, 401)
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
            public(303),  # back to the UI's login page, with the reason
        ),
        Case("GET", "/users/me", same("/users/me"), authed),
        Case("GET", "/users/me/export", same("/users/me/export"), authed),
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
        Case(
            "GET",
            "/projects/{project_id}/versions/compare",
            same("/projects/{w.project}/versions/compare?before=1&after=1"),
            mine,
        ),
        # Naming or restoring a version changes the project: admins may look, not change.
        Case(
            "PATCH",
            "/projects/{project_id}/versions/{version}",
            same("/projects/{w.project}/versions/1", {"name": "First cut"}),
            (200, 404, 403, 401),
        ),
        Case(
            "POST",
            "/projects/{project_id}/versions/{version}/restore",
            lambda w, r: (f"/projects/{w.edited_project()}/versions/1/restore", None),
            (200, 404, 403, 401),
        ),
        # How long a film the script needs: any account for a script, like viewing for a project.
        Case("POST", "/projects/length", same("/projects/length", {"script": SCRIPT}), authed),
        Case("GET", "/projects/{project_id}/length", same("/projects/{w.project}/length"), mine),
        Case("GET", "/projects/{project_id}/shares", same("/projects/{w.project}/shares"), mine),
        Case(
            "POST",
            "/projects/{project_id}/shares",
            lambda w, r: (f"/projects/{w.project}/shares", {"email": w.third.email}),
            (202, 404, 403, 401),
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
        # Two-step login and account security (tokens and codes here are wrong on purpose:
        # the answer shows who may reach the check, and nothing changes).
        Case(
            "POST",
            "/auth/login/mfa",
            same("/auth/login/mfa", {"mfa_token": "bad", "code": "123456"}),
            public(401),
        ),
        Case(
            "POST",
            "/auth/login/mfa/enrol",
            same("/auth/login/mfa/enrol", {"mfa_token": "bad"}),
            public(401),
        ),
        Case("GET", "/auth/mail", same("/auth/mail"), public(200)),
        Case(
            "POST",
            "/auth/confirm-email",
            same("/auth/confirm-email", {"token": "bad"}),
            public(401),
        ),
        Case(
            "POST",
            "/users/me/password",
            same("/users/me/password", {"current_password": "wrong!!!", "new_password": "x" * 12}),
            (403, 403, 403, 401),
        ),
        Case(
            "POST",
            "/users/me/email",
            same("/users/me/email", {"new_email": "n@example.com", "current_password": "wrong"}),
            (403, 403, 403, 401),
        ),
        Case("GET", "/users/me/mfa", same("/users/me/mfa"), authed),
        Case(
            "POST",
            "/users/me/mfa/confirm",
            same("/users/me/mfa/confirm", {"code": "123456"}),
            (409, 409, 409, 401),
        ),
        Case(
            "POST",
            "/users/me/mfa/recovery-codes",
            same("/users/me/mfa/recovery-codes", {"code": "123456"}),
            (409, 409, 401, 401),
        ),
        Case(
            "POST",
            "/users/me/mfa/disable",
            same("/users/me/mfa/disable", {"code": "123456"}),
            (409, 409, 403, 401),
        ),
        Case("POST", "/users/me/mfa", same("/users/me/mfa"), (200, 200, 409, 401)),
        Case("GET", "/admin/audit", same("/admin/audit"), admin_only),
        Case("GET", "/dev/outbox", same("/dev/outbox"), admin_only),
        # The editor: the plan's vocabulary is public; a preview is like viewing the project.
        Case("GET", "/editor/vocabulary", same("/editor/vocabulary"), public(200)),
        Case(
            "POST",
            "/projects/{project_id}/preview/shot",
            lambda w, r: (
                f"/projects/{w.project}/preview/shot",
                w.get(f"/projects/{w.project}/plan")["plan"],
            ),
            mine,
        ),
        Case(
            "POST",
            "/projects/{project_id}/preview",
            lambda w, r: (
                f"/projects/{w.project}/preview",
                w.get(f"/projects/{w.project}/plan")["plan"],
            ),
            mine,
        ),
        # Login providers: public (none are configured in these settings).
        Case("GET", "/auth/oauth/providers", same("/auth/oauth/providers"), public(200)),
        # The editor's choices and their previews: public (the engine's catalogue, no user
        # data); the previews are made once, with the fake providers these settings name.
        Case("GET", "/projects/choices", same("/projects/choices"), public(200)),
        Case(
            "GET",
            "/projects/samples/voices/{voice}",
            same("/projects/samples/voices/narrator-female"),
            public(200),
        ),
        Case(
            "GET",
            "/projects/samples/voices/{voice}",
            same("/projects/samples/voices/nobody-at-all"),
            public(404),
        ),
        Case(
            "GET",
            "/projects/samples/music/{music}",
            same("/projects/samples/music/calm"),
            public(200),
        ),
        # Signed media links: the link is the permission (no login), a changed one is refused.
        Case("GET", "/projects/media/{filename}", lambda w, r: (w.media_link(), None), public(200)),
        Case(
            "GET",
            "/projects/media/{filename}",
            lambda w, r: (_tampered(w.media_link()), None),
            public(403),
        ),
        # A project's renders, storyboard and reference images: like the project itself
        # (admins may look, but not change: 403).
        Case("GET", "/projects/{project_id}/renders", same("/projects/{w.project}/renders"), mine),
        Case("GET", "/projects/{project_id}/plan", same("/projects/{w.project}/plan"), mine),
        Case(
            "PUT",
            "/projects/{project_id}/plan",
            lambda w, r: (
                f"/projects/{w.project}/plan",
                w.get(f"/projects/{w.project}/plan")["plan"],
            ),
            (200, 404, 403, 401),
        ),
        Case(
            "DELETE",
            "/projects/{project_id}/plan",
            same("/projects/{w.project}/plan"),
            (200, 404, 403, 401),
        ),
        Case("GET", "/projects/{project_id}/images", same("/projects/{w.project}/images"), mine),
        Case(
            "POST",
            "/projects/{project_id}/images",
            same("/projects/{w.project}/images"),
            (201, 404, 403, 401),  # admins may look but not change
            upload=True,
        ),
        Case(
            "DELETE",
            "/projects/{project_id}/images/{image_id}",
            lambda w, r: (w.with_image(), None),
            (204, 404, 403, 401),
        ),
        # Uploaded recordings (music, narration): like reference images.
        Case("GET", "/projects/{project_id}/audio", same("/projects/{w.project}/audio"), mine),
        Case(
            "POST",
            "/projects/{project_id}/audio",
            same("/projects/{w.project}/audio?kind=narration"),
            (201, 404, 403, 401),
            audio=True,
        ),
        Case(
            "DELETE",
            "/projects/{project_id}/audio/{audio_id}",
            lambda w, r: (w.with_audio(), None),
            (204, 404, 403, 401),
        ),
        Case(
            "GET",
            "/editor/samples/styles/{style}",
            same("/editor/samples/styles/cinematic"),
            public(200),
        ),
        # Downloads: like viewing the project; the signed file link needs no login.
        Case("GET", "/downloads/{project_id}/link", same("/downloads/{w.project}/link"), mine),
        Case(
            "POST", "/downloads/{project_id}/email", same("/downloads/{w.project}/email", {}), mine
        ),
        Case(
            "POST",
            "/downloads/zip",
            lambda w, r: ("/downloads/zip", {"project_ids": [w.project]}),
            mine,
        ),
        Case("GET", "/downloads/file/{token}", lambda w, r: (w.download_link(), None), public(200)),
        Case(
            "GET",
            "/downloads/file/{token}",
            lambda w, r: (_tampered(w.download_link()), None),
            public(403),
        ),
        # Stripe's webhook: public (Stripe signs it); not configured in these settings.
        Case("POST", "/billing/webhook", same("/billing/webhook"), public(501)),
        # A checkout is the payer's own (an admin has no business with it either).
        Case(
            "GET",
            "/billing/checkouts/{session_id}",
            same("/billing/checkouts/{w.checkout}"),
            (200, 404, 404, 401),
        ),
        # YouTube is not configured here: whatever needs it answers 501 after the login check
        # (before any project or upload is looked up, so it reveals nothing); the callback has
        # no login (its signed state names the user). Upload records are the user's own.
        Case("POST", "/youtube/connect", same("/youtube/connect"), (501, 501, 501, 401)),
        Case(
            "GET",
            "/youtube/callback",
            same("/youtube/callback", None),
            public(501),
        ),
        Case("GET", "/youtube/connection", same("/youtube/connection"), authed),
        Case("DELETE", "/youtube/connection", same("/youtube/connection"), (204, 204, 204, 401)),
        Case(
            "POST",
            "/youtube/upload",
            lambda w, r: ("/youtube/upload", {"project_id": w.project, "title": "T"}),
            (501, 501, 501, 401),
        ),
        Case("GET", "/youtube/uploads", same("/youtube/uploads"), authed),
        Case("GET", "/youtube/uploads/{upload_id}", same("/youtube/uploads/{w.upload}"), mine),
        Case(
            "POST",
            "/youtube/uploads/{upload_id}/retry",
            same("/youtube/uploads/{w.upload}/retry"),
            (501, 501, 501, 401),
        ),
        Case(
            "GET",
            "/youtube/status/{video_id}",
            same("/youtube/status/{w.upload}"),
            # The owner and admins see the upload record (no YouTube call: it has no video
            # yet); for anyone else the id names nothing of theirs, so YouTube would be asked.
            (200, 501, 200, 401),
        ),
        Case("GET", "/youtube/playlists", same("/youtube/playlists"), (501, 501, 501, 401)),
        Case(
            "POST",
            "/youtube/playlists",
            same("/youtube/playlists", {"title": "Films"}),
            (501, 501, 501, 401),
        ),
        Case(
            "POST",
            "/youtube/playlists/{playlist_id}/add-video",
            same("/youtube/playlists/PL123/add-video", {"video_id": "abc123"}),
            (501, 501, 501, 401),
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
    boss = full_login(client, boss)
    with studio.db.transaction() as session:
        credits.add(session, owner.id, 50, kind="grant")
    project = create_project(client, owner)["id"]
    world = World(client, studio, owner, other, boss, third, project, "")
    world.job = world.queued_job()
    JobRunner(studio, FakeRenderer(seconds=0.01)).run(uuid.UUID(world.job))
    with studio.db.transaction() as session:  # a failed upload of the owner's (to retry)
        row = YoutubeUpload(
            user_id=owner.id,
            project_id=uuid.UUID(project),
            job_id=uuid.UUID(world.job),
            status="network_error",
            title="The Lighthouse",
        )
        session.add(row)
        session.flush()
        world.upload = str(row.id)
        world.checkout = f"cs_test_{uuid.uuid4().hex}"  # an owner's checkout, still open
        session.add(
            CheckoutSession(user_id=owner.id, stripe_session_id=world.checkout, kind="credits")
        )
    return world


#: Voice and music previews made by the engine's fake providers (tone bursts): cheap.
PREVIEWS = [{"engine_voice": "fake", "engine_music": "fake"}]


@pytest.mark.parametrize("settings", PREVIEWS, indirect=True)
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
            if case.upload or case.audio:
                files = {"file": ("ref.wav", _wav(), "audio/wav")} if case.audio else {}
                files = files or {"file": ("ref.png", _png(), "image/png")}
                response = idle_client.request(
                    case.method, V1 + path, files=files, headers=headers, follow_redirects=False
                )
            else:
                response = idle_client.request(
                    case.method, V1 + path, json=body, headers=headers, follow_redirects=False
                )
            if response.status_code != expected:
                problems.append(
                    f"{case.method} {path} as {role}: {response.status_code} "
                    f"(expected {expected}) {response.text[:120]}"
                )
            elif response.status_code >= 400:
                problem = response.json()
                assert response.headers["content-type"] == "application/problem+json"
                assert isinstance(problem["detail"], str) and problem["status"] == expected
                assert problem["code"] and problem["type"].endswith(problem["code"])
    assert not problems, "\n".join(problems)

    # A list that answers 200 to everyone shows each caller only their own uploads.
    for role, shown in (("owner", [world.upload]), ("other", []), ("admin", [])):
        account = world.account(role)
        assert account is not None
        uploads = idle_client.get(f"{V1}/youtube/uploads", headers=account.headers).json()
        assert [u["id"] for u in uploads] == shown, role

    paths = idle_client.get("/openapi.json").json()["paths"]
    served = {
        (method.upper(), path.removeprefix(V1))
        for path, operations in paths.items()
        if path.startswith(V1)
        for method in operations
    }
    assert served == {(case.method, case.route) for case in cases}


def _admin_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route whose dependencies include the administrator check."""
    from fastapi.routing import APIRoute, iter_route_contexts

    from filmstudio.studio import deps

    def calls(dependant: Any) -> set[Any]:
        found = {dependant.call}
        for child in dependant.dependencies:
            found |= calls(child)
        return found

    return [
        (method, route.path_format)
        for route in iter_route_contexts(list(app.routes))
        if isinstance(route.original_route, APIRoute) and deps.get_admin in calls(route.dependant)
        for method in sorted(route.methods or ())
    ]


def test_every_admin_route_demands_the_second_step(idle_client: TestClient, studio: Studio) -> None:
    """An administrator's token without the second step (promoted while signed in) is
    refused on every admin route with 403 ``mfa_required``, before anything is looked up
    (the ids in the paths name nothing); the same account, logged in again through the
    second step, is let in."""
    stale = password_only_admin(idle_client, studio)
    routes = _admin_routes(idle_client.app)
    assert ("GET", f"{V1}/admin/users") in routes and ("POST", f"{V1}/credits/grant") in routes
    for method, route in routes:
        path = route.replace("{user_id}", str(uuid.uuid4())).replace("{item_id}", str(uuid.uuid4()))
        response = idle_client.request(method, path, headers=stale.headers, json={})
        assert response.status_code == 403, (method, path, response.text)
        assert response.json()["code"] == "mfa_required", (method, path)
    confirmed = full_login(idle_client, stale)
    assert idle_client.get(f"{V1}/admin/stats", headers=confirmed.headers).status_code == 200
    me = idle_client.get(f"{V1}/users/me", headers=stale.headers).json()
    assert me["role"] == "user"  # the stale token has a user's reach only


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


def test_service_endpoints(idle_client: TestClient) -> None:
    assert idle_client.get("/health").status_code == 200
    assert idle_client.get("/metrics").status_code == 401  # a scrape token, or loopback
    assert idle_client.get("/docs").status_code == 200
    assert idle_client.get("/openapi.json").status_code == 200
