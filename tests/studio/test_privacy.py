"""Export my data and close my account: the zip holds every record and file (no secret),
closing erases files and personal content, keeps the ledger anonymised, tells Stripe (and
stays open when Stripe cannot be told)."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from filmstudio.studio.accounts.models import RefreshToken, User
from filmstudio.studio.app import create_app
from filmstudio.studio.billing.models import Subscription
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.jobs.renderer import FakeRenderer
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.privacy.files import keys_under, user_prefix
from filmstudio.studio.projects.models import Project, ProjectVersion
from tests.fake_http import FakeHandler, local_server
from tests.studio.billing.conftest import SECRET_KEY, FakeStripe, billing_settings
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import (
    PASSWORD,
    Account,
    create_project,
    ledger_sum,
    register,
    submit,
    wait_for,
)

API = "/api/v1"


@pytest.fixture
def client(studio: Studio) -> Iterator[TestClient]:
    app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.2), run_worker=True)
    with TestClient(app) as test_client:
        yield test_client


def _rendered(client: TestClient) -> tuple[Account, dict[str, Any]]:
    user = register(client)
    project = create_project(client, user, title="The Keeper's Secret")
    job = submit(client, user, project["id"])
    assert wait_for(client, user, job["id"])["status"] == "completed"
    return user, project


def _export(client: TestClient, user: Account) -> zipfile.ZipFile:
    response = client.get(f"{API}/users/me/export", headers=user.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert "filmstudio-export-" in response.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_every_record_and_file_and_no_secret(
    client: TestClient, studio: Studio
) -> None:
    user, _ = _rendered(client)
    archive = _export(client, user)
    names = set(archive.namelist())
    data = {n: json.loads(archive.read(n)) for n in names if n.startswith("data/")}
    [account] = data["data/account.json"]
    assert account["email"] == user.email and "password_hash" not in account
    assert [p["title"] for p in data["data/projects.json"]] == ["The Keeper's Secret"]
    assert len(data["data/project_versions.json"]) >= 1
    assert len(data["data/jobs.json"]) == 1
    assert sum(row["amount"] for row in data["data/credits.json"]) == ledger_sum(studio, user.id)[0]
    stored = keys_under(studio.storage, user_prefix(user.id))
    assert stored, "the render stored files"
    prefix = user_prefix(user.id)
    assert {f"files/{k[len(prefix) :]}" for k in stored} <= names
    some = stored[0]
    assert archive.read(f"files/{some[len(prefix) :]}") == b"".join(
        studio.storage.iter_chunks(some, 1 << 20)
    )
    manifest = json.loads(archive.read("README.json"))
    assert manifest["user_id"] == str(user.id) and manifest["records"]["jobs.json"] == 1
    everything = b"".join(archive.read(n) for n in names)
    with studio.db.read_session() as session:
        password_hash = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert password_hash and password_hash.encode() not in everything
    assert user.refresh_token.encode() not in everything


def test_an_export_shows_only_my_data(client: TestClient) -> None:
    mine = register(client)
    other = register(client)
    create_project(client, other, title="Not yours")
    archive = _export(client, mine)
    assert json.loads(archive.read("data/projects.json")) == []
    assert not [n for n in archive.namelist() if n.startswith("files/")]
    assert client.get(f"{API}/users/me/export").status_code == 401


def test_closing_an_account_erases_files_and_content_and_keeps_the_ledger(
    client: TestClient, studio: Studio
) -> None:
    user, project = _rendered(client)
    bystander, _ = _rendered(client)
    ledger_before = ledger_sum(studio, user.id)
    assert client.delete(f"{API}/users/me", headers=user.headers).status_code == 204
    assert keys_under(studio.storage, user_prefix(user.id)) == []
    assert keys_under(studio.storage, user_prefix(bystander.id))  # others keep theirs
    assert ledger_sum(studio, user.id) == ledger_before  # amounts stay (accounting)
    with studio.db.read_session() as session:
        row = session.get(User, user.id)
        assert row is not None and row.deleted_at is not None
        assert (row.email, row.name, row.password_hash) == (
            f"deleted-{user.id}@deleted.invalid",
            "",
            None,
        )
        descriptions = session.scalars(
            select(CreditTransaction.description).where(CreditTransaction.user_id == user.id)
        ).all()
        assert descriptions and set(descriptions) == {""}
        kept = session.get(Project, uuid.UUID(project["id"]))
        assert kept is not None and (kept.title, kept.script) == ("(deleted)", "")
        versions = session.scalar(select(func.count()).where(ProjectVersion.project_id == kept.id))
        assert versions == 0
        live = session.scalar(
            select(func.count()).where(
                RefreshToken.user_id == user.id, RefreshToken.revoked_at.is_(None)
            )
        )
        assert live == 0
    login = client.post(f"{API}/auth/login", json={"email": user.email, "password": PASSWORD})
    assert login.status_code == 401


class _Stripe:
    """A fake Stripe that cancels subscriptions (DELETE /v1/subscriptions/{id})."""

    def __init__(self) -> None:
        self.cancelled: list[str] = []
        self.fail = False

    def handler(self) -> type[FakeHandler]:
        fake = self

        class Handler(FakeHandler):
            def do_DELETE(self) -> None:
                if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                    self.send_json(401, {"error": {"message": "Invalid API key provided."}})
                    return
                if fake.fail:
                    self.send_json(500, {"error": {"type": "api_error", "message": "boom"}})
                    return
                subscription_id = self.path.rsplit("/", 1)[-1]
                fake.cancelled.append(subscription_id)
                self.send_json(
                    200, {"id": subscription_id, "object": "subscription", "status": "canceled"}
                )

        return Handler


@pytest.mark.parametrize("backend", ["sqlite"])
def test_closing_an_account_cancels_the_subscription_first(
    make_settings: MakeSettings,
) -> None:
    stripe = _Stripe()
    with local_server(stripe.handler()) as server:
        settings = make_settings(billing=billing_settings(FakeStripe(server.server_address[1])))
        studio = build_studio(settings, mailer=OutboxMailer())
        try:
            with TestClient(create_app(studio=studio, run_worker=False)) as client:
                user = register(client)
                with studio.db.transaction() as session:
                    session.add(
                        Subscription(
                            user_id=user.id,
                            stripe_subscription_id="sub_live_1",
                            stripe_customer_id="cus_1",
                            plan="pro",
                            status="active",
                        )
                    )
                stripe.fail = True
                refused = client.delete(f"{API}/users/me", headers=user.headers)
                assert refused.status_code == 503
                assert "not closed" in refused.json()["detail"]
                assert client.get(f"{API}/users/me", headers=user.headers).status_code == 200
                stripe.fail = False
                assert client.delete(f"{API}/users/me", headers=user.headers).status_code == 204
                assert stripe.cancelled[-1] == "sub_live_1"
                with studio.db.read_session() as session:
                    status = session.scalar(
                        select(Subscription.status).where(Subscription.user_id == user.id)
                    )
                assert status == "canceled"
        finally:
            studio.close()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_closing_an_account_tells_the_crm_through_its_outbox(make_settings: MakeSettings) -> None:
    from filmstudio.studio.accounts import service as accounts
    from filmstudio.studio.accounts.schemas import UserCreate
    from filmstudio.studio.crm.capture import CONTACT
    from filmstudio.studio.crm.models import CrmOutbox
    from filmstudio.studio.crm.records import contact
    from filmstudio.studio.crm.settings import CrmSettings
    from filmstudio.studio.privacy.erase import close_account

    crm = CrmSettings(salesforce_instance_url="https://127.0.0.1:9", salesforce_access_token="t")
    studio = build_studio(make_settings(crm=crm), mailer=OutboxMailer())
    try:
        user, _ = accounts.register(
            studio, UserCreate(email="leaving@example.com", password=PASSWORD)
        )
        with studio.db.transaction() as session:
            session.query(CrmOutbox).delete()  # the sign-up's own sync is not under test
        close_account(studio, user.id)
        with studio.db.read_session() as session:
            queued = session.scalars(
                select(CrmOutbox).where(
                    CrmOutbox.sobject == CONTACT, CrmOutbox.external_id == str(user.id)
                )
            ).all()
            assert len(queued) == 1
            row = session.get(User, user.id)
            assert row is not None
            record = contact(row, 5)
        assert record["Studio_Status__c"] == "deleted"
        assert record["Email"] == f"deleted-{user.id}@deleted.invalid"
        assert "leaving" not in json.dumps(record)
    finally:
        studio.close()


def test_files_are_listed_and_erased_on_s3(s3_endpoint: str, s3_bucket: str, tmp_path: Any) -> None:
    from filmstudio.studio.privacy.files import erase
    from filmstudio.studio.storage import S3Storage

    storage = S3Storage(s3_bucket, prefix="studio", endpoint_url=s3_endpoint, region="us-east-1")
    source = tmp_path / "film.mp4"
    source.write_bytes(b"film")
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    keys = [f"users/{mine}/projects/p/final/a.mp4", f"users/{mine}/projects/p/thumbnail.jpg"]
    for key in [*keys, f"users/{theirs}/projects/q/final/b.mp4"]:
        storage.put_file(key, source)
    assert keys_under(storage, user_prefix(mine)) == sorted(keys)
    assert erase(storage, user_prefix(mine)) == 2
    assert keys_under(storage, user_prefix(mine)) == []
    assert keys_under(storage, user_prefix(theirs)) == [f"users/{theirs}/projects/q/final/b.mp4"]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_closing_an_account_forgets_its_mail(make_settings: MakeSettings) -> None:
    """With no mail server the outbox keeps whole messages (links too): a closed account's
    mail, sent or waiting, is deleted with it; another person's stays."""
    from filmstudio.studio.accounts import service as accounts
    from filmstudio.studio.accounts.schemas import UserCreate
    from filmstudio.studio.notify import Email
    from filmstudio.studio.notify.models import MailOutbox
    from filmstudio.studio.notify.queue import MailDelivery
    from filmstudio.studio.notify.settings import MailSettings
    from filmstudio.studio.privacy.erase import close_account

    settings = make_settings(mail=MailSettings(outbox_enabled=False))
    studio = build_studio(settings)  # as deployed: mail goes through the outbox table
    try:
        leaving = "leaving@example.com"
        user, welcome = accounts.register(studio, UserCreate(email=leaving, password=PASSWORD))
        for email in (welcome, Email("stays@example.com", "Hello", "Not about them.")):
            if email is not None:
                studio.mailer.send(email)
        MailDelivery(studio.db, studio.mail_transport, settings.mail).deliver_once()
        studio.mailer.send(Email(leaving, "Still waiting", "A link: http://x/auth/t"))

        def addresses() -> list[str]:
            with studio.db.read_session() as session:
                return sorted(session.scalars(select(MailOutbox.to_address)))

        assert addresses().count(leaving) == 2
        close_account(studio, user.id)
        assert addresses() == ["stays@example.com"]
    finally:
        studio.close()
