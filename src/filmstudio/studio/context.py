"""The studio's services, built once from Settings and shared by the API and the workers."""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.studio.accounts.security import Passwords, Tokens
from filmstudio.studio.cache import Cache, make_cache
from filmstudio.studio.db import models as _all_tables  # noqa: F401  (foreign keys resolve)
from filmstudio.studio.db.engine import Database
from filmstudio.studio.moderation.filters import ModerationFilter, load_filter
from filmstudio.studio.notify import Mailer, OutboxMailer, SmtpMailer
from filmstudio.studio.queue import JobQueue
from filmstudio.studio.ratelimit import RateLimiter
from filmstudio.studio.settings import Settings
from filmstudio.studio.storage import Storage, make_storage


@dataclass
class Studio:
    """Everything a request or a job needs besides its own arguments."""

    settings: Settings
    db: Database
    cache: Cache
    limiter: RateLimiter
    storage: Storage
    mailer: Mailer
    queue: JobQueue
    moderation: ModerationFilter
    passwords: Passwords
    tokens: Tokens

    def close(self) -> None:
        self.queue.close()
        self.db.dispose()


def make_mailer(settings: Settings) -> Mailer:
    """SMTP when a server is configured, else the in-memory outbox (only recipient and subject
    are logged, never the body or its links)."""
    if settings.smtp_host:
        return SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            settings.smtp_user,
            settings.smtp_password,
            settings.smtp_starttls,
        )
    return OutboxMailer()


def build_studio(settings: Settings | None = None, *, mailer: Mailer | None = None) -> Studio:
    """Connect to (or create) the database, queue, cache and storage the settings name."""
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    cache_url = settings.resolved_cache_url
    return Studio(
        settings=settings,
        db=Database(settings.resolved_database_url),
        cache=make_cache(cache_url, settings.redis_prefix),
        limiter=RateLimiter(
            cache_url, settings.redis_prefix, settings.rate_limit, settings.login_limit
        ),
        storage=make_storage(
            settings.resolved_storage_url,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
        ),
        mailer=mailer or make_mailer(settings),
        queue=JobQueue(
            settings.resolved_queue_url, settings.redis_prefix, settings.queue_poll_seconds
        ),
        moderation=load_filter(settings),
        passwords=Passwords(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
        ),
        tokens=Tokens(
            settings.signing_key, settings.access_token_minutes, settings.refresh_token_days
        ),
    )
