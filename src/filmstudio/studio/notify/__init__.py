"""E-mail: a small `Mailer` interface, an in-memory outbox (tests, and the embedded default
when no SMTP server is configured) and SMTP by configuration through stdlib smtplib.

The messages here are plain and short; the integrations issue brings the full templates.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

log = logging.getLogger("filmstudio.notify")

OUTBOX_SIZE = 200  # messages the in-memory outbox keeps (the oldest are dropped)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str


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
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls = user, password, starttls

    def send(self, email: Email) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.text)
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user and self.password:
                smtp.login(self.user, self.password)
            smtp.send_message(message)
        log.info("e-mail sent", extra={"to": email.to, "subject": email.subject})


def verification_email(to: str, link: str) -> Email:
    return Email(
        to,
        "Confirm your e-mail address",
        f"Welcome to AI Film Studio.\n\nConfirm your address by opening this link:\n{link}\n",
    )


def password_reset_email(to: str, link: str) -> Email:
    return Email(
        to,
        "Reset your password",
        "Someone (we hope you) asked to reset your AI Film Studio password.\n\n"
        f"Choose a new one here (the link works once, for one hour):\n{link}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n",
    )
