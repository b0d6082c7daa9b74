"""The request hot path: an access token is verified once (not once by the rate limit and
again by the route), a remembered token still expires and is never taken for another kind,
job submission takes one thread hop, and ``serve --workers N`` runs N API processes that
share Redis (and refuses to start without it)."""

from __future__ import annotations

import inspect
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import typer
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from filmstudio.studio.accounts import security
from filmstudio.studio.accounts.security import Tokens
from filmstudio.studio.commands import register as register_commands
from filmstudio.studio.errors import Unauthorized
from filmstudio.studio.jobs import api as jobs_api
from tests.studio.conftest import REDIS_URL
from tests.studio.helpers import register

KEY = "a-signing-key-that-is-long-enough-for-hs256-0123456789"


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every token PyJWT verifies from now on."""
    seen: list[str] = []
    real = jwt.decode

    def counting(token: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    return seen


def test_an_access_token_is_verified_once_for_all_its_reads(decodes: list[str]) -> None:
    tokens = Tokens(KEY, 15, 7)
    issued = tokens.access(uuid.uuid4())
    first = tokens.read(issued.token, "access")
    for _ in range(3):
        again = tokens.read(issued.token, "access")
        assert again == first
        again["sub"] = "changed by a caller"  # each read gets its own copy
    assert tokens.read(issued.token, "access")["sub"] == first["sub"]
    assert decodes == [issued.token]


def test_a_remembered_access_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = Tokens(KEY, 15, 7)
    issued = tokens.access(uuid.uuid4())
    tokens.read(issued.token, "access")
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(Unauthorized) as refused:
        tokens.read(issued.token, "access")
    assert refused.value.code == "token_expired"


def test_only_verified_access_tokens_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = Tokens(KEY, 15, 7)
    user = uuid.uuid4()
    access = tokens.access(user).token
    refresh = tokens.refresh(user, uuid.uuid4()).token
    forged = Tokens("someone-elses-key-that-is-long-enough-0123456789", 15, 7).access(user)
    tokens.read(access, "access")
    with pytest.raises(Unauthorized):  # a remembered access token is no refresh token
        tokens.read(access, "refresh")
    with pytest.raises(Unauthorized):  # nor is a refresh token an access token
        tokens.read(refresh, "access")
    with pytest.raises(Unauthorized):
        tokens.read(forged.token, "access")
    assert tokens.read(refresh, "refresh")["typ"] == "refresh"
    assert list(tokens._verified) == [access]
    # the memory is bounded: past its size it starts over
    monkeypatch.setattr(security, "VERIFIED_ACCESS_TOKENS", 3)
    for _ in range(7):
        tokens.read(tokens.access(user).token, "access")
    assert 1 <= len(tokens._verified) <= 3


def test_a_request_verifies_its_token_once(client: TestClient, decodes: list[str]) -> None:
    """The rate limit keys the request by the token's user and the route checks the same
    token: before, PyJWT verified it twice per request (about a millisecond of CPU)."""
    user = register(client)
    decodes.clear()
    for _ in range(3):
        assert client.get("/api/v1/users/me", headers=user.headers).status_code == 200
    assert decodes == [user.access_token]


def test_job_routes_that_answer_with_a_model_take_one_thread_hop() -> None:
    """A sync route's answer is checked against its response model in a second thread hop;
    submit and the job routes a client polls are async and do their database work in one."""
    modelled = [
        route
        for route in jobs_api.router.routes
        if isinstance(route, APIRoute) and route.response_model is not None
    ]
    assert {route.name for route in modelled} >= {"submit", "job_status", "get_job"}
    for route in modelled:
        assert inspect.iscoroutinefunction(route.endpoint), route.name


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    for name in list(os.environ):
        if name.startswith("FILMSTUDIO_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FILMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    app = typer.Typer()
    register_commands(app)
    return app


def test_serve_refuses_several_processes_without_a_shared_cache(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "shared cache" in result.output


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_serve_with_workers_runs_that_many_api_processes(tmp_path: Path) -> None:
    """`serve --workers 2` on Redis: two processes answer on one port, a user logged in
    through one is known to the other (same signing key, shared cache), and SIGTERM stops
    them all."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FILMSTUDIO_")}
    env |= {
        "FILMSTUDIO_DATA_DIR": str(tmp_path / "data"),
        "FILMSTUDIO_QUEUE_URL": REDIS_URL,
        "FILMSTUDIO_REDIS_PREFIX": f"workers{uuid.uuid4().hex[:8]}:",
        "FILMSTUDIO_RENDERER": "fake",
        "FILMSTUDIO_ARGON2_MEMORY_KIB": "8",
        "FILMSTUDIO_ARGON2_TIME_COST": "1",
        "FILMSTUDIO_ARGON2_PARALLELISM": "1",
    }
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "filmstudio.studio", "serve", "--no-worker"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "2", "--migrate"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    http = httpx.Client(timeout=30.0)
    try:
        deadline = time.monotonic() + 120  # two processes import the studio on a busy machine
        while len(_children(server.pid)) < 2 or not _answers(http, base):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        account = {"email": "workers@example.com", "password": "long enough"}
        assert http.post(f"{base}/api/v1/auth/register", json=account).status_code == 201
        token = http.post(f"{base}/api/v1/auth/login", json=account).json()["access_token"]
        for _ in range(6):  # a fresh connection each time, to whichever process accepts it
            with httpx.Client(timeout=30.0) as fresh:
                me = fresh.get(
                    f"{base}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}
                )
            assert me.status_code == 200, me.text
        assert "2 API processes" in log.read_text()
    finally:
        http.close()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) in (0, -signal.SIGTERM), log.read_text()


def _answers(http: httpx.Client, base: str) -> bool:
    try:
        return http.get(f"{base}/health").status_code == 200
    except httpx.TransportError:
        return False
