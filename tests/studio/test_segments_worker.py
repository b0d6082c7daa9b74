"""A killed worker leaves nothing behind: no encoder writing on, no scratch folder kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from filmstudio.studio.context import Studio
from filmstudio.studio.jobs import service
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.jobs.worker import (
    HELPERS,
    HOLD_FILE,
    HelpRunner,
    JobRunner,
    held_folder,
    sweep_scratch,
)
from filmstudio.studio.queue import SEGMENT_TASK
from tests.studio.helpers import create_project, register, submit


def _gone(pid: int) -> bool:
    """Ended (or a zombie nobody reaped yet: it runs no more)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_the_sweep_removes_only_scratch_that_no_live_worker_holds(tmp_path: Path) -> None:
    scratch = tmp_path / "work"
    with held_folder(scratch, "job-live-") as live:
        dead = scratch / "job-dead-1"
        dead.mkdir()
        (dead / HOLD_FILE).touch()  # its worker was killed: the lock went with it
        (dead / "picture.mp4").write_bytes(b"half")
        fresh = scratch / "job-new-1"
        fresh.mkdir()  # no hold file yet: being made, left alone for a minute
        other = scratch / "keep-me"
        other.mkdir()
        assert sweep_scratch(scratch) == 1
        assert live.is_dir() and fresh.is_dir() and other.is_dir() and not dead.exists()
    assert not live.exists()  # the holder removes its own folder


def test_a_child_of_a_killed_worker_dies_with_it(tmp_path: Path) -> None:
    code = (
        "import subprocess, sys, time\n"
        "from filmstudio.engine.render.ffmpeg import child_options\n"
        "child = subprocess.Popen(['sleep', '120'], **child_options())\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    worker = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert worker.stdout is not None
    child = int(worker.stdout.readline())
    assert not _gone(child)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 5
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert _gone(child), "the child outlived its worker"
    finally:
        if not _gone(child):
            os.kill(child, signal.SIGKILL)


class HelpfulRenderer(FakeRenderer):
    """A fake renderer whose workers can also help: helping reports progress until stopped."""

    def __init__(self) -> None:
        super().__init__(seconds=0.3)
        self.helped: list[str] = []

    def help_render(self, request: dict[str, Any], scratch: Path, progress: Any) -> int:
        self.helped.append(str(request.get("title")))
        assert scratch.is_dir()
        for step in range(400):  # 20 s unless stopped
            time.sleep(0.05)
            progress("render", step / 400)
        return 1


def _claimed(client: TestClient, studio: Studio) -> service.Claim:
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    claim = service.claim(studio, uuid.UUID(job_id))
    assert claim is not None
    return claim


def test_the_jobs_worker_calls_for_help_when_its_segments_start(
    idle_client: TestClient, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, uuid.UUID]] = []
    monkeypatch.setattr(studio.queue, "send", lambda task, row, *a, **k: sent.append((task, row)))
    user = register(idle_client)
    job_id = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    JobRunner(studio, HelpfulRenderer()).run(uuid.UUID(job_id))
    calls = [row for task, row in sent if task == SEGMENT_TASK]
    assert calls == [uuid.UUID(job_id)] * HELPERS
    sent.clear()
    user = register(idle_client)
    other = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    JobRunner(studio, FakeRenderer(seconds=0.3)).run(uuid.UUID(other))
    assert [task for task, _ in sent if task == SEGMENT_TASK] == []  # it cannot share


def test_a_call_for_help_with_a_job_not_rendering_is_dropped(
    idle_client: TestClient, studio: Studio
) -> None:
    renderer = HelpfulRenderer()
    runner = HelpRunner(studio, JobRunner(studio, renderer))
    user = register(idle_client)
    queued = submit(idle_client, user, create_project(idle_client, user)["id"])["id"]
    runner(queued)  # not started yet
    runner(str(uuid.uuid4()))  # no such job
    assert renderer.helped == []


def test_cancel_stops_every_helper(idle_client: TestClient, studio: Studio) -> None:
    renderer = HelpfulRenderer()
    claim = _claimed(idle_client, studio)
    runner = HelpRunner(studio, JobRunner(studio, renderer))
    helpers = [threading.Thread(target=runner, args=(str(claim.job_id),)) for _ in range(2)]
    for helper in helpers:
        helper.start()
    time.sleep(0.5)
    with studio.db.transaction() as session:
        session.execute(update(Job).where(Job.id == claim.job_id).values(cancel_requested=True))
    started = time.monotonic()
    for helper in helpers:
        helper.join(timeout=10)
    assert not any(helper.is_alive() for helper in helpers)
    assert time.monotonic() - started < studio.settings.heartbeat_seconds + 3
    assert len(renderer.helped) == 2
    assert not list((studio.settings.data_dir / "work").glob("job-*"))
