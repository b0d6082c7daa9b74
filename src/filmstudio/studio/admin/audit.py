"""The admin audit log: `record` an action in the transaction that does it (so the log never
shows an action that rolled back, nor misses one that committed), and read it page by page."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.admin.models import AuditEntry
from filmstudio.studio.admin.schemas import AuditEntryPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.pagination import Page, PageParams


def record(
    session: Session,
    actor_id: uuid.UUID,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str | None = None,
    **details: Any,
) -> None:
    """Add one entry (who, what, on what, with which values) to the caller's transaction."""
    session.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=None if target_id is None else str(target_id),
            details={k: v for k, v in details.items() if v is not None},
        )
    )


def record_now(
    studio: Studio,
    actor_id: uuid.UUID,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str | None = None,
    **details: Any,
) -> None:
    """`record` in a transaction of its own (for actions a service committed already)."""
    with studio.db.transaction() as session:
        record(session, actor_id, action, target_type, target_id, **details)


def entries(
    studio: Studio,
    params: PageParams,
    *,
    actor_id: uuid.UUID | None = None,
    action: str | None = None,
    target_id: str | None = None,
) -> Page[AuditEntryPublic]:
    """Newest first, optionally for one administrator, one action or one target."""
    filters = []
    if actor_id is not None:
        filters.append(AuditEntry.actor_id == actor_id)
    if action is not None:
        filters.append(AuditEntry.action == action)
    if target_id is not None:
        filters.append(AuditEntry.target_id == target_id)
    query = (
        select(AuditEntry, User.email)
        .join(User, User.id == AuditEntry.actor_id)
        .where(*filters)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id)
    )
    with studio.db.read_session() as session:
        total = session.scalar(select(func.count()).select_from(AuditEntry).where(*filters))
        rows = session.execute(query.offset(params.offset).limit(params.page_size)).all()
        items = [
            AuditEntryPublic(
                id=entry.id,
                actor_id=entry.actor_id,
                actor_email=email,
                action=entry.action,
                target_type=entry.target_type,
                target_id=entry.target_id,
                details=entry.details or {},
                created_at=entry.created_at,
            )
            for entry, email in rows
        ]
    return Page[AuditEntryPublic](
        items=items, total=int(total or 0), page=params.page, page_size=params.page_size
    )
