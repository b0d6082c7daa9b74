"""Credits are money: every change is a conditional UPDATE of the balance and a ledger row,
committed together.

``UPDATE users SET credits = credits - n WHERE id = ? AND credits >= n RETURNING credits``
cannot double-spend (the database checks and writes in one statement, on SQLite and
PostgreSQL alike), ``CHECK (credits >= 0)`` backs it up, and ``UNIQUE(user_id,
idempotency_key)`` turns a retried request into a replay of the first answer.

Functions taking a `Session` work inside the caller's transaction; the caller commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.tiers import TIERS, add_month
from filmstudio.studio.admin.audit import record
from filmstudio.studio.cache import Cache, balance_key
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.credits.schemas import BalancePublic, TransactionPublic
from filmstudio.studio.crm.capture import CONTACT, CREDIT, record_change
from filmstudio.studio.db.base import new_id, rowcount, utcnow
from filmstudio.studio.db.engine import Database
from filmstudio.studio.errors import Conflict, NotFound, PaymentRequired
from filmstudio.studio.notify.events import credits_spent
from filmstudio.studio.pagination import Page, PageParams, paginate


def _record(
    session: Session,
    user_id: uuid.UUID,
    amount: int,
    balance_after: int,
    kind: str,
    description: str,
    *,
    job_id: uuid.UUID | None = None,
    idempotency_key: str | None = None,
    created_by: uuid.UUID | None = None,
) -> CreditTransaction:
    row = CreditTransaction(
        user_id=user_id,
        amount=amount,
        balance_after=balance_after,
        kind=kind,
        description=description,
        job_id=job_id,
        idempotency_key=idempotency_key,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    return row


def find_by_key(session: Session, user_id: uuid.UUID, key: str) -> CreditTransaction | None:
    return session.scalar(
        select(CreditTransaction).where(
            CreditTransaction.user_id == user_id, CreditTransaction.idempotency_key == key
        )
    )


def _replay(existing: CreditTransaction, amount: int, kind: str) -> CreditTransaction:
    if existing.amount != amount or existing.kind != kind:
        raise Conflict(
            "This Idempotency-Key was already used for a different request; "
            "use a new key for a new request."
        )
    return existing


def spend(
    session: Session,
    user_id: uuid.UUID,
    amount: int,
    *,
    kind: str = "deduct",
    description: str = "",
    job_id: uuid.UUID | None = None,
    idempotency_key: str | None = None,
) -> CreditTransaction:
    """Take `amount` credits or raise 402; a repeated idempotency key replays the first."""
    if idempotency_key is not None:
        existing = find_by_key(session, user_id, idempotency_key)
        if existing is not None:
            return _replay(existing, -amount, kind)
    balance = session.execute(
        update(User)
        .where(User.id == user_id, User.credits >= amount)
        .values(credits=User.credits - amount)
        .returning(User.credits)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if balance is None:
        raise PaymentRequired(
            f"Not enough credits: this needs {amount} and your balance is lower. "
            "Buy more credits or wait for your monthly top-up.",
            code="credits_exhausted",
        )
    return _record(
        session,
        user_id,
        -amount,
        balance,
        kind,
        description,
        job_id=job_id,
        idempotency_key=idempotency_key,
    )


_USERS = cast(Table, User.__table__)
_LEDGER = cast(Table, CreditTransaction.__table__)
#: The hot-path statements as Core, built once (SQLAlchemy caches their compiled form).
_TAKE = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("user_id"), _USERS.c.credits >= bindparam("amount"))
    .values(credits=_USERS.c.credits - bindparam("amount"))
    .returning(_USERS.c.credits)
)
_WRITE_ROW = insert(_LEDGER)


def charge(
    session: Session,
    user_id: uuid.UUID,
    amount: int,
    *,
    kind: str,
    description: str,
    job_id: uuid.UUID | None = None,
) -> int:
    """`spend` for the hot path (a job's credit): the same conditional UPDATE and ledger row
    as two Core statements on the session's connection, with no ORM object; the CRM and the
    low-credit e-mail are told explicitly (their listeners see ORM changes only). Returns
    the balance left; raises 402 when it is too low."""
    connection = session.connection()
    balance = connection.execute(_TAKE, {"user_id": user_id, "amount": amount}).scalar()
    if balance is None:
        raise PaymentRequired(
            f"Not enough credits: this needs {amount} and your balance is lower. "
            "Buy more credits or wait for your monthly top-up.",
            code="credits_exhausted",
        )
    row_id = new_id()
    connection.execute(
        _WRITE_ROW,
        {
            "id": row_id,
            "user_id": user_id,
            "amount": -amount,
            "balance_after": balance,
            "kind": kind,
            "description": description,
            "job_id": job_id,
            "idempotency_key": None,
            "created_by": None,
            "created_at": utcnow(),
        },
    )
    record_change(session, CONTACT, user_id, "bulk.updated")
    record_change(session, CREDIT, row_id, "credit.recorded")
    credits_spent(session, user_id, -amount, balance)
    return int(balance)


def add(
    session: Session,
    user_id: uuid.UUID,
    amount: int,
    *,
    kind: str,
    description: str = "",
    job_id: uuid.UUID | None = None,
    idempotency_key: str | None = None,
    created_by: uuid.UUID | None = None,
) -> CreditTransaction:
    """Give `amount` credits (a grant, refund or purchase); a repeated key replays the first."""
    if idempotency_key is not None:
        existing = find_by_key(session, user_id, idempotency_key)
        if existing is not None:
            return _replay(existing, amount, kind)
    balance = session.execute(
        update(User)
        .where(User.id == user_id)
        .values(credits=User.credits + amount)
        .returning(User.credits)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if balance is None:
        raise NotFound("There is no such user.")
    return _record(
        session,
        user_id,
        amount,
        balance,
        kind,
        description,
        job_id=job_id,
        idempotency_key=idempotency_key,
        created_by=created_by,
    )


def refund_job(session: Session, user_id: uuid.UUID, job_id: uuid.UUID, amount: int) -> bool:
    """Give back a job's credits, once (the ledger key makes a second refund a no-op)."""
    if amount <= 0:
        return False
    key = f"job:{job_id}:refund"
    if find_by_key(session, user_id, key) is not None:
        return False
    add(
        session,
        user_id,
        amount,
        kind="refund",
        description="Film not made",
        job_id=job_id,
        idempotency_key=key,
    )
    return True


def apply_monthly_reset(session: Session, user_id: uuid.UUID, now: datetime | None = None) -> None:
    """Top the balance up to the tier's monthly credits once the reset date has passed.

    Topping up (never cutting down) keeps credits a user bought. The UPDATE names the
    values it read, so two requests racing to reset apply it once.
    """
    now = now or utcnow()
    row = session.execute(
        select(User.credits, User.credit_reset_date, User.tier).where(User.id == user_id)
    ).one_or_none()
    if row is None or row.credit_reset_date > now:
        return
    next_reset = row.credit_reset_date
    while next_reset <= now:
        next_reset = add_month(next_reset)
    allowance = TIERS[row.tier].monthly_credits
    target = max(row.credits, allowance) if allowance is not None else row.credits
    changed = rowcount(
        session.execute(
            update(User)
            .where(
                User.id == user_id,
                User.credits == row.credits,
                User.credit_reset_date == row.credit_reset_date,
            )
            .values(credits=target, credit_reset_date=next_reset)
            .execution_options(synchronize_session=False)
        )
    )
    if changed == 1 and target != row.credits:
        _record(
            session,
            user_id,
            target - row.credits,
            target,
            "monthly_reset",
            f"Monthly {row.tier} credits",
        )


def history(session: Session, user_id: uuid.UUID, params: PageParams) -> Page[TransactionPublic]:
    """One page of the user's ledger, newest first."""
    query = (
        select(CreditTransaction)
        .where(CreditTransaction.user_id == user_id)
        .order_by(CreditTransaction.created_at.desc(), CreditTransaction.id)
    )
    rows, total = paginate(session, query, params)
    return Page[TransactionPublic](
        items=[TransactionPublic.model_validate(r) for r in rows],
        total=total,
        page=params.page,
        page_size=params.page_size,
    )


def read_balance(session: Session, user_id: uuid.UUID) -> BalancePublic:
    row = session.execute(
        select(User.credits, User.credit_reset_date, User.tier).where(User.id == user_id)
    ).one_or_none()
    if row is None:
        raise NotFound("There is no such user.")
    tier = TIERS[row.tier]
    return BalancePublic(
        credits=row.credits,
        tier=tier.name,
        monthly_credits=tier.monthly_credits,
        unlimited=tier.monthly_credits is None,
        credit_reset_date=row.credit_reset_date,
    )


def balance(db: Database, cache: Cache, user_id: uuid.UUID, ttl: float) -> BalancePublic:
    """The balance (after any monthly top-up that is due), cached under user:{id}:balance."""
    cached = cache.get(balance_key(user_id))
    if cached is not None:
        value = BalancePublic.model_validate_json(cached)
        if value.credit_reset_date > utcnow():
            return value
    with db.read_session() as session:
        due = session.scalar(select(User.credit_reset_date).where(User.id == user_id))
    if due is not None and due <= utcnow():
        with db.transaction() as session:
            apply_monthly_reset(session, user_id)
    with db.read_session() as session:
        value = read_balance(session, user_id)
    cache.set(balance_key(user_id), value.model_dump_json(), ttl)
    return value


def _committed(db: Database, user_id: uuid.UUID, key: str | None) -> CreditTransaction | None:
    """The ledger row a concurrent request with the same key committed, if that is what
    made our insert fail."""
    if key is None:
        return None
    with db.read_session() as session:
        return find_by_key(session, user_id, key)


def deduct(
    db: Database,
    cache: Cache,
    user_id: uuid.UUID,
    amount: int,
    description: str,
    idempotency_key: str | None,
) -> CreditTransaction:
    """Spend credits in a transaction of their own (``POST /credits/deduct``)."""
    key = f"deduct:{idempotency_key}" if idempotency_key else None
    try:
        with db.transaction() as session:
            apply_monthly_reset(session, user_id)
            row = spend(session, user_id, amount, description=description, idempotency_key=key)
    except IntegrityError:
        # Another request with the same key committed first: answer as it did.
        existing = _committed(db, user_id, key)
        if existing is None:
            raise
        row = _replay(existing, -amount, "deduct")
    finally:
        cache.delete(balance_key(user_id))
    return row


def grant(
    db: Database,
    cache: Cache,
    user_id: uuid.UUID,
    amount: int,
    description: str,
    admin_id: uuid.UUID,
    idempotency_key: str | None,
) -> CreditTransaction:
    """An admin gives credits (``POST /credits/grant``), recorded in the audit log; a
    replayed idempotency key returns the first grant and records nothing new."""
    key = f"grant:{idempotency_key}" if idempotency_key else None
    try:
        with db.transaction() as session:
            existing = find_by_key(session, user_id, key) if key else None
            if existing is not None:  # a replay: the first grant, nothing new to record
                return _replay(existing, amount, "grant")
            row = add(
                session,
                user_id,
                amount,
                kind="grant",
                description=description or "Granted by an administrator",
                idempotency_key=key,
                created_by=admin_id,
            )
            # in the same transaction: a grant is never without its audit entry
            record(
                session,
                admin_id,
                "credits.grant",
                "user",
                user_id,
                amount=amount,
                description=description or None,
            )
    except IntegrityError:
        existing = _committed(db, user_id, key)
        if existing is None:
            raise
        row = _replay(existing, amount, "grant")
    finally:
        cache.delete(balance_key(user_id))
    return row
