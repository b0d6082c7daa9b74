"""Job API shapes."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from filmstudio.studio.jobs.options import JobOptions

JobStatus = Literal["queued", "processing", "completed", "failed", "cancelled"]


class JobSubmit(BaseModel):
    project_id: uuid.UUID
    options: JobOptions = Field(
        default_factory=JobOptions, description="Engine options beyond the project's settings."
    )


class JobStatusPublic(BaseModel):
    id: uuid.UUID
    status: JobStatus
    cancel_requested: bool = False
    moderation: Literal["pending_review"] | None = Field(
        default=None, description="Set while an admin reviews the script."
    )


class JobProgress(BaseModel):
    id: uuid.UUID
    status: JobStatus
    progress: int = Field(ge=0, le=100)
    current_step: str


class JobPublic(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    project_version: int
    user_id: uuid.UUID
    status: JobStatus
    priority: Literal["high", "normal", "low"]
    progress: int
    current_step: str
    attempts: int
    max_attempts: int
    error: str | None
    quality: str
    watermark: bool
    credits_charged: int
    cancel_requested: bool
    moderation: Literal["pending_review"] | None
    files: list[str] = Field(description="Output names; fetch each at /jobs/{id}/files/{name}.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Any) -> JobPublic:
        return cls(
            id=job.id,
            project_id=job.project_id,
            project_version=job.project_version,
            user_id=job.user_id,
            status=job.status,
            priority=job.priority,
            progress=job.progress,
            current_step=job.current_step,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            error=job.error,
            quality=job.request.get("quality", ""),
            watermark=bool(job.request.get("watermark", False)),
            credits_charged=job.credits_charged,
            cancel_requested=job.cancel_requested,
            moderation="pending_review" if job.held else None,
            files=sorted(n for n in job.outputs if is_output(n)),
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


#: What the engine promises to make (``make_film``'s ``result.files``).
OUTPUT_FILES = (
    "film.mp4",
    "film.srt",
    "film.vtt",
    "film.ass",
    "thumbnail.jpg",
    "thumbnail-2.jpg",
    "thumbnail-3.jpg",
    "plan.json",
)

#: What the engine makes when a job asks for it: subtitles in other languages, stems.
EXTRA_OUTPUT = re.compile(r"^(film\.[a-z]{2,3}\.(srt|vtt)|stems/[a-z0-9_-]{1,40}\.wav)$")


def is_output(name: str) -> bool:
    """Whether `name` is a file a job may have made (and a client may download)."""
    return name in OUTPUT_FILES or EXTRA_OUTPUT.match(name) is not None
