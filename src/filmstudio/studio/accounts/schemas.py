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
    mail_configured: bool | None = Field(
        default=None,
        description="For answers that e-mailed something: false when this studio has no mail "
        "server, so the message waits in the development outbox instead of an inbox.",
    )


class MailStatus(BaseModel):
    configured: bool = Field(description="Whether e-mail leaves this studio (SMTP or SendGrid).")
    detail: str


Code = Field(min_length=6, max_length=32, description="6 digits from the app, or a recovery code.")


class MfaChallenge(BaseModel):
    """The password was right; a second step (a code) is needed before tokens are issued."""

    mfa_required: Literal[True] = True
    mfa_token: str = Field(description="Give it to /auth/login/mfa (or /enrol) with a code.")
    enrolment_required: bool = Field(
        description="True for an administrator without two-step login: set it up first."
    )
    expires_in: int = Field(description="Seconds until the mfa_token expires.")


class MfaLoginRequest(BaseModel):
    mfa_token: str = Field(max_length=2000)
    code: str = Code


class MfaTokenRequest(BaseModel):
    mfa_token: str = Field(max_length=2000)


class MfaCodeRequest(BaseModel):
    code: str = Code


class MfaEnrolment(BaseModel):
    secret: str = Field(description="Base32; type it into the app if it cannot scan the QR.")
    otpauth_uri: str = Field(description="Show as a QR code for the authenticator app.")


class MfaLogin(TokenPair):
    recovery_codes: list[str] | None = Field(
        default=None, description="Set when this login turned two-step login on: show once."
    )


class MfaStatus(BaseModel):
    enabled: bool
    required: bool = Field(description="True for administrators: it cannot be turned off.")
    recovery_codes_left: int


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="Each works once; shown only now.")


class MfaEnabled(RecoveryCodes):
    tokens: TokenPair = Field(description="Other logins ended; this one goes on with these.")


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=128)
    new_password: str = Password


class EmailChangeRequest(BaseModel):
    new_email: EmailStr
    current_password: str | None = Field(
        default=None, max_length=128, description="Needed unless the account has no password."
    )


class EmailChangeConfirm(BaseModel):
    token: str = Field(max_length=2000)
