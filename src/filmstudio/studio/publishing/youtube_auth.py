"""Connecting a YouTube channel (OAuth 2.0 authorization-code flow) and acting for it.

`start` returns Google's consent URL with a signed, short-lived `state` naming the user (the
callback arrives from the browser with no bearer token, so the state is what says whose
channel it is). `finish` exchanges the code at the configured token URL, reads the channel
with the real client, and stores the tokens sealed (see `crypto`). `acting_for` gives a
client for a user's channel and writes back a token that google-auth refreshed on the way.
"""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from google.oauth2.credentials import Credentials
from sqlalchemy import select

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import (
    BadRequest,
    Conflict,
    NotAvailable,
    ServiceUnavailable,
    StudioError,
    TooManyRequests,
)
from filmstudio.studio.publishing.crypto import BadSignature, Expired, Signer, TokenBox
from filmstudio.studio.publishing.models import YoutubeIntegration
from filmstudio.studio.publishing.schemas import Connection, ConnectStart
from filmstudio.studio.publishing.settings import YOUTUBE_SCOPES, PublishingSettings
from filmstudio.studio.publishing.youtube_client import (
    YoutubeFailure,
    build_youtube,
    classify,
    from_google_expiry,
    make_credentials,
)

log = logging.getLogger("filmstudio.youtube")

CALLBACK_PATH = "/api/v1/youtube/callback"
NOT_CONNECTED = "Connect your YouTube channel first: POST /api/v1/youtube/connect and allow access."
REVOKED = (
    "YouTube access for your channel was revoked or has expired. Connect the channel again "
    "(POST /api/v1/youtube/connect), then retry."
)


def settings_of(studio: Studio) -> PublishingSettings:
    settings: PublishingSettings = studio.settings.publishing
    return settings


def require_enabled(studio: Studio) -> PublishingSettings:
    settings = settings_of(studio)
    if not settings.youtube_enabled:
        raise NotAvailable(
            "YouTube publishing is not configured on this studio (set "
            "FILMSTUDIO_YOUTUBE_CLIENT_ID and FILMSTUDIO_YOUTUBE_CLIENT_SECRET).",
            code="youtube_not_configured",
        )
    return settings


def token_box(studio: Studio) -> TokenBox:
    return TokenBox(studio.settings.signing_key, settings_of(studio).youtube_token_key)


def _state_signer(studio: Studio) -> Signer:
    return Signer(studio.settings.signing_key, b"filmstudio youtube connect")


def redirect_url(studio: Studio) -> str:
    configured = settings_of(studio).youtube_redirect_url
    return configured or studio.settings.public_url.rstrip("/") + CALLBACK_PATH


def start(studio: Studio, user: UserPublic) -> ConnectStart:
    """Google's consent URL for this user (offline access, so uploads can run unattended)."""
    settings = require_enabled(studio)
    expires = int(time.time()) + settings.youtube_connect_minutes * 60
    state = _state_signer(studio).sign({"u": str(user.id), "n": secrets.token_urlsafe(8)}, expires)
    query = urlencode(
        {
            "client_id": settings.youtube_client_id,
            "redirect_uri": redirect_url(studio),
            "response_type": "code",
            "scope": " ".join(YOUTUBE_SCOPES),
            "access_type": "offline",
            "include_granted_scopes": "true",
            "prompt": "consent",
            "state": state,
        }
    )
    return ConnectStart(
        authorization_url=f"{settings.youtube_auth_url}?{query}",
        state=state,
        expires_at=datetime.fromtimestamp(expires, UTC),
    )


def _user_of_state(studio: Studio, state: str) -> uuid.UUID:
    try:
        payload = _state_signer(studio).read(state)
        return uuid.UUID(str(payload["u"]))
    except Expired as error:
        raise BadRequest(
            "This YouTube connection attempt expired; start again from POST /youtube/connect."
        ) from error
    except (BadSignature, KeyError, ValueError) as error:
        raise BadRequest(
            "The YouTube connection reply is not one this studio started (its state was "
            "changed or is missing); start again from POST /youtube/connect."
        ) from error


def _exchange(studio: Studio, code: str) -> dict[str, Any]:
    """The token endpoint's answer to our authorization code (RFC 6749 section 4.1.3)."""
    settings = settings_of(studio)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": settings.youtube_client_id,
        "client_secret": settings.youtube_client_secret,
        "redirect_uri": redirect_url(studio),
    }
    try:
        response = httpx.post(
            settings.youtube_token_url,
            data=form,
            headers={"Accept": "application/json"},
            timeout=settings.youtube_timeout_seconds,
            trust_env=False,
        )
    except httpx.HTTPError as error:
        raise ServiceUnavailable(
            f"Google's sign-in service could not be reached ({type(error).__name__}); "
            "try connecting again in a minute."
        ) from error
    try:
        body: dict[str, Any] = response.json()
    except ValueError:
        body = {}
    if response.status_code >= 500:
        raise ServiceUnavailable(
            f"Google's sign-in service failed ({response.status_code}); try again in a minute."
        )
    if response.status_code != 200 or "access_token" not in body:
        reason = ": ".join(
            str(part) for part in (body.get("error"), body.get("error_description")) if part
        ) or str(response.status_code)
        raise BadRequest(
            f"Google did not accept the sign-in code ({reason}); start again from "
            "POST /youtube/connect."
        )
    return body


def finish(studio: Studio, code: str | None, state: str | None, error: str | None) -> Connection:
    """Store the channel and tokens for the user named in `state`."""
    settings = require_enabled(studio)
    if not state:
        raise BadRequest("The YouTube connection reply has no state; start again.")
    user_id = _user_of_state(studio, state)
    if error:
        raise BadRequest(f"YouTube access was not granted ({error}); the channel is not connected.")
    if not code:
        raise BadRequest("The YouTube connection reply has no code; start again.")
    tokens = _exchange(studio, code)
    granted = set(str(tokens.get("scope", " ".join(YOUTUBE_SCOPES))).split())
    missing = [s.rsplit("/", 1)[-1] for s in YOUTUBE_SCOPES if s not in granted]
    if missing:
        raise BadRequest(
            "The studio needs every YouTube permission it asked for; "
            f"{', '.join(missing)} was not granted. Connect again and allow all of them."
        )
    expires_at = utcnow() + timedelta(seconds=int(tokens.get("expires_in", 3600)))
    credentials = make_credentials(
        settings, tokens["access_token"], tokens.get("refresh_token"), expires_at
    )
    channel = _call(lambda: _my_channel(build_youtube(settings, credentials)))
    box = token_box(studio)
    with studio.db.transaction() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user_id)
        )
        if row is None:
            row = YoutubeIntegration(user_id=user_id)
            session.add(row)
        row.channel_id, row.channel_title = channel
        row.access_token = box.seal(tokens["access_token"])
        if tokens.get("refresh_token"):  # Google sends one only at the first consent
            row.refresh_token = box.seal(str(tokens["refresh_token"]))
        row.token_expires_at = expires_at
        row.scopes = " ".join(sorted(granted))
        row.revoked_at = None
        session.flush()
        result = _public(row)
    log.info("youtube channel connected", extra={"user_id": str(user_id)})
    return result


def _my_channel(youtube: Any) -> tuple[str | None, str | None]:
    answer = youtube.channels().list(part="snippet", mine=True).execute(num_retries=2)
    items = answer.get("items") or []
    if not items:
        raise BadRequest(
            "This Google account has no YouTube channel yet; create one on YouTube, "
            "then connect again."
        )
    return items[0].get("id"), items[0].get("snippet", {}).get("title")


def _public(row: YoutubeIntegration | None) -> Connection:
    if row is None:
        return Connection(connected=False)
    return Connection(
        connected=row.revoked_at is None and row.refresh_token is not None,
        channel_id=row.channel_id,
        channel_title=row.channel_title,
        scopes=(row.scopes or "").split(),
        token_expires_at=row.token_expires_at,
        revoked=row.revoked_at is not None,
    )


def connection(studio: Studio, user: UserPublic) -> Connection:
    with studio.db.read_session() as session:
        return _public(
            session.scalar(select(YoutubeIntegration).where(YoutubeIntegration.user_id == user.id))
        )


def disconnect(studio: Studio, user: UserPublic) -> None:
    """Forget the tokens (the channel owner may also revoke the studio in Google's settings)."""
    with studio.db.transaction() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user.id)
        )
        if row is not None:
            session.delete(row)


def mark_revoked(studio: Studio, user_id: uuid.UUID) -> None:
    with studio.db.transaction() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user_id)
        )
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()
    log.warning("youtube access revoked", extra={"user_id": str(user_id)})


@dataclass
class Channel:
    """A client acting for one user's channel."""

    user_id: uuid.UUID
    youtube: Any
    credentials: Credentials


@contextmanager
def acting_for(studio: Studio, user_id: uuid.UUID) -> Iterator[Channel]:
    """A YouTube client for the user's channel; a token refreshed meanwhile is stored (even
    when the work fails), and a revoked grant marks the channel as needing a new consent.
    Raises `YoutubeFailure("revoked")` when there is no usable grant."""
    settings = require_enabled(studio)
    box = token_box(studio)
    with studio.db.read_session() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user_id)
        )
        if row is None:
            raise YoutubeFailure("revoked", NOT_CONNECTED)
        access, refresh = box.open(row.access_token), box.open(row.refresh_token)
        expires_at, revoked = row.token_expires_at, row.revoked_at is not None
    if revoked or refresh is None:
        raise YoutubeFailure("revoked", REVOKED)
    credentials = make_credentials(settings, access, refresh, expires_at)
    try:
        yield Channel(user_id, build_youtube(settings, credentials), credentials)
    except BaseException as error:
        failure = classify(error)
        if failure is not None and failure.kind == "revoked":
            mark_revoked(studio, user_id)
        raise
    finally:
        if credentials.token and credentials.token != access:
            _store_refreshed(studio, user_id, credentials, box)


def _store_refreshed(
    studio: Studio, user_id: uuid.UUID, credentials: Credentials, box: TokenBox
) -> None:
    with studio.db.transaction() as session:
        row = session.scalar(
            select(YoutubeIntegration).where(YoutubeIntegration.user_id == user_id)
        )
        if row is not None:
            row.access_token = box.seal(credentials.token)
            row.token_expires_at = from_google_expiry(credentials.expiry)
            if credentials.refresh_token:
                row.refresh_token = box.seal(credentials.refresh_token)
    log.info("youtube token refreshed", extra={"user_id": str(user_id)})


def as_studio_error(failure: YoutubeFailure) -> StudioError:
    """What an API caller sees when a direct YouTube call (playlists, status) fails."""
    if failure.kind == "quota":
        return TooManyRequests(
            "YouTube's daily quota for this studio is used up; try again after it resets "
            "(midnight Pacific time).",
            retry_after=3600,
        )
    if failure.kind == "revoked":
        if failure.message == NOT_CONNECTED:
            return Conflict(NOT_CONNECTED, code="youtube_not_connected")
        return Conflict(REVOKED, code="youtube_access_revoked")
    if failure.kind == "network":
        return ServiceUnavailable(
            f"YouTube could not be reached ({failure.message}); try again in a minute."
        )
    if failure.kind == "not_found":
        return BadRequest(f"YouTube has no such item ({failure.message or 'not found'}).")
    return BadRequest(f"YouTube refused the request: {failure.message}")


def _call(work: Callable[[], Any]) -> Any:
    try:
        return work()
    except StudioError:
        raise
    except Exception as error:
        failure = classify(error)
        if failure is None:
            raise
        raise as_studio_error(failure) from error


def call_for(studio: Studio, user_id: uuid.UUID, work: Callable[[Any], Any]) -> Any:
    """Run `work(youtube)` for the user's channel; YouTube's failures become StudioErrors."""

    def run() -> Any:
        with acting_for(studio, user_id) as channel:
            return work(channel.youtube)

    return _call(run)
