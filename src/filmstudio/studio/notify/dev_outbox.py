"""The development outbox: with no mail server configured, e-mail stays in this process's
in-memory outbox, and the studio's administrator reads it here (verification and reset
links included, so reading is an audited admin action that needs two-step login)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from filmstudio.studio.accounts.errors import MailNotConfigured
from filmstudio.studio.admin import audit
from filmstudio.studio.context import Studio
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import AdminUser, StudioDep
from filmstudio.studio.notify import OUTBOX_SIZE, Email, OutboxMailer

router = APIRouter(prefix="/dev/outbox", tags=["notify"])


class OutboxMessage(BaseModel):
    to: str
    subject: str
    text: str
    html: str | None


class OutboxPage(BaseModel):
    items: list[OutboxMessage] = Field(description="Newest first.")
    total: int = Field(description=f"Messages kept (the latest {OUTBOX_SIZE}).")


def kept_mail(studio: Studio) -> list[Email]:
    """The kept messages, newest first; NotAvailable when mail really leaves the studio."""
    transport = studio.mail_transport
    if not isinstance(transport, OutboxMailer):
        raise MailNotConfigured(
            "This studio sends e-mail through a mail server, so there is no development outbox."
        )
    return list(reversed(transport.outbox))


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
    found = [m for m in kept_mail(studio) if to is None or m.to == to.strip().lower()]
    audit.record_now(studio, me.id, "outbox.read", "outbox", None, to=to)
    return OutboxPage(
        items=[
            OutboxMessage(to=m.to, subject=m.subject, text=m.text, html=m.html)
            for m in found[:limit]
        ],
        total=len(found),
    )
