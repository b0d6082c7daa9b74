"""The moderation queue: flagged submissions wait here; approving sends the job to the
render queue, rejecting fails it and refunds the credit."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import Conflict, NotFound
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.moderation.models import ModerationItem
from filmstudio.studio.moderation.schemas import ModerationItemPublic
from filmstudio.studio.pagination import Page, PageParams, paginate


def list_items(
    studio: Studio, status: str | None, params: PageParams
) -> Page[ModerationItemPublic]:
    query = select(ModerationItem)
    if status is not None:
        query = query.where(ModerationItem.status == status)
    query = query.order_by(ModerationItem.created_at, ModerationItem.id)
    with studio.db.read_session() as session:
        rows, total = paginate(session, query, params)
        items = [ModerationItemPublic.model_validate(r) for r in rows]
    return Page[ModerationItemPublic](
        items=items, total=total, page=params.page, page_size=params.page_size
    )


def decide(
    studio: Studio, admin: UserPublic, item_id: uuid.UUID, approve: bool, note: str | None
) -> ModerationItemPublic:
    """Approve (the job is queued) or reject (the job fails, the credit comes back)."""
    keys: list[str] = []
    enqueue: tuple[uuid.UUID, str] | None = None
    with studio.db.transaction() as session:
        item = session.get(ModerationItem, item_id, with_for_update=True)
        if item is None:
            raise NotFound("There is no moderation item with this id.")
        if item.status != "pending":
            raise Conflict(f"This item was already {item.status}.")
        item.status = "approved" if approve else "rejected"
        item.reviewed_by, item.reviewed_at, item.note = admin.id, utcnow(), note
        job = session.get(Job, item.job_id, with_for_update=True)
        if job is not None and job.status == "queued" and job.held:
            job.held = False
            if approve:
                job.current_step = "queued"
                enqueue = (job.id, job.priority)
            else:
                reason = "The script was rejected in moderation" + (f": {note}" if note else ".")
                keys = jobs.finish(session, studio, job, "failed", reason)
        result = ModerationItemPublic.model_validate(item)
    studio.cache.delete(*keys)
    if enqueue is not None:
        jobs.enqueue(studio, *enqueue)
    return result
