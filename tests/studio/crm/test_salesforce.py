"""Salesforce sync: captured with the change, delivered at least once in batches of up to 200
by upsert on the external id, through simple-salesforce over https to a fake server."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.tiers import add_month
from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.crm.delivery import CrmDelivery
from filmstudio.studio.crm.models import CrmOutbox
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.notify.settings import MailSettings
from filmstudio.studio.publishing.models import YoutubeUpload
from tests.studio.conftest import MakeSettings
from tests.studio.crm.conftest import FakeSalesforce, crm_settings
from tests.studio.helpers import create_project, register, submit, wait_for


@pytest.fixture
def crm_studio(make_settings: MakeSettings, fake_salesforce: FakeSalesforce) -> Iterator[Studio]:
    """CRM configured; the background sender is off so each test delivers step by step."""
    settings = make_settings(
        crm=crm_settings(fake_salesforce), mail=MailSettings(outbox_enabled=False)
    )
    built = build_studio(settings, mailer=OutboxMailer())
    yield built
    built.queue.flush()
    built.close()


def _delivery(studio: Studio) -> CrmDelivery:
    return CrmDelivery(studio.db, studio.settings.crm, studio.settings.mail.low_credit_threshold)


def _rows(studio: Studio) -> list[CrmOutbox]:
    with studio.db.read_session() as session:
        return list(session.scalars(select(CrmOutbox).order_by(CrmOutbox.created_at)))


def _drain(studio: Studio, rounds: int = 40) -> None:
    """Deliver until nothing is pending (waiting out the short test backoff)."""
    delivery = _delivery(studio)
    for _ in range(rounds):
        delivery.deliver_once()
        if all(r.status != "pending" for r in _rows(studio)):
            return
        time.sleep(0.06)
    raise AssertionError(f"still pending: {[(r.sobject, r.last_error) for r in _rows(studio)]}")


def _new_users(studio: Studio, count: int) -> list[uuid.UUID]:
    with studio.db.transaction() as session:
        users = [
            User(
                email=f"u{n}-{uuid.uuid4().hex[:6]}@example.com",
                name=f"User Number{n}",
                credit_reset_date=add_month(utcnow()),
            )
            for n in range(count)
        ]
        session.add_all(users)
        session.flush()
        return [u.id for u in users]


def test_nothing_is_captured_unless_configured(client: TestClient, studio: Studio) -> None:
    assert not studio.settings.crm.enabled
    account = register(client)
    create_project(client, account)
    credits.deduct(studio.db, studio.cache, account.id, 1, "", None)
    assert _rows(studio) == []
    assert [d.name for d in studio.outbox_loop().deliveries] == ["mail"]


def test_a_users_story_reaches_salesforce(
    make_settings: MakeSettings, fake_salesforce: FakeSalesforce
) -> None:
    settings = make_settings(
        crm=crm_settings(fake_salesforce), mail=MailSettings(outbox_enabled=False)
    )
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        app = create_app(studio=studio, run_worker=True, renderer=FakeRenderer(seconds=0.2))
        with TestClient(app) as client:
            account = register(client, "maya.rao@example.com")
            client.patch(
                "/api/v1/users/me", json={"name": "Maya Rao"}, headers=account.headers
            ).raise_for_status()
            project = create_project(client, account, title="Monsoon")
            job = wait_for(client, account, submit(client, account, project["id"])["id"])
            assert job["status"] == "completed"
        pending = _rows(studio)
        assert {r.sobject for r in pending} == {"Contact", "AI_Project__c", "AI_Credit__c"}
        _drain(studio)
        contact = fake_salesforce.of("Contact")[str(account.id)]
        assert contact["Email"] == "maya.rao@example.com"
        assert (contact["FirstName"], contact["LastName"]) == ("Maya", "Rao")
        assert contact["Credits_Balance__c"] == 2 and contact["Low_Credits__c"] is True
        assert contact["Studio_Tier__c"] == "free" and contact["Studio_Status__c"] == "active"
        film = fake_salesforce.of("AI_Project__c")[project["id"]]
        assert film["Name"] == "Monsoon" and film["Status__c"] == "completed"
        assert film["Contact__r"] == {"Studio_Id__c": str(account.id)}
        ledger = sorted(
            (c["Amount__c"], c["Type__c"], "AI_Project__r" in c)
            for c in fake_salesforce.of("AI_Credit__c").values()
        )
        assert ledger == [(-1, "job", True), (3, "signup", False)]
        assert set(fake_salesforce.creates.values()) == {1}  # each record created once
        assert {r.status for r in _rows(studio)} == {"sent"}
        # one request per object, parents first
        order = [s for s, _ in fake_salesforce.requests]
        assert order.index("Contact") < order.index("AI_Project__c") < order.index("AI_Credit__c")
    finally:
        studio.queue.flush()
        studio.close()


def test_batches_hold_at_most_200_records(
    crm_studio: Studio, fake_salesforce: FakeSalesforce
) -> None:
    ids = _new_users(crm_studio, 450)
    delivery = _delivery(crm_studio)
    sent = [delivery.deliver_once() for _ in range(4)]
    assert sent == [200, 200, 50, 0]
    assert fake_salesforce.requests == [("Contact", 200), ("Contact", 200), ("Contact", 50)]
    assert set(fake_salesforce.of("Contact")) == {str(i) for i in ids}


def test_a_timeout_is_retried_without_creating_twice(
    crm_studio: Studio, fake_salesforce: FakeSalesforce
) -> None:
    ids = _new_users(crm_studio, 3)
    fake_salesforce.behaviours = ["timeout"]
    assert _delivery(crm_studio).deliver_once() == 0
    rows = _rows(crm_studio)
    assert {r.status for r in rows} == {"pending"} and {r.attempts for r in rows} == {1}
    assert all("Timeout" in (r.last_error or "") for r in rows)
    assert len(fake_salesforce.of("Contact")) == 3  # Salesforce did apply them
    _drain(crm_studio)
    assert {fake_salesforce.creates[("Contact", str(i))] for i in ids} == {1}
    assert len(fake_salesforce.of("Contact")) == 3
    assert {r.attempts for r in _rows(crm_studio)} == {2}


@pytest.mark.parametrize("failure", ["500", "400", "401"])
def test_refused_requests_are_retried_until_delivered(
    crm_studio: Studio, fake_salesforce: FakeSalesforce, failure: str
) -> None:
    [user_id] = _new_users(crm_studio, 1)
    fake_salesforce.behaviours = [failure, failure]
    delivery = _delivery(crm_studio)
    assert delivery.deliver_once() == 0
    [row] = _rows(crm_studio)
    assert row.status == "pending" and row.last_error
    expected = {"500": "GeneralError", "400": "MalformedRequest", "401": "ExpiredSession"}
    assert expected[failure] in row.last_error
    _drain(crm_studio)
    [row] = _rows(crm_studio)
    assert row.status == "sent" and row.attempts == 3
    assert str(user_id) in fake_salesforce.of("Contact")


def test_a_duplicate_is_retried_and_the_rest_go_through(
    crm_studio: Studio, fake_salesforce: FakeSalesforce
) -> None:
    ids = _new_users(crm_studio, 3)
    fake_salesforce.behaviours = ["duplicate"]
    assert _delivery(crm_studio).deliver_once() == 2
    refused = [r for r in _rows(crm_studio) if r.status == "pending"]
    assert len(refused) == 1 and "DUPLICATE_VALUE" in (refused[0].last_error or "")
    _drain(crm_studio)
    assert set(fake_salesforce.of("Contact")) == {str(i) for i in ids}
    assert set(fake_salesforce.creates.values()) == {1}


def test_a_record_whose_parent_is_missing_waits_for_it(
    crm_studio: Studio, fake_salesforce: FakeSalesforce
) -> None:
    [user_id] = _new_users(crm_studio, 1)
    fake_salesforce.behaviours = ["500"]  # the contact fails; its ledger row cannot link yet
    with crm_studio.db.transaction() as session:
        credits.add(session, user_id, 5, kind="grant", description="hello")
    delivery = _delivery(crm_studio)
    delivery.deliver_once()
    credit_row = next(r for r in _rows(crm_studio) if r.sobject == "AI_Credit__c")
    assert credit_row.status == "pending" and "INVALID_FIELD" in (credit_row.last_error or "")
    _drain(crm_studio)
    [credit] = fake_salesforce.of("AI_Credit__c").values()
    assert credit["Amount__c"] == 5 and credit["Contact__r"] == {"Studio_Id__c": str(user_id)}


def test_changes_in_a_rolled_back_transaction_are_not_sent(crm_studio: Studio) -> None:
    with pytest.raises(RuntimeError), crm_studio.db.transaction() as session:
        session.add(User(email="gone@example.com", credit_reset_date=utcnow()))
        session.flush()
        raise RuntimeError("rolled back")
    assert _rows(crm_studio) == []


def test_bulk_updates_and_uploads_are_captured(
    crm_studio: Studio, fake_salesforce: FakeSalesforce
) -> None:
    with TestClient(create_app(studio=crm_studio, run_worker=False)) as client:
        account = register(client)
        project = create_project(client, account, title="Harbour")
    _drain(crm_studio)
    before = len(_rows(crm_studio))
    credits.deduct(crm_studio.db, crm_studio.cache, account.id, 1, "", None)  # UPDATE users
    with crm_studio.db.transaction() as session:
        session.add(
            YoutubeUpload(
                user_id=account.id,
                project_id=uuid.UUID(project["id"]),
                title="Harbour",
                youtube_video_id="dQw4w9WgXcQ",
                status="uploaded",
            )
        )
    new = {(r.sobject, r.event) for r in _rows(crm_studio)[before:]}
    assert ("Contact", "bulk.updated") in new or ("Contact", "contact.balance") in new
    assert ("YouTube_Integration__c", "upload.created") in new
    _drain(crm_studio)
    assert fake_salesforce.of("Contact")[str(account.id)]["Credits_Balance__c"] == 2
    [upload] = fake_salesforce.of("YouTube_Integration__c").values()
    assert upload["Video_URL__c"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert upload["AI_Project__r"] == {"Studio_Id__c": project["id"]}
    before = len(_rows(crm_studio))
    with crm_studio.db.transaction() as session:  # progress is not worth a sync...
        session.execute(update(YoutubeUpload).values(progress=50, bytes_sent=1000))
    assert len(_rows(crm_studio)) == before
    with crm_studio.db.transaction() as session:  # ...a status change is
        session.execute(update(YoutubeUpload).values(status="completed"))
    assert [(r.sobject, r.event) for r in _rows(crm_studio)[before:]] == [
        ("YouTube_Integration__c", "bulk.updated")
    ]
    _drain(crm_studio)
    [upload] = fake_salesforce.of("YouTube_Integration__c").values()
    assert upload["Status__c"] == "completed"


def test_nothing_is_lost_when_salesforce_stays_down(
    make_settings: MakeSettings, fake_salesforce: FakeSalesforce
) -> None:
    settings = make_settings(
        crm=crm_settings(fake_salesforce, salesforce_max_attempts=3),
        mail=MailSettings(outbox_enabled=False),
    )
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        _new_users(studio, 2)
        fake_salesforce.behaviours = ["500"] * 10
        delivery = _delivery(studio)
        for _ in range(30):
            delivery.deliver_once()
            if all(r.status == "failed" for r in _rows(studio)):
                break
            time.sleep(0.06)
        rows = _rows(studio)
        assert [r.status for r in rows] == ["failed", "failed"]  # kept, visible, re-sendable
        assert {r.attempts for r in rows} == {3}
        with studio.db.transaction() as session:  # an operator sends them again
            for row in session.scalars(select(CrmOutbox)):
                row.status = "pending"
        fake_salesforce.behaviours = []
        _drain(studio)
        with studio.db.read_session() as session:
            assert session.scalar(select(func.count()).select_from(CrmOutbox)) == 2
        assert len(fake_salesforce.of("Contact")) == 2
    finally:
        studio.close()


def test_the_background_sender_delivers_crm_changes(
    make_settings: MakeSettings, fake_salesforce: FakeSalesforce
) -> None:
    settings = make_settings(
        crm=crm_settings(fake_salesforce), mail=MailSettings(outbox_poll_seconds=0.05)
    )
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        app = create_app(studio=studio, run_worker=False)
        with TestClient(app) as client:
            assert app.state.outbox.running
            account = register(client)
            deadline = time.monotonic() + 10
            while str(account.id) not in fake_salesforce.of("Contact"):
                assert time.monotonic() < deadline, "the contact never arrived"
                time.sleep(0.05)
        assert not app.state.outbox.running  # stopped with the app
    finally:
        studio.close()


def test_a_record_in_flight_is_not_sent_by_a_second_sender(
    crm_studio: Studio, fake_salesforce: FakeSalesforce
) -> None:
    from datetime import timedelta

    from filmstudio.studio.notify import outbox

    [user_id] = _new_users(crm_studio, 1)
    [other_id] = _new_users(crm_studio, 1)
    token, held = outbox.claim(  # a first sender holds the user's row (still sending)
        crm_studio.db, CrmOutbox, 1, timedelta(minutes=1), exclusive=("sobject", "external_id")
    )
    assert [r.external_id for r in held] == [str(user_id)]
    with crm_studio.db.transaction() as session:  # a newer change of the same user
        user = session.get(User, user_id)
        assert user is not None
        user.name = "Newer Name"
    assert _delivery(crm_studio).deliver_once() == 1  # only the other user goes
    assert list(fake_salesforce.of("Contact")) == [str(other_id)]
    outbox.release(crm_studio.db, CrmOutbox, token)
    _drain(crm_studio)
    assert fake_salesforce.of("Contact")[str(user_id)]["LastName"] == "Name"
    assert fake_salesforce.of("Contact")[str(user_id)]["FirstName"] == "Newer"
