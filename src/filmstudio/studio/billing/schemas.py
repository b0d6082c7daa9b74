"""Billing API shapes."""

from __future__ import annotations

from pydantic import BaseModel


class CheckoutPublic(BaseModel):
    checkout_url: str
    session_id: str


class WebhookResult(BaseModel):
    received: bool
    outcome: str
