"""The YouTube Data API client (google-api-python-client), and what its failures mean to us.

The client is built from the discovery document that ships inside the library (no network
fetch), with its ``rootUrl`` set from the settings: Google's by default, a local fake in
tests. ``build_http()`` is used because a bare ``httplib2.Http`` treats YouTube's
``308 Resume Incomplete`` as a redirect; ``AuthorizedHttp`` adds the token and refreshes it
(at the configured token URL) when it has expired or YouTube answers 401.
"""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import googleapiclient
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError
from googleapiclient.http import build_http

from filmstudio.studio.publishing.settings import YOUTUBE_SCOPES, PublishingSettings

DISCOVERY = Path(googleapiclient.__file__).parent / "discovery_cache/documents/youtube.v3.json"

FailureKind = Literal["quota", "revoked", "network", "not_found", "forbidden", "rejected"]

#: YouTube's reasons for "you may not call more today" (403) or "slow down" (429).
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "uploadLimitExceeded", "rateLimitExceeded"}


@lru_cache(maxsize=1)
def _discovery() -> str:
    return DISCOVERY.read_text(encoding="utf-8")


def build_youtube(settings: PublishingSettings, credentials: Credentials) -> Any:
    """A YouTube Data API v3 client acting with `credentials`."""
    document = json.loads(_discovery())
    root = settings.youtube_api_url.rstrip("/") + "/"
    document["rootUrl"] = root
    document["mtlsRootUrl"] = root
    document["baseUrl"] = root + document.get("servicePath", "")
    http = build_http()
    http.timeout = settings.youtube_timeout_seconds
    return build_from_document(document, http=AuthorizedHttp(credentials, http=http))


def to_google_expiry(moment: datetime | None) -> datetime | None:
    """google-auth compares expiries as naive UTC datetimes; the studio stores aware ones."""
    return None if moment is None else moment.astimezone(UTC).replace(tzinfo=None)


def from_google_expiry(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def make_credentials(
    settings: PublishingSettings,
    access_token: str | None,
    refresh_token: str | None,
    expires_at: datetime | None,
) -> Credentials:
    return Credentials(  # type: ignore[no-untyped-call]
        token=access_token,
        refresh_token=refresh_token,
        token_uri=settings.youtube_token_url,
        client_id=settings.youtube_client_id,
        client_secret=settings.youtube_client_secret,
        scopes=list(YOUTUBE_SCOPES),
        expiry=to_google_expiry(expires_at),
    )


class YoutubeFailure(Exception):
    """A call to YouTube (or Google's token endpoint) failed; `kind` says how to react."""

    def __init__(self, kind: FailureKind, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status


def _http_error_details(error: HttpError) -> tuple[set[str], str]:
    """YouTube's reasons (``error.errors[].reason``) and message from an error response."""
    reasons: set[str] = set()
    message = ""
    try:
        body = json.loads(error.content.decode("utf-8", "replace"))
        detail = body.get("error", {})
        if isinstance(detail, dict):
            message = str(detail.get("message", ""))
            reasons = {str(e.get("reason", "")) for e in detail.get("errors", []) or []}
        else:  # an OAuth-style {"error": "invalid_grant"}
            reasons = {str(detail)}
    except (ValueError, AttributeError):
        pass
    return reasons, message or str(error.reason or "")


def classify(error: BaseException) -> YoutubeFailure | None:
    """Our reading of an exception raised by the client, or None when it is not one of its."""
    if isinstance(error, YoutubeFailure):
        return error
    if isinstance(error, HttpError):
        status = int(error.resp.status)
        reasons, message = _http_error_details(error)
        if status in (403, 429) and reasons & QUOTA_REASONS:
            return YoutubeFailure("quota", message, status)
        if status == 401:
            return YoutubeFailure("revoked", message, status)
        if status == 404:
            return YoutubeFailure("not_found", message, status)
        if status == 403:
            return YoutubeFailure("forbidden", message, status)
        if status >= 500 or status == 429:
            return YoutubeFailure("network", f"YouTube answered {status}: {message}", status)
        return YoutubeFailure("rejected", message, status)
    if isinstance(error, RefreshError):
        if error.retryable:
            return YoutubeFailure("network", f"Google's token service failed: {error}")
        return YoutubeFailure("revoked", str(error))
    if isinstance(error, (TransportError, httplib2.HttpLib2Error, socket.timeout, OSError)):
        return YoutubeFailure("network", f"{type(error).__name__}: {error}".rstrip(": "))
    return None
