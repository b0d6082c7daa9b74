"""Moderation API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ModerationItemPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: uuid.UUID
    project_id: uuid.UUID
    user_id: uuid.UUID
    text: str
    reasons: list[str]
    status: Literal["pending", "approved", "rejected"]
    reviewed_by: uuid.UUID | None
    reviewed_at: datetime | None
    note: str | None
    created_at: datetime


class ModerationDecision(BaseModel):
    note: str | None = Field(default=None, max_length=500, description="Shown to the author.")
