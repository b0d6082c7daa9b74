"""Projects (a script and its choices), their saved versions and who they are shared with."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from filmstudio.studio.db.base import Base, JSONType, UTCDateTime, new_id, utcnow


class Project(Base):
    """A film in the making; `status` follows its latest job (draft until one is submitted)."""

    __tablename__ = "projects"
    __table_args__ = (
        Index("ix_projects_owner_status", "owner_id", "status"),
        CheckConstraint(
            "status IN ('draft', 'queued', 'processing', 'completed', 'failed', 'cancelled')",
            name="status_known",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    script: Mapped[str] = mapped_column(Text)
    style: Mapped[str] = mapped_column(String(50))
    duration: Mapped[float] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(10))
    voice: Mapped[str] = mapped_column(String(50))
    music: Mapped[str] = mapped_column(String(50))
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProjectVersion(Base):
    """A snapshot of a project's editable fields; every change writes the next one."""

    __tablename__ = "project_versions"
    __table_args__ = (UniqueConstraint("project_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    #: A name the creator gave this version ("Before the new ending"); None: unnamed.
    name: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProjectShare(Base):
    """Another user's access to a project: `view` reads it, `edit` may also change and render."""

    __tablename__ = "project_shares"
    __table_args__ = (
        UniqueConstraint("project_id", "user_id"),
        CheckConstraint("permission IN ('view', 'edit')", name="permission_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("projects.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    permission: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
