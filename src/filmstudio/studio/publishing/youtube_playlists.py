"""Playlists on the user's channel: list, create, and add a video (direct API calls)."""

from __future__ import annotations

from typing import Any

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.publishing import youtube_auth as auth
from filmstudio.studio.publishing.schemas import (
    AddVideo,
    PlaylistCreate,
    PlaylistItemPublic,
    PlaylistPage,
    PlaylistPublic,
)


def _public(item: dict[str, Any]) -> PlaylistPublic:
    snippet = item.get("snippet", {})
    return PlaylistPublic(
        id=str(item["id"]),
        title=str(snippet.get("title", "")),
        description=str(snippet.get("description", "")),
        privacy=item.get("status", {}).get("privacyStatus"),
        item_count=item.get("contentDetails", {}).get("itemCount"),
    )


def list_playlists(studio: Studio, user: UserPublic, page_token: str | None) -> PlaylistPage:
    auth.require_enabled(studio)
    answer = auth.call_for(
        studio,
        user.id,
        lambda yt: (
            yt.playlists()
            .list(
                part="snippet,status,contentDetails", mine=True, maxResults=50, pageToken=page_token
            )
            .execute(num_retries=2)
        ),
    )
    return PlaylistPage(
        items=[_public(i) for i in answer.get("items", [])],
        next_page_token=answer.get("nextPageToken"),
    )


def create(studio: Studio, user: UserPublic, data: PlaylistCreate) -> PlaylistPublic:
    auth.require_enabled(studio)
    body = {
        "snippet": {"title": data.title, "description": data.description},
        "status": {"privacyStatus": data.privacy},
    }
    answer = auth.call_for(
        studio,
        user.id,
        lambda yt: yt.playlists().insert(part="snippet,status", body=body).execute(),
    )
    return _public(answer)


def add_video(
    studio: Studio, user: UserPublic, playlist_id: str, data: AddVideo
) -> PlaylistItemPublic:
    auth.require_enabled(studio)
    body = {
        "snippet": {
            "playlistId": playlist_id,
            "resourceId": {"kind": "youtube#video", "videoId": data.video_id},
        }
    }
    answer = auth.call_for(
        studio,
        user.id,
        lambda yt: yt.playlistItems().insert(part="snippet", body=body).execute(),
    )
    snippet = answer.get("snippet", {})
    return PlaylistItemPublic(
        id=str(answer.get("id", "")),
        playlist_id=str(snippet.get("playlistId", playlist_id)),
        video_id=str(snippet.get("resourceId", {}).get("videoId", data.video_id)),
    )
