"""Reference images in the storyboard: named by storage key, never by a job's scratch path.

The bug (issue 15): a film's plan.json names each scene's image by the path the job fetched it
to (work/job-*/references/NN-<id>.png); the storyboard showed that plan, saving an edit kept
the path, and the next render failed on a file that no longer existed.
"""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.renderer import FakeRenderer, Progress, film_source
from filmstudio.studio.projects import images
from tests.studio.helpers import Account, create_project, register, submit, wait_for

API = "/api/v1/projects"


def _png(colour: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), colour).save(out, "PNG")
    return out.getvalue()


def _upload(client: TestClient, user: Account, project_id: str, name: str) -> dict[str, Any]:
    sent = client.post(
        f"{API}/{project_id}/images",
        files={"file": (name, _png(), "image/png")},
        headers=user.headers,
    )
    assert sent.status_code == 201, sent.text
    result: dict[str, Any] = sent.json()
    return result


def _keys(studio: Studio, project_id: str) -> list[str]:
    from filmstudio.studio.projects.models import Project

    with studio.db.read_session() as session:
        project = session.get(Project, uuid.UUID(project_id))
        assert project is not None
        return images.stored_keys(project.settings)


def _film_plan_with_scratch_paths(studio: Studio, job_id: str, keys: list[str]) -> None:
    """What a real render leaves: plan.json naming the job's fetched copies of the images."""
    from filmstudio.engine.plan import FilmPlan
    from filmstudio.studio.jobs.models import Job

    scratch = studio.settings.data_dir / "work" / f"job-{job_id}-x1" / "references"
    scenes = [
        {
            "scene_number": n + 1,
            "dialogue": [{"text": f"Line {n + 1}."}],
            "image": str(scratch / f"{n:02d}-{Path(key).name}"),
        }
        for n, key in enumerate(keys)
    ]
    plan = FilmPlan.model_validate({"title": "Filmed", "scenes": scenes})
    with studio.db.read_session() as session:
        row = session.get(Job, uuid.UUID(job_id))
        assert row is not None
        key = str(row.outputs["plan.json"])
    path = studio.storage.local_path(key)
    assert path is not None
    path.write_text(json.dumps(plan.model_dump(mode="json")))


def test_a_films_plan_names_images_by_storage_key_and_saves_again(
    client: TestClient, studio: Studio
) -> None:
    user = register(client)
    project = create_project(client, user)
    for name in ("harbour.png", "storm.png"):
        _upload(client, user, project["id"], name)
    keys = _keys(studio, project["id"])
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert job["status"] == "completed"
    _film_plan_with_scratch_paths(studio, job["id"], keys)

    url = f"{API}/{project['id']}/plan"
    board = client.get(url, headers=user.headers).json()
    assert board["source"] == "film"
    assert [s["image"] for s in board["plan"]["scenes"]] == keys  # no scratch path is shown

    board["plan"]["scenes"][0]["mood"] = "joyful"
    saved = client.put(url, json=board["plan"], headers=user.headers)
    assert saved.status_code == 200, saved.text
    stored = client.get(f"{API}/{project['id']}", headers=user.headers).json()
    assert [s["image"] for s in stored["settings"]["plan"]["scenes"]] == keys

    picture = client.get(saved.json()["pictures"]["1"])  # the user's own image, graded
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"


def test_a_scene_cannot_name_a_file_that_is_not_the_projects(
    client: TestClient, studio: Studio
) -> None:
    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}/plan"
    plan = client.get(url, headers=user.headers).json()["plan"]
    plan["scenes"][0]["image"] = "/etc/passwd"
    refused = client.put(url, json=plan, headers=user.headers)
    assert refused.status_code == 422
    assert "not one of this project's reference images" in refused.json()["detail"]

    other = create_project(client, user)
    foreign = _upload(client, user, other["id"], "elsewhere.png")
    plan["scenes"][0]["image"] = _keys(studio, other["id"])[0]
    assert client.put(url, json=plan, headers=user.headers).status_code == 422
    assert foreign["id"]


def test_deleting_an_image_takes_it_off_the_storyboard(client: TestClient, studio: Studio) -> None:
    user = register(client)
    project = create_project(client, user)
    image = _upload(client, user, project["id"], "harbour.png")
    url = f"{API}/{project['id']}/plan"
    draft = client.get(url, headers=user.headers).json()
    assert draft["plan"]["scenes"][0]["image"] == _keys(studio, project["id"])[0]
    assert client.put(url, json=draft["plan"], headers=user.headers).status_code == 200
    gone = client.delete(f"{API}/{project['id']}/images/{image['id']}", headers=user.headers)
    assert gone.status_code == 204
    stored = client.get(f"{API}/{project['id']}", headers=user.headers).json()
    assert all(s["image"] is None for s in stored["settings"]["plan"]["scenes"])


def test_plan_with_files_gives_the_engine_the_jobs_own_copies(tmp_path: Path) -> None:
    keys = ["users/u/projects/p/references/a1.png", "users/u/projects/p/references/b2.jpg"]
    files = {keys[0]: str(tmp_path / "00-a1.png")}
    plan = {
        "scenes": [
            {"scene_number": 1, "image": keys[0]},
            {"scene_number": 2, "image": keys[1]},  # deleted since: not fetched
            {"scene_number": 3, "image": None},
            {"scene_number": 4, "image": "/old/work/job-9/references/00-a1.png"},  # older save
        ]
    }
    local = images.plan_with_files(plan, files)
    assert [s["image"] for s in local["scenes"]] == [files[keys[0]], None, None, files[keys[0]]]
    assert plan["scenes"][0]["image"] == keys[0]  # plans are values: the input is unchanged


class _SeesImages(FakeRenderer):
    """Records, for each render, whether every scene image of the plan is a readable file."""

    def __init__(self) -> None:
        super().__init__(seconds=0.05)
        self.seen: list[list[bool]] = []

    def render(self, request: dict[str, Any], out_dir: Path, progress: Progress) -> dict[str, Path]:
        if "plan" in request:
            plan = film_source(request)
            self.seen.append([Path(s.image).is_file() for s in plan.scenes if s.image])
        return super().render(request, out_dir, progress)


def test_a_rerender_of_an_edited_plan_finds_every_reference_image(
    client: TestClient, studio: Studio, renderer: _SeesImages
) -> None:
    user = register(client)
    project = create_project(client, user)
    _upload(client, user, project["id"], "harbour.png")
    url = f"{API}/{project['id']}/plan"
    draft = client.get(url, headers=user.headers).json()["plan"]
    assert client.put(url, json=draft, headers=user.headers).status_code == 200
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert job["status"] == "completed", job
    assert renderer.seen == [[True]]


@pytest.fixture
def renderer() -> _SeesImages:
    return _SeesImages()
