"""Billing fixtures: the fake Stripe API (tests/studio/billing/fake_stripe.py) per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.studio.billing.fake_stripe import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripe,
    _handler,
    billing_settings,
    event,
    running_fake_stripe,
    sign,
)

#: Names other test modules import from here (the fake moved to fake_stripe.py).
__all__ = [
    "SECRET_KEY",
    "WEBHOOK_SECRET",
    "FakeStripe",
    "_handler",
    "billing_settings",
    "event",
    "sign",
]


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    with running_fake_stripe() as fake:
        yield fake
