"""Closing an account: the payment provider first (no charge may follow a closed account),
then the database in one transaction (the person's data erased, the ledger kept with
nothing that names them; the CRM hears of it through its outbox, like any change of a
user), then the stored files."""

from __future__ import annotations

import logging
import uuid

import stripe
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from filmstudio.studio.accounts import mfa
from filmstudio.studio.accounts.errors import StripeUnreachable
from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.service import close_in, forget_cached
from filmstudio.studio.billing.models import Subscription
from filmstudio.studio.billing.service import ACTIVE, client
from filmstudio.studio.context import Studio
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.jobs.models import FINISHED_STATES, Job
from filmstudio.studio.moderation.models import ModerationItem
from filmstudio.studio.notify.models import MailOutbox
from filmstudio.studio.privacy.files import erase, user_prefix
from filmstudio.studio.projects.models import Project, ProjectShare, ProjectVersion
from filmstudio.studio.publishing.models import YoutubeIntegration, YoutubeUpload

log = logging.getLogger("filmstudio.privacy")


def cancel_subscriptions(studio: Studio, user_id: uuid.UUID) -> list[str]:
    """Cancel the user's live Stripe subscriptions now; returns their ids. Stripe down means
    the account stays open (503): closing it while Stripe goes on charging is worse."""
    with studio.db.read_session() as session:
        live = list(
            session.scalars(
                select(Subscription.stripe_subscription_id).where(
                    Subscription.user_id == user_id, Subscription.status.in_(ACTIVE)
                )
            )
        )
    if not live:
        return []
    stripe_client = client(studio.settings.billing)
    for subscription_id in live:
        try:
            stripe_client.v1.subscriptions.cancel(subscription_id)
        except stripe.InvalidRequestError as error:
            if error.http_status != 404:  # already gone at Stripe: nothing to stop
                raise StripeUnreachable(_stripe_sentence()) from error
        except stripe.StripeError as error:
            raise StripeUnreachable(_stripe_sentence()) from error
    return live


def _stripe_sentence() -> str:
    return (
        "Your subscription could not be cancelled at the payment provider, so the account "
        "was not closed. Try again in a few minutes."
    )


def _scrub(session: Session, user_id: uuid.UUID, cancelled: list[str]) -> None:
    """Erase what the account's rows say about the person (the rows that must stay, stay)."""
    projects = select(Project.id).where(Project.owner_id == user_id)
    session.execute(
        update(Project)
        .where(Project.owner_id == user_id)
        .values(title="(deleted)", script="", settings={})
    )
    session.execute(delete(ProjectVersion).where(ProjectVersion.project_id.in_(projects)))
    session.execute(
        delete(ProjectShare).where(
            (ProjectShare.user_id == user_id) | ProjectShare.project_id.in_(projects)
        )
    )
    session.execute(
        update(CreditTransaction).where(CreditTransaction.user_id == user_id).values(description="")
    )
    session.execute(
        update(Job)
        .where(Job.user_id == user_id, Job.status.in_(FINISHED_STATES))
        .values(request={}, outputs={}, error=None)
    )
    session.execute(update(ModerationItem).where(ModerationItem.user_id == user_id).values(text=""))
    session.execute(delete(YoutubeIntegration).where(YoutubeIntegration.user_id == user_id))
    session.execute(
        update(YoutubeUpload)
        .where(YoutubeUpload.user_id == user_id)
        .values(title="", description="", tags=[], session_uri=None)
    )
    if cancelled:
        session.execute(
            update(Subscription)
            .where(Subscription.stripe_subscription_id.in_(cancelled))
            .values(status="canceled")
        )
    mfa.forget(session, user_id)


def _forget_mail(session: Session, user_id: uuid.UUID, address: str | None) -> None:
    """The person's e-mail, sent or waiting (its address, and without a mail server its
    links too, stay in the outbox otherwise): none is sent to a closed account."""
    to_them = MailOutbox.user_id == user_id
    if address:
        to_them = to_them | (MailOutbox.to_address == address)
    session.execute(delete(MailOutbox).where(to_them).execution_options(synchronize_session=False))


def close_account(studio: Studio, user_id: uuid.UUID) -> int:
    """Close the account for good; returns how many stored files were erased."""
    cancelled = cancel_subscriptions(studio, user_id)
    with studio.db.transaction() as session:
        address = session.scalar(select(User.email).where(User.id == user_id))
        close_in(session, user_id)
        _scrub(session, user_id, cancelled)
        _forget_mail(session, user_id, address)
    forget_cached(studio, user_id)
    erased = erase(studio.storage, user_prefix(user_id))
    log.info(
        "account closed",
        extra={"user": str(user_id), "files": erased, "subscriptions": len(cancelled)},
    )
    return erased
