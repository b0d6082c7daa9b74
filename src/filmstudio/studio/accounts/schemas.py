"""Account API shapes: Create/Update/Public variants and the token pair."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

Password = Field(min_length=8, max_length=128, description="8–128 characters.")


class UserCreate(BaseModel):
    email: EmailStr
    password: str = Password
    name: str = Field(default="", max_length=200)


class UserUpdate(BaseModel):
    """Change your name freely; changing e-mail or password needs the current password."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    password: str | None = Field(default=None, min_length=8, max_length=128)
    current_password: str | None = Field(default=None, max_length=128)
    language: Literal["en", "es", "fr", "hi"] | None = None


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Literal["user", "admin"]
    tier: Literal["free", "pro", "enterprise"]
    email_verified: bool
    is_suspended: bool
    credit_reset_date: datetime
    created_at: datetime
    language: str = "en"


class LoginRequest(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=128)


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")


class RefreshRequest(BaseModel):
    refresh_token: str


class LogoutRequest(BaseModel):
    refresh_token: str | None = Field(
        default=None, description="End this login only; without it every login is ended."
    )


class ForgotPasswordRequest(BaseModel):
    email: EmailStr


class ResetPasswordRequest(BaseModel):
    token: str
    new_password: str = Password


class VerifyEmailRequest(BaseModel):
    token: str


class Message(BaseModel):
    detail: str
