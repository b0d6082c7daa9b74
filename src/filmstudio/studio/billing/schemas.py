"""Billing API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CheckoutPublic(BaseModel):
    checkout_url: str
    session_id: str


class WebhookResult(BaseModel):
    received: bool
    outcome: str


class CheckoutStatus(BaseModel):
    """Where a checkout stands: `completed` once Stripe's webhook said it was paid."""

    model_config = ConfigDict(from_attributes=True)

    session_id: str = Field(validation_alias="stripe_session_id")
    kind: Literal["credits", "subscription"]
    credits: int | None
    plan: str | None
    status: Literal["open", "completed", "expired"]
    created_at: datetime
    completed_at: datetime | None
