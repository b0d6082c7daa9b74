"""The development outbox: with no mail server configured, the studio's administrator reads
here the mail the studio would have sent (verification and reset links included, so reading
is an audited admin action that needs two-step login).

Where it is kept: every process of the studio (the API, each worker) writes its mail to the
``mail_outbox`` table and, with no mail server, delivery keeps the bodies there
(`notify.queue.MailDelivery`), so this page shows the mail of all of them, not only of the
process that answers. A studio built with a direct in-memory mailer (tests) has no table
rows: its mailer's own memory is read instead."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from filmstudio.studio.accounts.errors import MailNotConfigured
from filmstudio.studio.admin import audit
from filmstudio.studio.context import Studio
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import AdminUser, StudioDep
from filmstudio.studio.notify import OUTBOX_SIZE, Email, OutboxMailer
from filmstudio.studio.notify.models import MailOutbox
from filmstudio.studio.notify.queue import QueuedMailer

router = APIRouter(prefix="/dev/outbox", tags=["notify"])


class OutboxMessage(BaseModel):
    to: str
    subject: str
    text: str
    html: str | None


class OutboxPage(BaseModel):
    items: list[OutboxMessage] = Field(description="Newest first.")
    total: int = Field(description=f"Messages kept (the latest {OUTBOX_SIZE}).")


def kept_mail(studio: Studio, to: str | None = None, limit: int = OUTBOX_SIZE) -> list[Email]:
    """The kept messages (only those to `to` when given), newest first; NotAvailable when
    mail really leaves the studio."""
    transport = studio.mail_transport
    if not isinstance(transport, OutboxMailer):
        raise MailNotConfigured(
            "This studio sends e-mail through a mail server, so there is no development outbox."
        )
    if not isinstance(studio.mailer, QueuedMailer):
        found = [m for m in reversed(transport.outbox) if to is None or m.to == to]
        return found[:limit]
    query = select(MailOutbox).where(MailOutbox.body_text != "")
    if to is not None:
        query = query.where(MailOutbox.to_address == to)
    query = query.order_by(MailOutbox.created_at.desc(), MailOutbox.id).limit(limit)
    with studio.db.read_session() as session:
        return [
            Email(row.to_address, row.subject, row.body_text, row.body_html, queued=True)
            for row in session.scalars(query)
        ]


@router.get("", responses=answers(501, s501="A mail server is configured: mail is sent."))
def read_outbox(
    studio: StudioDep,
    me: AdminUser,
    to: Annotated[
        str | None, Query(max_length=320, description="Only mail to this address.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=OUTBOX_SIZE)] = 50,
) -> OutboxPage:
    """The e-mail this studio would have sent (no mail server is configured)."""
    found = kept_mail(studio, to.strip().lower() if to is not None else None)
    audit.record_now(studio, me.id, "outbox.read", "outbox", None, to=to)
    return OutboxPage(
        items=[
            OutboxMessage(to=m.to, subject=m.subject, text=m.text, html=m.html)
            for m in found[:limit]
        ],
        total=len(found),
    )
