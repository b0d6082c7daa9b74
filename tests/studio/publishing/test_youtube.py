"""YouTube publishing end to end: the real google-api-python-client and google-auth against
a fake YouTube and token endpoint on 127.0.0.1 that checks every request."""

from __future__ import annotations

import math
import time
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.publishing.crypto import TokenBox
from filmstudio.studio.publishing.models import YoutubeIntegration, YoutubeUpload
from filmstudio.studio.publishing.settings import PublishingSettings
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import Account, register
from tests.studio.publishing.conftest import (
    CHUNK,
    connect,
    film_bytes,
    output_bytes,
    rendered_project,
    wait_upload,
)
from tests.studio.publishing.fake_youtube import SCOPES, FakeYoutube

SIZE = 4 * CHUNK + 12345  # five chunks, the last one short


def _integration(studio: Studio, user_id: uuid.UUID) -> YoutubeIntegration:
    with studio.db.read_session() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user_id)
        )
        assert row is not None
        return row


def _upload(client: TestClient, headers: dict[str, str], **body: object) -> dict[str, object]:
    response = client.post("/api/v1/youtube/upload", json=body, headers=headers)
    assert response.status_code == 202, response.text
    result: dict[str, object] = response.json()
    return result


def _ready(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube, size: int
) -> tuple[Account, bytes, str]:
    """A user with a connected channel and a rendered project whose film has `size` bytes:
    (the user, the film, the project id)."""
    user = register(client)
    connect(client, user, fake_youtube)
    film = film_bytes(size)
    project_id, _ = rendered_project(client, studio, user, film)
    return user, film, project_id


def _retried(client: TestClient, user: Account, upload: dict[str, object]) -> dict[str, Any]:
    """Ask for the upload again and wait until it ends."""
    response = client.post(f"/api/v1/youtube/uploads/{upload['id']}/retry", headers=user.headers)
    assert response.status_code == 202, response.text
    return wait_upload(client, user, str(upload["id"]))


def test_switched_off_when_not_configured(make_settings: MakeSettings) -> None:
    studio = build_studio(
        make_settings(publishing=PublishingSettings(youtube_client_id=None)),
        mailer=OutboxMailer(),
    )
    try:
        with TestClient(create_app(studio=studio, run_worker=False)) as client:
            user = register(client)
            for method, path in (
                ("post", "/api/v1/youtube/connect"),
                ("get", "/api/v1/youtube/playlists"),
            ):
                response = client.request(method, path, headers=user.headers)
                assert response.status_code == 501
                assert "not configured" in response.json()["detail"]
    finally:
        studio.close()


def test_connect_stores_the_tokens_encrypted(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user = register(client)
    started = client.post("/api/v1/youtube/connect", headers=user.headers).json()
    url = urlparse(started["authorization_url"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}" == fake_youtube.url
    assert set(query["scope"][0].split()) == set(SCOPES.split())
    assert query["access_type"] == ["offline"] and query["response_type"] == ["code"]
    assert query["client_id"] == [fake_youtube.client_id]
    redirect = query["redirect_uri"][0]
    assert redirect == studio.settings.public_url + "/api/v1/youtube/callback"

    # a changed state, a refusal and a wrong code are each refused with a sentence
    code = fake_youtube.authorize(redirect)
    bad = client.get(
        "/api/v1/youtube/callback", params={"code": code, "state": "x" + started["state"]}
    )
    assert bad.status_code == 400 and "start again" in bad.json()["detail"]
    denied = client.get(
        "/api/v1/youtube/callback", params={"error": "access_denied", "state": started["state"]}
    )
    assert denied.status_code == 400 and "not granted" in denied.json()["detail"]
    wrong = client.get(
        "/api/v1/youtube/callback", params={"code": "made-up", "state": started["state"]}
    )
    assert wrong.status_code == 400 and "invalid_grant" in wrong.json()["detail"]

    connected = connect(client, user, fake_youtube)
    assert connected["connected"] is True
    assert connected["channel_id"] == fake_youtube.channel_id
    assert connected["channel_title"] == fake_youtube.channel_title
    exchange = fake_youtube.token_requests[-1]
    assert exchange["grant_type"] == "authorization_code" and exchange["redirect_uri"] == redirect

    row = _integration(studio, user.id)
    box = TokenBox(studio.settings.signing_key)
    assert row.access_token is not None and row.refresh_token is not None
    access, refresh = box.open(row.access_token), box.open(row.refresh_token)
    assert access in fake_youtube.access_tokens and refresh in fake_youtube.refresh_tokens
    assert access not in row.access_token and refresh is not None
    assert refresh not in row.refresh_token
    assert TokenBox("another signing key").open(row.access_token) is None
    assert client.get("/api/v1/youtube/connection", headers=user.headers).json()["connected"]


def test_an_expired_token_is_refreshed_and_stored(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user = register(client)
    connect(client, user, fake_youtube)
    old = TokenBox(studio.settings.signing_key).open(_integration(studio, user.id).access_token)
    with studio.db.transaction() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user.id)
        )
        assert row is not None
        row.token_expires_at = utcnow() - timedelta(minutes=5)
    fake_youtube.expire_access_tokens()

    response = client.get("/api/v1/youtube/playlists", headers=user.headers)
    assert response.status_code == 200, response.text
    assert fake_youtube.token_requests[-1]["grant_type"] == "refresh_token"
    row = _integration(studio, user.id)
    new = TokenBox(studio.settings.signing_key).open(row.access_token)
    assert new != old and new in fake_youtube.access_tokens
    assert row.token_expires_at is not None and row.token_expires_at > utcnow()
    assert fake_youtube.problems == []


def test_a_film_goes_up_in_chunks_byte_exact_with_thumbnail_and_playlist(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user = register(client)
    connect(client, user, fake_youtube)
    film = film_bytes(SIZE)
    project_id, job = rendered_project(client, studio, user, film)
    playlist = client.post(
        "/api/v1/youtube/playlists",
        json={"title": "Sea stories", "privacy": "unlisted"},
        headers=user.headers,
    )
    assert playlist.status_code == 201, playlist.text
    fake_youtube.put_delay = 0.25  # slow enough to watch the percent move

    upload = _upload(
        client,
        user.headers,
        project_id=project_id,
        title="The Lighthouse",
        description="A keeper and a storm.",
        tags=["short film", "lighthouse"],
        privacy="unlisted",
        made_for_kids=True,
        playlist_id=playlist.json()["id"],
        thumbnail="thumbnail-2.jpg",
    )
    assert upload["status"] == "queued" and upload["job_id"] == job["id"]
    seen: set[int] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = client.get(f"/api/v1/youtube/status/{upload['id']}", headers=user.headers).json()
        seen.add(state["upload"]["progress"])
        if state["upload"]["status"] == "completed":
            break
        time.sleep(0.05)
    done = wait_upload(client, user, str(upload["id"]))
    assert done["status"] == "completed", done
    assert done["progress"] == 100 and done["bytes_sent"] == done["total_bytes"] == SIZE
    assert any(0 < p < 100 for p in seen), seen  # progress was visible while it ran

    video_id = done["youtube_video_id"]
    video = fake_youtube.videos[video_id]
    assert video["data"] == film  # reassembled byte-exact
    session = next(s for s in fake_youtube.sessions.values() if s.video_id == video_id)
    assert [start for start, _ in session.puts] == [
        i * CHUNK for i in range(math.ceil(SIZE / CHUNK))
    ]
    assert session.total == SIZE and session.content_type == "video/mp4"
    assert video["snippet"]["title"] == "The Lighthouse"
    assert video["snippet"]["tags"] == ["short film", "lighthouse"]
    assert video["status"]["privacyStatus"] == "unlisted"
    assert video["status"]["selfDeclaredMadeForKids"] is True
    assert fake_youtube.thumbnails[video_id] == output_bytes(studio, job["id"], "thumbnail-2.jpg")
    assert done["thumbnail_set"] and done["playlist_added"]
    assert [i["snippet"]["resourceId"]["videoId"] for i in fake_youtube.playlist_items] == [
        video_id
    ]
    status = client.get(f"/api/v1/youtube/status/{video_id}", headers=user.headers).json()
    assert status["processing_status"] == "succeeded" and status["upload"]["id"] == upload["id"]
    assert status["url"].endswith(video_id)
    assert fake_youtube.problems == []


def test_dropped_connections_resume_where_youtube_stopped(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user, film, project_id = _ready(client, studio, fake_youtube, SIZE)
    # chunk 2 arrives but its answer is lost; chunk 3 is lost on the way (twice each:
    # httplib2 quietly retries once itself)
    fake_youtube.drop_after_store[CHUNK] = 2
    fake_youtube.drop_puts[2 * CHUNK] = 2
    fake_youtube.thumbnails_forbidden = True
    upload = _upload(client, user.headers, project_id=project_id, title="Storm")
    done = wait_upload(client, user, str(upload["id"]))
    assert done["status"] == "completed", done
    assert done["attempts"] == 1  # resumed inside the attempt
    # the video is published even though the channel may not set custom thumbnails
    assert done["thumbnail_set"] and "custom thumbnail" in done["error"]
    assert fake_youtube.thumbnails == {}
    assert fake_youtube.videos[done["youtube_video_id"]]["data"] == film
    assert fake_youtube.problems == []


@pytest.mark.parametrize(
    "settings",
    [{"publishing": {"youtube_upload_attempts": 2, "youtube_chunk_retries": 1}}],
    indirect=True,
)
def test_a_network_outage_keeps_the_record_and_a_retry_resumes(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user, film, project_id = _ready(client, studio, fake_youtube, SIZE)
    fake_youtube.drop_puts[2 * CHUNK] = 1000  # YouTube unreachable after two chunks
    upload = _upload(client, user.headers, project_id=project_id, title="Outage")
    failed = wait_upload(client, user, str(upload["id"]))
    assert failed["status"] == "network_error", failed
    assert failed["attempts"] == 2 and failed["retryable"] is True
    assert "could not be reached" in failed["error"] and "retry" in failed["error"]
    assert failed["bytes_sent"] == 2 * CHUNK and failed["progress"] == 2 * CHUNK * 100 // SIZE

    fake_youtube.drop_puts.clear()
    done = _retried(client, user, upload)
    assert done["status"] == "completed", done
    assert fake_youtube.videos[done["youtube_video_id"]]["data"] == film
    starts = [start for s in fake_youtube.sessions.values() for start, _ in s.puts]
    assert starts.count(0) == 1 and starts.count(CHUNK) == 1  # nothing sent twice
    assert len(fake_youtube.sessions) == 1  # the same resumable session throughout
    again = client.post(f"/api/v1/youtube/uploads/{upload['id']}/retry", headers=user.headers)
    assert again.status_code == 409
    assert fake_youtube.problems == []


def test_quota_exceeded_is_a_clear_status_and_a_retry_path(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user, film, project_id = _ready(client, studio, fake_youtube, CHUNK + 1)
    fake_youtube.quota_exhausted = True
    upload = _upload(client, user.headers, project_id=project_id, title="Quota")
    failed = wait_upload(client, user, str(upload["id"]))
    assert failed["status"] == "quota_exceeded" and "quota" in failed["error"]
    playlists = client.get("/api/v1/youtube/playlists", headers=user.headers)
    assert playlists.status_code == 200  # only uploads are out of quota in the fake
    with studio.db.read_session() as session:
        assert session.get(YoutubeUpload, uuid.UUID(str(upload["id"]))) is not None

    fake_youtube.quota_exhausted = False
    done = _retried(client, user, upload)
    assert done["status"] == "completed" and done["error"] is None
    assert fake_youtube.videos[done["youtube_video_id"]]["data"] == film


def test_a_revoked_grant_asks_to_reconnect_then_the_upload_is_retried(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user, film, project_id = _ready(client, studio, fake_youtube, CHUNK)
    fake_youtube.revoke_all()  # the owner removed the studio's access in Google's settings
    upload = _upload(client, user.headers, project_id=project_id, title="Revoked")
    failed = wait_upload(client, user, str(upload["id"]))
    assert failed["status"] == "reauth_required" and "Connect the channel again" in failed["error"]
    connection = client.get("/api/v1/youtube/connection", headers=user.headers).json()
    assert connection == {**connection, "connected": False, "revoked": True}
    refused = client.get("/api/v1/youtube/playlists", headers=user.headers)
    assert refused.status_code == 409 and "Connect" in refused.json()["detail"]

    connect(client, user, fake_youtube)
    done = _retried(client, user, upload)
    assert done["status"] == "completed"
    assert fake_youtube.videos[done["youtube_video_id"]]["data"] == film


def test_playlists_and_refusals(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    user = register(client)
    not_connected = client.get("/api/v1/youtube/playlists", headers=user.headers)
    assert (
        not_connected.status_code == 409
        and "Connect your YouTube" in not_connected.json()["detail"]
    )
    connect(client, user, fake_youtube)
    made = client.post(
        "/api/v1/youtube/playlists",
        json={"title": "Shorts", "description": "Small films"},
        headers=user.headers,
    )
    assert made.status_code == 201
    listed = client.get("/api/v1/youtube/playlists", headers=user.headers).json()
    assert [(p["id"], p["title"], p["privacy"]) for p in listed["items"]] == [
        (made.json()["id"], "Shorts", "private")
    ]
    fake_youtube.videos["vid-existing"] = {"status": {"privacyStatus": "public"}}
    added = client.post(
        f"/api/v1/youtube/playlists/{made.json()['id']}/add-video",
        json={"video_id": "vid-existing"},
        headers=user.headers,
    )
    assert added.status_code == 201 and added.json()["video_id"] == "vid-existing"
    missing = client.post(
        "/api/v1/youtube/playlists/PLnope/add-video",
        json={"video_id": "vid-existing"},
        headers=user.headers,
    )
    assert missing.status_code == 400 and "no such" in missing.json()["detail"].lower()
    # a project without a finished film cannot be uploaded
    project = client.post(
        "/api/v1/projects",
        json={"title": "Draft", "script": "A keeper climbs the stairs at night.", "duration": 30},
        headers=user.headers,
    ).json()
    draft = client.post(
        "/api/v1/youtube/upload",
        json={"project_id": project["id"], "title": "Draft"},
        headers=user.headers,
    )
    assert draft.status_code == 409 and "render it first" in draft.json()["detail"]
    bad = client.post(
        "/api/v1/youtube/upload",
        json={"project_id": project["id"], "title": "<b>", "privacy": "secret"},
        headers=user.headers,
    )
    assert bad.status_code == 422
    other = register(client)
    assert client.get(
        f"/api/v1/youtube/status/{uuid.uuid4()}", headers=other.headers
    ).status_code in (404, 409)
    assert fake_youtube.problems == []


def test_an_upload_whose_worker_died_is_recovered_and_resumed(
    client: TestClient, studio: Studio, fake_youtube: FakeYoutube
) -> None:
    from filmstudio.studio.publishing import youtube_uploads

    user, film, project_id = _ready(client, studio, fake_youtube, SIZE)
    client.app.state.worker.stop()  # type: ignore[attr-defined]  # no consumer from here on
    upload = _upload(client, user.headers, project_id=project_id, title="Recovered")
    upload_id = uuid.UUID(str(upload["id"]))
    # a worker took it, sent two chunks, and died without a word
    runner = youtube_uploads.UploadRunner(studio)
    fake_youtube.drop_puts[2 * CHUNK] = 1000
    runner.run(upload_id)  # ends as "queued" for an automatic retry; make it look dead instead
    with studio.db.transaction() as session:
        row = session.get(YoutubeUpload, upload_id)
        assert row is not None and row.session_uri is not None and row.bytes_sent == 2 * CHUNK
        row.status, row.updated_at = "uploading", utcnow() - timedelta(hours=1)
    fake_youtube.drop_puts.clear()

    assert youtube_uploads.recover(studio) == 1
    with studio.db.read_session() as session:
        assert session.get(YoutubeUpload, upload_id).status == "queued"  # type: ignore[union-attr]
    runner.run(upload_id)
    done = wait_upload(client, user, str(upload_id))
    assert done["status"] == "completed"
    assert fake_youtube.videos[done["youtube_video_id"]]["data"] == film
    assert len(fake_youtube.sessions) == 1
    assert youtube_uploads.recover(studio) == 0
