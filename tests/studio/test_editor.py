"""The editor's endpoints: the plan's vocabulary and the free preview of an unsaved scene."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.projects import editor
from tests.studio.helpers import Account, balance, create_project, register

API = "/api/v1"


@pytest.fixture
def app_client(client: TestClient) -> Iterator[TestClient]:
    """The studio with the editor's router (added here until app.py includes it)."""
    app: Any = client.app
    if not any(getattr(r, "path", "") == f"{API}/editor/vocabulary" for r in app.routes):
        app.include_router(editor.router, prefix=API)
    yield client


def _size(jpeg: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as picture:
        assert picture.format == "JPEG"
        return picture.size


def _project_and_plan(client: TestClient) -> tuple[Account, dict[str, Any], dict[str, Any]]:
    """A new user's project and its draft storyboard plan."""
    user = register(client)
    project = create_project(client, user)
    board = client.get(f"{API}/projects/{project['id']}/plan", headers=user.headers).json()
    return user, project, board["plan"]


def test_the_vocabulary_is_the_plans_own_lists(app_client: TestClient) -> None:
    from filmstudio.engine import plan

    body = app_client.get(f"{API}/editor/vocabulary").json()
    assert body["actions"] == list(plan.ACTION_VERBS)
    assert body["shot_kinds"] == list(plan.SHOT_KINDS)
    assert body["camera_moves"] == list(plan.CAMERA_MOVES)
    assert body["places"] == list(plan.PLACES)
    assert body["aspects"] == ["16:9", "9:16", "1:1"]


def test_a_preview_paints_an_unsaved_edit_for_free(app_client: TestClient) -> None:
    user, project, plan = _project_and_plan(app_client)
    url = f"{API}/projects/{project['id']}/preview?scene=1"
    credits = balance(app_client, user)
    day = app_client.post(url, json=plan, headers=user.headers)
    assert day.status_code == 200, day.text
    assert day.headers["content-type"] == "image/jpeg" and _size(day.content) == (384, 216)

    setting = plan["scenes"][0]["setting"]
    other = "day" if setting["time_of_day"] != "day" else "night"
    plan["scenes"][0]["setting"] = {**setting, "time_of_day": other}
    changed = app_client.post(url, json=plan, headers=user.headers)
    assert changed.status_code == 200 and changed.content != day.content
    tall = app_client.post(url, json={**plan, "aspect": "9:16"}, headers=user.headers)
    assert _size(tall.content) == (216, 384)
    assert balance(app_client, user) == credits  # no credit spent
    saved = app_client.get(f"{API}/projects/{project['id']}", headers=user.headers).json()
    assert "plan" not in saved["settings"]  # a preview saves nothing


def test_a_preview_refuses_bad_plans_missing_scenes_and_strangers(app_client: TestClient) -> None:
    user, project, plan = _project_and_plan(app_client)
    url = f"{API}/projects/{project['id']}/preview"
    bad = app_client.post(f"{url}?scene=1", json={**plan, "style": "cubist"}, headers=user.headers)
    assert bad.status_code == 422 and "cubist" in bad.json()["detail"]
    missing = app_client.post(f"{url}?scene=99", json=plan, headers=user.headers)
    assert missing.status_code == 404 and "no scene 99" in missing.json()["detail"]
    stranger = register(app_client)
    assert app_client.post(f"{url}?scene=1", json=plan, headers=stranger.headers).status_code == 404
    assert app_client.post(f"{url}?scene=1", json=plan).status_code == 401


def test_every_style_has_its_own_sample_picture(app_client: TestClient) -> None:
    from filmstudio.engine.picture import STYLES

    pictures = set()
    for style in STYLES:
        answer = app_client.get(f"{API}/editor/samples/styles/{style}")
        assert answer.status_code == 200 and _size(answer.content) == (384, 216)
        pictures.add(answer.content)
    assert len(pictures) == len(STYLES)
    unknown = app_client.get(f"{API}/editor/samples/styles/cubist")
    assert unknown.status_code == 422 and "Unknown style 'cubist'" in unknown.json()["detail"]
