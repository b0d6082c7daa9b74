"""One place for every studio setting, read from ``FILMSTUDIO_*`` environment variables.

Configuration, not code, picks the scale: with nothing set the studio runs on one machine
(SQLite file, SQLite-backed queue, in-process cache, files under the data folder); setting
``FILMSTUDIO_DATABASE_URL``, ``FILMSTUDIO_QUEUE_URL`` and ``FILMSTUDIO_STORAGE_URL`` moves the
same code onto PostgreSQL, Redis and S3.
"""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from filmstudio.studio.billing.settings import BillingSettings
from filmstudio.studio.crm.settings import CrmSettings
from filmstudio.studio.notify.settings import MailSettings
from filmstudio.studio.publishing.settings import PublishingSettings


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("filmstudio", appauthor=False))


class Settings(BaseSettings):
    """Studio configuration; every field is ``FILMSTUDIO_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    queue_url: str | None = None
    cache_url: str | None = None
    storage_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    redis_prefix: str = "filmstudio:"
    public_url: str = "http://127.0.0.1:8000"

    secret_key: str | None = None
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    rate_limit: str = "100/minute"
    login_limit: str = "5/15minutes"
    cache_seconds: int = 30
    signup_credits: int = 3

    renderer: Literal["engine", "fake"] = "engine"
    engine_planner: str = "rules"
    engine_voice: str = "kokoro"
    engine_music: str = "composed"
    # plug-ins read their model folders from FILMSTUDIO_DIFFUSION_MODEL, _MUSICGEN_MODEL, ...
    engine_pictures: str = "procedural"
    engine_talking: bool = True
    engine_lipsync: str = "procedural"
    fake_render_seconds: float = 1.0
    embedded_worker: bool = True
    workers: int = 1
    job_timeout_seconds: float = 600.0
    job_max_attempts: int = 3
    job_retry_delay_seconds: float = 10.0
    heartbeat_seconds: float = 1.0
    stale_after_seconds: float = 60.0
    requeue_after_seconds: float = 900.0
    reaper_interval_seconds: float = 15.0
    queue_poll_seconds: float = 0.5

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    mail_from: str = "AI Film Studio <no-reply@filmstudio.local>"

    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_metadata_url: str = "https://accounts.google.com/.well-known/openid-configuration"
    github_client_id: str | None = None
    github_client_secret: str | None = None
    github_authorize_url: str = "https://github.com/login/oauth/authorize"
    github_token_url: str = "https://github.com/login/oauth/access_token"
    github_api_url: str = "https://api.github.com/"

    moderation: str = "wordlist"
    moderation_words: list[str] = Field(default_factory=list)
    moderation_words_file: Path | None = None

    web_dir: Path | None = None  # the built web UI; default: the packaged one, else web/dist
    metrics_token: str | None = None  # /metrics needs it as a bearer token (else loopback only)
    log_level: str = "INFO"
    log_json: bool = True
    cors_origins: list[str] = Field(default_factory=list)

    # each integration's own settings (its own FILMSTUDIO_* names, kept beside its code)
    publishing: PublishingSettings = Field(default_factory=PublishingSettings)
    billing: BillingSettings = Field(default_factory=BillingSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    crm: CrmSettings = Field(default_factory=CrmSettings)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir / 'studio.db'}"

    @property
    def resolved_queue_url(self) -> str:
        """The queue URL, defaulting to a SQLite queue file in the data folder."""
        return self.queue_url or f"sqlite:///{self.data_dir / 'queue.db'}"

    @property
    def resolved_cache_url(self) -> str:
        """Redis when the queue is on Redis (one service at scale), else in-process memory."""
        if self.cache_url:
            return self.cache_url
        if self.resolved_queue_url.startswith(("redis://", "rediss://")):
            return self.resolved_queue_url
        return "memory://"

    @property
    def resolved_storage_url(self) -> str:
        """Where films are stored, defaulting to a folder in the data folder."""
        return self.storage_url or f"file://{self.data_dir / 'files'}"

    @cached_property
    def signing_key(self) -> str:
        """The token-signing secret: configured, or made once and kept in the data folder.

        Kept on disk so that a restart of ``filmstudio serve`` does not log everyone out.
        """
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret.key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        partial = self.data_dir / f".secret-{secrets.token_hex(8)}"
        partial.write_text(secrets.token_urlsafe(48))
        partial.chmod(0o600)
        try:
            os.link(partial, path)  # atomic: the first process to link wins, the rest read it
        except FileExistsError:
            pass
        finally:
            partial.unlink()
        return path.read_text().strip()
