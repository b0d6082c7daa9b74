"""The studio's CLI commands: db upgrade/current/check/downgrade, admin create and
reset-mfa."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from filmstudio.studio.accounts.models import User
from filmstudio.studio.commands import register
from filmstudio.studio.db.engine import Database

runner = CliRunner()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("FILMSTUDIO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FILMSTUDIO_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("FILMSTUDIO_ARGON2_MEMORY_KIB", "8")
    monkeypatch.setenv("FILMSTUDIO_ARGON2_PARALLELISM", "1")
    monkeypatch.setattr("filmstudio.studio.logs.configure_logging", lambda *a, **k: None)
    app = typer.Typer()

    @app.command()
    def render() -> None:  # the engine's own command, so the studio's sit beside one
        pass

    register(app)
    return app


def test_db_commands(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["db", "current"])
    assert result.exit_code == 0 and "base" in result.output
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "studio.db").exists()
    assert "(head)" in runner.invoke(cli, ["db", "current"]).output
    result = runner.invoke(cli, ["db", "check"])
    assert result.exit_code == 0 and "No changes" in result.output
    result = runner.invoke(cli, ["db", "downgrade", "base"])
    assert result.exit_code == 0 and "base" in result.output


def test_admin_create_and_promote(cli: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["admin", "create", "Boss@Example.com", "--password", "s3cret-pw"])
    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.com" in result.output
    again = runner.invoke(cli, ["admin", "create", "boss@example.com", "--password", "other-pw1"])
    assert again.exit_code == 0 and "Promoted" in again.output
    db = Database(f"sqlite:///{tmp_path / 'studio.db'}")
    try:
        with db.read_session() as session:
            user = session.scalar(select(User).where(User.email == "boss@example.com"))
            assert user is not None and user.role == "admin" and user.email_verified
            assert user.credits == 3
    finally:
        db.dispose()


def test_admin_reset_mfa(cli: typer.Typer, tmp_path: Path) -> None:
    from filmstudio.studio.accounts.models import MfaSecret

    created = runner.invoke(cli, ["admin", "create", "boss@example.com", "--password", "pw-12345"])
    assert created.exit_code == 0, created.output
    db = Database(f"sqlite:///{tmp_path / 'studio.db'}")
    try:
        with db.transaction() as session:
            user = session.scalar(select(User).where(User.email == "boss@example.com"))
            assert user is not None
            session.add(MfaSecret(user_id=user.id, sealed_secret="sealed"))
        reset = runner.invoke(cli, ["admin", "reset-mfa", "Boss@Example.com"])
        assert reset.exit_code == 0, reset.output
        assert "Two-step login reset for boss@example.com" in reset.output
        with db.read_session() as session:
            assert session.get(MfaSecret, user.id) is None
    finally:
        db.dispose()
    unknown = runner.invoke(cli, ["admin", "reset-mfa", "nobody@example.com"])
    assert unknown.exit_code == 1
    assert "no account has the address nobody@example.com" in unknown.output


def test_admin_create_refuses_bad_input(cli: typer.Typer) -> None:
    bad_email = runner.invoke(cli, ["admin", "create", "nope", "--password", "long-enough"])
    assert bad_email.exit_code == 2 and "Error" in bad_email.output
    short = runner.invoke(cli, ["admin", "create", "a@example.com", "--password", "short"])
    assert short.exit_code == 2 and "8–128 characters" in short.output


@pytest.mark.postgres
def test_worker_refuses_an_unmigrated_shared_database(
    cli: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uuid

    import psycopg

    from tests.studio.conftest import PG_HOST, PG_USER

    name = f"fs_empty_{uuid.uuid4().hex[:10]}"
    dsn = f"host={PG_HOST} dbname=test user={PG_USER}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        monkeypatch.setenv(
            "FILMSTUDIO_DATABASE_URL", f"postgresql+psycopg://{PG_USER}@{PG_HOST}:5432/{name}"
        )
        result = runner.invoke(cli, ["worker"])
        assert result.exit_code == 1
        assert "filmstudio db upgrade" in result.output
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_commands_are_on_the_filmstudio_cli(cli: typer.Typer) -> None:
    result = runner.invoke(cli, ["--help"])
    for name in ("serve", "worker", "db", "admin", "render"):
        assert name in result.output
    serve_help = runner.invoke(cli, ["serve", "--help"]).output
    assert "--host" in serve_help and "--port" in serve_help


def test_serve_runs_everything_in_one_process(tmp_path: Path) -> None:
    """`serve` with nothing configured: migrates SQLite, serves, renders, stops cleanly."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FILMSTUDIO_")}
    env |= {
        "FILMSTUDIO_DATA_DIR": str(tmp_path / "data"),
        "FILMSTUDIO_RENDERER": "fake",
        "FILMSTUDIO_FAKE_RENDER_SECONDS": "0.2",
        "FILMSTUDIO_ARGON2_MEMORY_KIB": "8",
        "FILMSTUDIO_ARGON2_TIME_COST": "1",
        "FILMSTUDIO_ARGON2_PARALLELISM": "1",
    }
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "filmstudio.studio", "serve", "--port", str(port)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    http = httpx.Client(timeout=30.0)  # a loaded CI machine can be slow; latency is not tested here
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert http.get(f"{base}/health").json()["status"] == "ok"
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        account = {"email": "serve@example.com", "password": "long enough"}
        assert http.post(f"{base}/api/v1/auth/register", json=account).status_code == 201
        token = http.post(f"{base}/api/v1/auth/login", json=account).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        body = {"title": "T", "script": "A boat reached the harbour at dawn.", "duration": 30}
        project = http.post(f"{base}/api/v1/projects", json=body, headers=headers).json()
        job = http.post(
            f"{base}/api/v1/jobs/submit", json={"project_id": project["id"]}, headers=headers
        ).json()
        while job["status"] not in ("completed", "failed"):
            assert time.monotonic() < deadline + 30, log.read_text()
            time.sleep(0.1)
            job = http.get(f"{base}/api/v1/jobs/{job['id']}", headers=headers).json()
        assert job["status"] == "completed"
        assert (tmp_path / "data" / "studio.db").exists()
        assert (tmp_path / "data" / "queue.db").exists()
        assert list((tmp_path / "data" / "files" / "users").rglob("final/*-720p.mp4"))
    finally:
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert server.wait(timeout=30) in (0, -signal.SIGTERM)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["message"] == "Application shutdown complete." for line in lines)
    # the e-mails went through the outbox and the embedded sender (no SMTP: kept in memory)
    kept = [line for line in lines if line["message"].startswith("e-mail kept in the outbox")]
    subjects = [line.get("subject") for line in kept]
    assert "Confirm your e-mail address" in subjects  # (the film's mails may still be queued)
    assert set(subjects) <= {
        "Confirm your e-mail address",
        "You have 2 credits left",
        "Your film “T” is ready",
    }
    assert len(subjects) == len(set(subjects))
    assert any(line["message"] == "outbox sender stopped" for line in lines)


def test_worker_delivers_the_mail_outbox(tmp_path: Path) -> None:
    """`filmstudio worker` runs the outbox sender beside the renders and stops cleanly."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from filmstudio.studio.db import migrate
    from filmstudio.studio.notify import Email
    from filmstudio.studio.notify.queue import enqueue
    from tests.studio.notify.conftest import SmtpInbox, free_port, smtp_controller

    data = tmp_path / "data"
    url = f"sqlite:///{data / 'studio.db'}"
    data.mkdir()
    migrate.upgrade(url)
    db = Database(url)
    try:
        with db.transaction() as session:
            enqueue(session, Email("w@example.com", "From the worker", "Hello."))
    finally:
        db.dispose()
    inbox = SmtpInbox(port=free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("FILMSTUDIO_")}
    env |= {
        "FILMSTUDIO_DATA_DIR": str(data),
        "FILMSTUDIO_RENDERER": "fake",
        "FILMSTUDIO_SMTP_HOST": "127.0.0.1",
        "FILMSTUDIO_SMTP_PORT": str(inbox.port),
        "FILMSTUDIO_SMTP_STARTTLS": "false",
        "FILMSTUDIO_OUTBOX_POLL_SECONDS": "0.1",
    }
    log = tmp_path / "worker.log"
    with smtp_controller(inbox):
        worker = subprocess.Popen(
            [sys.executable, "-m", "filmstudio.studio", "worker"],
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while not inbox.to("w@example.com"):
                assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0, log.read_text()
    assert [m["Subject"] for m in inbox.messages] == ["From the worker"]
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["message"] == "outbox sender stopped" for line in lines)
