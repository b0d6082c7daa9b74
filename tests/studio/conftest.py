"""Studio fixtures: every API test runs twice, on the embedded stack (SQLite file, SQLite
queue, in-process cache) and on the scaled one (the machine's PostgreSQL and Redis).

Each run creates its own PostgreSQL database (dropped at the end) and prefixes its Redis
keys with a run id (deleted at the end), so parallel runs never collide.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.db import migrate
from filmstudio.studio.db.models import metadata
from filmstudio.studio.jobs.renderer import FakeRenderer, Renderer
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.settings import Settings
from filmstudio.studio.storage import S3Storage

PG_HOST = "127.0.0.1"
PG_USER = "postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"

MakeSettings = Callable[..., Settings]


@pytest.fixture(scope="session")
def run_id() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def pg_url(run_id: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this run (created from `test`, dropped after)."""
    name = f"fs_test_{run_id}"
    with psycopg.connect(f"host={PG_HOST} dbname=test user={PG_USER}", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://{PG_USER}@{PG_HOST}:5432/{name}"
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with psycopg.connect(
            f"host={PG_HOST} dbname=test user={PG_USER}", autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database that each test copies (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "studio.db"
    migrate.upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def redis_prefix(run_id: str) -> Iterator[str]:
    prefix = f"fstest{run_id}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for pattern in (f"{prefix}*", f"huey.*.{prefix}*"):
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)


def _truncate(url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"TRUNCATE {tables} CASCADE")


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=[pytest.mark.postgres, pytest.mark.redis]),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_settings(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[MakeSettings]:
    """Settings for this test's backend; keyword arguments override any field."""
    used_pg: list[str] = []

    def make(**overrides: Any) -> Settings:
        fields: dict[str, Any] = {
            "data_dir": tmp_path / "data",
            "storage_url": f"file://{tmp_path / 'files'}",
            "secret_key": "test-secret-key-that-is-long-enough-for-hs256",
            "argon2_time_cost": 1,
            "argon2_memory_kib": 8,
            "argon2_parallelism": 1,
            "renderer": "fake",
            "fake_render_seconds": 0.2,
            "heartbeat_seconds": 0.1,
            "queue_poll_seconds": 0.05,
            "job_retry_delay_seconds": 0.1,
            "reaper_interval_seconds": 3600,
            "rate_limit": "10000/minute",
            "log_json": True,
        }
        if backend == "sqlite":
            database = tmp_path / "studio.db"
            if not database.exists():
                shutil.copy(request.getfixturevalue("sqlite_template"), database)
            fields["database_url"] = f"sqlite:///{database}"
            fields["queue_url"] = f"sqlite:///{tmp_path / 'queue.db'}"
            fields["cache_url"] = "memory://"
        else:
            url = request.getfixturevalue("pg_url")
            used_pg.append(url)
            prefix = request.getfixturevalue("redis_prefix")
            fields["database_url"] = url
            fields["queue_url"] = REDIS_URL
            fields["cache_url"] = REDIS_URL
            fields["redis_prefix"] = f"{prefix}{uuid.uuid4().hex[:8]}:"
        fields.update(overrides)
        return Settings(**fields)

    yield make
    for url in set(used_pg):
        _truncate(url)


@pytest.fixture
def settings(make_settings: MakeSettings, request: pytest.FixtureRequest) -> Settings:
    """This test's settings; ``parametrize("settings", [{...}], indirect=True)`` overrides."""
    return make_settings(**getattr(request, "param", {}))


@pytest.fixture
def studio(settings: Settings) -> Iterator[Studio]:
    built = build_studio(settings, mailer=OutboxMailer())
    yield built
    built.queue.flush()
    built.close()


@pytest.fixture
def renderer(request: pytest.FixtureRequest) -> Renderer:
    """The in-process worker's renderer: a fast fake, or FakeRenderer(**param) with
    ``parametrize("renderer", [{...}], indirect=True)``."""
    return FakeRenderer(**{"seconds": 0.2, **getattr(request, "param", {})})


@pytest.fixture
def client(studio: Studio, renderer: Renderer) -> Iterator[TestClient]:
    """The API with a worker running in the same process, as ``filmstudio serve`` has."""
    app = create_app(studio=studio, renderer=renderer, run_worker=True)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def idle_client(studio: Studio) -> Iterator[TestClient]:
    """The API with no worker: jobs stay queued until a test starts one."""
    with TestClient(create_app(studio=studio, run_worker=False)) as test_client:
        yield test_client


@pytest.fixture
def outbox(studio: Studio) -> OutboxMailer:
    assert isinstance(studio.mailer, OutboxMailer)
    return studio.mailer


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A local S3 (moto's server) on 127.0.0.1, one per test module."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh bucket in the local S3, with the test credentials boto3 needs."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"films-{uuid.uuid4().hex[:8]}"
    S3Storage(bucket, endpoint_url=s3_endpoint, region="us-east-1").client.create_bucket(
        Bucket=bucket
    )
    return bucket
