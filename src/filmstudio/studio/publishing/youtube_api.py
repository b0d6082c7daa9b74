"""YouTube endpoints: ``/youtube/*`` (connect, callback, upload, status, playlists)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from filmstudio.studio.contract import answers
from filmstudio.studio.deps import CurrentUser, StudioDep
from filmstudio.studio.publishing import youtube_auth as auth
from filmstudio.studio.publishing import youtube_playlists as playlists
from filmstudio.studio.publishing import youtube_uploads as uploads
from filmstudio.studio.publishing.schemas import (
    AddVideo,
    Connection,
    ConnectStart,
    PlaylistCreate,
    PlaylistItemPublic,
    PlaylistPage,
    PlaylistPublic,
    UploadCreate,
    UploadPublic,
    VideoStatus,
)

#: Every YouTube call may find YouTube unconfigured (501), the channel not connected or its
#: consent revoked (409), YouTube's quota used up (429) or YouTube unreachable (503).
router = APIRouter(
    prefix="/youtube",
    tags=["youtube"],
    responses=answers(409, 501, 503, s501="YouTube is not configured on this studio."),
)


@router.post("/connect")
def connect(studio: StudioDep, user: CurrentUser) -> ConnectStart:
    """Start connecting your channel: open `authorization_url`; Google sends you back to
    /youtube/callback, which stores the (encrypted) tokens."""
    return auth.start(studio, user)


@router.get("/callback", responses=answers(400))
def callback(
    studio: StudioDep,
    code: Annotated[str | None, Query(max_length=2000)] = None,
    state: Annotated[str | None, Query(max_length=2000)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Connection:
    """Where Google's consent page returns (no login needed: the signed state names you)."""
    return auth.finish(studio, code, state, error)


@router.get("/connection")
def connection(studio: StudioDep, user: CurrentUser) -> Connection:
    """Whether your channel is connected, and which one."""
    return auth.connection(studio, user)


@router.delete("/connection", status_code=status.HTTP_204_NO_CONTENT)
def disconnect(studio: StudioDep, user: CurrentUser) -> None:
    """Forget your channel's tokens."""
    auth.disconnect(studio, user)


@router.post("/upload", status_code=status.HTTP_202_ACCEPTED, responses=answers(404))
def upload(data: UploadCreate, studio: StudioDep, user: CurrentUser) -> UploadPublic:
    """Send a finished film to your channel in the background; follow it at
    /youtube/uploads/{id} (or /youtube/status/{id}), which shows the percent sent."""
    return uploads.create(studio, user, data)


@router.get("/uploads")
def list_uploads(
    studio: StudioDep, user: CurrentUser, project_id: uuid.UUID | None = None
) -> list[UploadPublic]:
    """Your uploads, newest first."""
    return uploads.list_uploads(studio, user, project_id)


@router.get("/uploads/{upload_id:uuid}")
def get_upload(upload_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> UploadPublic:
    return uploads.get(studio, user, upload_id)


@router.post("/uploads/{upload_id:uuid}/retry", status_code=status.HTTP_202_ACCEPTED)
def retry_upload(upload_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> UploadPublic:
    """Queue a failed upload again (after a quota reset, a new consent or a network failure);
    it resumes from the bytes YouTube already has."""
    return uploads.retry(studio, user, upload_id)


@router.get("/status/{video_id}", responses=answers(400))
def video_status(video_id: str, studio: StudioDep, user: CurrentUser) -> VideoStatus:
    """An upload's progress (by upload id) and YouTube's processing status (by video id)."""
    return uploads.video_status(studio, user, video_id)


@router.post("/playlists", status_code=status.HTTP_201_CREATED, responses=answers(400))
def create_playlist(data: PlaylistCreate, studio: StudioDep, user: CurrentUser) -> PlaylistPublic:
    return playlists.create(studio, user, data)


@router.get("/playlists", responses=answers(400))
def list_playlists(
    studio: StudioDep,
    user: CurrentUser,
    page_token: Annotated[str | None, Query(max_length=200)] = None,
) -> PlaylistPage:
    """Your channel's playlists (50 a page; pass `next_page_token` for more)."""
    return playlists.list_playlists(studio, user, page_token)


@router.post(
    "/playlists/{playlist_id}/add-video",
    status_code=status.HTTP_201_CREATED,
    responses=answers(400),
)
def add_video(
    playlist_id: str, data: AddVideo, studio: StudioDep, user: CurrentUser
) -> PlaylistItemPublic:
    return playlists.add_video(studio, user, playlist_id, data)
