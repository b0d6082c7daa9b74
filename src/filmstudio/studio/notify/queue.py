"""The e-mail outbox: write a message in the caller's transaction, deliver it later.

`enqueue` adds a ``mail_outbox`` row to the caller's session, so the message commits (or
rolls back) with the change it tells about. `QueuedMailer` is a `Mailer` for code that has
no transaction at hand: it writes the row in one of its own. `MailDelivery` sends due rows
through a transport, marking each sent or scheduling a retry with backoff; a failing SMTP
server only delays messages, it never fails a request and never drops one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from filmstudio.studio.db.engine import Database
from filmstudio.studio.notify import Email, Mailer, OutboxMailer
from filmstudio.studio.notify import outbox as rows
from filmstudio.studio.notify.models import MailOutbox
from filmstudio.studio.notify.settings import MailSettings

log = logging.getLogger("filmstudio.notify")

QUEUED = "filmstudio_outbox_queued"  # session.info flag: wake the sender after commit


def enqueue(
    session: Session,
    email: Email,
    *,
    kind: str = "message",
    user_id: uuid.UUID | None = None,
    language: str = "en",
    dedupe_key: str | None = None,
) -> MailOutbox | None:
    """Add `email` to the outbox in the caller's transaction; with a `dedupe_key` already
    queued, nothing is added (None)."""
    if dedupe_key is not None:
        with session.no_autoflush:
            queued = session.scalar(
                select(MailOutbox.id).where(MailOutbox.dedupe_key == dedupe_key).limit(1)
            )
        pending = any(isinstance(o, MailOutbox) and o.dedupe_key == dedupe_key for o in session.new)
        if queued is not None or pending:
            return None
    row = MailOutbox(
        to_address=email.to,
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        kind=kind,
        language=language,
        user_id=user_id,
        dedupe_key=dedupe_key,
    )
    session.add(row)
    session.info[QUEUED] = True
    return row


def enqueue_for(
    session: Session,
    mailer: Mailer,
    email: Email,
    *,
    kind: str = "message",
    user_id: uuid.UUID | None = None,
    language: str = "en",
) -> Email:
    """Write `email` to the outbox in this transaction when the studio's mailer is the
    outbox (`QueuedMailer`), and return it marked as queued, so that handing it to the
    mailer later (as the API does) only wakes the sender. With a direct mailer (tests), it
    is returned as it is, for the caller to send."""
    if not isinstance(mailer, QueuedMailer):
        return email
    enqueue(session, email, kind=kind, user_id=user_id, language=language)
    return replace(email, queued=True)


class QueuedMailer:
    """A `Mailer` that only writes the outbox row (its own short transaction) and wakes the
    sender; delivery happens in the background."""

    def __init__(self, db: Database, wake: threading.Event | None = None) -> None:
        self.db = db
        self.wake = wake or threading.Event()

    def send(self, email: Email) -> None:
        if not email.queued:
            with self.db.transaction() as session:
                enqueue(session, email)
        self.wake.set()
        log.info("e-mail queued", extra={"to": email.to, "subject": email.subject})


class MailDelivery:
    """Sends due outbox rows through `transport` (one batch per call).

    A row's body is blanked once a mail server has it (it may hold a sign-in link), except
    when there is no mail server: then the table itself is the development outbox that every
    process of the studio (API and workers) writes and the administrator reads."""

    name = "mail"

    def __init__(self, db: Database, transport: Mailer, settings: MailSettings) -> None:
        self.db = db
        self.transport = transport
        self.keeps_bodies = isinstance(transport, OutboxMailer)
        self.batch = settings.mail_batch_size
        self.lease = timedelta(seconds=settings.outbox_lease_seconds)
        self.keep = timedelta(days=settings.outbox_keep_days)
        self.backoff = rows.Backoff(
            settings.mail_retry_base_seconds,
            settings.mail_retry_max_seconds,
            settings.mail_max_attempts,
        )

    def prune(self) -> int:
        return rows.prune(self.db, MailOutbox, self.keep)

    def deliver_once(self, stop: threading.Event | None = None) -> int:
        """Send one batch; returns how many rows were sent."""
        token, claimed = rows.claim(self.db, MailOutbox, self.batch, self.lease)
        sent = 0
        for row in claimed:
            if stop is not None and stop.is_set():
                rows.release(self.db, MailOutbox, token)
                break
            email = Email(row.to_address, row.subject, row.body_text, row.body_html, queued=True)
            try:
                self.transport.send(email)
            except Exception as error:  # any transport failure is retried later
                log.warning(
                    "e-mail not sent; will retry",
                    extra={"to": row.to_address, "kind": row.kind, "error": str(error)[:300]},
                )
                rows.mark_failed(
                    self.db,
                    MailOutbox,
                    token,
                    {row.id: f"{type(error).__name__}: {error}"},
                    {row.id: row.attempts},
                    self.backoff,
                )
                continue
            # bodies may hold sign-in links: keep the record, not the secret
            blank = {} if self.keeps_bodies else {"body_text": "", "body_html": None}
            sent += rows.mark_sent(self.db, MailOutbox, token, [row.id], **blank)
        return sent
