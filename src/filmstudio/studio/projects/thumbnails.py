"""The picture that stands for a project: its latest finished film's thumbnail.

Why a query of its own: a project card shows it, so a page of projects asks for the
thumbnails of all its projects at once (one query, not one per card). Before the first
film there is none, and the UI draws a placeholder.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.projects import links

NAME = "thumbnail.jpg"


def key_of(outputs: dict[str, object] | None) -> str | None:
    """The storage key of a finished job's thumbnail, if it made one."""
    key = (outputs or {}).get(NAME)
    return str(key) if key else None


def link_of(studio: Studio, outputs: dict[str, object] | None) -> str | None:
    key = key_of(outputs)
    return links.link(studio, key, NAME) if key else None


def latest(
    studio: Studio, session: Session, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Project id → a link to the thumbnail of its most recently finished film."""
    if not project_ids:
        return {}
    newest = (
        select(Job.project_id, func.max(Job.finished_at).label("finished"))
        .where(Job.project_id.in_(project_ids), Job.status == "completed")
        .group_by(Job.project_id)
        .subquery()
    )
    rows = session.execute(
        select(Job.project_id, Job.outputs)
        .join(
            newest,
            and_(Job.project_id == newest.c.project_id, Job.finished_at == newest.c.finished),
        )
        .where(Job.status == "completed")
    ).all()
    found: dict[uuid.UUID, str] = {}
    for project_id, outputs in rows:
        url = link_of(studio, outputs)
        if url is not None:
            found[project_id] = url
    return found
