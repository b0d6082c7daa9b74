"""Billing settings (Stripe), read from ``FILMSTUDIO_*`` environment variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_packs() -> dict[int, int]:
    return {10: 500, 50: 2000, 200: 6000}


class BillingSettings(BaseSettings):
    """Stripe configuration; purchases are switched off unless a secret key is configured.

    Credit packs are priced here (credits -> price in the smallest currency unit) so that a
    pack needs no set-up in the Stripe dashboard; subscriptions use Stripe Price ids, because
    a recurring price lives in Stripe.
    """

    model_config = SettingsConfigDict(env_prefix="FILMSTUDIO_", extra="ignore")

    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None  # another API address (a local fake in tests)
    stripe_price_pro: str | None = None
    stripe_price_enterprise: str | None = None
    stripe_currency: str = "usd"
    stripe_timeout_seconds: float = 20.0
    stripe_webhook_tolerance_seconds: int = 300
    credit_packs: dict[int, int] = Field(default_factory=_default_packs)
    #: Where Stripe sends the buyer back; Stripe fills in {CHECKOUT_SESSION_ID}, and the page
    #: there waits for the webhook (GET /billing/checkouts/{id}) before showing the balance.
    checkout_success_path: str = "/settings?checkout=success&session_id={CHECKOUT_SESSION_ID}"
    checkout_cancel_path: str = "/settings?checkout=cancelled"
