"""Reviewed account defects: OAuth linking to unverified accounts, links in the mail log,
check-then-count login limiting, and argon2 inside the write transaction."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import select

from filmstudio.studio.accounts import service
from filmstudio.studio.accounts.models import OAuthAccount, User
from filmstudio.studio.accounts.schemas import UserCreate, UserUpdate
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import Conflict, TooManyRequests, Unauthorized
from filmstudio.studio.notify import (
    Email,
    OutboxMailer,
    password_reset_email,
)

PASSWORD = "correct horse battery"
OUTBOX_SIZE = 200


def _register(studio: Studio, email: str) -> Any:
    public, _ = service.register(studio, UserCreate(email=email, password=PASSWORD))
    return public


# 1. OAuth must not link an identity to an account whose address was never verified


def test_oauth_does_not_link_to_an_unverified_account(studio: Studio) -> None:
    victim = _register(studio, "victim@example.com")  # e.g. registered by an attacker
    with pytest.raises(Conflict) as refused:
        service.oauth_login(studio, "google", "g-1", "victim@example.com", True, "Victim")
    assert refused.value.status_code == 409
    assert "verify the address first" in refused.value.detail
    assert "password" in refused.value.detail
    with studio.db.read_session() as session:
        assert session.scalars(select(OAuthAccount)).all() == []
        user = session.get(User, victim.id)
        assert user is not None and not user.email_verified


def test_oauth_links_to_a_verified_account(studio: Studio) -> None:
    owner = _register(studio, "owner@example.com")
    with studio.db.transaction() as session:
        user = session.get(User, owner.id)
        assert user is not None
        user.email_verified = True
    pair = service.oauth_login(studio, "github", "77", "Owner@example.com", True, "Owner")
    assert studio.tokens.read(pair.access_token, "access")["sub"] == str(owner.id)
    with studio.db.read_session() as session:
        link = session.scalar(select(OAuthAccount))
        assert link is not None and link.user_id == owner.id


# 2. The outbox never logs bodies or links, and stays bounded


def test_outbox_logs_no_body_or_link(caplog: pytest.LogCaptureFixture) -> None:
    link = "https://studio.example/auth/reset-password?token=SECRET-TOKEN-123"
    outbox = OutboxMailer()
    with caplog.at_level(logging.DEBUG, logger="filmstudio.notify"):
        outbox.send(password_reset_email("a@example.com", link))
    assert caplog.records, "the send is still logged"
    for record in caplog.records:
        assert "SECRET-TOKEN-123" not in str(record.__dict__)
        assert not hasattr(record, "text")
        assert getattr(record, "to", None) == "a@example.com"
        assert getattr(record, "subject", None) == "Reset your password"
    assert outbox.outbox[-1].text.endswith(
        "If it was not you, ignore this message: your password stays as it is.\n"
    )
    assert link in outbox.outbox[-1].text  # tests can still read the mail


def test_outbox_is_bounded() -> None:
    outbox = OutboxMailer()
    for n in range(OUTBOX_SIZE + 50):
        outbox.send(Email(f"u{n}@example.com", "Hi", "Hello"))
    assert len(outbox.outbox) == OUTBOX_SIZE
    assert outbox.outbox[0].to == "u50@example.com"
    assert outbox.outbox[-1].to == f"u{OUTBOX_SIZE + 49}@example.com"


# 3. Every login attempt is counted up front; parallel guesses cannot slip through


@pytest.mark.parametrize("settings", [{"login_limit": "3/minute"}], indirect=True)
def test_parallel_guesses_are_limited(studio: Studio, monkeypatch: pytest.MonkeyPatch) -> None:
    _register(studio, "target@example.com")
    slow_verify = studio.passwords.verify

    def verify(password: str, password_hash: str | None) -> bool:
        time.sleep(0.3)  # every guess is in flight before the first one fails
        return slow_verify(password, password_hash)

    monkeypatch.setattr(studio.passwords, "verify", verify)
    outcomes: list[int] = []
    lock = threading.Lock()

    def guess() -> None:
        try:
            service.login(studio, "target@example.com", "wrong-password")
        except (Unauthorized, TooManyRequests) as exc:
            with lock:
                outcomes.append(exc.status_code)

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [401] * 3 + [429] * 5
    with pytest.raises(TooManyRequests) as blocked:
        service.login(studio, "target@example.com", PASSWORD)
    assert "Too many failed logins" in blocked.value.detail
    assert int(blocked.value.headers["Retry-After"]) >= 1


@pytest.mark.parametrize("settings", [{"login_limit": "3/minute"}], indirect=True)
def test_a_successful_login_clears_the_count(studio: Studio) -> None:
    _register(studio, "clear@example.com")
    for _ in range(2):
        with pytest.raises(Unauthorized):
            service.login(studio, "clear@example.com", "wrong-password")
    service.login(studio, "clear@example.com", PASSWORD)
    for _ in range(3):  # the count started again
        with pytest.raises(Unauthorized):
            service.login(studio, "clear@example.com", "wrong-password")
    with pytest.raises(TooManyRequests):
        service.login(studio, "clear@example.com", PASSWORD)


# 4. argon2 never runs inside the write transaction


@pytest.fixture
def hashing_in_transaction(studio: Studio, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each hash/verify made while a write transaction is open."""
    depth = [0]
    offending: list[str] = []
    original = studio.db.transaction

    @contextmanager
    def transaction() -> Iterator[Any]:
        with original() as session:
            depth[0] += 1
            try:
                yield session
            finally:
                depth[0] -= 1

    def watch(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            if depth[0]:
                offending.append(name)
            return fn(*args)

        return wrapper

    monkeypatch.setattr(studio.db, "transaction", transaction)
    monkeypatch.setattr(studio.passwords, "hash", watch("hash", studio.passwords.hash))
    monkeypatch.setattr(studio.passwords, "verify", watch("verify", studio.passwords.verify))
    return offending


def test_register_and_login_hash_outside_the_write_lock(
    studio: Studio, hashing_in_transaction: list[str]
) -> None:
    user = _register(studio, "lock@example.com")
    pair = service.login(studio, "lock@example.com", PASSWORD)
    assert studio.tokens.read(pair.access_token, "access")["sub"] == str(user.id)
    with pytest.raises(Unauthorized):
        service.login(studio, "lock@example.com", "wrong-password")
    with pytest.raises(Unauthorized):
        service.login(studio, "nobody@example.com", "wrong-password")
    with pytest.raises(Conflict):
        _register(studio, "lock@example.com")
    assert hashing_in_transaction == []


def test_reset_and_update_hash_outside_the_write_lock(
    studio: Studio, hashing_in_transaction: list[str]
) -> None:
    user = _register(studio, "reset@example.com")
    token = studio.tokens.purpose(user.id, "reset", _hash_of(studio, user.id), service.RESET_TTL)
    service.reset_password(studio, token, "a brand new secret")
    with pytest.raises(Unauthorized, match="already used"):
        service.reset_password(studio, token, "yet another secret")
    service.login(studio, "reset@example.com", "a brand new secret")
    update = UserUpdate(password="third secret!", current_password="a brand new secret")
    service.update_me(studio, user.id, update)
    public, message = service.update_me(
        studio,
        user.id,
        UserUpdate(email="moved@example.com", current_password="third secret!"),
    )
    assert public.email == "moved@example.com" and message is not None
    service.login(studio, "moved@example.com", "third secret!")
    assert hashing_in_transaction == []


def _hash_of(studio: Studio, user_id: Any) -> str | None:
    with studio.db.read_session() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user.password_hash


def test_update_me_refuses_when_the_password_changed_meanwhile(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = _register(studio, "race@example.com")
    real_hash = studio.passwords.hash

    def hash_and_race(password: str) -> str:
        # another request changes the password between the check and the write
        with studio.db.transaction() as session:
            row = session.get(User, user.id)
            assert row is not None
            row.password_hash = real_hash("changed elsewhere")
        return real_hash(password)

    monkeypatch.setattr(studio.passwords, "hash", hash_and_race)
    with pytest.raises(Exception, match="changed meanwhile") as refused:
        service.update_me(
            studio, user.id, UserUpdate(password="new secret!!", current_password=PASSWORD)
        )
    assert getattr(refused.value, "status_code", None) == 403
