"""Projects over the API: validation, listing, versions, soft delete, duplicate, sharing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from tests.studio.helpers import SCRIPT, create_project, register

API = "/api/v1/projects"


def test_create_and_read(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user, style="cinematic", settings={"quality": "1080p"})
    assert project["status"] == "draft" and project["version"] == 1
    assert project["access"] == "owner"
    assert project["settings"] == {"quality": "1080p", "seed": 0, "cast": {}}
    fetched = client.get(f"{API}/{project['id']}", headers=user.headers)
    assert fetched.status_code == 200
    assert fetched.json()["script"] == SCRIPT


def test_create_validates_script_duration_and_choices(client: TestClient) -> None:
    user = register(client)
    cases = [
        ({"script": "word " * 501}, "501 words; the limit is 500"),
        ({"script": "   "}, "script is empty"),
        ({"duration": 10}, "duration"),
        ({"duration": 301}, "duration"),
        ({"music": "polka"}, "Unknown music 'polka'"),
        ({"voice": "darth"}, "Unknown voice 'darth'"),
        ({"style": "cubist"}, "Unknown style 'cubist'"),
        ({"settings": {"cast": {"SARAH": "darth"}}}, "Unknown voice 'darth'"),
        ({"language": "de"}, "Unknown language 'de'"),
        ({"settings": {"quality": "8k"}}, "quality"),
        ({"settings": {"watermark": False}}, "watermark"),
        ({"title": ""}, "title"),
    ]
    for fields, words in cases:
        body = {"title": "T", "script": SCRIPT, "duration": 30, **fields}
        response = client.post(API, json=body, headers=user.headers)
        assert response.status_code == 422, (fields, response.text)
        assert words in response.json()["detail"], (fields, response.json())


def test_a_500_word_script_is_accepted(client: TestClient) -> None:
    user = register(client)
    create_project(client, user, script="word " * 500)


def test_list_is_paginated_filtered_and_fresh(client: TestClient) -> None:
    user = register(client)
    ids = [create_project(client, user, title=f"Film {i}")["id"] for i in range(5)]
    page = client.get(API, params={"page_size": 2}, headers=user.headers).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["page"] == 1
    assert page["items"][0]["id"] == ids[-1]  # newest first
    last = client.get(API, params={"page": 3, "page_size": 2}, headers=user.headers).json()
    assert [p["id"] for p in last["items"]] == [ids[0]]
    drafts = client.get(API, params={"status": "draft"}, headers=user.headers).json()
    assert drafts["total"] == 5
    done = client.get(API, params={"status": "completed"}, headers=user.headers).json()
    assert done["total"] == 0
    # the list is cached, yet a write shows at once
    create_project(client, user, title="Film 5")
    assert client.get(API, params={"page_size": 2}, headers=user.headers).json()["total"] == 6
    bad = client.get(API, params={"status": "lost"}, headers=user.headers)
    assert bad.status_code == 422
    too_big = client.get(API, params={"page_size": 1000}, headers=user.headers)
    assert too_big.status_code == 422


def test_users_only_see_their_own_projects(client: TestClient) -> None:
    ana, ben = register(client), register(client)
    project = create_project(client, ana)
    assert client.get(API, headers=ben.headers).json()["total"] == 0
    response = client.get(f"{API}/{project['id']}", headers=ben.headers)
    assert response.status_code == 404
    assert "no project with this id" in response.json()["detail"]


def test_each_change_makes_a_new_version(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}"
    changed = client.patch(url, json={"title": "Night Watch", "duration": 45}, headers=user.headers)
    assert changed.status_code == 200
    assert changed.json()["version"] == 2 and changed.json()["title"] == "Night Watch"
    same = client.patch(url, json={"title": "Night Watch"}, headers=user.headers)
    assert same.json()["version"] == 2  # nothing changed, no new version
    client.patch(url, json={"settings": {"quality": "360p", "seed": 7}}, headers=user.headers)
    versions = client.get(f"{url}/versions", headers=user.headers).json()
    assert [v["version"] for v in versions] == [3, 2, 1]
    assert versions[2]["data"]["title"] == "The Lighthouse"
    assert versions[1]["data"]["duration"] == 45
    assert versions[0]["data"]["settings"]["seed"] == 7
    invalid = client.patch(url, json={"script": "word " * 600}, headers=user.headers)
    assert invalid.status_code == 422
    null = client.patch(url, json={"title": None}, headers=user.headers)
    assert null.status_code == 400
    assert client.get(url, headers=user.headers).json()["version"] == 3


def test_soft_delete_hides_the_project(client: TestClient, studio: Studio) -> None:
    from filmstudio.studio.projects.models import Project

    user = register(client)
    project = create_project(client, user)
    assert client.delete(f"{API}/{project['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{API}/{project['id']}", headers=user.headers).status_code == 404
    assert client.get(API, headers=user.headers).json()["total"] == 0
    assert client.delete(f"{API}/{project['id']}", headers=user.headers).status_code == 404
    with studio.db.read_session() as session:
        row = session.get(Project, __import__("uuid").UUID(project["id"]))
        assert row is not None and row.deleted_at is not None


def test_duplicate_makes_an_own_draft(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user, settings={"seed": 3})
    client.patch(f"{API}/{project['id']}", json={"duration": 60}, headers=user.headers)
    copy = client.post(f"{API}/{project['id']}/duplicate", headers=user.headers)
    assert copy.status_code == 201
    body = copy.json()
    assert body["id"] != project["id"]
    assert body["title"] == "Copy of The Lighthouse"
    assert body["version"] == 1 and body["duration"] == 60 and body["settings"]["seed"] == 3


def test_sharing_view_and_edit(client: TestClient) -> None:
    owner, viewer, editor = register(client), register(client), register(client)
    project = create_project(client, owner)
    url = f"{API}/{project['id']}"
    shared = client.post(f"{url}/shares", json={"email": viewer.email}, headers=owner.headers)
    assert shared.status_code == 201 and shared.json()["permission"] == "view"
    client.post(
        f"{url}/shares", json={"email": editor.email, "permission": "edit"}, headers=owner.headers
    )
    seen = client.get(API, headers=viewer.headers).json()
    assert seen["total"] == 1 and seen["items"][0]["access"] == "view"
    assert client.get(url, headers=viewer.headers).json()["access"] == "view"
    refused = client.patch(url, json={"title": "Mine"}, headers=viewer.headers)
    assert refused.status_code == 403
    assert "view this project but not change it" in refused.json()["detail"]
    assert client.patch(url, json={"title": "Ours"}, headers=editor.headers).status_code == 200
    assert client.get(API, headers=owner.headers).json()["items"][0]["title"] == "Ours"
    assert client.get(f"{url}/shares", headers=editor.headers).status_code == 403
    assert len(client.get(f"{url}/shares", headers=owner.headers).json()) == 2
    assert client.delete(url, headers=editor.headers).status_code == 403
    unknown = client.post(
        f"{url}/shares", json={"email": "ghost@example.com"}, headers=owner.headers
    )
    assert unknown.status_code == 404
    self_share = client.post(f"{url}/shares", json={"email": owner.email}, headers=owner.headers)
    assert self_share.status_code == 400
    removed = client.delete(f"{url}/shares/{viewer.id}", headers=owner.headers)
    assert removed.status_code == 204
    assert client.get(url, headers=viewer.headers).status_code == 404
    assert client.get(API, headers=viewer.headers).json()["total"] == 0


def test_malformed_ids_are_422(client: TestClient) -> None:
    user = register(client)
    response = client.get(f"{API}/not-a-uuid", headers=user.headers)
    assert response.status_code == 422
    assert "project_id" in response.json()["detail"]
