"""Migrations run on SQLite and PostgreSQL alike, match the models, and go down and up."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect

from filmstudio.studio.db import migrate
from filmstudio.studio.db.engine import make_engine
from filmstudio.studio.db.models import metadata
from tests.studio.conftest import PG_HOST, PG_USER

TABLES = {
    "users",
    "projects",
    "jobs",
    "credit_transactions",
    "youtube_integrations",
    "youtube_uploads",
    "project_versions",
    "project_shares",
    "refresh_tokens",
    "moderation_items",
    "oauth_accounts",
    "mail_outbox",
    "crm_outbox",
    "billing_checkouts",
    "billing_subscriptions",
    "billing_events",
    "mfa_secrets",
    "mfa_recovery_codes",
    "admin_audit_log",
}


def _round_trip(url: str) -> None:
    migrate.upgrade(url)
    migrate.check(url)  # `alembic check`: the models need no new migration
    assert migrate.is_current(url)
    assert "(head)" in migrate.current(url)
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert {t.name for t in metadata.sorted_tables} == TABLES
    finally:
        engine.dispose()
    migrate.downgrade(url, "base")
    assert not migrate.is_current(url)
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    migrate.upgrade(url)
    assert migrate.is_current(url)


def test_sqlite(tmp_path: Path) -> None:
    _round_trip(f"sqlite:///{tmp_path / 'studio.db'}")


@pytest.mark.postgres
def test_postgresql() -> None:
    name = f"fs_migrate_{uuid.uuid4().hex[:10]}"
    dsn = f"host={PG_HOST} dbname=test user={PG_USER}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _round_trip(f"postgresql+psycopg://{PG_USER}@{PG_HOST}:5432/{name}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
