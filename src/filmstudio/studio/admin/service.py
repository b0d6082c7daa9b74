"""Admin work: find and suspend users, change tiers, and the studio's figures."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, or_, select

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.service import revoke_logins
from filmstudio.studio.accounts.tiers import TIERS
from filmstudio.studio.admin.audit import record
from filmstudio.studio.admin.schemas import (
    AdminModerationItem,
    AdminUserPublic,
    AdminUserUpdate,
    CreditStats,
    FailureStats,
    FilmStats,
    QueueStats,
    Stats,
    UserStats,
)
from filmstudio.studio.cache import balance_key, profile_key
from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import BadRequest, NotFound
from filmstudio.studio.jobs.models import JOB_STATES, Job
from filmstudio.studio.moderation import service as moderation
from filmstudio.studio.pagination import Page, PageParams, paginate
from filmstudio.studio.projects.models import Project


def _public(user: User) -> AdminUserPublic:
    return AdminUserPublic.model_validate(user)


def list_users(studio: Studio, q: str | None, params: PageParams) -> Page[AdminUserPublic]:
    """Users whose e-mail or name contains `q` (any case), newest first."""
    query = select(User).where(User.deleted_at.is_(None))
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern))
        )
    query = query.order_by(User.created_at.desc(), User.id)
    with studio.db.read_session() as session:
        rows, total = paginate(session, query, params)
        items = [_public(u) for u in rows]
    return Page[AdminUserPublic](
        items=items, total=total, page=params.page, page_size=params.page_size
    )


def _target(session_user: User | None) -> User:
    if session_user is None or session_user.deleted_at is not None:
        raise NotFound("There is no user with this id.", code="user_not_found")
    return session_user


def set_suspended(
    studio: Studio, admin_id: uuid.UUID, user_id: uuid.UUID, suspended: bool, reason: str = ""
) -> AdminUserPublic:
    """Suspend (every login ends; the account cannot log in or call the API) or restore."""
    if suspended and user_id == admin_id:
        raise BadRequest("You cannot suspend your own account.", code="cannot_suspend_self")
    with studio.db.transaction() as session:
        user = _target(session.get(User, user_id))
        user.is_suspended = suspended
        user.suspended_reason = (reason or None) if suspended else None
        if suspended:
            revoke_logins(session, user_id)
        action = "user.suspend" if suspended else "user.unsuspend"
        record(session, admin_id, action, "user", user_id, reason=reason or None)
        session.flush()
        result = _public(user)
    studio.cache.delete(profile_key(user_id))
    return result


def update_user(
    studio: Studio, admin_id: uuid.UUID, user_id: uuid.UUID, data: AdminUserUpdate
) -> AdminUserPublic:
    """Change a user's tier (topping credits up to the new tier's monthly amount) or role.

    A new role ends the user's logins: a new administrator must log in with two-step login
    (set up at that login), and a former one keeps no admin session."""
    with studio.db.transaction() as session:
        user = _target(session.get(User, user_id))
        record(
            session,
            admin_id,
            "user.update",
            "user",
            user_id,
            **data.model_dump(exclude_none=True),
            role_before=user.role if data.role not in (None, user.role) else None,
            tier_before=user.tier if data.tier not in (None, user.tier) else None,
        )
        if data.role is not None and data.role != user.role:
            user.role = data.role
            revoke_logins(session, user_id)
        if data.tier is not None and data.tier != user.tier:
            user.tier = data.tier
            session.flush()
            allowance = TIERS[data.tier].monthly_credits
            current = session.scalar(select(User.credits).where(User.id == user_id)) or 0
            if allowance is not None and current < allowance:
                credits.add(
                    session,
                    user_id,
                    allowance - current,
                    kind="tier_change",
                    description=f"Upgraded to {data.tier}",
                )
        session.flush()
        session.refresh(user)
        result = _public(user)
    studio.cache.delete(profile_key(user_id), balance_key(user_id))
    return result


def stats(studio: Studio) -> Stats:
    """Users, films, credits, queue depth and failures, in one read."""
    with studio.db.read_session() as session:
        live = User.deleted_at.is_(None)
        by_tier = dict(
            session.execute(select(User.tier, func.count()).where(live).group_by(User.tier)).all()
        )
        suspended = session.scalar(select(func.count()).where(live, User.is_suspended)) or 0
        jobs = dict(session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
        held = session.scalar(select(func.count()).where(Job.status == "queued", Job.held)) or 0
        failed_recent = (
            session.scalar(
                select(func.count()).where(
                    Job.status == "failed", Job.finished_at >= utcnow() - timedelta(days=1)
                )
            )
            or 0
        )
        projects = (
            session.scalar(
                select(func.count()).select_from(Project).where(Project.deleted_at.is_(None))
            )
            or 0
        )
        outstanding = session.scalar(select(func.coalesce(func.sum(User.credits), 0))) or 0
        sums = dict(
            session.execute(
                select(CreditTransaction.kind, func.sum(CreditTransaction.amount)).group_by(
                    CreditTransaction.kind
                )
            ).all()
        )
    try:
        messages = studio.queue.depth()
    except Exception:
        messages = -1
    return Stats(
        users=UserStats(total=sum(by_tier.values()), by_tier=by_tier, suspended=suspended),
        films=FilmStats(
            projects=projects,
            jobs_by_status={s: jobs.get(s, 0) for s in JOB_STATES},
            completed=jobs.get("completed", 0),
        ),
        credits=CreditStats(
            outstanding=int(outstanding),
            spent=-int((sums.get("job") or 0) + (sums.get("deduct") or 0)),
            refunded=int(sums.get("refund") or 0),
            granted=int(sums.get("grant") or 0),
        ),
        queue=QueueStats(
            queued=jobs.get("queued", 0) - held,
            processing=jobs.get("processing", 0),
            held_for_review=held,
            messages=messages,
        ),
        failures=FailureStats(total=jobs.get("failed", 0), last_24h=failed_recent),
    )


def moderation_page(
    studio: Studio, status: str | None, params: PageParams
) -> Page[AdminModerationItem]:
    """One page of the moderation queue, each item with its author's e-mail and project."""
    page = moderation.list_items(studio, status, params)
    with studio.db.read_session() as session:
        emails = dict(
            session.execute(
                select(User.id, User.email).where(User.id.in_({i.user_id for i in page.items}))
            ).all()
        )
        titles = dict(
            session.execute(
                select(Project.id, Project.title).where(
                    Project.id.in_({i.project_id for i in page.items})
                )
            ).all()
        )
    items = [
        AdminModerationItem(
            **item.model_dump(),
            user_email=emails.get(item.user_id),
            project_title=titles.get(item.project_id),
        )
        for item in page.items
    ]
    return Page[AdminModerationItem](
        items=items, total=page.total, page=page.page, page_size=page.page_size
    )
