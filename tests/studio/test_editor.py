"""The editor's endpoints: the plan's vocabulary and the free preview of an unsaved scene."""

from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient

from tests.studio.helpers import Account, balance, create_project, register

API = "/api/v1"


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


def test_the_vocabulary_is_the_plans_own_lists(client: TestClient) -> None:
    from filmstudio.engine import plan

    body = client.get(f"{API}/editor/vocabulary").json()
    assert body["actions"] == list(plan.ACTION_VERBS)
    assert body["shot_kinds"] == list(plan.SHOT_KINDS)
    assert body["camera_moves"] == list(plan.CAMERA_MOVES)
    assert body["places"] == list(plan.PLACES)
    assert body["aspects"] == ["16:9", "9:16", "1:1"]
    assert "sea" in body["places"]
    assert body["attires"] == list(plan.ATTIRES) and "formal" in body["attires"]
    assert body["passing_actions"] == list(plan.PASSING_VERBS)
    assert set(body["passing_actions"]) <= set(body["actions"])


def test_a_preview_paints_an_unsaved_edit_for_free(client: TestClient) -> None:
    user, project, plan = _project_and_plan(client)
    url = f"{API}/projects/{project['id']}/preview?scene=1"
    credits = balance(client, user)
    day = client.post(url, json=plan, headers=user.headers)
    assert day.status_code == 200, day.text
    assert day.headers["content-type"] == "image/jpeg" and _size(day.content) == (384, 216)

    setting = plan["scenes"][0]["setting"]
    other = "day" if setting["time_of_day"] != "day" else "night"
    plan["scenes"][0]["setting"] = {**setting, "time_of_day": other}
    changed = client.post(url, json=plan, headers=user.headers)
    assert changed.status_code == 200 and changed.content != day.content
    tall = client.post(url, json={**plan, "aspect": "9:16"}, headers=user.headers)
    assert _size(tall.content) == (216, 384)
    assert balance(client, user) == credits  # no credit spent
    saved = client.get(f"{API}/projects/{project['id']}", headers=user.headers).json()
    assert "plan" not in saved["settings"]  # a preview saves nothing


def test_a_preview_refuses_bad_plans_missing_scenes_and_strangers(client: TestClient) -> None:
    user, project, plan = _project_and_plan(client)
    url = f"{API}/projects/{project['id']}/preview"
    bad = client.post(f"{url}?scene=1", json={**plan, "style": "cubist"}, headers=user.headers)
    assert bad.status_code == 422 and "cubist" in bad.json()["detail"]
    missing = client.post(f"{url}?scene=99", json=plan, headers=user.headers)
    assert missing.status_code == 404 and "no scene 99" in missing.json()["detail"]
    stranger = register(client)
    assert client.post(f"{url}?scene=1", json=plan, headers=stranger.headers).status_code == 404
    assert client.post(f"{url}?scene=1", json=plan).status_code == 401


def test_every_style_has_its_own_sample_picture(client: TestClient) -> None:
    from filmstudio.engine.picture import STYLES

    pictures = set()
    for style in STYLES:
        answer = client.get(f"{API}/editor/samples/styles/{style}")
        assert answer.status_code == 200 and _size(answer.content) == (384, 216)
        pictures.add(answer.content)
    assert len(pictures) == len(STYLES)
    unknown = client.get(f"{API}/editor/samples/styles/cubist")
    assert unknown.status_code == 422 and "Unknown style 'cubist'" in unknown.json()["detail"]
