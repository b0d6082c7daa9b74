"""The fake renderer makes the extra files a job's options ask for, under the engine's names,
so the studio lists them on the job and its project's renders and serves each one."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from filmstudio.engine.mix import STEM_NAMES
from filmstudio.studio.jobs.renderer import FakeRenderer, RenderFailed, fake_extra_names
from filmstudio.studio.jobs.schemas import OUTPUT_FILES
from tests.studio.helpers import create_project, register, wait_for

V1 = "/api/v1"


def _submit(client: TestClient, headers: dict[str, str], project: str, options: object) -> str:
    answer = client.post(
        f"{V1}/jobs/submit", json={"project_id": project, "options": options}, headers=headers
    )
    assert answer.status_code == 202, answer.text
    return str(answer.json()["id"])


def test_asked_subtitles_and_stems_are_listed_and_downloadable(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)["id"]
    languages = ["es", "fr"]
    job_id = _submit(client, user.headers, project, {"subtitles": languages, "stems": True})
    job = wait_for(client, user, job_id)
    assert job["status"] == "completed", job
    extras = {f"film.{lang}.{kind}" for lang in languages for kind in ("srt", "vtt")}
    extras |= {f"stems/{stem}.wav" for stem in STEM_NAMES}
    assert set(job["files"]) == set(OUTPUT_FILES) | extras
    for name in sorted(extras):
        got = client.get(f"{V1}/jobs/{job_id}/files/{name}", headers=user.headers)
        assert got.status_code == 200, (name, got.text)
        if name.endswith(".wav"):
            with wave.open(io.BytesIO(got.content)) as sound:
                assert sound.getnframes() > 0
        elif name.endswith(".vtt"):
            assert got.text.startswith("WEBVTT")
        else:
            assert "-->" in got.text
    renders = client.get(f"{V1}/projects/{project}/renders", headers=user.headers).json()
    listed = next(r for r in renders if r["id"] == job_id)["files"]
    assert extras <= set(listed)
    for name in sorted(extras):  # the project page's signed links serve them too
        assert client.get(listed[name]).status_code == 200, name


def test_a_job_without_options_makes_only_the_usual_files(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)["id"]
    job = wait_for(client, user, _submit(client, user.headers, project, {}))
    assert sorted(job["files"]) == sorted(OUTPUT_FILES)


def test_options_that_are_not_valid_fail_permanently(tmp_path: Path) -> None:
    assert fake_extra_names({"options": {"stems": False}}) == []
    with pytest.raises(RenderFailed) as failed:
        FakeRenderer(seconds=0).render({"options": {"subtitles": ["xx"]}}, tmp_path, _ignore)
    assert failed.value.permanent
    assert not list(tmp_path.glob("*.*"))


def _ignore(stage: str, fraction: float) -> None:
    del stage, fraction
