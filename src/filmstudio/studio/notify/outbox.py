"""A transactional outbox, shared by e-mail and the CRM: rows written in the same transaction
as the change they announce, then delivered at least once by a background loop.

Claiming is one conditional UPDATE per batch (``WHERE claim_token IS NULL OR claimed_until <
now``), so any number of processes can deliver from one table and a row is worked on by one
of them at a time; on PostgreSQL the candidates are read with ``FOR UPDATE SKIP LOCKED`` so
that deliverers do not queue behind each other. A claim is a lease: a deliverer that dies
leaves its rows to be claimed again once the lease runs out, and its late result is ignored
(results are written only where the claim token is still its own).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Index, Integer, String, Text, delete, exists, select, update
from sqlalchemy.orm import Mapped, aliased, declared_attr, mapped_column

from filmstudio.studio.db.base import UTCDateTime, new_id, rowcount, utcnow
from filmstudio.studio.db.engine import Database


class OutboxColumns:
    """The delivery bookkeeping every outbox table has."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claim_token: Mapped[uuid.UUID | None] = mapped_column()
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @declared_attr.directive
    @classmethod
    def __table_args__(cls) -> tuple[Any, ...]:
        name = cls.__tablename__  # type: ignore[attr-defined]
        return (Index(f"ix_{name}_due", "status", "next_attempt_at"),)


Row = TypeVar("Row", bound=OutboxColumns)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff: base, 2×base, 4×base … capped; after `max_attempts` a row is
    marked failed (kept, visible, and re-sendable by resetting it to pending)."""

    base_seconds: float
    max_seconds: float
    max_attempts: int

    def delay(self, attempts: int) -> timedelta:
        return timedelta(
            seconds=min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds)
        )


def claim(
    db: Database,
    model: type[Row],
    limit: int,
    lease: timedelta,
    now: datetime | None = None,
    exclusive: tuple[str, ...] = (),
) -> tuple[uuid.UUID, list[Row]]:
    """Take up to `limit` due rows, oldest first, for this deliverer; returns its claim token
    and the rows (detached copies, safe to read after the transaction).

    `exclusive` names columns that identify one record (the CRM's object + external id):
    rows of a record another deliverer is sending are left alone, so that an older state
    can never overtake a newer one on the way out.
    """
    now = now or utcnow()
    token = uuid.uuid4()
    table: Any = model
    free = (table.claim_token.is_(None)) | (table.claimed_until < now)
    due = select(table.id).where(table.status == "pending", table.next_attempt_at <= now, free)
    if exclusive:
        busy: Any = aliased(model)
        due = due.where(
            ~exists().where(
                busy.claim_token.is_not(None),
                busy.claimed_until >= now,
                *(getattr(busy, c) == getattr(table, c) for c in exclusive),
            )
        )
    with db.read_session() as session:  # a cheap look first: no write lock when idle
        if session.scalar(due.limit(1)) is None:
            return token, []
    with db.transaction() as session:
        query = due.order_by(table.created_at, table.id).limit(limit)
        if not db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        ids = list(session.scalars(query))
        if not ids:
            return token, []
        taken = rowcount(
            session.execute(
                update(table)
                .where(table.id.in_(ids), table.status == "pending", free)
                .values(claim_token=token, claimed_until=now + lease)
                .execution_options(synchronize_session=False)
            )
        )
        if taken == 0:
            return token, []
        rows: list[Row] = list(
            session.scalars(
                select(table).where(table.claim_token == token).order_by(table.created_at, table.id)
            )
        )
    return token, rows


def mark_sent(
    db: Database, model: type[Row], token: uuid.UUID, ids: Sequence[uuid.UUID], **values: Any
) -> int:
    """Record delivery of rows this deliverer still holds; returns how many."""
    if not ids:
        return 0
    table: Any = model
    with db.transaction() as session:
        return rowcount(
            session.execute(
                update(table)
                .where(table.id.in_(list(ids)), table.claim_token == token)
                .values(
                    status="sent",
                    sent_at=utcnow(),
                    attempts=table.attempts + 1,
                    claim_token=None,
                    claimed_until=None,
                    last_error=None,
                    **values,
                )
                .execution_options(synchronize_session=False)
            )
        )


def mark_failed(
    db: Database,
    model: type[Row],
    token: uuid.UUID,
    failures: dict[uuid.UUID, str],
    attempts: dict[uuid.UUID, int],
    backoff: Backoff,
) -> None:
    """Record a failed attempt per row: retried later with backoff, or failed for good
    after the last attempt (the row stays, so nothing is lost silently)."""
    if not failures:
        return
    table: Any = model
    now = utcnow()
    with db.transaction() as session:
        for row_id, error in failures.items():
            tried = attempts[row_id] + 1
            final = tried >= backoff.max_attempts
            session.execute(
                update(table)
                .where(table.id == row_id, table.claim_token == token)
                .values(
                    status="failed" if final else "pending",
                    attempts=tried,
                    next_attempt_at=now + backoff.delay(tried),
                    claim_token=None,
                    claimed_until=None,
                    last_error=error[:2000],
                )
                .execution_options(synchronize_session=False)
            )


def prune(db: Database, model: type[Row], older_than: timedelta) -> int:
    """Delete rows sent longer ago than `older_than` (failed rows stay until handled)."""
    table: Any = model
    with db.transaction() as session:
        return rowcount(
            session.execute(
                delete(table)
                .where(table.status == "sent", table.sent_at < utcnow() - older_than)
                .execution_options(synchronize_session=False)
            )
        )


def release(db: Database, model: type[Row], token: uuid.UUID) -> None:
    """Give rows back untouched (the deliverer is stopping): no attempt is counted."""
    table: Any = model
    with db.transaction() as session:
        session.execute(
            update(table)
            .where(table.claim_token == token)
            .values(claim_token=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
