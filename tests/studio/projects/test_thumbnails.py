"""Project cards and render lists carry the film's thumbnail; none before the first film."""

from __future__ import annotations

import httpx
from fastapi.testclient import TestClient

from tests.studio.helpers import create_project, register, submit, wait_for

API = "/api/v1/projects"


def _fetch(client: TestClient, url: str) -> httpx.Response:
    return client.get(url) if url.startswith("/") else httpx.get(url, trust_env=False)


def test_a_project_has_no_thumbnail_until_its_first_film(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    assert project["thumbnail_url"] is None
    listed = client.get(API, headers=user.headers).json()["items"]
    assert [p["thumbnail_url"] for p in listed] == [None]
    job = submit(client, user, project["id"])
    assert wait_for(client, user, job["id"])["status"] == "completed"

    card = client.get(API, headers=user.headers).json()["items"][0]
    assert card["thumbnail_url"]
    picture = _fetch(client, card["thumbnail_url"])
    assert picture.status_code == 200 and len(picture.content) > 0
    one = client.get(f"{API}/{project['id']}", headers=user.headers).json()
    assert one["thumbnail_url"] and "thumbnail.jpg" in one["thumbnail_url"]
    [render] = client.get(f"{API}/{project['id']}/renders", headers=user.headers).json()
    assert render["thumbnail_url"] and "thumbnail.jpg" in render["thumbnail_url"]
    assert render["files"]["thumbnail.jpg"]


def test_the_card_shows_the_newest_film(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    for _ in range(2):
        job = submit(client, user, project["id"])
        wait_for(client, user, job["id"])
    renders = client.get(f"{API}/{project['id']}/renders", headers=user.headers).json()
    newest = renders[0]["thumbnail_url"].split("?")[1].split("&")[0]  # the storage key part
    card = client.get(API, headers=user.headers).json()["items"][0]
    assert card["thumbnail_url"].split("?")[1].split("&")[0] == newest
    older = renders[1]["thumbnail_url"].split("?")[1].split("&")[0]
    assert older != newest
