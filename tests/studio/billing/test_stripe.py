"""Stripe: Checkout sessions through the real client against a fake API, and signed webhooks
that grant credits or change the tier exactly once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from filmstudio.studio.app import create_app
from filmstudio.studio.billing.models import BillingEvent, CheckoutSession
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.notify import OutboxMailer
from tests.studio.billing.conftest import FakeStripe, billing_settings, event, sign
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import Account, balance, ledger_sum, register

PURCHASE = "/api/v1/credits/purchase"
WEBHOOK = "/api/v1/billing/webhook"


@pytest.fixture
def stripe_studio(make_settings: MakeSettings, fake_stripe: FakeStripe) -> Iterator[Studio]:
    built = build_studio(
        make_settings(billing=billing_settings(fake_stripe)), mailer=OutboxMailer()
    )
    yield built
    built.queue.flush()
    built.close()


@pytest.fixture
def api(stripe_studio: Studio) -> Iterator[TestClient]:
    with TestClient(create_app(studio=stripe_studio, run_worker=False)) as client:
        yield client


def _deliver(api: TestClient, payload: bytes, signature: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    headers["Stripe-Signature"] = signature if signature is not None else sign(payload)
    return api.post(WEBHOOK, content=payload, headers=headers)


def _checkout(api: TestClient, user: Account, body: dict[str, Any], key: str | None = None) -> Any:
    headers = dict(user.headers)
    if key:
        headers["Idempotency-Key"] = key
    response = api.post(PURCHASE, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _paid(session_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "payment_status": "paid",
        "status": "complete",
        **extra,
    }


def test_a_pack_checkout_is_created_with_the_right_request(
    api: TestClient, stripe_studio: Studio, fake_stripe: FakeStripe
) -> None:
    user = register(api)
    body = _checkout(api, user, {"credits": 50}, key="buy-1")
    assert body["session_id"].startswith("cs_test_")
    assert body["checkout_url"] == f"https://checkout.stripe.com/c/pay/{body['session_id']}"
    [sent] = fake_stripe.requests
    assert sent["mode"] == "payment"
    assert sent["line_items[0][price_data][unit_amount]"] == "2000"
    assert sent["line_items[0][price_data][currency]"] == "usd"
    assert sent["client_reference_id"] == str(user.id)
    assert sent["metadata[credits]"] == "50" and sent["metadata[kind]"] == "credits"
    assert sent["customer_email"] == user.email
    assert sent["success_url"].startswith(stripe_studio.settings.public_url)
    again = _checkout(api, user, {"credits": 50}, key="buy-1")  # a retried click
    assert again == body
    with stripe_studio.db.read_session() as session:
        rows = list(session.scalars(select(CheckoutSession)))
    assert [(r.stripe_session_id, r.credits, r.status) for r in rows] == [
        (body["session_id"], 50, "open")
    ]
    assert balance(api, user) == 3  # nothing granted before Stripe says it is paid


def test_purchase_refuses_what_it_cannot_sell(
    api: TestClient, fake_stripe: FakeStripe, make_settings: MakeSettings
) -> None:
    user = register(api)
    wrong = api.post(PURCHASE, json={"credits": 7}, headers=user.headers)
    assert wrong.status_code == 400 and "packs have 10, 50, 200" in wrong.json()["detail"]
    both = api.post(PURCHASE, json={"credits": 10, "plan": "pro"}, headers=user.headers)
    assert both.status_code == 422 and "either credits" in both.json()["detail"]
    enterprise = api.post(PURCHASE, json={"plan": "enterprise"}, headers=user.headers)
    assert enterprise.status_code == 501 and "Nothing was charged" in enterprise.json()["detail"]
    assert fake_stripe.requests == []
    fake_stripe.fail_next = [500, 500, 500]  # the client retries twice, then gives up
    down = api.post(PURCHASE, json={"credits": 10}, headers=user.headers)
    assert down.status_code == 503 and "Nothing was charged" in down.json()["detail"]


def test_purchase_is_off_without_stripe(client: TestClient) -> None:
    user = register(client)
    response = client.post(PURCHASE, json={"credits": 10}, headers=user.headers)
    assert response.status_code == 501
    assert "not configured" in response.json()["detail"]
    payload = event("checkout.session.completed", _paid("cs_x"))
    assert _deliver(client, payload).status_code == 501


def test_a_paid_checkout_grants_credits_once(api: TestClient, stripe_studio: Studio) -> None:
    user = register(api)
    session_id = _checkout(api, user, {"credits": 50})["session_id"]
    payload = event("checkout.session.completed", _paid(session_id), "evt_pack_1")
    first = _deliver(api, payload)
    assert first.status_code == 200 and first.json()["outcome"] == "granted 50 credits"
    assert balance(api, user) == 53
    again = _deliver(api, payload)  # Stripe delivers the same event again
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    other = event("checkout.session.async_payment_succeeded", _paid(session_id), "evt_pack_2")
    assert _deliver(api, other).json()["outcome"] == "checkout already completed"
    assert balance(api, user) == 53
    assert ledger_sum(stripe_studio, user.id) == (53, 53)
    with stripe_studio.db.read_session() as session:
        purchase = session.scalar(
            select(CreditTransaction).where(CreditTransaction.kind == "purchase")
        )
        assert purchase is not None and purchase.idempotency_key == "stripe:evt_pack_1"
        assert session.scalar(select(func.count()).select_from(BillingEvent)) == 3 - 1


def test_racing_deliveries_grant_once(api: TestClient, stripe_studio: Studio) -> None:
    user = register(api)
    session_id = _checkout(api, user, {"credits": 10})["session_id"]
    payload = event("checkout.session.completed", _paid(session_id), "evt_race")
    signature = sign(payload)
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def deliver() -> None:
        barrier.wait()
        response = _deliver(api, payload, signature)
        assert response.status_code == 200, response.text
        with lock:
            outcomes.append(response.json()["outcome"])

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * 7 + ["granted 10 credits"]
    assert ledger_sum(stripe_studio, user.id) == (13, 13)


@pytest.mark.parametrize(
    "tamper",
    ["missing", "wrong secret", "altered body", "too old", "not json"],
)
def test_bad_signatures_are_refused(api: TestClient, stripe_studio: Studio, tamper: str) -> None:
    user = register(api)
    session_id = _checkout(api, user, {"credits": 10})["session_id"]
    payload = event("checkout.session.completed", _paid(session_id))
    signature = sign(payload)
    if tamper == "missing":
        response = api.post(WEBHOOK, content=payload)
    elif tamper == "wrong secret":
        response = _deliver(api, payload, sign(payload, "whsec_someone_else"))
    elif tamper == "altered body":
        response = _deliver(api, payload.replace(b"paid", b"PAID"), signature)
    elif tamper == "too old":
        response = _deliver(api, payload, sign(payload, timestamp=1_600_000_000))
    else:
        response = _deliver(api, b"{not json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert balance(api, user) == 3


def test_a_subscription_changes_the_tier_until_it_is_cancelled(
    api: TestClient, stripe_studio: Studio, fake_stripe: FakeStripe
) -> None:
    user = register(api)
    session_id = _checkout(api, user, {"plan": "pro"})["session_id"]
    sent = fake_stripe.requests[-1]
    assert sent["mode"] == "subscription" and sent["line_items[0][price]"] == "price_pro_monthly"
    assert sent["subscription_data[metadata][plan]"] == "pro"
    sub = f"sub_{uuid.uuid4().hex[:12]}"
    paid = _paid(session_id, mode="subscription", subscription=sub, customer="cus_1")
    done = _deliver(api, event("checkout.session.completed", paid, "evt_sub_1"))
    assert done.json()["outcome"] == "tier pro"
    me = api.get("/api/v1/users/me", headers=user.headers).json()
    assert me["tier"] == "pro"
    assert balance(api, user) == 30  # topped up to the plan's monthly credits
    already = api.post(PURCHASE, json={"plan": "pro"}, headers=user.headers)
    assert already.status_code == 409
    past_due = {"id": sub, "object": "subscription", "status": "past_due"}
    assert _deliver(api, event("customer.subscription.updated", past_due)).json()["outcome"] == (
        "tier pro"
    )
    cancelled = event(
        "customer.subscription.deleted",
        {"id": sub, "object": "subscription", "status": "canceled"},
        "evt_sub_end",
    )
    assert _deliver(api, cancelled).json()["outcome"] == "tier free"
    assert api.get("/api/v1/users/me", headers=user.headers).json()["tier"] == "free"
    assert _deliver(api, cancelled).json()["outcome"] == "duplicate"
    unknown = {"id": "sub_nobody", "object": "subscription", "status": "canceled"}
    assert _deliver(api, event("customer.subscription.deleted", unknown)).json()["outcome"] == (
        "unknown subscription"
    )
    assert ledger_sum(stripe_studio, user.id) == (30, 30)


def test_a_paid_session_without_its_row_is_read_from_its_metadata(
    api: TestClient, stripe_studio: Studio
) -> None:
    user = register(api)
    meta = {"user_id": str(user.id), "kind": "credits", "credits": "10"}
    lost = _paid("cs_test_row_never_written", metadata=meta, client_reference_id=str(user.id))
    response = _deliver(api, event("checkout.session.completed", lost))
    assert response.json()["outcome"] == "granted 10 credits"
    assert balance(api, user) == 13
    forged = _paid("cs_test_other", metadata={"user_id": str(user.id), "kind": "credits"})
    assert _deliver(api, event("checkout.session.completed", forged)).json()["outcome"] == (
        "unknown checkout session"
    )
    assert balance(api, user) == 13
