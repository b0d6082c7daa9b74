"""Payments through Stripe: open a Checkout session, then act on Stripe's signed webhooks.

Money only moves on the webhook, never on the browser's return: a Checkout session is just
an offer until Stripe says it was paid. Each event is acted on once: its id is stored in
``billing_events`` (UNIQUE) in the transaction of its effect, credits go through the ledger
with the event id as idempotency key, and a redelivered or racing duplicate finds the row (or
loses on the unique index and rolls back) and changes nothing.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import stripe
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.accounts.tiers import TIERS
from filmstudio.studio.billing.models import BillingEvent, CheckoutSession, Subscription
from filmstudio.studio.billing.schemas import CheckoutPublic, CheckoutStatus
from filmstudio.studio.billing.settings import BillingSettings
from filmstudio.studio.cache import balance_key, profile_key
from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.credits.schemas import PurchaseRequest
from filmstudio.studio.db.base import rowcount, utcnow
from filmstudio.studio.errors import (
    BadRequest,
    Conflict,
    NotAvailable,
    NotFound,
    ServiceUnavailable,
)

log = logging.getLogger("filmstudio.billing")

ACTIVE = ("active", "trialing", "past_due")  # past_due keeps the plan while Stripe retries
ENDED = ("canceled", "unpaid", "incomplete_expired")


def client(settings: BillingSettings) -> stripe.StripeClient:
    if not settings.stripe_secret_key:
        raise NotAvailable(
            "Payments are not configured on this studio (set FILMSTUDIO_STRIPE_SECRET_KEY). "
            "Nothing was charged.",
            code="payments_not_configured",
        )
    base = {"api": settings.stripe_api_base} if settings.stripe_api_base else None
    return stripe.StripeClient(
        settings.stripe_secret_key,
        base_addresses=base,  # type: ignore[arg-type]
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=settings.stripe_timeout_seconds),
    )


def _offer(settings: BillingSettings, data: PurchaseRequest) -> tuple[str, dict[str, Any]]:
    """The Checkout mode and line item for a pack or a plan."""
    if data.credits is not None:
        price = settings.credit_packs.get(data.credits)
        if price is None:
            packs = ", ".join(str(n) for n in sorted(settings.credit_packs))
            raise BadRequest(f"There is no pack of {data.credits} credits; packs have {packs}.")
        item = {
            "price_data": {
                "currency": settings.stripe_currency,
                "unit_amount": price,
                "product_data": {"name": f"{data.credits} film credits"},
            },
            "quantity": 1,
        }
        return "payment", item
    price_id = settings.stripe_price_pro if data.plan == "pro" else settings.stripe_price_enterprise
    if not price_id:
        raise NotAvailable(
            f"The {data.plan} plan cannot be bought here yet (set "
            f"FILMSTUDIO_STRIPE_PRICE_{str(data.plan).upper()}). Nothing was charged.",
            code="plan_not_configured",
        )
    return "subscription", {"price": price_id, "quantity": 1}


def create_checkout(
    studio: Studio, user: UserPublic, data: PurchaseRequest, key: str | None
) -> CheckoutPublic:
    """Open a Stripe Checkout session for a credit pack or a subscription."""
    settings = studio.settings.billing
    stripe_client = client(settings)
    if data.plan is not None and user.tier == data.plan:
        raise Conflict(f"You are already on the {data.plan} plan.")
    mode, item = _offer(settings, data)
    kind = "credits" if mode == "payment" else "subscription"
    metadata = {"user_id": str(user.id), "kind": kind}
    if data.credits is not None:
        metadata["credits"] = str(data.credits)
    if data.plan is not None:
        metadata["plan"] = data.plan
    params: dict[str, Any] = {
        "mode": mode,
        "line_items": [item],
        "success_url": studio.settings.public_url + settings.checkout_success_path,
        "cancel_url": studio.settings.public_url + settings.checkout_cancel_path,
        "client_reference_id": str(user.id),
        "customer_email": user.email,
        "metadata": metadata,
    }
    if mode == "subscription":
        params["subscription_data"] = {"metadata": metadata}
    options: dict[str, Any] = {}
    if key:
        options["idempotency_key"] = f"checkout:{user.id}:{key}"
    try:
        checkout = stripe_client.v1.checkout.sessions.create(
            params,  # type: ignore[arg-type]
            options,  # type: ignore[arg-type]
        )
    except stripe.StripeError as error:
        log.warning("Stripe checkout failed", extra={"error": str(error)[:300]})
        raise ServiceUnavailable(
            "The payment service could not open a checkout just now. Nothing was charged; "
            "try again in a moment."
        ) from error
    if not checkout.url:
        raise ServiceUnavailable("The payment service returned no checkout page. Try again.")
    try:
        with studio.db.transaction() as session:
            exists = session.scalar(
                select(CheckoutSession.id).where(CheckoutSession.stripe_session_id == checkout.id)
            )
            if exists is None:
                session.add(
                    CheckoutSession(
                        user_id=user.id,
                        stripe_session_id=checkout.id,
                        kind=kind,
                        credits=data.credits,
                        plan=data.plan,
                        amount=item.get("price_data", {}).get("unit_amount"),
                    )
                )
    except IntegrityError:
        pass  # the same session recorded by a concurrent retry
    return CheckoutPublic(checkout_url=checkout.url, session_id=checkout.id)


def checkout_status(studio: Studio, user: UserPublic, session_id: str) -> CheckoutStatus:
    """One of the user's checkouts, as the webhooks left it (the return page polls this:
    money moves on the webhook, never on the browser's return)."""
    with studio.db.read_session() as session:
        row = session.scalar(
            select(CheckoutSession).where(
                CheckoutSession.stripe_session_id == session_id,
                CheckoutSession.user_id == user.id,
            )
        )
        if row is None:
            raise NotFound("There is no checkout with this id on your account.")
        return CheckoutStatus.model_validate(row)


def verify(settings: BillingSettings, payload: bytes, signature: str | None) -> stripe.Event:
    """The event, if Stripe signed it with our webhook secret; 400 otherwise."""
    if not settings.stripe_webhook_secret:
        raise NotAvailable(
            "Stripe webhooks are not configured on this studio "
            "(set FILMSTUDIO_STRIPE_WEBHOOK_SECRET).",
            code="webhooks_not_configured",
        )
    if not signature:
        raise BadRequest("The Stripe-Signature header is missing.")
    try:
        event: stripe.Event = stripe.Webhook.construct_event(
            payload,
            signature,
            settings.stripe_webhook_secret,
            tolerance=settings.stripe_webhook_tolerance_seconds,
        )
        return event
    except stripe.SignatureVerificationError as error:
        raise BadRequest(
            "The webhook signature is not valid (wrong secret, altered body or too old)."
        ) from error
    except ValueError as error:
        raise BadRequest("The webhook body is not a Stripe event.") from error


def _set_tier(session: Session, user_id: uuid.UUID, tier: str) -> User | None:
    user = session.get(User, user_id)
    if user is None:
        return None
    user.tier = tier
    return user


def _grant_plan_credits(session: Session, user: User, plan: str, event_id: str) -> None:
    """Upgrading tops the balance up to the plan's monthly credits now."""
    allowance = TIERS[plan].monthly_credits
    if allowance is not None and user.credits < allowance:
        credits.add(
            session,
            user.id,
            allowance - user.credits,
            kind="subscription",
            description=f"{plan.title()} plan credits",
            idempotency_key=f"stripe:{event_id}",
        )


def _from_metadata(session: Session, obj: Any) -> CheckoutSession | None:
    """A paid session we have no row for (the row's insert failed after Stripe made the
    session): its metadata, which only we can set (with our secret key) and Stripe signed
    in the event, says what was sold."""
    meta = obj.get("metadata") or {}
    try:
        user_id = uuid.UUID(str(meta.get("user_id") or obj.get("client_reference_id")))
    except ValueError:
        return None
    kind = meta.get("kind")
    amount = int(meta["credits"]) if str(meta.get("credits", "")).isdigit() else None
    plan = meta.get("plan") if meta.get("plan") in ("pro", "enterprise") else None
    valid = (kind == "credits" and amount) or (kind == "subscription" and plan)
    if not valid or session.get(User, user_id) is None:
        return None
    row = CheckoutSession(
        user_id=user_id, stripe_session_id=obj["id"], kind=kind, credits=amount, plan=plan
    )
    session.add(row)
    session.flush()
    return row


def _checkout_completed(session: Session, obj: Any, event_id: str) -> tuple[str, uuid.UUID | None]:
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return "checkout not paid yet", None
    row = session.scalar(
        select(CheckoutSession).where(CheckoutSession.stripe_session_id == obj["id"])
    )
    if row is None:
        row = _from_metadata(session, obj)
    if row is None:
        return "unknown checkout session", None
    opened = rowcount(
        session.execute(
            update(CheckoutSession)
            .where(CheckoutSession.id == row.id, CheckoutSession.status == "open")
            .values(status="completed", completed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    if opened != 1:
        return "checkout already completed", row.user_id
    if row.kind == "credits" and row.credits:
        credits.add(
            session,
            row.user_id,
            row.credits,
            kind="purchase",
            description=f"Bought {row.credits} credits",
            idempotency_key=f"stripe:{event_id}",
        )
        return f"granted {row.credits} credits", row.user_id
    plan = row.plan or "pro"
    subscription_id = obj.get("subscription")
    if subscription_id:
        found = session.scalar(
            select(Subscription).where(Subscription.stripe_subscription_id == subscription_id)
        )
        if found is None:
            session.add(
                Subscription(
                    user_id=row.user_id,
                    stripe_subscription_id=subscription_id,
                    stripe_customer_id=obj.get("customer"),
                    plan=plan,
                    status="active",
                )
            )
        else:
            found.status = "active"
    user = _set_tier(session, row.user_id, plan)
    if user is not None:
        session.flush()
        _grant_plan_credits(session, user, plan, event_id)
    return f"tier {plan}", row.user_id


def _subscription_changed(
    session: Session, obj: Any, deleted: bool
) -> tuple[str, uuid.UUID | None]:
    row = session.scalar(
        select(Subscription).where(Subscription.stripe_subscription_id == obj["id"])
    )
    if row is None:
        return "unknown subscription", None
    status = "canceled" if deleted else str(obj.get("status", row.status))
    row.status = status
    if status in ENDED:
        others = session.scalar(
            select(Subscription.id).where(
                Subscription.user_id == row.user_id,
                Subscription.id != row.id,
                Subscription.status.in_(ACTIVE),
            )
        )
        if others is None:
            _set_tier(session, row.user_id, "free")
            return "tier free", row.user_id
        return "subscription ended (another is active)", row.user_id
    if status in ACTIVE:
        _set_tier(session, row.user_id, row.plan)
        return f"tier {row.plan}", row.user_id
    return f"subscription {status}", row.user_id


def _apply(session: Session, event: dict[str, Any]) -> tuple[str, uuid.UUID | None]:
    obj = event["data"]["object"]
    kind = event["type"]
    if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        return _checkout_completed(session, obj, event["id"])
    if kind == "checkout.session.expired":
        session.execute(
            update(CheckoutSession)
            .where(CheckoutSession.stripe_session_id == obj["id"], CheckoutSession.status == "open")
            .values(status="expired")
            .execution_options(synchronize_session=False)
        )
        return "checkout expired", None
    if kind in ("customer.subscription.updated", "customer.subscription.deleted"):
        return _subscription_changed(session, obj, kind.endswith("deleted"))
    return "ignored", None


def handle_webhook(studio: Studio, payload: bytes, signature: str | None) -> str:
    """Verify and act on one webhook delivery, at most once per event id."""
    verify(studio.settings.billing, payload, signature)
    event: dict[str, Any] = json.loads(payload)  # verified: now read it as plain data
    event_id = str(event["id"])
    user_id: uuid.UUID | None = None
    try:
        with studio.db.transaction() as session:
            seen = session.scalar(
                select(BillingEvent.outcome).where(BillingEvent.stripe_event_id == event_id)
            )
            if seen is not None:
                return "duplicate"
            outcome, user_id = _apply(session, event)
            session.add(
                BillingEvent(
                    stripe_event_id=event_id,
                    type=str(event["type"])[:100],
                    user_id=user_id,
                    outcome=outcome[:200],
                )
            )
            session.flush()  # a racing twin fails here, on the unique event id
    except IntegrityError:
        with studio.db.read_session() as session:
            handled = session.scalar(
                select(BillingEvent.id).where(BillingEvent.stripe_event_id == event_id)
            )
        if handled is None:
            raise  # not a twin: fail (500) so that Stripe delivers it again
        log.info("Stripe event already handled", extra={"event": event_id})
        return "duplicate"
    if user_id is not None:
        studio.cache.delete(balance_key(user_id), profile_key(user_id))
    log.info("Stripe event handled", extra={"event": event_id, "outcome": outcome})
    return outcome
