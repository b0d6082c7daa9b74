"""Billing endpoints (Stripe webhook)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request
from fastapi.concurrency import run_in_threadpool

from filmstudio.studio.billing import service
from filmstudio.studio.billing.schemas import CheckoutStatus, WebhookResult
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import CurrentUser, StudioDep

router = APIRouter(tags=["billing"])


@router.post(
    "/billing/webhook",
    responses=answers(
        400,
        501,
        s400="The signature is missing or wrong, or the event is not JSON.",
        s501="Stripe is not configured here.",
    ),
)
async def stripe_webhook(
    request: Request,
    studio: StudioDep,
    signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> WebhookResult:
    """Stripe's events (signed): paid checkouts grant credits or a plan, a cancelled
    subscription returns the account to free. A repeated event changes nothing."""
    payload = await request.body()
    outcome = await run_in_threadpool(service.handle_webhook, studio, payload, signature)
    return WebhookResult(received=True, outcome=outcome)


@router.get("/billing/checkouts/{session_id}")
def get_checkout(
    session_id: Annotated[str, Path(max_length=255)], studio: StudioDep, user: CurrentUser
) -> CheckoutStatus:
    """One of your checkouts: `completed` once Stripe confirmed the payment (the credits or
    the plan are then on your account)."""
    return service.checkout_status(studio, user, session_id)
