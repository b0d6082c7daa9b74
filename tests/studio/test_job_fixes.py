"""Regressions: a queue blip during a re-send, the Idempotency-Key of a job failed by a 503,
worker outputs of an attempt that lost its job, retry backoff, and cancels on delete."""

from __future__ import annotations

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
from filmstudio.studio.jobs.worker import Heartbeat, JobRunner
from filmstudio.studio.moderation.models import ModerationItem
from filmstudio.studio.settings import Settings
from tests.studio.helpers import balance, create_project, register, submit, wait_for
from tests.studio.test_moderation import FLAGGED

API = "/api/v1/jobs"


def _broken(*_: object, **__: object) -> None:
    raise ConnectionError("queue down")


def _job_row(studio: Studio, job_id: uuid.UUID | str) -> Job:
    with studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(str(job_id)))
        assert job is not None
        return job


def _set(studio: Studio, job_id: uuid.UUID | str, **values: Any) -> None:
    with studio.db.transaction() as session:
        session.execute(update(Job).where(Job.id == uuid.UUID(str(job_id))).values(**values))


def test_sweep_resend_on_a_queue_blip_keeps_the_job_queued(
    idle_client: TestClient, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    old = utcnow() - timedelta(hours=1)
    _set(studio, job_id, enqueued_at=old, updated_at=old)
    monkeypatch.setattr(studio.queue, "enqueue", _broken)
    assert jobs.recover(studio)["requeued"] == 0
    job = _job_row(studio, job_id)
    assert job.status == "queued" and job.enqueued_at is None
    assert balance(idle_client, user) == 2  # not refunded: it will still run
    monkeypatch.undo()
    _set(studio, job_id, updated_at=old)
    assert jobs.recover(studio)["requeued"] == 1  # the sweep sends it once the queue is back
    assert _job_row(studio, job_id).enqueued_at is not None


def test_retry_on_a_queue_blip_keeps_the_job_queued(
    idle_client: TestClient, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    claim = jobs.claim(studio, uuid.UUID(job_id))
    assert claim is not None
    monkeypatch.setattr(studio.queue, "enqueue", _broken)
    assert jobs.settle(studio, claim.job_id, claim.attempt, "retry", error="boom") is True
    job = _job_row(studio, job_id)
    assert job.status == "queued" and job.enqueued_at is None
    assert balance(idle_client, user) == 2


def test_a_503_releases_the_idempotency_key(
    idle_client: TestClient, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user)
    headers = {**user.headers, "Idempotency-Key": "render-1"}
    monkeypatch.setattr(studio.queue, "enqueue", _broken)
    refused = idle_client.post(f"{API}/submit", json={"project_id": project["id"]}, headers=headers)
    assert refused.status_code == 503
    assert balance(idle_client, user) == 3
    monkeypatch.undo()
    again = idle_client.post(f"{API}/submit", json={"project_id": project["id"]}, headers=headers)
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "queued"
    assert balance(idle_client, user) == 2
    replay = idle_client.post(f"{API}/submit", json={"project_id": project["id"]}, headers=headers)
    assert replay.json()["id"] == again.json()["id"]
    assert balance(idle_client, user) == 2


def _files(settings: Settings) -> Path:
    return Path(settings.resolved_storage_url.removeprefix("file://"))


def test_a_worker_that_lost_its_job_leaves_the_project_film_alone(
    idle_client: TestClient, studio: Studio, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    saved: list[bool] = []
    store = JobRunner._store

    def store_then_cancel(self: JobRunner, *args: Any) -> Any:
        outputs = store(self, *args)
        saved.append(True)  # the cancel lands while the files are being saved
        return outputs

    monkeypatch.setattr(JobRunner, "_store", store_then_cancel)
    monkeypatch.setattr(Heartbeat, "pending_stop", lambda self: "cancelled" if saved else None)
    JobRunner(studio, FakeRenderer(seconds=0.05)).run(uuid.UUID(job_id))
    root = _files(settings)
    assert not list(root.rglob("final/*")), "the project's final film was overwritten"
    assert not list(root.glob("users/*/projects/*/thumbnail.jpg"))
    assert saved


def test_a_completed_job_has_its_project_film_in_place(
    client: TestClient, settings: Settings
) -> None:
    user = register(client)
    project = create_project(client, user)
    job_id = submit(client, user, project["id"])["id"]
    assert wait_for(client, user, job_id)["status"] == "completed"
    root = _files(settings)
    assert list(root.rglob(f"final/{project['id']}-720p.mp4"))  # no wait: already there
    assert list(root.glob("users/*/projects/*/thumbnail.jpg"))


def test_a_completed_job_publishes_the_project_film(
    idle_client: TestClient, studio: Studio, settings: Settings
) -> None:
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    JobRunner(studio, FakeRenderer(seconds=0.05)).run(uuid.UUID(job_id))
    job = _job_row(studio, job_id)
    assert job.status == "completed"
    root = _files(settings)
    for name in ("final", "project_thumbnail", "film.mp4"):
        assert (root / job.outputs[name]).is_file()


@pytest.mark.parametrize("settings", [{"job_retry_delay_seconds": 60}], indirect=True)
def test_a_retry_is_not_claimed_before_its_backoff(idle_client: TestClient, studio: Studio) -> None:
    user = register(idle_client)
    job_id = uuid.UUID(submit(idle_client, user, create_project(idle_client, user)["id"])["id"])
    first = jobs.claim(studio, job_id)
    assert first is not None
    assert jobs.settle(studio, job_id, first.attempt, "retry", error="boom")
    assert jobs.claim(studio, job_id) is None  # a duplicate message comes too early
    old = utcnow() - timedelta(hours=1)
    _set(studio, job_id, enqueued_at=old)
    assert jobs.recover(studio)["requeued"] == 0  # not due yet: no re-send
    assert jobs.recover(studio, utcnow() + timedelta(minutes=5))["requeued"] == 1  # due
    _set(studio, job_id, not_before=utcnow() - timedelta(seconds=1))
    second = jobs.claim(studio, job_id)
    assert second is not None and second.attempt == 2


def test_deleting_a_project_closes_the_review_of_its_held_job(
    idle_client: TestClient, studio: Studio
) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user, script=FLAGGED)
    job_id = submit(idle_client, user, project["id"])["id"]
    assert idle_client.delete(
        f"/api/v1/projects/{project['id']}", headers=user.headers
    ).status_code in (200, 204)
    job = _job_row(studio, job_id)
    assert job.status == "cancelled" and job.held is False
    with studio.db.read_session() as session:
        item = session.scalar(
            select(ModerationItem).where(ModerationItem.job_id == uuid.UUID(job_id))
        )
        assert item is not None and item.status == "rejected"
    assert balance(idle_client, user) == 3
