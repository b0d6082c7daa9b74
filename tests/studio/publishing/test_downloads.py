"""Downloads: signed and presigned links, tiers and on-demand renders, e-mailed links, and
zips streamed from storage with bounded memory."""

from __future__ import annotations

import io
import socket
import threading
import time
import tracemalloc
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.publishing import downloads
from filmstudio.studio.publishing.crypto import Signer
from filmstudio.studio.publishing.settings import PublishingSettings
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import create_project, register, set_user, submit, wait_for
from tests.studio.publishing.conftest import film_bytes, output_bytes, rendered_project

MIB = 1024 * 1024


def _path(url: str) -> str:
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def test_a_signed_link_serves_the_film_and_subtitles(client: TestClient, studio: Studio) -> None:
    user = register(client)
    film = film_bytes(300_000)
    project_id, job = rendered_project(client, studio, user, film, title="The Lighthouse")
    before = datetime.now(UTC)
    answer = client.get(f"/api/v1/downloads/{project_id}/link", headers=user.headers)
    assert answer.status_code == 200, answer.text
    link = answer.json()
    assert link["url"].startswith(studio.settings.public_url + "/api/v1/downloads/file/")
    expires = datetime.fromisoformat(link["expires_at"])
    assert before + timedelta(minutes=59) < expires <= datetime.now(UTC) + timedelta(hours=1)
    served = client.get(_path(link["url"]))  # no login: the link is the permission
    assert served.status_code == 200 and served.content == film
    assert 'filename="the-lighthouse-720p.mp4"' in served.headers["content-disposition"]
    for fmt in ("srt", "vtt"):
        sub = client.get(
            f"/api/v1/downloads/{project_id}/link", params={"format": fmt}, headers=user.headers
        ).json()
        body = client.get(_path(sub["url"])).content
        assert body == output_bytes(studio, job["id"], f"film.{fmt}")
    stranger = register(client)
    assert (
        client.get(f"/api/v1/downloads/{project_id}/link", headers=stranger.headers).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/downloads/{project_id}/link", params={"format": "gif"}, headers=user.headers
        ).status_code
        == 422
    )


def test_tampered_and_expired_links_get_403_with_a_sentence(
    client: TestClient, studio: Studio
) -> None:
    user = register(client)
    project_id, _ = rendered_project(client, studio, user, b"film")
    url = client.get(f"/api/v1/downloads/{project_id}/link", headers=user.headers).json()["url"]
    token = url.rsplit("/", 1)[1]
    body, mac = token.split(".")
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    for bad in (f"{flipped}.{mac}", f"{body}.{mac[:-3]}", body, "nonsense"):
        refused = client.get(f"/api/v1/downloads/file/{bad}")
        assert refused.status_code == 403, bad
        assert "changed or cut short" in refused.json()["detail"]
    # a genuine link whose hour is over
    found = downloads.read_link(studio, token)
    old = Signer(studio.settings.signing_key, b"filmstudio download link").sign(
        {"k": found.key, "n": found.filename}, int(time.time()) - 5
    )
    expired = client.get(f"/api/v1/downloads/file/{old}")
    assert expired.status_code == 403 and "expired on" in expired.json()["detail"]
    # a link signed with another studio's key is refused too
    foreign = Signer("another key", b"filmstudio download link").sign(
        {"k": found.key, "n": found.filename}, int(time.time()) + 60
    )
    assert client.get(f"/api/v1/downloads/file/{foreign}").status_code == 403


def test_quality_follows_the_tier_and_is_rendered_on_demand(
    client: TestClient, studio: Studio
) -> None:
    user = register(client)
    project_id, _ = rendered_project(client, studio, user, b"720p film")
    above = client.get(
        f"/api/v1/downloads/{project_id}/link", params={"quality": "1080p"}, headers=user.headers
    )
    assert above.status_code == 403 and "pro plan" in above.json()["detail"]
    unknown = client.get(
        f"/api/v1/downloads/{project_id}/link", params={"quality": "8k"}, headers=user.headers
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == ["query", "quality"]

    set_user(studio, user, tier="pro", credits=10)
    # with no quality asked for, the film that exists will do (no credit spent)
    existing = client.get(f"/api/v1/downloads/{project_id}/link", headers=user.headers)
    assert existing.status_code == 200
    assert client.get(_path(existing.json()["url"])).content == b"720p film"
    hd = {"quality": "1080p"}
    first = client.get(f"/api/v1/downloads/{project_id}/link", params=hd, headers=user.headers)
    assert first.status_code == 202, first.text  # 1080p was never made: render it now
    started = first.json()
    assert started["status"] == "rendering" and started["quality"] == "1080p"
    again = client.get(f"/api/v1/downloads/{project_id}/link", params=hd, headers=user.headers)
    assert again.status_code in (200, 202)
    if again.status_code == 202:  # the same render, not a second one
        assert again.json()["job_id"] == started["job_id"]
    job = wait_for(client, user, started["job_id"])
    assert job["status"] == "completed" and job["quality"] == "1080p"
    link = client.get(f"/api/v1/downloads/{project_id}/link", params=hd, headers=user.headers)
    assert (
        link.status_code == 200
        and "-1080p.mp4" in client.get(_path(link.json()["url"])).headers["content-disposition"]
    )
    assert client.get(_path(link.json()["url"])).content.startswith(b"fake film.mp4")
    newest = client.get(f"/api/v1/downloads/{project_id}/link", headers=user.headers)
    assert client.get(_path(newest.json()["url"])).content.startswith(b"fake film.mp4")
    old = client.get(
        f"/api/v1/downloads/{project_id}/link", params={"quality": "720p"}, headers=user.headers
    )
    assert client.get(_path(old.json()["url"])).content == b"720p film"
    jobs = client.get("/api/v1/jobs", headers=user.headers).json()
    assert jobs["total"] == 2  # one on-demand render, however often the link was asked for


def test_subtitles_need_a_finished_film(client: TestClient, studio: Studio) -> None:
    user = register(client)
    project = create_project(client, user)
    answer = client.get(
        f"/api/v1/downloads/{project['id']}/link", params={"format": "srt"}, headers=user.headers
    )
    assert answer.status_code == 409 and "render it first" in answer.json()["detail"]


def test_an_emailed_link_lasts_seven_days(
    client: TestClient, studio: Studio, outbox: OutboxMailer
) -> None:
    user = register(client)
    film = film_bytes(1000)
    project_id, _ = rendered_project(client, studio, user, film)
    outbox.outbox.clear()
    sent = client.post(
        f"/api/v1/downloads/{project_id}/email", json={"format": "mp4"}, headers=user.headers
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["sent_to"] == user.email
    expires = datetime.fromisoformat(sent.json()["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)
    mail = [m for m in outbox.outbox if m.to == user.email and "download" in m.subject.lower()]
    assert len(mail) == 1
    url = next(word for word in mail[0].text.split() if "/downloads/file/" in word)
    assert client.get(_path(url)).content == film
    token = url.rsplit("/", 1)[1]
    payload = Signer(studio.settings.signing_key, b"filmstudio download link").read(token)
    assert payload["exp"] - time.time() > 6.9 * 86400


def test_a_zip_of_several_projects(client: TestClient, studio: Studio) -> None:
    user = register(client)
    first = film_bytes(2 * MIB + 7)
    second = film_bytes(1000)
    one, job_one = rendered_project(client, studio, user, first, title="Sea")
    two, _ = rendered_project(client, studio, user, second, title="Sea")  # same title
    draft = create_project(client, user, title="Draft")
    refused = client.post(
        "/api/v1/downloads/zip", json={"project_ids": [one, draft["id"]]}, headers=user.headers
    )
    assert refused.status_code == 409 and "Draft" in refused.json()["detail"]
    assert (
        client.post(
            "/api/v1/downloads/zip", json={"project_ids": []}, headers=user.headers
        ).status_code
        == 422
    )

    answer = client.post(
        "/api/v1/downloads/zip", json={"project_ids": [one, two, one]}, headers=user.headers
    )
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == 6 and names[:3] == ["sea/film.mp4", "sea/film.srt", "sea/film.vtt"]
    assert archive.read("sea/film.mp4") == first
    assert archive.read(f"sea-{two[:8]}/film.mp4") == second
    assert archive.read("sea/film.srt") == output_bytes(studio, job_one["id"], "film.srt")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_server(studio: Studio) -> Iterator[str]:
    """The API served by uvicorn on 127.0.0.1 (TestClient buffers whole responses)."""
    port = _free_port()
    app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.05), run_worker=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.mark.parametrize("settings", [{"publishing": {"zip_chunk_bytes": MIB}}], indirect=True)
def test_a_big_zip_streams_with_bounded_memory(
    live_server: str, studio: Studio, tmp_path: Path
) -> None:
    with httpx.Client(base_url=live_server, trust_env=False, timeout=30) as http:
        email = f"zip-{uuid.uuid4().hex[:6]}@example.com"
        assert (
            http.post(
                "/api/v1/auth/register", json={"email": email, "password": "correct horse battery"}
            ).status_code
            == 201
        )
        tokens = http.post(
            "/api/v1/auth/login", json={"email": email, "password": "correct horse battery"}
        ).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        project = http.post(
            "/api/v1/projects",
            json={"title": "Big", "script": "The keeper climbed the stairs.", "duration": 30},
            headers=headers,
        ).json()
        job_id = http.post(
            "/api/v1/jobs/submit", json={"project_id": project["id"]}, headers=headers
        ).json()["id"]
        deadline = time.monotonic() + 20
        while http.get(f"/api/v1/jobs/{job_id}", headers=headers).json()["status"] != "completed":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        big = tmp_path / "big.mp4"  # 48 MiB, written without holding it in memory
        with big.open("wb") as handle:
            for index in range(48):
                handle.write(bytes([index]) * MIB)
        from filmstudio.studio.jobs.models import Job

        with studio.db.read_session() as session:
            job = session.get(Job, uuid.UUID(job_id))
            assert job is not None
            studio.storage.put_file(job.outputs["film.mp4"], big)

        tracemalloc.start()
        received, largest = 0, 0
        sink = tmp_path / "films.zip"
        with (
            http.stream(
                "POST",
                "/api/v1/downloads/zip",
                json={"project_ids": [project["id"]]},
                headers=headers,
            ) as response,
            sink.open("wb") as out,
        ):
            assert response.status_code == 200
            for chunk in response.iter_raw():
                received += len(chunk)
                largest = max(largest, len(chunk))
                out.write(chunk)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert received > 48 * MIB
    assert peak < 12 * MIB, f"peak {peak / MIB:.1f} MiB while streaming {received / MIB:.1f} MiB"
    with zipfile.ZipFile(sink) as archive:
        assert archive.testzip() is None
        with archive.open("big/film.mp4") as film:
            for index in range(48):
                assert film.read(MIB) == bytes([index]) * MIB
    print(f"zip of {received / MIB:.1f} MiB streamed, peak traced memory {peak / MIB:.2f} MiB")


def test_s3_links_are_presigned_for_an_hour_and_zips_stream_from_s3(
    make_settings: MakeSettings, s3_endpoint: str, s3_bucket: str
) -> None:
    settings = make_settings(
        storage_url=f"s3://{s3_bucket}/studio",
        s3_endpoint_url=s3_endpoint,
        publishing=PublishingSettings(zip_chunk_bytes=64 * 1024),
    )
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.05))
        with TestClient(app) as client:
            user = register(client)
            film = film_bytes(300_000)
            project_id, _ = rendered_project(client, studio, user, film)
            link = client.get(f"/api/v1/downloads/{project_id}/link", headers=user.headers)
            assert link.status_code == 200, link.text
            url = link.json()["url"]
            query = parse_qs(urlparse(url).query)
            assert url.startswith(s3_endpoint) and query["X-Amz-Expires"] == ["3600"]
            assert "X-Amz-Signature" in query
            assert httpx.get(url, trust_env=False).content == film
            # the e-mailed (studio) link redirects to a fresh presigned URL
            client.post(f"/api/v1/downloads/{project_id}/email", headers=user.headers)
            assert isinstance(studio.mailer, OutboxMailer)
            mailed = next(
                w for w in studio.mailer.outbox[-1].text.split() if "/downloads/file/" in w
            )
            redirect = client.get(_path(mailed), follow_redirects=False)
            assert redirect.status_code == 307
            assert httpx.get(redirect.headers["location"], trust_env=False).content == film
            zipped = client.post(
                "/api/v1/downloads/zip", json={"project_ids": [project_id]}, headers=user.headers
            )
            archive = zipfile.ZipFile(io.BytesIO(zipped.content))
            assert archive.read(archive.namelist()[0]) == film
    finally:
        studio.close()


def test_a_job_submitted_while_a_project_renders_is_not_a_download(
    client: TestClient, studio: Studio
) -> None:
    """Asking for a 720p link while the first 720p render is still queued joins it."""
    user = register(client)
    project = create_project(client, user)
    job = submit(client, user, project["id"])
    answer = client.get(f"/api/v1/downloads/{project['id']}/link", headers=user.headers)
    if answer.status_code == 202:
        assert answer.json()["job_id"] == job["id"]
    else:  # it finished first
        assert answer.status_code == 200
    wait_for(client, user, job["id"])
