"""Publishing fixtures: the studio pointed at a fake YouTube (and token endpoint) on
127.0.0.1, on both backends (SQLite + SQLite queue, PostgreSQL + Redis)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from filmstudio.studio.publishing.settings import PublishingSettings
from filmstudio.studio.settings import Settings
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import Account, create_project, poll, submit, wait_for
from tests.studio.publishing.fake_youtube import FakeYoutube, running_fake

CHUNK = 256 * 1024


@pytest.fixture
def fake_youtube() -> Iterator[FakeYoutube]:
    with running_fake() as fake:
        yield fake


def youtube_settings(fake: FakeYoutube, **overrides: Any) -> PublishingSettings:
    fields: dict[str, Any] = {
        "youtube_client_id": fake.client_id,
        "youtube_client_secret": fake.client_secret,
        "youtube_auth_url": f"{fake.url}/o/oauth2/v2/auth",
        "youtube_token_url": f"{fake.url}/token",
        "youtube_api_url": f"{fake.url}/",
        "youtube_chunk_bytes": CHUNK,
        "youtube_timeout_seconds": 5,
        "youtube_retry_delay_seconds": 0.2,
        "youtube_chunk_backoff_seconds": 0.01,
        **overrides,
    }
    return PublishingSettings(**fields)


@pytest.fixture
def settings(
    make_settings: MakeSettings, fake_youtube: FakeYoutube, request: pytest.FixtureRequest
) -> Settings:
    """Settings with YouTube configured against the fake; ``parametrize("settings",
    [{"publishing": {...}}], indirect=True)`` overrides publishing fields."""
    param = dict(getattr(request, "param", {}))
    publishing = youtube_settings(fake_youtube, **param.pop("publishing", {}))
    return make_settings(publishing=publishing, **param)


def connect(client: TestClient, account: Account, fake: FakeYoutube) -> dict[str, Any]:
    """Connect the account's channel the way a browser would: consent URL, code, callback."""
    started = client.post("/api/v1/youtube/connect", headers=account.headers)
    assert started.status_code == 200, started.text
    query = parse_qs(urlparse(started.json()["authorization_url"]).query)
    code = fake.authorize(query["redirect_uri"][0])
    answer = client.get(
        "/api/v1/youtube/callback", params={"code": code, "state": query["state"][0]}
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def rendered_project(
    client: TestClient, studio: Studio, account: Account, film: bytes, **fields: Any
) -> tuple[str, dict[str, Any]]:
    """A project with a completed render whose film.mp4 is `film` (the fake renderer makes
    tiny files; the test puts the bytes it wants to see arrive in storage)."""
    project = create_project(client, account, **fields)
    job = wait_for(client, account, submit(client, account, project["id"])["id"])
    assert job["status"] == "completed", job
    put_output(studio, job["id"], "film.mp4", film)
    return project["id"], job


def put_output(studio: Studio, job_id: str, name: str, data: bytes) -> None:
    from filmstudio.studio.jobs.models import Job

    with studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        key = job.outputs[name]
    source = studio.settings.data_dir / f"upload-{uuid.uuid4().hex}"
    source.write_bytes(data)
    studio.storage.put_file(key, source)
    source.unlink()


def output_bytes(studio: Studio, job_id: str, name: str) -> bytes:
    from filmstudio.studio.jobs.models import Job

    with studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        key = job.outputs[name]
    return b"".join(studio.storage.iter_chunks(key, 1 << 20))


def wait_upload(
    client: TestClient,
    account: Account,
    upload_id: str,
    states: tuple[str, ...] = (
        "completed",
        "failed",
        "quota_exceeded",
        "reauth_required",
        "network_error",
    ),
    timeout: float = 30.0,
) -> dict[str, Any]:
    return poll(client, account, f"/api/v1/youtube/uploads/{upload_id}", states, timeout)


def film_bytes(size: int) -> bytes:
    return os.urandom(size)
