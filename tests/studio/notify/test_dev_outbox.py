"""The development outbox: with no mail server, an administrator (two-step login) reads the
studio's mail through the API (that of every process: a worker's too), each read is
audited; with a mail server there is none."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.accounts.changes import mail_configured
from filmstudio.studio.accounts.errors import MailNotConfigured
from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.notify import Email, OutboxMailer
from filmstudio.studio.notify.dev_outbox import kept_mail
from filmstudio.studio.notify.queue import MailDelivery
from filmstudio.studio.notify.settings import MailSettings
from tests.studio.conftest import MakeSettings
from tests.studio.helpers import register
from tests.studio.test_mfa import mfa_admin
from tests.studio.test_mfa_support import full_client, mfa_admin_account, refusals  # noqa: F401

API = "/api/v1"


@pytest.fixture
def client(full_client: TestClient) -> TestClient:  # noqa: F811
    return full_client


def test_an_admin_reads_the_verification_mail(
    client: TestClient, studio: Studio, outbox: OutboxMailer
) -> None:
    boss, _, _ = mfa_admin(client, studio)
    register(client, "newcomer@example.com")
    response = client.get(
        f"{API}/dev/outbox", params={"to": "newcomer@example.com"}, headers=boss.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 1
    [message] = body["items"]
    assert message["to"] == "newcomer@example.com"
    assert "/auth/verify-email?token=" in message["text"]
    newest_first = client.get(f"{API}/dev/outbox", headers=boss.headers).json()["items"]
    assert newest_first[0]["to"] == "newcomer@example.com"
    log = client.get(f"{API}/admin/audit", params={"action": "outbox.read"}, headers=boss.headers)
    assert log.json()["total"] == 2
    assert log.json()["items"][1]["details"] == {"to": "newcomer@example.com"}


def test_others_cannot_read_it(client: TestClient, studio: Studio) -> None:
    assert refusals(client, studio, f"{API}/dev/outbox") == [
        (403, "forbidden"),
        (401, "unauthorized"),
        (403, "mfa_required"),
    ]


def test_with_a_mail_server_there_is_no_outbox(make_settings: MakeSettings) -> None:
    studio = build_studio(make_settings(smtp_host="127.0.0.1", smtp_port=2525))
    try:
        assert mail_configured(studio)
        with pytest.raises(MailNotConfigured) as raised:
            kept_mail(studio)
        assert raised.value.status_code == 501
    finally:
        studio.close()


def test_mail_a_worker_sent_is_shown_by_the_api(make_settings: MakeSettings) -> None:
    """Two processes of one studio, built as a deployment with no mail server: the worker
    queues and delivers a message itself; the API's outbox page shows it (with its link)."""
    settings = make_settings(mail=MailSettings(outbox_enabled=False))  # deliveries by hand
    api, worker = build_studio(settings), build_studio(settings)
    try:
        with TestClient(create_app(studio=api, run_worker=False)) as client:
            boss = mfa_admin_account(client, api)
            link = "http://localhost/projects/1234"
            worker.mailer.send(Email("listener@example.com", "Your film is ready", link))
            delivered = MailDelivery(worker.db, worker.mail_transport, settings.mail)
            assert delivered.deliver_once() >= 1
            assert isinstance(api.mail_transport, OutboxMailer) and not api.mail_transport.outbox
            response = client.get(
                f"{API}/dev/outbox", params={"to": "listener@example.com"}, headers=boss.headers
            )
            assert response.status_code == 200, response.text
            [message] = response.json()["items"]
            assert (message["subject"], message["text"]) == ("Your film is ready", link)
            everyone = client.get(f"{API}/dev/outbox", headers=boss.headers).json()
            assert {m["to"] for m in everyone["items"]} >= {boss.email, "listener@example.com"}
    finally:
        worker.close()
        api.close()
