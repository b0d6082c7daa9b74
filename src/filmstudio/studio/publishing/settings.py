"""Publishing settings (YouTube, downloads), read from ``FILMSTUDIO_*`` environment variables.

Every address of Google's is a setting so that tests (and a proxy, if one is ever needed) can
point the real client at another server; the defaults are Google's own.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: What the studio asks a channel owner to allow: upload, read the channel, manage playlists.
YOUTUBE_SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload",
    "https://www.googleapis.com/auth/youtube.readonly",
    "https://www.googleapis.com/auth/youtube.force-ssl",
)


class PublishingSettings(BaseSettings):
    """YouTube and download-link configuration; YouTube is switched off unless configured."""

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_", extra="ignore")

    youtube_client_id: str | None = None
    youtube_client_secret: str | None = None
    youtube_auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    youtube_token_url: str = "https://oauth2.googleapis.com/token"
    youtube_api_url: str = "https://youtube.googleapis.com/"
    #: Where Google sends the browser back; default: the studio's own callback endpoint.
    youtube_redirect_url: str | None = None
    #: A Fernet key for the stored tokens; default: derived from the studio signing key.
    youtube_token_key: str | None = None
    #: Bytes per resumable-upload request (Google wants a multiple of 256 KiB).
    youtube_chunk_bytes: int = Field(default=8 * 1024 * 1024, ge=256 * 1024)
    youtube_timeout_seconds: float = 60.0
    #: Upload attempts after network failures before the upload waits for a manual retry.
    youtube_upload_attempts: int = 3
    youtube_retry_delay_seconds: float = 30.0
    #: A chunk that fails this many times in a row ends the attempt.
    youtube_chunk_retries: int = 3
    youtube_chunk_backoff_seconds: float = 1.0  # doubled after each failed chunk, at most 30 s
    youtube_connect_minutes: int = 15  # how long a started consent stays valid

    download_link_seconds: int = 3600
    email_link_days: int = 7
    zip_chunk_bytes: int = Field(default=1024 * 1024, ge=4096)
    zip_max_projects: int = 50

    @property
    def youtube_enabled(self) -> bool:
        return bool(self.youtube_client_id and self.youtube_client_secret)
