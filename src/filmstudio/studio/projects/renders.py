"""A project's renders (its jobs), each with links to its finished files."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.jobs.schemas import JobStatus, is_output
from filmstudio.studio.projects import links, thumbnails
from filmstudio.studio.projects import service as projects

MAX_RENDERS = 20


class RenderPublic(BaseModel):
    id: uuid.UUID
    project_version: int
    status: JobStatus
    progress: int
    current_step: str
    error: str | None
    quality: str
    watermark: bool
    moderation: str | None
    created_at: datetime
    finished_at: datetime | None
    files: dict[str, str]
    thumbnail_url: str | None = None


def list_renders(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> list[RenderPublic]:
    """The project's latest renders, newest first; finished ones link to their files."""
    with studio.db.read_session() as session:
        projects.load(session, project_id, user, "view")
        jobs = session.scalars(
            select(Job)
            .where(Job.project_id == project_id)
            .order_by(Job.created_at.desc(), Job.id)
            .limit(MAX_RENDERS)
        ).all()
        return [_public(studio, job) for job in jobs]


def _public(studio: Studio, job: Job) -> RenderPublic:
    outputs = dict(job.outputs) if job.status == "completed" else {}
    return RenderPublic(
        id=job.id,
        project_version=job.project_version,
        status=job.status,
        progress=job.progress,
        current_step=job.current_step,
        error=job.error,
        quality=str(job.request.get("quality", "")),
        watermark=bool(job.request.get("watermark", False)),
        moderation="pending_review" if job.held else None,
        created_at=job.created_at,
        finished_at=job.finished_at,
        files={
            n: links.link(studio, str(key), n.replace("/", "-"))
            for n, key in outputs.items()
            if is_output(n)
        },
        thumbnail_url=thumbnails.link_of(studio, outputs),
    )
