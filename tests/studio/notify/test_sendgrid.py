"""SendGrid by configuration: the official client against a fake v3 API on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from filmstudio.studio.context import build_studio, make_mailer
from filmstudio.studio.notify import Email
from filmstudio.studio.notify.queue import MailDelivery
from filmstudio.studio.notify.sendgrid import SendGridMailer
from filmstudio.studio.notify.settings import MailSettings
from filmstudio.studio.notify.templates import render
from filmstudio.studio.settings import Settings
from tests.fake_http import FakeHandler, local_server
from tests.studio.conftest import MakeSettings

KEY = "SG.fake-key"


@dataclass
class FakeSendGrid:
    port: int
    sent: list[dict[str, Any]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _handler(fake: FakeSendGrid) -> type[BaseHTTPRequestHandler]:
    class Handler(FakeHandler):
        def _answer(self, status: int, body: dict[str, Any] | None = None) -> None:
            self.send_json(status, body)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if fake.fail_next:
                self._answer(fake.fail_next.pop(0), {"errors": [{"message": "busy"}]})
                return
            if self.headers.get("Authorization") != f"Bearer {KEY}":
                self._answer(401, {"errors": [{"message": "bad key"}]})
                return
            if self.path != "/v3/mail/send":
                self._answer(404, {"errors": [{"message": "no such path"}]})
                return
            to = body["personalizations"][0]["to"][0]["email"]
            types = [c["type"] for c in body["content"]]
            if not to or not body.get("subject") or types[0] != "text/plain":
                self._answer(400, {"errors": [{"message": "bad message"}]})
                return
            fake.sent.append(body)
            self._answer(202)

    return Handler


@pytest.fixture
def sendgrid() -> Iterator[FakeSendGrid]:
    with local_server() as server:
        fake = FakeSendGrid(port=server.server_address[1])
        server.RequestHandlerClass = _handler(fake)
        yield fake


def test_sendgrid_sends_text_and_html(sendgrid: FakeSendGrid) -> None:
    mailer = SendGridMailer(KEY, "AI Film Studio <no-reply@studio.example>", sendgrid.url)
    mailer.send(render("film_ready", "es", "ana@example.com", title="Luz", link="https://x/p/1"))
    [body] = sendgrid.sent
    assert body["from"] == {"email": "no-reply@studio.example", "name": "AI Film Studio"}
    assert body["personalizations"][0]["to"] == [{"email": "ana@example.com"}]
    assert body["subject"] == "Tu película «Luz» está lista"
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    assert "https://x/p/1" in body["content"][0]["value"]


def test_sendgrid_is_chosen_by_configuration(sendgrid: FakeSendGrid) -> None:
    settings = Settings(
        mail=MailSettings(
            mail_provider="sendgrid", sendgrid_api_key=KEY, sendgrid_api_base=sendgrid.url
        )
    )
    assert isinstance(make_mailer(settings), SendGridMailer)
    with pytest.raises(ValueError, match="FILMSTUDIO_SENDGRID_API_KEY"):
        make_mailer(Settings(mail=MailSettings(mail_provider="sendgrid")))


def test_sendgrid_errors_are_retried_by_the_outbox(
    make_settings: MakeSettings, sendgrid: FakeSendGrid
) -> None:
    mail = MailSettings(
        mail_provider="sendgrid",
        sendgrid_api_key=KEY,
        sendgrid_api_base=sendgrid.url,
        mail_retry_base_seconds=0.0,
    )
    studio = build_studio(make_settings(mail=mail))
    try:
        sendgrid.fail_next = [503, 429]
        studio.mailer.send(Email("bo@example.com", "Hi", "Hello"))
        delivery = MailDelivery(studio.db, studio.mail_transport, studio.settings.mail)
        assert [delivery.deliver_once() for _ in range(3)] == [0, 0, 1]
        assert len(sendgrid.sent) == 1
    finally:
        studio.close()
