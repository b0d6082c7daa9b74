"""What app.py and the services wire together: the telemetry figures on /metrics, tracing
off by default, GraphQL mounted and rate limited, invitations claimed once an address is
verified, credit grants in the audit log, MFA codes with non-ASCII characters refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from filmstudio.studio.accounts import mfa
from filmstudio.studio.admin.models import AuditEntry
from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.telemetry.metrics import QUEUE_DEPTH
from tests.fake_http import FakeHandler, local_server
from tests.studio.helpers import PASSWORD, admin, create_project, register, submit

API = "/api/v1"
TOKEN = "scrape-token-for-tests"


def _link_token(outbox: OutboxMailer, to: str) -> str:
    message = [m for m in outbox.outbox if m.to == to][-1]
    found = re.search(r"token=([\w.-]+)", message.text)
    assert found, message.text
    return found.group(1)


@pytest.mark.parametrize("settings", [{"metrics_token": TOKEN}], indirect=True)
def test_metrics_show_the_queue_depth_and_tracing_is_off(
    idle_client: TestClient, studio: Studio
) -> None:
    app = idle_client.app
    assert app.state.tracing.provider is None  # type: ignore[attr-defined]  # off by default
    user = register(idle_client)
    submit(idle_client, user, create_project(idle_client, user)["id"])
    scrape = idle_client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scrape.status_code == 200
    depth = re.findall(rf'^{QUEUE_DEPTH}{{priority="(\w+)"}} (\S+)$', scrape.text, re.M)
    assert sum(float(value) for _, value in depth) == 1.0, depth
    assert "filmstudio_disk_used_ratio" in scrape.text  # the data folder's volume
    assert idle_client.get("/metrics").status_code == 401  # still needs the token


class _Collector(FakeHandler):
    """A local OTLP/HTTP collector that keeps the bodies it receives."""

    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        self.bodies.append(self.rfile.read(int(self.headers.get("content-length") or 0)))
        self.send_json(200)


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    bodies: list[bytes] = []
    handler = type("Collector", (_Collector,), {"bodies": bodies})
    with local_server(handler, daemon_threads=True) as server:
        monkeypatch.setenv("FILMSTUDIO_TRACING_ENABLED", "1")
        monkeypatch.setenv(
            "FILMSTUDIO_TRACING_OTLP_ENDPOINT", f"http://127.0.0.1:{server.server_port}/v1/traces"
        )
        yield bodies


@pytest.mark.parametrize("backend", ["sqlite"])
def test_enabled_tracing_sends_the_apps_request_and_sql_spans(
    studio: Studio, collector: list[bytes]
) -> None:
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    with TestClient(create_app(studio=studio, run_worker=False)) as client:
        assert client.get(f"{API}/users/me").status_code == 401
        register(client)
    names = set()  # leaving the app closed its tracing: every span was sent
    for body in collector:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource in request.resource_spans:
            names |= {span.name for scope in resource.scope_spans for span in scope.spans}
    assert "GET /api/v1/users/me" in names and "POST /api/v1/auth/register" in names
    assert any(name.startswith("INSERT") for name in names), names  # SQLAlchemy's spans


@pytest.mark.parametrize("settings", [{"rate_limit": "3/minute"}], indirect=True)
def test_graphql_is_served_by_the_app_and_rate_limited(studio: Studio) -> None:
    with TestClient(create_app(studio=studio, run_worker=False)) as client:
        answers = [client.post("/graphql", json={"query": "{ __typename }"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].json() == {"data": {"__typename": "Query"}}
    assert answers[3].headers["content-type"] == "application/problem+json"
    assert int(answers[3].headers["retry-after"]) >= 1


def test_an_invitation_becomes_a_share_when_the_address_is_verified(
    client: TestClient, outbox: OutboxMailer
) -> None:
    owner = register(client)
    project = create_project(client, owner)
    guest = f"guest-{uuid.uuid4().hex[:8]}@example.com"
    shared = client.post(
        f"{API}/projects/{project['id']}/shares", json={"email": guest}, headers=owner.headers
    )
    assert shared.status_code == 202, shared.text
    newcomer = register(client, guest)
    opened = client.get(f"{API}/projects/{project['id']}", headers=newcomer.headers)
    assert opened.status_code == 404  # an unverified address proves nothing yet
    verified = client.post(f"{API}/auth/verify-email", json={"token": _link_token(outbox, guest)})
    assert verified.status_code == 200, verified.text
    opened = client.get(f"{API}/projects/{project['id']}", headers=newcomer.headers)
    assert opened.status_code == 200, opened.text


def test_an_invitation_becomes_a_share_when_an_address_change_is_confirmed(
    client: TestClient, outbox: OutboxMailer
) -> None:
    owner, mover = register(client), register(client)
    project = create_project(client, owner)
    guest = f"moved-{uuid.uuid4().hex[:8]}@example.com"
    client.post(
        f"{API}/projects/{project['id']}/shares", json={"email": guest}, headers=owner.headers
    )
    asked = client.post(
        f"{API}/users/me/email",
        json={"new_email": guest, "current_password": PASSWORD},
        headers=mover.headers,
    )
    assert asked.status_code == 202, asked.text
    confirmed = client.post(f"{API}/auth/confirm-email", json={"token": _link_token(outbox, guest)})
    assert confirmed.status_code == 200, confirmed.text
    opened = client.get(f"{API}/projects/{project['id']}", headers=mover.headers)
    assert opened.status_code == 200, opened.text


def test_a_grant_is_in_the_audit_log_once(client: TestClient, studio: Studio) -> None:
    user, boss = register(client), admin(client, studio)
    body = {"user_id": str(user.id), "amount": 7, "description": "For the festival"}
    headers = {**boss.headers, "Idempotency-Key": "grant-audit"}
    for _ in range(2):  # a replay returns the first grant and records nothing new
        assert client.post(f"{API}/credits/grant", json=body, headers=headers).status_code == 201
    with studio.db.read_session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "credits.grant")).all()
        entries = [(r.actor_id, r.target_type, r.target_id, r.details) for r in rows]
    assert entries == [
        (boss.id, "user", str(user.id), {"amount": 7, "description": "For the festival"})
    ]


@pytest.mark.parametrize("code", ["١٢٣٤٥٦", "１２３４５６", "abcde-fghé", "12 34 56 ✓"])
def test_codes_keep_only_ascii_letters_and_digits(code: str) -> None:
    typed = mfa.normalise(code)
    assert typed.isascii() and (typed.isalnum() or typed == "")


def test_a_non_ascii_code_is_a_wrong_code_not_a_server_error(client: TestClient) -> None:
    user = register(client)
    assert client.post(f"{API}/users/me/mfa", headers=user.headers).status_code == 200
    for code in ("١٢٣٤٥٦", "１２３４５６"):
        answer = client.post(
            f"{API}/users/me/mfa/confirm", json={"code": code}, headers=user.headers
        )
        assert answer.status_code == 401, answer.text
        assert answer.json()["code"] == "mfa_code_wrong"
