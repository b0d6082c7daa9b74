"""Credit endpoints: ``/credits/*``."""

from __future__ import annotations

from fastapi import APIRouter, status

from filmstudio.studio.billing.schemas import CheckoutPublic
from filmstudio.studio.contract import answers
from filmstudio.studio.credits import service as credits
from filmstudio.studio.credits.schemas import (
    BalancePublic,
    DeductRequest,
    GrantRequest,
    PurchaseRequest,
    TransactionPublic,
)
from filmstudio.studio.deps import (
    AdminUser,
    CurrentUser,
    IdempotencyKey,
    ReadSessionDep,
    StudioDep,
)
from filmstudio.studio.pagination import Page, PageDep

router = APIRouter(prefix="/credits", tags=["credits"])


@router.get("/balance")
def balance(studio: StudioDep, user: CurrentUser) -> BalancePublic:
    """Your credits now (topped up first when the monthly reset date has passed)."""
    return credits.balance(studio.db, studio.cache, user.id, studio.settings.cache_seconds)


@router.get("/history")
def history(session: ReadSessionDep, user: CurrentUser, params: PageDep) -> Page[TransactionPublic]:
    """Every change of your balance, newest first (the ledger, never edited)."""
    return credits.history(session, user.id, params)


@router.post(
    "/purchase",
    status_code=status.HTTP_201_CREATED,
    responses=answers(
        409, 501, 503, s501="Payments are not configured on this studio (set FILMSTUDIO_STRIPE_*)."
    ),
)
def purchase(
    data: PurchaseRequest, studio: StudioDep, user: CurrentUser, key: IdempotencyKey = None
) -> CheckoutPublic:
    """Open a Stripe Checkout page for a credit pack or a pro/enterprise plan; the credits
    or the plan arrive when Stripe confirms the payment."""
    from filmstudio.studio.billing import service as billing

    return billing.create_checkout(studio, user, data, key)


@router.post("/deduct", responses=answers(402, 409))
def deduct(
    data: DeductRequest, studio: StudioDep, user: CurrentUser, key: IdempotencyKey = None
) -> TransactionPublic:
    """Spend credits (402 when the balance is too low); the same Idempotency-Key never
    spends twice."""
    row = credits.deduct(studio.db, studio.cache, user.id, data.amount, data.description, key)
    return TransactionPublic.model_validate(row)


@router.post("/grant", status_code=status.HTTP_201_CREATED, responses=answers(404, 409))
def grant(
    data: GrantRequest, studio: StudioDep, admin: AdminUser, key: IdempotencyKey = None
) -> TransactionPublic:
    """Give a user credits (admins only)."""
    row = credits.grant(
        studio.db, studio.cache, data.user_id, data.amount, data.description, admin.id, key
    )
    return TransactionPublic.model_validate(row)
