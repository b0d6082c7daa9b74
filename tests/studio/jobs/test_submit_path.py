"""The job submit path is the studio's hot path: few statements, no ping per checkout, and
still everything it owes (job, ledger row, project status, CRM and e-mail outbox rows)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, func, select, text

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.accounts.service import create_user, profile
from filmstudio.studio.context import Studio, build_studio
from filmstudio.studio.credits import service as credits
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.crm.models import CrmOutbox
from filmstudio.studio.db.engine import make_engine
from filmstudio.studio.errors import Forbidden, NotFound, PaymentRequired
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.notify import OutboxMailer
from filmstudio.studio.notify.models import MailOutbox
from filmstudio.studio.notify.settings import MailSettings
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.models import Project
from filmstudio.studio.projects.schemas import ProjectCreate
from tests.studio.conftest import MakeSettings

SCRIPT = "The keeper climbed the lighthouse stairs at night. At dawn a boat reached the harbour."


def _author(
    studio: Studio, email: str = "author@example.com", extra: int = 0
) -> tuple[UserPublic, uuid.UUID]:
    """A free user (3 credits, plus `extra`) with one project."""
    with studio.db.transaction() as session:
        user_id = create_user(session, studio, email, None, verified=True).id
        if extra:
            credits.add(session, user_id, extra, kind="grant")
    user = profile(studio, user_id)
    assert user is not None
    project = projects.create(studio, user, ProjectCreate(title="Harbour", script=SCRIPT))
    return user, project.id


@pytest.fixture
def statements(studio: Studio) -> Iterator[list[str]]:
    """Every SQL statement the studio's engine sends while the test runs."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        statement = " ".join(str(args[2]).split())
        if not statement.startswith(("BEGIN", "COMMIT")):  # SQLite's, sent as SQL
            sent.append(statement)

    event.listen(studio.db.engine, "before_cursor_execute", record)
    yield sent
    event.remove(studio.db.engine, "before_cursor_execute", record)


def test_a_submit_is_five_statements(studio: Studio, statements: list[str]) -> None:
    user, project_id = _author(studio, extra=20)  # no low-balance e-mail to write
    jobs.submit(studio, user, project_id, "first")  # a warm pool and compiled statements
    statements.clear()
    answer = jobs.submit(studio, user, project_id, "second")
    # the look (tier, own project, shares, keyed job), the job, the charge, its ledger row
    # and the project's status; BEGIN/COMMIT are not statements here, and there is no
    # SELECT 1 ping (pool_pre_ping cost a round trip per checkout)
    assert len(statements) == 5, statements
    assert not any(s.upper().startswith("SELECT 1") for s in statements)
    with studio.db.read_session() as session:
        job = session.get(Job, answer.id)
        assert job is not None and job.status == "queued" and job.credits_charged == 1
        assert job.enqueued_at is not None and job.request["script"] == SCRIPT
        [row] = session.scalars(select(CreditTransaction).where(CreditTransaction.job_id == job.id))
        assert (row.amount, row.balance_after, row.kind) == (-1, 21, "job")
        assert row.description == "Film: Harbour"
        assert session.scalar(select(User.credits).where(User.id == user.id)) == 21
        project = session.get(Project, project_id)
        assert project is not None and project.status == "queued"
    assert studio.queue.depth() == 2


def test_a_replayed_key_answers_with_the_first_job_in_one_statement(
    studio: Studio, statements: list[str]
) -> None:
    user, project_id = _author(studio)
    first = jobs.submit(studio, user, project_id, "same")
    statements.clear()
    again = jobs.submit(studio, user, project_id, "same")
    assert again == first
    assert len(statements) == 1, statements
    with studio.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 1
        assert session.scalar(select(User.credits).where(User.id == user.id)) == 2


def test_no_credit_left_charges_nothing_and_queues_nothing(studio: Studio) -> None:
    user, project_id = _author(studio)
    for n in range(3):
        jobs.submit(studio, user, project_id, f"k{n}")
    with pytest.raises(PaymentRequired):
        jobs.submit(studio, user, project_id, "k3")
    with studio.db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 3
        ledger = session.scalars(
            select(CreditTransaction.amount).where(CreditTransaction.user_id == user.id)
        ).all()
        assert (
            sum(ledger) == 0 and session.scalar(select(User.credits).where(User.id == user.id)) == 0
        )
    assert studio.queue.depth() == 3


def test_a_shared_project_drops_the_sharees_project_lists(studio: Studio) -> None:
    user, project_id = _author(studio)
    friend, _ = _author(studio, "friend@example.com")
    projects.share(studio, user, project_id, friend.email, "edit")
    studio.cache.set(f"user:{friend.id}:projects", "[]", 60)
    studio.cache.set(f"user:{user.id}:projects", "[]", 60)
    jobs.submit(studio, user, project_id, None)
    assert studio.cache.get(f"user:{friend.id}:projects") is None
    assert studio.cache.get(f"user:{user.id}:projects") is None


def test_only_the_owner_and_editors_may_submit(studio: Studio) -> None:
    """The owner's own project is read by the first query; anyone else is checked by
    `projects.load`, the one home of the access rule."""
    owner, project_id = _author(studio)
    editor, _ = _author(studio, "editor@example.com")
    viewer, _ = _author(studio, "viewer@example.com")
    stranger, _ = _author(studio, "stranger@example.com")
    projects.share(studio, owner, project_id, editor.email, "edit")
    projects.share(studio, owner, project_id, viewer.email, "view")
    made = jobs.submit(studio, editor, project_id, None)
    with pytest.raises(Forbidden):
        jobs.submit(studio, viewer, project_id, None)
    with pytest.raises(NotFound):
        jobs.submit(studio, stranger, project_id, None)
    with pytest.raises(NotFound):
        jobs.submit(studio, owner, uuid.uuid4(), None)
    projects.delete(studio, owner, project_id)
    with pytest.raises(NotFound):
        jobs.submit(studio, owner, project_id, None)
    with studio.db.read_session() as session:
        job = session.get(Job, made.id)
        assert job is not None and job.user_id == editor.id
        spent = session.scalars(
            select(CreditTransaction.user_id).where(CreditTransaction.kind == "job")
        ).all()
        assert spent == [editor.id]


def test_a_submit_tells_the_crm_and_mails_a_low_balance(make_settings: MakeSettings) -> None:
    """The Core writes have no ORM listener to see them; submit names them itself."""
    crm = {"salesforce_instance_url": "https://crm.invalid", "salesforce_access_token": "t"}
    settings = make_settings(crm=crm, mail=MailSettings(outbox_enabled=False))
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        user, project_id = _author(studio)
        with studio.db.read_session() as session:
            before = session.scalar(select(func.count()).select_from(CrmOutbox))
        answer = jobs.submit(studio, user, project_id, None)  # 3 credits -> 2: low
        with studio.db.read_session() as session:
            rows = session.scalars(select(CrmOutbox).order_by(CrmOutbox.created_at)).all()
            ledger_id = session.scalar(
                select(CreditTransaction.id).where(CreditTransaction.job_id == answer.id)
            )
            mails = session.scalars(
                select(MailOutbox.subject).where(MailOutbox.kind == "low_credits")
            ).all()
        new = {(r.sobject, r.external_id) for r in rows[before:]}
        assert new == {
            ("Contact", str(user.id)),
            ("AI_Credit__c", str(ledger_id)),
            ("AI_Project__c", str(project_id)),
        }
        assert mails == ["You have 2 credits left"]
    finally:
        studio.queue.flush()
        studio.close()


@pytest.mark.postgres
def test_an_idle_connection_that_died_is_replaced_before_use(pg_url: str) -> None:
    """Pinged only after `ping_idle_seconds` unused; a dead one is swapped, never handed out."""
    engine = make_engine(pg_url, ping_idle_seconds=0.0)
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with engine.connect() as connection:
            first = connection.scalar(text("SELECT pg_backend_pid()"))
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (first,))
        with engine.connect() as connection:
            second = connection.scalar(text("SELECT pg_backend_pid()"))
        assert second != first
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_busy_connection_is_not_pinged(pg_url: str) -> None:
    """In steady use a checkout costs no round trip: a connection that died is found by the
    statement that uses it (which fails once), and the pool then starts afresh."""
    engine = make_engine(pg_url, ping_idle_seconds=3600.0)
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with engine.connect() as connection:
            first = connection.scalar(text("SELECT pg_backend_pid()"))
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (first,))
        with pytest.raises(Exception) as failed, engine.connect() as connection:
            connection.scalar(text("SELECT 1"))
        assert getattr(failed.value, "connection_invalidated", False)
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT pg_backend_pid()")) != first
    finally:
        engine.dispose()
