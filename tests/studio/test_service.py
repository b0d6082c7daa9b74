"""Cross-cutting behaviour: rate limits, caching with the blueprint's keys, request ids and
JSON logs, /health and /metrics, OpenAPI."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.logs import JsonFormatter
from filmstudio.studio.notify import OutboxMailer
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import create_project, register, submit, wait_for


@pytest.fixture
def limited(make_settings: MakeSettings) -> Iterator[tuple[TestClient, TestClient, Studio]]:
    """Two API instances sharing one configuration with a 5-requests-a-minute limit."""
    settings = make_settings(rate_limit="5/minute")
    first = build_studio(settings, mailer=OutboxMailer())
    second = build_studio(settings, mailer=OutboxMailer())
    try:
        with (
            TestClient(create_app(studio=first, run_worker=False)) as a,
            TestClient(create_app(studio=second, run_worker=False)) as b,
        ):
            yield a, b, first
    finally:
        first.close()
        second.close()


def test_rate_limit_per_user_with_retry_after(
    limited: tuple[TestClient, TestClient, Studio], backend: str
) -> None:
    a, b, _ = limited
    ana = register(a)  # register + login: 2 requests from this address
    codes = [a.get("/api/v1/users/me", headers=ana.headers).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    refused = a.get("/api/v1/users/me", headers=ana.headers)
    assert int(refused.headers["Retry-After"]) >= 1
    assert "5 requests per minute" in refused.json()["detail"]
    # with Redis the count is shared by every API process; in memory it is per process
    other_instance = b.get("/api/v1/users/me", headers=ana.headers).status_code
    assert other_instance == (429 if backend == "postgres" else 200)
    assert a.get("/health").status_code == 200  # outside the API: not limited


def test_rate_limit_counts_each_user_apart(limited: tuple[TestClient, TestClient, Studio]) -> None:
    a, _, studio = limited
    ana = register(a)
    for _ in range(5):
        a.get("/api/v1/users/me", headers=ana.headers)
    ben_token = studio.tokens.access(uuid.uuid4()).token  # a different user id, no requests yet
    response = a.get("/api/v1/users/me", headers={"Authorization": f"Bearer {ben_token}"})
    assert response.status_code == 401  # past the limiter; unknown account


def test_signed_file_links_are_not_rate_limited(
    limited: tuple[TestClient, TestClient, Studio],
) -> None:
    """A player seeking through one film makes many range requests on its signed link."""
    a, _, _ = limited
    for _ in range(7):
        assert a.get("/api/v1/projects").status_code in (401, 429)
    assert a.get("/api/v1/projects").status_code == 429
    for path in ("projects/media/film.mp4", "downloads/file/not-a-token"):
        codes = {a.get(f"/api/v1/{path}").status_code for _ in range(3)}
        assert 429 not in codes, path


def test_async_rate_limit_shares_the_counters_of_the_sync_one(
    limited: tuple[TestClient, TestClient, Studio],
) -> None:
    """The middleware counts on the event loop; login limits and other processes count
    through the sync client: both must see the same counters."""
    _, _, studio = limited
    key = f"user:{uuid.uuid4()}"
    for _ in range(3):
        assert studio.limiter.hit_request(key).allowed
    verdicts = [asyncio.run(studio.limiter.ahit_request(key)) for _ in range(3)]
    assert [v.allowed for v in verdicts] == [True, True, False]
    assert verdicts[-1].retry_after >= 1
    assert not studio.limiter.hit_request(key).allowed


def test_async_cache_reads_match_the_sync_ones_from_any_event_loop(studio: Studio) -> None:
    studio.cache.set("k1", "one", 60)
    studio.cache.hset("h1", "f", "field", 60)

    async def read() -> tuple[list[str | None], str | None]:
        return await studio.cache.aget_many("k1", "missing"), await studio.cache.ahget("h1", "f")

    for _ in range(2):  # a second loop gets its own connections, not the closed loop's
        assert asyncio.run(read()) == (["one", None], "field")


def test_profile_projects_and_balance_are_cached_under_the_blueprint_keys(
    client: TestClient, studio: Studio
) -> None:
    user = register(client)
    client.get("/api/v1/users/me", headers=user.headers)
    client.get("/api/v1/projects", headers=user.headers)
    client.get("/api/v1/credits/balance", headers=user.headers)
    assert studio.cache.get(f"user:{user.id}:profile") is not None
    assert studio.cache.hget(f"user:{user.id}:projects", "None:1:20") is not None
    assert json.loads(studio.cache.get(f"user:{user.id}:balance") or "{}")["credits"] == 3
    client.patch("/api/v1/users/me", json={"name": "New"}, headers=user.headers)
    assert studio.cache.get(f"user:{user.id}:profile") is None
    create_project(client, user)
    assert studio.cache.hget(f"user:{user.id}:projects", "None:1:20") is None
    client.post("/api/v1/credits/deduct", json={"amount": 1}, headers=user.headers)
    assert studio.cache.get(f"user:{user.id}:balance") is None
    assert client.get("/api/v1/credits/balance", headers=user.headers).json()["credits"] == 2


def test_job_state_changes_refresh_cached_lists(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    assert (
        client.get("/api/v1/projects", headers=user.headers).json()["items"][0]["status"] == "draft"
    )
    job_id = submit(client, user, project["id"])["id"]
    wait_for(client, user, job_id)
    listed = client.get("/api/v1/projects", headers=user.headers).json()["items"][0]
    assert listed["status"] == "completed"
    assert client.get("/api/v1/credits/balance", headers=user.headers).json()["credits"] == 2


def test_request_ids_and_json_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    given = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    made = client.get("/health", headers={"X-Request-ID": "bad id; drop table"})
    assert made.headers["X-Request-ID"] != "bad id; drop table"
    user = register(client)
    job_id = submit(client, user, create_project(client, user)["id"])["id"]
    wait_for(client, user, job_id)
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    access = [line for line in lines if line["logger"] == "filmstudio.access"]
    assert any(line.get("request_id") == "abc-123" and line["status"] == 200 for line in access)
    job_lines = [line for line in lines if line.get("job_id") == job_id]
    assert {"job started", "job completed"} <= {line["message"] for line in job_lines}
    assert all("time" in line and "level" in line for line in lines)


def test_health_reports_each_service(
    client: TestClient, studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = client.get("/health").json()
    assert body == {"status": "ok", "database": True, "queue": True, "cache": True, "storage": True}
    monkeypatch.setattr(studio.queue, "ping", lambda: False)
    degraded = client.get("/health")
    assert degraded.status_code == 503 and degraded.json()["queue"] is False


SCRAPE = {"metrics_token": "scrape-token-for-tests"}


@pytest.mark.parametrize("settings", [SCRAPE], indirect=True)
def test_metrics(client: TestClient) -> None:
    user = register(client)
    wait_for(client, user, submit(client, user, create_project(client, user)["id"])["id"])
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "metrics_token_needed"
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {SCRAPE['metrics_token']}"})
    text = scraped.text
    assert 'filmstudio_jobs{status="completed"} 1.0' in text
    assert 'filmstudio_users{scope="all"} 1.0' in text
    assert "filmstudio_queue_messages" in text
    assert 'filmstudio_http_requests_total{method="POST",route="/jobs/submit",status="202"}' in text
    assert "filmstudio_http_request_duration_seconds_bucket" in text


def test_metrics_without_a_token_are_for_this_machine_only(studio: Studio) -> None:
    app = create_app(studio=studio, run_worker=False)
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        assert local.get("/metrics").status_code == 200
    with TestClient(app, client=("203.0.113.7", 40000)) as remote:
        refused = remote.get("/metrics")
        assert refused.status_code == 401
        assert "FILMSTUDIO_METRICS_TOKEN" in refused.json()["detail"]


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "AI Film Studio"
    assert "/api/v1/jobs/submit" in spec["paths"]


def test_unknown_routes_and_bad_json_get_a_sentence(client: TestClient) -> None:
    user = register(client)
    missing = client.get("/api/v1/nothing-here", headers=user.headers)
    assert missing.status_code == 404 and isinstance(missing.json()["detail"], str)
    broken = client.post(
        "/api/v1/projects",
        content=b"{not json",
        headers={**user.headers, "Content-Type": "application/json"},
    )
    assert broken.status_code == 422
    assert broken.json()["detail"].startswith("The request is not valid")


def test_the_web_ui_is_served_when_built(make_settings: MakeSettings, tmp_path: Path) -> None:
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<html>studio</html>")
    (web / "assets" / "app.js").write_text("console.log(1)")
    studio = build_studio(make_settings(web_dir=web), mailer=OutboxMailer())
    try:
        with TestClient(create_app(studio=studio, run_worker=False)) as client:
            assert client.get("/").text == "<html>studio</html>"
            assert client.get("/assets/app.js").text == "console.log(1)"
            assert client.get("/dashboard").text == "<html>studio</html>"  # a UI route
            assert client.get("/api/v1/nothing").status_code == 404
            assert client.get("/health").json()["status"] == "ok"
    finally:
        studio.close()
