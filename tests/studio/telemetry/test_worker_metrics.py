"""The worker moves the metrics the alerts read: job outcomes and durations, its heartbeat
(busy or idle), stage-cache lookups, attempts the recovery sweep settles, and credits spent."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from sqlalchemy import update

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.jobs.renderer import FakeRenderer, Progress
from filmstudio.studio.jobs.worker import WorkerService
from filmstudio.studio.telemetry import metrics as m
from tests.studio.helpers import create_project, register, submit, wait_for


def _sample(client: TestClient, name: str, **labels: str) -> float:
    registry: CollectorRegistry = client.app.state.metrics.registry  # type: ignore[attr-defined]
    return registry.get_sample_value(name, labels) or 0.0


def _outcomes(client: TestClient, outcome: str, at_least: float = 0) -> float:
    """Attempts counted with `outcome`, once there are `at_least` (a job reads finished just
    before its worker counts the attempt)."""
    deadline = time.monotonic() + 10
    while True:
        counted = _sample(client, m.JOB_OUTCOMES, outcome=outcome, pool="cpu")
        if counted >= at_least or time.monotonic() > deadline:
            return counted
        time.sleep(0.05)


class CachingRenderer(FakeRenderer):
    """The fake, reporting stage-cache lookups as the engine's renderer does after a film."""

    def render(self, request: dict[str, Any], out_dir: Path, progress: Progress) -> dict[str, Path]:
        files = super().render(request, out_dir, progress)
        m.record_cache_lookups("stage", 7, 2)
        return files


def test_a_completed_job_counts_its_outcome_duration_and_heartbeat(
    client: TestClient,
) -> None:
    before = time.time()
    user = register(client)
    job = wait_for(client, user, submit(client, user, create_project(client, user)["id"])["id"])
    assert job["status"] == "completed"
    assert _outcomes(client, "completed", at_least=1) == 1
    assert _outcomes(client, "retried") == _outcomes(client, "failed") == 0
    count = _sample(client, f"{m.JOB_DURATION}_count", outcome="completed", pool="cpu")
    seconds = _sample(client, f"{m.JOB_DURATION}_sum", outcome="completed", pool="cpu")
    assert count == 1 and 0.2 <= seconds < 20  # the fake renders for 0.2 s
    beat = _sample(client, m.HEARTBEAT, worker=m.worker_name(), pool="cpu")
    assert before <= beat <= time.time()


@pytest.mark.parametrize("renderer", [{"fail_times": 1, "seconds": 0.05}], indirect=True)
def test_a_retried_attempt_and_the_one_that_completes_are_both_counted(
    client: TestClient,
) -> None:
    user = register(client)
    job = wait_for(client, user, submit(client, user, create_project(client, user)["id"])["id"])
    assert job["status"] == "completed" and job["attempts"] == 2
    assert _outcomes(client, "completed", at_least=1) == 1
    assert _outcomes(client, "retried") == 1


@pytest.mark.parametrize("renderer", [{"fail_permanently": True, "seconds": 0.05}], indirect=True)
def test_a_failed_job_counts_failed_and_its_refund_nets_credits_spent(
    client: TestClient,
) -> None:
    user = register(client)
    project = create_project(client, user)
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert job["status"] == "failed"
    assert _outcomes(client, "failed", at_least=1) == 1
    assert _outcomes(client, "completed") == 0
    assert _sample(client, m.CREDITS_SPENT) == 0  # charged, then refunded


def test_credits_spent_counts_a_submitted_job(idle_client: TestClient) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user)
    assert _sample(idle_client, m.CREDITS_SPENT) == 0
    submit(idle_client, user, project["id"])
    submit(idle_client, user, project["id"])
    assert _sample(idle_client, m.CREDITS_SPENT) == 2


@pytest.mark.parametrize("renderer", [{"seconds": 20}], indirect=True)
def test_a_cancelled_render_counts_cancelled(client: TestClient) -> None:
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    wait_for(client, user, job_id, ("processing",))
    assert client.delete(f"/api/v1/jobs/{job_id}/cancel", headers=user.headers).status_code == 202
    wait_for(client, user, job_id, ("cancelled",), timeout=5)
    assert _outcomes(client, "cancelled", at_least=1) == 1


@pytest.fixture
def caching_client(studio: Studio) -> Iterator[TestClient]:
    app = create_app(studio=studio, renderer=CachingRenderer(seconds=0.05), run_worker=True)
    with TestClient(app) as test_client:
        yield test_client


def test_a_renderers_cache_lookups_reach_its_workers_metrics(caching_client: TestClient) -> None:
    client = caching_client
    user = register(client)
    project = create_project(client, user)
    for _ in range(2):
        wait_for(client, user, submit(client, user, project["id"])["id"])
    assert _outcomes(client, "completed", at_least=2) == 2
    assert _sample(client, m.CACHE_REQUESTS, cache="stage", result="hit") == 14
    assert _sample(client, m.CACHE_REQUESTS, cache="stage", result="miss") == 4


def test_an_idle_worker_beats_and_counts_what_the_sweep_recovers(
    idle_client: TestClient, studio: Studio
) -> None:
    from filmstudio.studio.accounts.schemas import UserPublic
    from filmstudio.studio.deps import user_for

    user = register(idle_client)
    project_id = uuid.UUID(create_project(idle_client, user)["id"])
    public: UserPublic = user_for(studio, {"sub": str(user.id)})
    dead = []
    for attempts in (1, 3):  # one is retried, one has used its last attempt and fails
        job_id = jobs.submit(studio, public, project_id, None).id
        assert jobs.claim(studio, job_id) is not None
        with studio.db.transaction() as session:
            session.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(attempts=attempts, heartbeat_at=utcnow() - timedelta(minutes=5))
            )
        dead.append(job_id)
    registry = CollectorRegistry()
    work = m.WorkMetrics(registry)
    worker = WorkerService(studio, FakeRenderer(seconds=0.05), metrics=work)

    def outcome(name: str) -> float:
        return registry.get_sample_value(m.JOB_OUTCOMES, {"outcome": name, "pool": "cpu"}) or 0

    def beat() -> float:
        return registry.get_sample_value(m.HEARTBEAT, {"worker": work.worker, "pool": "cpu"}) or 0

    def eventually(check: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + 10
        while not check() and time.monotonic() < deadline:
            time.sleep(0.05)
        return check()

    started = time.time()
    worker.start()
    try:
        wait_for(idle_client, user, str(dead[0]))
        assert eventually(lambda: outcome("completed") == 1)  # rendered by this worker
        first = beat()
        assert eventually(lambda: beat() > first)  # it beats while idle too
    finally:
        worker.stop()
    assert outcome("retried") == 1 and outcome("failed") == 1  # settled by the sweep
    assert started <= first
