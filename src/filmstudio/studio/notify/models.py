"""E-mail tables (the outbox that makes sending retryable and never blocks a request)."""

from __future__ import annotations

import uuid

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from filmstudio.studio.db.base import Base
from filmstudio.studio.notify.outbox import OutboxColumns


class MailOutbox(OutboxColumns, Base):
    """One e-mail to send. Written in the transaction of the change it tells about, so that
    a change is never committed without its e-mail, nor an e-mail sent for a rolled-back
    change. Bodies (which may carry sign-in links) are blanked once the message is sent."""

    __tablename__ = "mail_outbox"

    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="message")
    language: Mapped[str] = mapped_column(String(10), default="en")
    user_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), index=True)
