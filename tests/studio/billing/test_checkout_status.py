"""The return from Stripe Checkout: the success URL names the session, and the page there
learns from GET /billing/checkouts/{id} when the webhook has landed (money moves only then)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.notify import OutboxMailer
from tests.studio.billing.conftest import FakeStripe, billing_settings, event, sign
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import balance, register

PURCHASE = "/api/v1/credits/purchase"


@pytest.fixture
def api(make_settings: MakeSettings, fake_stripe: FakeStripe) -> Iterator[TestClient]:
    studio: Studio = build_studio(
        make_settings(billing=billing_settings(fake_stripe)), mailer=OutboxMailer()
    )
    with TestClient(create_app(studio=studio, run_worker=False)) as client:
        yield client
    studio.queue.flush()
    studio.close()


def test_a_checkout_is_open_until_its_webhook_then_completed(
    api: TestClient, fake_stripe: FakeStripe
) -> None:
    user = register(api)
    opened = api.post(PURCHASE, json={"credits": 10}, headers=user.headers).json()
    [sent] = fake_stripe.requests
    assert sent["success_url"].endswith("session_id={CHECKOUT_SESSION_ID}")
    status_url = f"/api/v1/billing/checkouts/{opened['session_id']}"
    before = api.get(status_url, headers=user.headers).json()
    assert (before["status"], before["kind"], before["credits"]) == ("open", "credits", 10)
    assert before["completed_at"] is None
    paid = {
        "id": opened["session_id"],
        "object": "checkout.session",
        "payment_status": "paid",
        "metadata": {"user_id": str(user.id), "kind": "credits", "credits": "10"},
    }
    payload = event("checkout.session.completed", paid)
    headers = {"Stripe-Signature": sign(payload), "Content-Type": "application/json"}
    assert api.post("/api/v1/billing/webhook", content=payload, headers=headers).status_code == 200
    after = api.get(status_url, headers=user.headers).json()
    assert after["status"] == "completed" and after["completed_at"] is not None
    assert balance(api, user) == 3 + 10


def test_someone_elses_checkout_is_not_found(api: TestClient, fake_stripe: FakeStripe) -> None:
    owner, other = register(api), register(api)
    opened = api.post(PURCHASE, json={"credits": 10}, headers=owner.headers).json()
    url = f"/api/v1/billing/checkouts/{opened['session_id']}"
    assert api.get(url, headers=other.headers).status_code == 404
    unknown = api.get("/api/v1/billing/checkouts/cs_test_nope", headers=owner.headers)
    assert unknown.status_code == 404
    assert api.get(url).status_code == 401


def test_the_hosted_fake_pays_and_signs_the_webhook(
    api: TestClient, fake_stripe: FakeStripe
) -> None:
    """The browser tests' fake checkout page: paying sends a webhook the studio accepts."""
    import httpx

    fake_stripe.webhook_url = "http://testserver/api/v1/billing/webhook"
    user = register(api)
    opened = api.post(PURCHASE, json={"credits": 50}, headers=user.headers).json()
    assert opened["checkout_url"] == f"{fake_stripe.url}/c/pay/{opened['session_id']}"
    page = httpx.get(opened["checkout_url"], trust_env=False)
    assert page.status_code == 200 and "payment: 50" in page.text
    payloads: list[bytes] = []
    fake_stripe._deliver = payloads.append  # type: ignore[method-assign]  # the app is in-process
    answer = httpx.post(opened["checkout_url"], trust_env=False)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"session_id={opened['session_id']}")
    deadline = time.monotonic() + 5
    while not payloads and time.monotonic() < deadline:
        time.sleep(0.02)
    [payload] = payloads
    headers = {"Stripe-Signature": sign(payload), "Content-Type": "application/json"}
    delivered = api.post("/api/v1/billing/webhook", content=payload, headers=headers)
    assert delivered.json()["outcome"] == "granted 50 credits"
    assert balance(api, user) == 3 + 50
