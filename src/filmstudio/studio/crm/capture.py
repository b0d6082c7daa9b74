"""Capture every change Salesforce must hear about, in the transaction of the change.

Two SQLAlchemy listeners on the Session class: `before_flush` sees ORM changes (a new user,
an edited project, a ledger row, an upload), and `do_orm_execute` sees bulk
``UPDATE users/projects/youtube_uploads`` statements (a credit spend, a project's status
following its job), whose rows it selects just before the update runs. Each change adds one
``crm_outbox`` row naming the record (object + studio id); the sender reads the record's
state when it delivers, so several changes in a row become one upsert of the latest state.
Nothing is captured unless the session's `ChangeHooks` say the CRM is configured. Code
that writes with Core statements on the session's connection (the hot job-submit path) names
its changes itself with `record_change`.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, attributes

from filmstudio.studio.accounts.models import User
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.crm.models import CrmOutbox
from filmstudio.studio.db.engine import listen_on_sessions
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.notify.events import hooks_of
from filmstudio.studio.notify.queue import QUEUED
from filmstudio.studio.projects.models import Project
from filmstudio.studio.publishing.models import YoutubeUpload

CONTACT = "Contact"
PROJECT = "AI_Project__c"
CREDIT = "AI_Credit__c"
UPLOAD = "YouTube_Integration__c"

#: Salesforce objects in the order they are sent (a project refers to its contact, ...).
SOBJECTS = (CONTACT, PROJECT, CREDIT, UPLOAD)

_SEEN = "filmstudio_crm_seen"
_BULK = {User: CONTACT, Project: PROJECT, YoutubeUpload: UPLOAD}

#: The columns Salesforce shows (see `crm.records`); other changes (an upload's progress,
#: a refresh of a timestamp) are not worth a sync.
_SHOWN: dict[type[Any], tuple[str, ...]] = {
    User: (
        "email",
        "name",
        "tier",
        "credits",
        "language",
        "email_verified",
        "is_suspended",
        "deleted_at",
    ),
    Project: ("title", "status", "style", "duration", "language", "version", "deleted_at"),
    YoutubeUpload: ("status", "youtube_video_id", "privacy", "title", "error"),
}


def _queue(session: Session, sobject: str, studio_id: uuid.UUID, event_name: str) -> None:
    seen: set[tuple[str, str]] = session.info.setdefault(_SEEN, set())
    key = (sobject, str(studio_id))
    if key in seen:
        return
    seen.add(key)
    session.add(CrmOutbox(sobject=sobject, external_id=str(studio_id), event=event_name))
    session.info[QUEUED] = True


def record_change(session: Session, sobject: str, studio_id: uuid.UUID, event_name: str) -> None:
    """Capture a change made with a Core statement on the session's connection, which the
    listeners do not see (the job submit path writes that way to stay cheap)."""
    hooks = hooks_of(session)
    if hooks is not None and hooks.crm_enabled:
        _queue(session, sobject, studio_id, event_name)


def _changed(obj: Any, *names: str) -> bool:
    return any(attributes.get_history(obj, name).has_changes() for name in names)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    hooks = hooks_of(session)
    if hooks is None or not hooks.crm_enabled:
        return
    for obj in list(session.new):
        if isinstance(obj, User):
            _queue(session, CONTACT, obj.id or _assign_id(obj), "contact.created")
        elif isinstance(obj, Project):
            _queue(session, PROJECT, obj.id or _assign_id(obj), "project.created")
        elif isinstance(obj, CreditTransaction):
            _queue(session, CREDIT, obj.id or _assign_id(obj), "credit.recorded")
            _queue(session, CONTACT, obj.user_id, "contact.balance")
        elif isinstance(obj, YoutubeUpload):
            _queue(session, UPLOAD, obj.id or _assign_id(obj), "upload.created")
    for obj in list(session.dirty):
        if isinstance(obj, User) and _changed(obj, *_SHOWN[User]):
            _queue(session, CONTACT, obj.id, "contact.updated")
        elif isinstance(obj, Project) and _changed(obj, *_SHOWN[Project]):
            _queue(session, PROJECT, obj.id, "project.updated")
        elif isinstance(obj, YoutubeUpload) and _changed(obj, *_SHOWN[YoutubeUpload]):
            _queue(session, UPLOAD, obj.id, "upload.updated")
        elif isinstance(obj, Job) and _changed(obj, "status"):
            _queue(session, PROJECT, obj.project_id, "project.status")


def _assign_id(obj: Any) -> uuid.UUID:
    """Give a pending object its primary key now (the column default would at INSERT)."""
    obj.id = uuid.uuid4()
    return uuid.UUID(str(obj.id))


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not state.is_update:
        return
    hooks = hooks_of(state.session)
    if hooks is None or not hooks.crm_enabled:
        return
    mapper = state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    sobject = _BULK.get(model) if model is not None else None
    if sobject is None or model is None:
        return
    # the SET columns (private attribute; when it is not there, every update counts)
    values = getattr(state.statement, "_values", None)
    if values:
        names = {k if isinstance(k, str) else getattr(k, "key", str(k)) for k in values}
        if not names & set(_SHOWN[model]):
            return
    query = select(model.id)
    where = getattr(state.statement, "whereclause", None)
    if where is not None:
        query = query.where(where)
    ids = state.session.execute(query).scalars().all()
    for studio_id in ids:
        _queue(state.session, sobject, studio_id, "bulk.updated")


def _forget(session: Session, _transaction: SessionTransaction) -> None:
    """A new transaction (or a rolled-back savepoint) must queue its changes afresh."""
    session.info.pop(_SEEN, None)


def install() -> None:
    """Listen on every Session (idempotent)."""
    listen_on_sessions(
        (
            ("before_flush", _before_flush),
            ("do_orm_execute", _do_orm_execute),
            ("after_transaction_end", _forget),
        )
    )


install()
