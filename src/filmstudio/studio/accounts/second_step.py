"""Two-step login flows over `accounts.mfa`: the login's second step (with first-time set-up
for administrators) and a signed-in user's own settings (turn on, new recovery codes, off)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from filmstudio.studio.accounts import mfa
from filmstudio.studio.accounts.errors import MfaLoginRequired
from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.schemas import (
    MfaEnabled,
    MfaEnrolment,
    MfaLogin,
    MfaStatus,
    RecoveryCodes,
)
from filmstudio.studio.accounts.security import fingerprint
from filmstudio.studio.accounts.service import issue_tokens, revoke_logins, usable
from filmstudio.studio.cache import profile_key
from filmstudio.studio.context import Studio


def _stepping_user(studio: Studio, session: Session, mfa_token: str) -> User:
    """The user a login-step token was issued to, if their password is still the same."""
    claims = studio.tokens.read(mfa_token, "mfa")
    user = usable(session.get(User, uuid.UUID(claims["sub"])))
    if claims.get("fp") != fingerprint(user.password_hash):
        raise MfaLoginRequired("The password changed since this login began. Log in again.")
    return user


def _enrolment(found: mfa.Enrolment) -> MfaEnrolment:
    return MfaEnrolment(secret=found.secret, otpauth_uri=found.otpauth_uri)


def enrol_at_login(studio: Studio, mfa_token: str) -> MfaEnrolment:
    """A secret for an account that must set up two-step login before its first login."""
    with studio.db.transaction() as session:
        return _enrolment(mfa.start(studio, session, _stepping_user(studio, session, mfa_token)))


def login_step(studio: Studio, mfa_token: str, code: str) -> MfaLogin:
    """Finish a login with a code. When the account had not turned two-step login on yet
    (an administrator's first login), this code confirms it and the recovery codes come
    back once."""
    with studio.db.transaction() as session:
        user = _stepping_user(studio, session, mfa_token)
        codes: list[str] | None = None
        if mfa.enabled(session, user.id):
            mfa.check(studio, session, user.id, code)
        else:
            codes = mfa.confirm(studio, session, user.id, code)
        pair = issue_tokens(session, studio, user.id, mfa=True)
    return MfaLogin(**pair.model_dump(), recovery_codes=codes)


def status(studio: Studio, user_id: uuid.UUID) -> MfaStatus:
    with studio.db.read_session() as session:
        user = usable(session.get(User, user_id))
        on = mfa.enabled(session, user_id)
        left = mfa.recovery_codes_left(session, user_id) if on else 0
        return MfaStatus(enabled=on, required=user.role == "admin", recovery_codes_left=left)


def start(studio: Studio, user_id: uuid.UUID) -> MfaEnrolment:
    with studio.db.transaction() as session:
        return _enrolment(mfa.start(studio, session, usable(session.get(User, user_id))))


def confirm(studio: Studio, user_id: uuid.UUID, code: str) -> MfaEnabled:
    """Turn it on: every other login ends (they did not pass the second step)."""
    with studio.db.transaction() as session:
        usable(session.get(User, user_id))
        codes = mfa.confirm(studio, session, user_id, code)
        revoke_logins(session, user_id)
        pair = issue_tokens(session, studio, user_id, mfa=True)
    studio.cache.delete(profile_key(user_id))
    return MfaEnabled(recovery_codes=codes, tokens=pair)


def regenerate(studio: Studio, user_id: uuid.UUID, code: str) -> RecoveryCodes:
    with studio.db.transaction() as session:
        usable(session.get(User, user_id))
        return RecoveryCodes(recovery_codes=mfa.regenerate(studio, session, user_id, code))


def disable(studio: Studio, user_id: uuid.UUID, code: str) -> None:
    with studio.db.transaction() as session:
        mfa.disable(studio, session, usable(session.get(User, user_id)), code)


def confirmed_by_second_factor(claims: dict[str, Any]) -> bool:
    """Whether an access token came from a login that passed the second step."""
    return claims.get("mfa") is True
