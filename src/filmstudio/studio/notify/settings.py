"""E-mail settings beyond SMTP (provider choice, retries), from ``FILMSTUDIO_*`` variables."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class MailSettings(BaseSettings):
    """How e-mail is sent; SMTP host and credentials stay in the main Settings.

    ``mail_provider`` ``auto`` picks SMTP when ``FILMSTUDIO_SMTP_HOST`` is set, else keeps
    messages in memory; ``sendgrid`` sends through SendGrid's API with
    ``FILMSTUDIO_SENDGRID_API_KEY``.
    """

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_", extra="ignore")

    mail_provider: Literal["auto", "smtp", "sendgrid", "memory"] = "auto"
    sendgrid_api_key: str | None = None
    sendgrid_api_base: str = "https://api.sendgrid.com"
    mail_max_attempts: int = 8
    mail_retry_base_seconds: float = 30.0
    mail_retry_max_seconds: float = 3600.0
    mail_batch_size: int = 50
    mail_timeout_seconds: float = 30.0
    low_credit_threshold: int = 5
    outbox_poll_seconds: float = 2.0
    outbox_lease_seconds: float = 120.0
    outbox_keep_days: float = 30.0  # sent rows (e-mail and CRM) are deleted after this
    outbox_enabled: bool = True  # the delivery loop runs in the API process and in workers
