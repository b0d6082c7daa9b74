"""E-mail: the outbox twin and SMTP through stdlib smtplib, against a tiny SMTP server."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest

from filmstudio.studio.context import make_mailer
from filmstudio.studio.notify import Email, OutboxMailer, SmtpMailer, verification_email
from filmstudio.studio.settings import Settings


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    received: list[bytes]

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._say("220 fake ready")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("EHLO"):
                self._say("250 fake")
            elif command.startswith("DATA"):
                self._say("354 go on")
                body = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    body += chunk
                self.received.append(body)
                self._say("250 queued")
            elif command.startswith("QUIT"):
                self._say("221 bye")
                return
            else:
                self._say("250 ok")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Handler", (_Smtp,), {"received": received})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def test_smtp_mailer_sends(smtp_server: tuple[int, list[bytes]]) -> None:
    port, received = smtp_server
    mailer = SmtpMailer("127.0.0.1", port, "Studio <no-reply@example.com>", starttls=False)
    mailer.send(verification_email("ana@example.com", "http://x/verify?token=abc"))
    assert len(received) == 1
    text = received[0].decode()
    assert "To: ana@example.com" in text and "Subject: Confirm your e-mail address" in text
    assert "token=abc" in text


def test_configuration_picks_the_mailer() -> None:
    assert isinstance(make_mailer(Settings()), OutboxMailer)
    smtp = make_mailer(Settings(smtp_host="mail.example.com", smtp_port=2525))
    assert isinstance(smtp, SmtpMailer) and smtp.port == 2525


def test_outbox_keeps_messages() -> None:
    outbox = OutboxMailer()
    outbox.send(Email("a@example.com", "Hi", "Hello"))
    assert list(outbox.outbox) == [Email("a@example.com", "Hi", "Hello")]
