"""Admin API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from filmstudio.studio.moderation.schemas import ModerationItemPublic


class SuspendRequest(BaseModel):
    reason: str = Field(default="", max_length=500)


class AdminUserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tier: Literal["free", "pro", "enterprise"] | None = None
    role: Literal["user", "admin"] | None = None


class AdminUserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: str
    tier: str
    credits: int
    email_verified: bool
    is_suspended: bool
    suspended_reason: str | None


class UserStats(BaseModel):
    total: int
    by_tier: dict[str, int]
    suspended: int


class FilmStats(BaseModel):
    projects: int
    jobs_by_status: dict[str, int]
    completed: int


class CreditStats(BaseModel):
    outstanding: int = Field(description="Credits users hold now.")
    spent: int
    refunded: int
    granted: int


class QueueStats(BaseModel):
    queued: int = Field(description="Jobs waiting (database).")
    processing: int
    held_for_review: int
    messages: int = Field(description="Messages in the queue backend (ready or scheduled).")


class FailureStats(BaseModel):
    total: int
    last_24h: int


class Stats(BaseModel):
    users: UserStats
    films: FilmStats
    credits: CreditStats
    queue: QueueStats
    failures: FailureStats


class AdminModerationItem(ModerationItemPublic):
    """A queued script with who wrote it and for which project, so a reviewer need not
    look them up."""

    user_email: str | None = None
    project_title: str | None = None


class AuditEntryPublic(BaseModel):
    """One administrator action: who (id and address), what, on what, with which values."""

    id: uuid.UUID
    actor_id: uuid.UUID
    actor_email: str
    action: str
    target_type: str
    target_id: str | None
    details: dict[str, Any]
    created_at: datetime
