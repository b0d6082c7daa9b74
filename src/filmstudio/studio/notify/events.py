"""E-mails that follow from changes, written in the same transaction as the change.

A `before_flush` listener on the Session class sees a job that has just become completed or
failed, and a credit spend that leaves the balance low, and adds the matching e-mail to the
outbox in that flush. It only acts on sessions that carry `ChangeHooks` in ``session.info``
(the studio's own sessions, set up by `build_studio`), so code owning the change needs no
call to us, and nothing is sent for a change that is rolled back.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, attributes

from filmstudio.studio.accounts.models import User
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.db.engine import listen_on_sessions
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.notify.queue import QUEUED, enqueue
from filmstudio.studio.notify.templates import language_of, render
from filmstudio.studio.projects.models import Project

HOOKS = "filmstudio_hooks"


@dataclass(frozen=True)
class ChangeHooks:
    """What the change listeners need to know about the studio a session belongs to."""

    public_url: str
    low_credit_threshold: int = 5
    crm_enabled: bool = False
    wake: threading.Event = field(default_factory=threading.Event, compare=False)


def hooks_of(session: Session) -> ChangeHooks | None:
    hooks = session.info.get(HOOKS)
    return hooks if isinstance(hooks, ChangeHooks) else None


def _user(session: Session, user_id: uuid.UUID) -> User | None:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        return None
    return user


def _job_mail(session: Session, hooks: ChangeHooks, job: Job) -> None:
    added = attributes.get_history(job, "status").added
    if not added or added[-1] not in ("completed", "failed"):
        return
    status = added[-1]
    user = _user(session, job.user_id)
    project = session.get(Project, job.project_id)
    if user is None or project is None:
        return
    link = f"{hooks.public_url}/projects/{project.id}"
    language = language_of(user.language)
    if status == "completed":
        email = render("film_ready", language, user.email, title=project.title, link=link)
    else:
        reason = job.error or "the render stopped unexpectedly."
        email = render(
            "film_failed", language, user.email, title=project.title, reason=reason, link=link
        )
    kind = "film_ready" if status == "completed" else "film_failed"
    enqueue(
        session,
        email,
        kind=kind,
        user_id=user.id,
        language=language,
        dedupe_key=f"job:{job.id}:{status}",
    )


def _low_credit_mail(
    session: Session, hooks: ChangeHooks, user_id: uuid.UUID, amount: int, balance_after: int
) -> None:
    """Once per top-up: the first spend that leaves fewer than the threshold after the
    latest signup, grant, purchase or monthly top-up (a refund is not a top-up)."""
    if amount >= 0 or balance_after >= hooks.low_credit_threshold:
        return
    user = _user(session, user_id)
    if user is None:
        return
    last_topup = session.scalar(
        select(CreditTransaction.id)
        .where(
            CreditTransaction.user_id == user_id,
            CreditTransaction.amount > 0,
            CreditTransaction.kind != "refund",
        )
        .order_by(CreditTransaction.created_at.desc(), CreditTransaction.id)
        .limit(1)
    )
    language = language_of(user.language)
    email = render(
        "low_credits",
        language,
        user.email,
        credits=balance_after,
        link=f"{hooks.public_url}/settings",
    )
    enqueue(
        session,
        email,
        kind="low_credits",
        user_id=user.id,
        language=language,
        dedupe_key=f"low-credits:{user_id}:{last_topup}",
    )


def credits_spent(session: Session, user_id: uuid.UUID, amount: int, balance_after: int) -> None:
    """The e-mails a ledger row written with a Core statement calls for (the listener sees
    only ORM rows): `amount` is the row's (negative for a spend)."""
    hooks = hooks_of(session)
    if hooks is not None:
        with session.no_autoflush:
            _low_credit_mail(session, hooks, user_id, amount, balance_after)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    hooks = hooks_of(session)
    if hooks is None:
        return
    with session.no_autoflush:
        for obj in list(session.dirty):
            if isinstance(obj, Job):
                _job_mail(session, hooks, obj)
        for obj in list(session.new):
            if isinstance(obj, CreditTransaction):
                _low_credit_mail(session, hooks, obj.user_id, obj.amount, obj.balance_after)


def _after_commit(session: Session) -> None:
    """Wake the sender as soon as a transaction that queued something commits."""
    if session.info.pop(QUEUED, False):
        hooks = hooks_of(session)
        if hooks is not None:
            hooks.wake.set()


def _after_rollback(session: Session) -> None:
    session.info.pop(QUEUED, None)


def install() -> None:
    """Listen on every Session (idempotent)."""
    listen_on_sessions(
        (
            ("before_flush", _before_flush),
            ("after_commit", _after_commit),
            ("after_rollback", _after_rollback),
        )
    )


install()
