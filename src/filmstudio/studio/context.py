"""The studio's services, built once from Settings and shared by the API and the workers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta

from filmstudio.studio.accounts.security import Passwords, Tokens
from filmstudio.studio.cache import Cache, make_cache
from filmstudio.studio.crm import capture as _crm_capture  # noqa: F401  (ORM listeners)
from filmstudio.studio.db import models as _all_tables  # noqa: F401  (foreign keys resolve)
from filmstudio.studio.db.engine import Database
from filmstudio.studio.moderation.filters import ModerationFilter, load_filter
from filmstudio.studio.notify import Mailer, OutboxMailer, SmtpMailer
from filmstudio.studio.notify.events import HOOKS, ChangeHooks
from filmstudio.studio.notify.loop import Delivery, OutboxLoop
from filmstudio.studio.notify.queue import MailDelivery, QueuedMailer
from filmstudio.studio.queue import JobQueue
from filmstudio.studio.ratelimit import RateLimiter
from filmstudio.studio.settings import Settings
from filmstudio.studio.storage import Storage, make_storage


@dataclass
class Studio:
    """Everything a request or a job needs besides its own arguments.

    `mailer` is what code hands an e-mail to (in a deployment it only queues the message);
    `mail_transport` is what the background sender delivers through (SMTP, SendGrid, or
    the in-memory outbox).
    """

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
    mail_transport: Mailer = field(default_factory=OutboxMailer)
    outbox_wake: threading.Event = field(default_factory=threading.Event)

    def outbox_loop(self) -> OutboxLoop:
        """The background sender for the e-mail outbox (and the CRM one when configured)."""
        mail = self.settings.mail
        deliveries: list[Delivery] = [MailDelivery(self.db, self.mail_transport, mail)]
        if self.settings.crm.enabled:
            from filmstudio.studio.crm.delivery import CrmDelivery

            deliveries.append(
                CrmDelivery(
                    self.db,
                    self.settings.crm,
                    mail.low_credit_threshold,
                    keep=timedelta(days=mail.outbox_keep_days),
                )
            )
        return OutboxLoop(deliveries, mail.outbox_poll_seconds, self.outbox_wake)

    def close(self) -> None:
        self.queue.close()
        self.db.dispose()


def make_mailer(settings: Settings) -> Mailer:
    """The transport the settings name: SendGrid, SMTP when a server is configured, else the
    in-memory outbox (only recipient and subject are logged, never the body or its links)."""
    provider = settings.mail.mail_provider
    if provider == "sendgrid":
        from filmstudio.studio.notify.sendgrid import SendGridMailer

        return SendGridMailer(
            settings.mail.sendgrid_api_key or "",
            settings.mail_from,
            settings.mail.sendgrid_api_base,
            settings.mail.mail_timeout_seconds,
        )
    if provider in ("auto", "smtp") and settings.smtp_host:
        return SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            settings.smtp_user,
            settings.smtp_password,
            settings.smtp_starttls,
            settings.mail.mail_timeout_seconds,
        )
    return OutboxMailer()


def change_hooks(settings: Settings, wake: threading.Event) -> ChangeHooks:
    """What the ORM change listeners need (``session.info``: sessions of this studio only)."""
    return ChangeHooks(
        public_url=settings.public_url,
        low_credit_threshold=settings.mail.low_credit_threshold,
        crm_enabled=settings.crm.enabled,
        wake=wake,
    )


def build_studio(
    settings: Settings | None = None,
    *,
    mailer: Mailer | None = None,
    mail_transport: Mailer | None = None,
) -> Studio:
    """Connect to (or create) the database, queue, cache and storage the settings name.

    `mailer` (tests) is used directly for account e-mails and as the transport;
    `mail_transport` alone keeps the deployment's queued path and delivers through it.
    """
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    cache_url = settings.resolved_cache_url
    db = Database(settings.resolved_database_url)
    wake = threading.Event()
    db.session.configure(info={HOOKS: change_hooks(settings, wake)})
    transport = mail_transport or mailer or make_mailer(settings)
    return Studio(
        settings=settings,
        db=db,
        cache=make_cache(cache_url, settings.redis_prefix),
        limiter=RateLimiter(
            cache_url, settings.redis_prefix, settings.rate_limit, settings.login_limit
        ),
        storage=make_storage(
            settings.resolved_storage_url,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
        ),
        mailer=mailer or QueuedMailer(db, wake),
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
        mail_transport=transport,
        outbox_wake=wake,
    )
