"""Jobs: submit (charge one credit, check the script, queue), read, list, cancel, and every
state change a worker or the recovery sweep makes.

States: queued → processing → completed | failed | cancelled (and processing → queued
again for a retry). A job that ends failed or cancelled gets its credit back, exactly once.
Every change after the claim is made under a row lock and names the attempt it belongs to,
so a worker that lost its job (presumed dead, timed out) cannot overwrite a newer attempt.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import Row, Table, and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.accounts.tiers import TIERS, render_quality
from filmstudio.studio.cache import balance_key, projects_key
from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.crm.capture import PROJECT, record_change
from filmstudio.studio.db.base import new_id, utcnow
from filmstudio.studio.errors import Conflict, NotFound, ServiceUnavailable
from filmstudio.studio.jobs.models import FINISHED_STATES, Job
from filmstudio.studio.jobs.schemas import (
    OUTPUT_FILES,
    JobProgress,
    JobPublic,
    JobStatusPublic,
    is_output,
)
from filmstudio.studio.moderation.models import ModerationItem
from filmstudio.studio.pagination import Page, PageParams, paginate
from filmstudio.studio.projects import catalog
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.models import Project, ProjectShare
from filmstudio.studio.telemetry import tracing

log = logging.getLogger("filmstudio.jobs")

NO_JOB = "There is no job with this id."
Outcome = Literal["completed", "failed", "cancelled", "retry", "requeue"]


def render_request(
    project: Project,
    tier_name: str,
    quality: str | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The engine's FilmRequest fields for this project, frozen at submit time: `quality`
    (default: the project's choice) capped by the tier, the project's edited FilmPlan under
    ``plan`` when it has one (the worker then renders that plan, not the script), and the
    job's checked options (`jobs.options.request_fields`)."""
    tier = TIERS[tier_name]
    settings = project.settings or {}
    request = projects.engine_fields(project)
    request["quality"] = render_quality(quality or request["quality"], tier)
    request["watermark"] = tier.watermark
    images = [e["key"] for e in settings.get("images", []) if isinstance(e, dict) and "key" in e]
    if images:
        request["image_keys"] = images  # fetched from storage by the worker at render time
    plan = settings.get("plan")
    if isinstance(plan, dict) and plan:
        request["plan"] = dict(plan)
    request.update(options or {})
    return request


def _project_status(
    session: Session, job: Job, status: str, *, owner: uuid.UUID | None = None
) -> list[str]:
    """Let the project show its newest job's state; returns the cache keys to drop after
    commit. `owner` (the project's owner, known at submit) says this job is the newest."""
    if owner is None:
        latest = session.scalar(
            select(func.max(Job.created_at)).where(Job.project_id == job.project_id)
        )
        if latest is not None and latest > job.created_at:
            return []
    change = (
        update(Project)
        .where(Project.id == job.project_id)
        .values(status=status, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if owner is None:
        owner = session.execute(change.returning(Project.owner_id)).scalar_one_or_none()
    else:
        session.execute(change)
    return projects.list_keys(session, job.project_id, owner) if owner else []


_JOBS = cast(Table, Job.__table__)
_USERS = cast(Table, User.__table__)
_PROJECTS = cast(Table, Project.__table__)
_SHARES = cast(Table, ProjectShare.__table__)
#: A row of plain columns (what submit's Core queries return).
AnyRow = Row[*tuple[Any, ...]]
#: The project's columns a submit needs (its render request is frozen from them).
_PROJECT_FIELDS = (
    "id",
    "owner_id",
    "title",
    "script",
    "style",
    "duration",
    "language",
    "voice",
    "music",
    "settings",
    "version",
)
#: Submit's first look, one round trip: the caller's tier and reset date, the project when
#: the caller owns it and it is not deleted (``project_*``; anyone else goes through
#: `projects.load`, the home of the access rule), whether it is shared (only then are other
#: users' project lists to drop), and the job an Idempotency-Key already made, if any
#: (``job_*``). A Core query built once: no ORM loading.
_SUBMIT_LOOK = (
    select(
        _USERS.c.tier,
        _USERS.c.credit_reset_date,
        exists().where(_SHARES.c.project_id == bindparam("project_id")).label("shared"),
        *(_PROJECTS.c[name].label(f"project_{name}") for name in _PROJECT_FIELDS),
        _JOBS.c.id.label("job_id"),
        _JOBS.c.project_id.label("job_project_id"),
        _JOBS.c.status.label("job_status"),
        _JOBS.c.cancel_requested.label("job_cancel_requested"),
        _JOBS.c.held.label("job_held"),
    )
    .select_from(
        _USERS.outerjoin(
            _PROJECTS,
            and_(
                _PROJECTS.c.id == bindparam("project_id"),
                _PROJECTS.c.owner_id == _USERS.c.id,
                _PROJECTS.c.deleted_at.is_(None),
            ),
        ).outerjoin(
            _JOBS,
            and_(_JOBS.c.user_id == _USERS.c.id, _JOBS.c.idempotency_key == bindparam("key")),
        )
    )
    .where(_USERS.c.id == bindparam("user_id"))
)
#: What a replayed submit answers with, read as plain columns.
_BY_KEY = select(
    _JOBS.c.id.label("job_id"),
    _JOBS.c.project_id.label("job_project_id"),
    _JOBS.c.status.label("job_status"),
    _JOBS.c.cancel_requested.label("job_cancel_requested"),
    _JOBS.c.held.label("job_held"),
).where(_JOBS.c.user_id == bindparam("user_id"), _JOBS.c.idempotency_key == bindparam("key"))
_NEW_JOB = insert(_JOBS)
_SHOW_QUEUED = (
    update(_PROJECTS)
    .where(_PROJECTS.c.id == bindparam("project_id"))
    .values(status="queued", updated_at=bindparam("now"))
)


def _existing(session: Session, user_id: uuid.UUID, key: str) -> AnyRow | None:
    """The job this user's Idempotency-Key made (after an insert lost the race to it)."""
    return session.connection().execute(_BY_KEY, {"user_id": user_id, "key": key}).one_or_none()


def _replayed(job: AnyRow, project_id: uuid.UUID) -> JobStatusPublic:
    """The answer to a retried submit: the job its key made (columns ``job_*``)."""
    if job.job_project_id != project_id:
        raise Conflict(
            "This Idempotency-Key was already used to render another project; "
            "use a new key for a new request."
        )
    return JobStatusPublic(
        id=job.job_id,
        status=job.job_status,
        cancel_requested=job.job_cancel_requested,
        moderation="pending_review" if job.job_held else None,
    )


def submit(
    studio: Studio,
    user: UserPublic,
    project_id: uuid.UUID,
    idempotency_key: str | None,
    *,
    quality: str | None = None,
    options: dict[str, Any] | None = None,
) -> JobStatusPublic:
    """Queue a render of the project's current version (at `quality`, default the project's
    choice, capped by the tier); 402 when no credit is left.

    The job row, the credit charge and its ledger row commit together; the queue message
    is sent after the commit (a job whose message is lost is found and re-sent by
    `recover`). A flagged script holds the job for an admin. The message carries the
    request's trace context, so the worker's spans join the request's trace.

    This is the hot path of a busy studio: one connection, one transaction and five Core
    statements (`_SUBMIT_LOOK`, the job, the charge and its ledger row, the project's
    status), no ORM loading and no flush; the CRM and e-mail outboxes are told of the Core
    writes explicitly.
    """
    try:
        with studio.db.transaction() as session:
            look = (
                session.connection()
                .execute(
                    _SUBMIT_LOOK,
                    {"user_id": user.id, "project_id": project_id, "key": idempotency_key},
                )
                .one()
            )
            if look.job_id is not None:
                return _replayed(look, project_id)
            result, keys, priority, held = _charge_and_record(
                session, studio, user, project_id, idempotency_key, quality, options, look
            )
    except IntegrityError:
        if idempotency_key is None:
            raise
        with studio.db.read_session() as session:
            found = _existing(session, user.id, idempotency_key)
        if found is None:
            raise
        return _replayed(found, project_id)
    studio.cache.delete(balance_key(user.id), *keys)
    log.info("job submitted", extra={"job_id": str(result.id), "held": held})
    if not held:
        # enqueued_at was set in the transaction (one write, not two); if this process dies
        # before the message is sent, `recover` sends it after requeue_after_seconds.
        enqueue(studio, result.id, priority, mark=False, trace=tracing.inject())
    return result


def _own_project(look: AnyRow) -> Project | None:
    """The caller's own project as `_SUBMIT_LOOK` read it (a transient object, not in the
    session: nothing loads or flushes it), or None when it is not theirs or is deleted."""
    if look.project_id is None:
        return None
    return Project(**{name: getattr(look, f"project_{name}") for name in _PROJECT_FIELDS})


def _charge_and_record(
    session: Session,
    studio: Studio,
    user: UserPublic,
    project_id: uuid.UUID,
    idempotency_key: str | None,
    quality: str | None,
    options: dict[str, Any] | None,
    look: AnyRow,
) -> tuple[JobStatusPublic, list[str], str, bool]:
    """Inside submit's transaction: check, add the job, charge its credit, show it on the
    project. Returns the answer, the cache keys to drop after commit, the priority and
    whether it is held."""
    project = _own_project(look) or projects.load(session, project_id, user, "edit")[0]
    catalog.check_script(project.script)
    if look.credit_reset_date <= utcnow():
        credits.apply_monthly_reset(session, user.id)
    tier_name = look.tier
    tier = TIERS[tier_name]
    verdict = studio.moderation.check(f"{project.title}\n{project.script}")
    now = utcnow()
    job_id = new_id()
    charged = 1 if tier.monthly_credits is not None else 0
    connection = session.connection()
    connection.execute(
        _NEW_JOB,
        {
            "id": job_id,
            "user_id": user.id,
            "project_id": project.id,
            "project_version": project.version,
            "status": "queued",
            "priority": tier.priority,
            "progress": 0,
            "current_step": "waiting for review" if verdict.flagged else "queued",
            "attempts": 0,
            "max_attempts": studio.settings.job_max_attempts,
            "request": render_request(project, tier_name, quality, options),
            "outputs": {},
            "credits_charged": charged,
            "idempotency_key": idempotency_key,
            "held": verdict.flagged,
            "cancel_requested": False,
            "created_at": now,
            "updated_at": now,
            "enqueued_at": None if verdict.flagged else now,
        },
    )
    if charged:
        credits.charge(
            session,
            user.id,
            charged,
            kind="job",
            description=f"Film: {project.title}"[:300],
            job_id=job_id,
        )
    if verdict.flagged:
        session.add(
            ModerationItem(
                job_id=job_id,
                project_id=project.id,
                user_id=user.id,
                text=project.script,
                reasons=list(verdict.reasons),
            )
        )
    connection.execute(_SHOW_QUEUED, {"project_id": project.id, "now": now})
    record_change(session, PROJECT, project.id, "bulk.updated")
    if look.shared:
        keys = projects.list_keys(session, project.id, project.owner_id)
    else:
        keys = [projects_key(project.owner_id)]
    result = JobStatusPublic(
        id=job_id, status="queued", moderation="pending_review" if verdict.flagged else None
    )
    return result, keys, tier.priority, verdict.flagged


def enqueue(
    studio: Studio,
    job_id: uuid.UUID,
    priority: str,
    delay: float = 0.0,
    *,
    mark: bool = True,
    trace: dict[str, str] | None = None,
) -> None:
    """Send a new job's message (submit, moderation approval) and note when; if the queue is
    down the job fails and is refunded (the user sees why at once instead of a job that never
    starts). Its Idempotency-Key is released, so a retry with the same key makes a new job.
    Re-sends of a job that may already have a message on the queue use `resend` instead.
    `trace` is the sender's trace context (`telemetry.tracing.inject`), carried by the message."""
    try:
        studio.queue.enqueue(job_id, priority, delay, trace=trace)
    except Exception as exc:
        log.exception("cannot enqueue job", extra={"job_id": str(job_id)})
        keys: list[str] = []
        with studio.db.transaction() as session:
            job = session.get(Job, job_id, with_for_update=True)
            if job is not None and job.status == "queued":
                keys = finish(
                    session,
                    studio,
                    job,
                    "failed",
                    "The render queue could not be reached; your credit was refunded.",
                )
                job.idempotency_key = None
        studio.cache.delete(*keys)
        raise ServiceUnavailable(
            "The render queue is not reachable right now; your credit was refunded. "
            "Try again in a minute."
        ) from exc
    if mark:
        _mark_enqueued(studio, job_id, utcnow())


def _mark_enqueued(studio: Studio, job_id: uuid.UUID, when: datetime | None) -> None:
    with studio.db.transaction() as session:
        session.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued").values(enqueued_at=when)
        )


def resend(
    studio: Studio,
    job_id: uuid.UUID,
    priority: str,
    delay: float = 0.0,
    *,
    trace: dict[str, str] | None = None,
) -> bool:
    """Send the message of a job that stays queued (a retry, the recovery sweep). If the
    queue is down the job is left queued with no send time, so the sweep sends it again later;
    it is never failed here (an earlier message of it may still be delivered). Returns
    whether the message was sent."""
    try:
        studio.queue.enqueue(job_id, priority, delay, trace=trace)
    except Exception:
        log.warning("cannot re-send job; the sweep will try again", extra={"job_id": str(job_id)})
        with contextlib.suppress(Exception):
            _mark_enqueued(studio, job_id, None)
        return False
    _mark_enqueued(studio, job_id, utcnow())
    return True


def _visible(session: Session, job_id: uuid.UUID, user: UserPublic) -> Job:
    job = session.get(Job, job_id)
    if job is None or (job.user_id != user.id and user.role != "admin"):
        raise NotFound(NO_JOB)
    return job


def get(studio: Studio, user: UserPublic, job_id: uuid.UUID) -> JobPublic:
    with studio.db.read_session() as session:
        return JobPublic.of(_visible(session, job_id, user))


def list_jobs(
    studio: Studio,
    params: PageParams,
    *,
    user: UserPublic | None = None,
    status: str | None = None,
) -> Page[JobPublic]:
    """One page of jobs, newest first: a user's own, or everyone's (admin, user=None)."""
    query = select(Job)
    if user is not None:
        query = query.where(Job.user_id == user.id)
    if status is not None:
        query = query.where(Job.status == status)
    query = query.order_by(Job.created_at.desc(), Job.id)
    with studio.db.read_session() as session:
        rows, total = paginate(session, query, params)
        items = [JobPublic.of(j) for j in rows]
    return Page[JobPublic](items=items, total=total, page=params.page, page_size=params.page_size)


def finish(
    session: Session, studio: Studio, job: Job, status: str, error: str | None = None
) -> list[str]:
    """End a job; failed and cancelled jobs get their credit back. Returns cache keys."""
    return _end(session, job, status, error)


def _end(session: Session, job: Job, status: str, error: str | None) -> list[str]:
    job.status = status
    job.finished_at = utcnow()
    job.error = error
    if status == "completed":  # a cancel that arrived as the film finished comes too late
        job.progress, job.current_step, job.error = 100, "done", None
        job.cancel_requested = False
    else:
        job.current_step = status
    if status in ("failed", "cancelled"):
        credits.refund_job(session, job.user_id, job.id, job.credits_charged)
    keys = _project_status(session, job, status)
    return [*keys, balance_key(job.user_id)]


def _cancel_queued(session: Session, job: Job, error: str, review_note: str) -> list[str]:
    """Cancel a queued job (locked by the caller): refund it, show it on its project, and
    close its pending moderation item. Returns cache keys. Every cancel of a queued job,
    by its author or by a deleted project or account, comes through here."""
    keys = _end(session, job, "cancelled", error)
    if job.held:
        item = session.scalar(select(ModerationItem).where(ModerationItem.job_id == job.id))
        if item is not None and item.status == "pending":
            item.status, item.note = "rejected", review_note
            item.reviewed_at = utcnow()
        job.held = False
    return keys


def cancel(studio: Studio, user: UserPublic, job_id: uuid.UUID) -> JobStatusPublic:
    """Cancel a queued job at once, or ask its worker to stop (it stops within seconds and
    the credit comes back then)."""
    with studio.db.transaction() as session:
        job = _visible(session, job_id, user)
        session.refresh(job, with_for_update=True)
        if job.status in FINISHED_STATES:
            raise Conflict(f"The job has already finished ({job.status}); nothing to cancel.")
        keys: list[str] = []
        if job.status == "queued":
            keys = _cancel_queued(
                session, job, "Cancelled before it started.", "Cancelled by its author."
            )
        else:
            job.cancel_requested = True
        result = JobStatusPublic(
            id=job.id,
            status=job.status,
            cancel_requested=job.cancel_requested,
        )
    studio.cache.delete(*keys)
    log.info("job cancel", extra={"job_id": str(job_id), "status": result.status})
    return result


def cancel_unfinished_jobs(
    session: Session, *, user_id: uuid.UUID | None = None, project_id: uuid.UUID | None = None
) -> set[uuid.UUID]:
    """Cancel queued jobs (refunded now) and ask running ones to stop (refunded by their
    worker), for a deleted account or project. Returns the users refunded now."""
    query = select(Job).where(Job.status.in_(("queued", "processing")))
    if user_id is not None:
        query = query.where(Job.user_id == user_id)
    if project_id is not None:
        query = query.where(Job.project_id == project_id)
    refunded: set[uuid.UUID] = set()
    for job in session.scalars(query.with_for_update()).all():
        if job.status == "queued":
            _cancel_queued(
                session,
                job,
                "Cancelled because its project or account was deleted.",
                "Its project or account was deleted.",
            )
            refunded.add(job.user_id)
        else:
            job.cancel_requested = True
    return refunded


@dataclass(frozen=True)
class Claim:
    """What a worker needs once it owns an attempt of a job."""

    job_id: uuid.UUID
    attempt: int
    user_id: uuid.UUID
    project_id: uuid.UUID
    request: dict[str, Any]
    priority: str


def claim(studio: Studio, job_id: uuid.UUID) -> Claim | None:
    """Take a queued job for this worker (one conditional UPDATE: two workers given the same
    message cannot both win); None when it is not claimable (taken, held, cancelled, or a
    retry whose backoff has not passed: an early or duplicate message is dropped, and the
    recovery sweep re-sends the job once it is due if its own message is lost)."""
    now = utcnow()
    with studio.db.transaction() as session:
        row = session.execute(
            update(Job)
            .where(
                Job.id == job_id,
                Job.status == "queued",
                Job.held.is_(False),
                Job.cancel_requested.is_(False),
                or_(Job.not_before.is_(None), Job.not_before <= now),
            )
            .values(
                status="processing",
                attempts=Job.attempts + 1,
                started_at=now,
                heartbeat_at=now,
                progress=0,
                current_step="starting",
                not_before=None,
            )
            .returning(Job.attempts, Job.user_id, Job.project_id, Job.request, Job.priority)
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if row is None:
            return None
        job = session.get(Job, job_id)
        assert job is not None
        keys = _project_status(session, job, "processing")
    studio.cache.delete(*keys)
    return Claim(job_id, row.attempts, row.user_id, row.project_id, dict(row.request), row.priority)


def rendering(studio: Studio, job_id: uuid.UUID) -> Claim | None:
    """The attempt now rendering this job (what a worker helping with its segments needs), or
    None when it is not rendering (finished, queued, cancel asked: the help is not wanted)."""
    with studio.db.read_session() as session:
        row = session.execute(
            select(Job.attempts, Job.user_id, Job.project_id, Job.request, Job.priority).where(
                Job.id == job_id, Job.status == "processing", Job.cancel_requested.is_(False)
            )
        ).one_or_none()
    if row is None:
        return None
    return Claim(job_id, row.attempts, row.user_id, row.project_id, dict(row.request), row.priority)


def is_completed(studio: Studio, job_id: uuid.UUID) -> bool:
    with studio.db.read_session() as session:
        return session.scalar(select(Job.status).where(Job.id == job_id)) == "completed"


def heartbeat(
    studio: Studio, job_id: uuid.UUID, attempt: int, progress: int, step: str
) -> bool | None:
    """Record that the attempt is alive and how far it got. Returns whether a cancel was
    asked for, or None when this attempt no longer owns the job."""
    with studio.db.transaction() as session:
        return session.execute(
            update(Job)
            .where(Job.id == job_id, Job.attempts == attempt, Job.status == "processing")
            .values(heartbeat_at=utcnow(), progress=progress, current_step=step[:50])
            .returning(Job.cancel_requested)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()


def retry_delay(studio: Studio, attempt: int) -> float:
    """Exponential backoff: the base delay, doubled after each failed attempt."""
    return float(studio.settings.job_retry_delay_seconds * 2 ** max(attempt - 1, 0))


def settle(
    studio: Studio,
    job_id: uuid.UUID,
    attempt: int,
    outcome: Outcome,
    *,
    error: str | None = None,
    outputs: dict[str, str] | None = None,
    only_if_dead: tuple[datetime, datetime] | None = None,
) -> bool:
    """Move a processing attempt to its outcome (`settle_outcome`); False when the attempt no
    longer owns the job."""
    settled = settle_outcome(
        studio,
        job_id,
        attempt,
        outcome,
        error=error,
        outputs=outputs,
        only_if_dead=only_if_dead,
    )
    return settled is not None


def settle_outcome(
    studio: Studio,
    job_id: uuid.UUID,
    attempt: int,
    outcome: Outcome,
    *,
    error: str | None = None,
    outputs: dict[str, str] | None = None,
    only_if_dead: tuple[datetime, datetime] | None = None,
) -> Outcome | None:
    """Move a processing attempt to its outcome. A retry goes back on the queue with backoff
    (or fails once the attempts are used up); a requeue (the worker is shutting down) does
    not count as an attempt. `only_if_dead` = (stale, overdue) makes the change only if the
    attempt's last heartbeat is older than `stale` or it started before `overdue` (the
    recovery sweep's check, repeated under the lock).
    Returns the outcome the attempt got (a retry may end failed or cancelled: what the
    metrics count), or None when the attempt no longer owns the job."""
    delay = 0.0
    with studio.db.transaction() as session:
        job = session.get(Job, job_id, with_for_update=True)
        if job is None or job.status != "processing" or job.attempts != attempt:
            return None
        if only_if_dead is not None:
            stale, overdue = only_if_dead
            beating = job.heartbeat_at is not None and job.heartbeat_at >= stale
            in_time = job.started_at is None or job.started_at >= overdue
            if beating and in_time:
                return None
        if outcome == "retry" and job.cancel_requested:
            outcome, error = "cancelled", "Cancelled while it was rendering."
        if outcome == "retry" and job.attempts >= job.max_attempts:
            outcome = "failed"
            error = f"{error} (gave up after {job.attempts} attempts)"
        keys: list[str] = []
        if outcome in ("retry", "requeue"):
            if outcome == "requeue":
                job.attempts -= 1
            else:
                delay = retry_delay(studio, job.attempts)
                job.error = error
            job.status, job.progress, job.enqueued_at = "queued", 0, None
            job.current_step = "waiting to retry" if outcome == "retry" else "queued"
            job.not_before = utcnow() + timedelta(seconds=delay)
            priority = job.priority
            keys = _project_status(session, job, "queued")
        else:
            if outputs is not None:
                job.outputs = outputs
            keys = finish(session, studio, job, outcome, error)
    studio.cache.delete(*keys)
    log.info("job settled", extra={"job_id": str(job_id), "outcome": outcome, "attempt": attempt})
    if outcome in ("retry", "requeue"):
        # a retry sent from inside the failed attempt's span stays in the job's trace
        resend(studio, job_id, priority, delay, trace=tracing.inject() or None)
    return outcome


def recover(studio: Studio, now: datetime | None = None) -> dict[str, int]:
    """The recovery sweep, run by every worker: nothing is lost when a worker dies.

    A processing job whose worker stopped sending heartbeats (killed, machine lost) or that
    ran past the time limit is retried, or failed and refunded after its last attempt
    (``retried`` counts every recovered attempt; ``failed`` and ``cancelled`` those that ended
    the job). A
    queued job whose message never reached the queue (or was lost with a worker) is sent
    again; duplicates are harmless because claiming is conditional.
    """
    now = now or utcnow()
    settings = studio.settings
    stale = now - timedelta(seconds=settings.stale_after_seconds)
    overdue = now - timedelta(seconds=settings.job_timeout_seconds + settings.stale_after_seconds)
    with studio.db.read_session() as session:
        dead = session.execute(
            select(Job.id, Job.attempts, Job.started_at).where(
                Job.status == "processing",
                or_(Job.heartbeat_at < stale, Job.started_at < overdue),
            )
        ).all()
        lost = session.execute(
            select(Job.id, Job.priority).where(
                Job.status == "queued",
                Job.held.is_(False),
                or_(Job.not_before.is_(None), Job.not_before <= now),
                or_(
                    and_(Job.enqueued_at.is_(None), Job.updated_at < stale),
                    Job.enqueued_at < now - timedelta(seconds=settings.requeue_after_seconds),
                ),
            )
        ).all()
    report = {"retried": 0, "requeued": 0, "failed": 0, "cancelled": 0}
    for job_id, attempt, started in dead:
        timed_out = started is not None and started < overdue
        reason = (
            "The render ran past the time limit."
            if timed_out
            else "The worker rendering this film stopped unexpectedly."
        )
        settled = settle_outcome(
            studio, job_id, attempt, "retry", error=reason, only_if_dead=(stale, overdue)
        )
        if settled is not None:
            report["retried"] += 1
            if settled in ("failed", "cancelled"):  # its last attempt, or a cancel was asked
                report[settled] += 1
            log.warning("job recovered", extra={"job_id": str(job_id), "reason": reason})
    for job_id, priority in lost:
        if not resend(studio, job_id, priority):
            continue
        report["requeued"] += 1
        log.warning("job message re-sent", extra={"job_id": str(job_id)})
    return report


def progress_of(studio: Studio, user: UserPublic, job_id: uuid.UUID) -> JobProgress:
    """Where the job is now (what the progress endpoint, WebSocket and SSE report)."""
    with studio.db.read_session() as session:
        job = _visible(session, job_id, user)
        return JobProgress(
            id=job.id,
            status=job.status,
            progress=job.progress,
            current_step=job.current_step,
        )


def output_key(studio: Studio, user: UserPublic, job_id: uuid.UUID, name: str) -> str:
    """The storage key of one file of a completed job."""
    with studio.db.read_session() as session:
        job = _visible(session, job_id, user)
        if job.status != "completed":
            raise Conflict(f"The job is {job.status}; its files exist once it has completed.")
        if not is_output(name) or name not in job.outputs:
            raise NotFound(
                f"This job has no file named {name!r}; it has {', '.join(OUTPUT_FILES)}."
            )
        return str(job.outputs[name])
