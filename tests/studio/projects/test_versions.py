"""Versions over the API: a name, a comparison scene by scene and line by line, a restore."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.studio.helpers import SCRIPT, Account, create_project, register

API = "/api/v1/projects"


def _plan(client: TestClient, user: Account, project_id: str) -> dict[str, Any]:
    response = client.get(f"{API}/{project_id}/plan", headers=user.headers)
    assert response.status_code == 200, response.text
    plan: dict[str, Any] = response.json()["plan"]
    return plan


def _save(client: TestClient, user: Account, project_id: str, plan: dict[str, Any]) -> None:
    response = client.put(f"{API}/{project_id}/plan", json=plan, headers=user.headers)
    assert response.status_code == 200, response.text


def test_a_version_is_named_and_renamed_without_a_new_version(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}/versions/1"
    named = client.patch(url, json={"name": "  First cut  "}, headers=user.headers)
    assert named.status_code == 200 and named.json()["name"] == "First cut"
    listed = client.get(f"{API}/{project['id']}/versions", headers=user.headers).json()
    assert [(v["version"], v["name"]) for v in listed] == [(1, "First cut")]
    cleared = client.patch(url, json={"name": " "}, headers=user.headers)
    assert cleared.json()["name"] is None
    assert client.get(f"{API}/{project['id']}", headers=user.headers).json()["version"] == 1
    missing = client.patch(
        f"{API}/{project['id']}/versions/9", json={"name": "x"}, headers=user.headers
    )
    assert missing.status_code == 404


def test_a_viewer_cannot_name_a_version(client: TestClient) -> None:
    owner, viewer = register(client), register(client)
    project = create_project(client, owner)
    shared = client.post(
        f"{API}/{project['id']}/shares", json={"email": viewer.email}, headers=owner.headers
    )
    assert shared.status_code == 202
    url = f"{API}/{project['id']}/versions/1"
    assert client.patch(url, json={"name": "mine"}, headers=viewer.headers).status_code == 403
    stranger = register(client)
    assert client.patch(url, json={"name": "x"}, headers=stranger.headers).status_code == 404


def test_compare_tells_fields_settings_scenes_and_lines(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    pid = project["id"]
    plan = _plan(client, user, pid)
    first_line = plan["scenes"][0]["dialogue"][0]["text"]
    plan["scenes"][0]["dialogue"][0]["text"] = "A new first line."
    plan["scenes"][0]["mood"] = "joyful" if plan["scenes"][0]["mood"] != "joyful" else "tense"
    plan["aspect"] = "9:16"
    _save(client, user, pid, plan)  # version 2
    changed = client.patch(
        f"{API}/{pid}", json={"title": "The New Lighthouse", "settings": {"seed": 7}},
        headers=user.headers,
    )  # fmt: skip
    assert changed.json()["version"] == 3
    diff = client.get(
        f"{API}/{pid}/versions/compare", params={"before": 1, "after": 3}, headers=user.headers
    )
    assert diff.status_code == 200, diff.text
    body = diff.json()
    assert (body["before"]["version"], body["after"]["version"]) == (1, 3)
    assert {c["field"]: (c["before"], c["after"]) for c in body["fields"]} == {
        "title": ("The Lighthouse", "The New Lighthouse")
    }
    assert {c["field"]: c["after"] for c in body["settings"]} == {"seed": 7}
    assert {c["field"] for c in body["storyboard"]} >= {"aspect"}
    [scene] = [s for s in body["scenes"] if s["scene"] == 1]
    assert scene["status"] == "changed"
    assert "mood" in {c["field"] for c in scene["fields"]}
    [line] = scene["lines"]
    assert line["line"] == 1
    assert line["before"]["text"] == first_line and line["after"]["text"] == "A new first line."
    same = client.get(
        f"{API}/{pid}/versions/compare", params={"before": 2, "after": 2}, headers=user.headers
    ).json()
    assert same["fields"] == same["settings"] == same["storyboard"] == same["scenes"] == []


def test_compare_counts_added_and_removed_scenes(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    pid = project["id"]
    plan = _plan(client, user, pid)
    count = len(plan["scenes"])
    extra = {**plan["scenes"][-1], "scene_number": count + 1, "shots": []}
    extra["dialogue"] = [{"speaker": "NARRATOR", "text": "And the sea was calm again."}]
    _save(client, user, pid, {**plan, "scenes": [*plan["scenes"], extra]})
    diff = client.get(
        f"{API}/{pid}/versions/compare", params={"before": 1, "after": 2}, headers=user.headers
    ).json()
    assert [(s["scene"], s["status"]) for s in diff["scenes"]] == [(count + 1, "added")]
    assert diff["scenes"][0]["lines"][0]["after"]["text"] == "And the sea was calm again."
    back = client.get(
        f"{API}/{pid}/versions/compare", params={"before": 2, "after": 1}, headers=user.headers
    ).json()
    assert [(s["scene"], s["status"]) for s in back["scenes"]] == [(count + 1, "removed")]


def test_restore_makes_an_old_version_current_as_a_new_one(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user, title="Before")
    pid = project["id"]
    plan = _plan(client, user, pid)
    plan["scenes"][0]["dialogue"][0]["text"] = "An edited line."
    _save(client, user, pid, plan)  # version 2: an edited storyboard
    client.patch(f"{API}/{pid}", json={"title": "After", "script": SCRIPT + " The end."},
                 headers=user.headers)  # fmt: skip
    restored = client.post(f"{API}/{pid}/versions/2/restore", headers=user.headers)
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert body["version"] == 4 and body["title"] == "Before" and body["script"] == SCRIPT
    board = client.get(f"{API}/{pid}/plan", headers=user.headers).json()
    assert board["source"] == "edited"
    assert board["plan"]["scenes"][0]["dialogue"][0]["text"] == "An edited line."
    again = client.post(f"{API}/{pid}/versions/1/restore", headers=user.headers).json()
    assert again["version"] == 5
    assert client.get(f"{API}/{pid}/plan", headers=user.headers).json()["source"] == "draft"
    versions = client.get(f"{API}/{pid}/versions", headers=user.headers).json()
    assert [v["version"] for v in versions] == [5, 4, 3, 2, 1]  # nothing was lost


def test_restoring_the_current_state_saves_nothing(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    same = client.post(f"{API}/{project['id']}/versions/1/restore", headers=user.headers)
    assert same.status_code == 200 and same.json()["version"] == 1
