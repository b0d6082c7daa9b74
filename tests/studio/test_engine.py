"""One real film through the studio: the real engine (fake voice and music, 360p, 30 s)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import build_studio
from filmstudio.studio.jobs.renderer import EngineRenderer
from filmstudio.studio.notify import OutboxMailer
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import SCRIPT, create_project, register, submit, wait_for


@pytest.fixture
def engine_client(make_settings: MakeSettings) -> Iterator[TestClient]:
    try:
        import filmstudio.engine.film  # noqa: F401
    except ImportError as error:  # the engine is being finished by others
        pytest.skip(f"the engine does not import yet: {error}")
    studio = build_studio(make_settings(renderer="engine"), mailer=OutboxMailer())
    renderer = EngineRenderer(planner="rules", voice="fake", music="fake")
    try:
        with TestClient(create_app(studio=studio, renderer=renderer)) as client:
            yield client
    finally:
        studio.close()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])  # one real render is enough
def test_a_real_film(engine_client: TestClient) -> None:
    user = register(engine_client)
    project = create_project(
        engine_client, user, script=SCRIPT, duration=30, settings={"quality": "360p"}
    )
    job = wait_for(
        engine_client, user, submit(engine_client, user, project["id"])["id"], timeout=180
    )
    assert job["status"] == "completed", job
    film = engine_client.get(f"/api/v1/jobs/{job['id']}/files/film.mp4", headers=user.headers)
    assert film.status_code == 200 and len(film.content) > 10_000
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=width,height",
            "-of",
            "default=noprint_wrappers=1",
            "-",
        ],
        input=film.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "width=640" in probe and "height=360" in probe
    duration = float(probe.split("duration=")[1].split()[0])
    assert 27 <= duration <= 33
