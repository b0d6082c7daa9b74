"""The whole loop on each backend: register, create a project, render it, fetch the film."""

from __future__ import annotations

from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from tests.studio.helpers import balance, create_project, ledger_sum, register, submit, wait_for


def test_register_create_render_download(client: TestClient, studio: Studio) -> None:
    user = register(client)
    assert balance(client, user) == 3
    project = create_project(client, user)
    queued = submit(client, user, project["id"])
    assert queued["status"] == "queued"
    job = wait_for(client, user, queued["id"])
    assert job["status"] == "completed", job
    assert job["progress"] == 100
    assert balance(client, user) == 2
    assert ledger_sum(studio, user.id) == (2, 2)
    film = client.get(f"/api/v1/jobs/{job['id']}/files/film.mp4", headers=user.headers)
    assert film.status_code == 200
    assert film.content.startswith(b"fake film.mp4")
