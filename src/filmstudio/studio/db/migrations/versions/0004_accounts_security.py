"""accounts security: admin MFA (TOTP secrets, recovery codes) and the admin audit log

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import filmstudio.studio.db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "admin_audit_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_type", sa.String(length=30), nullable=False),
        sa.Column("target_id", sa.String(length=100), nullable=True),
        sa.Column("details", filmstudio.studio.db.base.JSONType, nullable=False),
        sa.Column(
            "created_at", filmstudio.studio.db.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_admin_audit_log_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit_log")),
    )
    with op.batch_alter_table("admin_audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_admin_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_admin_audit_log_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_admin_audit_log_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_admin_audit_log_target_id"), ["target_id"], unique=False
        )

    op.create_table(
        "mfa_recovery_codes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", filmstudio.studio.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mfa_recovery_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfa_recovery_codes")),
    )
    with op.batch_alter_table("mfa_recovery_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mfa_recovery_codes_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "mfa_secrets",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("sealed_secret", sa.String(length=255), nullable=False),
        sa.Column(
            "confirmed_at", filmstudio.studio.db.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("last_step", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", filmstudio.studio.db.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mfa_secrets_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_mfa_secrets")),
    )


def downgrade() -> None:
    op.drop_table("mfa_secrets")
    with op.batch_alter_table("mfa_recovery_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mfa_recovery_codes_user_id"))

    op.drop_table("mfa_recovery_codes")
    with op.batch_alter_table("admin_audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_admin_audit_log_target_id"))
        batch_op.drop_index(batch_op.f("ix_admin_audit_log_created_at"))
        batch_op.drop_index(batch_op.f("ix_admin_audit_log_actor_id"))
        batch_op.drop_index(batch_op.f("ix_admin_audit_log_action"))

    op.drop_table("admin_audit_log")
