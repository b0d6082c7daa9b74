"""A worker process killed with SIGKILL in the middle of a render: the job is retried by
another worker (or failed and refunded after its last attempt); no credit is lost and no
half-written file is ever served."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.settings import Settings
from tests.studio.helpers import balance, create_project, ledger_sum, register, submit, wait_for

FAST_RECOVERY = {
    "heartbeat_seconds": 0.2,
    "stale_after_seconds": 2.0,
    "reaper_interval_seconds": 0.5,
    "job_retry_delay_seconds": 0.1,
}


def _worker(settings: Settings, log: Path, **overrides: object) -> subprocess.Popen[bytes]:
    """`python -m filmstudio.studio worker` configured like `settings`, in its own process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FILMSTUDIO_")}
    fields = settings.model_dump(
        exclude={"moderation_words", "cors_origins", "moderation_words_file"}, exclude_none=True
    )
    fields.update(overrides)
    env.update(
        {
            f"FILMSTUDIO_{name.upper()}": json.dumps(value, default=str)
            if isinstance(value, dict)  # nested settings (publishing, billing, ...) are JSON
            else str(value)
            for name, value in fields.items()
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "filmstudio.studio", "worker"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _row(studio: Studio, job_id: str) -> Job:
    with studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        return job


def _wait_rendering(studio: Studio, job_id: str, timeout: float = 120) -> Job:
    """Wait for the worker process to be in the render (starting one imports the whole
    studio: on a loaded machine that alone took over 30 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _row(studio, job_id)
        if job.status == "processing" and job.progress >= 5:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the worker never got into the render: {_row(studio, job_id).status}")


def _nothing_served(client: TestClient, headers: dict[str, str], job_id: str, files: Path) -> None:
    for name in ("film.mp4", "thumbnail.jpg"):
        response = client.get(f"/api/v1/jobs/{job_id}/files/{name}", headers=headers)
        assert response.status_code == 409, response.text
    assert not [p for p in files.rglob("*") if job_id in str(p)]
    assert not list(files.rglob(".partial-*"))


@pytest.mark.parametrize("settings", [FAST_RECOVERY], indirect=True)
def test_killed_worker_job_is_retried_by_another(
    idle_client: TestClient, studio: Studio, settings: Settings, tmp_path: Path
) -> None:
    files = Path(settings.resolved_storage_url.removeprefix("file://"))
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    log = tmp_path / "workers.log"
    doomed = _worker(settings, log, fake_render_seconds=20)
    try:
        _wait_rendering(studio, job_id)
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
    assert _row(studio, job_id).status == "processing"  # nobody told the database
    _nothing_served(idle_client, user.headers, job_id, files)
    assert balance(idle_client, user) == 2
    scratch = settings.data_dir / "work"
    assert [p.name for p in scratch.glob(f"job-{job_id}-*")]  # the killed worker's, left behind

    rescuer = _worker(settings, log, fake_render_seconds=0.3)
    try:
        job = wait_for(idle_client, user, job_id, timeout=120)  # a new process starts
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(timeout=20)
    assert job["status"] == "completed", log.read_text()[-3000:]
    assert job["attempts"] == 2
    assert not list(scratch.glob("job-*"))  # swept by the rescuer, which removed its own too
    assert balance(idle_client, user) == 2
    assert ledger_sum(studio, user.id) == (2, 2)
    film = idle_client.get(f"/api/v1/jobs/{job_id}/files/film.mp4", headers=user.headers)
    assert film.status_code == 200 and film.content.startswith(b"fake film.mp4")
    assert not list(files.rglob(".partial-*"))


@pytest.mark.parametrize("settings", [{**FAST_RECOVERY, "job_max_attempts": 1}], indirect=True)
def test_killed_worker_on_the_last_attempt_fails_and_refunds(
    idle_client: TestClient, studio: Studio, settings: Settings, tmp_path: Path
) -> None:
    from filmstudio.studio.jobs import service as jobs

    files = Path(settings.resolved_storage_url.removeprefix("file://"))
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    doomed = _worker(settings, tmp_path / "worker.log", fake_render_seconds=20)
    try:
        _wait_rendering(studio, job_id)
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
    time.sleep(settings.stale_after_seconds + 0.3)
    jobs.recover(studio)  # what any surviving worker's sweep does
    job = wait_for(idle_client, user, job_id, timeout=5)
    assert job["status"] == "failed"
    assert "stopped unexpectedly" in job["error"]
    assert balance(idle_client, user) == 3
    assert ledger_sum(studio, user.id) == (3, 3)
    _nothing_served(idle_client, user.headers, job_id, files)
