"""Admin endpoints: ``/admin/*`` (users, suspension, stats, jobs, moderation queue)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from filmstudio.studio.admin import audit
from filmstudio.studio.admin import service as admin
from filmstudio.studio.admin.schemas import (
    AdminModerationItem,
    AdminUserPublic,
    AdminUserUpdate,
    Stats,
    SuspendRequest,
)
from filmstudio.studio.deps import AdminUser, StudioDep
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.schemas import JobPublic, JobStatus
from filmstudio.studio.moderation import service as moderation
from filmstudio.studio.moderation.schemas import ModerationDecision, ModerationItemPublic
from filmstudio.studio.pagination import Page, PageDep

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/users")
def list_users(
    studio: StudioDep,
    _: AdminUser,
    params: PageDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of an e-mail or name.")
    ] = None,
) -> Page[AdminUserPublic]:
    return admin.list_users(studio, q, params)


@router.patch("/users/{user_id}")
def update_user(
    user_id: uuid.UUID, data: AdminUserUpdate, studio: StudioDep, me: AdminUser
) -> AdminUserPublic:
    """Change a user's tier or role (a new role ends the user's logins)."""
    return admin.update_user(studio, me.id, user_id, data)


@router.post("/users/{user_id}/suspend")
def suspend_user(
    user_id: uuid.UUID, data: SuspendRequest, studio: StudioDep, me: AdminUser
) -> AdminUserPublic:
    """Suspend an account: its logins end and it can no longer use the API."""
    return admin.set_suspended(studio, me.id, user_id, True, data.reason)


@router.post("/users/{user_id}/unsuspend")
def unsuspend_user(user_id: uuid.UUID, studio: StudioDep, me: AdminUser) -> AdminUserPublic:
    return admin.set_suspended(studio, me.id, user_id, False)


@router.get("/stats")
def stats(studio: StudioDep, _: AdminUser) -> Stats:
    """Users, films, credits, queue depth and failures."""
    return admin.stats(studio)


@router.get("/jobs")
def list_jobs(
    studio: StudioDep,
    _: AdminUser,
    params: PageDep,
    status: Annotated[JobStatus | None, Query()] = None,
) -> Page[JobPublic]:
    """Everyone's jobs, newest first."""
    return jobs.list_jobs(studio, params, status=status)


@router.get("/moderation")
def moderation_queue(
    studio: StudioDep,
    _: AdminUser,
    params: PageDep,
    status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = "pending",
) -> Page[AdminModerationItem]:
    """Flagged scripts, oldest first (pending ones by default), with author and project."""
    return admin.moderation_page(studio, status, params)


@router.post("/moderation/{item_id}/approve")
def approve(
    item_id: uuid.UUID, studio: StudioDep, me: AdminUser, data: ModerationDecision | None = None
) -> ModerationItemPublic:
    """Let the film be made: its job joins the render queue."""
    item = moderation.decide(studio, me, item_id, True, data.note if data else None)
    audit.record_now(studio, me.id, "moderation.approve", "moderation_item", item_id)
    return item


@router.post("/moderation/{item_id}/reject")
def reject(
    item_id: uuid.UUID, studio: StudioDep, me: AdminUser, data: ModerationDecision | None = None
) -> ModerationItemPublic:
    """Refuse the film: its job fails and the credit is refunded."""
    item = moderation.decide(studio, me, item_id, False, data.note if data else None)
    audit.record_now(studio, me.id, "moderation.reject", "moderation_item", item_id)
    return item
