"""Export my data: one zip with a JSON file per kind of record the studio keeps about the
user (secrets left out: password hash, tokens, the two-step secret) and every stored file."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import MfaSecret, OAuthAccount, User
from filmstudio.studio.billing.models import CheckoutSession, Subscription
from filmstudio.studio.context import Studio
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.db.base import Base, utcnow
from filmstudio.studio.errors import NotFound
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.moderation.models import ModerationItem
from filmstudio.studio.privacy.files import keys_under, user_prefix
from filmstudio.studio.projects.models import Project, ProjectShare, ProjectVersion
from filmstudio.studio.publishing.models import YoutubeIntegration, YoutubeUpload

#: Columns that are credentials, not personal data: never exported.
SECRETS = {
    "password_hash",
    "access_token",
    "refresh_token",
    "sealed_secret",
    "session_uri",
    "claim_token",
}
_CHUNK = 1 << 20


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _rows(rows: Iterable[Base]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        columns = row.__table__.columns
        out.append({c.key: _plain(getattr(row, c.key)) for c in columns if c.key not in SECRETS})
    return out


def records(session: Session, user_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """Every record about the user, by file name."""
    projects = list(session.scalars(select(Project).where(Project.owner_id == user_id)))
    project_ids = [p.id for p in projects]

    def mine(model: Any, column: Any) -> list[Any]:
        return list(session.scalars(select(model).where(column == user_id)))

    return {
        "account.json": _rows(mine(User, User.id)),
        "linked_logins.json": _rows(mine(OAuthAccount, OAuthAccount.user_id)),
        "two_step_login.json": _rows(mine(MfaSecret, MfaSecret.user_id)),
        "projects.json": _rows(projects),
        "project_versions.json": _rows(
            session.scalars(
                select(ProjectVersion)
                .where(ProjectVersion.project_id.in_(project_ids))
                .order_by(ProjectVersion.project_id, ProjectVersion.version)
            )
        ),
        "shares.json": _rows(
            session.scalars(
                select(ProjectShare).where(
                    or_(ProjectShare.user_id == user_id, ProjectShare.project_id.in_(project_ids))
                )
            )
        ),
        "jobs.json": _rows(mine(Job, Job.user_id)),
        "credits.json": _rows(
            session.scalars(
                select(CreditTransaction)
                .where(CreditTransaction.user_id == user_id)
                .order_by(CreditTransaction.created_at)
            )
        ),
        "moderation.json": _rows(mine(ModerationItem, ModerationItem.user_id)),
        "youtube_channel.json": _rows(mine(YoutubeIntegration, YoutubeIntegration.user_id)),
        "youtube_uploads.json": _rows(mine(YoutubeUpload, YoutubeUpload.user_id)),
        "payments.json": _rows(mine(CheckoutSession, CheckoutSession.user_id)),
        "subscriptions.json": _rows(mine(Subscription, Subscription.user_id)),
    }


def write_export(studio: Studio, user_id: uuid.UUID, target: Path) -> None:
    """Write the user's export to `target` (a temp file beside it, renamed into place)."""
    with studio.db.read_session() as session:
        user = session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            raise NotFound("There is no such account.")
        found = records(session, user_id)
    prefix = user_prefix(user_id)
    keys = keys_under(studio.storage, prefix)
    handle, partial = tempfile.mkstemp(prefix=".partial-", suffix=".zip", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            manifest = {
                "exported_at": utcnow().isoformat(),
                "user_id": str(user_id),
                "records": {name: len(rows) for name, rows in found.items()},
                "files": [key[len(prefix) :] for key in keys],
            }
            archive.writestr("README.json", json.dumps(manifest, indent=2))
            for name, rows in found.items():
                archive.writestr(f"data/{name}", json.dumps(rows, indent=2, ensure_ascii=False))
            for key in keys:
                with archive.open(f"files/{key[len(prefix) :]}", "w") as out:
                    for chunk in studio.storage.iter_chunks(key, _CHUNK):
                        out.write(chunk)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
