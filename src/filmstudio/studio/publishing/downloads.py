"""Downloads: a film (MP4 by tier) or its subtitles by a time-limited link, e-mailed links,
and several projects' films as one zip streamed from storage.

Links are either S3 presigned URLs (S3 storage) or studio URLs signed with an HMAC of the
signing key that carry their own expiry (``/downloads/file/{token}``); the studio link
works for both storages (on S3 it redirects to a fresh presigned URL), which is what the
seven-day e-mailed link uses, since a presigned URL cannot be trusted for that long.
A quality the tier allows but that was never rendered is rendered on demand (202 + job).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.accounts.tiers import QUALITIES, TIERS
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import BadRequest, Conflict, Forbidden, NotFound
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.notify import Email
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.models import Project
from filmstudio.studio.publishing.crypto import BadSignature, Expired, Signer
from filmstudio.studio.publishing.schemas import (
    DownloadLink,
    EmailSent,
    RenderStarted,
)
from filmstudio.studio.publishing.settings import PublishingSettings
from filmstudio.studio.publishing.zipstream import Entry, zip_chunks

log = logging.getLogger("filmstudio.downloads")

FILE_PATH = "/api/v1/downloads/file/"
FORMAT_FILES = {"mp4": "film.mp4", "srt": "film.srt", "vtt": "film.vtt"}
TAMPERED = "This download link is not valid: it was changed or cut short. Ask for a new link."


@dataclass(frozen=True)
class Found:
    """A stored file ready to hand out."""

    key: str
    filename: str
    title: str = ""
    language: str | None = None


def _settings(studio: Studio) -> PublishingSettings:
    settings: PublishingSettings = studio.settings.publishing
    return settings


def _signer(studio: Studio) -> Signer:
    return Signer(studio.settings.signing_key, b"filmstudio download link")


def _slug(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()
    return slug[:60] or "film"


def _quality_for(user: UserPublic, quality: str | None) -> str:
    """The asked-for quality (default: the best the tier allows), or 403 above the tier."""
    tier = TIERS[user.tier]
    if quality is None:
        return tier.max_quality
    if quality not in QUALITIES:
        raise BadRequest(f"Unknown quality {quality!r}. Choose one of: {', '.join(QUALITIES)}.")
    if QUALITIES.index(quality) > QUALITIES.index(tier.max_quality):
        better = next(
            t.name
            for t in TIERS.values()
            if QUALITIES.index(t.max_quality) >= QUALITIES.index(quality)
        )
        raise Forbidden(
            f"Downloads in {quality} need the {better} plan; yours ({tier.name}) allows up to "
            f"{tier.max_quality}."
        )
    return quality


def _allowed(user: UserPublic) -> tuple[str, ...]:
    """The qualities the user's tier may download, worst to best."""
    return QUALITIES[: QUALITIES.index(TIERS[user.tier].max_quality) + 1]


def _jobs_of(session: Session, project_id: uuid.UUID, states: tuple[str, ...]) -> list[Job]:
    return list(
        session.scalars(
            select(Job)
            .where(Job.project_id == project_id, Job.status.in_(states))
            .order_by(Job.created_at.desc())
            .limit(200)
        )
    )


def find(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, fmt: str, quality: str | None
) -> Found | RenderStarted:
    """The newest stored file of this format (and quality, for MP4); for an MP4 quality not
    made yet, a render of it (queued now, or the one already under way)."""
    if fmt not in FORMAT_FILES:
        raise BadRequest("Unknown format: choose mp4, srt or vtt.")
    name = FORMAT_FILES[fmt]
    wanted = _quality_for(user, quality) if fmt == "mp4" else None
    # With no quality asked for, any film the tier allows will do (the newest), so asking
    # for a link never costs a credit when a film exists; the tier's best is made otherwise.
    accepted = {wanted} if quality is not None else set(_allowed(user))
    with studio.db.read_session() as session:
        project, _ = projects.load(session, project_id, user, "view")
        title, language = project.title, project.language
        done = _jobs_of(session, project_id, ("completed",))
        for job in done:
            made = job.request.get("quality")
            if name in job.outputs and (wanted is None or made in accepted):
                suffix = f"-{made}" if wanted else ""
                filename = f"{_slug(title)}{suffix}.{fmt}"
                return Found(str(job.outputs[name]), filename, title, language)
        if wanted is None:
            raise Conflict(
                "This project has no finished film yet, so it has no subtitles; render it "
                "first (POST /api/v1/jobs/submit)."
            )
        running = [
            j
            for j in _jobs_of(session, project_id, ("queued", "processing"))
            if j.request.get("quality") == wanted
        ]
    if running:
        job_id = running[0].id
    else:
        job_id = jobs.submit(studio, user, project_id, None, quality=wanted).id
        log.info("render on demand", extra={"job_id": str(job_id), "quality": wanted})
    return RenderStarted(
        job_id=job_id,
        quality=wanted,
        detail=f"This film has not been made in {wanted} yet; it is being rendered. "
        "Ask for the link again when the job has completed.",
    )


def studio_url(studio: Studio, found: Found, seconds: int) -> tuple[str, int]:
    """A studio link to the file, signed, valid `seconds`; and its expiry (Unix time)."""
    expires = int(time.time()) + seconds
    token = _signer(studio).sign({"k": found.key, "n": found.filename}, expires)
    return studio.settings.public_url.rstrip("/") + FILE_PATH + token, expires


def link(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, fmt: str, quality: str | None
) -> DownloadLink | RenderStarted:
    """A link valid for an hour: presigned on S3, signed by the studio otherwise."""
    found = find(studio, user, project_id, fmt, quality)
    if isinstance(found, RenderStarted):
        return found
    if studio.storage.size(found.key) is None:
        raise NotFound("The file is missing from storage; render the project again.")
    seconds = _settings(studio).download_link_seconds
    presigned = studio.storage.download_url(found.key, found.filename, seconds)
    if presigned is not None:
        expires = int(time.time()) + seconds
        return DownloadLink(url=presigned, expires_at=datetime.fromtimestamp(expires, UTC))
    url, expires = studio_url(studio, found, seconds)
    return DownloadLink(url=url, expires_at=datetime.fromtimestamp(expires, UTC))


def email_link(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, fmt: str, quality: str | None
) -> EmailSent | RenderStarted:
    """E-mail the user a studio link valid for a week (the mailer sends or queues it)."""
    found = find(studio, user, project_id, fmt, quality)
    if isinstance(found, RenderStarted):
        return found
    days = _settings(studio).email_link_days
    url, expires = studio_url(studio, found, days * 86400)
    until = datetime.fromtimestamp(expires, UTC)
    studio.mailer.send(_link_email(user.email, found, url, f"{until:%Y-%m-%d %H:%M} UTC"))
    log.info("download link e-mailed", extra={"project_id": str(project_id)})
    return EmailSent(sent_to=user.email, expires_at=until)


def _link_email(to: str, found: Found, url: str, expires: str) -> Email:
    """The e-mail in the project's language (the notify templates), or a plain English one
    if that template is not there."""
    try:
        from filmstudio.studio.notify.templates import render

        return render(
            "download_link", found.language, to, title=found.title, link=url, expires=expires
        )
    except (ImportError, KeyError, ValueError):
        return Email(
            to=to,
            subject=f"Your download link for {found.title or found.filename}",
            text=f"Here is the link to download {found.filename}:\n{url}\n\n"
            f"It works until {expires}. Anyone with the link can download the file, "
            "so keep it to yourself.\n",
        )


def read_link(studio: Studio, token: str) -> Found:
    """The file a studio link points to; 403 with a sentence when expired or changed."""
    try:
        payload = _signer(studio).read(token)
        return Found(str(payload["k"]), str(payload["n"]))
    except Expired as error:
        when = datetime.fromtimestamp(error.expired_at, UTC)
        raise Forbidden(
            f"This download link expired on {when:%Y-%m-%d %H:%M} UTC. Ask for a new link."
        ) from error
    except (BadSignature, KeyError) as error:
        raise Forbidden(TAMPERED) from error


# --- zip of several projects -------------------------------------------------------------


def _zip_entries(studio: Studio, files: list[tuple[str, str, int]]) -> Iterator[Entry]:
    chunk = _settings(studio).zip_chunk_bytes
    for name, key, size in files:
        yield Entry(name, size, studio.storage.iter_chunks(key, chunk))


def zip_plan(
    studio: Studio, user: UserPublic, project_ids: list[uuid.UUID]
) -> list[tuple[str, str, int]]:
    """(name in the zip, storage key, size) for each project's newest film and subtitles;
    checked before the first byte is sent, so a bad request gets a proper error."""
    limit = _settings(studio).zip_max_projects
    unique = list(dict.fromkeys(project_ids))
    if len(unique) > limit:
        raise BadRequest(f"A zip holds at most {limit} projects; you asked for {len(unique)}.")
    files: list[tuple[str, str, int]] = []
    folders: set[str] = set()
    with studio.db.read_session() as session:
        for project_id in unique:
            project: Project
            project, _ = projects.load(session, project_id, user, "view")
            job = next(
                (
                    j
                    for j in _jobs_of(session, project_id, ("completed",))
                    if "film.mp4" in j.outputs
                ),
                None,
            )
            if job is None:
                raise Conflict(
                    f"The project {project.title!r} has no finished film yet; render it or "
                    "leave it out of the zip."
                )
            folder = _slug(project.title)
            if folder in folders:
                folder = f"{folder}-{str(project.id)[:8]}"
            folders.add(folder)
            for name in ("film.mp4", "film.srt", "film.vtt"):
                key: Any = job.outputs.get(name)
                if key is None:
                    continue
                size = studio.storage.size(str(key))
                if size is None:
                    raise NotFound(
                        f"A file of {project.title!r} is missing from storage; render it again."
                    )
                files.append((f"{folder}/{name}", str(key), size))
    return files


def zip_stream(studio: Studio, files: list[tuple[str, str, int]]) -> Iterator[bytes]:
    return zip_chunks(_zip_entries(studio, files))
