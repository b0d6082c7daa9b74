"""publishing: YouTube uploads that can be resumed and retried, revoked channels

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import filmstudio.studio.db.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = filmstudio.studio.db.base.UTCDateTime
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

#: (name, type, nullable, server default for rows that exist already)
_UPLOAD_COLUMNS: list[tuple[str, Any, bool, Any]] = [
    ("tags", _JSON, False, "[]"),
    ("made_for_kids", sa.Boolean(), False, sa.false()),
    ("category_id", sa.String(length=10), False, "1"),
    ("playlist_id", sa.String(length=100), True, None),
    ("film_key", sa.Text(), True, None),
    ("thumbnail_key", sa.Text(), True, None),
    ("session_uri", sa.Text(), True, None),
    ("bytes_sent", sa.BigInteger(), False, "0"),
    ("total_bytes", sa.BigInteger(), False, "0"),
    ("progress", sa.Integer(), False, "0"),
    ("attempts", sa.Integer(), False, "0"),
    ("thumbnail_set", sa.Boolean(), False, sa.false()),
    ("playlist_added", sa.Boolean(), False, sa.false()),
    ("not_before", _UTC(timezone=True), True, None),
    ("finished_at", _UTC(timezone=True), True, None),
]


def upgrade() -> None:
    with op.batch_alter_table("youtube_integrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", _UTC(timezone=True), nullable=True))
    with op.batch_alter_table("youtube_uploads", schema=None) as batch_op:
        for name, kind, nullable, default in _UPLOAD_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=nullable, server_default=default))
        batch_op.create_index(
            batch_op.f("ix_youtube_uploads_youtube_video_id"), ["youtube_video_id"], unique=False
        )
    # The defaults only filled existing rows; new rows get theirs from the models.
    with op.batch_alter_table("youtube_uploads", schema=None) as batch_op:
        for name, _, _, default in _UPLOAD_COLUMNS:
            if default is not None:
                batch_op.alter_column(name, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("youtube_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_youtube_uploads_youtube_video_id"))
        for name, _, _, _ in reversed(_UPLOAD_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("youtube_integrations", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
