"""The credit ledger: append-only; a user's balance always equals the sum of their rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from filmstudio.studio.db.base import Base, UTCDateTime, new_id, utcnow


class CreditTransaction(Base):
    """One change of a balance: positive for grants and refunds, negative for spending.

    ``UNIQUE(user_id, idempotency_key)`` makes a retried request (same key) a no-op, and
    ``job:<id>:charge`` / ``job:<id>:refund`` keys make a job charge and refund at most once.
    """

    __tablename__ = "credit_transactions"
    __table_args__ = (UniqueConstraint("user_id", "idempotency_key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    balance_after: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(300), default="")
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"), index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
