"""E-mail: a small `Mailer` interface, an in-memory outbox (tests, and the embedded default
when no SMTP server is configured) and SMTP by configuration through stdlib smtplib.

A `Mailer` is a transport: it sends now or raises. Requests never call one directly in a
deployment: they write a row to the ``mail_outbox`` table (`notify.queue`), in the
transaction of the change, and the background sender (`notify.loop`) delivers it through the
transport with retries. Messages are written by `notify.templates` in four languages.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections import deque
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("filmstudio.notify")

OUTBOX_SIZE = 200  # messages the in-memory outbox keeps (the oldest are dropped)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str | None = None
    #: already written to the outbox with its change: sending it again only wakes the sender
    queued: bool = field(default=False, compare=False)


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...


class OutboxMailer:
    """Keeps the latest messages in memory (tests read them there). Only the recipient and
    subject are logged: bodies carry password-reset and verification links, which must never
    reach a log. With no SMTP server configured, configure one to deliver real mail."""

    def __init__(self, maxlen: int = OUTBOX_SIZE) -> None:
        self.outbox: deque[Email] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def send(self, email: Email) -> None:
        with self._lock:
            self.outbox.append(email)
        log.info(
            "e-mail kept in the outbox (no SMTP server configured)",
            extra={"to": email.to, "subject": email.subject},
        )


class SmtpMailer:
    """Sends through an SMTP server (STARTTLS and login when configured)."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        timeout: float = 30.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls = user, password, starttls
        self.timeout = timeout

    def send(self, email: Email) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text)
        if email.html is not None:
            message.add_alternative(email.html, subtype="html")
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user and self.password:
                smtp.login(self.user, self.password)
            smtp.send_message(message)
        log.info("e-mail sent", extra={"to": email.to, "subject": email.subject})


def verification_email(to: str, link: str, language: str = "en") -> Email:
    from filmstudio.studio.notify.templates import render

    return render("verification", language, to, link=link)


def password_reset_email(to: str, link: str, language: str = "en") -> Email:
    from filmstudio.studio.notify.templates import render

    return render("password_reset", language, to, link=link)


def email_change_email(to: str, link: str, language: str = "en") -> Email:
    from filmstudio.studio.notify.templates import render

    return render("email_change", language, to, link=link)
