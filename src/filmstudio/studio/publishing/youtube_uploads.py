"""Sending a film to YouTube in the background, with progress, resumption and retries.

The upload row is written (and committed) before the queue message is sent, and every
outcome is written back to it, so an upload is never lost: quota, revoked consent and
network failures each leave a clear status and a retry path. The film goes up in chunks
through the client's resumable protocol; the session address and the bytes YouTube has
acknowledged are saved after each chunk, so a retry (or another worker after a crash)
resumes where YouTube stopped instead of sending the film again. Each step after the video
exists (thumbnail, playlist) is recorded as done, so a retry never repeats it.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from googleapiclient.http import MediaFileUpload
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import Conflict, NotFound, StudioError
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.logs import job_id_var
from filmstudio.studio.projects import service as projects
from filmstudio.studio.publishing import youtube_auth as auth
from filmstudio.studio.publishing.models import RETRYABLE_STATES, YoutubeUpload
from filmstudio.studio.publishing.schemas import UploadCreate, UploadPublic, VideoStatus
from filmstudio.studio.publishing.youtube_client import YoutubeFailure, classify
from filmstudio.studio.queue import UPLOAD_TASK

log = logging.getLogger("filmstudio.youtube")

NO_UPLOAD = "There is no YouTube upload with this id."
WATCH_URL = "https://www.youtube.com/watch?v="


class ResendableFile(MediaFileUpload):  # type: ignore[misc]
    """A film read one chunk at a time as bytes, not as a stream.

    httplib2 quietly re-sends a request once when the connection drops before the answer;
    a chunk given as a stream has been read by then and would go out empty (YouTube refuses
    it, or worse). A chunk of bytes is re-sent whole; one chunk is in memory at a time."""

    def has_stream(self) -> bool:
        return False


def film_job(session: Session, project_id: uuid.UUID, job_id: uuid.UUID | None) -> Job:
    """The completed render to publish: the one named, or the project's newest."""
    query = select(Job).where(Job.project_id == project_id, Job.status == "completed")
    if job_id is not None:
        query = query.where(Job.id == job_id)
    job = session.scalar(query.order_by(Job.finished_at.desc()).limit(1))
    if job is None or "film.mp4" not in job.outputs:
        if job_id is not None:
            raise NotFound("This project has no finished render with that job id.")
        raise Conflict(
            "This project has no finished film yet; render it first (POST /api/v1/jobs/submit)."
        )
    return job


def create(studio: Studio, user: UserPublic, data: UploadCreate) -> UploadPublic:
    """Record the upload, then queue it; 409 if the channel is not connected."""
    auth.require_enabled(studio)
    if not auth.connection(studio, user).connected:
        raise Conflict(auth.NOT_CONNECTED)
    with studio.db.transaction() as session:
        project, _ = projects.load(session, data.project_id, user, "edit")
        job = film_job(session, project.id, data.job_id)
        row = YoutubeUpload(
            user_id=user.id,
            project_id=project.id,
            job_id=job.id,
            status="queued",
            privacy=data.privacy,
            title=data.title,
            description=data.description,
            tags=data.tags,
            made_for_kids=data.made_for_kids,
            category_id=data.category_id,
            playlist_id=data.playlist_id,
            film_key=str(job.outputs["film.mp4"]),
            thumbnail_key=job.outputs.get(data.thumbnail),
            bytes_sent=0,
            total_bytes=0,
            progress=0,
            attempts=0,
            thumbnail_set=False,
            playlist_added=False,
        )
        session.add(row)
        session.flush()
        created = UploadPublic.of(row)
    if not _send(studio, created.id):
        return get(studio, user, created.id)  # says why it is not queued, and how to retry
    return created


def _send(studio: Studio, upload_id: uuid.UUID, delay: float = 0.0) -> bool:
    """Queue the upload; if the queue is down the row says so and can be retried."""
    try:
        studio.queue.send(UPLOAD_TASK, upload_id, "normal", delay)
    except Exception:
        log.exception("cannot queue a youtube upload", extra={"upload_id": str(upload_id)})
        _finish(
            studio,
            upload_id,
            "network_error",
            "The upload queue could not be reached; retry the upload in a minute.",
        )
        return False
    return True


def _visible(session: Any, upload_id: uuid.UUID, user: UserPublic) -> YoutubeUpload:
    row = session.get(YoutubeUpload, upload_id)
    if row is None or (row.user_id != user.id and user.role != "admin"):
        raise NotFound(NO_UPLOAD)
    return row  # type: ignore[no-any-return]


def get(studio: Studio, user: UserPublic, upload_id: uuid.UUID) -> UploadPublic:
    with studio.db.read_session() as session:
        return UploadPublic.of(_visible(session, upload_id, user))


def list_uploads(
    studio: Studio, user: UserPublic, project_id: uuid.UUID | None
) -> list[UploadPublic]:
    query = select(YoutubeUpload).where(YoutubeUpload.user_id == user.id)
    if project_id is not None:
        query = query.where(YoutubeUpload.project_id == project_id)
    with studio.db.read_session() as session:
        rows = session.scalars(query.order_by(YoutubeUpload.created_at.desc()).limit(100))
        return [UploadPublic.of(r) for r in rows]


def retry(studio: Studio, user: UserPublic, upload_id: uuid.UUID) -> UploadPublic:
    """Queue a failed upload again; it resumes from what YouTube already has."""
    auth.require_enabled(studio)
    with studio.db.transaction() as session:
        row = _visible(session, upload_id, user)
        session.refresh(row, with_for_update=True)
        if row.status not in RETRYABLE_STATES:
            raise Conflict(
                f"The upload is {row.status.replace('_', ' ')}; only a failed upload can be "
                "retried."
            )
        row.status, row.error, row.attempts, row.not_before = "queued", None, 0, None
    _send(studio, upload_id)
    return get(studio, user, upload_id)


def video_status(studio: Studio, user: UserPublic, video_id: str) -> VideoStatus:
    """Our record (by upload id or YouTube video id) and YouTube's processing status."""
    upload: UploadPublic | None = None
    with studio.db.read_session() as session:
        row = None
        with contextlib.suppress(ValueError):
            row = session.get(YoutubeUpload, uuid.UUID(video_id))
        if row is None:
            row = session.scalar(
                select(YoutubeUpload)
                .where(YoutubeUpload.youtube_video_id == video_id)
                .order_by(YoutubeUpload.created_at.desc())
                .limit(1)
            )
        if row is not None and (row.user_id == user.id or user.role == "admin"):
            upload = UploadPublic.of(row)
    youtube_id = upload.youtube_video_id if upload is not None else video_id
    if upload is not None and youtube_id is None:
        return VideoStatus(video_id=None, upload=upload)
    assert youtube_id is not None
    auth.require_enabled(studio)
    answer = auth.call_for(
        studio,
        user.id,
        lambda yt: (
            yt.videos().list(part="status,processingDetails", id=youtube_id).execute(num_retries=2)
        ),
    )
    items = answer.get("items") or []
    if not items:
        if upload is None:
            raise NotFound("Your YouTube channel has no video with this id.")
        return VideoStatus(video_id=youtube_id, upload=upload, upload_status="missing")
    status = items[0].get("status", {})
    processing = items[0].get("processingDetails", {})
    return VideoStatus(
        video_id=youtube_id,
        upload=upload,
        upload_status=status.get("uploadStatus"),
        privacy_status=status.get("privacyStatus"),
        processing_status=processing.get("processingStatus"),
        failure_reason=status.get("failureReason") or status.get("rejectionReason"),
        url=WATCH_URL + youtube_id,
    )


# --- the worker side ---------------------------------------------------------------------


def _finish(studio: Studio, upload_id: uuid.UUID, status: str, error: str | None) -> None:
    with studio.db.transaction() as session:
        session.execute(
            update(YoutubeUpload)
            .where(YoutubeUpload.id == upload_id)
            .values(
                status=status,
                error=error,
                finished_at=utcnow() if status == "completed" else None,
                updated_at=utcnow(),
            )
        )


def _save(studio: Studio, upload_id: uuid.UUID, **values: Any) -> None:
    with studio.db.transaction() as session:
        session.execute(
            update(YoutubeUpload)
            .where(YoutubeUpload.id == upload_id, YoutubeUpload.status == "uploading")
            .values(updated_at=utcnow(), **values)
        )


def claim(studio: Studio, upload_id: uuid.UUID) -> YoutubeUpload | None:
    """Take a queued upload (one conditional UPDATE: a duplicate message finds nothing)."""
    now = utcnow()
    with studio.db.transaction() as session:
        claimed = session.execute(
            update(YoutubeUpload)
            .where(
                YoutubeUpload.id == upload_id,
                YoutubeUpload.status == "queued",
                or_(YoutubeUpload.not_before.is_(None), YoutubeUpload.not_before <= now),
            )
            .values(status="uploading", attempts=YoutubeUpload.attempts + 1, updated_at=now)
            .returning(YoutubeUpload.id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if claimed is None:
            return None
        row = session.get(YoutubeUpload, upload_id)
        if row is not None:
            session.expunge(row)
        return row


class UploadRunner:
    """The queue handler for ``youtube_upload`` messages."""

    def __init__(self, studio: Studio) -> None:
        self.studio = studio
        self.scratch = studio.settings.data_dir / "work"

    def __call__(self, upload_id: str) -> None:
        token = job_id_var.set(upload_id)
        try:
            self.run(uuid.UUID(upload_id))
        finally:
            job_id_var.reset(token)

    def run(self, upload_id: uuid.UUID) -> None:
        row = claim(self.studio, upload_id)
        if row is None:
            log.info("upload not claimable (taken, finished or waiting); message dropped")
            return
        row.error = None
        self.scratch.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"upload-{upload_id}-", dir=self.scratch))
        try:
            with auth.acting_for(self.studio, row.user_id) as channel:
                self._publish(row, channel.youtube, folder)
        except Exception as error:
            self._failed(row, error)
        else:
            _finish(self.studio, upload_id, "completed", row.error)
            log.info("youtube upload completed", extra={"video_id": row.youtube_video_id})
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _publish(self, row: YoutubeUpload, youtube: Any, folder: Path) -> None:
        if row.youtube_video_id is None:
            row.youtube_video_id = self._send_film(row, youtube, folder)
        if row.thumbnail_key and not row.thumbnail_set:
            self._set_thumbnail(row, youtube, folder)
        if row.playlist_id and not row.playlist_added:
            youtube.playlistItems().insert(
                part="snippet",
                body={
                    "snippet": {
                        "playlistId": row.playlist_id,
                        "resourceId": {"kind": "youtube#video", "videoId": row.youtube_video_id},
                    }
                },
            ).execute(num_retries=2)
            row.playlist_added = True
            _save(self.studio, row.id, playlist_added=True)

    def _set_thumbnail(self, row: YoutubeUpload, youtube: Any, folder: Path) -> None:
        assert row.thumbnail_key is not None
        path = folder / "thumbnail.jpg"
        self.studio.storage.fetch(row.thumbnail_key, path)
        try:
            youtube.thumbnails().set(
                videoId=row.youtube_video_id,
                media_body=MediaFileUpload(str(path), mimetype="image/jpeg"),
            ).execute(num_retries=2)
        except Exception as error:
            failure = classify(error)
            if failure is None or failure.kind != "forbidden":
                raise
            # Custom thumbnails need a verified channel: publish with YouTube's own frame.
            row.error = (
                "YouTube did not accept the custom thumbnail (the channel may need to be "
                f"verified): {failure.message}. The video uses YouTube's own thumbnail."
            )
        row.thumbnail_set = True
        _save(self.studio, row.id, thumbnail_set=True)

    def _send_film(self, row: YoutubeUpload, youtube: Any, folder: Path) -> str:
        """The resumable upload, chunk by chunk; returns the new video's id."""
        settings = auth.settings_of(self.studio)
        assert row.film_key is not None
        path = folder / "film.mp4"
        self.studio.storage.fetch(row.film_key, path)
        total = path.stat().st_size
        body = {
            "snippet": {
                "title": row.title,
                "description": row.description,
                "tags": list(row.tags or []),
                "categoryId": row.category_id,
            },
            "status": {
                "privacyStatus": row.privacy,
                "selfDeclaredMadeForKids": row.made_for_kids,
            },
        }
        media = ResendableFile(
            str(path), mimetype="video/mp4", chunksize=settings.youtube_chunk_bytes, resumable=True
        )
        request = youtube.videos().insert(
            part="snippet,status", body=body, media_body=media, notifySubscribers=False
        )
        if row.session_uri:
            # Resume: the client first asks YouTube how many bytes it holds ("bytes */N").
            request.resumable_uri = row.session_uri
            request._in_error_state = True
        _save(self.studio, row.id, total_bytes=total)
        failures, response = 0, None
        while response is None:
            try:
                progress, response = request.next_chunk()
            except Exception as error:
                failure = classify(error)
                if failure is not None and failure.kind == "not_found" and row.session_uri:
                    # YouTube forgot the session (they last about a week): start over.
                    log.warning("resumable session expired; uploading from the start")
                    row.session_uri = None
                    _save(self.studio, row.id, session_uri=None, bytes_sent=0, progress=0)
                    return self._send_film(row, youtube, folder)
                if failure is None or failure.kind != "network":
                    raise
                failures += 1
                if failures > settings.youtube_chunk_retries:
                    raise
                log.warning("chunk failed; resuming", extra={"error": failure.message})
                time.sleep(min(settings.youtube_chunk_backoff_seconds * 2 ** (failures - 1), 30))
                continue
            failures = 0
            sent = total if response is not None else int(progress.resumable_progress)
            if request.resumable_uri and request.resumable_uri != row.session_uri:
                row.session_uri = request.resumable_uri
            _save(
                self.studio,
                row.id,
                session_uri=row.session_uri,
                bytes_sent=sent,
                progress=min(100, sent * 100 // max(total, 1)),
            )
        video_id = str(response["id"])
        _save(self.studio, row.id, youtube_video_id=video_id, session_uri=None)
        log.info("film sent to youtube", extra={"video_id": video_id, "bytes": total})
        return video_id

    def _failed(self, row: YoutubeUpload, error: Exception) -> None:
        """Leave a clear status (and schedule the automatic retries a network failure gets)."""
        studio, settings = self.studio, auth.settings_of(self.studio)
        failure = classify(error)
        if isinstance(error, StudioError):
            failure = YoutubeFailure("rejected", error.detail)
        retry_hint = f" Retry with POST /api/v1/youtube/uploads/{row.id}/retry."
        if failure is None:
            log.exception("youtube upload crashed")
            _finish(
                studio,
                row.id,
                "failed",
                f"The upload failed unexpectedly ({type(error).__name__})." + retry_hint,
            )
            return
        log.warning("youtube upload failed", extra={"kind": failure.kind, "error": failure.message})
        if failure.kind == "quota":
            _finish(
                studio,
                row.id,
                "quota_exceeded",
                "YouTube's daily upload quota is used up; the film is kept and nothing is lost. "
                "Retry after the quota resets (midnight Pacific time)." + retry_hint,
            )
        elif failure.kind == "revoked":
            _finish(studio, row.id, "reauth_required", auth.REVOKED + retry_hint)
        elif failure.kind == "network" and row.attempts < settings.youtube_upload_attempts:
            delay = settings.youtube_retry_delay_seconds * 2 ** (row.attempts - 1)
            with studio.db.transaction() as session:
                session.execute(
                    update(YoutubeUpload)
                    .where(YoutubeUpload.id == row.id)
                    .values(
                        status="queued",
                        error=f"YouTube could not be reached ({failure.message}); "
                        f"retrying automatically in {delay:g} s.",
                        not_before=utcnow() + timedelta(seconds=delay),
                        updated_at=utcnow(),
                    )
                )
            _send(studio, row.id, delay)
        elif failure.kind == "network":
            _finish(
                studio,
                row.id,
                "network_error",
                f"YouTube could not be reached after {row.attempts} attempts "
                f"({failure.message})." + retry_hint,
            )
        else:
            _finish(
                studio,
                row.id,
                "failed",
                f"YouTube refused the upload: {failure.message}." + retry_hint,
            )


def recover(studio: Studio) -> int:
    """Re-queue uploads whose worker died mid-way (no progress written for a while) and
    queued ones whose message was lost; duplicates are harmless (claiming is conditional)."""
    settings = studio.settings
    now = utcnow()
    stale = now - timedelta(seconds=settings.stale_after_seconds)
    lost = now - timedelta(seconds=settings.requeue_after_seconds)
    with studio.db.transaction() as session:
        dead = session.scalars(
            update(YoutubeUpload)
            .where(YoutubeUpload.status == "uploading", YoutubeUpload.updated_at < stale)
            .values(status="queued", not_before=None, updated_at=now)
            .returning(YoutubeUpload.id)
            .execution_options(synchronize_session=False)
        ).all()
        waiting = session.scalars(
            select(YoutubeUpload.id).where(
                YoutubeUpload.status == "queued",
                YoutubeUpload.updated_at < lost,
                or_(YoutubeUpload.not_before.is_(None), YoutubeUpload.not_before <= now),
            )
        ).all()
    ids = {*dead, *waiting}
    for upload_id in ids:
        _send(studio, upload_id)
    return len(ids)
