"""Project API shapes: Create/Update/Public, versions and shares."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field
from pydantic.json_schema import SkipJsonSchema

Quality = Literal["360p", "720p", "1080p", "2160p"]
Access = Literal["owner", "edit", "view", "admin"]
ProjectStatus = Literal["draft", "queued", "processing", "completed", "failed", "cancelled"]


class ProjectSettings(BaseModel):
    """Render choices beside the script; the tier caps quality and decides the watermark."""

    model_config = ConfigDict(extra="forbid")

    quality: Quality = "720p"
    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="Change for a different take.")
    cast: dict[str, str] = Field(
        default_factory=dict, max_length=50, description="Character name → voice."
    )


class ProjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    script: str = Field(max_length=20_000)
    style: str = Field(default="cinematic", max_length=50)
    duration: float = Field(default=60.0, ge=30, le=300, description="Seconds, 30–300.")
    language: str | None = Field(default=None, max_length=10, description="None: detect it.")
    voice: str = Field(default="narrator-female", max_length=50)
    music: str = Field(default="auto", max_length=50)
    settings: ProjectSettings = Field(default_factory=ProjectSettings)


class ProjectUpdate(BaseModel):
    """Only the fields given change; any change saves a new version. A field may be left out
    but not set to null (except `language`: null means detect it)."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(min_length=1, max_length=200)] | SkipJsonSchema[None] = None
    script: Annotated[str, Field(max_length=20_000)] | SkipJsonSchema[None] = None
    style: Annotated[str, Field(max_length=50)] | SkipJsonSchema[None] = None
    duration: Annotated[float, Field(ge=30, le=300)] | SkipJsonSchema[None] = None
    language: str | None = Field(default=None, max_length=10)
    voice: Annotated[str, Field(max_length=50)] | SkipJsonSchema[None] = None
    music: Annotated[str, Field(max_length=50)] | SkipJsonSchema[None] = None
    settings: ProjectSettings | SkipJsonSchema[None] = None


class ProjectPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    owner_id: uuid.UUID
    title: str
    script: str
    style: str
    duration: float
    language: str | None
    voice: str
    music: str
    settings: dict[str, Any]
    status: ProjectStatus
    version: int
    access: Access
    created_at: datetime
    updated_at: datetime
    thumbnail_url: str | None = Field(
        default=None,
        description="A picture of the latest finished film (a signed link); null before one.",
    )


class VersionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    name: str | None = Field(default=None, description="The name its creator gave it.")
    data: dict[str, Any]
    created_by: uuid.UUID
    created_at: datetime


class VersionRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(max_length=100, description="A name; null or blank removes it.")


class LengthRequest(BaseModel):
    """A script and the length asked for, as the project form has them."""

    model_config = ConfigDict(extra="forbid")

    script: str = Field(max_length=20_000)
    language: str | None = Field(default=None, max_length=10)
    duration: float | None = Field(default=None, ge=30, le=300)


class LengthPublic(BaseModel):
    words: int
    minimum_duration: int = Field(description="The shortest film (s) the script's speech fits.")
    duration: float | None
    fits: bool


class ShareCreate(BaseModel):
    email: EmailStr
    permission: Literal["view", "edit"] = "view"


class SharePublic(BaseModel):
    user_id: uuid.UUID
    email: str
    permission: Literal["view", "edit"]
    created_at: datetime
