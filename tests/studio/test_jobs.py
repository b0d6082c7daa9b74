"""Jobs: submit, tiers and priorities, outputs in the storage layout, downloads, cancel,
retries with backoff, timeouts, live progress (WebSocket, SSE), shutdown and recovery."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.jobs.schemas import OUTPUT_FILES
from filmstudio.studio.jobs.worker import WorkerService
from filmstudio.studio.settings import Settings
from tests.studio.helpers import (
    Account,
    balance,
    create_project,
    ledger_sum,
    register,
    set_user,
    submit,
    wait_for,
)

API = "/api/v1/jobs"


def _files(settings: Settings) -> Path:
    return Path(settings.resolved_storage_url.removeprefix("file://"))


def _job_row(studio: Studio, job_id: str) -> Job:
    with studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        return job


def test_outputs_follow_the_storage_layout(
    client: TestClient, studio: Studio, settings: Settings
) -> None:
    user = register(client)
    project = create_project(client, user)
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert job["status"] == "completed" and job["files"] == sorted(OUTPUT_FILES)
    base = _files(settings) / "users" / str(user.id) / "projects" / project["id"]
    for name in OUTPUT_FILES:
        assert (base / "generated" / job["id"] / name).is_file(), name
    assert (base / "final" / f"{project['id']}-720p.mp4").is_file()
    assert (base / "thumbnail.jpg").is_file()
    assert not list(base.rglob(".partial-*"))
    for name in OUTPUT_FILES:
        response = client.get(f"{API}/{job['id']}/files/{name}", headers=user.headers)
        assert response.status_code == 200, name
    missing = client.get(f"{API}/{job['id']}/files/secrets.txt", headers=user.headers)
    assert missing.status_code == 404
    assert (
        client.get(f"/api/v1/projects/{project['id']}", headers=user.headers).json()["status"]
        == "completed"
    )


def test_status_and_progress_endpoints(client: TestClient) -> None:
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    status = client.get(f"{API}/{job_id}/status", headers=user.headers).json()
    assert status["id"] == job_id and status["status"] in ("queued", "processing", "completed")
    progress = client.get(f"{API}/{job_id}/progress", headers=user.headers).json()
    assert 0 <= progress["progress"] <= 100 and isinstance(progress["current_step"], str)
    wait_for(client, user, job_id)
    progress = client.get(f"{API}/{job_id}/progress", headers=user.headers).json()
    assert progress == {
        "id": job_id,
        "status": "completed",
        "progress": 100,
        "current_step": "done",
    }
    listed = client.get(API, params={"status": "completed"}, headers=user.headers).json()
    assert [j["id"] for j in listed["items"]] == [job_id]
    assert client.get(API, params={"status": "failed"}, headers=user.headers).json()["total"] == 0


def test_no_credit_no_job(client: TestClient, studio: Studio) -> None:
    user = register(client)
    project = create_project(client, user)
    for _ in range(3):
        submit(client, user, project["id"])
    refused = client.post(f"{API}/submit", json={"project_id": project["id"]}, headers=user.headers)
    assert refused.status_code == 402
    assert "Not enough credits" in refused.json()["detail"]
    with studio.db.read_session() as session:
        assert len(session.scalars(select(Job).where(Job.user_id == user.id)).all()) == 3
    assert ledger_sum(studio, user.id) == (0, 0)


def test_submit_is_idempotent(client: TestClient, studio: Studio) -> None:
    user = register(client)
    project = create_project(client, user)
    first = submit(client, user, project["id"], key="film-1")
    second = submit(client, user, project["id"], key="film-1")
    assert first["id"] == second["id"]
    assert balance(client, user) == 2
    other = create_project(client, user)
    clash = client.post(
        f"{API}/submit",
        json={"project_id": other["id"]},
        headers={**user.headers, "Idempotency-Key": "film-1"},
    )
    assert clash.status_code == 409


def test_submit_checks_access(client: TestClient) -> None:
    owner, viewer, stranger = register(client), register(client), register(client)
    project = create_project(client, owner)
    client.post(
        f"/api/v1/projects/{project['id']}/shares",
        json={"email": viewer.email},
        headers=owner.headers,
    )
    body = {"project_id": project["id"]}
    assert client.post(f"{API}/submit", json=body, headers=viewer.headers).status_code == 403
    assert client.post(f"{API}/submit", json=body, headers=stranger.headers).status_code == 404
    assert balance(client, viewer) == 3 and balance(client, stranger) == 3


@pytest.mark.parametrize(
    ("tier", "asked", "quality", "watermark", "priority", "charged"),
    [
        ("free", "1080p", "720p", True, "low", 1),
        ("pro", "1080p", "1080p", False, "normal", 1),
        ("enterprise", "2160p", "2160p", False, "high", 0),
    ],
)
def test_tiers_decide_quality_watermark_priority_and_price(
    client: TestClient,
    studio: Studio,
    tier: str,
    asked: str,
    quality: str,
    watermark: bool,
    priority: str,
    charged: int,
) -> None:
    user = register(client)
    set_user(studio, user, tier=tier)
    before = balance(client, user)
    project = create_project(client, user, settings={"quality": asked})
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert (job["quality"], job["watermark"], job["priority"]) == (quality, watermark, priority)
    assert job["credits_charged"] == charged
    assert balance(client, user) == before - charged
    assert _job_row(studio, job["id"]).request["quality"] == quality


def test_higher_priority_runs_first(idle_client: TestClient, studio: Studio) -> None:
    users = {tier: register(idle_client) for tier in ("free", "pro", "enterprise")}
    order = []
    for tier in ("free", "pro", "enterprise"):
        set_user(studio, users[tier], tier=tier)
        project = create_project(idle_client, users[tier])
        order.append((tier, submit(idle_client, users[tier], project["id"])["id"]))
    service = WorkerService(studio, FakeRenderer(seconds=0.05))
    service.start()
    try:
        for tier, job_id in order:
            wait_for(idle_client, users[tier], job_id)
    finally:
        service.stop()
    started = sorted(order, key=lambda pair: _job_row(studio, pair[1]).started_at or utcnow())
    assert [tier for tier, _ in started] == ["enterprise", "pro", "free"]


def test_cancel_a_queued_job_refunds_at_once(idle_client: TestClient, studio: Studio) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    assert balance(idle_client, user) == 2
    response = idle_client.delete(f"{API}/{job_id}/cancel", headers=user.headers)
    assert response.status_code == 202 and response.json()["status"] == "cancelled"
    assert balance(idle_client, user) == 3
    again = idle_client.delete(f"{API}/{job_id}/cancel", headers=user.headers)
    assert again.status_code == 409
    assert ledger_sum(studio, user.id) == (3, 3)
    # its message is still on the queue: a worker must drop it, not render it
    service = WorkerService(studio, FakeRenderer(seconds=0.05))
    service.start()
    time.sleep(0.5)
    service.stop()
    assert _job_row(studio, job_id).status == "cancelled"
    assert _job_row(studio, job_id).attempts == 0


@pytest.mark.parametrize("renderer", [{"seconds": 20}], indirect=True)
def test_cancel_stops_a_running_render_within_seconds(
    client: TestClient, studio: Studio, settings: Settings
) -> None:
    user = register(client)
    project = create_project(client, user)
    job_id = submit(client, user, project["id"])["id"]
    wait_for(client, user, job_id, ("processing",))
    asked = time.monotonic()
    response = client.delete(f"{API}/{job_id}/cancel", headers=user.headers)
    assert response.status_code == 202 and response.json()["cancel_requested"] is True
    job = wait_for(client, user, job_id, ("cancelled",), timeout=5)
    assert time.monotonic() - asked < 3
    assert job["files"] == []
    assert balance(client, user) == 3
    assert ledger_sum(studio, user.id) == (3, 3)
    assert not (_files(settings) / "users" / str(user.id)).exists()


@pytest.mark.parametrize("renderer", [{"fail_times": 2, "seconds": 0.05}], indirect=True)
def test_a_failing_render_is_retried_with_backoff(client: TestClient, studio: Studio) -> None:
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    job = wait_for(client, user, job_id, timeout=30)
    assert job["status"] == "completed" and job["attempts"] == 3
    assert job["error"] is None
    assert balance(client, user) == 2


@pytest.mark.parametrize("renderer", [{"fail_times": 99, "seconds": 0.05}], indirect=True)
def test_three_failures_fail_the_job_and_refund(client: TestClient, studio: Studio) -> None:
    user = register(client)
    project = create_project(client, user)
    job = wait_for(client, user, submit(client, user, project["id"])["id"], timeout=30)
    assert job["status"] == "failed" and job["attempts"] == 3
    assert "fake encoder crashed" in job["error"] and "gave up after 3 attempts" in job["error"]
    assert balance(client, user) == 3
    assert ledger_sum(studio, user.id) == (3, 3)
    history = client.get("/api/v1/credits/history", headers=user.headers).json()["items"]
    assert [h["kind"] for h in history[:2]] == ["refund", "job"]
    assert (
        client.get(f"/api/v1/projects/{project['id']}", headers=user.headers).json()["status"]
        == "failed"
    )


def test_backoff_doubles(studio: Studio) -> None:
    base = studio.settings.job_retry_delay_seconds
    assert [jobs.retry_delay(studio, n) for n in (1, 2, 3)] == [base, 2 * base, 4 * base]


@pytest.mark.parametrize("renderer", [{"fail_permanently": True, "seconds": 0.05}], indirect=True)
def test_bad_input_fails_at_once_without_retries(client: TestClient) -> None:
    user = register(client)
    job = wait_for(client, user, submit(client, user, create_project(client, user)["id"])["id"])
    assert job["status"] == "failed" and job["attempts"] == 1
    assert "Unknown voice" in job["error"]
    assert balance(client, user) == 3


@pytest.mark.parametrize(
    "settings", [{"job_timeout_seconds": 0.3, "job_max_attempts": 1}], indirect=True
)
@pytest.mark.parametrize("renderer", [{"seconds": 10}], indirect=True)
def test_a_render_past_the_time_limit_is_stopped(client: TestClient) -> None:
    user = register(client)
    started = time.monotonic()
    job = wait_for(client, user, submit(client, user, create_project(client, user)["id"])["id"])
    assert time.monotonic() - started < 5
    assert job["status"] == "failed"
    assert "ran past the" in job["error"] and "limit" in job["error"]
    assert balance(client, user) == 3


def test_websocket_streams_progress_until_done(client: TestClient) -> None:
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    messages: list[dict[str, Any]] = []
    with client.websocket_connect(f"{API}/{job_id}/ws?token={user.access_token}") as socket:
        while True:
            try:
                messages.append(json.loads(socket.receive_text()))
            except Exception:
                break
    assert messages[-1]["status"] == "completed" and messages[-1]["progress"] == 100
    progress = [m["progress"] for m in messages]
    assert progress == sorted(progress)


def test_websocket_refuses_strangers(client: TestClient) -> None:
    from starlette.websockets import WebSocketDisconnect

    owner, stranger = register(client), register(client)
    job_id = submit(client, owner, create_project(client, owner)["id"])["id"]
    for token, code in ((stranger.access_token, 4404), ("nonsense", 4401)):
        with client.websocket_connect(f"{API}/{job_id}/ws?token={token}") as socket:
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_text()
            assert closed.value.code == code


def test_server_sent_events(client: TestClient) -> None:
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    events: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", f"{API}/{job_id}/events", headers=user.headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, json.loads(line[6:])))
    assert events[-1] == ("end", {"status": "completed"})
    assert events[-2][1]["progress"] == 100
    stranger = register(client)
    refused = client.get(f"{API}/{job_id}/events", headers=stranger.headers)
    assert refused.status_code == 404


@pytest.mark.parametrize("renderer", [{"seconds": 20}], indirect=True)
def test_shutdown_puts_a_running_render_back_on_the_queue(
    idle_client: TestClient, studio: Studio, renderer: FakeRenderer
) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    service = WorkerService(studio, renderer)
    service.start()
    wait_for(idle_client, user, job_id, ("processing",))
    service.stop()
    job = _job_row(studio, job_id)
    assert (job.status, job.attempts) == ("queued", 0)
    assert balance(idle_client, user) == 2
    service = WorkerService(studio, FakeRenderer(seconds=0.05))
    service.start()
    try:
        done = wait_for(idle_client, user, job_id)
    finally:
        service.stop()
    assert done["status"] == "completed" and done["attempts"] == 1


def _claim_and_go_silent(studio: Studio, user: Account, project_id: str) -> uuid.UUID:
    """A job claimed by a 'worker' that then died (no heartbeats)."""
    from filmstudio.studio.accounts.schemas import UserPublic
    from filmstudio.studio.deps import user_for

    public: UserPublic = user_for(studio, {"sub": str(user.id)})
    job_id = jobs.submit(studio, public, uuid.UUID(project_id), None).id
    claim = jobs.claim(studio, job_id)
    assert claim is not None
    old = utcnow() - timedelta(minutes=5)
    with studio.db.transaction() as session:
        session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=old))
    return job_id


def test_recovery_retries_a_job_whose_worker_died(idle_client: TestClient, studio: Studio) -> None:
    user = register(idle_client)
    job_id = _claim_and_go_silent(studio, user, create_project(idle_client, user)["id"])
    assert jobs.recover(studio)["retried"] == 1
    job = _job_row(studio, str(job_id))
    assert job.status == "queued" and "stopped unexpectedly" in (job.error or "")
    assert jobs.recover(studio)["retried"] == 0  # nothing left to recover
    service = WorkerService(studio, FakeRenderer(seconds=0.05))
    service.start()
    try:
        done = wait_for(idle_client, user, str(job_id))
    finally:
        service.stop()
    assert done["status"] == "completed" and done["attempts"] == 2
    assert balance(idle_client, user) == 2


def test_recovery_fails_and_refunds_after_the_last_attempt(
    idle_client: TestClient, studio: Studio
) -> None:
    user = register(idle_client)
    job_id = _claim_and_go_silent(studio, user, create_project(idle_client, user)["id"])
    with studio.db.transaction() as session:
        session.execute(update(Job).where(Job.id == job_id).values(attempts=3))
    jobs.recover(studio)
    job = _job_row(studio, str(job_id))
    assert job.status == "failed" and "gave up after 3 attempts" in (job.error or "")
    assert balance(idle_client, user) == 3
    assert ledger_sum(studio, user.id) == (3, 3)


def test_recovery_leaves_live_jobs_alone(idle_client: TestClient, studio: Studio) -> None:
    user = register(idle_client)
    job_id = _claim_and_go_silent(studio, user, create_project(idle_client, user)["id"])
    with studio.db.transaction() as session:
        session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=utcnow()))
    assert jobs.recover(studio)["retried"] == 0
    assert _job_row(studio, str(job_id)).status == "processing"


def test_a_lost_queue_message_is_sent_again(idle_client: TestClient, studio: Studio) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    studio.queue.flush()  # the message is lost
    old = utcnow() - timedelta(hours=1)
    with studio.db.transaction() as session:
        session.execute(
            update(Job).where(Job.id == uuid.UUID(job_id)).values(enqueued_at=old, updated_at=old)
        )
    assert jobs.recover(studio)["requeued"] == 1
    service = WorkerService(studio, FakeRenderer(seconds=0.05))
    service.start()
    try:
        assert wait_for(idle_client, user, job_id)["status"] == "completed"
    finally:
        service.stop()


def test_a_worker_that_lost_its_claim_cannot_settle(
    idle_client: TestClient, studio: Studio
) -> None:
    user = register(idle_client)
    job_id = _claim_and_go_silent(studio, user, create_project(idle_client, user)["id"])
    jobs.recover(studio)  # attempt 1 presumed dead; the job is queued again
    with studio.db.transaction() as session:  # its retry backoff has passed
        session.execute(update(Job).where(Job.id == job_id).values(not_before=utcnow()))
    assert jobs.claim(studio, job_id) is not None  # attempt 2 starts
    assert jobs.settle(studio, job_id, 1, "completed", outputs={"x": "y"}) is False
    assert jobs.heartbeat(studio, job_id, 1, 50, "render") is None
    job = _job_row(studio, str(job_id))
    assert job.status == "processing" and job.attempts == 2 and job.outputs == {}


def test_queue_down_means_503_and_refund(
    idle_client: TestClient, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise ConnectionError("queue down")

    user = register(idle_client)
    project = create_project(idle_client, user)
    monkeypatch.setattr(studio.queue, "enqueue", broken)
    response = idle_client.post(
        f"{API}/submit", json={"project_id": project["id"]}, headers=user.headers
    )
    assert response.status_code == 503
    assert "refunded" in response.json()["detail"]
    assert balance(idle_client, user) == 3
    listed = idle_client.get(API, headers=user.headers).json()["items"]
    assert listed[0]["status"] == "failed"


def test_deleting_a_project_cancels_its_queued_jobs(
    idle_client: TestClient, studio: Studio
) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user)
    job_id = submit(idle_client, user, project["id"])["id"]
    idle_client.delete(f"/api/v1/projects/{project['id']}", headers=user.headers)
    assert _job_row(studio, job_id).status == "cancelled"
    assert balance(idle_client, user) == 3


# --- edited plans ------------------------------------------------------------------------


def _set_project_plan(studio: Studio, project_id: str, plan: dict[str, Any]) -> None:
    """Store an edited FilmPlan where the storyboard editor keeps it: settings["plan"]."""
    from filmstudio.studio.projects.models import Project

    with studio.db.transaction() as session:
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        project.settings = {**project.settings, "plan": plan}


def test_a_projects_edited_plan_is_frozen_into_the_job(client: TestClient, studio: Studio) -> None:
    user = register(client)
    project = create_project(client, user)
    plan = {
        "title": "Edited",
        "quality": "2160p",
        "watermark": False,
        "scenes": [{"scene_number": 1}],
    }
    _set_project_plan(studio, project["id"], plan)
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert job["status"] == "completed"
    with studio.db.read_session() as session:
        row = session.get(Job, uuid.UUID(job["id"]))
        assert row is not None
        assert row.request["plan"] == plan  # a copy: later edits do not change this job
        assert row.request["quality"] == "720p" and row.request["watermark"] is True
    stored = client.get(f"{API}/{job['id']}/files/plan.json", headers=user.headers)
    assert json.loads(stored.content) == plan  # what the renderer was given


def test_the_plan_given_to_the_engine_keeps_the_tier_quality_and_watermark() -> None:
    from filmstudio.engine.plan import FilmPlan
    from filmstudio.studio.jobs.renderer import RenderFailed, film_source

    plan = {
        "title": "Edited",
        "quality": "2160p",
        "watermark": False,
        "scenes": [{"scene_number": 1}],
    }
    source = film_source({"script": "x", "quality": "720p", "watermark": True, "plan": plan})
    assert isinstance(source, FilmPlan)
    assert (source.title, source.quality, source.watermark) == ("Edited", "720p", True)
    with pytest.raises(RenderFailed) as failure:
        film_source(
            {"script": "x", "quality": "720p", "plan": {"title": "No scenes", "scenes": []}}
        )
    assert failure.value.permanent and "edited plan is not valid: scenes" in failure.value.message
    with pytest.raises(RenderFailed, match="not a JSON object"):
        film_source({"script": "x", "plan": ["scene"]})


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])  # one real render is enough
def test_the_real_engine_renders_the_edited_plan(make_settings: Any) -> None:
    from fastapi.testclient import TestClient as Client

    from filmstudio.engine.film import EngineOptions, plan_film
    from filmstudio.engine.request import FilmRequest
    from filmstudio.studio.app import create_app
    from filmstudio.studio.context import build_studio
    from filmstudio.studio.jobs.renderer import EngineRenderer
    from filmstudio.studio.notify import OutboxMailer
    from tests.studio.helpers import SCRIPT

    planned = plan_film(
        FilmRequest(script=SCRIPT, duration=30, quality="360p"), EngineOptions(voice="fake")
    )
    edited = planned.model_dump(mode="json")
    first_line = edited["scenes"][0]["dialogue"][0]
    first_line["text"] = "A heron stood on the rail and watched the lamp."
    studio = build_studio(make_settings(renderer="engine"), mailer=OutboxMailer())
    renderer = EngineRenderer(planner="rules", voice="fake", music="fake")
    try:
        with Client(create_app(studio=studio, renderer=renderer)) as engine_client:
            user = register(engine_client)
            project = create_project(
                engine_client, user, script=SCRIPT, duration=30, settings={"quality": "360p"}
            )
            _set_project_plan(studio, project["id"], edited)
            job = wait_for(
                engine_client, user, submit(engine_client, user, project["id"])["id"], timeout=240
            )
            assert job["status"] == "completed", job
            files = f"{API}/{job['id']}/files"
            subtitles = engine_client.get(f"{files}/film.srt", headers=user.headers).text
            assert "heron" in subtitles  # the edited line, not the script's
            rendered = json.loads(
                engine_client.get(f"{files}/plan.json", headers=user.headers).text
            )
            assert rendered["scenes"][0]["dialogue"][0]["text"] == first_line["text"]
            assert rendered["quality"] == "360p" and rendered["watermark"] is True  # free tier
    finally:
        studio.close()


class _RecordingRenderer(FakeRenderer):
    """A fake that keeps the bytes of the reference images it was handed."""

    def __init__(self) -> None:
        super().__init__(seconds=0.05)
        self.images: list[bytes] = []

    def render(self, request: dict[str, Any], out_dir: Path, progress: Any) -> dict[str, Path]:
        self.images = [Path(p).read_bytes() for p in request.get("images", [])]
        return super().render(request, out_dir, progress)


def test_reference_images_reach_the_renderer_as_local_files(studio: Studio) -> None:
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (320, 200), (20, 90, 160)).save(picture, "PNG")
    renderer = _RecordingRenderer()
    from filmstudio.studio.app import create_app

    with TestClient(create_app(studio=studio, renderer=renderer, run_worker=True)) as client:
        user = register(client)
        project = create_project(client, user)
        added = client.post(
            f"/api/v1/projects/{project['id']}/images",
            files={"file": ("harbour.png", picture.getvalue(), "image/png")},
            headers=user.headers,
        )
        assert added.status_code == 201, added.text
        job = submit(client, user, project["id"])
        assert wait_for(client, user, job["id"])["status"] == "completed"
    assert renderer.images == [picture.getvalue()]
