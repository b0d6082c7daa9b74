"""Publishing API shapes: YouTube connection, uploads, playlists; download links and zips."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from filmstudio.studio.projects.schemas import Quality
from filmstudio.studio.publishing.models import UploadStatus

Privacy = Literal["private", "unlisted", "public"]
Thumbnail = Literal["thumbnail.jpg", "thumbnail-2.jpg", "thumbnail-3.jpg"]
DownloadFormat = Literal["mp4", "srt", "vtt"]


class ConnectStart(BaseModel):
    authorization_url: str = Field(description="Open this Google consent page in the browser.")
    state: str
    expires_at: datetime


class Connection(BaseModel):
    connected: bool
    channel_id: str | None = None
    channel_title: str | None = None
    scopes: list[str] = []
    token_expires_at: datetime | None = None
    revoked: bool = False


class UploadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_id: uuid.UUID
    job_id: uuid.UUID | None = Field(
        default=None, description="Which render to send (default: the newest finished one)."
    )
    title: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=5000)
    tags: list[str] = Field(default_factory=list, max_length=50)
    privacy: Privacy = "private"
    made_for_kids: bool = False
    category_id: str = Field(default="1", pattern=r"^\d{1,3}$", description="1: Film.")
    playlist_id: str | None = Field(default=None, min_length=1, max_length=100)
    thumbnail: Thumbnail = "thumbnail.jpg"

    @field_validator("title")
    @classmethod
    def _no_angle_brackets(cls, value: str) -> str:
        if "<" in value or ">" in value:
            raise ValueError("YouTube titles cannot contain < or >")
        return value

    @field_validator("tags")
    @classmethod
    def _tags_fit(cls, value: list[str]) -> list[str]:
        tags = [t.strip() for t in value if t.strip()]
        if sum(len(t) + 2 for t in tags) > 500:
            raise ValueError("the tags together must stay under 500 characters")
        return tags


class UploadPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_id: uuid.UUID
    job_id: uuid.UUID | None
    youtube_video_id: str | None
    status: UploadStatus
    progress: int = Field(ge=0, le=100, description="Percent of the film's bytes sent.")
    bytes_sent: int
    total_bytes: int
    attempts: int
    title: str
    description: str
    tags: list[str]
    privacy: Privacy
    made_for_kids: bool
    playlist_id: str | None
    thumbnail_set: bool
    playlist_added: bool
    error: str | None
    retryable: bool
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> UploadPublic:
        from filmstudio.studio.publishing.models import RETRYABLE_STATES

        return cls.model_validate(
            {
                **{name: getattr(row, name) for name in cls.model_fields if hasattr(row, name)},
                "retryable": row.status in RETRYABLE_STATES,
            }
        )


class VideoStatus(BaseModel):
    """Our upload record (progress while it is sent) and YouTube's view once it is there."""

    video_id: str | None
    upload: UploadPublic | None
    upload_status: str | None = Field(default=None, description="YouTube: uploaded, processed…")
    privacy_status: str | None = None
    processing_status: str | None = None
    failure_reason: str | None = None
    url: str | None = None


class PlaylistCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=150)
    description: str = Field(default="", max_length=5000)
    privacy: Privacy = "private"


class PlaylistPublic(BaseModel):
    id: str
    title: str
    description: str
    privacy: str | None
    item_count: int | None


class PlaylistPage(BaseModel):
    items: list[PlaylistPublic]
    next_page_token: str | None


class AddVideo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    video_id: str = Field(min_length=1, max_length=50)


class PlaylistItemPublic(BaseModel):
    id: str
    playlist_id: str
    video_id: str


class DownloadLink(BaseModel):
    url: str
    expires_at: datetime


class RenderStarted(BaseModel):
    """The asked-for quality does not exist yet: a render was queued (or is under way)."""

    status: Literal["rendering"] = "rendering"
    job_id: uuid.UUID
    quality: str
    detail: str


class EmailRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: DownloadFormat = "mp4"
    quality: Quality | None = Field(default=None, description="Default: your tier's best.")


class EmailSent(BaseModel):
    sent_to: str
    expires_at: datetime


class ZipRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    project_ids: list[uuid.UUID] = Field(min_length=1)
