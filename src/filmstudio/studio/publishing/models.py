"""The blueprint's YouTube tables: a connected channel, and each film sent to it.

An upload row is the truth about an upload (like a job row for a render): it is written
before anything is sent, keeps the resumable session's address and how far it got, and is
never deleted when YouTube, the network or the user's consent fails, so it can be retried.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from filmstudio.studio.db.base import Base, JSONType, UTCDateTime, new_id, utcnow

#: Upload states: waiting, sending, done, and the failures a retry can clear.
UploadStatus = Literal[
    "queued",
    "uploading",
    "completed",
    "quota_exceeded",
    "reauth_required",
    "network_error",
    "failed",
]
UPLOAD_STATES: tuple[str, ...] = get_args(UploadStatus)
RETRYABLE_STATES = ("quota_exceeded", "reauth_required", "network_error", "failed")


class YoutubeIntegration(Base):
    """A user's connected YouTube channel and the OAuth tokens to act for it (encrypted)."""

    __tablename__ = "youtube_integrations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), unique=True)
    channel_id: Mapped[str | None] = mapped_column(String(100))
    channel_title: Mapped[str | None] = mapped_column(String(200))
    access_token: Mapped[str | None] = mapped_column(Text)
    refresh_token: Mapped[str | None] = mapped_column(Text)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scopes: Mapped[str | None] = mapped_column(String(500))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class YoutubeUpload(Base):
    """One film sent (or being sent) to YouTube."""

    __tablename__ = "youtube_uploads"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id"))
    youtube_video_id: Mapped[str | None] = mapped_column(String(50), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    privacy: Mapped[str] = mapped_column(String(20), default="private")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    made_for_kids: Mapped[bool] = mapped_column(Boolean, default=False)
    category_id: Mapped[str] = mapped_column(String(10), default="1")
    playlist_id: Mapped[str | None] = mapped_column(String(100))
    film_key: Mapped[str | None] = mapped_column(Text)
    thumbnail_key: Mapped[str | None] = mapped_column(Text)
    session_uri: Mapped[str | None] = mapped_column(Text)
    bytes_sent: Mapped[int] = mapped_column(BigInteger, default=0)
    total_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    thumbnail_set: Mapped[bool] = mapped_column(Boolean, default=False)
    playlist_added: Mapped[bool] = mapped_column(Boolean, default=False)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
