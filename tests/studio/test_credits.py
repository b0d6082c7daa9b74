"""Credits: balance, ledger, idempotent spending, admin grants, monthly top-up, and the
concurrency promise (20 threads, 10 credits: exactly 10 succeed) on both databases."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import PaymentRequired
from tests.studio.helpers import admin, balance, ledger_sum, register, set_user

API = "/api/v1/credits"


def test_balance_and_history(client: TestClient) -> None:
    user = register(client)
    body = client.get(f"{API}/balance", headers=user.headers).json()
    assert body["credits"] == 3 and body["tier"] == "free" and body["monthly_credits"] == 3
    assert body["unlimited"] is False
    history = client.get(f"{API}/history", headers=user.headers).json()
    assert history["total"] == 1
    assert history["items"][0]["kind"] == "signup" and history["items"][0]["amount"] == 3


def test_deduct_is_idempotent_and_never_goes_negative(client: TestClient, studio: Studio) -> None:
    user = register(client)
    headers = {**user.headers, "Idempotency-Key": "order-1"}
    first = client.post(f"{API}/deduct", json={"amount": 2, "description": "x"}, headers=headers)
    assert first.status_code == 200 and first.json()["balance_after"] == 1
    again = client.post(f"{API}/deduct", json={"amount": 2, "description": "x"}, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert balance(client, user) == 1
    other = client.post(f"{API}/deduct", json={"amount": 1}, headers=headers)
    assert other.status_code == 409
    assert "Idempotency-Key was already used" in other.json()["detail"]
    broke = client.post(f"{API}/deduct", json={"amount": 2}, headers=user.headers)
    assert broke.status_code == 402
    assert "Not enough credits" in broke.json()["detail"]
    zero = client.post(f"{API}/deduct", json={"amount": 0}, headers=user.headers)
    assert zero.status_code == 422
    assert ledger_sum(studio, user.id) == (1, 1)


def test_grant_is_for_admins(client: TestClient, studio: Studio) -> None:
    user, boss = register(client), admin(client, studio)
    body = {"user_id": str(user.id), "amount": 5, "description": "Thanks"}
    assert client.post(f"{API}/grant", json=body, headers=user.headers).status_code == 403
    headers = {**boss.headers, "Idempotency-Key": "grant-1"}
    granted = client.post(f"{API}/grant", json=body, headers=headers)
    assert granted.status_code == 201 and granted.json()["kind"] == "grant"
    assert (
        client.post(f"{API}/grant", json=body, headers=headers).json()["id"]
        == (granted.json()["id"])
    )
    assert balance(client, user) == 8
    ghost = client.post(
        f"{API}/grant", json={**body, "user_id": str(uuid.uuid4())}, headers=boss.headers
    )
    assert ghost.status_code == 404


def test_purchase_is_off_until_stripe_is_configured(client: TestClient) -> None:
    """(Purchases with Stripe configured: tests/studio/billing.)"""
    user = register(client)
    response = client.post(f"{API}/purchase", json={"credits": 10}, headers=user.headers)
    assert response.status_code == 501
    detail = response.json()["detail"]
    assert "not configured" in detail and "Nothing was charged" in detail
    assert balance(client, user) == 3


def test_monthly_reset_tops_up_to_the_tier(client: TestClient, studio: Studio) -> None:
    user = register(client)
    client.post(f"{API}/deduct", json={"amount": 3}, headers=user.headers)
    assert balance(client, user) == 0
    due = utcnow() - timedelta(days=1)
    set_user(studio, user, credit_reset_date=due)
    body = client.get(f"{API}/balance", headers=user.headers).json()
    assert body["credits"] == 3
    assert body["credit_reset_date"] > utcnow().isoformat()
    history = client.get(f"{API}/history", headers=user.headers).json()["items"]
    assert history[0]["kind"] == "monthly_reset" and history[0]["amount"] == 3
    assert ledger_sum(studio, user.id) == (3, 3)
    # a pro user who holds more than the allowance keeps it
    set_user(studio, user, tier="pro", credit_reset_date=due)
    with studio.db.transaction() as session:
        credits.add(session, user.id, 37, kind="grant")
    body = client.get(f"{API}/balance", headers=user.headers).json()
    assert body["credits"] == 40 and body["credit_reset_date"] > utcnow().isoformat()
    assert ledger_sum(studio, user.id) == (40, 40)


def test_tier_upgrade_tops_up(client: TestClient, studio: Studio) -> None:
    user, boss = register(client), admin(client, studio)
    response = client.patch(
        f"/api/v1/admin/users/{user.id}", json={"tier": "pro"}, headers=boss.headers
    )
    assert response.status_code == 200 and response.json()["tier"] == "pro"
    assert balance(client, user) == 30
    assert ledger_sum(studio, user.id) == (30, 30)


ROUNDS = 2


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_twenty_threads_spending_ten_credits(
    client: TestClient, studio: Studio, round_: int
) -> None:
    """The RESEARCH.md race: 20 concurrent spends of 1 credit from a balance of 10."""
    user = register(client)
    with studio.db.transaction() as session:
        credits.add(session, user.id, 7, kind="grant")
    assert ledger_sum(studio, user.id) == (10, 10)
    barrier = threading.Barrier(20)
    results: list[str] = []
    lock = threading.Lock()

    def spend() -> None:
        barrier.wait()
        try:
            credits.deduct(studio.db, studio.cache, user.id, 1, "race", None)
            outcome = "ok"
        except PaymentRequired:
            outcome = "402"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=spend) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 10, results
    assert results.count("402") == 10
    assert ledger_sum(studio, user.id) == (0, 0)


def test_twenty_concurrent_http_spends(client: TestClient, studio: Studio) -> None:
    """The same race through the API, each request with its own idempotency key."""
    user = register(client)
    with studio.db.transaction() as session:
        credits.add(session, user.id, 7, kind="grant")
    barrier = threading.Barrier(20)
    codes: list[int] = []

    def spend(n: int) -> None:
        barrier.wait()
        response = client.post(
            f"{API}/deduct",
            json={"amount": 1},
            headers={**user.headers, "Idempotency-Key": f"k{n}"},
        )
        codes.append(response.status_code)

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] * 10 + [402] * 10
    assert ledger_sum(studio, user.id) == (0, 0)
    assert balance(client, user) == 0


def test_same_key_raced_spends_once(client: TestClient, studio: Studio) -> None:
    """Ten concurrent retries of one request (one key) spend one credit."""
    user = register(client)
    barrier = threading.Barrier(10)
    ids: list[uuid.UUID] = []

    def spend() -> None:
        barrier.wait()
        row = credits.deduct(studio.db, studio.cache, user.id, 1, "retry", "same-key")
        ids.append(row.id)

    threads = [threading.Thread(target=spend) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1 and len(ids) == 10
    assert ledger_sum(studio, user.id) == (2, 2)


def test_the_database_refuses_a_negative_balance(studio: Studio, client: TestClient) -> None:
    """CHECK (credits >= 0) backs the conditional UPDATE up."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from filmstudio.studio.accounts.models import User

    user = register(client)
    with pytest.raises(IntegrityError), studio.db.transaction() as session:
        session.execute(update(User).where(User.id == user.id).values(credits=-1))
