"""E-mail goes through the outbox: written with the change, sent by the background sender
through a real SMTP server (aiosmtpd), retried when refused, never lost, never doubled."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.notify import Email, OutboxMailer
from filmstudio.studio.notify.loop import OutboxLoop
from filmstudio.studio.notify.models import MailOutbox
from filmstudio.studio.notify.queue import MailDelivery, QueuedMailer, enqueue
from filmstudio.studio.notify.settings import MailSettings
from filmstudio.studio.settings import Settings
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import create_project, register, set_user, submit, wait_for
from tests.studio.notify.conftest import SmtpInbox, free_port, smtp_controller

FAST = {
    "mail_retry_base_seconds": 0.05,
    "mail_retry_max_seconds": 0.2,
    "outbox_poll_seconds": 0.05,
}


def _mail(**overrides: Any) -> MailSettings:
    return MailSettings(**{**FAST, **overrides})


def _smtp_settings(make_settings: MakeSettings, port: int, **mail: Any) -> Settings:
    return make_settings(
        smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False, mail=_mail(**mail)
    )


def wait(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def _rows(studio: Studio, **where: Any) -> list[MailOutbox]:
    with studio.db.read_session() as session:
        query = select(MailOutbox).order_by(MailOutbox.created_at)
        for name, value in where.items():
            query = query.where(getattr(MailOutbox, name) == value)
        return list(session.scalars(query))


@pytest.fixture
def smtp_studio(make_settings: MakeSettings, smtp: SmtpInbox) -> Iterator[Studio]:
    """The deployment's wiring: no mailer given, so requests only queue and SMTP delivers."""
    built = build_studio(_smtp_settings(make_settings, smtp.port))
    yield built
    built.queue.flush()
    built.close()


def test_account_mail_is_queued_then_delivered_by_smtp(
    smtp_studio: Studio, smtp: SmtpInbox
) -> None:
    assert isinstance(smtp_studio.mailer, QueuedMailer)
    with TestClient(create_app(studio=smtp_studio, run_worker=False)) as client:
        account = register(client, "ana@example.com")
        [message] = wait(lambda: smtp.to("ana@example.com"))
        assert message["Subject"] == "Confirm your e-mail address"
        assert "/auth/verify-email?token=" in smtp.text(message)
        assert message.get_body(("html",)) is not None
        set_user(smtp_studio, account, language="es")
        response = client.post("/api/v1/auth/forgot-password", json={"email": account.email})
        assert response.status_code == 202
        reset = wait(lambda: [m for m in smtp.to(account.email) if "contraseña" in m["Subject"]])
        assert "reset-password?token=" in smtp.text(reset[0])
    rows = wait(
        lambda: [r for r in _rows(smtp_studio) if r.status == "sent"][1:] and _rows(smtp_studio)
    )
    assert [r.kind for r in rows] == ["verification", "password_reset"] and {
        r.attempts for r in rows
    } == {1}
    assert all(r.body_text == "" and r.body_html is None for r in rows)  # no link kept once sent


def test_a_refusing_server_delays_the_message_and_it_arrives_once(
    smtp_studio: Studio, smtp: SmtpInbox
) -> None:
    smtp.refuse = 2
    smtp_studio.mailer.send(Email("bo@example.com", "Hello", "Twice refused, then accepted."))
    delivery = MailDelivery(smtp_studio.db, smtp_studio.mail_transport, smtp_studio.settings.mail)
    assert delivery.deliver_once() == 0  # refused: 451
    [row] = _rows(smtp_studio)
    assert row.status == "pending" and row.attempts == 1
    assert row.last_error is not None and "451" in row.last_error
    assert row.next_attempt_at > row.created_at
    wait(lambda: delivery.deliver_once() or smtp.refused < 2 or None, timeout=5)
    wait(lambda: delivery.deliver_once() or smtp.to("bo@example.com"))
    for _ in range(3):
        time.sleep(0.1)
        delivery.deliver_once()
    assert smtp.refused == 2
    assert len(smtp.to("bo@example.com")) == 1
    [row] = _rows(smtp_studio)
    assert row.status == "sent" and row.attempts == 3 and row.last_error is None


def test_smtp_down_never_blocks_or_fails_a_request(make_settings: MakeSettings) -> None:
    port = free_port()  # nothing listens here yet
    studio = build_studio(_smtp_settings(make_settings, port, mail_max_attempts=50))
    try:
        with TestClient(create_app(studio=studio, run_worker=False)) as client:
            account = register(client, "cy@example.com")
            forgot = client.post("/api/v1/auth/forgot-password", json={"email": account.email})
            assert forgot.status_code == 202
            rows = wait(lambda: [r for r in _rows(studio) if r.attempts >= 1 and r.last_error])
            assert all(r.status == "pending" for r in rows)
            assert "Connection" in (rows[0].last_error or "") or "refused" in (
                rows[0].last_error or ""
            )
            with smtp_controller(SmtpInbox(port=port)) as inbox:  # the server comes back
                wait(lambda: len(inbox.to("cy@example.com")) == 2)
                time.sleep(0.3)
                assert len(inbox.to("cy@example.com")) == 2  # verification + reset, once each
        assert {r.status for r in _rows(studio)} == {"sent"}
    finally:
        studio.close()


def test_film_ready_and_failed_mails_in_the_users_language(
    client: TestClient, studio: Studio, outbox: OutboxMailer
) -> None:
    account = register(client)
    set_user(studio, account, language="fr")
    project = create_project(client, account, title="Le Phare")
    job = wait_for(client, account, submit(client, account, project["id"])["id"])
    assert job["status"] == "completed"
    ready = wait(
        lambda: [m for m in outbox.outbox if m.to == account.email and "Phare" in m.subject]
    )
    assert ready[0].subject == "Votre film « Le Phare » est prêt"
    assert f"/projects/{project['id']}" in ready[0].text
    [row] = _rows(studio, kind="film_ready")
    assert row.user_id == account.id and row.language == "fr" and row.status == "sent"


@pytest.mark.parametrize("renderer", [{"fail_permanently": True}], indirect=True)
def test_a_failed_film_is_mailed_with_its_reason(
    client: TestClient, studio: Studio, outbox: OutboxMailer
) -> None:
    account = register(client)
    project = create_project(client, account, title="Storm")
    job = wait_for(client, account, submit(client, account, project["id"])["id"])
    assert job["status"] == "failed"
    failed = wait(lambda: [m for m in outbox.outbox if "could not be made" in m.subject])
    assert failed[0].subject == "Your film “Storm” could not be made"
    assert "Unknown voice" in failed[0].text and "credit was given back" in failed[0].text
    assert len(_rows(studio, kind="film_failed")) == 1
    assert _rows(studio, kind="film_ready") == []


def test_the_mail_commits_and_rolls_back_with_the_change(
    idle_client: TestClient, studio: Studio
) -> None:
    account = register(idle_client)
    project = create_project(idle_client, account)
    job_id = uuid.UUID(submit(idle_client, account, project["id"])["id"])
    with pytest.raises(RuntimeError), studio.db.transaction() as session:
        job = session.get(Job, job_id)
        assert job is not None
        job.status = "completed"
        session.flush()
        assert len([o for o in session.new if isinstance(o, MailOutbox)]) == 0
        ready = select(func.count()).where(MailOutbox.kind == "film_ready")
        assert session.scalar(ready) == 1  # in this transaction, not yet committed
        raise RuntimeError("the change fails")
    assert _rows(studio, kind="film_ready") == []
    with studio.db.transaction() as session:
        job = session.get(Job, job_id)
        assert job is not None
        job.status = "completed"
    assert len(_rows(studio, kind="film_ready")) == 1
    with studio.db.transaction() as session:  # a second write of the same state adds nothing
        job = session.get(Job, job_id)
        assert job is not None
        job.status = "failed"
        session.flush()
        job.status = "completed"
    assert len(_rows(studio, kind="film_ready")) == 1


def test_low_credits_are_mailed_once_per_top_up(studio: Studio) -> None:
    from filmstudio.studio.accounts.service import create_user

    with studio.db.transaction() as session:
        user_id = create_user(session, studio, "low@example.com", None, verified=True).id
    credits.grant(studio.db, studio.cache, user_id, 5, "", user_id, None)  # 3 + 5 = 8
    credits.deduct(studio.db, studio.cache, user_id, 3, "", None)  # 5: not low yet
    assert _rows(studio, kind="low_credits") == []
    credits.deduct(studio.db, studio.cache, user_id, 1, "", None)  # 4: low
    credits.deduct(studio.db, studio.cache, user_id, 1, "", None)  # 3: already told
    [row] = _rows(studio, kind="low_credits")
    assert row.subject == "You have 4 credits left" and row.to_address == "low@example.com"
    credits.grant(studio.db, studio.cache, user_id, 10, "", user_id, None)  # 13
    credits.deduct(studio.db, studio.cache, user_id, 11, "", None)  # 2: low again
    assert [r.subject for r in _rows(studio, kind="low_credits")] == [
        "You have 4 credits left",
        "You have 2 credits left",
    ]


class _Counting:
    """A transport shared by several deliverers, counting every message it gets."""

    def __init__(self, delay: float = 0.0) -> None:
        self.received: list[str] = []
        self.lock = threading.Lock()
        self.delay = delay

    def send(self, email: Email) -> None:
        time.sleep(self.delay)
        with self.lock:
            self.received.append(email.to)


def test_several_senders_deliver_each_message_once(make_settings: MakeSettings) -> None:
    settings = make_settings(mail=_mail(mail_batch_size=5))
    transport = _Counting(delay=0.005)
    studios = [build_studio(settings, mail_transport=transport) for _ in range(3)]
    try:
        with studios[0].db.transaction() as session:
            for n in range(40):
                enqueue(session, Email(f"u{n}@example.com", "Hi", "Hello"))
        loops = [s.outbox_loop() for s in studios]
        threads = [threading.Thread(target=loop.run_once) for loop in loops]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(transport.received) == sorted(f"u{n}@example.com" for n in range(40))
        assert {r.status for r in _rows(studios[0])} == {"sent"}
        assert {r.attempts for r in _rows(studios[0])} == {1}
    finally:
        for built in studios:
            built.close()


def test_the_sender_stops_cleanly_and_hands_back_its_batch(make_settings: MakeSettings) -> None:
    started = threading.Event()

    class Slow(_Counting):
        def send(self, email: Email) -> None:
            started.set()
            super().send(email)

    transport = Slow(delay=0.3)
    studio = build_studio(make_settings(mail=_mail(mail_batch_size=10)), mail_transport=transport)
    try:
        with studio.db.transaction() as session:
            for n in range(10):
                enqueue(session, Email(f"s{n}@example.com", "Hi", "Hello"))
        loop = studio.outbox_loop()
        assert isinstance(loop, OutboxLoop)
        loop.start()
        assert started.wait(5)
        loop.stop(timeout=5)
        assert not loop.running
        rows = _rows(studio)
        sent = [r for r in rows if r.status == "sent"]
        assert len(sent) == len(transport.received) >= 1
        back = [r for r in rows if r.status == "pending"]
        assert len(back) == 10 - len(sent)
        assert all(r.claim_token is None and r.attempts == 0 for r in back)
        with studio.db.read_session() as session:  # nothing was lost
            assert session.scalar(select(func.count()).select_from(MailOutbox)) == 10
    finally:
        studio.close()


def test_old_sent_rows_are_pruned_and_the_rest_kept(make_settings: MakeSettings) -> None:
    from datetime import timedelta

    from filmstudio.studio.db.base import utcnow

    transport = _Counting()
    studio = build_studio(make_settings(mail=_mail()), mail_transport=transport)
    try:
        with studio.db.transaction() as session:
            for n in range(3):
                enqueue(session, Email(f"p{n}@example.com", "Hi", "Hello"))
        MailDelivery(studio.db, transport, studio.settings.mail).deliver_once()
        with studio.db.transaction() as session:
            rows = list(session.scalars(select(MailOutbox).order_by(MailOutbox.to_address)))
            rows[0].sent_at = utcnow() - timedelta(days=31)
            rows[1].sent_at = utcnow() - timedelta(days=31)
            rows[1].status = "failed"  # failed rows stay until someone handles them
            enqueue(session, Email("late@example.com", "Hi", "Hello"))
        loop = studio.outbox_loop()
        loop.prune()
        left = sorted((r.to_address, r.status) for r in _rows(studio))
        assert left == [
            ("late@example.com", "pending"),
            ("p1@example.com", "failed"),
            ("p2@example.com", "sent"),
        ]
    finally:
        studio.close()


def test_account_mails_commit_with_the_account(make_settings: MakeSettings) -> None:
    from filmstudio.studio.accounts import service
    from filmstudio.studio.accounts.schemas import UserCreate, UserUpdate
    from filmstudio.studio.errors import Conflict

    transport = _Counting()
    studio = build_studio(make_settings(mail=_mail()), mail_transport=transport)
    try:
        data = UserCreate(email="dee@example.com", password="correct horse battery")
        public, message = service.register(studio, data)
        assert message.queued  # handing it to the mailer again only wakes the sender
        [row] = _rows(studio)  # in the outbox the moment the account exists
        assert (row.kind, row.user_id, row.status) == ("verification", public.id, "pending")
        studio.mailer.send(message)  # what the API does next: no second row
        with pytest.raises(Conflict):
            service.register(studio, data)  # refused: no e-mail either
        change = UserUpdate(email="dee2@example.com", current_password="correct horse battery")
        service.update_me(studio, public.id, change)
        assert service.forgot_password(studio, "dee2@example.com") is not None
        assert service.forgot_password(studio, "nobody@example.com") is None
        rows = _rows(studio)
        assert [(r.kind, r.to_address) for r in rows] == [
            ("verification", "dee@example.com"),
            ("verification", "dee2@example.com"),
            ("password_reset", "dee2@example.com"),
        ]
        studio.outbox_loop().run_once()
        assert transport.received == ["dee@example.com", "dee2@example.com", "dee2@example.com"]
    finally:
        studio.close()
